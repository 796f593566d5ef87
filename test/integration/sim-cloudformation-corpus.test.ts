// Every real template of the corpus (../shared/corpus/templates: YAML with short forms, long-form
// YAML, JSON, SAM) deploys in the simulator through a change set, as a user would deploy it:
// values for the parameters that have no default, every capability acknowledged, and — when the
// change set says an export it imports does not exist — a stack that exports it first.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateChangeSetCommand,
  ExecuteChangeSetCommand,
  ListStackResourcesCommand,
  ValidateTemplateCommand,
  type Parameter,
} from "@aws-sdk/client-cloudformation";
import { parameterDecls, parseTemplate } from "../sim/cloudformation-template";
import { startSimulator, type Simulator } from "../sim/index";
import {
  deploy,
  modelProblems,
  simCloudFormation,
  waitForChangeSet,
  waitForStack,
  type CfnClient,
} from "./helpers/sim-cloudformation";

const dir = join(__dirname, "..", "..", "..", "shared", "corpus", "templates");
const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));

/** A value a user would give a parameter without a default. */
function valueFor(p: { type: string; allowed?: string[]; min?: number }): string {
  if (p.allowed?.length) return p.allowed[0]!;
  if (p.type === "Number") return String(p.min ?? 1);
  if (p.type.startsWith("List<") || p.type === "CommaDelimitedList") return "sample1,sample2";
  return "sample";
}

describe("the corpus's templates deploy through a change set in the simulator", () => {
  let sim: Simulator;
  let c: CfnClient;
  before(async () => {
    sim = await startSimulator({ speed: 200 });
    c = simCloudFormation(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("finds the corpus", () => assert.ok(files.length >= 10));

  for (const file of files) {
    it(`${file}`, async () => {
      const body = readFileSync(join(dir, file), "utf8");
      const name = `corpus-${file.replace(/\.(ya?ml|json)$/, "").replace(/[^A-Za-z0-9-]/g, "-")}`;
      const validation = await c.cf.send(new ValidateTemplateCommand({ TemplateBody: body }));
      // ValidateTemplate does not give types and constraints: the template's own declarations do.
      const declared = parameterDecls(parseTemplate(body).doc);
      const parameters: Parameter[] = (validation.Parameters ?? [])
        .filter((p) => p.DefaultValue === undefined)
        .map((p) => {
          const d = declared.find((x) => x.key === p.ParameterKey)!;
          return {
            ParameterKey: p.ParameterKey,
            ParameterValue: valueFor({
              type: d.type,
              allowed: d.allowedValues ? [...d.allowedValues] : undefined,
              min: d.minValue,
            }),
          };
        });
      for (let attempt = 0; attempt < 12; attempt++) {
        const created = await c.cf.send(
          new CreateChangeSetCommand({
            StackName: name,
            ChangeSetName: `deploy-${attempt}`,
            ChangeSetType: "CREATE",
            TemplateBody: body,
            Parameters: parameters,
            Capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"],
          }),
        );
        const cs = await waitForChangeSet(c.cf, created.Id!);
        const missing = /No export named (.+) found/.exec(cs.StatusReason ?? "")?.[1];
        if (cs.Status === "FAILED" && missing) {
          // As a user would: deploy the stack that exports it, then try again.
          const exporter = `Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\nOutputs:\n  X:\n    Value: exported-value\n    Export:\n      Name: "${missing}"\n`;
          const exported = await deploy(c.cf, `exports-${name}-${attempt}`, exporter);
          assert.equal(exported.StackStatus, "CREATE_COMPLETE");
          continue;
        }
        assert.equal(cs.Status, "CREATE_COMPLETE", cs.StatusReason);
        assert.ok((cs.Changes ?? []).length > 0);
        await c.cf.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! }));
        const stack = await waitForStack(c.cf, name);
        assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
        const resources = await c.cf.send(new ListStackResourcesCommand({ StackName: name }));
        assert.ok(
          resources.StackResourceSummaries?.every(
            (r) => r.ResourceStatus === "CREATE_COMPLETE" && r.PhysicalResourceId,
          ),
        );
        return;
      }
      assert.fail("too many exports missing");
    });
  }

  it("every answer conforms to botocore's model", () => assert.deepEqual(modelProblems(c.answers), []));
});
