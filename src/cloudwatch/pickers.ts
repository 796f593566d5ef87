import * as vscode from "vscode";
import { formatBytes } from "../core/format";
import type { LogGroupSummary, TailGroup } from "../logs/tailTypes";
import { UserError, type CommandContext } from "../workbench/commands";
import type { LogGroupStore } from "./logGroupStore";
import { PickedGroups } from "./model/pickedGroups";
import { STATE_LOOKS } from "./model/alarmGroups";
import { MAX_TAIL_GROUPS } from "./model/tailSpec";
import type { AlarmStore } from "./store";

/** Log groups offered at once while the user types (DescribeLogGroups pages of 50). */
const OFFERED = 200;
/** Wait this long after a keystroke before asking CloudWatch Logs. */
const TYPING_MS = 300;

interface GroupItem extends vscode.QuickPickItem {
  readonly group: string;
}

function describe(group: LogGroupSummary | { name: string }): string | undefined {
  const bytes = "storedBytes" in group ? group.storedBytes : undefined;
  return bytes !== undefined ? formatBytes(bytes) : undefined;
}

/**
 * Log groups picked in a quick pick whose filter box asks DescribeLogGroups (the names that
 * contain what is typed): one, or up to 10 (`many`), with `preselected` chosen already.
 */
export function pickLogGroups(
  store: LogGroupStore,
  options: { many: boolean; title: string; preselected?: readonly string[] },
): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<GroupItem>();
    qp.title = options.title;
    qp.canSelectMany = options.many;
    qp.matchOnDescription = true;
    // A focused webview or editor taking the focus back must not close the picker under the user.
    qp.ignoreFocusOut = true;
    qp.placeholder = options.many
      ? `Type to find log groups, pick up to ${MAX_TAIL_GROUPS}, then Enter`
      : "Type to find a log group";
    const picked = new PickedGroups(options.preselected ?? []);
    // The list only grows, one item object per group, in the order first seen, and VS Code hides
    // those that do not contain what is typed. A check is reported by the item's position in the
    // list when it reached the extension: a list reordered or shortened meanwhile would put it on
    // another group.
    const items = new Map<string, GroupItem>();
    const itemOf = (group: LogGroupSummary | { name: string }): GroupItem => {
      let known = items.get(group.name);
      if (!known) {
        const description = describe(group);
        known = { label: group.name, group: group.name, ...(description ? { description } : {}) };
        items.set(group.name, known);
      }
      return known;
    };
    // The title: what the picker is for, how much of the list is shown, how many are chosen.
    let base = options.title;
    const titled = () => {
      const count = picked.chosen.size;
      qp.title =
        count > MAX_TAIL_GROUPS
          ? `At most ${MAX_TAIL_GROUPS} log groups (${count} chosen)`
          : options.many && count
            ? `${base} (${count} chosen)`
            : base;
    };
    let search: AbortController | undefined;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (value: string[] | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      search?.abort();
      resolve(value);
      qp.dispose();
    };
    const show = (groups: readonly (LogGroupSummary | { name: string })[], truncated: boolean) => {
      const before = items.size;
      for (const group of groups) itemOf(group);
      if (items.size !== before) {
        const all = [...items.values()];
        qp.items = all;
        if (options.many) {
          const selected = new Set(picked.listed(all.map((i) => i.group)));
          qp.selectedItems = all.filter((i) => selected.has(i.group));
        }
      }
      base = truncated ? `${options.title} — the first ${groups.length}: type to narrow` : options.title;
      titled();
    };
    const find = (text: string) => {
      search?.abort();
      const controller = (search = new AbortController());
      qp.busy = true;
      store.search(text.trim(), OFFERED, controller.signal).then(
        ({ groups, truncated }) => {
          if (controller.signal.aborted || settled) return;
          qp.busy = false;
          show(groups, truncated);
        },
        (error: unknown) => {
          if (controller.signal.aborted || settled) return;
          qp.busy = false;
          qp.title = `Could not list log groups: ${error instanceof Error ? error.message : String(error)}`;
        },
      );
    };
    qp.onDidChangeSelection((selected) => {
      if (!options.many) return;
      const again = picked.reported(
        selected.map((i) => i.group),
        qp.items.map((i) => i.group),
      );
      if (again) qp.selectedItems = again.map((name) => itemOf({ name }));
      titled();
    });
    qp.onDidChangeValue((value) => {
      clearTimeout(timer);
      timer = setTimeout(() => find(value), TYPING_MS);
    });
    qp.onDidAccept(() => {
      if (!options.many) {
        const active = qp.activeItems[0];
        if (active) finish([active.group]);
        return;
      }
      const chosen = [...picked.chosen];
      if (chosen.length === 0 && qp.activeItems[0]) chosen.push(qp.activeItems[0].group);
      if (chosen.length === 0) {
        qp.title = `${options.title}: check one or more log groups (Space), then Enter`;
        return;
      }
      if (chosen.length > MAX_TAIL_GROUPS) return;
      finish(chosen);
    });
    qp.onDidHide(() => finish(undefined));
    show(
      (options.preselected ?? []).map((name) => ({ name })),
      false,
    );
    qp.show();
    find("");
  });
}

