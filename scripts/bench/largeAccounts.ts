// Large accounts: the shipped extension (in this process, stub `vscode`, real time) opens its
// tree on an account with 1,000 CodeBuild projects, 300 pipelines, 100 CodeDeploy deployment
// groups, 500 stacks and 2,000 alarms: the time to the first rows, the calls by operation per load and per Refresh, batch
// calls against their maximum batch size, and nothing fetched for the collapsed nodes.
//
// A service adds its row with one entry in ROWS (its part of the account and its operations):
// also 500 CloudFormation stacks and 2,000 CloudWatch alarms.
import { startSimulator, type Scenario, type Simulator } from "../../test/sim/index";
import { loadExtension } from "./inProcess";
import type { BenchSection } from "./section";
import { callsByOperation } from "./simClients";
import { median, ms, repeat, runs, verdict } from "./stats";

export interface AccountRow {
  readonly service: string;
  readonly resources: string;
  /** Its part of the scenario. */
  readonly scenario: Partial<Scenario>;
  /** Operations that list the section's rows, each with the fewest calls that can list them. */
  readonly listing: Readonly<Record<string, number>>;
  /** Operations only an expanded node needs: none may be called with everything collapsed. */
  readonly childOps: readonly string[];
}

const pages = (n: number, size: number) => Math.ceil(n / size);

export const ROWS: readonly AccountRow[] = [
  {
    service: "CodeBuild",
    resources: "1,000 projects",
    scenario: {
      projects: [{ name: "service-{i}", count: 1000, build: { outcome: "SUCCEEDED" } }],
    },
    listing: { ListProjects: pages(1000, 100), BatchGetProjects: pages(1000, 100) },
    childOps: ["ListBuildsForProject", "BatchGetBuilds"],
  },
  {
    service: "CodePipeline",
    resources: "300 pipelines",
    scenario: {
      pipelines: [
        {
          name: "pipeline-{i}",
          count: 300,
          stages: [
            {
              name: "Source",
              actions: [
                {
                  name: "Source",
                  provider: "CodeCommit",
                  configuration: { RepositoryName: "r-{i}", BranchName: "main" },
                },
              ],
            },
            {
              name: "Deploy",
              actions: [
                { name: "Deploy", provider: "S3", configuration: { BucketName: "b", Extract: "true" } },
              ],
            },
          ],
        },
      ],
    },
    listing: { ListPipelines: pages(300, 1000) },
    childOps: ["GetPipelineState", "GetPipeline", "ListPipelineExecutions"],
  },
  {
    service: "CodeDeploy",
    resources: "100 deployment groups (20 applications × 5)",
    scenario: {
      codedeploy: {
        applications: Array.from({ length: 20 }, (_, a) => ({
          name: `app-${a + 1}`,
          groups: Array.from({ length: 5 }, (_, g) => ({
            name: `group-${g + 1}`,
            instances: [`i-${a}${g}`],
          })),
        })),
      },
    },
    listing: { ListApplications: pages(20, 100), BatchGetApplications: pages(20, 100) },
    childOps: ["ListDeploymentGroups", "BatchGetDeploymentGroups", "ListDeployments", "BatchGetDeployments"],
  },
  {
    service: "CloudFormation",
    resources: "500 stacks",
    scenario: {
      cloudformation: {
        stacks: Array.from({ length: 500 }, (_, i) => ({
          name: `stack-${i + 1}`,
          template: "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n",
          createdMinutesAgo: 600,
        })),
      },
    },
    // ListStacks pages hold 100 summaries (the service's own page size; it takes no MaxResults).
    listing: { ListStacks: pages(500, 100) },
    childOps: [
      "DescribeStacks",
      "ListStackResources",
      "DescribeStackEvents",
      "GetTemplate",
      "ListChangeSets",
    ],
  },
  {
    service: "CloudWatch",
    resources: "2,000 alarms",
    scenario: {
      cloudwatch: {
        historyMinutes: 10,
        alarms: Array.from({ length: 2000 }, (_, i) => ({
          name: `alarm-${i + 1}`,
          namespace: "AWS/EC2",
          metricName: "CPUUtilization",
          dimensions: { InstanceId: `i-${i + 1}` },
          threshold: 80,
        })),
      },
    },
    // DescribeAlarms answers at most 100 alarms a page (MaxRecords).
    listing: { DescribeAlarms: pages(2000, 100) },
    childOps: ["DescribeAlarmHistory", "GetMetricData", "DescribeLogGroups"],
  },
];

