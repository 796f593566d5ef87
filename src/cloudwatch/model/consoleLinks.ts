import { consoleBase } from "../../aws/consoleLinks";

/** The console's own escaping inside its #fragment: encodeURIComponent, then `%` as `$25`. */
function consoleEscape(text: string): string {
  return encodeURIComponent(text).replace(/%/g, "$25");
}

export function alarmConsoleUrl(region: string, name: string): string {
  return `${consoleBase(region)}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`;
}

export function logGroupConsoleUrl(region: string, group: string): string {
  return `${consoleBase(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${consoleEscape(group)}`;
}

/**
 * The log events of a group (or one stream), filtered and over a time range, as the console shows
 * them. Inside the fragment the console writes the query's `?`, `=` and `&` as `$3F`, `$3D`,
 * `$26`, and escapes values like path segments.
 */
export function logEventsConsoleUrl(
  region: string,
  group: string,
  options: { stream?: string; pattern?: string; start?: number; end?: number } = {},
): string {
  const query = [
    options.pattern ? ["filterPattern", options.pattern] : undefined,
    options.start !== undefined ? ["start", String(options.start)] : undefined,
    options.end !== undefined ? ["end", String(options.end)] : undefined,
  ]
    .filter((pair): pair is string[] => pair !== undefined)
    .map(([key, value]) => `${key}$3D${consoleEscape(value ?? "")}`);
  const stream = options.stream ? `/${consoleEscape(options.stream)}` : "";
  return `${logGroupConsoleUrl(region, group)}/log-events${stream}${query.length ? `$3F${query.join("$26")}` : ""}`;
}
