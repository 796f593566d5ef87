// CloudFormation records as the API answers them (the query protocol writes them as XML:
// Date values become ISO 8601 timestamps, arrays `<member>` lists).
import type {
  ChangeSetRecord,
  EventRecord,
  ParamValue,
  ResourceChange,
  ResourceRecord,
  StackRecord,
} from "./cloudformation-model";
import type { Json } from "./state";

const date = (ms: number): Date => new Date(ms);

export function renderParameters(values: readonly ParamValue[]): Json[] {
  return values.map((p) => ({
    ParameterKey: p.key,
    ParameterValue: p.noEcho ? "****" : p.value,
    ...(p.resolved !== undefined ? { ResolvedValue: p.resolved } : {}),
  }));
}

function driftSummary(stack: StackRecord): Json {
  return {
    StackDriftStatus: stack.drift.status,
    ...(stack.drift.checkedAt !== undefined ? { LastCheckTimestamp: date(stack.drift.checkedAt) } : {}),
  };
}

export function renderStackSummary(stack: StackRecord): Json {
  const description =
    typeof stack.template?.doc.Description === "string" ? stack.template.doc.Description : undefined;
  return {
    StackId: stack.id,
    StackName: stack.name,
    ...(description !== undefined ? { TemplateDescription: description } : {}),
    CreationTime: date(stack.created),
    ...(stack.updated !== undefined ? { LastUpdatedTime: date(stack.updated) } : {}),
    ...(stack.deleted !== undefined ? { DeletionTime: date(stack.deleted) } : {}),
    StackStatus: stack.status,
    ...(stack.reason !== undefined ? { StackStatusReason: stack.reason } : {}),
    ...(stack.parentId ? { ParentId: stack.parentId, RootId: stack.rootId } : {}),
    DriftInformation: driftSummary(stack),
  };
}

export function renderStack(stack: StackRecord): Json {
  const description =
    typeof stack.template?.doc.Description === "string" ? stack.template.doc.Description : undefined;
  return {
    StackId: stack.id,
    StackName: stack.name,
    ...(stack.lastChangeSetId ? { ChangeSetId: stack.lastChangeSetId } : {}),
    ...(description !== undefined ? { Description: description } : {}),
    Parameters: renderParameters(stack.parameters),
    CreationTime: date(stack.created),
    ...(stack.deleted !== undefined ? { DeletionTime: date(stack.deleted) } : {}),
    ...(stack.updated !== undefined ? { LastUpdatedTime: date(stack.updated) } : {}),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    ...(stack.reason !== undefined ? { StackStatusReason: stack.reason } : {}),
    DisableRollback: stack.disableRollback,
    NotificationARNs: [],
    Capabilities: stack.capabilities,
    Outputs: stack.outputs.map((o) => ({
      OutputKey: o.key,
      OutputValue: o.value,
      ...(o.description !== undefined ? { Description: o.description } : {}),
      ...(o.exportName !== undefined ? { ExportName: o.exportName } : {}),
    })),
    Tags: stack.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    EnableTerminationProtection: stack.terminationProtection,
    ...(stack.parentId ? { ParentId: stack.parentId, RootId: stack.rootId } : {}),
    DriftInformation: driftSummary(stack),
  };
}

function resourceDrift(r: ResourceRecord): Json {
  return {
    StackResourceDriftStatus: r.drift?.status ?? "NOT_CHECKED",
    ...(r.drift ? { LastCheckTimestamp: date(r.drift.checkedAt) } : {}),
  };
}

export function renderResourceSummary(r: ResourceRecord): Json {
  return {
    LogicalResourceId: r.logicalId,
    ...(r.physicalId !== undefined ? { PhysicalResourceId: r.physicalId } : {}),
    ResourceType: r.type,
    LastUpdatedTimestamp: date(r.updated),
    ResourceStatus: r.status,
    ...(r.reason !== undefined ? { ResourceStatusReason: r.reason } : {}),
    DriftInformation: resourceDrift(r),
  };
}

export function renderStackResource(stack: StackRecord, r: ResourceRecord): Json {
  return {
    StackName: stack.name,
    StackId: stack.id,
    LogicalResourceId: r.logicalId,
    ...(r.physicalId !== undefined ? { PhysicalResourceId: r.physicalId } : {}),
    ResourceType: r.type,
    Timestamp: date(r.updated),
    ResourceStatus: r.status,
    ...(r.reason !== undefined ? { ResourceStatusReason: r.reason } : {}),
    DriftInformation: resourceDrift(r),
  };
}

