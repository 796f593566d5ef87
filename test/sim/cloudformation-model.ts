// CloudFormation records (per region): stacks with their resources, events, change sets and
// drift, exports; plus what depends on a resource's type: the physical ids and attributes
// CloudFormation would give it, the properties whose change replaces it, and the values its
// handler refuses.
import { randomBytes, randomUUID } from "node:crypto";
import type { Template } from "./cloudformation-template";
import { asObject, scalarText } from "./cloudformation-template";
import type { Json, RegionState } from "./state";

export interface ParamValue {
  readonly key: string;
  readonly value: string;
  readonly noEcho: boolean;
  /** SSM parameter types: the value the parameter resolved to. */
  readonly resolved?: string;
}

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** A property path ("VersioningConfiguration.Status") and its value in AWS, or DELETED for the whole resource. */
export type SeededDrift = Readonly<Record<string, unknown>> | "DELETED";

export interface ResourceRecord {
  readonly logicalId: string;
  type: string;
  physicalId?: string;
  status: string;
  reason?: string;
  updated: number;
  /** The template's declaration (Properties, DependsOn, DeletionPolicy, …), functions unresolved. */
  decl: Json;
  /** The properties as deployed, functions resolved. */
  props: Json;
  attributes: Map<string, string>;
  /** The last drift detection's result for it. */
  drift?: { status: string; checkedAt: number; expected?: Json; actual?: Json; differences?: Json[] };
  seededDrift?: SeededDrift;
  /** For AWS::CloudFormation::Stack: the nested stack's id. */
  nestedStackId?: string;
}

export interface EventRecord {
  readonly eventId: string;
  readonly logicalId: string;
  readonly physicalId?: string;
  readonly type: string;
  readonly timestamp: number;
  readonly status: string;
  readonly reason?: string;
  readonly properties?: string;
  readonly clientRequestToken?: string;
}

export interface ResourceChange {
  readonly action: "Add" | "Modify" | "Remove" | "Dynamic";
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId?: string;
  readonly replacement?: "True" | "False" | "Conditional";
  readonly policyAction?: string;
  readonly scope: string[];
  readonly details: Json[];
  readonly beforeContext?: string;
  readonly afterContext?: string;
}

export interface ChangeSetRecord {
  readonly id: string;
  readonly name: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly type: "CREATE" | "UPDATE" | "IMPORT";
  status: string;
  executionStatus: string;
  statusReason?: string;
  readonly created: number;
  readonly description?: string;
  readonly template: Template;
  readonly parameters: ParamValue[];
  readonly tags: Tag[];
  readonly capabilities: string[];
  readonly includeNestedStacks: boolean;
  readonly onStackFailure?: string;
  changes: ResourceChange[];
}

export interface StackRecord {
  readonly id: string;
  readonly name: string;
  status: string;
  reason?: string;
  readonly created: number;
  updated?: number;
  deleted?: number;
  /** The template in force (for a stack in REVIEW_IN_PROGRESS, none yet). */
  template?: Template;
  parameters: ParamValue[];
  tags: Tag[];
  capabilities: string[];
  outputs: { key: string; value: string; description?: string; exportName?: string }[];
  /** By logical id, in creation order. */
  readonly resources: Map<string, ResourceRecord>;
  /** Oldest first. */
  readonly events: EventRecord[];
  readonly changeSets: Map<string, ChangeSetRecord>;
  lastChangeSetId?: string;
  readonly parentId?: string;
  readonly rootId?: string;
  disableRollback: boolean;
  terminationProtection: boolean;
  drift: { status: string; checkedAt?: number };
  /** Failures the scenario asks for in coming operations. */
  failures: FailureRule[];
  /** The operation under way, if any (for CancelUpdateStack). */
  operation?: { cancel(): void; readonly kind: string };
}

export interface FailureRule {
  readonly logicalId: string;
  readonly reason: string;
  /** CREATE, UPDATE or DELETE; absent: any. */
  readonly operation?: string;
  /** How many operations it fails; absent: every one. */
  times?: number;
}

export interface DriftDetection {
  readonly id: string;
  readonly stackId: string;
  status: "DETECTION_IN_PROGRESS" | "DETECTION_COMPLETE" | "DETECTION_FAILED";
  driftStatus?: string;
  drifted?: number;
  readonly started: number;
}

export interface CfnRegion {
  /** Every stack, deleted ones too, in creation order. */
  readonly stacks: StackRecord[];
  readonly exports: Map<string, { stackId: string; value: string }>;
  readonly detections: Map<string, DriftDetection>;
  /** Failures for stacks that do not exist yet, by stack name (from scenarios). */
  readonly pendingFailures: Map<string, FailureRule[]>;
  /** Simulated seconds a resource takes, by type or logical id (scenario), over the defaults. */
  resourceSeconds: Record<string, number>;
}

