import type { TemplateInfo } from "./template/info";
import type { TemplateValidation } from "./types";

const NAME_PROPERTY: Readonly<Record<string, string>> = {
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::IAM::InstanceProfile": "InstanceProfileName",
};
/** Transforms CloudFormation hosts: a change set with them needs no CAPABILITY_AUTO_EXPAND. */
const HOSTED = new Set(["AWS::Serverless-2016-10-31", "AWS::Include", "AWS::LanguageExtensions"]);

export interface CapabilityNeed {
  readonly capability: string;
  /** Why, in words. */
  readonly reason: string;
}

/**
 * The capabilities a deployment must acknowledge: CAPABILITY_IAM for IAM resources (a SAM
 * function without a Role makes one), CAPABILITY_NAMED_IAM when they are named,
 * CAPABILITY_AUTO_EXPAND for macros — from the template, and from ValidateTemplate when it said.
 */
export function capabilitiesNeeded(info: TemplateInfo, validation?: TemplateValidation): CapabilityNeed[] {
  const iam = info.resources.filter(
    (r) =>
      r.type.startsWith("AWS::IAM::") ||
      (r.type === "AWS::Serverless::Function" && !r.properties.includes("Role")),
  );
  const named = iam.filter((r) => NAME_PROPERTY[r.type] && r.properties.includes(NAME_PROPERTY[r.type]!));
  const out: CapabilityNeed[] = [];
  const list = (rs: readonly { logicalId: string }[]) => rs.map((r) => r.logicalId).join(", ");
  if (named.length > 0)
    out.push({
      capability: "CAPABILITY_NAMED_IAM",
      reason: `IAM resources with custom names: ${list(named)}`,
    });
  else if (iam.length > 0 || validation?.capabilities.includes("CAPABILITY_IAM"))
    out.push({
      capability: "CAPABILITY_IAM",
      reason: iam.length
        ? `IAM resources: ${list(iam)}`
        : (validation?.capabilitiesReason ?? "IAM resources"),
    });
  if (
    validation?.capabilities.includes("CAPABILITY_NAMED_IAM") &&
    !out.some((c) => c.capability === "CAPABILITY_NAMED_IAM")
  )
    out.splice(0, out.length, {
      capability: "CAPABILITY_NAMED_IAM",
      reason: validation.capabilitiesReason ?? "named IAM resources",
    });
  const macros = info.transforms.filter((t) => !HOSTED.has(t));
  if (macros.length > 0 || validation?.capabilities.includes("CAPABILITY_AUTO_EXPAND"))
    out.push({
      capability: "CAPABILITY_AUTO_EXPAND",
      reason: macros.length ? `macros: ${macros.join(", ")}` : "macros",
    });
  return out;
}

/** The capabilities CloudFormation says are missing ("Requires capabilities : [CAPABILITY_IAM]"). */
export function capabilitiesInError(message: string): string[] {
  const list = /Requires capabilities\s*:\s*\[([^\]]*)\]/.exec(message)?.[1] ?? "";
  return list
    .split(",")
    .map((c) => c.trim())
    .filter((c) => /^CAPABILITY_[A-Z_]+$/.test(c));
}
