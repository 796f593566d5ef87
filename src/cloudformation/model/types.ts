/** Domain types for CloudFormation, independent of the SDK's shapes. */

export interface StackSummary {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly description?: string;
  readonly created: Date;
  readonly updated?: Date;
  readonly deleted?: Date;
  /** A nested stack's direct parent (its id). */
  readonly parentId?: string;
  readonly rootId?: string;
  /** DRIFTED | IN_SYNC | NOT_CHECKED | UNKNOWN */
  readonly drift?: string;
  readonly driftCheckedAt?: Date;
}

export interface StackOutput {
  readonly key: string;
  readonly value: string;
  readonly description?: string;
  readonly exportName?: string;
}

export interface StackParameter {
  readonly key: string;
  /** "****" for a NoEcho parameter, as CloudFormation answers it. */
  readonly value: string;
  readonly resolvedValue?: string;
}

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface StackDetail extends StackSummary {
  readonly parameters: readonly StackParameter[];
  readonly outputs: readonly StackOutput[];
  readonly capabilities: readonly string[];
  readonly tags: readonly Tag[];
  readonly terminationProtection: boolean;
}

export interface StackResource {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: string;
  readonly statusReason?: string;
  readonly updated: Date;
  /** IN_SYNC | MODIFIED | DELETED | NOT_CHECKED | UNKNOWN */
  readonly drift?: string;
}

export interface StackEvent {
  readonly id: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly timestamp: Date;
  readonly status: string;
  readonly reason?: string;
}

export interface ChangeSetSummary {
  readonly id: string;
  readonly name: string;
  readonly stackId: string;
  readonly stackName: string;
  /** CREATE_PENDING | CREATE_IN_PROGRESS | CREATE_COMPLETE | FAILED | DELETE_* */
  readonly status: string;
  /** UNAVAILABLE | AVAILABLE | EXECUTE_IN_PROGRESS | EXECUTE_COMPLETE | EXECUTE_FAILED | OBSOLETE */
  readonly executionStatus: string;
  readonly statusReason?: string;
  readonly created?: Date;
  readonly description?: string;
}

/** One changed property (or attribute) of a resource, and why it changes. */
export interface PropertyChange {
  /** Properties | Tags | Metadata | DeletionPolicy | … */
  readonly attribute?: string;
  /** The top-level property. */
  readonly name?: string;
  /** A JSON pointer below the resource ("/Properties/VisibilityTimeout"). */
  readonly path?: string;
  /** Never | Conditionally | Always */
  readonly requiresRecreation?: string;
  readonly before?: string;
  readonly after?: string;
  /** Add | Remove | Modify */
  readonly changeType?: string;
  /** Static | Dynamic */
  readonly evaluation?: string;
  /** DirectModification | ParameterReference | ResourceReference | ResourceAttribute | Automatic */
  readonly source?: string;
  readonly causingEntity?: string;
}

export interface ResourceChange {
  /** Add | Modify | Remove | Import | Dynamic */
  readonly action: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  /** True | False | Conditional (Modify only) */
  readonly replacement?: string;
  readonly policyAction?: string;
  readonly scope: readonly string[];
  readonly details: readonly PropertyChange[];
}

export interface ChangeSet extends ChangeSetSummary {
  readonly parameters: readonly StackParameter[];
  readonly capabilities: readonly string[];
  readonly tags: readonly Tag[];
  readonly changes: readonly ResourceChange[];
}

export interface TemplateParameter {
  readonly key: string;
  readonly defaultValue?: string;
  readonly noEcho: boolean;
  readonly description?: string;
}

/** What ValidateTemplate tells about a template. */
export interface TemplateValidation {
  readonly parameters: readonly TemplateParameter[];
  readonly description?: string;
  readonly capabilities: readonly string[];
  readonly capabilitiesReason?: string;
  readonly transforms: readonly string[];
}

/** Where a template is, for a request: its text, or an S3 URL it was uploaded to. */
export type TemplateSource = { readonly body: string } | { readonly url: string };

export interface ParameterValue {
  readonly key: string;
  /** Absent with `usePrevious`. */
  readonly value?: string;
  readonly usePrevious?: boolean;
}

export interface CreateChangeSetRequest {
  readonly stackName: string;
  readonly changeSetName: string;
  readonly type: "CREATE" | "UPDATE";
  readonly template: TemplateSource;
  readonly parameters: readonly ParameterValue[];
  readonly capabilities: readonly string[];
  readonly tags: readonly Tag[];
  readonly description?: string;
}

export interface DriftDetection {
  readonly id: string;
  /** DETECTION_IN_PROGRESS | DETECTION_COMPLETE | DETECTION_FAILED */
  readonly status: string;
  readonly stackDrift?: string;
  readonly driftedCount?: number;
  readonly reason?: string;
}

export interface PropertyDifference {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
  /** ADD | REMOVE | NOT_EQUAL */
  readonly type: string;
}

export interface ResourceDrift {
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly status: string;
  readonly differences: readonly PropertyDifference[];
  readonly checkedAt?: Date;
}

/** What the model needs from CloudFormation (and S3, for large templates). Every call can be aborted. */
export interface CloudFormationApi {
  listStacks(includeDeleted: boolean, signal: AbortSignal): Promise<StackSummary[]>;
  describeStack(nameOrId: string, signal: AbortSignal): Promise<StackDetail>;
  listResources(nameOrId: string, signal: AbortSignal): Promise<StackResource[]>;
  /**
   * Events newest first, down to (not including) `knownEventId`, at most `max`; with `stopAfter`,
   * no further than the first event it accepts (included).
   */
  events(
    nameOrId: string,
    knownEventId: string | undefined,
    max: number,
    signal: AbortSignal,
    stopAfter?: (event: StackEvent) => boolean,
  ): Promise<StackEvent[]>;
  listChangeSets(nameOrId: string, signal: AbortSignal): Promise<ChangeSetSummary[]>;
  getTemplate(nameOrId: string, signal: AbortSignal): Promise<string>;
  validateTemplate(template: TemplateSource, signal: AbortSignal): Promise<TemplateValidation>;
  createChangeSet(
    request: CreateChangeSetRequest,
    signal: AbortSignal,
  ): Promise<{ id: string; stackId: string }>;
  describeChangeSet(id: string, signal: AbortSignal): Promise<ChangeSet>;
  executeChangeSet(id: string, signal: AbortSignal): Promise<void>;
  deleteChangeSet(id: string, signal: AbortSignal): Promise<void>;
  deleteStack(nameOrId: string, signal: AbortSignal): Promise<void>;
  cancelUpdate(nameOrId: string, signal: AbortSignal): Promise<void>;
  detectDrift(nameOrId: string, signal: AbortSignal): Promise<string>;
  driftDetection(id: string, signal: AbortSignal): Promise<DriftDetection>;
  resourceDrifts(nameOrId: string, signal: AbortSignal): Promise<ResourceDrift[]>;
  listBuckets(signal: AbortSignal): Promise<string[]>;
  /** Puts the template in S3; returns its https URL. */
  uploadTemplate(bucket: string, key: string, body: string, signal: AbortSignal): Promise<string>;
}