const regions = new WeakMap<RegionState, CfnRegion>();

/** The CloudFormation state of a simulated region. */
export function cfnOf(region: RegionState): CfnRegion {
  let r = regions.get(region);
  if (!r) {
    r = {
      stacks: [],
      exports: new Map(),
      detections: new Map(),
      pendingFailures: new Map(),
      resourceSeconds: {},
    };
    regions.set(region, r);
  }
  return r;
}

export const TERMINAL_FAILED = new Set([
  "CREATE_FAILED",
  "ROLLBACK_FAILED",
  "DELETE_FAILED",
  "UPDATE_ROLLBACK_FAILED",
]);

export function isInProgress(status: string): boolean {
  return status.endsWith("_IN_PROGRESS") && status !== "REVIEW_IN_PROGRESS";
}

/** A live stack by name, or any stack (deleted too) by its id. */
export function findStack(cfn: CfnRegion, nameOrId: string): StackRecord | undefined {
  if (nameOrId.startsWith("arn:")) return cfn.stacks.find((s) => s.id === nameOrId);
  return cfn.stacks.find((s) => s.name === nameOrId && s.deleted === undefined);
}

export function stackArn(region: RegionState, name: string): string {
  return `arn:aws:cloudformation:${region.region}:${region.accountId}:stack/${name}/${randomUUID()}`;
}

export function changeSetArn(region: RegionState, name: string): string {
  return `arn:aws:cloudformation:${region.region}:${region.accountId}:changeSet/${name}/${randomUUID()}`;
}

/** The 13-character suffix CloudFormation gives the names it generates. */
export function randomSuffix(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return [...randomBytes(13)].map((b) => alphabet[b % alphabet.length]).join("");
}

// ── Physical ids and attributes ──────────────────────────────────────────────────────────

/** The property that names a resource, by type (when given, it is the physical name). */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  "AWS::S3::Bucket": "BucketName",
  "AWS::SQS::Queue": "QueueName",
  "AWS::SNS::Topic": "TopicName",
  "AWS::DynamoDB::Table": "TableName",
  "AWS::Lambda::Function": "FunctionName",
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::Logs::LogGroup": "LogGroupName",
  "AWS::CodeBuild::Project": "Name",
  "AWS::CodePipeline::Pipeline": "Name",
  "AWS::ECR::Repository": "RepositoryName",
  "AWS::ECS::Cluster": "ClusterName",
  "AWS::ECS::Service": "ServiceName",
  "AWS::Events::Rule": "Name",
  "AWS::SSM::Parameter": "Name",
  "AWS::SecretsManager::Secret": "Name",
  "AWS::StepFunctions::StateMachine": "StateMachineName",
  "AWS::ElasticLoadBalancingV2::TargetGroup": "Name",
};

/** Types whose physical id CloudFormation makes from a prefix and hex digits. */
const EC2_PREFIX: Readonly<Record<string, string>> = {
  "AWS::EC2::Instance": "i-",
  "AWS::EC2::SecurityGroup": "sg-",
  "AWS::EC2::VPC": "vpc-",
  "AWS::EC2::Subnet": "subnet-",
  "AWS::EC2::InternetGateway": "igw-",
  "AWS::EC2::RouteTable": "rtb-",
  "AWS::EC2::NatGateway": "nat-",
  "AWS::EC2::EIP": "eipalloc-",
  "AWS::EC2::LaunchTemplate": "lt-",
  "AWS::EC2::VPCEndpoint": "vpce-",
};

export interface NamingContext {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
}

function generatedName(ctx: NamingContext, logicalId: string, max = 64, lower = false): string {
  const name = `${ctx.stackName}-${logicalId}-${randomSuffix()}`;
  const cut = name.length > max ? `${name.slice(0, max - 14)}-${name.slice(-13)}` : name;
  return lower ? cut.toLowerCase() : cut;
}

function serviceOf(type: string): string {
  return (type.split("::")[1] ?? "resource").toLowerCase();
}

