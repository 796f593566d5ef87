import {
  child,
  entry,
  functionOf,
  text,
  type MapNode,
  type TemplateNode,
  type TemplateProblem,
} from "./tree";

const SECTIONS = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
  "Hooks",
]);

export const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

const SAM = "AWS::Serverless-2016-10-31";

interface Names {
  readonly parameters: ReadonlySet<string>;
  readonly resources: ReadonlyMap<string, string>;
  readonly conditions: ReadonlySet<string>;
  readonly transforms: readonly string[];
}

/** Logical ids SAM generates from a template's resources (a function's role, an API's stage, …). */
function samGenerated(name: string, names: Names): boolean {
  if (/^Serverless(Rest|Http)Api/.test(name)) return true;
  for (const [id, type] of names.resources) {
    if (!type.startsWith("AWS::Serverless::") || !name.startsWith(id) || name === id) continue;
    if (
      /^(Role|Version|Alias\w*|Policy|Deployment\w*|\w*Stage|\w*Permission\w*|\w+)$/.test(
        name.slice(id.length),
      )
    )
      return true;
  }
  return false;
}

function transformsOf(root: MapNode): string[] {
  const t = child(root, "Transform");
  if (!t) return [];
  const items = t.kind === "seq" ? t.items : [t];
  return items.map((i) => text(i) ?? text(child(i, "Name")) ?? "").filter(Boolean);
}

/**
 * What a template gets wrong that CloudFormation would refuse, found without asking it: no
 * Resources, a resource without Type, `Ref`/`Fn::GetAtt`/`Fn::Sub`/`DependsOn`/conditions naming
 * what the template does not declare; and parameters nothing uses (warnings).
 */
export function checkTemplate(root: TemplateNode): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  const at = (
    node: { start: number; end: number },
    message: string,
    severity: "error" | "warning" = "error",
  ) => problems.push({ message, severity, start: node.start, end: Math.max(node.end, node.start + 1) });
  if (root.kind !== "map") {
    at(root, "A CloudFormation template is a mapping with a Resources section.");
    return problems;
  }
  const transforms = transformsOf(root);
  for (const e of root.entries) {
    if (SECTIONS.has(e.key) || (e.key === "Globals" && transforms.includes(SAM))) continue;
    at(
      { start: e.keyStart, end: e.keyEnd },
      `CloudFormation does not know the section ${e.key}: it refuses the template (the sections are ${[...SECTIONS].join(", ")}).`,
    );
  }
  const resourcesEntry = entry(root, "Resources");
  const resources = resourcesEntry?.value;
  if (!resourcesEntry) {
    at(
      { start: 0, end: 1 },
      "The template has no Resources section: CloudFormation needs at least one resource.",
    );
    return problems;
  }
  if (resources?.kind !== "map" || resources.entries.length === 0) {
    at(
      resources ?? { start: resourcesEntry.keyStart, end: resourcesEntry.keyEnd },
      "Resources must declare at least one resource.",
    );
    return problems;
  }
  const parametersNode = child(root, "Parameters");
  const parameterEntries = parametersNode?.kind === "map" ? parametersNode.entries : [];
  const conditionsNode = child(root, "Conditions");
  const names: Names = {
    parameters: new Set(parameterEntries.map((e) => e.key)),
    resources: new Map(resources.entries.map((e) => [e.key, text(child(e.value, "Type")) ?? ""])),
    conditions: new Set(conditionsNode?.kind === "map" ? conditionsNode.entries.map((e) => e.key) : []),
    transforms,
  };
  const lenient = (name: string) =>
    transforms.some((t) => t !== SAM && t !== "AWS::LanguageExtensions") ||
    (transforms.includes(SAM) && samGenerated(name, names));

  for (const r of resources.entries) {
    if (r.key.startsWith("Fn::ForEach::")) continue;
    if (r.value.kind !== "map") {
      at(r.value, `Resource ${r.key} must be a mapping with a Type.`);
      continue;
    }
    const type = child(r.value, "Type");
    if (!type) at({ start: r.keyStart, end: r.keyEnd }, `Resource ${r.key} has no Type.`);
    else if (text(type) === undefined)
      at(type, `The Type of ${r.key} must be a resource type name such as AWS::S3::Bucket.`);
    const dependsOn = child(r.value, "DependsOn");
    for (const d of dependsOn?.kind === "seq" ? dependsOn.items : dependsOn ? [dependsOn] : []) {
      const name = text(d);
      if (name !== undefined && !names.resources.has(name) && !lenient(name))
        at(d, `DependsOn names ${name}, which is not a resource of this template.`);
    }
    const condition = child(r.value, "Condition");
    const conditionName = text(condition);
    if (condition && conditionName !== undefined && !names.conditions.has(conditionName))
      at(condition, `Condition ${conditionName} is not declared in Conditions.`);
  }

  const used = new Set<string>();
  // Conditions may name parameters only; resources and outputs may name resources too.
  for (const section of [
    "Resources",
    "Outputs",
    "Conditions",
    "Rules",
    "Globals",
    "Mappings",
    "Hooks",
  ] as const) {
    const node = child(root, section);
    if (node) walk(node, section, names, used, lenient, at);
  }
  // Parameters used only inside other parameters' declarations (a Default cannot reference) and metadata labels do not count.
  for (const p of parameterEntries) {
    if (!used.has(p.key))
      at(
        { start: p.keyStart, end: p.keyEnd },
        `Parameter ${p.key} is declared but never used (no Ref or \${${p.key}} names it).`,
        "warning",
      );
  }
  return problems.sort((a, b) => a.start - b.start);
}

