import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkTemplate } from "../../../src/cloudformation/model/template/checks";
import { parseTemplate } from "../../../src/cloudformation/model/template/parse";
import { looksLikeTemplate } from "../../../src/cloudformation/model/template/recognize";
import { child, LineIndex, type TemplateNode } from "../../../src/cloudformation/model/template/tree";

const corpus = join(__dirname, "..", "..", "..", "..", "shared", "corpus");
const templates = readdirSync(join(corpus, "templates")).filter((f) => /\.(ya?ml|json)$/.test(f));

/** Every problem as "line severity message" (1-based lines). */
function problems(text: string): string[] {
  const parsed = parseTemplate(text);
  const index = new LineIndex(text);
  return [...parsed.problems, ...(parsed.root ? checkTemplate(parsed.root) : [])].map(
    (p) => `${index.position(p.start).line + 1} ${p.severity} ${p.message}`,
  );
}

/** Whole-word occurrences of `word` in the text outside the given ranges. */
function occurrencesOutside(text: string, word: string, ranges: { start: number; end: number }[]): number {
  let count = 0;
  const re = new RegExp(`(?<![A-Za-z0-9])${word}(?![A-Za-z0-9])`, "g");
  for (const m of text.matchAll(re)) if (!ranges.some((r) => m.index >= r.start && m.index < r.end)) count++;
  return count;
}

describe("templates from the corpus (real files from public repositories)", () => {
  it("finds the corpus", () => assert.ok(templates.length >= 10, `only ${templates.length} templates`));

  for (const file of templates) {
    const text = readFileSync(join(corpus, "templates", file), "utf8");

    it(`${file}: is recognised as a template and parses with its short-form tags`, () => {
      assert.equal(looksLikeTemplate(text), true);
      const parsed = parseTemplate(text);
      assert.deepEqual(parsed.problems, []);
      assert.equal(child(parsed.root, "Resources")?.kind, "map");
    });

    it(`${file}: has no error, and each warning names a parameter nothing else in the file mentions`, () => {
      const found = problems(text);
      assert.deepEqual(
        found.filter((p) => !/ warning /.test(p)),
        [],
      );
      const root = parseTemplate(text).root;
      // The Parameters and Metadata sections are where an unused parameter is still named.
      const declared = ["Parameters", "Metadata"].flatMap((k) => {
        const node = child(root, k);
        return node ? [{ start: node.start, end: node.end }] : [];
      });
      for (const warning of found.filter((p) => / warning /.test(p))) {
        const name = /Parameter (\w+) is declared but never used/.exec(warning)?.[1];
        assert.ok(name, `an unexpected warning: ${warning}`);
        assert.equal(occurrencesOutside(text, name, declared), 0, `${name} is named elsewhere in ${file}`);
      }
    });
  }

  it("AppSpecs and buildspecs of the corpus are not taken for templates", () => {
    for (const folder of ["appspecs", "buildspecs"]) {
      for (const file of readdirSync(join(corpus, folder)).filter((f) => /\.(ya?ml|json)$/.test(f))) {
        assert.equal(
          looksLikeTemplate(readFileSync(join(corpus, folder, file), "utf8")),
          false,
          `${folder}/${file}`,
        );
      }
    }
  });
});

