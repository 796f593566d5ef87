import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capabilitiesInError, capabilitiesNeeded } from "../../../src/cloudformation/model/capabilities";
import {
  parameterFileNames,
  parameterValues,
  parseParameterFile,
  parseTags,
  planParameters,
  shownValue,
} from "../../../src/cloudformation/model/parameters";
import { templateInfo } from "../../../src/cloudformation/model/template/info";
import { parseTemplate } from "../../../src/cloudformation/model/template/parse";

describe("parameters files next to a template", () => {
  it("are looked for by the template's name first, then the folder's usual names", () => {
    assert.deepEqual(parameterFileNames("template.yaml").slice(0, 2), [
      "template.parameters.json",
      "template-parameters.json",
    ]);
    assert.ok(parameterFileNames("template.yaml").includes("parameters.json"));
  });

  it("the CLI's JSON list, with UsePreviousValue", () => {
    const file = parseParameterFile(
      JSON.stringify([
        { ParameterKey: "Stage", ParameterValue: "prod" },
        { ParameterKey: "Size", ParameterValue: 3 },
        { ParameterKey: "ApiKey", UsePreviousValue: true },
      ]),
      "p.json",
    );
    assert.deepEqual(file, {
      format: "cli",
      values: { Stage: "prod", Size: "3" },
      usePrevious: ["ApiKey"],
      tags: [],
    });
  });

  it("a template configuration file gives parameters and tags", () => {
    const file = parseParameterFile('{"Parameters": {"Stage": "prod"}, "Tags": {"team": "api"}}', "c.json");
    assert.deepEqual(file.values, { Stage: "prod" });
    assert.deepEqual(file.tags, [{ key: "team", value: "api" }]);
  });

  it("KEY=value lines, with comments and quotes", () => {
    const file = parseParameterFile('# stage\nStage=prod\nAlertEmail = "ops@example.com"\n\n', "p.env");
    assert.deepEqual(file.values, { Stage: "prod", AlertEmail: "ops@example.com" });
  });

  it("a broken file says what is wrong and where", () => {
    assert.throws(
      () => parseParameterFile('[{"ParameterValue": "x"}]', "p.json"),
      /p\.json: entry 1 needs a "ParameterKey"/,
    );
    assert.throws(() => parseParameterFile("Stage prod", "p.env"), /p\.env, line 1: expected KEY=value/);
    assert.throws(() => parseParameterFile("[", "p.json"), /p\.json is not valid JSON/);
  });
});

describe("planning the parameter values of a deployment", () => {
  const declared = [
    { key: "Stage", noEcho: false, defaultValue: "dev" },
    { key: "ApiKey", noEcho: true },
    { key: "AlertEmail", noEcho: false },
    { key: "Size", noEcho: false, defaultValue: "1" },
  ];

  it("the file wins, then the deployed stack (kept as it is), then the default; the rest is missing", () => {
    const planned = planParameters(
      declared,
      {
        name: "template.parameters.json",
        data: parseParameterFile('[{"ParameterKey":"Stage","ParameterValue":"prod"}]', "f"),
      },
      [{ key: "ApiKey", value: "****" }],
    );
    assert.deepEqual(
      planned.map((p) => [p.key, p.value, p.usePrevious, p.source]),
      [
        ["Stage", "prod", false, "template.parameters.json"],
        ["ApiKey", undefined, true, "the stack"],
        ["AlertEmail", undefined, false, undefined],
        ["Size", "1", false, "the default"],
      ],
    );
    assert.deepEqual(parameterValues(planned.filter((p) => p.key !== "AlertEmail")), [
      { key: "Stage", value: "prod" },
      { key: "ApiKey", usePrevious: true },
      { key: "Size", value: "1" },
    ]);
  });

  it("a NoEcho value is never shown", () => {
    const [p] = planParameters(
      [{ key: "ApiKey", noEcho: true, defaultValue: "s3cret" }],
      undefined,
      undefined,
    );
    assert.equal(shownValue(p!), "****");
    const [kept] = planParameters([{ key: "ApiKey", noEcho: true }], undefined, [
      { key: "ApiKey", value: "****" },
    ]);
    assert.equal(shownValue(kept!), "**** (kept as deployed)");
  });

  it("tags are written key=value, comma separated", () => {
    assert.deepEqual(parseTags("team=api, cost-center = 42"), [
      { key: "team", value: "api" },
      { key: "cost-center", value: "42" },
    ]);
    assert.throws(() => parseTags("team"), /"team" is not key=value/);
  });
});

describe("capabilities a template needs", () => {
  const info = (text: string) => templateInfo(parseTemplate(text).root);

  it("IAM resources need CAPABILITY_IAM, named ones CAPABILITY_NAMED_IAM", () => {
    const plain = info("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: /\n");
    assert.deepEqual(capabilitiesNeeded(plain), [
      { capability: "CAPABILITY_IAM", reason: "IAM resources: R" },
    ]);
    const named = info("Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: x\n");
    assert.deepEqual(capabilitiesNeeded(named), [
      { capability: "CAPABILITY_NAMED_IAM", reason: "IAM resources with custom names: R" },
    ]);
  });

  it("a SAM function without a Role makes one; macros need CAPABILITY_AUTO_EXPAND", () => {
    const sam = info(
      "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n",
    );
    assert.deepEqual(
      capabilitiesNeeded(sam).map((c) => c.capability),
      ["CAPABILITY_IAM"],
    );
    const macro = info("Transform: [MyMacro]\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n");
    assert.deepEqual(
      capabilitiesNeeded(macro).map((c) => c.capability),
      ["CAPABILITY_AUTO_EXPAND"],
    );
  });

  it("ValidateTemplate's answer adds what the template alone does not show", () => {
    const none = info("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
    assert.deepEqual(
      capabilitiesNeeded(none, {
        parameters: [],
        capabilities: ["CAPABILITY_IAM"],
        capabilitiesReason: "because",
        transforms: [],
      }),
      [{ capability: "CAPABILITY_IAM", reason: "because" }],
    );
  });

  it("reads the capabilities CloudFormation says are missing", () =>
    assert.deepEqual(capabilitiesInError("Requires capabilities : [CAPABILITY_NAMED_IAM]"), [
      "CAPABILITY_NAMED_IAM",
    ]));
});
