// A change set's changes: what differs between the deployed stack and a new template with its
// parameters, resource by resource — Add, Modify (in place or by replacement) and Remove — with
// each changed property's path, before and after values, whether it replaces the resource, and
// why it changes (the template itself, a parameter, or another resource being replaced).
import {
  attributeOf,
  requiresRecreation,
  type ResourceChange,
  type ResourceRecord,
} from "./cloudformation-model";
import { KNOWN_AFTER_APPLY, NO_VALUE, resolve, type EvalScope } from "./cloudformation-eval";
import { asObject, collectReferences, scalarText, validationError } from "./cloudformation-template";
import type { Json } from "./state";

export interface DeployedState {
  /** Live resources by logical id. */
  readonly resources: ReadonlyMap<string, ResourceRecord>;
  readonly parameters: ReadonlyMap<string, string>;
}

export interface PlannedState {
  /** Active resources (conditions applied) in dependency order. */
  readonly resources: ReadonlyMap<string, Json>;
  readonly order: readonly string[];
  readonly parameters: ReadonlyMap<string, string>;
  readonly conditions: ReadonlyMap<string, boolean>;
  readonly scope: Omit<EvalScope, "ref" | "attribute">;
}

type Fate = "added" | "replaced" | "modified" | "same";

const OTHER_ATTRIBUTES = [
  "Metadata",
  "DeletionPolicy",
  "UpdateReplacePolicy",
  "UpdatePolicy",
  "CreationPolicy",
] as const;

export function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface Leaf {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

const MAX_LEAVES = 20;

/** The differing leaves of two values, as JSON pointers. */
function leaves(before: unknown, after: unknown, path: string, out: Leaf[]): void {
  if (out.length >= MAX_LEAVES || equal(before, after)) return;
  const plain = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
  if (plain(before) && plain(after)) {
    const b = before as Json;
    const a = after as Json;
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)]))
      leaves(b[key], a[key], `${path}/${key}`, out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    before.forEach((item, i) => leaves(item, after[i], `${path}/${i}`, out));
    return;
  }
  out.push({ path, before, after });
}

/** The resources, parameters and resource attributes a value refers to. */
function causes(decl: unknown): { refs: Set<string>; atts: Map<string, string> } {
  const refs = collectReferences(decl);
  const atts = new Map<string, string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== "object" || v === null) return;
    const o = v as Json;
    if (Array.isArray(o["Fn::GetAtt"])) {
      const [id, att] = o["Fn::GetAtt"] as unknown[];
      if (typeof id === "string") atts.set(id, `${id}.${scalarText(att) ?? ""}`);
    } else if (typeof o["Fn::GetAtt"] === "string") {
      const text = o["Fn::GetAtt"];
      atts.set(text.split(".")[0]!, text);
    }
    Object.values(o).forEach(walk);
  };
  walk(decl);
  for (const sub of refs.subs) if (sub.includes(".")) atts.set(sub.split(".")[0]!, sub);
  return { refs: new Set([...refs.refs, ...[...refs.subs].filter((s) => !s.includes("."))]), atts };
}

/**
 * The changes a new template and its parameters make to a deployed stack (undefined `deployed`:
 * a new stack), resolved with what exists now; values known only after the change are
 * `{{changeSet:KNOWN_AFTER_APPLY}}`, as CloudFormation writes them.
 */
