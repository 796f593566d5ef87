import type {
  Change as SdkChange,
  ChangeSetSummary as SdkChangeSetSummary,
  DescribeChangeSetOutput,
  Parameter as SdkParameter,
  Stack as SdkStack,
  StackEvent as SdkStackEvent,
  StackResourceDrift as SdkStackResourceDrift,
  StackResourceSummary as SdkStackResourceSummary,
  StackSummary as SdkStackSummary,
  Tag as SdkTag,
} from "@aws-sdk/client-cloudformation";
import type {
  ChangeSet,
  ChangeSetSummary,
  ResourceChange,
  ResourceDrift,
  StackDetail,
  StackEvent,
  StackParameter,
  StackResource,
  StackSummary,
  Tag,
} from "./model/types";

/** SDK shapes → model types (the SDK's optional members made explicit). */

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

export function toStackSummary(s: SdkStackSummary | SdkStack): StackSummary {
  const description = "TemplateDescription" in s ? s.TemplateDescription : (s as SdkStack).Description;
  return {
    id: s.StackId ?? s.StackName ?? "",
    name: s.StackName ?? "",
    status: s.StackStatus ?? "",
    created: s.CreationTime ?? new Date(0),
    ...optional("statusReason", s.StackStatusReason),
    ...optional("description", description),
    ...optional("updated", s.LastUpdatedTime),
    ...optional("deleted", s.DeletionTime),
    ...optional("parentId", s.ParentId),
    ...optional("rootId", s.RootId),
    ...optional("drift", s.DriftInformation?.StackDriftStatus),
    ...optional("driftCheckedAt", s.DriftInformation?.LastCheckTimestamp),
  };
}

function toParameter(p: SdkParameter): StackParameter {
  return {
    key: p.ParameterKey ?? "",
    value: p.ParameterValue ?? "",
    ...optional("resolvedValue", p.ResolvedValue),
  };
}

function toTag(t: SdkTag): Tag {
  return { key: t.Key ?? "", value: t.Value ?? "" };
}

export function toStackDetail(s: SdkStack): StackDetail {
  return {
    ...toStackSummary(s),
    parameters: (s.Parameters ?? []).map(toParameter),
    outputs: (s.Outputs ?? []).map((o) => ({
      key: o.OutputKey ?? "",
      value: o.OutputValue ?? "",
      ...optional("description", o.Description),
      ...optional("exportName", o.ExportName),
    })),
    capabilities: s.Capabilities ?? [],
    tags: (s.Tags ?? []).map(toTag),
    terminationProtection: s.EnableTerminationProtection === true,
  };
}

export function toResource(r: SdkStackResourceSummary): StackResource {
  return {
    logicalId: r.LogicalResourceId ?? "",
    type: r.ResourceType ?? "",
    status: r.ResourceStatus ?? "",
    updated: r.LastUpdatedTimestamp ?? new Date(0),
    ...optional("physicalId", r.PhysicalResourceId),
    ...optional("statusReason", r.ResourceStatusReason),
    ...optional("drift", r.DriftInformation?.StackResourceDriftStatus),
  };
}

export function toEvent(e: SdkStackEvent): StackEvent {
  return {
    id: e.EventId ?? "",
    stackId: e.StackId ?? "",
    stackName: e.StackName ?? "",
    logicalId: e.LogicalResourceId ?? "",
    type: e.ResourceType ?? "",
    timestamp: e.Timestamp ?? new Date(0),
    status: e.ResourceStatus ?? "",
    ...optional("physicalId", e.PhysicalResourceId),
    ...optional("reason", e.ResourceStatusReason),
  };
}

export function toChangeSetSummary(c: SdkChangeSetSummary | DescribeChangeSetOutput): ChangeSetSummary {
  return {
    id: c.ChangeSetId ?? "",
    name: c.ChangeSetName ?? "",
    stackId: c.StackId ?? "",
    stackName: c.StackName ?? "",
    status: c.Status ?? "",
    executionStatus: c.ExecutionStatus ?? "",
    ...optional("statusReason", c.StatusReason),
    ...optional("created", c.CreationTime),
    ...optional("description", c.Description),
  };
}

function toChange(c: SdkChange): ResourceChange | undefined {
  const r = c.ResourceChange;
  if (!r) return undefined;
  return {
    action: r.Action ?? "",
    logicalId: r.LogicalResourceId ?? "",
    type: r.ResourceType ?? "",
    scope: r.Scope ?? [],
    ...optional("physicalId", r.PhysicalResourceId),
    ...optional("replacement", r.Replacement),
    ...optional("policyAction", r.PolicyAction),
    details: (r.Details ?? []).map((d) => ({
      ...optional("attribute", d.Target?.Attribute),
      ...optional("name", d.Target?.Name),
      ...optional("path", d.Target?.Path),
      ...optional("requiresRecreation", d.Target?.RequiresRecreation),
      ...optional("before", d.Target?.BeforeValue),
      ...optional("after", d.Target?.AfterValue),
      ...optional("changeType", d.Target?.AttributeChangeType),
      ...optional("evaluation", d.Evaluation),
      ...optional("source", d.ChangeSource),
      ...optional("causingEntity", d.CausingEntity),
    })),
  };
}

/** A change set from its pages (DescribeChangeSet pages its Changes). */
export function toChangeSet(pages: readonly DescribeChangeSetOutput[]): ChangeSet {
  const first = pages[0] ?? {};
  return {
    ...toChangeSetSummary(first),
    parameters: (first.Parameters ?? []).map(toParameter),
    capabilities: first.Capabilities ?? [],
    tags: (first.Tags ?? []).map(toTag),
    changes: pages.flatMap((p) => p.Changes ?? []).flatMap((c) => toChange(c) ?? []),
  };
}

export function toResourceDrift(d: SdkStackResourceDrift): ResourceDrift {
  return {
    logicalId: d.LogicalResourceId ?? "",
    type: d.ResourceType ?? "",
    status: d.StackResourceDriftStatus ?? "",
    differences: (d.PropertyDifferences ?? []).map((p) => ({
      path: p.PropertyPath ?? "",
      expected: p.ExpectedValue ?? "",
      actual: p.ActualValue ?? "",
      type: p.DifferenceType ?? "",
    })),
    ...optional("physicalId", d.PhysicalResourceId),
    ...optional("checkedAt", d.Timestamp),
  };
}