type Report = (node: { start: number; end: number }, message: string, severity?: "error" | "warning") => void;

function walk(
  start: TemplateNode,
  section: string,
  names: Names,
  used: Set<string>,
  lenient: (name: string) => boolean,
  at: Report,
): void {
  // An explicit stack (no recursion): a deep template cannot overflow the call stack.
  const stack: { node: TemplateNode; locals?: ReadonlySet<string> }[] = [{ node: start }];
  const known = (name: string, locals?: ReadonlySet<string>) =>
    PSEUDO_PARAMETERS.has(name) ||
    names.parameters.has(name) ||
    (section !== "Conditions" && names.resources.has(name)) ||
    locals?.has(name) === true;
  while (stack.length > 0) {
    const { node, locals } = stack.pop()!;
    const push = (n: TemplateNode, l = locals) => stack.push({ node: n, ...(l ? { locals: l } : {}) });
    if (node.kind === "scalar") continue;
    if (node.kind === "seq") {
      for (const item of node.items) push(item);
      continue;
    }
    const fn = functionOf(node);
    if (fn) {
      const arg = fn.value;
      switch (fn.key) {
        case "Ref": {
          const name = text(arg);
          if (name === undefined || name === "") {
            at(arg, "Ref takes the name of a parameter or resource.");
            continue;
          }
          used.add(name);
          if (!known(name, locals) && !lenient(name))
            at(
              arg,
              section === "Conditions" && names.resources.has(name)
                ? `Conditions cannot Ref the resource ${name}: only parameters and pseudo parameters.`
                : `Ref ${name}: no parameter or resource ${name} in this template.`,
            );
          continue;
        }
        case "Fn::GetAtt": {
          const target = arg.kind === "seq" ? text(arg.items[0]) : text(arg)?.split(".")[0];
          const attribute = arg.kind === "seq" ? arg.items[1] : undefined;
          const node0 = arg.kind === "seq" ? (arg.items[0] ?? arg) : arg;
          if (target === undefined) {
            if (arg.kind === "scalar" || (arg.kind === "seq" && arg.items.length === 0))
              at(arg, "Fn::GetAtt takes Resource.Attribute.");
          } else if (!names.resources.has(target) && !lenient(target)) {
            at(node0, `Fn::GetAtt ${target}: no resource ${target} in this template.`);
          } else if (arg.kind === "scalar" && !(text(arg) ?? "").includes(".")) {
            at(arg, `Fn::GetAtt ${target}: name the attribute too (${target}.Arn).`);
          }
          if (attribute) push(attribute);
          continue;
        }
        case "Fn::Sub": {
          const [template, vars] = arg.kind === "seq" ? [arg.items[0], arg.items[1]] : [arg, undefined];
          const localNames = new Set<string>(vars?.kind === "map" ? vars.entries.map((e) => e.key) : []);
          const s = text(template);
          if (template && s !== undefined) {
            for (const name of subVariables(s)) {
              const [head] = name.split(".") as [string];
              if (localNames.has(head)) continue;
              used.add(name.includes(".") && !PSEUDO_PARAMETERS.has(name) ? head : name);
              if (name.includes(".") && !PSEUDO_PARAMETERS.has(name)) {
                if (!names.resources.has(head) && !lenient(head))
                  at(template, `\${${name}}: no resource ${head} in this template.`);
              } else if (!known(name, locals) && !lenient(name)) {
                at(template, `\${${name}}: no parameter or resource ${name} in this template.`);
              }
            }
          }
          if (vars) push(vars);
          continue;
        }
        case "Fn::If": {
          const first = arg.kind === "seq" ? arg.items[0] : undefined;
          const name = text(first);
          if (first && name !== undefined && !names.conditions.has(name))
            at(first, `Fn::If names the condition ${name}, which is not declared in Conditions.`);
          if (arg.kind === "seq") for (const item of arg.items.slice(1)) push(item);
          continue;
        }
        case "Condition": {
          const name = text(arg);
          if (name !== undefined && section === "Conditions" && !names.conditions.has(name))
            at(arg, `Condition ${name} is not declared in Conditions.`);
          if (name === undefined) push(arg);
          continue;
        }
      }
    }
    for (const e of node.entries) {
      if (e.key.startsWith("Fn::ForEach::") && e.value.kind === "seq") {
        // Fn::ForEach::Name: [Identifier, Collection, Output]: the identifier is a local name.
        const identifier = text(e.value.items[0]);
        const l = new Set(locals ?? []);
        if (identifier) l.add(identifier);
        for (const item of e.value.items.slice(1)) push(item, l);
        continue;
      }
      push(e.value);
    }
  }
}

/** `${Name}` and `${Resource.Attribute}` in an Fn::Sub string (`${!Literal}` is text). */
export function subVariables(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const start = s.indexOf("${", i);
    if (start < 0) return out;
    const end = s.indexOf("}", start + 2);
    if (end < 0) return out;
    const name = s.slice(start + 2, end).trim();
    if (name !== "" && !name.startsWith("!")) out.push(name);
    i = end + 1;
  }
}
