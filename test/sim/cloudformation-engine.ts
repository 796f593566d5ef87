// Stack operations on a timeline: create, update and delete, resource by resource in dependency
// order (as many at once as the dependencies allow), with the events CloudFormation writes; a
// failure cancels what runs and rolls back; nested stacks (AWS::CloudFormation::Stack) are stacks
// of their own whose operation is their parent resource's.
import { randomUUID } from "node:crypto";
import { computeChanges, valueText } from "./cloudformation-changes";
import {
  activeResources,
  conditionValues,
  dependencies,
  dependencyOrder,
  processTemplate,
  resolve,
  shortHash,
  type EvalScope,
} from "./cloudformation-eval";
import {
  attributeOf,
  findStack,
  handlerRefusal,
  physicalIdFor,
  randomSuffix,
  resourceSeconds,
  stackArn,
  type CfnRegion,
  type ParamValue,
  type ResourceChange,
  type ResourceRecord,
  type StackRecord,
  type Tag,
} from "./cloudformation-model";
import {
  asObject,
  parseTemplate,
  scalarText,
  validationError,
  type Template,
} from "./cloudformation-template";
import { runDag, type Step, type Timeline } from "./cloudformation-timeline";
import type { S3Store } from "./s3-store";
import type { Json, RegionState } from "./state";

const STACK_TYPE = "AWS::CloudFormation::Stack";

/** What an operation deploys: a template with its parameter values, tags and capabilities. */
export interface Deployment {
  readonly template: Template;
  readonly parameters: ParamValue[];
  readonly tags: Tag[];
  readonly capabilities: string[];
}

/** A template made ready to deploy: processed (transforms), conditions evaluated, resources ordered. */
export interface Prepared {
  readonly doc: Json;
  readonly conditions: Map<string, boolean>;
  readonly resources: Map<string, Json>;
  readonly order: string[];
  readonly parameters: Map<string, string>;
  readonly listParameters: Set<string>;
}

export function parameterMap(values: readonly ParamValue[]): Map<string, string> {
  return new Map(values.map((p) => [p.key, p.resolved ?? p.value]));
}

export function prepare(
  region: RegionState,
  stack: { name: string; id: string },
  deployment: Deployment,
): Prepared {
  const doc = processTemplate(deployment.template.doc);
  const parameters = parameterMap(deployment.parameters);
  const listParameters = new Set(
    Object.entries(asObject(doc.Parameters))
      .filter(([, p]) => /^(CommaDelimitedList|List<.*>)$/.test(scalarText(asObject(p).Type) ?? ""))
      .map(([k]) => k),
  );
  const conditions = conditionValues({
    region: region.region,
    accountId: region.accountId,
    stackName: stack.name,
    stackId: stack.id,
    doc,
    parameters,
    listParameters,
  });
  const resources = activeResources(doc, conditions);
  return { doc, conditions, resources, order: dependencyOrder(resources), parameters, listParameters };
}

export interface OperationEnd {
  readonly ok: boolean;
  readonly status: string;
  readonly reason?: string;
}

export class CfnEngine {
  constructor(
    private readonly region: RegionState,
    private readonly cfn: CfnRegion,
    private readonly timeline: Timeline,
    /** The simulator's S3, where nested stacks' templates are read from. */
    private readonly s3: S3Store,
  ) {}

  private naming(stack: StackRecord) {
    return { region: this.region.region, accountId: this.region.accountId, stackName: stack.name };
  }

  // ── Events ───────────────────────────────────────────────────────────────────────────

