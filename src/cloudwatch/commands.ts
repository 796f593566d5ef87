import * as vscode from "vscode";
import { errorName } from "../aws/errors";
import type { TailApi, TailTarget } from "../logs/tailTypes";
import { registerCommand, UserError, type CommandContext } from "../workbench/commands";
import type { ConnectionManager } from "../workbench/connectionManager";
import { openAwsLink } from "../workbench/external";
import type { AlarmPanels } from "./alarmPanel";
import type { LogGroupStore } from "./logGroupStore";
import { alarmConsoleUrl, logGroupConsoleUrl } from "./model/consoleLinks";
import { CLOUDWATCH_ERROR_ADVICE } from "./model/errors";
import { rateText } from "./model/tailSpec";
import { tailArg } from "./model/tailArg";
import { parseRange, RANGE_PRESETS, type TimeRange } from "./model/timeRange";
import { alarmFromArg, askPattern, pickLogGroups, pickStreams, resolveGroups } from "./pickers";
import type { SearchDocuments } from "./searchDocuments";
import type { AlarmStore } from "./store";
import type { LogTails } from "./tails";

export interface CloudWatchCommandDeps {
  readonly alarms: AlarmStore;
  readonly logGroups: LogGroupStore;
  readonly tails: LogTails;
  readonly api: TailApi;
  readonly panels: AlarmPanels;
  readonly searches: SearchDocuments;
  readonly connection: ConnectionManager;
  /** Shows the CloudWatch section of the tree. */
  readonly revealSection: () => Thenable<void>;
}

/** A refused filter pattern in the service's own words. */
function patternRefused(error: unknown, pattern: string): never {
  if (errorName(error) === "InvalidParameterException")
    throw new UserError(
      `CloudWatch Logs refused the filter pattern ${pattern}: ${error instanceof Error ? error.message : String(error)}`,
    );
  throw error;
}

async function pickRange(): Promise<TimeRange | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      ...RANGE_PRESETS.map((p) => ({ label: p.label, minutes: p.minutes })),
      { label: "Custom range…", minutes: 0 },
    ],
    { title: "Search Log Group: time range" },
  );
  if (!picked) return undefined;
  const now = Date.now();
  if (picked.minutes > 0) return { start: now - picked.minutes * 60_000, end: now };
  const text = await vscode.window.showInputBox({
    title: "Search Log Group: time range",
    prompt: "From .. to, in local time (a Z for UTC): 2026-12-02 10:00 .. 2026-12-02 11:30, or .. now",
    validateInput: (v) => {
      const range = parseRange(v, Date.now());
      return typeof range === "string" ? range : undefined;
    },
  });
  if (text === undefined) return undefined;
  const range = parseRange(text, Date.now());
  return typeof range === "string" ? undefined : range;
}

