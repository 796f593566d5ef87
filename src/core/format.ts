/** Human-readable durations, times and identifiers. */

export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

export function relativeTime(when: Date, now: Date): string {
  const seconds = Math.round((now.getTime() - when.getTime()) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days < 30) return days === 1 ? "yesterday" : `${days} days ago`;
  return when.toISOString().slice(0, 10);
}

const SHA = /^[0-9a-f]{40}$/i;

/** A source version as people read it: short commit ids, branch names without `refs/heads/`. */
export function shortSourceVersion(version: string | undefined): string | undefined {
  if (!version) return undefined;
  if (SHA.test(version)) return version.slice(0, 7);
  return version.replace(/^refs\/heads\//, "").replace(/^refs\/tags\//, "tag ");
}

/** `user/alice`, `codepipeline/release` → `alice`, `codepipeline/release`. */
export function shortInitiator(initiator: string | undefined): string | undefined {
  if (!initiator) return undefined;
  const assumed = /^arn:aws:sts::\d+:assumed-role\/[^/]+\/(.+)$/.exec(initiator);
  if (assumed) return assumed[1];
  return initiator.replace(/^(user|root)\//, "");
}

/** The longest line an output channel is given (VS Code stops rendering a line after 10,000 characters: the note must show). */
export const CHANNEL_LINE_LIMIT = 8_000;

/** A line for an output channel: a longer one is cut, saying how much was left out. */
export function channelLine(line: string, limit = CHANNEL_LINE_LIMIT): string {
  if (line.length <= limit) return line;
  return `${line.slice(0, limit)} […${thousands(line.length - limit)} more characters not shown]`;
}

/** 254144 → "254,144" (without Intl, which is slow to start). */
export function thousands(n: number): string {
  const digits = String(Math.trunc(n));
  let out = "";
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ",";
    out += digits[i];
  }
  return out;
}

/** 1,448,576 bytes → "1.4 MB"; 512 → "512 B" (powers of 1,024, one decimal under 10). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let u = 0;
  // 1023.5 and over would round to "1024 KB": said in the next unit ("1.0 MB").
  while (v >= 1023.5 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 || u === 0 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}