  private resourceEvent(
    stack: StackRecord,
    resource: ResourceRecord,
    status: string,
    reason?: string,
    physicalId = resource.physicalId,
  ): void {
    const timestamp = this.timeline.now();
    // Events about a replaced resource's old physical resource leave the live one as it is.
    if (physicalId === resource.physicalId || resource.physicalId === undefined) {
      resource.status = status;
      resource.updated = timestamp;
      if (reason !== undefined) resource.reason = reason;
      else delete resource.reason;
    }
    const base = `${resource.logicalId}-${status}-${new Date(timestamp).toISOString()}`;
    const clash = stack.events.filter((e) => e.eventId.startsWith(base)).length;
    stack.events.push({
      eventId: clash ? `${base}-${clash}` : base,
      logicalId: resource.logicalId,
      ...(physicalId !== undefined ? { physicalId } : {}),
      type: resource.type,
      timestamp,
      status,
      ...(reason !== undefined ? { reason } : {}),
      ...(status.endsWith("_IN_PROGRESS") && Object.keys(resource.props).length > 0
        ? { properties: JSON.stringify(resource.props) }
        : {}),
    });
  }

  stackEvent(stack: StackRecord, status: string, reason?: string): void {
    const timestamp = this.timeline.now();
    stack.status = status;
    if (reason !== undefined) stack.reason = reason;
    else delete stack.reason;
    stack.events.push({
      eventId: randomUUID(),
      logicalId: stack.name,
      physicalId: stack.id,
      type: STACK_TYPE,
      timestamp,
      status,
      ...(reason !== undefined ? { reason } : {}),
    });
  }

  // ── Scopes ───────────────────────────────────────────────────────────────────────────

  private scope(stack: StackRecord, prepared: Prepared): EvalScope {
    return {
      region: this.region.region,
      accountId: this.region.accountId,
      stackName: stack.name,
      stackId: stack.id,
      doc: prepared.doc,
      parameters: prepared.parameters,
      listParameters: prepared.listParameters,
      ref: (id) => stack.resources.get(id)?.physicalId,
      attribute: (id, attribute) => this.attribute(stack, id, attribute),
      importValue: (name) => {
        const found = this.cfn.exports.get(name);
        if (!found) throw validationError(`No export named ${name} found`);
        return found.value;
      },
    };
  }

  private attribute(stack: StackRecord, id: string, attribute: string): string | undefined {
    const record = stack.resources.get(id);
    if (!record?.physicalId) return undefined;
    const known = record.attributes.get(attribute);
    if (known !== undefined) return known;
    let value: string;
    if (record.type === STACK_TYPE && attribute.startsWith("Outputs.")) {
      const child = record.nestedStackId ? findStack(this.cfn, record.nestedStackId) : undefined;
      const key = attribute.slice("Outputs.".length);
      value =
        child?.outputs.find((o) => o.key === key)?.value ?? `${key}-${shortHash(record.physicalId, key)}`;
      if (child?.outputs.some((o) => o.key === key)) return value;
    } else {
      value = attributeOf(record.type, record.physicalId, attribute, record.props, this.naming(stack));
    }
    record.attributes.set(attribute, value);
    return value;
  }

  private takeFailure(stack: StackRecord, logicalId: string, operation: string): string | undefined {
    const rule = stack.failures.find(
      (f) => f.logicalId === logicalId && (!f.operation || f.operation === operation) && (f.times ?? 1) > 0,
    );
    if (!rule) return undefined;
    if (rule.times !== undefined) rule.times--;
    return rule.reason;
  }

  private evaluateOutputs(stack: StackRecord, prepared: Prepared): void {
    const scope = this.scope(stack, prepared);
    const condition = (name: string) => prepared.conditions.get(name) ?? false;
    for (const [name, entry] of this.cfn.exports)
      if (entry.stackId === stack.id) this.cfn.exports.delete(name);
    stack.outputs = [];
    for (const [key, raw] of Object.entries(asObject(prepared.doc.Outputs))) {
      const output = asObject(raw);
      const cond = scalarText(output.Condition);
      if (cond !== undefined && !condition(cond)) continue;
      let value: unknown;
      let exportName: string | undefined;
      try {
        value = resolve(output.Value, scope, condition);
        const exported = asObject(output.Export).Name;
        exportName = exported === undefined ? undefined : String(resolve(exported, scope, condition));
      } catch {
        continue;
      }
      const text = Array.isArray(value) ? value.join(",") : valueText(value);
      const description = scalarText(output.Description);
      stack.outputs.push({
        key,
        value: text,
        ...(description ? { description } : {}),
        ...(exportName ? { exportName } : {}),
      });
      if (exportName) this.cfn.exports.set(exportName, { stackId: stack.id, value: text });
    }
  }

