// What a user does and sees in the VS Code workbench (code-server in Chromium), as helpers:
// the activity bar, tree rows, context menus, the command palette, quick picks, the status bar,
// notifications, dialogs, the Output panel, and a screenshot per step.
import { copyFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import type { Locator, Page } from "playwright-core";
import type { DomElement, DomSelect } from "./dom";

export interface StatusBarItem {
  readonly id: string;
  /** The visible text; codicons show as `[check]`, `[sync~spin]` (as in `$(check)`, `$(sync~spin)`). */
  readonly text: string;
  readonly ariaLabel: string;
}

export interface TreeRow {
  /** Position in the tree as rendered (the list's data-index). */
  readonly index: number;
  readonly label: string;
  readonly description: string;
  /** 1 for root nodes. */
  readonly level: number;
  /** Absent for leaves. */
  readonly expanded?: boolean;
  /** How many children the row's parent has (aria-setsize), rendered or not. */
  readonly setSize: number;
}

export interface Problem {
  /** Workspace-relative path, e.g. src/app.ts. */
  readonly file: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Who reported it, e.g. "CodeBuild: api-service #4". */
  readonly source: string;
}

export interface Notification {
  readonly message: string;
  readonly buttons: string[];
}

/** Polls `probe` until it returns something other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  description: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 20_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : "";
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export class Workbench {
  private shotCount = 0;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  /** Opens the workbench and waits until the extension host has started. */
  async open(url: string): Promise<void> {
    // Not until the page's load event: VS Code 1.139's workbench.js is 19 MB (1.100's: 11 MB) and
    // on a busy machine the load event came after the 30 s page.goto allows. The workbench's
    // element is what counts.
    await this.page.goto(url, { waitUntil: "commit", timeout: 60_000 });
    await this.page.locator(".monaco-workbench").waitFor({ timeout: 120_000 });
    await this.page.locator(".part.statusbar").waitFor({ timeout: 30_000 });
  }

  /**
   * Saves test-results/e2e/<env>/screenshots/NN-<name>.png and returns its path. With `readme`
   * and E2E_README_SHOTS set to a folder (npm run screenshots), it is also copied there as
   * <readme>.png.
   */
  async screenshot(name: string, readme?: string): Promise<string> {
    this.shotCount += 1;
    const readmeDir = process.env.E2E_README_SHOTS;
    if (readme && readmeDir) {
      // No stray hover (tooltips) in the README's images: park the mouse on the empty editor
      // area and let an open hover close.
      await this.page.mouse.move(1300, 450);
      await this.page
        .locator(".workbench-hover-container, .monaco-hover:not(.hidden)")
        .first()
        .waitFor({ state: "hidden", timeout: 3000 })
        .catch(() => undefined);
    }
    const file = path.join(this.screenshotDir, `${String(this.shotCount).padStart(2, "0")}-${name}.png`);
    await this.page.screenshot({ path: file });
    if (readme && readmeDir) {
      mkdirSync(readmeDir, { recursive: true });
      copyFileSync(file, path.join(readmeDir, `${readme}.png`));
    }
    return file;
  }

  // ── Activity bar and views ───────────────────────────────────────────────────────────────

  activityBarEntry(title: string): Locator {
    return this.page.locator(`.part.activitybar .action-item .action-label[aria-label^="${title}"]`);
  }

  /**
   * Shows a view container (clicking its activity bar entry unless it is showing already). A
   * reloaded window restores its layout after the workbench appears, with the entry selected and
   * the sidebar open or closed: a click during that can toggle the sidebar shut, so it is tried
   * again until the sidebar shows.
   */
  async openViewContainer(title: string): Promise<void> {
    const entry = this.activityBarEntry(title);
    await entry.waitFor({ timeout: 30_000 });
    const item = this.page.locator(".part.activitybar .action-item", {
      has: this.page.locator(`.action-label[aria-label^="${title}"]`),
    });
    const sidebar = this.page.locator(".part.sidebar");
    const showing = async () =>
      (await item.evaluate((el: DomElement) => el.classList?.contains("checked") ?? false)) &&
      (await sidebar.isVisible());
    for (let attempt = 0; attempt < 3 && !(await showing()); attempt++) {
      await entry.click();
      await waitFor(`the ${title} sidebar`, showing, 3_000).catch(() => undefined);
    }
    await sidebar.waitFor();
  }

  /** The titles of the views (sections) the sidebar shows, e.g. ["Pipelines", "Current Branch"]. */
  async viewTitles(): Promise<string[]> {
    const titles = await this.page.locator(".part.sidebar .pane-header .title").allTextContents();
    return titles.map((t) => t.trim());
  }

  /** A view of the sidebar by its title (the "Pipelines" view unless said otherwise). */
  view(title = "Pipelines"): Locator {
    return this.page.locator(".part.sidebar .pane").filter({
      has: this.page.locator(".pane-header .title", { hasText: exactly(title) }),
    });
  }

  /** A view's welcome content (viewsWelcome), when shown. */
  welcomeContent(view?: string): Locator {
    return this.view(view).locator(".welcome-view-content");
  }

  /** Clicks a title action of a view (e.g. "Refresh"); they show when the header is hovered. */
  async clickViewAction(title: string, view?: string): Promise<void> {
    const pane = this.view(view);
    await pane.locator(".pane-header").hover();
    await pane
      .locator(`.pane-header .actions-container .action-label[aria-label^="${title}"]`)
      .first()
      .click();
  }

  // ── Trees ────────────────────────────────────────────────────────────────────────────────

  /** Rows of a view's tree whose label is exactly `label` (among those scrolled into view). */
  treeRow(label: string, view?: string): Locator {
    return this.view(view)
      .locator(".monaco-list-rows > .monaco-list-row")
      .filter({ has: this.page.locator(".label-name", { hasText: exactly(label) }) });
  }

  /**
   * Every row of a view's tree, top to bottom: label, description, depth, expanded state. The
   * list is virtual (only rows in view are in the DOM), so a tree taller than its view is read
   * by scrolling through it.
   */
  async treeRows(view?: string): Promise<TreeRow[]> {
    const list = this.view(view).locator(".monaco-list").first();
    const rows = new Map<number, TreeRow>();
    const read = async () => {
      for (const row of await this.renderedRows(view)) {
        rows.set(row.index, row);
      }
    };
    await read();
    const size = await list.evaluate((el: DomElement) => ({
      visible: el.clientHeight ?? 0,
      total: parseFloat(el.querySelector(".monaco-list-rows")?.style?.height ?? "0"),
    }));
    if (size.total > size.visible + 1) {
      const startAt = await this.scrollTop(view);
      await this.scrollTreeTo(view, 0);
      for (let top = 0; ; top += Math.max(44, size.visible - 44)) {
        await this.scrollTreeTo(view, top);
        await read();
        if (top + size.visible >= size.total) {
          break;
        }
      }
      await this.scrollTreeTo(view, startAt);
    }
    return [...rows.values()].sort((a, b) => a.index - b.index);
  }

  /** The rows the DOM holds now (those scrolled into view). */
  private async renderedRows(view?: string): Promise<TreeRow[]> {
    // Rows of the list itself, not the sticky-scroll copies of their parents above them.
    return this.view(view)
      .locator(".monaco-list-rows > .monaco-list-row")
      .evaluateAll((elements: DomElement[]) =>
        elements.map((row) => {
          const expanded = row.getAttribute("aria-expanded");
          return {
            index: Number(row.getAttribute("data-index") ?? "-1"),
            label: row.querySelector(".label-name")?.textContent?.trim() ?? "",
            description: row.querySelector(".label-description")?.textContent?.trim() ?? "",
            level: Number(row.getAttribute("aria-level") ?? "0"),
            setSize: Number(row.getAttribute("aria-setsize") ?? "0"),
            ...(expanded === null ? {} : { expanded: expanded === "true" }),
          };
        }),
      );
  }

  /** How far a view's tree is scrolled (pixels from the top). */
  private async scrollTop(view?: string): Promise<number> {
    const top = await this.view(view)
      .locator(".monaco-list-rows")
      .first()
      .evaluate((el: DomElement) => el.style?.top ?? "0");
    return -parseFloat(top || "0");
  }

  /**
   * Scrolls a view's tree with the mouse wheel (the list ignores synthetic wheel events; a
   * notch moves it a few rows), then parks the mouse on the empty editor area so no hover stays.
   */
  private async scrollTreeTo(view: string | undefined, top: number): Promise<void> {
    const box = await this.view(view).locator(".monaco-list").first().boundingBox();
    if (!box) {
      return;
    }
    await this.page.mouse.move(box.x + box.width / 2, box.y + Math.min(30, box.height / 2));
    for (let notch = 0; notch < 100; notch++) {
      const before = await this.scrollTop(view);
      if (Math.abs(top - before) < 1) {
        break;
      }
      await this.page.mouse.wheel(0, top - before);
      const moved = await waitFor(
        "the tree to scroll",
        async () => (await this.scrollTop(view)) !== before,
        500,
        20,
      )
        .then(() => true)
        .catch(() => false);
      if (!moved) {
        break; // The end of the list.
      }
    }
    await this.page.mouse.move(1300, 450);
  }

  /** Scrolls a view's tree until the row with this index is in the DOM, and returns it. */
  private async revealRow(view: string | undefined, index: number): Promise<Locator> {
    const row = this.view(view).locator(`.monaco-list-rows > .monaco-list-row[data-index="${index}"]`);
    if ((await row.count()) === 0) {
      await this.scrollTreeTo(view, Math.max(0, index * 22 - 44));
    }
    return row;
  }

  /**
   * The rows directly below the row labelled `parentLabel` (which must be expanded), in order.
   * Read again (up to 2 s) while fewer than the tree says the parent has (aria-setsize), so a
   * read that missed rows never passes for the whole list (CI, VS Code 1.100: a stack's first 3
   * of 6 children were read once; which DOM state that read caught is not known).
   */
  async childRows(parentLabel: string, view?: string): Promise<TreeRow[]> {
    const deadline = Date.now() + 2_000;
    for (;;) {
      const rows = await this.treeRows(view);
      const children = childrenOf(
        rows,
        rows.find((r) => r.label === parentLabel),
      );
      const told = children[0]?.setSize ?? 0;
      if (children.length >= told || Date.now() > deadline) {
        return children;
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** The row labelled `label` directly below the row labelled `parentLabel`. */
  async childRow(parentLabel: string, label: string, view?: string): Promise<Locator | undefined> {
    const row = (await this.childRows(parentLabel, view)).find((r) => r.label === label);
    return row ? this.revealRow(view, row.index) : undefined;
  }

  /**
   * The row labelled `label` anywhere in a view's tree, scrolled into the DOM (a row scrolled out
   * of view is not in it), waited for until it is there.
   */
  async revealedRow(label: string, view?: string, timeoutMs = 30_000): Promise<Locator> {
    return waitFor(
      `the row ${label}`,
      async () => {
        const row = await this.rowLabelled(label, view);
        return row ? this.revealRow(view, row.index) : undefined;
      },
      timeoutMs,
    );
  }

  /** The first row labelled `label` in a view's whole tree (scrolled through), if there is one. */
  private async rowLabelled(label: string, view?: string): Promise<TreeRow | undefined> {
    return (await this.treeRows(view)).find((r) => r.label === label);
  }

  /** Folds the row labelled `label` when it is open (scrolling it into the DOM first). */
  async collapse(label: string, view?: string): Promise<void> {
    const found = await this.rowLabelled(label, view);
    if (found?.expanded !== true) {
      return;
    }
    const row = await this.revealRow(view, found.index);
    await row.locator(".monaco-tl-twistie").click();
    await waitFor(
      `${label} to fold`,
      async () => (await row.getAttribute("aria-expanded")) === "false",
      10_000,
    );
  }

  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute("aria-expanded")) === "false") {
      await row.locator(".monaco-tl-twistie").click();
      await waitFor(
        "the row to expand",
        async () => (await row.getAttribute("aria-expanded")) === "true",
        10_000,
      );
    }
  }

  /** Right-clicks `row` and chooses `item` from its context menu. */
  async contextMenu(row: Locator, item: string): Promise<void> {
    await row.click({ button: "right" });
    const entry = this.menuItem(item);
    await entry.waitFor();
    // A menu ignores a mouse-up that comes right after it opened (so the right-click itself does
    // not choose an item): hover first, then choose it with the keyboard.
    await entry.hover();
    await this.page.waitForTimeout(150);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".monaco-menu-container .monaco-menu").first().waitFor({ state: "detached" });
  }

  /** The labels of the context menu opened by right-clicking `row` (the menu is closed again). */
  async contextMenuItems(row: Locator): Promise<string[]> {
    await row.click({ button: "right" });
    const menu = this.page.locator(".monaco-menu-container .monaco-menu");
    await menu.first().locator(".action-item .action-label").first().waitFor();
    const labels = await menu
      .first()
      .locator(".action-item:not(.disabled) .action-label")
      .evaluateAll((els: DomElement[]) => els.map((el) => el.textContent ?? ""));
    await this.page.keyboard.press("Escape");
    return labels.map((l) => l.trim()).filter((l) => l.length > 0);
  }

  menuItem(label: string): Locator {
    return this.page.locator(".monaco-menu-container .monaco-menu .action-item .action-label", {
      hasText: exactly(label),
    });
  }

  // ── Command palette and quick picks ──────────────────────────────────────────────────────

  quickInput(): Locator {
    return this.page.locator(".quick-input-widget");
  }

  /** Runs a command through F1 by its title as the palette shows it (e.g. "AWS CI/CD: Refresh"). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press("Escape");
    await this.page.keyboard.press("F1");
    const input = this.quickInput().locator("input");
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.quickInput().locator(".monaco-list-row", {
      has: this.page.locator(".label-name", { hasText: exactly(title) }),
    });
    await row.first().waitFor({ timeout: 10_000 });
    await row.first().click();
  }

  /** Waits for a quick pick and returns its items' labels (and descriptions). */
  async quickPickItems(): Promise<{ label: string; description: string }[]> {
    await this.quickInput().locator(".monaco-list-row").first().waitFor({ timeout: 15_000 });
    return this.quickInput()
      .locator(".monaco-list-row")
      .evaluateAll((rows: DomElement[]) =>
        rows.map((row) => ({
          label: row.querySelector(".label-name")?.textContent?.trim() ?? "",
          description: row.querySelector(".label-description")?.textContent?.trim() ?? "",
        })),
      );
  }

  async quickPickTitle(): Promise<string> {
    const input = this.quickInput().locator("input");
    const placeholder = (await input.getAttribute("placeholder")) ?? "";
    const title = (
      await this.quickInput()
        .locator(".quick-input-title")
        .innerText()
        .catch(() => "")
    ).trim();
    return [title, placeholder].filter(Boolean).join(" — ");
  }

  /** How many items a multi-select quick pick has checked (VS Code's own "N Selected" badge). */
  async quickPickCheckedCount(): Promise<number> {
    const badge = this.quickInput().locator(".quick-input-count");
    if (!(await badge.isVisible())) return 0;
    return Number(/\d+/.exec(await badge.innerText())?.[0] ?? "0");
  }

  /** Accepts a multi-select quick pick with its OK button, as a user would. */
  async acceptQuickPick(): Promise<void> {
    const ok = this.quickInput().locator(".quick-input-action .monaco-button", { hasText: exactly("OK") });
    if (await ok.isVisible()) await ok.click();
    else await this.page.keyboard.press("Enter");
  }

  /** Chooses the quick pick item whose label is `label`. */
  async pickQuickPickItem(label: string | RegExp): Promise<void> {
    const pattern = typeof label === "string" ? exactly(label) : label;
    await this.quickInput()
      .locator(".monaco-list-row", { has: this.page.locator(".label-name", { hasText: pattern }) })
      .first()
      .click();
  }

  // ── Editors and problems ─────────────────────────────────────────────────────────────────

  /**
   * Opens a workspace file through Quick Open, as a user would: F1, then the file's name (which
   * turns the palette into Go to File). Not Ctrl+P: pressed while a webview editor has focus it
   * reaches the workbench as a quick-navigate, and releasing Ctrl opens the recent file selected
   * at that moment (microsoft/vscode#88284; seen once in a CI dry run with the stack timeline
   * active). Picked again if its editor did not come up, each retry logged.
   */
  async quickOpen(fileName: string): Promise<void> {
    const active = this.page.locator(".part.editor .tab.active", { hasText: fileName }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press("Escape");
      await this.page.keyboard.press("F1");
      const input = this.quickInput().locator("input");
      await input.waitFor();
      await input.fill(fileName);
      await this.quickInput()
        .locator(".monaco-list-row", {
          has: this.page.locator(".label-name", { hasText: exactly(fileName) }),
        })
        .first()
        .click();
      try {
        await active.waitFor({ timeout: attempt < 3 ? 8_000 : 15_000 });
        // The file may have been active before: its tab proves nothing until Go to File has
        // closed, and a quick pick the caller opens next would otherwise be read from this one
        // (seen on VS Code 1.139 in a CI dry run: a CodeLens's pick read as "appspec.yml").
        return await this.quickInput().waitFor({ state: "hidden", timeout: 5_000 });
      } catch (error) {
        if (attempt >= 3) throw error;
        const tab = await this.page
          .locator(".part.editor .tab.active")
          .first()
          .innerText()
          .catch(() => "?");
        const picking = await this.quickInput().isVisible();
        console.log(
          `quickOpen(${fileName}): attempt ${attempt} left "${tab.trim()}" active, the quick pick ${picking ? "open" : "closed"}`,
        );
      }
    }
  }

  /** The CodeLens links of the visible editor whose text matches. */
  codeLens(match: RegExp): Locator {
    return this.page.locator(".part.editor .codelens-decoration a", { hasText: match });
  }

  /** Opens the Problems panel (its status bar item) and lists what it shows, file by file. */
  async problems(options: { open?: boolean } = {}): Promise<Problem[]> {
    // The status bar's problems item toggles the panel: not clicked when something else opened it.
    if (options.open !== false) await this.page.locator(".part.statusbar #status\\.problems").click();
    const rows = this.page.locator(".part.panel .markers-panel .monaco-list-row");
    await rows.first().waitFor({ timeout: 15_000 });
    const labels = await rows.evaluateAll((els: DomElement[]) =>
      els
        .map((el) => ({
          index: Number(el.getAttribute("data-index") ?? "-1"),
          label: el.getAttribute("aria-label") ?? "",
        }))
        .sort((a, b) => a.index - b.index)
        .map((r) => r.label),
    );
    const problems: Problem[] = [];
    let file = "";
    for (const label of labels) {
      const header = /problems? in file (\S+) of folder (\S+)/.exec(label);
      if (header) {
        file = `${header[2]}/${header[1]}`;
        continue;
      }
      const marker =
        /^(Error|Warning|Info): (.*) at line (\d+) and character (\d+)\. generated by (.*)$/.exec(label);
      if (marker) {
        problems.push({
          file,
          severity: marker[1]!,
          message: marker[2]!,
          line: Number(marker[3]),
          column: Number(marker[4]),
          source: marker[5]!,
        });
      }
    }
    return problems;
  }

  // ── Status bar ───────────────────────────────────────────────────────────────────────────

  async statusBarItems(): Promise<StatusBarItem[]> {
    return this.page.locator(".part.statusbar .statusbar-item").evaluateAll((items: DomElement[]) =>
      items.map((item) => {
        const label = item.querySelector(".statusbar-item-label") ?? item;
        const text = Array.from(label.childNodes)
          .map((node) => {
            if (node.classList?.contains("codicon")) {
              const classes = Array.from(node.classList);
              const icon = classes.find(
                (c) => c.startsWith("codicon-") && !c.startsWith("codicon-modifier-"),
              );
              const spin = classes.includes("codicon-modifier-spin") ? "~spin" : "";
              return icon ? `[${icon.slice("codicon-".length)}${spin}]` : "";
            }
            return node.textContent ?? "";
          })
          .join("")
          .trim();
        return {
          id: item.id,
          text,
          ariaLabel: (label.getAttribute("aria-label") ?? item.getAttribute("aria-label") ?? "").trim(),
        };
      }),
    );
  }

  /** The first status bar item whose text or aria-label matches. */
  async statusBarItem(match: RegExp): Promise<StatusBarItem | undefined> {
    return (await this.statusBarItems()).find((item) => match.test(item.text) || match.test(item.ariaLabel));
  }

  statusBarLocator(match: RegExp): Locator {
    return this.page.locator(".part.statusbar .statusbar-item").filter({ hasText: match });
  }

  // ── Notifications and dialogs ────────────────────────────────────────────────────────────

  /** The notification toasts on screen now. */
  async notifications(): Promise<Notification[]> {
    return this.notificationsIn(".notifications-toasts");
  }

  private async notificationsIn(container: string): Promise<Notification[]> {
    return this.page.locator(`${container} .notification-list-item`).evaluateAll((items: DomElement[]) =>
      items.map((item) => ({
        message: item.querySelector(".notification-list-item-message")?.textContent?.trim() ?? "",
        buttons: Array.from(
          item.querySelectorAll(".notification-list-item-buttons-container .monaco-button"),
        ).map((b) => b.textContent?.trim() ?? ""),
      })),
    );
  }

  /**
   * Waits for a notification toast whose message matches. When none comes, what the
   * notification center holds is logged before the test fails: VS Code toasts at most three
   * notifications in 800 ms (and none while the center is open), and puts the others in the
   * center only — a user would not see them (a CI dry run lost a command's error that way after
   * three progress notifications; those now show only for steps that take a moment).
   */
  async waitForNotification(match: RegExp, timeoutMs = 30_000): Promise<Notification> {
    try {
      return await waitFor(
        `a notification matching ${String(match)}`,
        async () => (await this.notifications()).find((n) => match.test(n.message)),
        timeoutMs,
      );
    } catch (error) {
      const center = await this.notificationCenter().catch(() => []);
      const there = center.some((n) => match.test(n.message)) ? "it is there, without a toast; " : "";
      console.log(
        `waitForNotification(${String(match)}): no toast; ${there}the notification center holds ${center.length}: ` +
          center.map((n) => JSON.stringify(n.message.slice(0, 100))).join(", "),
      );
      throw error;
    }
  }

  /** The notifications in the notification center (opened for a moment, then hidden again). */
  private async notificationCenter(): Promise<Notification[]> {
    const center = this.page.locator(".notifications-center");
    await this.runCommand("Notifications: Show Notifications");
    await center.waitFor({ timeout: 10_000 });
    const items = await this.notificationsIn(".notifications-center");
    await this.page.keyboard.press("Escape");
    if (await center.isVisible()) await this.runCommand("Notifications: Hide Notifications");
    await center.waitFor({ state: "hidden", timeout: 10_000 });
    return items;
  }

  /**
   * Clicks a button of the notification whose message matches: on its toast, or, once the toast
   * has timed out, in the notification center.
   */
  async clickNotificationButton(match: RegExp, button: string): Promise<void> {
    const withMessage = (container: string) =>
      this.page
        .locator(`${container} .notification-list-item`)
        .filter({ has: this.page.locator(".notification-list-item-message", { hasText: match }) })
        .first();
    let item = withMessage(".notifications-toasts");
    if (!(await item.isVisible())) {
      await this.runCommand("Notifications: Show Notifications");
      item = withMessage(".notifications-center");
      await item.waitFor({ timeout: 10_000 });
    }
    await item.hover();
    await item
      .locator(".notification-list-item-buttons-container .monaco-button", { hasText: button })
      .first()
      .click();
  }

  /** All notifications of the session (the notification center's list), toasts included. */
  async allNotifications(): Promise<string[]> {
    await this.runCommand("Notifications: Show Notifications");
    const center = this.page.locator(".notifications-center");
    await center.waitFor();
    const messages = await center.locator(".notification-list-item-message").allInnerTexts();
    await this.page.keyboard.press("Escape");
    return messages.map((m) => m.trim());
  }

  async clearNotifications(): Promise<void> {
    await this.runCommand("Notifications: Clear All Notifications");
  }

  dialog(): Locator {
    return this.page.locator(".monaco-dialog-box");
  }

  async dialogMessage(): Promise<string> {
    await this.dialog().waitFor({ timeout: 15_000 });
    return (await this.dialog().locator(".dialog-message-text, .dialog-message").first().innerText()).trim();
  }

  /** The dialog's detail lines (under the message). */
  async dialogDetail(): Promise<string> {
    await this.dialog().waitFor({ timeout: 15_000 });
    return (await this.dialog().locator(".dialog-message-detail").first().innerText()).trim();
  }

  async clickDialogButton(label: string): Promise<void> {
    await this.dialog()
      .locator(".dialog-buttons .monaco-button", { hasText: exactly(label) })
      .click();
  }

  // ── Output panel ─────────────────────────────────────────────────────────────────────────

  /** The name of the output channel the Output panel shows. */
  async selectedOutputChannel(): Promise<string> {
    const select = this.page.locator(".part.panel select.monaco-select-box").first();
    await select.waitFor({ timeout: 15_000 });
    return select.evaluate((el: DomSelect) => el.options[el.selectedIndex]?.text ?? "");
  }

  /** The lines the Output panel's editor renders now (only what is scrolled into view). */
  async visibleOutputLines(): Promise<string[]> {
    const lines = this.page.locator(".part.panel .monaco-editor .view-lines .view-line");
    return lines.evaluateAll((els: DomElement[]) =>
      els
        .map((el) => ({ top: parseFloat(el.style?.top || "0"), text: el.textContent ?? "" }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text.replace(/\u00a0/g, " ")),
    );
  }

  /**
   * The whole text of the output channel the Output panel shows: select all in its editor and
   * copy, then read the clipboard.
   */
  async outputText(): Promise<string> {
    const editor = this.page.locator(".part.panel .monaco-editor").first();
    await editor.waitFor({ timeout: 15_000 });
    // Click inside the editor's first line: the centre of .view-lines may lie outside the panel.
    await editor.click({ position: { x: 60, y: 8 } });
    await this.page.keyboard.press("Control+A");
    await this.page.keyboard.press("Control+C");
    const text = String(await this.page.evaluate("navigator.clipboard.readText()"));
    // Back to the end, where the Output panel keeps following new lines.
    await this.page.keyboard.press("Control+End");
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A pattern for an element whose whole text is `text` (surrounding whitespace aside). */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/** The rows directly below `parent` in `rows` (read in tree order). */
export function childrenOf(rows: readonly TreeRow[], parent: TreeRow | undefined): TreeRow[] {
  if (!parent) return [];
  const children: TreeRow[] = [];
  for (const row of rows.slice(rows.indexOf(parent) + 1)) {
    if (row.level <= parent.level) break;
    if (row.level === parent.level + 1) children.push(row);
  }
  return children;
}