export function renderStackResourceDetail(stack: StackRecord, r: ResourceRecord): Json {
  const { Timestamp, ...rest } = renderStackResource(stack, r);
  return { ...rest, LastUpdatedTimestamp: Timestamp, Metadata: JSON.stringify(r.decl.Metadata ?? {}) };
}

export function renderEvent(stack: StackRecord, e: EventRecord): Json {
  return {
    StackId: stack.id,
    EventId: e.eventId,
    StackName: stack.name,
    LogicalResourceId: e.logicalId,
    ...(e.physicalId !== undefined ? { PhysicalResourceId: e.physicalId } : {}),
    ResourceType: e.type,
    Timestamp: date(e.timestamp),
    ResourceStatus: e.status,
    ...(e.reason !== undefined ? { ResourceStatusReason: e.reason } : {}),
    ...(e.properties !== undefined ? { ResourceProperties: e.properties } : {}),
    ...(e.clientRequestToken !== undefined ? { ClientRequestToken: e.clientRequestToken } : {}),
  };
}

export function renderChangeSetSummary(cs: ChangeSetRecord): Json {
  return {
    StackId: cs.stackId,
    StackName: cs.stackName,
    ChangeSetId: cs.id,
    ChangeSetName: cs.name,
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    ...(cs.statusReason !== undefined ? { StatusReason: cs.statusReason } : {}),
    CreationTime: date(cs.created),
    ...(cs.description !== undefined ? { Description: cs.description } : {}),
    IncludeNestedStacks: cs.includeNestedStacks,
  };
}

/** A change as DescribeChangeSet answers it; without IncludePropertyValues, no values. */
export function renderChange(change: ResourceChange, changeSetId: string, withValues: boolean): Json {
  const details = change.details.map((d) => {
    if (withValues) return d;
    const target = d.Target as Json | undefined;
    if (!target) return d;
    const { BeforeValue: _b, AfterValue: _a, AttributeChangeType: _c, ...rest } = target;
    return { ...d, Target: rest };
  });
  return {
    Type: "Resource",
    ResourceChange: {
      ...(change.policyAction !== undefined ? { PolicyAction: change.policyAction } : {}),
      Action: change.action,
      LogicalResourceId: change.logicalId,
      ...(change.physicalId !== undefined ? { PhysicalResourceId: change.physicalId } : {}),
      ResourceType: change.type,
      ...(change.replacement !== undefined ? { Replacement: change.replacement } : {}),
      Scope: change.scope,
      Details: details,
      ...(change.type === "AWS::CloudFormation::Stack" && change.action === "Modify"
        ? { ChangeSetId: changeSetId }
        : {}),
      ...(withValues && change.beforeContext !== undefined ? { BeforeContext: change.beforeContext } : {}),
      ...(withValues && change.afterContext !== undefined ? { AfterContext: change.afterContext } : {}),
    },
  };
}

export function renderChangeSet(cs: ChangeSetRecord, changes: Json[], nextToken?: string): Json {
  return {
    ChangeSetName: cs.name,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: cs.stackName,
    ...(cs.description !== undefined ? { Description: cs.description } : {}),
    Parameters: renderParameters(cs.parameters),
    CreationTime: date(cs.created),
    ExecutionStatus: cs.executionStatus,
    Status: cs.status,
    ...(cs.statusReason !== undefined ? { StatusReason: cs.statusReason } : {}),
    NotificationARNs: [],
    RollbackConfiguration: {},
    Capabilities: cs.capabilities,
    Tags: cs.tags.map((t) => ({ Key: t.Key, Value: t.Value })),
    Changes: changes,
    ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
    IncludeNestedStacks: cs.includeNestedStacks,
    ...(cs.onStackFailure !== undefined ? { OnStackFailure: cs.onStackFailure } : {}),
  };
}

export function renderResourceDrift(stack: StackRecord, r: ResourceRecord): Json {
  const drift = r.drift!;
  return {
    StackId: stack.id,
    LogicalResourceId: r.logicalId,
    ...(r.physicalId !== undefined ? { PhysicalResourceId: r.physicalId } : {}),
    ResourceType: r.type,
    ...(drift.expected !== undefined ? { ExpectedProperties: JSON.stringify(drift.expected) } : {}),
    ...(drift.actual !== undefined ? { ActualProperties: JSON.stringify(drift.actual) } : {}),
    PropertyDifferences: drift.differences ?? [],
    StackResourceDriftStatus: drift.status,
    Timestamp: date(drift.checkedAt),
  };
}
