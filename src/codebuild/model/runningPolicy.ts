import { POLL } from "./pollPolicy";
import type { Build } from "./types";

export interface RunningBuildsView {
  /** Builds the store knows to be running. */
  readonly running: readonly Build[];
  /** Builds whose logs are followed (their status is polled wherever they are shown). */
  readonly followed: readonly string[];
  /**
   * Followed builds whose log is on screen, read every second or so: it tells their phases and
   * when they end, so their status is asked for only every `followedStatusMs`. A log nobody looks
   * at is read seldom: its build is polled like a shown one, since its end wakes the follower.
   */
  readonly followedOnScreen: readonly string[];
  /** Whether the store holds the build (a Refresh forgets them; a followed one is asked for again). */
  readonly holds: (id: string) => boolean;
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
 * bar or in the Current Branch view, or under an expanded project of the visible tree, and the
 * followed ones the store no longer holds. A followed build whose log is on screen only every
 * `followedStatusMs` (its log says the rest); none other.
 */
export function buildsToPoll(view: RunningBuildsView): string[] {
  const followed = new Set(view.followed);
  const onScreen = new Set(view.followedOnScreen);
  const watched = new Set(view.watched.filter((id): id is string => !!id));
  const shown = (b: Build) => watched.has(b.id) || view.expandedProjects(b.projectName);
  const due = (b: Build) => !onScreen.has(b.id) || view.now - view.describedAt(b.id) >= POLL.followedStatusMs;
  const running = view.running.filter((b) => followed.has(b.id) || shown(b)).filter(due);
  const forgotten = view.followed.filter((id) => !view.holds(id));
  return [...running.map((b) => b.id), ...forgotten];
}