  // ── Steps ────────────────────────────────────────────────────────────────────────────

  private createStep(
    stack: StackRecord,
    prepared: Prepared,
    id: string,
    deps: string[],
    onCreated: () => void,
  ): Step {
    return {
      id,
      deps,
      start: (done) => {
        const decl = prepared.resources.get(id)!;
        const type = scalarText(decl.Type) ?? "";
        const condition = (name: string) => prepared.conditions.get(name) ?? false;
        let props: Json;
        let failure: string | undefined;
        try {
          props = asObject(resolve(asObject(decl.Properties), this.scope(stack, prepared), condition));
        } catch (error) {
          props = {};
          failure = error instanceof Error ? error.message : String(error);
        }
        const resource: ResourceRecord = {
          logicalId: id,
          type,
          status: "CREATE_IN_PROGRESS",
          updated: this.timeline.now(),
          decl,
          props,
          attributes: new Map(),
        };
        stack.resources.set(id, resource);
        this.resourceEvent(stack, resource, "CREATE_IN_PROGRESS");
        failure ??= this.takeFailure(stack, id, "CREATE") ?? handlerRefusal(type, props);
        if (failure === undefined) {
          resource.physicalId =
            type === STACK_TYPE ? undefined : physicalIdFor(type, id, props, this.naming(stack));
          if (type !== STACK_TYPE)
            this.resourceEvent(stack, resource, "CREATE_IN_PROGRESS", "Resource creation Initiated");
        }
        onCreated();
        if (type === STACK_TYPE && failure === undefined) return this.nestedCreate(stack, resource, done);
        const cancel = this.timeline.after(resourceSeconds(this.cfn, type, id) * 1000, () => {
          if (failure !== undefined) {
            this.resourceEvent(stack, resource, "CREATE_FAILED", failure);
            return done(failure);
          }
          this.resourceEvent(stack, resource, "CREATE_COMPLETE");
          done();
        });
        return () => {
          cancel();
          this.resourceEvent(stack, resource, "CREATE_FAILED", "Resource creation cancelled");
          done("cancelled");
        };
      },
    };
  }