/** The physical id CloudFormation gives a new resource of this type with these properties. */
export function physicalIdFor(type: string, logicalId: string, props: Json, ctx: NamingContext): string {
  const { region, accountId } = ctx;
  const named = NAME_PROPERTY[type] ? scalarText(props[NAME_PROPERTY[type]]) : undefined;
  const ec2 = EC2_PREFIX[type];
  if (ec2) return `${ec2}${randomBytes(9).toString("hex").slice(0, 17)}`;
  switch (type) {
    case "AWS::S3::Bucket":
      return named ?? generatedName(ctx, logicalId, 63, true);
    case "AWS::SQS::Queue":
      return `https://sqs.${region}.amazonaws.com/${accountId}/${named ?? generatedName(ctx, logicalId, 80)}`;
    case "AWS::SNS::Topic":
      return `arn:aws:sns:${region}:${accountId}:${named ?? generatedName(ctx, logicalId, 256)}`;
    case "AWS::SecretsManager::Secret":
      return `arn:aws:secretsmanager:${region}:${accountId}:secret:${named ?? `${logicalId}-${randomSuffix()}`}-${randomSuffix().slice(0, 6)}`;
    case "AWS::KMS::Key":
      return randomUUID();
    case "AWS::CloudFormation::WaitConditionHandle":
      return `https://cloudformation-waitcondition-${region}.s3.amazonaws.com/${encodeURIComponent(`arn:aws:cloudformation:${region}:${accountId}:stack/${ctx.stackName}`)}/${logicalId}`;
  }
  return named ?? generatedName(ctx, logicalId, type === "AWS::IAM::Role" ? 64 : 128);
}

/** The resource's ARN as its service writes it. */
export function arnFor(type: string, physicalId: string, ctx: NamingContext): string {
  const { region, accountId } = ctx;
  const last = physicalId.split("/").pop() ?? physicalId;
  switch (type) {
    case "AWS::S3::Bucket":
      return `arn:aws:s3:::${physicalId}`;
    case "AWS::SQS::Queue":
      return `arn:aws:sqs:${region}:${accountId}:${last}`;
    case "AWS::SNS::Topic":
    case "AWS::SecretsManager::Secret":
      return physicalId;
    case "AWS::IAM::Role":
      return `arn:aws:iam::${accountId}:role/${physicalId}`;
    case "AWS::IAM::User":
      return `arn:aws:iam::${accountId}:user/${physicalId}`;
    case "AWS::IAM::ManagedPolicy":
      return physicalId.startsWith("arn:") ? physicalId : `arn:aws:iam::${accountId}:policy/${physicalId}`;
    case "AWS::Lambda::Function":
      return `arn:aws:lambda:${region}:${accountId}:function:${physicalId}`;
    case "AWS::DynamoDB::Table":
      return `arn:aws:dynamodb:${region}:${accountId}:table/${physicalId}`;
    case "AWS::Logs::LogGroup":
      return `arn:aws:logs:${region}:${accountId}:log-group:${physicalId}:*`;
    case "AWS::CodeBuild::Project":
      return `arn:aws:codebuild:${region}:${accountId}:project/${physicalId}`;
    case "AWS::ECR::Repository":
      return `arn:aws:ecr:${region}:${accountId}:repository/${physicalId}`;
    case "AWS::KMS::Key":
      return `arn:aws:kms:${region}:${accountId}:key/${physicalId}`;
  }
  if (physicalId.startsWith("arn:")) return physicalId;
  const kind = (type.split("::")[2] ?? "resource").toLowerCase();
  return `arn:aws:${serviceOf(type)}:${region}:${accountId}:${kind}/${physicalId}`;
}

