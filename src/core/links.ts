/** Whether a link from AWS data may be opened: only https URLs (no javascript:, file:, command: …). */
export function isSafeLink(link: string | undefined): link is string {
  if (!link) return false;
  try {
    const url = new URL(link);
    return url.protocol === "https:" && !url.username && !url.password;
  } catch {
    return false;
  }
}
