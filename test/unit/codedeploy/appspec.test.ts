// The appspec validator as CodeDeploy reads appspecs: every real appspec of the corpus passes
// (its one real mistake is reported), and each kind of bad input gets a problem at its line that
// says what to fix.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { appSpecPlatform, docAt, keyPathAt, validateAppSpec } from "../../../src/codedeploy/appspec/validate";

const CORPUS = join(__dirname, "..", "..", "..", "..", "shared", "corpus", "appspecs");

function problems(text: string, severities: readonly string[] = ["error", "warning"]): string[] {
  return validateAppSpec(text)
    .problems.filter((p) => severities.includes(p.severity))
    .map((p) => `${p.start.line + 1}: ${p.message}`);
}

/** Real mistakes in the corpus (reported on purpose): file → the line and what is wrong. */
const KNOWN_MISTAKES: Record<string, RegExp[]> = {
  // A template whose Hooks keep the placeholder event name "LifeCycleEvent".
  "07-aws-lambda-helloworld.yml": [/^23: `LifeCycleEvent` is not a lifecycle event of Lambda deployments/],
};

describe("appspec validation against the real appspecs of the corpus", () => {
  const files = readdirSync(CORPUS).filter((f) => /\.(ya?ml|json)$/.test(f));

  it("finds the corpus (EC2/on-premises, ECS and Lambda; YAML and JSON)", () => {
    assert.ok(files.length >= 10, files.join());
    const platforms = new Set(
      files.map((f) => validateAppSpec(readFileSync(join(CORPUS, f), "utf8")).platform),
    );
    assert.deepEqual([...platforms].sort(), ["ECS", "Lambda", "Server"]);
  });

  for (const file of readdirSync(CORPUS).filter((f) => /\.(ya?ml|json)$/.test(f))) {
    it(`${file}: no false problem`, () => {
      const found = problems(readFileSync(join(CORPUS, file), "utf8"));
      const expected = KNOWN_MISTAKES[file] ?? [];
      assert.equal(found.length, expected.length, found.join("\n"));
      expected.forEach((re, i) => assert.match(found[i] ?? "", re));
    });
  }

  it("reads the hook scripts of an EC2/on-premises appspec with their bundle paths and lines", () => {
    const check = validateAppSpec(readFileSync(join(CORPUS, "02-aws-codedeploy-samples.yml"), "utf8"));
    assert.deepEqual(
      check.scripts.map((s) => `${s.hook} ${s.location} → ${s.path} @${s.start.line + 1}`),
      ["BeforeInstall \\before-install.bat → before-install.bat @8"],
    );
  });

  it("reads an ECS appspec's container and port (what CodeDeploy matches against the task definition)", () => {
    const check = validateAppSpec(
      readFileSync(join(CORPUS, "09-aws-ecs-pipeline-with-blue-green-deployment.yml"), "utf8"),
    );
    assert.deepEqual(check.container, { name: "simple-node-app", port: 8080 });
  });

  it("an ECS appspec with EC2 keys (os, files) gets a hint that ECS ignores them, not a problem", () => {
    const hints = problems(readFileSync(join(CORPUS, "08-cookiecutter-django-ecs-github.yml"), "utf8"), [
      "hint",
    ]);
    assert.deepEqual(hints, [
      "2: `os` is used by EC2/on-premises deployments only; an ECS deployment ignores it.",
      "4: `files` is used by EC2/on-premises deployments only; an ECS deployment ignores it.",
    ]);
  });
});

