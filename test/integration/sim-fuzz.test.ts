// Fuzzing the simulator's request handling with fast-check: whatever arrives — unsigned garbage,
// or arbitrary bodies and targets behind a correct signature — the server answers a well-formed
// AWS error of the request's protocol (or a real answer), never a 5xx, and keeps serving.
// 5xx answers come only from injected faults, and none are configured here.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { ListProjectsCommand } from "@aws-sdk/client-codebuild";
import { CODEBUILD_PREFIX, CODEPIPELINE_PREFIX, LOGS_PREFIX } from "../sim/constants";
import { FaultSpecError, formatFaultSpec, parseFaultSpec } from "../sim/fault-spec";
import { FAULT_KINDS, type FaultRule } from "../sim/faults";
import { awsJson1_0, startSimulator, type ServiceDef, type Simulator } from "../sim/index";
import { SERVICES } from "../sim/services";
import { sendRaw, sendSigned, type RawAnswer, type RawRequest } from "../sim/raw-client";
import { loadServiceModel, type ServiceModel } from "./helpers/model-shapes";
import { simClients } from "./helpers/sim-clients";

const echo10: ServiceDef = {
  name: "echo10",
  signingName: "simecho",
  frontEnd: awsJson1_0,
  key: "SimEcho_20240101",
  ops: { Echo: (ctx) => ({ echoed: ctx.input.body }) },
};

const RUNS = Number(process.env.SIM_FUZZ_RUNS ?? 150);

/** A well-formed AWS JSON error: status 4xx, {"__type": string, "message": string}, a request id. */
/** A 4xx in the request's protocol: JSON `{__type, message}`, or the query protocol's XML `<ErrorResponse>`. */
function assertWellFormedError(a: RawAnswer, method: string): void {
  assert.ok(a.status >= 400 && a.status < 500, `a 4xx, not ${a.status}: ${a.body.toString()}`);
  assert.ok(a.headers["x-amzn-requestid"], "a request id");
  const type = String(a.headers["content-type"]);
  if (type === "text/xml") {
    if (method === "HEAD") return;
    assert.match(
      a.body.toString("utf8"),
      /^<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>[^<]+<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>$/,
    );
    return;
  }
  assert.match(type, /^application\/x-amz-json-1\.[01]$/);
  if (method === "HEAD") return;
  const body = JSON.parse(a.body.toString("utf8")) as Record<string, unknown>;
  assert.equal(typeof body.__type, "string");
  assert.equal(typeof body.message, "string");
}

// Header values a client can send: visible ASCII and spaces, no leading/trailing space.
const headerValue = fc
  .string({
    unit: fc.constantFrom(..."abcXYZ019 _-.:;,/=+*%#&?!\"'()[]{}<>@\\|~`^$".split("")),
    maxLength: 60,
  })
  .map((s) => s.trim());
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const pathArb = fc.webPath().filter((p) => !p.startsWith("/__sim"));

