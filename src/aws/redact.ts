/** What may be written to a log: never a password or token that a URL carries. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    let redacted = false;
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? "***" : "";
      parsed.password = parsed.password ? "***" : "";
      redacted = true;
    }
    for (const key of [...parsed.searchParams.keys()]) {
      if (!/token|secret|signature|credential|password|key/i.test(key)) continue;
      parsed.searchParams.set(key, "***");
      redacted = true;
    }
    // Unchanged URLs are written as given (URL would add a trailing slash).
    return redacted ? parsed.toString() : url;
  } catch {
    // Not a URL: keep only what cannot carry a secret.
    return url.replace(/\/\/[^@/]*@/, "//***@");
  }
}