function account(): Scenario {
  const s: Scenario = { projects: [], pipelines: [] };
  for (const row of ROWS) {
    const part = row.scenario as Scenario;
    if (part.projects) s.projects!.push(...part.projects);
    if (part.pipelines) (s.pipelines ??= []).push(...part.pipelines);
    if (part.codedeploy) s.codedeploy = part.codedeploy;
    if (part.cloudformation) s.cloudformation = part.cloudformation;
    if (part.cloudwatch) s.cloudwatch = part.cloudwatch;
  }
  return s;
}

interface Load {
  firstRowsMs: number;
  rows: number;
  calls: Record<string, number>;
  refreshMs: number;
  refreshCalls: Record<string, number>;
}

async function once(sim: Simulator): Promise<Load> {
  const extension = loadExtension({ sim, focused: true, viewsVisible: true });
  try {
    await new Promise((r) => setTimeout(r, 300)); // activation has returned; the connection resolves
    const from = sim.calls.length;
    const t0 = performance.now();
    const rows = await extension.showTree();
    const firstRowsMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 500)); // anything the rows ask for on their own
    const calls = callsByOperation(sim, from);
    const before = sim.calls.length;
    const t1 = performance.now();
    await extension.command("awsCicd.refresh");
    await extension.showTree();
    const refreshMs = performance.now() - t1;
    await new Promise((r) => setTimeout(r, 500));
    return { firstRowsMs, rows, calls, refreshMs, refreshCalls: callsByOperation(sim, before) };
  } finally {
    extension.dispose();
  }
}

export async function run(): Promise<BenchSection> {
  const sim = await startSimulator({ scenario: account() });
  const n = runs(5, 1);
  let loads: Load[];
  try {
    loads = await repeat(n, () => once(sim));
  } finally {
    await sim.close();
  }
  const med = (f: (l: Load) => number) => median(loads.map(f));
  const rows: string[][] = [];
  for (const row of ROWS) {
    const listing = Object.entries(row.listing)
      .map(([op, fewest]) => {
        const got = med((l) => l.calls[op] ?? 0);
        return `${op} ${got} (fewest ${fewest}${got <= fewest ? "" : ", not at maximum batch size"})`;
      })
      .join("; ");
    const refresh = Object.keys(row.listing)
      .map((op) => `${op} ${med((l) => l.refreshCalls[op] ?? 0)}`)
      .join("; ");
    const collapsed = row.childOps
      .map((op) => [op, med((l) => l.calls[op] ?? 0)] as const)
      .filter(([, c]) => c > 0);
    const batchesOk = Object.entries(row.listing).every(
      ([op, fewest]) => med((l) => l.calls[op] ?? 0) <= fewest,
    );
    rows.push([
      row.service,
      row.resources,
      listing,
      refresh,
      collapsed.length ? collapsed.map(([op, c]) => `${op} ${c}`).join(", ") : "none",
      verdict(batchesOk && collapsed.length === 0),
    ]);
  }
  const total = (f: (l: Load) => Record<string, number>) =>
    med((l) => Object.values(f(l)).reduce((a, b) => a + b, 0));
  return {
    id: "largeAccounts",
    title: "Large accounts",
    intro:
      "The shipped bundle is loaded in Node with a stub `vscode` (real time) against one simulator holding every row's resources; the tree is shown " +
      "(VS Code asks for the root and each service's section; every node below is collapsed), then Refresh runs and the tree is shown again. " +
      `Median of ${n} load${n === 1 ? "" : "s"}, each a fresh instance of the extension.`,
    tables: [
      {
        columns: ["figure", "value"],
        rows: [
          ["time to the first rows (all sections listed)", ms(med((l) => l.firstRowsMs))],
          ["rows shown", String(med((l) => l.rows))],
          ["calls to show the tree", String(total((l) => l.calls))],
          ["time of a Refresh (until the tree is shown again)", ms(med((l) => l.refreshMs))],
          ["calls per Refresh", String(total((l) => l.refreshCalls))],
        ],
      },
      {
        columns: [
          "service",
          "account",
          "listing calls (per load)",
          "per Refresh",
          "fetched for collapsed nodes",
          "batches full, nothing for collapsed nodes",
        ],
        rows,
      },
    ],
    data: { loads },
  };
}