/** The value Fn::GetAtt gives for an attribute of a resource (what a template reads is generated). */
export function attributeOf(
  type: string,
  physicalId: string,
  attribute: string,
  props: Json,
  ctx: NamingContext,
): string {
  const { region } = ctx;
  const name = physicalId.split("/").pop() ?? physicalId;
  switch (`${type}.${attribute}`) {
    case "AWS::S3::Bucket.DomainName":
      return `${physicalId}.s3.amazonaws.com`;
    case "AWS::S3::Bucket.RegionalDomainName":
      return `${physicalId}.s3.${region}.amazonaws.com`;
    case "AWS::S3::Bucket.DualStackDomainName":
      return `${physicalId}.s3.dualstack.${region}.amazonaws.com`;
    case "AWS::S3::Bucket.WebsiteURL":
      return `http://${physicalId}.s3-website-${region}.amazonaws.com`;
    case "AWS::SQS::Queue.QueueName":
      return name;
    case "AWS::SQS::Queue.QueueUrl":
      return physicalId;
    case "AWS::SNS::Topic.TopicArn":
      return physicalId;
    case "AWS::SNS::Topic.TopicName":
      return physicalId.split(":").pop() ?? physicalId;
    case "AWS::IAM::Role.RoleId":
      return `AROA${randomBytes(8).toString("hex").toUpperCase()}`;
    case "AWS::DynamoDB::Table.StreamArn":
      return `${arnFor(type, physicalId, ctx)}/stream/${new Date().toISOString().replace(/[:.]/g, "")}`;
    case "AWS::RDS::DBInstance.Endpoint.Address":
      return `${physicalId.toLowerCase()}.c${randomBytes(5).toString("hex")}.${region}.rds.amazonaws.com`;
    case "AWS::RDS::DBInstance.Endpoint.Port":
      return scalarText(props.Port) ?? (/postgres/i.test(scalarText(props.Engine) ?? "") ? "5432" : "3306");
    case "AWS::EC2::SecurityGroup.GroupId":
      return physicalId;
    case "AWS::EC2::VPC.CidrBlock":
      return scalarText(props.CidrBlock) ?? "10.0.0.0/16";
    case "AWS::CloudFront::Distribution.DomainName":
      return `d${randomBytes(6).toString("hex")}.cloudfront.net`;
    case "AWS::CloudFront::CloudFrontOriginAccessIdentity.S3CanonicalUserId":
      return randomBytes(48).toString("hex");
    case "AWS::ElasticLoadBalancingV2::LoadBalancer.DNSName":
      return `${name}-${randomBytes(4).toString("hex")}.${region}.elb.amazonaws.com`;
  }
  if (attribute === "Arn") return arnFor(type, physicalId, ctx);
  if (attribute === "Name") return name;
  return `${name}-${attribute.replace(/\W+/g, "-").toLowerCase()}`;
}

// ── What a type's handler does ───────────────────────────────────────────────────────────

/** Properties whose change replaces the resource (RequiresRecreation Always), by type; `*`: all. */
const REPLACING: Readonly<Record<string, readonly string[]>> = {
  "AWS::S3::Bucket": ["BucketName", "ObjectLockEnabled"],
  "AWS::SQS::Queue": ["QueueName", "FifoQueue"],
  "AWS::SNS::Topic": ["TopicName", "FifoTopic"],
  "AWS::SNS::Subscription": ["Endpoint", "Protocol", "TopicArn"],
  "AWS::DynamoDB::Table": ["TableName", "KeySchema", "LocalSecondaryIndexes"],
  "AWS::Lambda::Function": ["FunctionName", "PackageType"],
  "AWS::Lambda::Permission": ["Action", "FunctionName", "Principal", "SourceArn", "SourceAccount"],
  "AWS::IAM::Role": ["RoleName", "Path"],
  "AWS::IAM::InstanceProfile": ["InstanceProfileName", "Path"],
  "AWS::IAM::ManagedPolicy": ["ManagedPolicyName", "Path"],
  "AWS::Logs::LogGroup": ["LogGroupName"],
  "AWS::ECR::Repository": ["RepositoryName"],
  "AWS::ECS::Cluster": ["ClusterName"],
  "AWS::ECS::TaskDefinition": ["*"],
  "AWS::ECS::Service": ["ServiceName", "Cluster", "LaunchType", "Role"],
  "AWS::EC2::Instance": ["ImageId", "AvailabilityZone", "SubnetId", "KeyName", "PrivateIpAddress"],
  "AWS::EC2::SecurityGroup": ["GroupDescription", "GroupName", "VpcId"],
  "AWS::EC2::VPC": ["CidrBlock", "InstanceTenancy"],
  "AWS::EC2::Subnet": ["CidrBlock", "VpcId", "AvailabilityZone"],
  "AWS::RDS::DBInstance": [
    "DBName",
    "Engine",
    "DBInstanceIdentifier",
    "MasterUsername",
    "StorageEncrypted",
    "KmsKeyId",
    "SourceDBInstanceIdentifier",
  ],
  "AWS::CodeBuild::Project": ["Name"],
  "AWS::CodePipeline::Pipeline": ["Name"],
  "AWS::Events::Rule": ["Name", "EventBusName"],
  "AWS::SSM::Parameter": ["Name"],
  "AWS::SecretsManager::Secret": ["Name"],
  "AWS::KMS::Key": ["KeySpec", "MultiRegion"],
  "AWS::ElasticLoadBalancingV2::TargetGroup": ["Name", "Port", "Protocol", "VpcId", "TargetType"],
  "AWS::ApiGateway::Deployment": ["RestApiId"],
  "AWS::ApiGateway::Stage": ["RestApiId", "StageName"],
};

/** Properties whose change may replace the resource (RequiresRecreation Conditionally). */
const MAY_REPLACE: Readonly<Record<string, readonly string[]>> = {
  "AWS::EC2::Instance": ["InstanceType", "UserData"],
  "AWS::RDS::DBInstance": ["DBInstanceClass", "AllocatedStorage", "EngineVersion"],
  "AWS::DynamoDB::Table": ["AttributeDefinitions"],
};

