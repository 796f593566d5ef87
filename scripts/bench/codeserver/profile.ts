// Where the extension host's thread went between two moments, from a CPU profile the bench
// agent took in that host (test/host/src/benchAgent.ts): each sample is charged to the first
// extension on its stack (ours, or one of VS Code's own such as git), else to the host itself.
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  /** The monotonic clock (µs) and epoch ms at one moment, written by the agent. */
  readonly clock: { readonly monotonicUs: number; readonly epochMs: number };
}

/**
 * Milliseconds of the host's thread per owner: "ours", "ours: loading ES modules", "idle",
 * "extension git", "VS Code and Node", "GC".
 */
export type HostCpu = Record<string, number>;

export const OURS = "ours";
export const OURS_LOADING = "ours: loading ES modules";
export const IDLE = "idle";

function owner(url: string, ourId: string): string | undefined {
  if (url.includes(ourId)) return OURS;
  // Only our lazy modules are ES modules in this host: ES module loading (resolving through the
  // host's loader hooks, compiling) is ours.
  if (url.startsWith("node:internal/modules/esm")) return OURS_LOADING;
  const builtIn = /\/extensions\/([^/]+)\//.exec(url)?.[1];
  if (builtIn) return `extension ${builtIn.replace(/^[^.]+\./, "").replace(/-\d[\w.-]*$/, "")}`;
  return undefined;
}

/** CPU time per owner between two epoch-ms moments (clipped to the profile's span). */
export interface ProfiledSpan {
  readonly cpu: HostCpu;
  /** The moments covered: `from` is later than asked when the profile began later. */
  readonly from: number;
  readonly to: number;
}

export function hostCpu(file: string, fromMs: number, toMs: number, ourId: string): ProfiledSpan {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parents.set(c, n.id);
  const charged = new Map<number, string>();
  const chargeOf = (id: number): string => {
    const known = charged.get(id);
    if (known) return known;
    const frame = nodes.get(id)!.callFrame;
    let who: string;
    if (frame.functionName === "(idle)") who = IDLE;
    else if (frame.functionName === "(garbage collector)") who = "GC";
    else {
      who = "VS Code and Node";
      for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
        const found = owner(nodes.get(at)!.callFrame.url, ourId);
        if (found) {
          who = found;
          break;
        }
      }
    }
    charged.set(id, who);
    return who;
  };
  const offsetMs = profile.clock.epochMs - profile.clock.monotonicUs / 1000;
  const from = Math.max(fromMs, profile.startTime / 1000 + offsetMs);
  const to = Math.min(toMs, profile.endTime / 1000 + offsetMs);
  const out: HostCpu = {};
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const at = t / 1000 + offsetMs;
    if (at < from || at > to) continue;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const who = chargeOf(profile.samples[i]!);
    out[who] = (out[who] ?? 0) + ms;
  }
  return { cpu: out, from, to };
}