  private updateStep(
    stack: StackRecord,
    prepared: Prepared,
    change: ResourceChange,
    deps: string[],
    rollback: RollbackLog,
  ): Step {
    const id = change.logicalId;
    return {
      id,
      deps,
      start: (done) => {
        const decl = prepared.resources.get(id)!;
        const resource = stack.resources.get(id)!;
        const before = {
          decl: resource.decl,
          props: resource.props,
          physicalId: resource.physicalId,
          attributes: new Map(resource.attributes),
        };
        const condition = (name: string) => prepared.conditions.get(name) ?? false;
        let failure: string | undefined;
        let props: Json = resource.props;
        try {
          props = asObject(resolve(asObject(decl.Properties), this.scope(stack, prepared), condition));
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
        const replace = change.replacement === "True";
        rollback.updated.push({ id, ...before, replaced: replace });
        resource.decl = decl;
        resource.props = props;
        this.resourceEvent(stack, resource, "UPDATE_IN_PROGRESS");
        failure ??= this.takeFailure(stack, id, "UPDATE") ?? handlerRefusal(resource.type, props);
        if (resource.type === STACK_TYPE && failure === undefined)
          return this.nestedUpdate(stack, resource, done);
        if (replace && failure === undefined) {
          const fresh = physicalIdFor(resource.type, id, props, this.naming(stack));
          this.resourceEvent(
            stack,
            resource,
            "UPDATE_IN_PROGRESS",
            "Requested update requires the creation of a new physical resource; hence creating one.",
            fresh,
          );
          resource.physicalId = fresh;
          resource.attributes.clear();
        }
        const cancel = this.timeline.after(resourceSeconds(this.cfn, resource.type, id) * 1000, () => {
          if (failure !== undefined) {
            this.resourceEvent(stack, resource, "UPDATE_FAILED", failure);
            return done(failure);
          }
          delete resource.seededDrift;
          this.resourceEvent(stack, resource, "UPDATE_COMPLETE");
          done();
        });
        return () => {
          cancel();
          this.resourceEvent(stack, resource, "UPDATE_FAILED", "Resource update cancelled");
          done("cancelled");
        };
      },
    };
  }

  private deleteStep(
    stack: StackRecord,
    resource: ResourceRecord,
    deps: string[],
    physicalId = resource.physicalId,
    operation = "DELETE",
  ): Step {
    return {
      id: physicalId !== resource.physicalId ? `${resource.logicalId}#old` : resource.logicalId,
      deps,
      start: (done) => {
        const policy = scalarText(resource.decl.DeletionPolicy);
        if ((policy === "Retain" || policy === "RetainExceptOnCreate") && operation === "DELETE") {
          this.resourceEvent(stack, resource, "DELETE_SKIPPED", undefined, physicalId);
          return (done(), () => undefined);
        }
        if (!physicalId && resource.type !== STACK_TYPE) {
          // Never created (its creation failed or was cancelled): nothing to delete.
          this.resourceEvent(stack, resource, "DELETE_COMPLETE", undefined, physicalId);
          if (stack.resources.get(resource.logicalId) === resource)
            stack.resources.delete(resource.logicalId);
          return (done(), () => undefined);
        }
        this.resourceEvent(stack, resource, "DELETE_IN_PROGRESS", undefined, physicalId);
        const failure =
          operation === "DELETE" ? this.takeFailure(stack, resource.logicalId, "DELETE") : undefined;
        const finish = () => {
          if (failure !== undefined) {
            this.resourceEvent(stack, resource, "DELETE_FAILED", failure, physicalId);
            return done(failure);
          }
          this.resourceEvent(stack, resource, "DELETE_COMPLETE", undefined, physicalId);
          if (stack.resources.get(resource.logicalId) === resource && physicalId === resource.physicalId)
            stack.resources.delete(resource.logicalId);
          done();
        };
        if (resource.type === STACK_TYPE && resource.nestedStackId && physicalId === resource.physicalId) {
          const child = findStack(this.cfn, resource.nestedStackId);
          if (child && child.deleted === undefined) {
            this.delete(child, (end) =>
              end.ok ? finish() : done(end.reason ?? "nested stack deletion failed"),
            );
            return () => undefined;
          }
        }
        const cancel = this.timeline.after(
          resourceSeconds(this.cfn, resource.type, resource.logicalId) * 500,
          finish,
        );
        return cancel;
      },
    };
  }

  // ── Nested stacks ────────────────────────────────────────────────────────────────────

  private nestedTemplate(url: string): Template {
    const object = this.s3.at(url);
    if (object) return parseTemplate(object.body.toString("utf8"));
    // A template the simulator does not hold: a nested stack with one placeholder resource.
    return parseTemplate(
      JSON.stringify({
        Description: `Nested stack from ${url} (the simulator does not hold this template)`,
        Resources: { Placeholder: { Type: "AWS::CloudFormation::WaitConditionHandle" } },
      }),
    );
  }

  private nestedDeployment(parent: StackRecord, resource: ResourceRecord): Deployment {
    const url = scalarText(resource.props.TemplateURL) ?? "";
    const template = this.nestedTemplate(url);
    const given = asObject(resource.props.Parameters);
    const parameters: ParamValue[] = [];
    for (const [key, raw] of Object.entries(asObject(template.doc.Parameters))) {
      const decl = asObject(raw);
      const value =
        scalarText(given[key]) ??
        (Array.isArray(given[key]) ? (given[key] as unknown[]).join(",") : undefined) ??
        scalarText(decl.Default) ??
        "";
      parameters.push({ key, value, noEcho: scalarText(decl.NoEcho)?.toLowerCase() === "true" });
    }
    return { template, parameters, tags: parent.tags, capabilities: parent.capabilities };
  }

  private nestedCreate(
    parent: StackRecord,
    resource: ResourceRecord,
    done: (failure?: string) => void,
  ): () => void {
    let deployment: Deployment;
    try {
      deployment = this.nestedDeployment(parent, resource);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.resourceEvent(parent, resource, "CREATE_FAILED", reason);
      done(reason);
      return () => undefined;
    }
    const name = `${parent.name}-${resource.logicalId}-${randomSuffix()}`.slice(0, 128);
    const child = this.newStack(name, parent);
    resource.nestedStackId = child.id;
    resource.physicalId = child.id;
    this.resourceEvent(parent, resource, "CREATE_IN_PROGRESS", "Resource creation Initiated");
    let cancelled = false;
    this.create(child, deployment, parent.disableRollback, (end) => {
      if (cancelled) return;
      if (end.ok) {
        this.resourceEvent(parent, resource, "CREATE_COMPLETE");
        return done();
      }
      const reason = `Embedded stack ${child.id} was not successfully created: ${end.reason ?? end.status}`;
      this.resourceEvent(parent, resource, "CREATE_FAILED", reason);
      done(reason);
    });
    return () => {
      cancelled = true;
      child.operation?.cancel();
      this.resourceEvent(parent, resource, "CREATE_FAILED", "Resource creation cancelled");
      done("cancelled");
    };
  }

  private nestedUpdate(
    parent: StackRecord,
    resource: ResourceRecord,
    done: (failure?: string) => void,
  ): () => void {
    const child = resource.nestedStackId ? findStack(this.cfn, resource.nestedStackId) : undefined;
    if (!child) {
      this.resourceEvent(parent, resource, "UPDATE_COMPLETE");
      done();
      return () => undefined;
    }
    let cancelled = false;
    let deployment: Deployment;
    try {
      deployment = this.nestedDeployment(parent, resource);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.resourceEvent(parent, resource, "UPDATE_FAILED", reason);
      done(reason);
      return () => undefined;
    }
    this.update(child, deployment, undefined, (end) => {
      if (cancelled) return;
      if (end.ok) {
        this.resourceEvent(parent, resource, "UPDATE_COMPLETE");
        return done();
      }
      const reason = `Embedded stack ${child.id} was not successfully updated. Currently in ${end.status} with reason: ${end.reason ?? ""}`;
      this.resourceEvent(parent, resource, "UPDATE_FAILED", reason);
      done(reason);
    });
    return () => {
      cancelled = true;
      child.operation?.cancel();
      this.resourceEvent(parent, resource, "UPDATE_FAILED", "Resource update cancelled");
      done("cancelled");
    };
  }

  newStack(name: string, parent?: StackRecord): StackRecord {
    const stack: StackRecord = {
      id: stackArn(this.region, name),
      name,
      status: "REVIEW_IN_PROGRESS",
      created: this.timeline.now(),
      parameters: [],
      tags: [],
      capabilities: [],
      outputs: [],
      resources: new Map(),
      events: [],
      changeSets: new Map(),
      ...(parent ? { parentId: parent.id, rootId: parent.rootId ?? parent.id } : {}),
      disableRollback: false,
      terminationProtection: false,
      drift: { status: "NOT_CHECKED" },
      failures: [...(this.cfn.pendingFailures.get(name) ?? [])].map((f) => ({ ...f })),
    };
    this.cfn.stacks.push(stack);
    return stack;
  }

  // ── Operations ───────────────────────────────────────────────────────────────────────

  /** Dependencies among `ids` only, through the resources outside them (unchanged ones). */
  private stepDeps(prepared: Prepared, ids: ReadonlySet<string>): Map<string, string[]> {
    const all = new Set(prepared.resources.keys());
    const direct = new Map([...prepared.resources].map(([id, decl]) => [id, dependencies(decl, all)]));
    const out = new Map<string, string[]>();
    for (const id of ids) {
      const found = new Set<string>();
      const seen = new Set<string>();
      const walk = (x: string) => {
        for (const d of direct.get(x) ?? []) {
          if (seen.has(d)) continue;
          seen.add(d);
          if (ids.has(d)) found.add(d);
          else walk(d);
        }
      };
      walk(id);
      out.set(id, [...found]);
    }
    return out;
  }

  private applyDeployment(stack: StackRecord, deployment: Deployment): void {
    stack.template = deployment.template;
    stack.parameters = deployment.parameters;
    stack.tags = deployment.tags;
    stack.capabilities = deployment.capabilities;
  }

  create(
    stack: StackRecord,
    deployment: Deployment,
    disableRollback: boolean,
    onEnd?: (end: OperationEnd) => void,
  ): void {
    const prepared = prepare(this.region, stack, deployment);
    this.applyDeployment(stack, deployment);
    stack.disableRollback = disableRollback;
    this.stackEvent(stack, "CREATE_IN_PROGRESS", "User Initiated");
    const created: ResourceRecord[] = [];
    const deps = this.stepDeps(prepared, new Set(prepared.order));
    const steps = prepared.order.map((id) =>
      this.createStep(stack, prepared, id, deps.get(id) ?? [], () => created.push(stack.resources.get(id)!)),
    );
    let cancelled = false;
    const run = runDag(steps, () => {
      const failedIds = [...stack.resources.values()]
        .filter((r) => r.status === "CREATE_FAILED")
        .map((r) => r.logicalId);
      if (failedIds.length === 0 && !cancelled) {
        this.evaluateOutputs(stack, prepared);
        this.stackEvent(stack, "CREATE_COMPLETE");
        return this.end(stack, { ok: true, status: "CREATE_COMPLETE" }, onEnd);
      }
      const reason = `The following resource(s) failed to create: [${failedIds.join(", ")}]. `;
      if (disableRollback) {
        this.stackEvent(stack, "CREATE_FAILED", reason);
        return this.end(stack, { ok: false, status: "CREATE_FAILED", reason }, onEnd);
      }
      this.stackEvent(stack, "ROLLBACK_IN_PROGRESS", `${reason}Rollback requested by user.`);
      this.deleteResources(stack, created, "ROLLBACK", (failed) => {
        const status = failed.length ? "ROLLBACK_FAILED" : "ROLLBACK_COMPLETE";
        this.stackEvent(stack, status);
        this.end(stack, { ok: false, status, reason }, onEnd);
      });
    });
    stack.operation = {
      kind: "CREATE",
      cancel: () => {
        cancelled = true;
        run.stop();
      },
    };
  }

  update(
    stack: StackRecord,
    deployment: Deployment,
    changes: ResourceChange[] | undefined,
    onEnd?: (end: OperationEnd) => void,
    options: { disableRollback?: boolean } = {},
  ): void {
    const previous: Deployment & { outputs: StackRecord["outputs"] } = {
      template: stack.template!,
      parameters: stack.parameters,
      tags: stack.tags,
      capabilities: stack.capabilities,
      outputs: stack.outputs,
    };
    const previousPrepared = prepare(this.region, stack, previous);
    const prepared = prepare(this.region, stack, deployment);
    const plan =
      changes ??
      computeChanges(
        { resources: stack.resources, parameters: parameterMap(stack.parameters) },
        {
          resources: prepared.resources,
          order: prepared.order,
          parameters: prepared.parameters,
          conditions: prepared.conditions,
          scope: {
            region: this.region.region,
            accountId: this.region.accountId,
            stackName: stack.name,
            stackId: stack.id,
            doc: prepared.doc,
            parameters: prepared.parameters,
            listParameters: prepared.listParameters,
            importValue: (name) => this.cfn.exports.get(name)?.value ?? "",
          },
        },
        this.naming(stack),
      );
    this.applyDeployment(stack, deployment);
    stack.updated = this.timeline.now();
    this.stackEvent(stack, "UPDATE_IN_PROGRESS", "User Initiated");
    const byId = new Map(plan.map((c) => [c.logicalId, c]));
    const changing = new Set(plan.filter((c) => c.action !== "Remove").map((c) => c.logicalId));
    const deps = this.stepDeps(prepared, changing);
    const rollback: RollbackLog = { updated: [], added: [], replacements: [] };
    const steps = prepared.order
      .filter((id) => changing.has(id))
      .map((id) => {
        const change = byId.get(id)!;
        if (change.action === "Add")
          return this.createStep(stack, prepared, id, deps.get(id) ?? [], () =>
            rollback.added.push(stack.resources.get(id)!),
          );
        return this.updateStep(stack, prepared, change, deps.get(id) ?? [], rollback);
      });
    let cancelled = false;
    const run = runDag(steps, (failed) => {
      if (failed.length === 0 && !cancelled) {
        this.evaluateOutputs(stack, prepared);
        this.stackEvent(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
        const doomed: { resource: ResourceRecord; physicalId?: string }[] = [];
        for (const change of plan) {
          if (change.action === "Remove") {
            const resource = stack.resources.get(change.logicalId);
            if (resource) doomed.push({ resource });
          }
        }
        for (const u of rollback.updated)
          if (u.replaced && u.physicalId)
            doomed.push({ resource: stack.resources.get(u.id)!, physicalId: u.physicalId });
        this.deleteDoomed(stack, doomed, previousPrepared, () => {
          this.stackEvent(stack, "UPDATE_COMPLETE");
          this.end(stack, { ok: true, status: "UPDATE_COMPLETE" }, onEnd);
        });
        return;
      }
      const failedIds = [...stack.resources.values()].filter(
        (r) => r.status === "UPDATE_FAILED" || r.status === "CREATE_FAILED",
      );
      const created = failedIds.filter((r) => r.status === "CREATE_FAILED").map((r) => r.logicalId);
      const updated = failedIds.filter((r) => r.status === "UPDATE_FAILED").map((r) => r.logicalId);
      const reason = cancelled
        ? "Stack update cancelled"
        : [
            created.length ? `The following resource(s) failed to create: [${created.join(", ")}]. ` : "",
            updated.length ? `The following resource(s) failed to update: [${updated.join(", ")}]. ` : "",
          ].join("");
      if (options.disableRollback && !cancelled) {
        this.stackEvent(stack, "UPDATE_FAILED", reason);
        return this.end(stack, { ok: false, status: "UPDATE_FAILED", reason }, onEnd);
      }
      this.stackEvent(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
      this.applyDeployment(stack, previous);
      this.rollBackUpdates(stack, rollback, () => {
        stack.outputs = previous.outputs;
        for (const [name, entry] of this.cfn.exports)
          if (entry.stackId === stack.id) this.cfn.exports.delete(name);
        for (const o of previous.outputs)
          if (o.exportName) this.cfn.exports.set(o.exportName, { stackId: stack.id, value: o.value });
        this.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
        const doomed = [
          ...rollback.added.map((resource) => ({ resource })),
          ...rollback.replacements.map(({ resource, physicalId }) => ({ resource, physicalId })),
        ];
        this.deleteDoomed(stack, doomed, prepared, () => {
          this.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE");
          this.end(stack, { ok: false, status: "UPDATE_ROLLBACK_COMPLETE", reason }, onEnd);
        });
      });
    });
    stack.operation = {
      kind: "UPDATE",
      cancel: () => {
        cancelled = true;
        run.stop();
      },
    };
  }

  /** Puts the resources an update changed back as they were (UPDATE_IN_PROGRESS → UPDATE_COMPLETE). */
  private rollBackUpdates(stack: StackRecord, log: RollbackLog, done: () => void): void {
    const steps: Step[] = log.updated.map((u) => ({
      id: u.id,
      deps: [],
      start: (stepDone) => {
        const resource = stack.resources.get(u.id)!;
        if (u.replaced && resource.physicalId && resource.physicalId !== u.physicalId)
          log.replacements.push({ resource, physicalId: resource.physicalId });
        resource.decl = u.decl;
        resource.props = u.props;
        resource.attributes = u.attributes;
        if (u.physicalId) resource.physicalId = u.physicalId;
        this.resourceEvent(stack, resource, "UPDATE_IN_PROGRESS");
        return this.timeline.after(resourceSeconds(this.cfn, resource.type, u.id) * 500, () => {
          this.resourceEvent(stack, resource, "UPDATE_COMPLETE");
          stepDone();
        });
      },
    }));
    runDag(steps, () => done());
  }

  /** Deletes resources (or old physical resources of replaced ones) in reverse dependency order. */
  private deleteDoomed(
    stack: StackRecord,
    doomed: { resource: ResourceRecord; physicalId?: string }[],
    prepared: Prepared,
    done: () => void,
  ): void {
    const order = prepared.order;
    const rank = (id: string) => {
      const i = order.indexOf(id);
      return i < 0 ? order.length : i;
    };
    const sorted = [...doomed].sort((a, b) => rank(b.resource.logicalId) - rank(a.resource.logicalId));
    const steps = sorted.map(({ resource, physicalId }, i) => {
      const step = this.deleteStep(stack, resource, [], physicalId ?? resource.physicalId, "CLEANUP");
      return {
        ...step,
        id: `${step.id}#${i}`,
        deps: i > 0 ? [`${this.stepIdOf(sorted[i - 1]!)}#${i - 1}`] : [],
      };
    });
    runDag(steps, () => done());
  }

  private stepIdOf(entry: { resource: ResourceRecord; physicalId?: string }): string {
    return entry.physicalId !== undefined && entry.physicalId !== entry.resource.physicalId
      ? `${entry.resource.logicalId}#old`
      : entry.resource.logicalId;
  }

  private deleteResources(
    stack: StackRecord,
    resources: ResourceRecord[],
    operation: string,
    done: (failed: string[]) => void,
  ): void {
    const ids = new Set(resources.map((r) => r.logicalId));
    // Reverse dependencies: a resource goes after everything that depends on it.
    const dependents = new Map<string, string[]>();
    const all = new Set(stack.resources.keys());
    for (const r of resources) {
      for (const d of dependencies(r.decl, all)) {
        if (!ids.has(d)) continue;
        dependents.set(d, [...(dependents.get(d) ?? []), r.logicalId]);
      }
    }
    const steps = resources.map((r) =>
      this.deleteStep(stack, r, dependents.get(r.logicalId) ?? [], r.physicalId, operation),
    );
    runDag(steps, (failed) => done(failed));
  }

  delete(stack: StackRecord, onEnd?: (end: OperationEnd) => void, retain: readonly string[] = []): void {
    this.stackEvent(stack, "DELETE_IN_PROGRESS", "User Initiated");
    for (const id of retain) {
      const r = stack.resources.get(id);
      if (r) r.decl = { ...r.decl, DeletionPolicy: "Retain" };
    }
    const resources = [...stack.resources.values()];
    this.deleteResources(stack, resources, "DELETE", (failed) => {
      if (failed.length > 0) {
        const reason = `The following resource(s) failed to delete: [${failed.join(", ")}]. `;
        this.stackEvent(stack, "DELETE_FAILED", reason);
        return this.end(stack, { ok: false, status: "DELETE_FAILED", reason }, onEnd);
      }
      this.stackEvent(stack, "DELETE_COMPLETE");
      stack.deleted = this.timeline.now();
      stack.resources.clear();
      stack.changeSets.clear();
      for (const [name, entry] of this.cfn.exports)
        if (entry.stackId === stack.id) this.cfn.exports.delete(name);
      this.end(stack, { ok: true, status: "DELETE_COMPLETE" }, onEnd);
    });
    stack.operation = { kind: "DELETE", cancel: () => undefined };
  }

  private end(stack: StackRecord, end: OperationEnd, onEnd?: (end: OperationEnd) => void): void {
    delete stack.operation;
    onEnd?.(end);
  }
}

interface RollbackLog {
  updated: {
    id: string;
    decl: Json;
    props: Json;
    physicalId?: string;
    attributes: Map<string, string>;
    replaced: boolean;
  }[];
  added: ResourceRecord[];
  replacements: { resource: ResourceRecord; physicalId: string }[];
}
