import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tailArg } from "../../../src/cloudwatch/model/tailArg";
import { LogGroupStore } from "../../../src/cloudwatch/logGroupStore";
import type { LogGroupsApi } from "../../../src/logs/tailTypes";

describe("what Tail Log Group… is pre-filled with", () => {
  it("a log group node, a CodeBuild project, a Lambda function of a CodeDeploy target, names", () => {
    assert.deepEqual(tailArg({ section: "cloudwatch", kind: "logGroup", name: "/app/api" }), {
      groups: ["/app/api"],
    });
    assert.deepEqual(tailArg({ section: "codebuild", kind: "project", name: "web-app" }), {
      groups: ["/aws/codebuild/web-app"],
    });
    assert.deepEqual(tailArg({ lambdaFunction: "orders-processor", pattern: "ERROR" }), {
      groups: ["/aws/lambda/orders-processor"],
      pattern: "ERROR",
    });
    assert.deepEqual(tailArg({ logGroups: ["/a", 3, "/b"] }), { groups: ["/a", "/b"] });
    assert.deepEqual(tailArg("/app/worker"), { groups: ["/app/worker"] });
  });

  it("nothing from anything else; at most 10 groups", () => {
    assert.deepEqual(tailArg(undefined), { groups: [] });
    assert.deepEqual(tailArg({ section: "codepipeline", kind: "project", name: "x" }), { groups: [] });
    assert.equal(tailArg({ logGroups: Array.from({ length: 14 }, (_, i) => `/g${i}`) }).groups.length, 10);
  });
});

describe("finding the log groups a tail names", () => {
  const api: LogGroupsApi & { asked: string[] } = {
    asked: [],
    describeLogGroups(query) {
      this.asked.push(query.prefix ?? query.pattern ?? "");
      const all = [
        { name: "/aws/codebuild/web-app", arn: "arn:aws:logs:us-east-1:1:log-group:/aws/codebuild/web-app" },
        {
          name: "/aws/codebuild/web-app-e2e",
          arn: "arn:aws:logs:us-east-1:1:log-group:/aws/codebuild/web-app-e2e",
        },
      ];
      return Promise.resolve({
        groups: all.filter((g) => g.name.startsWith(query.prefix ?? "")),
        truncated: false,
      });
    },
    describeLogStreams: () => Promise.resolve([]),
  };

  it("gives each its ARN (by exact name, not prefix), and names those that do not exist", async () => {
    const store = new LogGroupStore(api);
    const { groups, missing } = await store.resolve(
      ["/aws/codebuild/web-app", "/aws/codebuild/docs"],
      new AbortController().signal,
    );
    assert.deepEqual(groups, [
      { name: "/aws/codebuild/web-app", arn: "arn:aws:logs:us-east-1:1:log-group:/aws/codebuild/web-app" },
    ]);
    assert.deepEqual(missing, ["/aws/codebuild/docs"]);
    await store.resolve(["/aws/codebuild/web-app"], new AbortController().signal);
    assert.equal(api.asked.length, 2, "a group found once is not asked for again");
    store.dispose();
  });

  it("a search answered after the connection changed keeps nothing of the old account's", async () => {
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    const slow: LogGroupsApi & { asked: number } = {
      asked: 0,
      async describeLogGroups() {
        this.asked++;
        await gate;
        return {
          groups: [{ name: "/app/api", arn: "arn:aws:logs:us-east-1:1:log-group:/app/api" }],
          truncated: false,
        };
      },
      describeLogStreams: () => Promise.resolve([]),
    };
    const store = new LogGroupStore(slow);
    const search = store.search("/app", 50, new AbortController().signal);
    store.reset();
    answer();
    await assert.rejects(search, { name: "AbortError" });
    await store.resolve(["/app/api"], new AbortController().signal);
    assert.equal(slow.asked, 2, "the group's ARN is asked of the new connection, not taken from the old");
    store.dispose();
  });
});
