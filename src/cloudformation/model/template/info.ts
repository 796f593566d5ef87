import { child, text, type TemplateNode } from "./tree";

export interface ParameterInfo {
  readonly key: string;
  readonly type: string;
  readonly defaultValue?: string;
  readonly noEcho: boolean;
  readonly description?: string;
  readonly allowedValues?: readonly string[];
}

export interface ResourceInfo {
  readonly logicalId: string;
  readonly type: string;
  /** The top-level property names it sets. */
  readonly properties: readonly string[];
}

export interface TemplateInfo {
  readonly description?: string;
  readonly parameters: readonly ParameterInfo[];
  readonly resources: readonly ResourceInfo[];
  readonly transforms: readonly string[];
}

function scalar(node: TemplateNode | undefined): string | undefined {
  return text(node);
}

/** What a template declares: its parameters, resources and transforms. */
export function templateInfo(root: TemplateNode | undefined): TemplateInfo {
  const parameters: ParameterInfo[] = [];
  const params = child(root, "Parameters");
  if (params?.kind === "map") {
    for (const p of params.entries) {
      const allowed = child(p.value, "AllowedValues");
      const def = child(p.value, "Default");
      const defaultValue =
        def?.kind === "seq" ? def.items.map((i) => scalar(i) ?? "").join(",") : scalar(def);
      const description = scalar(child(p.value, "Description"));
      parameters.push({
        key: p.key,
        type: scalar(child(p.value, "Type")) ?? "String",
        ...(defaultValue !== undefined ? { defaultValue } : {}),
        noEcho: scalar(child(p.value, "NoEcho"))?.toLowerCase() === "true",
        ...(description !== undefined ? { description } : {}),
        ...(allowed?.kind === "seq" ? { allowedValues: allowed.items.map((i) => scalar(i) ?? "") } : {}),
      });
    }
  }
  const resources: ResourceInfo[] = [];
  const res = child(root, "Resources");
  if (res?.kind === "map") {
    for (const r of res.entries) {
      const props = child(r.value, "Properties");
      resources.push({
        logicalId: r.key,
        type: scalar(child(r.value, "Type")) ?? "",
        properties: props?.kind === "map" ? props.entries.map((e) => e.key) : [],
      });
    }
  }
  const t = child(root, "Transform");
  const transforms = (t?.kind === "seq" ? t.items : t ? [t] : [])
    .map((i) => scalar(i) ?? scalar(child(i, "Name")) ?? "")
    .filter(Boolean);
  const description = scalar(child(root, "Description"));
  return { ...(description !== undefined ? { description } : {}), parameters, resources, transforms };
}
