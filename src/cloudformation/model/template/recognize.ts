/** How much of a file recognition reads: a template says what it is near its top. */
const HEAD = 64 * 1024;

// Anchored at line starts with [ \t] (never \s, which would run across lines): linear.
const YAML_VERSION = /^["']?AWSTemplateFormatVersion["']?[ \t]*:/m;
const YAML_RESOURCES = /^["']?Resources["']?[ \t]*:/m;
const YAML_TYPE = /^[ \t]+["']?Type["']?[ \t]*:[ \t]*["']?(AWS|Custom|Alexa)::/m;
const YAML_SAM = /^["']?Transform["']?[ \t]*:[ \t]*["']?AWS::Serverless/m;
const JSON_VERSION = /"AWSTemplateFormatVersion"[ \t\r\n]*:/;
const JSON_TYPE = /"Type"[ \t]*:[ \t]*"(AWS|Custom|Alexa)::/;
// CodeDeploy AppSpecs have Resources with AWS types too, under `version: 0.0`.
const YAML_APPSPEC = /^["']?version["']?[ \t]*:[ \t]*["']?0\.0/m;
const JSON_APPSPEC = /"version"[ \t]*:[ \t]*"?0\.0/;

/**
 * Whether a file looks like a CloudFormation template (YAML or JSON, SAM included), from its
 * first 64 KiB: a template format version, or Resources with AWS types (not an AppSpec's), or
 * the SAM transform.
 */
export function looksLikeTemplate(fullText: string): boolean {
  const head = fullText.slice(0, HEAD);
  if (/^\s*\{/.test(head.slice(0, 1024)))
    return (
      JSON_VERSION.test(head) ||
      (!JSON_APPSPEC.test(head) && head.includes('"Resources"') && JSON_TYPE.test(head))
    );
  return (
    YAML_VERSION.test(head) ||
    YAML_SAM.test(head) ||
    (!YAML_APPSPEC.test(head) && YAML_RESOURCES.test(head) && YAML_TYPE.test(head))
  );
}