describe("fuzzing the simulator's request handling", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ scenario: "fail", services: [echo10] });
  });
  after(() => sim.close());

  const signing = (service: string) => ({ service, region: sim.region, credentials: sim.credentials });

  async function stillServing(): Promise<void> {
    const c = simClients(sim);
    try {
      // (Fuzzed CreateProject calls may have added projects.)
      assert.ok((await c.codebuild.send(new ListProjectsCommand({}))).projects?.includes("broken-build"));
    } finally {
      c.destroy();
    }
  }

  it("answers unsigned garbage for every front-end with a well-formed 4xx error", async () => {
    const garbage = fc.record({
      method: fc.constantFrom("GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS"),
      path: fc.oneof(fc.constant("/"), pathArb),
      contentType: fc.option(
        fc.oneof(
          fc.constantFrom(
            "application/x-amz-json-1.1",
            "application/x-amz-json-1.0",
            "application/x-amz-json-1.0; charset=utf-8",
            "application/x-www-form-urlencoded",
            "application/json",
            "text/xml",
          ),
          headerValue,
        ),
        { nil: undefined },
      ),
      target: fc.option(
        fc.oneof(
          fc.constantFrom(
            `${CODEBUILD_PREFIX}.ListProjects`,
            `${LOGS_PREFIX}.GetLogEvents`,
            "SimEcho_20240101.Echo",
          ),
          headerValue,
        ),
        { nil: undefined },
      ),
      authorization: fc.option(
        fc.oneof(
          headerValue,
          headerValue.map(
            (v) => `AWS4-HMAC-SHA256 Credential=${v}, SignedHeaders=host;x-amz-date, Signature=${v}`,
          ),
          fc.constant(
            `AWS4-HMAC-SHA256 Credential=${"AKIASIMULATOR0000000"}/20240101/us-east-1/codebuild/aws4_request, SignedHeaders=host, Signature=00`,
          ),
        ),
        { nil: undefined },
      ),
      amzDate: fc.option(fc.oneof(headerValue, fc.constant("20240101T000000Z")), { nil: undefined }),
      extra: fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
      body: fc.oneof(
        fc.uint8Array({ maxLength: 300 }),
        fc.json().map((j) => new TextEncoder().encode(j)),
      ),
    });
    await fc.assert(
      fc.asyncProperty(garbage, async (g) => {
        const headers: Record<string, string> = { ...g.extra };
        if (g.contentType !== undefined) headers["content-type"] = g.contentType;
        if (g.target !== undefined) headers["x-amz-target"] = g.target;
        if (g.authorization !== undefined) headers.authorization = g.authorization;
        if (g.amzDate !== undefined) headers["x-amz-date"] = g.amzDate;
        delete headers["content-length"];
        delete headers["transfer-encoding"];
        delete headers.host;
        const req: RawRequest = { method: g.method, path: g.path, headers };
        if (g.method !== "GET" && g.method !== "HEAD") req.body = Buffer.from(g.body);
        assertWellFormedError(await sendRaw(sim.url, req), g.method);
      }),
      { numRuns: RUNS * 2 },
    );
    await stillServing();
  });

  const names = fc.constantFrom(
    "broken-build",
    "/aws/codebuild/broken-build",
    "broken-build:00000000-0000-0000-0000-000000000000",
    "web-app-release",
    "Source",
    "Build",
    "main",
    "",
    "x".repeat(300),
  );

  /** Values shaped like the model's input shape (names, types, enums, nesting), with now and
   *  then a value of the wrong type, so requests reach past validation into the handlers. */
  function shaped(model: ServiceModel, shapeName: string, depth = 0): fc.Arbitrary<unknown> {
    const shape = model.shapes[shapeName];
    if (!shape || depth > 7) return fc.jsonValue({ maxDepth: 1 });
    const right = ((): fc.Arbitrary<unknown> => {
      switch (shape.type) {
        case "string":
          return shape.enum ? fc.constantFrom(...shape.enum) : fc.oneof(names, fc.string({ maxLength: 20 }));
        case "integer":
        case "long":
          return fc.oneof(
            fc.integer({ min: -2, max: 120 }),
            fc.constantFrom(0, 1, 100, 1000, 10001, 2 ** 40),
          );
        case "double":
        case "float":
          return fc.double({ noNaN: true, noDefaultInfinity: true });
        case "boolean":
          return fc.boolean();
        case "timestamp":
          return fc.integer({ min: 0, max: 2_000_000_000 });
        case "blob":
          return fc.base64String({ maxLength: 20 });
        case "list":
          return fc.array(shaped(model, shape.member!.shape, depth + 1), { maxLength: 3 });
        case "map":
          return fc.dictionary(
            fc.oneof(names, fc.string({ maxLength: 8 })),
            shaped(model, shape.value!.shape, depth + 1),
            {
              maxKeys: 3,
            },
          );
        case "structure": {
          const members = Object.entries(shape.members ?? {});
          return fc.record(
            Object.fromEntries(members.map(([name, m]) => [name, shaped(model, m.shape, depth + 1)])),
            { requiredKeys: (shape.required ?? []).filter((k) => members.some(([n]) => n === k)) },
          );
        }
        default:
          return fc.jsonValue({ maxDepth: 2 });
      }
    })();
    return fc.oneof(
      { weight: 30, arbitrary: right },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
  }

  for (const [botocore, prefix, signingName] of [
    ["codebuild", CODEBUILD_PREFIX, "codebuild"],
    ["logs", LOGS_PREFIX, "logs"],
    ["codepipeline", CODEPIPELINE_PREFIX, "codepipeline"],
  ] as const) {
    it(`answers arbitrary signed ${botocore} requests (JSON 1.1) with an answer or a well-formed 4xx error`, async () => {
      const model = loadServiceModel(botocore);
      const ops = Object.keys(model.operations);
      // The operations the simulator serves get the shaped inputs.
      const served = Object.keys(SERVICES.find((s) => s.key === prefix)!.ops);
      const request = fc.oneof(
        // A known operation with input shaped by its model (mostly right, sometimes not).
        {
          weight: 4,
          arbitrary: fc.constantFrom(...served).chain((op) => {
            const input = model.operations[op]?.input?.shape;
            return fc.record({
              target: fc.constant(`${prefix}.${op}`),
              body: (input ? shaped(model, input) : fc.constant({})).map((v) => JSON.stringify(v)),
            });
          }),
        },
        // Any JSON, any text, any target.
        {
          weight: 1,
          arbitrary: fc.record({
            target: fc.oneof(
              fc.constantFrom(...ops).map((op) => `${prefix}.${op}`),
              headerValue,
            ),
            body: fc.oneof(fc.json(), fc.string({ maxLength: 200 })),
          }),
        },
      );
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const a = await sendSigned(
            sim.url,
            {
              method: "POST",
              headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": r.target },
              body: r.body,
            },
            signing(signingName),
          );
          if (a.status === 200) {
            const out = JSON.parse(a.body.toString("utf8")) as unknown;
            assert.ok(typeof out === "object" && out !== null && !Array.isArray(out));
          } else assertWellFormedError(a, "POST");
        }),
        { numRuns: RUNS * 2 },
      );
      await stillServing();
    });
  }

  it("answers arbitrary signed cloudwatch requests (JSON 1.0, query-compatible) with an answer or a well-formed 4xx error", async () => {
    const model = loadServiceModel("cloudwatch");
    const served = Object.keys(SERVICES.find((s) => s.name === "cloudwatch")!.ops);
    const request = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(...served).chain((op) => {
          const input = model.operations[op]?.input?.shape;
          return fc.record({
            target: fc.constant(`GraniteServiceVersion20100801.${op}`),
            body: (input ? shaped(model, input) : fc.constant({})).map((v) => JSON.stringify(v)),
          });
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          target: fc.oneof(
            fc
              .constantFrom(...Object.keys(model.operations))
              .map((op) => `GraniteServiceVersion20100801.${op}`),
            headerValue,
          ),
          body: fc.oneof(fc.json(), fc.string({ maxLength: 200 })),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async (r, queryMode) => {
        const a = await sendSigned(
          sim.url,
          {
            method: "POST",
            headers: {
              "content-type": "application/x-amz-json-1.0",
              "x-amz-target": r.target,
              ...(queryMode ? { "x-amzn-query-mode": "true" } : {}),
            },
            body: r.body,
          },
          signing("monitoring"),
        );
        if (a.status === 200) {
          const out = JSON.parse(a.body.toString("utf8")) as unknown;
          assert.ok(typeof out === "object" && out !== null && !Array.isArray(out));
        } else {
          // ResourceNotFound is CloudWatch's 404 (botocore's model says so).
          assertWellFormedError(a, "POST");
          if (queryMode) assert.match(String(a.headers["x-amzn-query-error"]), /^\w+;Sender$/);
        }
      }),
      { numRuns: RUNS * 2 },
    );
    await stillServing();
  });

  it("answers arbitrary signed JSON 1.0 requests with an answer or a well-formed 4xx error", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant("SimEcho_20240101.Echo"), headerValue),
        fc.oneof(fc.json(), fc.string({ maxLength: 200 })),
        fc.boolean(),
        async (target, body, queryMode) => {
          const a = await sendSigned(
            sim.url,
            {
              method: "POST",
              headers: {
                "content-type": "application/x-amz-json-1.0",
                "x-amz-target": target,
                ...(queryMode ? { "x-amzn-query-mode": "true" } : {}),
              },
              body,
            },
            signing("simecho"),
          );
          if (a.status !== 200) {
            assertWellFormedError(a, "POST");
            if (queryMode) assert.match(String(a.headers["x-amzn-query-error"]), /^\w+;Sender$/);
          }
        },
      ),
      { numRuns: RUNS },
    );
    await stillServing();
  });

  it("answers arbitrary admin requests with 200 or a 4xx message, never a crash", async () => {
    const before = sim.faults.state();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "DELETE", "PUT"),
        fc.oneof(
          fc.json(),
          fc.string({ maxLength: 80 }).map((spec) => JSON.stringify({ spec })),
          fc.jsonValue().map((rules) => JSON.stringify({ rules })),
        ),
        async (method, body) => {
          const a = await sendRaw(sim.url, {
            method,
            path: "/__sim/faults",
            ...(method === "GET" ? {} : { body }),
          });
          assert.ok([200, 400, 405].includes(a.status), `${a.status} ${a.body.toString()}`);
          const answer = JSON.parse(a.body.toString("utf8")) as Record<string, unknown>;
          if (a.status === 200) assert.ok(Array.isArray(answer.rules) && typeof answer.spec === "string");
          else assert.equal(typeof answer.message, "string");
        },
      ),
      { numRuns: RUNS },
    );
    sim.faults.configure({ seed: before.seed, rules: before.rules });
    await stillServing();
  });
});

