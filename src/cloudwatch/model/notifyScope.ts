/** Which alarms notify when they move into ALARM (`awsCicd.cloudwatch.notifications`). */
export type NotifyScope = "none" | "workspace" | "prefix" | "all";

export interface ScopeSettings {
  readonly scope: NotifyScope;
  /** For "prefix": alarms whose name starts with it. */
  readonly prefix: string;
}

/** Whether an alarm is in the user's scope; `workspace` is the alarms of this workspace's deployment groups. */
export function inScope(name: string, settings: ScopeSettings, workspace: ReadonlySet<string>): boolean {
  switch (settings.scope) {
    case "none":
      return false;
    case "all":
      return true;
    case "prefix":
      return settings.prefix !== "" && name.startsWith(settings.prefix);
    case "workspace":
      return workspace.has(name);
  }
}

/**
 * What notifications need read while the tree is hidden: nothing, every alarm, the alarms with a
 * prefix, or named alarms (in batches of 100, DescribeAlarms' most).
 */
export type ScopeQuery =
  | { readonly kind: "none" }
  | { readonly kind: "all" }
  | { readonly kind: "prefix"; readonly prefix: string }
  | { readonly kind: "names"; readonly names: readonly string[] };

export function scopeQuery(settings: ScopeSettings, workspace: ReadonlySet<string>): ScopeQuery {
  switch (settings.scope) {
    case "none":
      return { kind: "none" };
    case "all":
      return { kind: "all" };
    case "prefix":
      return settings.prefix ? { kind: "prefix", prefix: settings.prefix } : { kind: "none" };
    case "workspace":
      return workspace.size > 0 ? { kind: "names", names: [...workspace].sort() } : { kind: "none" };
  }
}

/** Whether the tree's list (alarms starting with `listPrefix`) already holds every alarm of the query. */
export function coveredByList(listPrefix: string, query: ScopeQuery): boolean {
  switch (query.kind) {
    case "none":
      return true;
    case "all":
      return listPrefix === "";
    case "prefix":
      return query.prefix.startsWith(listPrefix);
    case "names":
      return query.names.every((n) => n.startsWith(listPrefix));
  }
}
