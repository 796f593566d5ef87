import type { ChangeSet, PropertyChange, ResourceChange } from "./types";

/** The reasons CloudFormation gives a change set that changes nothing. */
const NO_CHANGES = [/didn't contain changes/i, /No updates are to be performed/i];

export function isNoChange(cs: { readonly status: string; readonly statusReason?: string }): boolean {
  return cs.status === "FAILED" && NO_CHANGES.some((p) => p.test(cs.statusReason ?? ""));
}

export function isBeingCreated(cs: { readonly status: string }): boolean {
  return cs.status === "CREATE_PENDING" || cs.status === "CREATE_IN_PROGRESS";
}

export interface PropertyRow {
  /** The property path below Properties ("VisibilityTimeout", "RedrivePolicy/maxReceiveCount"). */
  readonly name: string;
  readonly before?: string;
  readonly after?: string;
  /** never | sometimes | always: whether this change replaces the resource. */
  readonly recreation: "never" | "sometimes" | "always" | "";
  /** Why it changes, in words. */
  readonly why: string;
}

export interface ChangeRow {
  readonly action: string;
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  /** True (red), Conditional (amber), False, or "" for Add/Remove. */
  readonly replacement: string;
  readonly policy?: string;
  readonly properties: readonly PropertyRow[];
}

export interface ChangeSetView {
  readonly id: string;
  readonly name: string;
  readonly stackName: string;
  readonly status: string;
  readonly executionStatus: string;
  readonly statusReason?: string;
  /** Where it stands, in words: "ready to execute", "being created", "failed", "executed"… */
  readonly state: string;
  readonly created?: string;
  readonly description?: string;
  readonly creating: boolean;
  readonly noChanges: boolean;
  readonly failed: boolean;
  readonly canExecute: boolean;
  readonly counts: {
    readonly add: number;
    readonly modify: number;
    readonly remove: number;
    readonly replace: number;
  };
  readonly rows: readonly ChangeRow[];
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  readonly capabilities: readonly string[];
}

const MASK = "****";
const KNOWN_AFTER_APPLY = "{{changeSet:KNOWN_AFTER_APPLY}}";

/** A value as people read it: CloudFormation's placeholder for what is known only after the change, in words. */
function readableValue(value: string): string {
  return value.split(KNOWN_AFTER_APPLY).join("(known after the change)");
}

function why(d: PropertyChange): string {
  const entity = d.causingEntity ?? "";
  const maybe = d.evaluation === "Dynamic" ? " (known only when it runs)" : "";
  switch (d.source) {
    case "DirectModification":
      return "changed in the template";
    case "ParameterReference":
      return `parameter ${entity} changed`;
    case "ResourceReference":
      return `${entity} is replaced: its Ref changes${maybe}`;
    case "ResourceAttribute":
      return `${entity} changes${maybe}`;
    case "Automatic":
      return "a nested stack is always updated with its parent";
    default:
      return d.source ?? "";
  }
}

function recreation(value: string | undefined): PropertyRow["recreation"] {
  if (value === "Always") return "always";
  if (value === "Conditionally") return "sometimes";
  if (value === "Never") return "never";
  return "";
}

/**
 * `value` with every NoEcho value the user typed in it masked: a property that embeds one through
 * `!Sub` is a DirectModification, which names no parameter. Values under 4 characters are left
 * (masking every "1" would make the view unreadable, and say which digits the secret has).
 */
function maskValues(value: string, secretValues: readonly string[]): string {
  // Longest first (one secret may hold another); also as it reads inside a JSON value.
  const forms = secretValues
    .filter((secret) => secret.length >= 4)
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)])
    .sort((a, b) => b.length - a.length);
  let out = value;
  for (const form of forms) out = out.split(form).join(MASK);
  return out;
}

function propertyRows(
  change: ResourceChange,
  secret: ReadonlySet<string>,
  secretValues: readonly string[],
): PropertyRow[] {
  const readable = (value: string) => maskValues(readableValue(value), secretValues);
  return change.details.map((d) => {
    const masked =
      d.source === "ParameterReference" && d.causingEntity !== undefined && secret.has(d.causingEntity);
    const path = d.path?.replace(/^\/Properties\//, "").replace(/^\//, "") ?? d.name ?? d.attribute ?? "";
    return {
      name: path || (d.attribute ?? ""),
      ...(d.before !== undefined ? { before: masked ? MASK : readable(d.before) } : {}),
      ...(d.after !== undefined ? { after: masked ? MASK : readable(d.after) } : {}),
      recreation: recreation(d.requiresRecreation),
      why: why(d),
    };
  });
}

/**
 * A change set as the change-set view shows it: one row per resource with its action and
 * Replacement, and per changed property its before and after value and why. Values of NoEcho
 * parameters (`secret`) are masked, and so are the NoEcho values the user typed (`secretValues`)
 * wherever they show.
 */
export function changeSetView(
  cs: ChangeSet,
  secret: ReadonlySet<string> = new Set(),
  secretValues: readonly string[] = [],
): ChangeSetView {
  const rows = cs.changes.map((c) => ({
    action: c.action,
    logicalId: c.logicalId,
    type: c.type,
    ...(c.physicalId ? { physicalId: c.physicalId } : {}),
    replacement: c.action === "Modify" ? (c.replacement ?? "") : "",
    ...(c.policyAction ? { policy: c.policyAction } : {}),
    properties: propertyRows(c, secret, secretValues),
  }));
  const count = (f: (c: (typeof rows)[number]) => boolean) => rows.filter(f).length;
  const noChanges = isNoChange(cs);
  return {
    id: cs.id,
    name: cs.name,
    stackName: cs.stackName,
    status: cs.status,
    executionStatus: cs.executionStatus,
    ...(cs.statusReason ? { statusReason: cs.statusReason } : {}),
    state: stateOf(cs),
    ...(cs.created ? { created: cs.created.toISOString() } : {}),
    ...(cs.description ? { description: cs.description } : {}),
    creating: isBeingCreated(cs),
    noChanges,
    failed: cs.status === "FAILED" && !noChanges,
    canExecute: cs.status === "CREATE_COMPLETE" && cs.executionStatus === "AVAILABLE",
    counts: {
      add: count((r) => r.action === "Add"),
      modify: count((r) => r.action === "Modify"),
      remove: count((r) => r.action === "Remove"),
      replace: count((r) => r.replacement === "True" || r.replacement === "Conditional"),
    },
    rows,
    parameters: cs.parameters.map((p) => ({ key: p.key, value: secret.has(p.key) ? MASK : p.value })),
    capabilities: cs.capabilities,
  };
}

function stateOf(cs: ChangeSet): string {
  if (isBeingCreated(cs)) return "being created";
  if (isNoChange(cs)) return "no changes";
  if (cs.status === "FAILED") return "failed";
  switch (cs.executionStatus) {
    case "AVAILABLE":
      return "ready to execute";
    case "EXECUTE_IN_PROGRESS":
      return "executing";
    case "EXECUTE_COMPLETE":
      return "executed";
    case "EXECUTE_FAILED":
      return "executed, the stack rolled back";
    case "OBSOLETE":
      return "obsolete (the stack changed since)";
  }
  return cs.status.toLowerCase().replace(/_/g, " ");
}
