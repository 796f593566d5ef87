// Composite alarm rules: ALARM(x), OK(x), INSUFFICIENT_DATA(x) with an alarm name or ARN
// (quoted or not), TRUE, FALSE, NOT, AND, OR and parentheses (AND binds tighter than OR).
// Parsed in one pass; invalid rules are refused with CloudWatch's ValidationError.
import { SimError } from "./errors";

export type AlarmStateValue = "OK" | "ALARM" | "INSUFFICIENT_DATA";

export type Rule =
  | { readonly kind: "const"; readonly value: boolean }
  | { readonly kind: "state"; readonly state: AlarmStateValue; readonly alarm: string }
  | { readonly kind: "not"; readonly arg: Rule }
  | { readonly kind: "and" | "or"; readonly args: readonly Rule[] };

function invalid(rule: string, why: string): SimError {
  return new SimError("ValidationException", `Invalid AlarmRule "${rule}": ${why}.`);
}

function tokenize(rule: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < rule.length) {
    const c = rule[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "(" || c === ")") {
      out.push(c);
      i++;
    } else if (c === '"') {
      const end = rule.indexOf('"', i + 1);
      if (end < 0) throw invalid(rule, "unterminated quote");
      out.push(rule.slice(i, end + 1));
      i = end + 1;
    } else {
      const start = i;
      while (i < rule.length && !/[\s()"]/.test(rule[i]!)) i++;
      out.push(rule.slice(start, i));
    }
  }
  return out;
}

/** `arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME` or a name → the name. */
export function alarmNameOf(ref: string): string {
  const m = /^arn:aws[a-z-]*:cloudwatch:[^:]*:\d*:alarm:(.+)$/.exec(ref);
  return m ? m[1]! : ref;
}

export function parseRule(rule: string): Rule {
  const tokens = tokenize(rule);
  let i = 0;
  const peek = () => tokens[i]?.toUpperCase();
  const take = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw invalid(rule, "unexpected end");
    return t;
  };
  const unit = (): Rule => {
    const t = take();
    const upper = t.toUpperCase();
    if (t === "(") {
      const inner = or();
      if (take() !== ")") throw invalid(rule, "expected )");
      return inner;
    }
    if (upper === "NOT") return { kind: "not", arg: unit() };
    if (upper === "TRUE" || upper === "FALSE") return { kind: "const", value: upper === "TRUE" };
    if (upper === "ALARM" || upper === "OK" || upper === "INSUFFICIENT_DATA") {
      if (take() !== "(") throw invalid(rule, `expected ( after ${t}`);
      let ref = take();
      if (ref === ")") throw invalid(rule, `${t}() needs an alarm`);
      if (ref.startsWith('"')) ref = ref.slice(1, -1);
      if (take() !== ")") throw invalid(rule, "expected )");
      return { kind: "state", state: upper, alarm: alarmNameOf(ref) };
    }
    throw invalid(rule, `unexpected ${t}`);
  };
  const and = (): Rule => {
    const args = [unit()];
    while (peek() === "AND") {
      take();
      args.push(unit());
    }
    return args.length === 1 ? args[0]! : { kind: "and", args };
  };
  const or = (): Rule => {
    const args = [and()];
    while (peek() === "OR") {
      take();
      args.push(and());
    }
    return args.length === 1 ? args[0]! : { kind: "or", args };
  };
  if (tokens.length === 0) throw invalid(rule, "empty rule");
  const root = or();
  if (i !== tokens.length) throw invalid(rule, `unexpected ${tokens[i] ?? ""}`);
  return root;
}

/** The alarms a rule names. */
export function ruleAlarms(rule: Rule): string[] {
  switch (rule.kind) {
    case "const":
      return [];
    case "state":
      return [rule.alarm];
    case "not":
      return ruleAlarms(rule.arg);
    default:
      return [...new Set(rule.args.flatMap(ruleAlarms))];
  }
}

export function evaluateRule(rule: Rule, stateOf: (alarm: string) => AlarmStateValue | undefined): boolean {
  switch (rule.kind) {
    case "const":
      return rule.value;
    case "state":
      return stateOf(rule.alarm) === rule.state;
    case "not":
      return !evaluateRule(rule.arg, stateOf);
    case "and":
      return rule.args.every((r) => evaluateRule(r, stateOf));
    case "or":
      return rule.args.some((r) => evaluateRule(r, stateOf));
  }
}