describe("local checks of a template (no network)", () => {
  const base = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub orders-\${Stage}
`;

  it("a valid template has no problem", () => assert.deepEqual(problems(base), []));

  it("a YAML syntax error is reported at its line", () => {
    const found = problems(`${base}  Bad:\n    Type: [AWS::SNS::Topic\n`);
    assert.equal(found.length, 1);
    assert.match(found[0]!, /^1[12] error YAML: /);
  });

  it("an unknown short-form tag is an error naming the tag", () => {
    assert.match(
      problems(`${base}Outputs:\n  X:\n    Value: !Reff Queue\n`).join("\n"),
      /^12 error Unknown tag !Reff/m,
    );
  });

  it("!GetAtt to a resource the template does not declare is an error at the reference", () => {
    assert.deepEqual(problems(`${base}Outputs:\n  Arn:\n    Value: !GetAtt Missing.Arn\n`), [
      "12 error Fn::GetAtt Missing: no resource Missing in this template.",
    ]);
  });

  it("Ref and ${} to undefined names, DependsOn and conditions that do not exist are errors", () => {
    const text = `${base}  Topic:
    Type: AWS::SNS::Topic
    DependsOn: Bucket
    Condition: IsProd
    Properties:
      DisplayName: !Ref Stag
      TopicName: !Sub "\${Queue.QueueName}-\${Nope}"
      KmsMasterKeyId: !If [HasKey, !Ref AWS::NoValue, x]
`;
    assert.deepEqual(problems(text), [
      "12 error DependsOn names Bucket, which is not a resource of this template.",
      "13 error Condition IsProd is not declared in Conditions.",
      "15 error Ref Stag: no parameter or resource Stag in this template.",
      "16 error ${Nope}: no parameter or resource Nope in this template.",
      "17 error Fn::If names the condition HasKey, which is not declared in Conditions.",
    ]);
  });

  it("a template without Resources says so", () => {
    assert.deepEqual(problems(`AWSTemplateFormatVersion: "2010-09-09"\nDescription: empty\n`), [
      "1 error The template has no Resources section: CloudFormation needs at least one resource.",
    ]);
  });

  it("an unused parameter is a warning at its declaration", () => {
    assert.deepEqual(problems(base.replace("Parameters:\n", "Parameters:\n  Unused:\n    Type: String\n")), [
      "3 warning Parameter Unused is declared but never used (no Ref or ${Unused} names it).",
    ]);
  });

  it("Fn::Sub variables given in its map are local names, ${!Literal} is text", () => {
    const text = base.replace(
      "QueueName: !Sub orders-${Stage}",
      'QueueName: !Sub ["${Prefix}-${!NotAName}-${Stage}", { Prefix: !Ref AWS::StackName }]',
    );
    assert.deepEqual(problems(text), []);
  });

  it("names SAM generates (a function's role, the implicit API) are not reported in a SAM template", () => {
    const sam = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: .
Outputs:
  Role:
    Value: !GetAtt FnRole.Arn
  Api:
    Value: !Sub https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/
`;
    assert.deepEqual(problems(sam), []);
  });

  it("a JSON template's syntax error is reported where it is", () => {
    const found = problems('{\n  "Resources": {\n    "Q": { "Type": "AWS::SQS::Queue" },\n  }\n}\n');
    assert.deepEqual(found, ["4 error JSON: expected a key in quotes, found '}'"]);
  });

  it("a JSON template reads the same as its YAML twin", () => {
    const json = JSON.stringify({
      Parameters: { Stage: { Type: "String" } },
      Resources: {
        Queue: { Type: "AWS::SQS::Queue", Properties: { QueueName: { "Fn::Sub": "orders-${Stage}" } } },
      },
      Outputs: { Arn: { Value: { "Fn::GetAtt": ["Missing", "Arn"] } } },
    });
    assert.deepEqual(
      problems(json).map((p) => p.replace(/^\d+ /, "")),
      ["error Fn::GetAtt Missing: no resource Missing in this template."],
    );
  });

  it("nesting deeper than any template is refused with a message, not a crash", () => {
    const deep = `{"Resources": ${"[".repeat(100_000)}`;
    assert.match(problems(deep).join(), /JSON: nested too deeply/);
  });

  it("short forms become long forms at the tagged value's place", () => {
    const text =
      "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Ref AWS::StackName\n";
    const root = parseTemplate(text).root;
    const name = child(
      child(child(child(root, "Resources"), "Q"), "Properties"),
      "QueueName",
    ) as TemplateNode & {
      entries: { key: string }[];
    };
    assert.equal(name.kind, "map");
    assert.equal(name.entries[0]?.key, "Ref");
    assert.equal(text.slice(name.start, name.end), "AWS::StackName");
  });
});