export function registerCloudWatchCommands(deps: CloudWatchCommandDeps): vscode.Disposable[] {
  const { alarms, logGroups, tails, api, panels, searches, connection } = deps;
  const command = (id: string, handler: (context: CommandContext, ...args: unknown[]) => Promise<unknown>) =>
    registerCommand(id, connection, handler, CLOUDWATCH_ERROR_ADVICE);
  const region = async () => (await connection.ready()).connection.region;

  const stopFromPick = async (title: string) => {
    const running = tails.tails;
    if (running.length === 0) throw new UserError("No log group is being tailed.");
    if (running.length === 1) return tails.stop(running[0]!.key);
    const picked = await vscode.window.showQuickPick(
      running.map((t) => ({ label: t.title, description: rateText(t.meter.perSecond()), key: t.key })),
      { title },
    );
    if (picked) tails.stop(picked.key);
  };

  return [
    command("awsCicd.logs.tail", async (context, arg) => {
      const given = tailArg(arg);
      const names = await pickLogGroups(logGroups, {
        many: true,
        title: "Tail Log Group",
        preselected: given.groups,
      });
      if (!names?.length) return;
      const streams = names.length === 1 ? await pickStreams(logGroups, names[0]!, context) : {};
      if (!streams) return;
      const pattern = await askPattern(
        `Tail ${names.length === 1 ? names[0]! : `${names.length} log groups`}: filter pattern`,
        given.pattern,
      );
      if (pattern === undefined) return;
      // One progress for both: the groups' ARNs, and the pattern checked by CloudWatch Logs
      // itself (its refusal, in its words, here rather than in a channel).
      const trimmed = pattern.trim();
      const target = await context.withProgress(
        `Starting the tail of ${names.join(", ")}…`,
        async (signal) => {
          const groups = await resolveGroups(logGroups, names, signal);
          if (trimmed) {
            const now = Date.now();
            await api
              .filterLogEvents(
                { group: groups[0]!.name, pattern: trimmed, startTime: now - 1000, endTime: now, limit: 1 },
                signal,
              )
              .catch((error: unknown) => patternRefused(error, trimmed));
          }
          return { groups, ...streams, ...(trimmed ? { pattern: trimmed } : {}) } satisfies TailTarget;
        },
      );
      tails.start(target);
    }),

    command("awsCicd.logs.stopTail", async () => {
      // From the Output panel: the tail whose channel is shown, if one is.
      const shown = vscode.window.visibleTextEditors
        .map((e) => e.document.uri)
        .find((u) => u.scheme === "output" && u.path.includes("Tail: "));
      const title = shown
        ? `Tail: ${decodeURIComponent(shown.path).split("Tail: ").slice(1).join("Tail: ")}`
        : undefined;
      const tail = title ? tails.byTitle(title) : undefined;
      if (tail) return tails.stop(tail.key);
      await stopFromPick("Stop which tail?");
    }),

    command("awsCicd.logs.tailActions", async () => {
      const running = tails.tails;
      if (running.length === 0) return;
      const picked = await vscode.window.showQuickPick(
        [
          ...running.flatMap((t) => [
            {
              label: `$(debug-stop) Stop ${t.title}`,
              description: rateText(t.meter.perSecond()),
              key: t.key,
              stop: true,
            },
            {
              label: `$(output) Show ${t.title}`,
              description: t.mode === "live" ? "Live Tail" : "polling",
              key: t.key,
              stop: false,
            },
          ]),
        ],
        { title: "Tails" },
      );
      if (!picked) return;
      if (picked.stop) tails.stop(picked.key);
      else {
        const tail = running.find((t) => t.key === picked.key);
        if (tail) tails.start(tail.target);
      }
    }),

    command("awsCicd.logs.search", async (context, arg) => {
      const given = tailArg(arg);
      const group =
        given.groups.length === 1
          ? given.groups[0]!
          : (await pickLogGroups(logGroups, { many: false, title: "Search Log Group" }))?.[0];
      if (!group) return;
      const range = await pickRange();
      if (!range) return;
      const pattern = await askPattern(`Search ${group}: filter pattern`, given.pattern);
      if (pattern === undefined) return;
      const r = await region();
      const result = await context
        .withProgress(`Searching ${group}…`, (signal) =>
          searches.search(
            api,
            { region: r, group, pattern: pattern.trim(), start: range.start, end: range.end },
            signal,
          ),
        )
        .catch((error: unknown) => patternRefused(error, pattern.trim()));
      await searches.open(result);
    }),

    command("awsCicd.logs.openInConsole", async (context, arg) => {
      const group =
        tailArg(arg).groups[0] ??
        (await pickLogGroups(logGroups, { many: false, title: "Open Log Group in Console" }))?.[0];
      if (group) await openAwsLink(logGroupConsoleUrl(await region(), group), "log group's console link");
    }),

    command("awsCicd.alarm.showDetails", async (context, arg) => {
      const name = await alarmFromArg(arg, alarms, context);
      if (name) await panels.show(name);
    }),

    command("awsCicd.alarm.openInConsole", async (context, arg) => {
      const name = await alarmFromArg(arg, alarms, context);
      if (name) await openAwsLink(alarmConsoleUrl(await region(), name), "alarm's console link");
    }),

    command("awsCicd.alarm.copyName", async (context, arg) => {
      const name = await alarmFromArg(arg, alarms, context);
      if (name) await vscode.env.clipboard.writeText(name);
    }),

    command("awsCicd.alarm.focusTree", async () => {
      await deps.revealSection();
    }),

    // For the other services (CodeDeploy's deployment groups): the states of named alarms.
    vscode.commands.registerCommand("awsCicd.alarm.statesOf", async (names: unknown) => {
      if (!Array.isArray(names) || !names.every((n) => typeof n === "string"))
        throw new TypeError("awsCicd.alarm.statesOf takes a list of alarm names");
      const states = await alarms.statesOf(names.slice(0, 500));
      return states.map((s) => ({ ...s, ...(s.changed ? { changed: s.changed.toISOString() } : {}) }));
    }),
  ];
}
