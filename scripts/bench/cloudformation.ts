// CloudFormation's part of `npm run bench`: what a refresh of many stacks costs, what expanding a
// stack costs, and following one real update of the demo's stack (the extension's follower with its
// default 2 s / 5 s waits, at simulated speed 1): requests per minute and how late events arrive.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixedClients } from "../../src/aws/clients";
import { followOperation } from "../../src/cloudformation/followOperation";
import { CloudFormationGateway } from "../../src/cloudformation/gateway";
import { StackStore } from "../../src/cloudformation/store";
import { startSimulator } from "../../test/sim/index";
import { createSampleWorkspace } from "../lib/sampleWorkspace";
import { clientsFor } from "./simClients";
import { median } from "./stats";

export interface CloudFormationBench {
  refresh250Stacks: { stacks: number; listStacks: number; ms: number };
  expandStack: { calls: string[] };
  followUpdate: {
    events: number;
    seconds: number;
    describeStackEventsPerMinute: number;
    medianDelayMs: number;
    maxDelayMs: number;
  };
}

export async function benchCloudFormation(tmp: string): Promise<CloudFormationBench> {
  const many = await startSimulator({
    speed: 1000,
    scenario: {
      cloudformation: {
        stacks: Array.from({ length: 250 }, (_, i) => ({
          name: `stack-${String(i).padStart(3, "0")}`,
          template: "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n",
        })),
      },
    },
  });
  let refresh250Stacks: CloudFormationBench["refresh250Stacks"];
  try {
    const clients = clientsFor(many);
    const store = new StackStore(new CloudFormationGateway(fixedClients(clients)));
    const t0 = Date.now();
    const stacks = await store.loadStacks();
    refresh250Stacks = {
      stacks: stacks.length,
      listStacks: many.calls.filter((c) => c.operation === "ListStacks").length,
      ms: Date.now() - t0,
    };
    store.dispose();
    clients.dispose();
  } finally {
    await many.close();
  }

  const demo = await startSimulator({ scenario: "demo", speed: 1 });
  try {
    const clients = clientsFor(demo);
    const store = new StackStore(new CloudFormationGateway(fixedClients(clients)));
    const signal = new AbortController().signal;
    await store.loadStacks();
    const before = demo.calls.length;
    await store.loadDetail("api-service-infra");
    await store.loadResources("api-service-infra");
    await store.loadEvents("api-service-infra");
    const expandStack = { calls: demo.calls.slice(before).map((c) => c.operation ?? c.target) };

    // The sample repository's template, deployed as Deploy… does, then followed to its end.
    const template = readFileSync(
      join(createSampleWorkspace(join(tmp, "bench-workspace"), { fresh: true }), "infra", "template.yaml"),
      "utf8",
    );
    const { id } = await store.createChangeSet(
      {
        stackName: "api-service-infra",
        changeSetName: "bench",
        type: "UPDATE",
        template: { body: template },
        parameters: ["Stage", "AlertEmail", "ApiKey"].map((key) => ({ key, usePrevious: true })),
        capabilities: ["CAPABILITY_IAM"],
        tags: [],
      },
      signal,
    );
    for (;;) {
      await store.loadChangeSet(id);
      if (store.changeSet(id)?.status === "CREATE_COMPLETE") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const startedAt = new Date();
    await store.executeChangeSet(store.changeSet(id)!, signal);
    const from = demo.calls.length;
    const delays: number[] = [];
    let events = 0;
    await followOperation({
      refresh: () => store.loadEvents("api-service-infra"),
      events: () => store.events("api-service-infra") ?? [],
      running: () => store.isInProgress("api-service-infra"),
      onEvents: (fresh) => {
        events += fresh.length;
        for (const e of fresh) if (e.timestamp >= startedAt) delays.push(Date.now() - e.timestamp.getTime());
      },
      onError: () => undefined,
      signal,
      startedAt,
    });
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const describeStackEvents = demo.calls
      .slice(from)
      .filter((c) => c.operation === "DescribeStackEvents").length;
    store.dispose();
    clients.dispose();
    return {
      refresh250Stacks,
      expandStack,
      followUpdate: {
        events,
        seconds: Math.round(seconds),
        describeStackEventsPerMinute: (describeStackEvents / seconds) * 60,
        medianDelayMs: median(delays),
        maxDelayMs: Math.max(...delays),
      },
    };
  } finally {
    await demo.close();
  }
}

if (require.main === module) {
  benchCloudFormation(join(__dirname, "..", "..", "test-results")).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
