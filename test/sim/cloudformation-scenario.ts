// The `cloudformation` part of a scenario: stacks deployed in the past (their create and update
// operations run at once with their events laid out in the past, failures rolled back), seeded
// drift, and failures for operations to come. The templates nested stacks and TemplateURLs name
// are objects of the scenario's `s3` part (s3-scenario.ts), seeded first. Format in README.md.
import { computeChanges } from "./cloudformation-changes";
import { CfnEngine, parameterMap, prepare, type Deployment } from "./cloudformation-engine";
import { cfnOf, changeSetArn, type FailureRule, type StackRecord } from "./cloudformation-model";
import {
  checkTemplate,
  parameterDecls,
  parseTemplate,
  requiredCapabilities,
  transformsOf,
  type Template,
} from "./cloudformation-template";
import { VirtualTimeline } from "./cloudformation-timeline";
import type { S3Store } from "./s3-store";
import type { RegionState } from "./state";

type Text = string | string[];

export interface StackUpdateSpec {
  /** Minutes before the simulator starts that the update began. */
  minutesAgo?: number;
  /** The new template (default: the stack's current one). */
  template?: Text;
  /** Parameter values that change. */
  parameters?: Record<string, string>;
  /** A resource that fails in this update (the stack rolls back: UPDATE_ROLLBACK_COMPLETE). */
  fail?: { logicalId: string; reason: string };
}

export interface StackSpec {
  name: string;
  template: Text;
  parameters?: Record<string, string>;
  tags?: Record<string, string>;
  /** Default: what the template needs. */
  capabilities?: string[];
  /** Default: a day. */
  createdMinutesAgo?: number;
  updates?: StackUpdateSpec[];
  /** What AWS holds that differs from the template: logical id → property path → value
   *  (null: the property is gone), or "DELETED" for a resource deleted outside CloudFormation. */
  drift?: Record<string, Record<string, unknown> | "DELETED">;
  /** Failures in operations to come (e.g. the next update of a resource). */
  failures?: FailureRule[];
  terminationProtection?: boolean;
  /** Change sets waiting to be executed (computed when the scenario loads). */
  changeSets?: { name: string; template?: Text; parameters?: Record<string, string>; description?: string }[];
  /** Deleted this many minutes ago (listed as DELETE_COMPLETE). */
  deletedMinutesAgo?: number;
}

export interface CloudFormationSpec {
  /** Simulated seconds resources take, by type, logical id or "default". */
  resourceSeconds?: Record<string, number>;
  stacks?: StackSpec[];
  /** Failures for stacks created later (through the API), by stack name. */
  failures?: Record<string, FailureRule[]>;
}

const text = (t: Text): string => (Array.isArray(t) ? t.join("\n") + "\n" : t);
const DAY_MINUTES = 24 * 60;

function fail(what: string): never {
  throw new Error(`invalid scenario cloudformation: ${what}`);
}

