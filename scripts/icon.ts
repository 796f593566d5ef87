// npm run icon: renders media/icon.svg to media/icon.png (128×128, the Marketplace's icon) in
// Debian's Chromium, the way the e2e tests drive it.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const svg = readFileSync(path.join(root, "media", "icon.svg"), "utf8");
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page
      .locator("svg")
      .screenshot({ path: path.join(root, "media", "icon.png"), omitBackground: true });
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
