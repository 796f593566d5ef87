// Reading request members with the checks AWS applies (required, type, range, enum), raising
// the service's validation error in AWS's wording.
import { constraintViolation, SimError, type Service } from "./errors";
import type { Json } from "./state";

interface Rules {
  required?: boolean;
  min?: number;
  max?: number;
}

function typeError(member: string, expected: string): SimError {
  return new SimError(
    "SerializationException",
    `Unexpected value type for '${member}': expected ${expected}.`,
  );
}

export class Input {
  constructor(
    readonly body: Json,
    private readonly service: Service,
  ) {}

  private value(name: string, rules: Rules): unknown {
    const v = this.body[name];
    if ((v === undefined || v === null) && rules.required) {
      throw constraintViolation(this.service, name, null, "Member must not be null");
    }
    return v === null ? undefined : v;
  }

  str(name: string, rules: Rules = {}): string | undefined {
    const v = this.value(name, rules);
    if (v === undefined) return undefined;
    if (typeof v !== "string") throw typeError(name, "string");
    if (rules.min !== undefined && v.length < rules.min) {
      throw constraintViolation(
        this.service,
        name,
        v,
        `Member must have length greater than or equal to ${rules.min}`,
      );
    }
    if (rules.max !== undefined && v.length > rules.max) {
      throw constraintViolation(
        this.service,
        name,
        v,
        `Member must have length less than or equal to ${rules.max}`,
      );
    }
    return v;
  }

  num(name: string, rules: Rules = {}): number | undefined {
    const v = this.value(name, rules);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) throw typeError(name, "number");
    if (rules.min !== undefined && v < rules.min) {
      throw constraintViolation(
        this.service,
        name,
        v,
        `Member must have value greater than or equal to ${rules.min}`,
      );
    }
    if (rules.max !== undefined && v > rules.max) {
      throw constraintViolation(
        this.service,
        name,
        v,
        `Member must have value less than or equal to ${rules.max}`,
      );
    }
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name, {});
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw typeError(name, "boolean");
    return v;
  }

  oneOf<T extends string>(name: string, values: readonly T[], rules: Rules = {}): T | undefined {
    const v = this.str(name, rules);
    if (v === undefined) return undefined;
    const known = (x: string): x is T => (values as readonly string[]).includes(x);
    if (!known(v)) {
      throw constraintViolation(
        this.service,
        name,
        v,
        `Member must satisfy enum value set: [${values.join(", ")}]`,
      );
    }
    return v;
  }

  strList(name: string, rules: Rules = {}): string[] | undefined {
    const v = this.list(name, rules);
    if (v === undefined) return undefined;
    if (!v.every((x) => typeof x === "string")) throw typeError(name, "list of strings");
    return v;
  }

  list(name: string, rules: Rules = {}): unknown[] | undefined {
    const v = this.value(name, rules);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw typeError(name, "list");
    const list: unknown[] = v;
    if (rules.min !== undefined && list.length < rules.min) {
      throw constraintViolation(
        this.service,
        name,
        list,
        `Member must have length greater than or equal to ${rules.min}`,
      );
    }
    if (rules.max !== undefined && list.length > rules.max) {
      throw constraintViolation(
        this.service,
        name,
        list,
        `Member must have length less than or equal to ${rules.max}`,
      );
    }
    return list;
  }

  obj(name: string, rules: Rules = {}): Json | undefined {
    const v = this.value(name, rules);
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v)) throw typeError(name, "structure");
    return v as Json;
  }
}

/** Opaque paging tokens (base64url JSON), rejected with the service's error when tampered with. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeToken<T>(token: string, check: (v: unknown) => v is T, onBad: () => SimError): T {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw onBad();
}
