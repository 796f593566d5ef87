import { BUILDSPEC, type KeySpec } from "./spec";

type JsonSchema = Record<string, unknown>;

/** The buildspec reference as a JSON schema, for the Red Hat YAML extension (`yamlValidation`). */
export function buildspecJsonSchema(): JsonSchema {
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "AWS CodeBuild buildspec",
    ...toSchema(BUILDSPEC),
    required: ["version"],
  };
}

function toSchema(spec: KeySpec): JsonSchema {
  const description = spec.doc;
  switch (spec.shape) {
    case "scalar":
      return spec.values
        ? { description, anyOf: [{ enum: spec.values }, { type: ["string", "number", "boolean"] }] }
        : { description, type: ["string", "number", "boolean"] };
    case "stringList":
      return { description, type: "array", items: { type: "string" } };
    case "stringOrList":
      return { description, anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] };
    case "list":
      return { description, type: "array" };
    case "stringMap":
      return { description, type: "object", additionalProperties: { type: ["string", "number", "boolean"] } };
    case "namedMaps":
      return { description, type: "object", additionalProperties: spec.entry ? toSchema(spec.entry) : {} };
    case "map":
      return {
        description,
        type: ["object", "null"],
        properties: Object.fromEntries(Object.entries(spec.children ?? {}).map(([k, v]) => [k, toSchema(v)])),
        additionalProperties: spec.children ? false : true,
        ...(spec.required ? { required: Object.keys(spec.required) } : {}),
      };
  }
}
