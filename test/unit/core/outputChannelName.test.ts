import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { outputChannelName } from "../../../src/core/outputChannelName";

describe("the output channel an editor shows", () => {
  it("is read from the Output panel editor's id, whatever the channel's name holds", () => {
    const path = (name: string) => `extension-output-aws-cicd.aws-cicd-vscode-#3-${name}`;
    assert.equal(
      outputChannelName({ scheme: "output", path: path("Build: web-app #6") }),
      "Build: web-app #6",
    );
    assert.equal(
      outputChannelName({ scheme: "output", path: path("Tail: a-#2-b, c") }),
      "Tail: a-#2-b, c",
      "a name with '-#2-' in it",
    );
  });

  it("is none for files, VS Code's own channels and other schemes", () => {
    assert.equal(outputChannelName({ scheme: "file", path: "/work/extension-output-x-#1-y" }), undefined);
    assert.equal(outputChannelName({ scheme: "output", path: "tasks" }), undefined);
    assert.equal(outputChannelName({ scheme: "untitled", path: "Untitled-1" }), undefined);
  });
});
