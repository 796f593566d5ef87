// The AWS CLI's own CloudFormation flows against the simulator: `aws cloudformation deploy`
// (DescribeStacks, GetTemplateSummary, CreateChangeSet, the change-set waiter, ExecuteChangeSet,
// the stack waiter) creating a stack, finding nothing to change, and failing an update; and the
// describe commands. Debian's AWS CLI v2 (/usr/bin/aws) is an independent client: run
// asynchronously, since the simulator answers from this process. Its waiters poll every 5 s
// (change sets) and 30 s (stacks), so the flows run side by side.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { after, before, describe, it } from "node:test";
import { startSimulator, type Simulator } from "../sim/index";

const AWS_CLI = "/usr/bin/aws";
const run = promisify(execFile);

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub cli-\${Stage}
      MessageRetentionPeriod: 345600
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [] }
Outputs:
  Url:
    Value: !Ref Queue
`;

describe(
  "the AWS CLI's CloudFormation flows against the simulator",
  { skip: !existsSync(AWS_CLI) && "Debian's AWS CLI v2 is not installed" },
  () => {
    let sim: Simulator;
    let dir: string;
    before(async () => {
      sim = await startSimulator({
        speed: 20,
        scenario: {
          cloudformation: {
            stacks: [
              { name: "cli-existing", template: TEMPLATE, parameters: { Stage: "dev" } },
              { name: "cli-failing", template: TEMPLATE, parameters: { Stage: "qa" } },
            ],
          },
        },
      });
      dir = mkdtempSync(join(tmpdir(), "cfn-cli-"));
      writeFileSync(join(dir, "template.yaml"), TEMPLATE);
      writeFileSync(join(dir, "bad.yaml"), TEMPLATE.replace("345600", "99999999"));
    });
    after(() => sim.close());

    async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
      try {
        const { stdout, stderr } = await run(
          AWS_CLI,
          ["--endpoint-url", sim.url, "--output", "json", ...args],
          {
            encoding: "utf8",
            timeout: 180_000,
            env: {
              ...process.env,
              AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
              AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
              AWS_DEFAULT_REGION: sim.region,
              AWS_CONFIG_FILE: "/nonexistent",
              AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
              AWS_PAGER: "",
            },
          },
        );
        return { code: 0, stdout, stderr };
      } catch (error) {
        const e = error as { code?: number; stdout?: string; stderr?: string };
        return {
          code: typeof e.code === "number" ? e.code : -1,
          stdout: e.stdout ?? "",
          stderr: e.stderr ?? "",
        };
      }
    }

    const deploy = (stack: string, file: string, stage: string, ...more: string[]) =>
      aws(
        "cloudformation",
        "deploy",
        "--stack-name",
        stack,
        "--template-file",
        join(dir, file),
        "--parameter-overrides",
        `Stage=${stage}`,
        "--capabilities",
        "CAPABILITY_IAM",
        ...more,
      );

    it(
      "creates a stack, says there is nothing to change, and reports a failed update, side by side",
      { timeout: 240_000 },
      async () => {
        const [created, unchanged, failed] = await Promise.all([
          deploy("cli-new", "template.yaml", "prod"),
          deploy("cli-existing", "template.yaml", "dev"),
          deploy("cli-failing", "bad.yaml", "qa"),
        ]);

        assert.equal(created.code, 0, created.stderr);
        assert.match(created.stdout, /Successfully created\/updated stack - cli-new/);

        // CLI v2 ends an empty change set with exit status 0 (v1 failed it unless told not to).
        assert.equal(unchanged.code, 0, unchanged.stderr);
        assert.match(unchanged.stdout, /No changes to deploy\. Stack cli-existing is up to date/);

        assert.notEqual(failed.code, 0);
        assert.match(failed.stdout + failed.stderr, /Failed to create\/update the stack/);

        const described = await aws("cloudformation", "describe-stacks", "--stack-name", "cli-new");
        const stack = (
          JSON.parse(described.stdout) as {
            Stacks: { StackStatus: string; Outputs: { OutputValue: string }[] }[];
          }
        ).Stacks[0]!;
        assert.equal(stack.StackStatus, "CREATE_COMPLETE");
        assert.match(stack.Outputs[0]!.OutputValue, /\/cli-prod$/);

        const events = await aws("cloudformation", "describe-stack-events", "--stack-name", "cli-failing");
        const list = (
          JSON.parse(events.stdout) as {
            StackEvents: { ResourceStatus: string; ResourceStatusReason?: string }[];
          }
        ).StackEvents;
        assert.equal(list[0]?.ResourceStatus, "UPDATE_ROLLBACK_COMPLETE");
        assert.ok(
          list.some((e) =>
            /Invalid value for the parameter MessageRetentionPeriod/.test(e.ResourceStatusReason ?? ""),
          ),
        );
      },
    );

    it("lists stacks with a status filter, and validates a template with its parameters", async () => {
      const listed = await aws(
        "cloudformation",
        "list-stacks",
        "--stack-status-filter",
        "UPDATE_ROLLBACK_COMPLETE",
      );
      const names = (
        JSON.parse(listed.stdout) as { StackSummaries: { StackName: string }[] }
      ).StackSummaries.map((s) => s.StackName);
      assert.deepEqual(names, ["cli-failing"]);
      const validated = await aws(
        "cloudformation",
        "validate-template",
        "--template-body",
        `file://${join(dir, "template.yaml")}`,
      );
      const answer = JSON.parse(validated.stdout) as {
        Parameters: { ParameterKey: string }[];
        Capabilities: string[];
      };
      assert.deepEqual(
        answer.Parameters.map((p) => p.ParameterKey),
        ["Stage"],
      );
      assert.deepEqual(answer.Capabilities, ["CAPABILITY_IAM"]);
      const broken = await aws("cloudformation", "validate-template", "--template-body", "Resources: [");
      assert.notEqual(broken.code, 0);
      assert.match(broken.stderr, /ValidationError.*Template format error: YAML not well-formed/);
    });
  },
);