describe("the fault spec syntax", () => {
  const rule: fc.Arbitrary<FaultRule> = fc
    .record({
      kind: fc.constantFrom(...FAULT_KINDS),
      scope: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/), { nil: undefined }),
      count: fc.boolean(),
      times: fc.integer({ min: 1, max: 1000 }),
      probability: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
      delayMs: fc.integer({ min: 0, max: 100_000 }),
      code: fc.stringMatching(/^[A-Z][A-Za-z]{0,20}$/),
      status: fc.integer({ min: 400, max: 599 }),
    })
    .map((r) => ({
      kind: r.kind,
      ...(r.scope !== undefined ? { scope: r.scope } : {}),
      ...(r.count ? { times: r.times } : { probability: r.probability }),
      ...(r.kind === "slow" ? { delayMs: r.delayMs } : {}),
      ...(r.kind === "error" ? { code: r.code, status: r.status } : {}),
    }));

  it("reads back what it writes", () => {
    fc.assert(
      fc.property(
        fc.option(fc.nat(), { nil: undefined }),
        fc.array(rule, { maxLength: 6 }),
        (seed, rules) => {
          const config = { ...(seed !== undefined ? { seed } : {}), rules };
          assert.deepEqual(parseFaultSpec(formatFaultSpec(config)), config);
        },
      ),
    );
  });

  it("refuses anything else with a FaultSpecError, never another exception", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (spec) => {
        try {
          parseFaultSpec(spec);
        } catch (e) {
          assert.ok(e instanceof FaultSpecError, String(e));
        }
      }),
      { numRuns: 2000 },
    );
  });
});
