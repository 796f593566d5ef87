import { Disposable, toDisposable } from "../core/disposable";
import { StatusPriority, statusItem } from "../workbench/statusBar";
import { rateText } from "./model/tailSpec";
import type { LogTails } from "./tails";

/**
 * The running tails in the status bar: the tail (or how many) and its events per second,
 * refreshed every second while a tail runs; a click offers Stop and Show Output.
 */
export class TailStatusBar extends Disposable {
  private readonly item = this.register(statusItem("tail", "AWS CI/CD Tail", StatusPriority.tail));
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tails: LogTails) {
    super();
    this.item.command = { command: "awsCicd.logs.tailActions", title: "Stop or Show Tail" };
    this.register(tails.onDidChange(() => this.render()));
    this.register(toDisposable(() => clearInterval(this.timer)));
  }

  render(): void {
    const tails = this.tails.tails;
    if (tails.length === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.item.hide();
      return;
    }
    this.timer ??= setInterval(() => this.render(), 1000);
    const rate = tails.reduce((sum, t) => sum + t.meter.perSecond(), 0);
    const first = tails[0]!;
    const live = tails.every((t) => t.mode === "live");
    const name = tails.length === 1 ? first.title.replace(/^Tail: /, "") : `${tails.length} tails`;
    this.item.text = `$(${live ? "radio-tower" : "sync"}) ${name.length > 40 ? `${name.slice(0, 39)}…` : name} · ${rateText(rate)}`;
    this.item.tooltip = [
      ...tails.map(
        (t) =>
          `${t.title} — ${t.mode === "live" ? "Live Tail" : t.mode === "polling" ? "polling FilterLogEvents" : "starting"} · ${rateText(t.meter.perSecond())} events`,
      ),
      "Click to stop a tail or show its output",
    ].join("\n");
    this.item.show();
  }
}