/** Which streams to tail in one group: every stream, those with a prefix, or some picked. */
export async function pickStreams(
  store: LogGroupStore,
  group: string,
  context: CommandContext,
): Promise<{ streamNames?: string[]; streamPrefix?: string } | undefined> {
  const how = await vscode.window.showQuickPick(
    [
      { label: "All streams", how: "all" as const },
      { label: "Streams whose name starts with…", how: "prefix" as const },
      { label: "Choose streams…", description: "the 50 most recent", how: "pick" as const },
    ],
    { title: `Tail ${group}: which streams?` },
  );
  if (!how) return undefined;
  if (how.how === "all") return {};
  if (how.how === "prefix") {
    const prefix = await vscode.window.showInputBox({
      title: `Tail ${group}: streams whose name starts with`,
      validateInput: (v) =>
        v.length === 0
          ? "Type the beginning of the stream names."
          : v.length > 512
            ? "At most 512 characters."
            : undefined,
    });
    return prefix ? { streamPrefix: prefix } : undefined;
  }
  const streams = await context.withProgress(`Listing the streams of ${group}…`, (signal) =>
    store.streams(group, signal),
  );
  if (streams.length === 0) throw new UserError(`${group} has no log streams yet.`);
  const picked = await vscode.window.showQuickPick(
    streams.map((s) => ({
      label: s.name,
      ...(s.lastEventTime ? { description: new Date(s.lastEventTime).toLocaleString() } : {}),
    })),
    { title: `Tail ${group}: streams`, canPickMany: true },
  );
  return picked?.length ? { streamNames: picked.map((p) => p.label) } : undefined;
}

/** A CloudWatch Logs filter pattern (empty: every event); undefined when cancelled. */
export function askPattern(title: string, value = ""): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    value,
    prompt:
      'Filter pattern (empty: every event): ERROR · "exact phrase" · ?ERROR ?WARN · ERROR -healthcheck · { $.level = "ERROR" } · [ip, user, ..., status = 5*]',
    placeHolder: "every event",
    validateInput: (v) => (v.length > 1024 ? "At most 1024 characters." : undefined),
  });
}

/** The groups named, with their ARNs, or a message naming those that do not exist. */
export async function resolveGroups(
  store: LogGroupStore,
  names: readonly string[],
  signal: AbortSignal,
): Promise<TailGroup[]> {
  const { groups, missing } = await store.resolve(names, signal);
  if (missing.length > 0)
    throw new UserError(
      missing.length === 1
        ? `The log group ${missing[0]} does not exist in this account and region${missing[0]!.startsWith("/aws/codebuild/") ? " (the project has not written a log yet)" : ""}.`
        : `These log groups do not exist in this account and region: ${missing.join(", ")}.`,
    );
  return groups;
}

/** The alarm a command acts on: the node's, a name, or one the user picks. */
export async function alarmFromArg(
  arg: unknown,
  store: AlarmStore,
  context: CommandContext,
): Promise<string | undefined> {
  if (typeof arg === "string") return arg;
  const named = typeof arg === "object" && arg !== null ? (arg as { name?: unknown }).name : undefined;
  if (typeof named === "string") return named;
  const alarms =
    store.alarms ??
    (await context.withProgress("Listing alarms…", () => store.loadList()), store.alarms ?? []);
  if (alarms.length === 0) throw new UserError("There are no alarms in this region.");
  const picked = await vscode.window.showQuickPick(
    [...alarms]
      .sort((a, b) =>
        a.state === b.state
          ? a.name.localeCompare(b.name)
          : a.state === "ALARM"
            ? -1
            : b.state === "ALARM"
              ? 1
              : 0,
      )
      .map((a) => ({ label: a.name, description: STATE_LOOKS[a.state].word })),
    { title: "Alarm" },
  );
  return picked?.label;
}
