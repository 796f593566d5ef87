import { POLL } from "./pollPolicy";
import type { Build } from "./types";

export interface RunningBuildsView {
  /** Builds the store knows to be running. */
  readonly running: readonly Build[];
  /** Builds whose logs are followed: their status is asked for at least every `followedStatusMs`. */
  readonly followed: readonly string[];
  /**
   * Followed builds whose log is on screen, read every second or so: it tells their phases, so
   * their status is asked for only every `followedStatusMs` even where they are shown. A log
   * nobody looks at is read seldom: shown elsewhere, its build is polled like any other.
   */
  readonly followedOnScreen: readonly string[];
  /** Builds shown outside the tree (status bar, Current Branch view while visible). */
  readonly watched: readonly (string | undefined)[];
  /** Whether the project's node is expanded in a visible tree. */
  readonly expandedProjects: (projectName: string) => boolean;
  /** When CodeBuild last described the build (ms). */
  readonly describedAt: (id: string) => number;
  readonly now: number;
}

/**
 * Which running builds to describe in this poll: those that are followed, shown on the status
 * bar or in the Current Branch view, or under an expanded project of the visible tree. A
 * followed build only every `followedStatusMs` when its log on screen says the rest, or when it
 * is shown nowhere; none other.
 */
export function buildsToPoll(view: RunningBuildsView): string[] {
  const followed = new Set(view.followed);
  const onScreen = new Set(view.followedOnScreen);
  const watched = new Set(view.watched.filter((id): id is string => !!id));
  const shown = (b: Build) => watched.has(b.id) || view.expandedProjects(b.projectName);
  const slow = (b: Build) => onScreen.has(b.id) || (followed.has(b.id) && !shown(b));
  const due = (b: Build) => !slow(b) || view.now - view.describedAt(b.id) >= POLL.followedStatusMs;
  return view.running
    .filter((b) => followed.has(b.id) || shown(b))
    .filter(due)
    .map((b) => b.id);
}