describe("appspec validation of bad input", () => {
  it("an appspec that does not parse says so at its line", () => {
    const [first] = problems("version: 0.0\nos: linux\nhooks:\n  ApplicationStart\n    - location: a.sh\n");
    assert.match(first ?? "", /^\d+: The appspec does not parse/);
  });

  it("a hook that does not exist names the hooks of the platform", () => {
    assert.deepEqual(problems("version: 0.0\nos: linux\nhooks:\n  AfterInstal:\n    - location: a.sh\n"), [
      "4: `AfterInstal` is not a lifecycle event of EC2/on-premises deployments; the hooks are: ApplicationStop, BeforeInstall, AfterInstall, ApplicationStart, ValidateService, BeforeBlockTraffic, AfterBlockTraffic, BeforeAllowTraffic, AfterAllowTraffic.",
    ]);
  });

  it("a hook CodeDeploy runs itself cannot run a script", () => {
    assert.match(
      problems("version: 0.0\nos: linux\nhooks:\n  Install:\n    - location: a.sh\n")[0] ?? "",
      /^4: `Install` is run by CodeDeploy itself and cannot run scripts/,
    );
  });

  it("a Lambda appspec's hook must be a Lambda hook; an ECS one an ECS hook", () => {
    const lambda = `version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: f\n        Alias: live\n        CurrentVersion: 1\n        TargetVersion: 2\nHooks:\n  - AfterInstall: "check"\n`;
    assert.match(
      problems(lambda)[0] ?? "",
      /^11: `AfterInstall` is not a lifecycle event of Lambda deployments; the hooks are: BeforeAllowTraffic, AfterAllowTraffic\./,
    );
    const ecs = `version: 0.0\nResources:\n  - s:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: td\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\nHooks:\n  - AfterAllowTestTraffic: "smoke"\n  - ApplicationStart: "x"\n`;
    assert.deepEqual(problems(ecs), [
      "12: `ApplicationStart` is not a lifecycle event of ECS deployments; the hooks are: BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic.",
    ]);
  });

  it("a timeout over 3600 seconds, a script without location, a wrong version and os", () => {
    assert.deepEqual(
      problems(
        "version: 1.0\nos: mac\nhooks:\n  ApplicationStart:\n    - location: start.sh\n      timeout: 7200\n    - runas: root\n",
      ),
      [
        "1: `version` must be 0.0 (the only AppSpec version), not 1.",
        "2: `os` must be `linux` or `windows`, not mac.",
        "6: `timeout` is at most 3600 seconds (one hour), not 7200: CodeDeploy rejects a longer one.",
        "7: A script of `ApplicationStart` needs `location`.",
      ],
    );
  });

  it("files entries need source and destination", () => {
    assert.deepEqual(problems("version: 0.0\nos: linux\nfiles:\n  - source: /\n"), [
      "4: A `files` entry needs `destination`.",
    ]);
  });

  it("an ECS service needs TaskDefinition and LoadBalancerInfo with ContainerName and ContainerPort", () => {
    const ecs = `version: 0.0\nResources:\n  - s:\n      Type: AWS::ECS::Service\n      Properties:\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 99999\n`;
    assert.deepEqual(problems(ecs), [
      "6: The ECS service's `Properties` needs `TaskDefinition`.",
      "8: `ContainerPort` is a port number (1–65535).",
    ]);
  });

  it("a Lambda function needs Name, Alias, CurrentVersion and TargetVersion", () => {
    const lambda = `version: 0.0\nResources:\n  - f:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: f\n        Alias: live\n`;
    assert.deepEqual(problems(lambda), [
      "6: The Lambda function's `Properties` needs `CurrentVersion`.",
      "6: The Lambda function's `Properties` needs `TargetVersion`.",
    ]);
  });

  it("lower-case hooks in an ECS appspec, capital Hooks in an EC2 one", () => {
    const ecs = `version: 0.0\nResources:\n  - s:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: td\n        LoadBalancerInfo:\n          ContainerName: web\n          ContainerPort: 80\nhooks:\n  - BeforeInstall: f\n`;
    assert.match(problems(ecs)[0] ?? "", /^10: An ECS appspec names its hooks under `Hooks` \(capital H\)/);
    assert.match(
      problems("version: 0.0\nos: linux\nHooks:\n  - x: y\n")[0] ?? "",
      /^3: An EC2\/on-premises appspec names its hooks under `hooks`/,
    );
  });
});

describe("appspec completion and hover", () => {
  it("tells the platform from the text", () => {
    assert.equal(appSpecPlatform("version: 0.0\nos: linux\n"), "Server");
    assert.equal(appSpecPlatform("version: 0.0\nResources:\n  - s:\n      Type: AWS::ECS::Service\n"), "ECS");
    assert.equal(appSpecPlatform('{"Resources": [{"f": {"Type": "AWS::Lambda::Function"}}]}'), "Lambda");
  });

  it("offers the hooks under `hooks`, the script keys under a hook's list item", () => {
    const lines = [
      "version: 0.0",
      "os: linux",
      "hooks:",
      "  ApplicationStart:",
      "    - location: start.sh",
      "      ",
    ];
    assert.deepEqual(keyPathAt(lines, 3, 2), ["hooks"]);
    assert.ok(docAt(["hooks"], "Server")?.ValidateService);
    assert.deepEqual(keyPathAt(lines, 5, 6), ["hooks", "ApplicationStart", "-"]);
    assert.deepEqual(Object.keys(docAt(["hooks", "ApplicationStart", "-"], "Server") ?? {}), [
      "location",
      "timeout",
      "runas",
    ]);
  });

  it("offers ECS properties and LoadBalancerInfo keys", () => {
    const lines = [
      "version: 0.0",
      "Resources:",
      "  - svc:",
      "      Type: AWS::ECS::Service",
      "      Properties:",
      "        LoadBalancerInfo:",
      "          ",
    ];
    assert.deepEqual(keyPathAt(lines, 6, 10), ["Resources", "-", "svc", "Properties", "LoadBalancerInfo"]);
    assert.deepEqual(
      Object.keys(docAt(["Resources", "-", "svc", "Properties", "LoadBalancerInfo"], "ECS") ?? {}),
      ["ContainerName", "ContainerPort"],
    );
  });
});