export function validateCloudFormation(spec: unknown): void {
  if (spec === undefined) return;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail("not an object");
  const s = spec as CloudFormationSpec;
  for (const stack of s.stacks ?? []) {
    if (typeof stack?.name !== "string" || !/^[a-zA-Z][-a-zA-Z0-9]*$/.test(stack.name))
      fail("every stack needs a valid name");
    if (typeof stack.template !== "string" && !Array.isArray(stack.template))
      fail(`${stack.name}: template must be text or lines`);
    try {
      checkTemplate(parseTemplate(text(stack.template)));
    } catch (e) {
      fail(`${stack.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function deployment(
  template: Template,
  values: Record<string, string>,
  tags: Record<string, string>,
  capabilities?: string[],
): Deployment {
  return {
    template,
    parameters: parameterDecls(template.doc).map((p) => ({
      key: p.key,
      value: values[p.key] ?? p.defaultValue ?? "",
      noEcho: p.noEcho,
    })),
    tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
    capabilities: capabilities ?? requiredCapabilities(template.doc, transformsOf(template.doc)).capabilities,
  };
}

/** Loads the cloudformation part of a scenario into a region. */
export function seedCloudFormation(
  region: RegionState,
  s3: S3Store,
  spec: CloudFormationSpec | undefined,
  now: number,
): void {
  if (!spec) return;
  const cfn = cfnOf(region);
  Object.assign(cfn.resourceSeconds, spec.resourceSeconds ?? {});
  for (const [name, rules] of Object.entries(spec.failures ?? {})) cfn.pendingFailures.set(name, rules);
  for (const s of spec.stacks ?? []) {
    const timeline = new VirtualTimeline(now - (s.createdMinutesAgo ?? DAY_MINUTES) * 60_000);
    const engine = new CfnEngine(region, cfn, timeline, s3);
    const stack = engine.newStack(s.name);
    let template = parseTemplate(text(s.template));
    let values = { ...(s.parameters ?? {}) };
    const tags = s.tags ?? {};
    engine.create(stack, deployment(template, values, tags, s.capabilities), false);
    timeline.run();
    for (const u of s.updates ?? []) {
      timeline.advanceTo(now - (u.minutesAgo ?? 60) * 60_000);
      if (u.template !== undefined) template = parseTemplate(text(u.template));
      values = { ...values, ...(u.parameters ?? {}) };
      if (u.fail) stack.failures.push({ ...u.fail, operation: "UPDATE", times: 1 });
      engine.update(stack, deployment(template, values, tags, s.capabilities), undefined);
      timeline.run();
      if (stack.status === "UPDATE_ROLLBACK_COMPLETE" || stack.status === "UPDATE_COMPLETE") continue;
      throw new Error(`scenario stack ${s.name}: the update ended ${stack.status}`);
    }
    for (const [logicalId, drift] of Object.entries(s.drift ?? {})) {
      const resource = stack.resources.get(logicalId);
      if (!resource) throw new Error(`scenario stack ${s.name}: no resource ${logicalId} to drift`);
      resource.seededDrift = drift;
    }
    for (const c of s.changeSets ?? []) {
      const changed = deployment(
        c.template !== undefined ? parseTemplate(text(c.template)) : template,
        { ...values, ...(c.parameters ?? {}) },
        tags,
        s.capabilities,
      );
      addChangeSet(region, stack, c.name, changed, timeline.now(), c.description);
    }
    stack.failures.push(...(s.failures ?? []).map((f) => ({ ...f })));
    stack.terminationProtection = s.terminationProtection === true;
    if (s.deletedMinutesAgo !== undefined) {
      timeline.advanceTo(now - s.deletedMinutesAgo * 60_000);
      engine.delete(stack);
      timeline.run();
    }
  }
}

/** A change set of an UPDATE, computed at once and waiting to be executed. */
function addChangeSet(
  region: RegionState,
  stack: StackRecord,
  name: string,
  changed: Deployment,
  now: number,
  description?: string,
): void {
  const cfn = cfnOf(region);
  const prepared = prepare(region, stack, changed);
  const changes = computeChanges(
    { resources: stack.resources, parameters: parameterMap(stack.parameters) },
    {
      resources: prepared.resources,
      order: prepared.order,
      parameters: prepared.parameters,
      conditions: prepared.conditions,
      scope: {
        region: region.region,
        accountId: region.accountId,
        stackName: stack.name,
        stackId: stack.id,
        doc: prepared.doc,
        parameters: prepared.parameters,
        listParameters: prepared.listParameters,
        importValue: (n) => cfn.exports.get(n)?.value ?? "",
      },
    },
    { region: region.region, accountId: region.accountId, stackName: stack.name },
  );
  const id = changeSetArn(region, name);
  stack.changeSets.set(id, {
    id,
    name,
    stackId: stack.id,
    stackName: stack.name,
    type: "UPDATE",
    status: "CREATE_COMPLETE",
    executionStatus: "AVAILABLE",
    created: now,
    ...(description !== undefined ? { description } : {}),
    template: changed.template,
    parameters: changed.parameters,
    tags: changed.tags,
    capabilities: changed.capabilities,
    includeNestedStacks: false,
    changes,
  });
}