export function requiresRecreation(type: string, property: string): "Always" | "Conditionally" | "Never" {
  const always = REPLACING[type];
  if (always?.includes(property) || always?.includes("*")) return "Always";
  if (MAY_REPLACE[type]?.includes(property)) return "Conditionally";
  return "Never";
}

/** Default simulated seconds a resource of a type takes to create, update or delete. */
const TYPE_SECONDS: Readonly<Record<string, number>> = {
  "AWS::IAM::Role": 6,
  "AWS::IAM::Policy": 3,
  "AWS::IAM::ManagedPolicy": 3,
  "AWS::Lambda::Function": 4,
  "AWS::S3::Bucket": 4,
  "AWS::DynamoDB::Table": 8,
  "AWS::SQS::Queue": 2,
  "AWS::SNS::Topic": 1,
  "AWS::Logs::LogGroup": 1,
  "AWS::RDS::DBInstance": 30,
  "AWS::CloudFront::Distribution": 20,
  "AWS::ECS::Service": 12,
  "AWS::EC2::Instance": 10,
};

export function resourceSeconds(cfn: CfnRegion, type: string, logicalId: string): number {
  return (
    cfn.resourceSeconds[logicalId] ??
    cfn.resourceSeconds[type] ??
    cfn.resourceSeconds.default ??
    TYPE_SECONDS[type] ??
    2
  );
}

/** Types CloudFormation cannot check for drift. */
export function driftSupported(type: string): boolean {
  return (
    !type.startsWith("Custom::") &&
    ![
      "AWS::CloudFormation::WaitConditionHandle",
      "AWS::CloudFormation::CustomResource",
      "AWS::CloudFormation::Stack",
    ].includes(type)
  );
}

function handlerMessage(service: string, message: string): string {
  const request = randomUUID();
  return `Resource handler returned message: "${message} (Service: ${service}, Status Code: 400, Request ID: ${request})" (RequestToken: ${randomUUID()}, HandlerErrorCode: InvalidRequest)`;
}

function outside(props: Json, name: string, min: number, max: number): number | undefined {
  const text = scalarText(props[name]);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) && n >= min && n <= max ? undefined : n;
}

/** What the type's handler answers for properties it refuses, as CloudFormation reports it; undefined when it accepts them. */
export function handlerRefusal(type: string, props: Json): string | undefined {
  switch (type) {
    case "AWS::SQS::Queue":
      for (const [name, min, max] of [
        ["MessageRetentionPeriod", 60, 1_209_600],
        ["VisibilityTimeout", 0, 43_200],
        ["DelaySeconds", 0, 900],
        ["MaximumMessageSize", 1024, 262_144],
      ] as const)
        if (outside(props, name, min, max) !== undefined)
          return handlerMessage("Sqs", `Invalid value for the parameter ${name}.`);
      return undefined;
    case "AWS::Lambda::Function": {
      const memory = outside(props, "MemorySize", 128, 10_240);
      if (memory !== undefined)
        return handlerMessage(
          "Lambda",
          `1 validation error detected: Value '${memory}' at 'memorySize' failed to satisfy constraint: Member must have value ${memory < 128 ? "greater than or equal to 128" : "less than or equal to 10240"}`,
        );
      const timeout = outside(props, "Timeout", 1, 900);
      if (timeout !== undefined)
        return handlerMessage(
          "Lambda",
          `1 validation error detected: Value '${timeout}' at 'timeout' failed to satisfy constraint: Member must have value ${timeout < 1 ? "greater than or equal to 1" : "less than or equal to 900"}`,
        );
      return undefined;
    }
    case "AWS::S3::Bucket": {
      const name = scalarText(props.BucketName);
      if (name !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name))
        return `Resource handler returned message: "Bucket name should not contain uppercase characters" (RequestToken: ${randomUUID()}, HandlerErrorCode: InvalidRequest)`;
      return undefined;
    }
    case "AWS::Logs::LogGroup": {
      const days = scalarText(props.RetentionInDays);
      const allowed = [
        1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
        3653,
      ];
      if (days !== undefined && !allowed.includes(Number(days)))
        return `Resource handler returned message: "Model validation failed (#/RetentionInDays: #: only 1 subschema matches out of 2)" (RequestToken: ${randomUUID()}, HandlerErrorCode: InvalidRequest)`;
      return undefined;
    }
  }
  return undefined;
}

/** A resource's Properties as the template declares them. */
export function declaredProperties(decl: Json): Json {
  return asObject(decl.Properties);
}
