import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyError } from "../../../src/aws/errors";
import { awsError } from "../aws/awsError";
import { PIPELINE_ERROR_ADVICE } from "../../../src/codepipeline/model/errors";

describe("CodePipeline's errors in words", () => {
  it("explains CodePipeline's refusals", () => {
    const f = classifyError(
      awsError("ApprovalAlreadyCompletedException", "Approval already completed"),
      {},
      PIPELINE_ERROR_ADVICE,
    );
    assert.equal(f.kind, "invalidInput");
    assert.match(
      f.message,
      /already been answered \(by someone else, or by this answer if the connection dropped/,
    );
    assert.match(
      classifyError(awsError("StageNotRetryableException", "x"), {}, PIPELINE_ERROR_ADVICE).message,
      /cannot be retried/,
    );
    assert.equal(
      classifyError(
        awsError(
          "PipelineNotFoundException",
          "The account with id '1' does not include a pipeline with the name 'nope'",
        ),
      ).kind,
      "notFound",
    );
  });
});
