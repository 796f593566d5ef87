// Protocol front-ends: JSON 1.0 beside JSON 1.1, and a front-end plugged in from outside (a toy
// query protocol: form POST in, XML out) get the same SigV4 check, faults, admin endpoint and
// call record as the built-in services. Requests are signed with the SDK's own signer.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ListProjectsCommand } from "@aws-sdk/client-codebuild";
import { SimError } from "../sim/errors";
import { awsJson1_0, startSimulator, type FrontEnd, type ServiceDef, type Simulator } from "../sim/index";
import { sendRaw, sendSigned, type RawAnswer, type RawRequest } from "../sim/raw-client";
import { simClients } from "./helpers/sim-clients";

const xmlEscape = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A toy query protocol: Action and Version in a form body, XML answers and errors. */
const toyQuery: FrontEnd = {
  name: "toyQuery",
  claims: (req) =>
    req.method === "POST" &&
    (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"),
  route(req, services) {
    const form = new URLSearchParams(req.body.toString("utf8"));
    const action = form.get("Action") ?? "";
    const service = services.find((s) => s.frontEnd === toyQuery && s.key === form.get("Version"));
    if (!service) return { label: action };
    const label = `${service.name}.${action}`;
    return Object.hasOwn(service.ops, action) ? { label, service, operation: action } : { label, service };
  },
  parse: (req) =>
    Object.fromEntries(
      [...new URLSearchParams(req.body.toString("utf8"))].filter(([k]) => k !== "Action" && k !== "Version"),
    ),
  result: (out, route) => ({
    status: 200,
    headers: { "Content-Type": "text/xml" },
    body:
      `<${route.operation}Response><${route.operation}Result>` +
      Object.entries(out)
        .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
        .join("") +
      `</${route.operation}Result></${route.operation}Response>`,
  }),
  error: (e) => ({
    status: e.status,
    headers: { "Content-Type": "text/xml" },
    body:
      `<ErrorResponse><Error><Type>${e.status >= 500 ? "Receiver" : "Sender"}</Type>` +
      `<Code>${xmlEscape(e.code)}</Code><Message>${xmlEscape(e.message)}</Message></Error></ErrorResponse>`,
  }),
  unknownOperation: (route) =>
    new SimError("InvalidAction", `The action ${route.label} is not valid for this web service.`),
};

const toyFormation: ServiceDef = {
  name: "toyformation",
  signingName: "cloudformation",
  frontEnd: toyQuery,
  key: "2010-05-15",
  ops: { Echo: (ctx) => ({ Said: ctx.input.str("Message", { required: true }) ?? "" }) },
  faultErrors: { throttle: { code: "Throttling", status: 400, message: "Rate exceeded" } },
};

const echo10: ServiceDef = {
  name: "echo10",
  signingName: "simecho",
  frontEnd: awsJson1_0,
  key: "SimEcho_20240101",
  ops: { Echo: (ctx) => ({ echoed: ctx.input.body }) },
};

describe("protocol front-ends", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ scenario: "fail", services: [toyFormation, echo10], frontEnds: [toyQuery] });
  });
  after(() => sim.close());

  const signing = (service: string) => ({ service, region: sim.region, credentials: sim.credentials });
  const json10 = (target: string, body: string, headers: Record<string, string> = {}): RawRequest => ({
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target, ...headers },
    body,
  });
  const form = (fields: Record<string, string>): RawRequest => ({
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
    body: new URLSearchParams(fields).toString(),
  });
  const text = (a: RawAnswer): string => a.body.toString("utf8");
  const json = (a: RawAnswer) => JSON.parse(text(a)) as Record<string, unknown>;
  const lastCall = () => sim.calls.at(-1)!;

  it("answers JSON 1.0 in JSON 1.0, and records the protocol, service and operation", async () => {
    const a = await sendSigned(sim.url, json10("SimEcho_20240101.Echo", '{"n": 1}'), signing("simecho"));
    assert.equal(a.status, 200);
    assert.equal(a.headers["content-type"], "application/x-amz-json-1.0");
    assert.deepEqual(JSON.parse(text(a)), { echoed: { n: 1 } });
    assert.deepEqual(
      { ...lastCall(), at: 0, ms: 0 },
      {
        target: "SimEcho_20240101.Echo",
        protocol: "awsJson1_0",
        service: "echo10",
        operation: "Echo",
        at: 0,
        status: 200,
        ms: 0,
        region: sim.region,
      },
    );
  });

  it("gives query-compatible JSON 1.0 clients the error code in x-amzn-query-error", async () => {
    const unknown = await sendSigned(
      sim.url,
      json10("SimEcho_20240101.Nope", "{}", { "x-amzn-query-mode": "true" }),
      signing("simecho"),
    );
    assert.equal(unknown.status, 400);
    assert.equal(unknown.headers["x-amzn-query-error"], "UnknownOperationException;Sender");
    assert.equal(json(unknown).__type, "UnknownOperationException");

    sim.faults.add("echo10:internal=x1");
    const failed = await sendSigned(
      sim.url,
      json10("SimEcho_20240101.Echo", "{}", { "x-amzn-query-mode": "true" }),
      signing("simecho"),
    );
    assert.equal(failed.status, 500);
    assert.equal(failed.headers["x-amzn-query-error"], "InternalFailure;Receiver");

    const plain = await sendSigned(sim.url, json10("SimEcho_20240101.Nope", "{}"), signing("simecho"));
    assert.equal(plain.headers["x-amzn-query-error"], undefined);
  });

  it("keeps JSON 1.1 services on JSON 1.1 and JSON 1.0 services on JSON 1.0", async () => {
    // CodeBuild's target with the JSON 1.0 content type names no JSON 1.0 service.
    const crossed = await sendSigned(
      sim.url,
      json10("CodeBuild_20161006.ListProjects", "{}"),
      signing("codebuild"),
    );
    assert.equal(crossed.status, 400);
    assert.equal(json(crossed).__type, "UnknownOperationException");
    const c = simClients(sim);
    try {
      assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);
    } finally {
      c.destroy();
    }
    assert.equal(lastCall().protocol, "awsJson1_1");
    assert.equal(lastCall().operation, "ListProjects");
  });

  it("serves a front-end plugged in from outside: its routing, parsing, answers and errors", async () => {
    const ok = await sendSigned(
      sim.url,
      form({ Action: "Echo", Version: "2010-05-15", Message: "a<b" }),
      signing("cloudformation"),
    );
    assert.equal(ok.status, 200);
    assert.equal(text(ok), "<EchoResponse><EchoResult><Said>a&lt;b</Said></EchoResult></EchoResponse>");
    assert.equal(lastCall().target, "toyformation.Echo");
    assert.equal(lastCall().protocol, "toyQuery");

    const missing = await sendSigned(
      sim.url,
      form({ Action: "Echo", Version: "2010-05-15" }),
      signing("cloudformation"),
    );
    assert.equal(missing.status, 400);
    assert.match(text(missing), /<Code>ValidationException<\/Code>/);

    const unknown = await sendSigned(
      sim.url,
      form({ Action: "Nope", Version: "2010-05-15" }),
      signing("cloudformation"),
    );
    assert.equal(unknown.status, 400);
    assert.match(text(unknown), /<Code>InvalidAction<\/Code>/);
  });

  it("checks the signature of a plugged-in protocol, scoped to the service's signing name", async () => {
    const wrongScope = await sendSigned(
      sim.url,
      form({ Action: "Echo", Version: "2010-05-15", Message: "hi" }),
      signing("monitoring"),
    );
    assert.equal(wrongScope.status, 403);
    assert.match(text(wrongScope), /<Type>Sender<\/Type><Code>InvalidSignatureException<\/Code>/);

    const unsigned = await sendRaw(sim.url, form({ Action: "Echo", Version: "2010-05-15", Message: "hi" }));
    assert.equal(unsigned.status, 403);
    assert.match(text(unsigned), /<Code>MissingAuthenticationTokenException<\/Code>/);
  });

  it("injects faults into a plugged-in protocol in its own error format and the service's own codes", async () => {
    const admin = await sendRaw(sim.url, {
      method: "POST",
      path: "/__sim/faults",
      body: JSON.stringify({ spec: "toyformation:throttle=x1,Echo:unavailable=x1", resetCounts: true }),
    });
    assert.equal(admin.status, 200);
    const send = () =>
      sendSigned(
        sim.url,
        form({ Action: "Echo", Version: "2010-05-15", Message: "hi" }),
        signing("cloudformation"),
      );
    // The operation-scoped rule is more specific than the service-scoped one: it goes first.
    const unavailable = await send();
    assert.equal(unavailable.status, 503);
    assert.match(text(unavailable), /<Type>Receiver<\/Type><Code>ServiceUnavailable<\/Code>/);
    const throttled = await send();
    assert.equal(throttled.status, 400);
    assert.match(text(throttled), /<Code>Throttling<\/Code><Message>Rate exceeded<\/Message>/);
    assert.equal((await send()).status, 200);

    const state = json(await sendRaw(sim.url, { method: "GET", path: "/__sim/faults" }));
    assert.deepEqual((state.counts as { byOperation: unknown }).byOperation, {
      "toyformation.Echo": { unavailable: 1, throttle: 1 },
    });
    assert.deepEqual(
      sim.calls.slice(-3).map((c) => [c.protocol, c.status, c.fault]),
      [
        ["toyQuery", 503, "unavailable"],
        ["toyQuery", 400, "throttle"],
        ["toyQuery", 200, undefined],
      ],
    );
  });
});
