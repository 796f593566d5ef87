// Fuzzing the simulator's CloudFormation (query protocol) and S3 (REST-XML) front-ends: signed
// requests with arbitrary parameters — flattened names shaped by the model, garbage values, odd
// templates — and arbitrary S3 paths and bodies, answered with a real answer or a well-formed 4xx,
// never a 5xx, the simulator serving on.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { ListStacksCommand } from "@aws-sdk/client-cloudformation";
import { startSimulator, type Simulator } from "../sim/index";
import { sendSigned, type RawAnswer } from "../sim/raw-client";
import { loadServiceModel } from "./helpers/model-shapes";
import { simCloudFormation } from "./helpers/sim-cloudformation";

const RUNS = Number(process.env.SIM_FUZZ_RUNS ?? 150);

const names = fc.constantFrom(
  "fuzzed",
  "orders",
  "arn:aws:cloudformation:us-east-1:123456789012:stack/x/1",
  "",
  "x".repeat(300),
  "a-b",
);
const templates = fc.constantFrom(
  "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n",
  "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      X: !GetAtt Nope.Arn\n",
  '{"Resources": {"Q": {"Type": "AWS::SQS::Queue", "DependsOn": "Q"}}}',
  "Resources: [\n",
  "Parameters:\n  P:\n    Type: Strange\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n",
  "Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Condition: A\n",
  "Resources:\n  A:\n    Type: X::Y::Z\n    DependsOn: B\n  B:\n    Type: X::Y::Z\n    DependsOn: A\n",
  "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      Q: !Select [9, [a]]\n",
  "x: &a [*a]\n",
  "",
);

function wellFormedQueryError(a: RawAnswer): void {
  assert.ok(a.status >= 400 && a.status < 500, `a 4xx, not ${a.status}: ${a.body.toString()}`);
  assert.match(
    a.body.toString("utf8"),
    /^<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>[^<]+<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>$/,
  );
}

describe("fuzzing the simulator's CloudFormation and S3 front-ends", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ speed: 100 });
  });
  after(() => sim.close());

  const signing = (service: string) => ({ service, region: sim.region, credentials: sim.credentials });

  async function stillServing(): Promise<void> {
    const c = simCloudFormation(sim);
    try {
      await c.cf.send(new ListStacksCommand({}));
    } finally {
      c.destroy();
    }
  }

  it("answers signed CloudFormation requests with arbitrary parameters: an answer or a well-formed 4xx", async () => {
    const model = loadServiceModel("cloudformation");
    const served = [
      "ListStacks",
      "DescribeStacks",
      "DescribeStackEvents",
      "ListStackResources",
      "GetTemplate",
      "ValidateTemplate",
      "CreateChangeSet",
      "DescribeChangeSet",
      "ExecuteChangeSet",
      "DeleteChangeSet",
      "ListChangeSets",
      "CreateStack",
      "UpdateStack",
      "DeleteStack",
      "CancelUpdateStack",
      "DetectStackDrift",
      "DescribeStackResourceDrifts",
      "GetTemplateSummary",
    ];
    const member = (op: string) =>
      Object.keys(model.shapes[model.operations[op]?.input?.shape ?? ""]?.members ?? {});
    const params = fc.constantFrom(...served).chain((op) =>
      fc.record({
        Action: fc.constant(op),
        extra: fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              ...member(op),
              "Parameters.member.1.ParameterKey",
              "Parameters.member.1.ParameterValue",
              "Tags.member.1.Key",
              "Capabilities.member.1",
              "StackStatusFilter.member.1",
              "Parameters.member.99999.ParameterKey",
              "Tags.entry.1.key",
              "a..b",
              "__proto__.x",
            ),
            fc.string({ maxLength: 12 }),
          ),
          fc.oneof(
            names,
            templates,
            fc.constantFrom("true", "false", "CREATE", "UPDATE", "CAPABILITY_IAM", "-1", "101"),
            fc.string({ maxLength: 30 }),
          ),
          { maxKeys: 6 },
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(params, async ({ Action, extra }) => {
        const body = new URLSearchParams({ ...extra, Action, Version: "2010-05-15" }).toString();
        const a = await sendSigned(
          sim.url,
          {
            method: "POST",
            path: "/",
            headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
            body,
          },
          signing("cloudformation"),
        );
        if (a.status === 200) assert.match(a.body.toString("utf8"), new RegExp(`^<${Action}Response xmlns=`));
        else wellFormedQueryError(a);
      }),
      { numRuns: RUNS * 2 },
    );
    await stillServing();
  });

  it("answers signed S3 requests with arbitrary paths and bodies: an answer or an S3 error, never a 5xx", async () => {
    const request = fc.record({
      method: fc.constantFrom("GET", "PUT", "HEAD", "DELETE", "POST"),
      path: fc.oneof(
        fc.constantFrom(
          "/",
          "/bucket-one",
          "/bucket-one/key.yaml",
          "/Bad_Bucket",
          "/bucket-one/%ZZ",
          "/bucket-one/a/b/c",
        ),
        fc.webPath(),
      ),
      body: fc.oneof(fc.constant(""), fc.string({ maxLength: 200 })),
      chunked: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        let body: string | undefined = r.method === "PUT" || r.method === "POST" ? r.body : undefined;
        if (r.chunked && body !== undefined) {
          headers["x-amz-content-sha256"] = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
          headers["content-encoding"] = "aws-chunked";
          body = `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`.slice(
            0,
            r.body.length % 3 === 0 ? undefined : -3,
          );
        }
        const a = await sendSigned(
          sim.url,
          { method: r.method, path: r.path, headers, ...(body !== undefined ? { body } : {}) },
          {
            ...signing("s3"),
            ...(r.chunked ? { applyChecksum: false } : {}),
          },
        );
        // What the simulator does not serve is S3's 405 MethodNotAllowed, never a 5xx.
        assert.ok(a.status < 500, `no 5xx: ${a.status} ${a.body.toString()}`);
        if (a.status >= 400 && r.method !== "HEAD")
          assert.match(a.body.toString("utf8"), /<Error><Code>[^<]+<\/Code><Message>/);
      }),
      { numRuns: RUNS * 2 },
    );
    await stillServing();
  });
});
