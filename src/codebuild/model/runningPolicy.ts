import { POLL } from "./pollPolicy";
import type { Build } from "./types";

export interface RunningBuildsView {
  /** Builds the store knows to be running. */
  readonly running: readonly Build[];
  /** Builds whose logs are followed: their log tells the phases, so their status is asked for rarely. */
  readonly followed: readonly string[];
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
 * followed build only every `followedStatusMs` (its log says the rest); none other.
 */
export function buildsToPoll(view: RunningBuildsView): string[] {
  const followed = new Set(view.followed);
  const watched = new Set([...followed, ...view.watched.filter((id): id is string => !!id)]);
  const due = (id: string) => !followed.has(id) || view.now - view.describedAt(id) >= POLL.followedStatusMs;
  return view.running
    .filter((b) => watched.has(b.id) || view.expandedProjects(b.projectName))
    .map((b) => b.id)
    .filter(due);
}