export function computeChanges(
  deployed: DeployedState | undefined,
  planned: PlannedState,
  naming: { region: string; accountId: string; stackName: string },
): ResourceChange[] {
  const fates = new Map<string, Fate>();
  const changes: ResourceChange[] = [];
  const changedParameters = new Set(
    [...planned.parameters].filter(([k, v]) => deployed && deployed.parameters.get(k) !== v).map(([k]) => k),
  );
  const condition = (name: string) => planned.conditions.get(name) ?? false;
  for (const id of planned.order) {
    const decl = planned.resources.get(id)!;
    const type = scalarText(decl.Type) ?? "";
    const old = deployed?.resources.get(id);
    const scope: EvalScope = {
      ...planned.scope,
      ref: (x) => {
        const fate = fates.get(x);
        if (fate === "added" || fate === "replaced") return undefined;
        return deployed?.resources.get(x)?.physicalId;
      },
      attribute: (x, attribute) => {
        const fate = fates.get(x);
        const record = deployed?.resources.get(x);
        if (fate === "added" || fate === "replaced" || !record?.physicalId) return undefined;
        let value = record.attributes.get(attribute);
        if (value === undefined) {
          value = attributeOf(record.type, record.physicalId, attribute, record.props, naming);
          record.attributes.set(attribute, value);
        }
        return value;
      },
    };
    const props = asObject(resolve(asObject(decl.Properties), scope, condition));
    if (!old) {
      fates.set(id, "added");
      changes.push({
        action: "Add",
        logicalId: id,
        type,
        scope: [],
        details: [],
        afterContext: JSON.stringify({ Properties: props }),
      });
      continue;
    }
    if (old.type !== type)
      throw validationError(
        `Update of resource type is not permitted. The new template modifies resource type of the following resources: [${id}]`,
      );
    const details: Json[] = [];
    const scopes = new Set<string>();
    const oldDeclProps = asObject(old.decl.Properties);
    const newDeclProps = asObject(decl.Properties);
    for (const property of new Set([...Object.keys(old.props), ...Object.keys(props)])) {
      const before = old.props[property];
      const after = props[property];
      if (equal(before, after)) continue;
      const attribute = property === "Tags" ? "Tags" : "Properties";
      scopes.add(attribute);
      const recreation = requiresRecreation(type, property);
      const why = reasonFor(oldDeclProps[property], newDeclProps[property], changedParameters, fates);
      const found: Leaf[] = [];
      leaves(before, after, `/Properties/${property}`, found);
      for (const leaf of found) {
        details.push({
          Target: {
            Attribute: attribute,
            Name: property,
            RequiresRecreation: recreation,
            Path: leaf.path,
            ...(leaf.before !== undefined ? { BeforeValue: valueText(leaf.before) } : {}),
            ...(leaf.after !== undefined && leaf.after !== NO_VALUE
              ? { AfterValue: valueText(leaf.after) }
              : {}),
            AttributeChangeType:
              leaf.before === undefined ? "Add" : leaf.after === undefined ? "Remove" : "Modify",
          },
          Evaluation: why.evaluation,
          ChangeSource: why.source,
          ...(why.entity ? { CausingEntity: why.entity } : {}),
        });
      }
    }
    for (const attribute of OTHER_ATTRIBUTES) {
      if (equal(old.decl[attribute], decl[attribute])) continue;
      scopes.add(attribute);
      details.push({
        Target: { Attribute: attribute, RequiresRecreation: "Never" },
        Evaluation: "Static",
        ChangeSource: "DirectModification",
      });
    }
    if (type === "AWS::CloudFormation::Stack" && details.length === 0) {
      // A nested stack's template may have changed behind its URL: CloudFormation always updates it.
      details.push({ Evaluation: "Dynamic", ChangeSource: "Automatic" });
    }
    if (details.length === 0) {
      fates.set(id, "same");
      continue;
    }
    const always = details.some(
      (d) => asObject(d.Target).RequiresRecreation === "Always" && d.Evaluation === "Static",
    );
    const maybe = details.some((d) => {
      const r = asObject(d.Target).RequiresRecreation;
      return r === "Conditionally" || (r === "Always" && d.Evaluation === "Dynamic");
    });
    const replacement = always ? "True" : maybe ? "Conditional" : "False";
    fates.set(id, replacement === "True" ? "replaced" : "modified");
    const policy = scalarText(decl.UpdateReplacePolicy) ?? "Delete";
    changes.push({
      action: "Modify",
      logicalId: id,
      type,
      ...(old.physicalId ? { physicalId: old.physicalId } : {}),
      replacement,
      ...(replacement === "True" ? { policyAction: `ReplaceAnd${policy}` } : {}),
      scope: [...scopes],
      details,
      beforeContext: JSON.stringify({ Properties: old.props }),
      afterContext: JSON.stringify({ Properties: props }),
    });
  }
  for (const [id, old] of deployed?.resources ?? []) {
    if (planned.resources.has(id)) continue;
    changes.push({
      action: "Remove",
      logicalId: id,
      type: old.type,
      ...(old.physicalId ? { physicalId: old.physicalId } : {}),
      policyAction: scalarText(old.decl.DeletionPolicy) ?? "Delete",
      scope: [],
      details: [],
      beforeContext: JSON.stringify({ Properties: old.props }),
    });
  }
  return changes;
}

function reasonFor(
  oldDecl: unknown,
  newDecl: unknown,
  changedParameters: ReadonlySet<string>,
  fates: ReadonlyMap<string, Fate>,
): { evaluation: "Static" | "Dynamic"; source: string; entity?: string } {
  if (!equal(oldDecl, newDecl)) return { evaluation: "Static", source: "DirectModification" };
  const { refs, atts } = causes(newDecl);
  for (const name of refs)
    if (changedParameters.has(name))
      return { evaluation: "Static", source: "ParameterReference", entity: name };
  for (const name of refs) {
    const fate = fates.get(name);
    if (fate === "replaced" || fate === "added")
      return { evaluation: "Dynamic", source: "ResourceReference", entity: name };
  }
  for (const [name, entity] of atts)
    if (fates.get(name) && fates.get(name) !== "same")
      return { evaluation: "Dynamic", source: "ResourceAttribute", entity };
  return { evaluation: "Static", source: "DirectModification" };
}

export { KNOWN_AFTER_APPLY };
