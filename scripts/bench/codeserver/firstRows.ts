// First rows in a fresh window: open the workbench, click the AWS CI/CD activity-bar entry as
// soon as it shows, and time each step to the first project row, the Current Branch rows and
// the build's status bar item — from Playwright (click, rows seen), VS Code's exthost.log (the
// activation event) and the extension's trace marks (bundle loaded … tree rows).
import type { BenchWindow, Session } from "./session";
import { EXTENSION_ID } from "./session";
import { hostLogs, type HostLogs } from "./logs";
import { hostCpu, type ProfiledSpan } from "./profile";

export interface FirstRowsRun {
  /** Epoch ms of each moment; absent when not seen. */
  readonly opened: number;
  readonly workbench: number;
  readonly click: number;
  readonly activationEvent?: number;
  readonly activationEventName?: string;
  readonly marks: Record<string, number>;
  readonly rowsSeen: number;
  /** How often the CodeBuild rows were returned to VS Code within 3 s of the first time (1: drawn once). */
  readonly codebuildRowsReturned: number;
  readonly branchSeen?: number;
  readonly statusSeen?: number;
  readonly hostStarted?: number;
  /** When the simulator answered the CodeBuild project list (ListProjects, BatchGetProjects). */
  readonly listProjectsAnswered?: number;
  readonly batchGetProjectsAnswered?: number;
  /** Requests the simulator answered between the click and the first row. */
  readonly callsBeforeRows: number;
  readonly screenshot: string;
  /** A profiled window: the host's CPU per owner from activate() called to the CodeBuild rows. */
  readonly hostCpu?: ProfiledSpan;
  /** The text of "Developer: Startup Performance" in this window (VS Code's activation times). */
  readonly startupPerformance: string;
}

const ACTIVATING = new RegExp(
  `ExtensionService#_doActivateExtension ${EXTENSION_ID.replace(/\./g, "\\.")}, startup: \\w+, activationEvent: '([^']*)'`,
);

async function seen(window: BenchWindow, selector: string, timeoutMs = 90_000): Promise<number> {
  await window.page.locator(selector).first().waitFor({ timeout: timeoutMs });
  return Date.now();
}

export async function firstRowsRun(
  session: Session,
  index: number,
  /** Profile the window's extension host (its timings are then not comparable: sampling costs). */
  profile = false,
): Promise<FirstRowsRun> {
  const window = await session.openWindow(`first-rows-${index}`, { profile });
  try {
    const wb = window.workbench;
    await window.page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
    const workbench = Date.now();
    const entry = wb.activityBarEntry("AWS CI/CD");
    await entry.waitFor({ timeout: 90_000 });
    const click = Date.now();
    await entry.click();
    // A row under a section that is not a section's "Loading…" (those come first on newer VS Code).
    const rowSelector = (view: string) =>
      `.part.sidebar .pane:has(.pane-header .title:text-is("${view}")) .monaco-list-rows > .monaco-list-row[aria-level="2"]:not(:has-text("Loading…"))`;
    const statusSelector = `.part.statusbar .statusbar-item[id$="awsCicd.build"]:not(.hidden)`;
    const [rowsSeen, branchSeen, statusSeen] = await Promise.all([
      seen(window, rowSelector("Pipelines")),
      seen(window, rowSelector("Current Branch")).catch(() => undefined),
      seen(window, statusSelector).catch(() => undefined),
    ]);
    const screenshot = await wb.screenshot("rows");
    await window.hostPid();
    const profileFile = profile ? await window.ask<string>({ op: "stopProfile" }) : undefined;
    const startupPerformance = await window
      .ask<string>({ op: "startupPerformance" })
      .catch((error: unknown) => String(error));
    // The trace marks reach the log file within a second or so (VS Code's log writer batches).
    let logs: HostLogs = hostLogs(session.userDataDir, window.openedAt, EXTENSION_ID);
    for (let i = 0; i < 30 && !logs.marks.some((m) => m.name.startsWith("tree rows")); i++) {
      await new Promise((r) => setTimeout(r, 200));
      logs = hostLogs(session.userDataDir, window.openedAt, EXTENSION_ID);
    }
    // A second return of the rows (a redraw) would come within moments of the first.
    const returned = (l: HostLogs) => l.marks.filter((m) => m.name === "tree rows codebuild");
    const firstReturned = returned(logs)[0]?.at ?? rowsSeen;
    const settle = firstReturned + 3_000 + 1_500 - Date.now();
    if (settle > 0) await new Promise((r) => setTimeout(r, settle));
    logs = hostLogs(session.userDataDir, window.openedAt, EXTENSION_ID);
    const codebuildRowsReturned = returned(logs).filter((m) => m.at - firstReturned <= 3_000).length;
    const calls = session.simulator.calls.filter((c) => c.at >= window.openedAt && c.at <= rowsSeen);
    const answered = (op: string) =>
      calls.find((c) => c.operation === op && c.target.startsWith("CodeBuild"))?.at;
    const hostStarted = logs.exthost.find((l) => /^Extension host with pid \d+ started/.test(l.text))?.at;
    const activation = logs.exthost.find((l) => ACTIVATING.test(l.text));
    const marks: Record<string, number> = {};
    for (const m of logs.marks) marks[m.name] ??= m.at;
    const from = marks["activate called"];
    const to = marks["tree rows codebuild"];
    const cpu = profileFile && from && to ? hostCpu(profileFile, from, to, EXTENSION_ID) : undefined;
    return {
      opened: window.openedAt,
      workbench,
      click,
      activationEvent: activation?.at,
      activationEventName: activation ? ACTIVATING.exec(activation.text)?.[1] : undefined,
      marks,
      rowsSeen,
      codebuildRowsReturned,
      branchSeen,
      statusSeen,
      hostStarted,
      listProjectsAnswered: answered("ListProjects"),
      batchGetProjectsAnswered: answered("BatchGetProjects"),
      callsBeforeRows: calls.length,
      screenshot,
      ...(cpu ? { hostCpu: cpu } : {}),
      startupPerformance,
    };
  } finally {
    await window.close();
  }
}
