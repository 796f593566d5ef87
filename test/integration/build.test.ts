// The built extension's lazy files (scripts/build.mjs): every import() of a lazy module in
// dist/extension.js finds its module, and the SDK's cache of the ~/.aws files is one for the
// connection (dist/lazy/config.js) and the credential providers (dist/lazy/aws.js).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");
const dist = join(root, "dist");
const requireFresh = (file: string): unknown => {
  const require = Module.createRequire(__filename);
  delete require.cache[require.resolve(file)];
  return require(file);
};

interface Group {
  readonly modules: Record<string, Record<string, unknown>>;
}

describe("the built extension's lazy files", () => {
  before(async () => {
    await run(process.execPath, ["scripts/build.mjs", "--production"], { cwd: root });
  });

  it("has, for every lazy module dist/extension.js loads, a file that holds it", () => {
    const bundle = readFileSync(join(dist, "extension.js"), "utf8");
    const wanted = [...bundle.matchAll(/require\("\.\/lazy\/([\w-]+)\.js"\)\.modules\["([\w/]+)"\]/g)];
    assert.ok(wanted.length >= 15, `lazy modules named in the bundle: ${wanted.length}`);
    for (const [, file, name] of wanted) {
      const group = requireFresh(join(dist, "lazy", `${file}.js`)) as Group;
      const exports = group.modules[name!];
      assert.ok(exports && Object.keys(exports).length > 0, `${name} in lazy/${file}.js`);
    }
  });

  describe("a profile added to the credentials file while the extension runs", () => {
    let dir: string;
    const saved = { ...process.env };
    before(() => {
      dir = mkdtempSync(join(tmpdir(), "aws-cicd-build-"));
      writeFileSync(join(dir, "config"), "");
      writeFileSync(
        join(dir, "credentials"),
        "[first]\naws_access_key_id = AKIAFIRST\naws_secret_access_key = s1\n",
      );
      process.env.AWS_CONFIG_FILE = join(dir, "config");
      process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
      process.env.AWS_EC2_METADATA_DISABLED = "true";
      for (const key of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
        delete process.env[key];
    });
    after(() => {
      process.env = saved;
      rmSync(dir, { recursive: true, force: true });
    });

    it("is used by the credential providers once the connection has read it", async () => {
      const config = requireFresh(join(dist, "lazy", "config.js")) as Group;
      const aws = requireFresh(join(dist, "lazy", "aws.js")) as Group;
      const { loadSharedConfigFiles } = config.modules["aws/iniFiles"] as {
        loadSharedConfigFiles: (init: {
          ignoreCache: boolean;
        }) => Promise<{ credentialsFile: Record<string, unknown> }>;
      };
      const { fromNodeProviderChain } = aws.modules["aws/credentials"] as {
        fromNodeProviderChain: (init: { profile: string }) => () => Promise<{ accessKeyId: string }>;
      };
      // The first profile's credentials are read (the files are cached from here on).
      assert.equal((await fromNodeProviderChain({ profile: "first" })()).accessKeyId, "AKIAFIRST");
      appendFileSync(
        join(dir, "credentials"),
        "[second]\naws_access_key_id = AKIASECOND\naws_secret_access_key = s2\n",
      );
      // The connection re-reads the files (aws/sharedConfig.ts), finds the new profile and the
      // user picks it: its clients get a new provider chain.
      const files = await loadSharedConfigFiles({ ignoreCache: true });
      assert.ok(files.credentialsFile.second, "the connection sees the new profile");
      assert.equal((await fromNodeProviderChain({ profile: "second" })()).accessKeyId, "AKIASECOND");
    });
  });
});
