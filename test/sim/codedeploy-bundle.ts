// What the CodeDeploy agent reads from a revision: the appspec file at the bundle's root
// (zip, tar or tgz), and the file names in it, so a simulated deployment runs the hooks the
// revision's own appspec names (and misses the scripts the bundle lacks).
import { crc32, gunzipSync, inflateRawSync } from "node:zlib";
import { parse } from "yaml";

export interface Bundle {
  /** Paths of the files in the bundle ("scripts/start.sh"). */
  files: Set<string>;
  /** The appspec's text, if the bundle has one at its root. */
  appspec?: string;
}

const APPSPEC_NAMES = ["appspec.yml", "appspec.yaml", "appspec.json"];

/** Reads a bundle; undefined when it is not one of the three formats. */
export function readBundle(body: Buffer, bundleType: string): Bundle | undefined {
  try {
    const entries =
      bundleType === "zip" ? readZip(body) : bundleType === "tgz" ? readTar(gunzipSync(body)) : readTar(body);
    const files = new Set([...entries.keys()].map((n) => n.replace(/^\.\//, "")));
    const name = APPSPEC_NAMES.find((n) => files.has(n));
    const appspec = name ? (entries.get(name) ?? entries.get(`./${name}`))?.toString("utf8") : undefined;
    return { files, ...(appspec !== undefined ? { appspec } : {}) };
  } catch {
    return undefined;
  }
}

/** A zip's entries from its central directory (stored and deflated entries). */
function readZip(buf: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip");
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory");
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLength).toString("utf8");
    p += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith("/")) continue;
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + compressed);
    out.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
  }
  return out;
}

/** A tar's regular files (ustar, with GNU/pax long names). */
function readTar(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let p = 0;
  let longName: string | undefined;
  while (p + 512 <= buf.length) {
    const header = buf.subarray(p, p + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const size = parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1) || "0";
    const prefix = field(345, 155);
    let name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const data = buf.subarray(p + 512, p + 512 + size);
    p += 512 + Math.ceil(size / 512) * 512;
    if (type === "L") {
      longName = data.toString("utf8").replace(/\0.*$/s, "");
      continue;
    }
    if (type === "x") {
      const path = /\d+ path=([^\n]*)\n/.exec(data.toString("utf8"))?.[1];
      if (path) longName = path;
      continue;
    }
    if (longName) {
      name = longName;
      longName = undefined;
    }
    if (type === "0") out.set(name, Buffer.from(data));
  }
  return out;
}

/** The scripts an appspec's hook names (EC2/on-premises: `location`s; Lambda/ECS: function names). */
export function hookScripts(appspec: string | undefined, hook: string): string[] {
  if (!appspec) return [];
  let doc: unknown;
  try {
    doc = appspec.trimStart().startsWith("{") ? JSON.parse(appspec) : parse(appspec);
  } catch {
    return [];
  }
  if (typeof doc !== "object" || doc === null) return [];
  const hooks = (doc as { hooks?: unknown; Hooks?: unknown }).hooks ?? (doc as { Hooks?: unknown }).Hooks;
  if (Array.isArray(hooks)) {
    // ECS and Lambda: a list of { Hook: function }.
    return hooks.flatMap((h: unknown) =>
      typeof h === "object" && h !== null && hook in h ? [String((h as Record<string, unknown>)[hook])] : [],
    );
  }
  if (typeof hooks !== "object" || hooks === null) return [];
  const scripts = (hooks as Record<string, unknown>)[hook];
  if (!Array.isArray(scripts)) return [];
  return scripts.flatMap((s: unknown) =>
    typeof s === "object" && s !== null && typeof (s as { location?: unknown }).location === "string"
      ? [(s as { location: string }).location]
      : [],
  );
}

/** The container name and port of an ECS appspec's LoadBalancerInfo. */
export function ecsLoadBalancerInfo(appspec: string | undefined): { name?: string; port?: number } {
  if (!appspec) return {};
  try {
    const doc = (appspec.trimStart().startsWith("{") ? JSON.parse(appspec) : parse(appspec)) as {
      Resources?: Record<
        string,
        { Properties?: { LoadBalancerInfo?: { ContainerName?: unknown; ContainerPort?: unknown } } }
      >[];
    };
    for (const resource of doc.Resources ?? []) {
      for (const value of Object.values(resource)) {
        const info = value.Properties?.LoadBalancerInfo;
        if (info)
          return {
            ...(typeof info.ContainerName === "string" ? { name: info.ContainerName } : {}),
            ...(typeof info.ContainerPort === "number" ? { port: info.ContainerPort } : {}),
          };
      }
    }
  } catch {
    // An appspec that does not parse has no load balancer info.
  }
  return {};
}

/** A zip of `files` (stored, not compressed): the bundles the scenarios seed their buckets with. */
export function makeZip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
