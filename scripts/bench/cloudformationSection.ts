// CloudFormation's section of `npm run bench` (the measurements are in ./cloudformation.ts).
import { join } from "node:path";
import { benchCloudFormation } from "./cloudformation";
import type { BenchSection } from "./section";

export async function run(): Promise<BenchSection> {
  const data = await benchCloudFormation(join(__dirname, "../../test-results"));
  const f = data.followUpdate;
  return {
    id: "cloudformation",
    title: "CloudFormation: stacks and a followed update",
    intro:
      "The extension's gateway and store against the simulator: a refresh of 250 stacks, expanding one stack, and following a real update of the demo's stack with the extension's follower (2 s / 5 s waits) at simulated speed 1.",
    tables: [
      {
        columns: ["figure", "value"],
        rows: [
          [
            "refresh of 250 stacks: ListStacks calls / time",
            `${data.refresh250Stacks.listStacks} / ${data.refresh250Stacks.ms} ms`,
          ],
          ["expanding a stack (details, resources, events): calls", data.expandStack.calls.join(", ")],
          ["a followed update: events / seconds", `${f.events} / ${f.seconds.toFixed(0)} s`],
          ["a followed update: DescribeStackEvents per minute", f.describeStackEventsPerMinute.toFixed(1)],
          ["a followed update: event → shown, median / max", `${f.medianDelayMs} / ${f.maxDelayMs} ms`],
        ],
      },
    ],
    data,
  };
}
