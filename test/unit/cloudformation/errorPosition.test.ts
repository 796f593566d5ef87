import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorPosition } from "../../../src/cloudformation/model/template/errorPosition";
import { parseTemplate } from "../../../src/cloudformation/model/template/parse";
import { LineIndex } from "../../../src/cloudformation/model/template/tree";

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      DisplayName: !GetAtt Missing.Arn
      TopicName: !Ref Nowhere
`;

function lineOf(message: string): number {
  const range = errorPosition(message, template, parseTemplate(template).root);
  return new LineIndex(template).position(range.start).line + 1;
}

describe("where a CloudFormation validation error points in the template", () => {
  it("a line and column it names", () =>
    assert.equal(lineOf("Template format error: YAML not well-formed. (line 6, column 5)"), 6));

  it("the reference to an undefined resource", () => {
    assert.equal(lineOf("Template error: instance of Fn::GetAtt references undefined resource Missing"), 8);
    assert.equal(
      lineOf(
        "Template format error: Unresolved resource dependencies [Nowhere] in the Resources block of the template",
      ),
      9,
    );
  });

  it("a resource named by its path", () =>
    assert.equal(
      lineOf("Template format error: [/Resources/Topic] Every Resources object must contain a Type member."),
      5,
    ));

  it("anything else: the top of the template", () =>
    assert.equal(lineOf("Template format error: something unexpected"), 1));
});
