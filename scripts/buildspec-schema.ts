// Writes media/buildspec.schema.json from the buildspec reference in src/model/buildspecSpec.ts.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildspecJsonSchema } from "../src/codebuild/buildspec/schema";

writeFileSync(
  join(__dirname, "..", "media", "buildspec.schema.json"),
  JSON.stringify(buildspecJsonSchema(), null, 2) + "\n",
);
