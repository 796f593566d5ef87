import { abortError } from "../core/abort";
import { Disposable } from "../core/disposable";
import { Emitter } from "../core/events";
import { SingleFlight } from "../core/singleFlight";
import type { Build, CodeBuildApi, Project, StartBuildRequest } from "./model/types";
import type { BuildOrigin } from "./model/branchBuild";

/** Whether two snapshots of a build would render differently. */
function sameBuild(a: Build, b: Build): boolean {
  return (
    a.status === b.status &&
    a.currentPhase === b.currentPhase &&
    a.complete === b.complete &&
    a.endTime?.getTime() === b.endTime?.getTime() &&
    a.phases.length === b.phases.length &&
    a.phases.every((p, i) => p.status === b.phases[i]?.status) &&
    a.logs?.streamName === b.logs?.streamName
  );
}

/**
 * The CodeBuild state the views render: projects, each project's recent builds, and builds
 * by id. Gateways fill it; it fires an event per changed thing so views refresh only that.
 * Loads are shared (single flight) and aborted when the store is reset or disposed.
 */
export class BuildStore extends Disposable {
  private readonly onDidChangeProjectsEmitter = this.register(new Emitter<void>());
  private readonly onDidChangeProjectBuildsEmitter = this.register(new Emitter<string>());
  private readonly onDidChangeBuildEmitter = this.register(new Emitter<Build>());
  private readonly onDidFinishBuildEmitter = this.register(new Emitter<Build>());
  private readonly onDidListProjectNamesEmitter = this.register(new Emitter<readonly string[]>());
  /** The project list was replaced. */
  readonly onDidChangeProjects = this.onDidChangeProjectsEmitter.event;
  /** A project's list of recent builds changed (new builds). */
  readonly onDidChangeProjectBuilds = this.onDidChangeProjectBuildsEmitter.event;
  /** One build changed (status, phase, end). */
  readonly onDidChangeBuild = this.onDidChangeBuildEmitter.event;
  /** A build that was seen running has completed. */
  readonly onDidFinishBuild = this.onDidFinishBuildEmitter.event;

  private projectList: Project[] | undefined;
  /** The names of the last listing, known before its projects are described. */
  private listedNames: readonly string[] | undefined;
  private readonly buildIdsByProject = new Map<string, string[]>();
  private readonly builds = new Map<string, Build>();
  private readonly described = new Map<string, number>();
  private projectsByName = new Map<string, Project>();
  /** Builds started or retried from this window. */
  private readonly startedHere = new Set<string>();
  /** Running builds this window asked to stop (CodeBuild says STOPPED some seconds later). */
  private readonly stopping = new Set<string>();
  private readonly flights = this.register(new SingleFlight());

  constructor(
    private readonly api: CodeBuildApi,
    private recentBuilds: number,
  ) {
    super();
  }

  get projects(): readonly Project[] | undefined {
    return this.projectList;
  }

  /** Whose repository a build built, as far as the store knows (see buildMatchesHead). */
  origin(build: Build): BuildOrigin {
    return {
      sourceLocation: this.projectsByName.get(build.projectName)?.sourceLocation,
      startedHere: this.wasStartedHere(build.id),
    };
  }

  /** Whether this window started or retried the build. */
  wasStartedHere(id: string): boolean {
    return this.startedHere.has(id);
  }

  /** The projects' names, known once they are listed (before they are described). */
  get projectNames(): readonly string[] | undefined {
    return this.projectList?.map((p) => p.name) ?? this.listedNames;
  }

  /**
   * The projects' names as soon as ListProjects has answered, while BatchGetProjects describes
   * them (one load with `loadProjects`, whose promise says whether describing them failed): a
   * row needs only its name, and the description fills in when it comes.
   */
  loadProjectNames(caller?: AbortSignal): Promise<readonly string[]> {
    const known = this.projectNames;
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const listed = this.onDidListProjectNamesEmitter.event(resolve);
      void this.loadProjects(caller)
        .then((projects) => resolve(projects.map((p) => p.name)), reject)
        .finally(() => listed.dispose());
    });
  }

  /** Forgets everything (a new profile, region or endpoint) and aborts loads in flight. */
  reset(): void {
    this.flights.reset();
    this.projectList = undefined;
    this.listedNames = undefined;
    this.projectsByName = new Map();
    this.startedHere.clear();
    this.stopping.clear();
    this.buildIdsByProject.clear();
    this.builds.clear();
    this.onDidChangeProjectsEmitter.fire();
  }

  setRecentBuilds(count: number): void {
    this.recentBuilds = count;
    this.buildIdsByProject.clear();
    this.onDidChangeProjectsEmitter.fire();
  }

  /** Lists every project (paged) and describes them (100 a call). */
  loadProjects(caller?: AbortSignal): Promise<readonly Project[]> {
    return this.flights.run(
      "projects",
      async (signal) => {
        const api = this.api;
        const names = await api.listProjectNames(signal);
        if (signal.aborted) throw abortError();
        this.listedNames = names;
        this.onDidListProjectNamesEmitter.fire(names);
        const projects = await api.getProjects(names, signal);
        const byName = new Map(projects.map((p) => [p.name, p]));
        // Keep ListProjects' order (sorted by name); a project deleted meanwhile drops out.
        const ordered = names.flatMap((n) => byName.get(n) ?? []);
        if (signal.aborted) throw abortError();
        this.projectList = ordered;
        this.projectsByName = byName;
        this.onDidChangeProjectsEmitter.fire();
        return ordered;
      },
      caller,
    );
  }

  buildsOf(projectName: string): readonly Build[] | undefined {
    const ids = this.buildIdsByProject.get(projectName);
    return ids?.flatMap((id) => this.builds.get(id) ?? []);
  }

  build(id: string): Build | undefined {
    return this.builds.get(id);
  }

  allBuilds(): readonly Build[] {
    return [...this.builds.values()];
  }

  runningBuilds(): Build[] {
    return [...this.builds.values()].filter((b) => !b.complete);
  }

  /** Loads a project's recent builds; resolves whether its list changed. */
  loadBuilds(projectName: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `builds:${projectName}`,
      async (signal) => {
        const api = this.api;
        const ids = await api.listBuildIdsForProject(projectName, this.recentBuilds, signal);
        const previous = this.buildIdsByProject.get(projectName);
        // Completed builds never change: describe only the new and the running ones.
        const toFetch = ids.filter((id) => !this.builds.get(id)?.complete);
        const fetched = toFetch.length > 0 ? await api.getBuilds(toFetch, signal) : [];
        if (signal.aborted) throw abortError();
        for (const build of fetched) this.upsert(build, false);
        const changed = !previous || previous.join() !== ids.join();
        this.buildIdsByProject.set(projectName, ids);
        if (changed) this.onDidChangeProjectBuildsEmitter.fire(projectName);
        return changed;
      },
      caller,
    );
  }

  /** Loads the account's newest builds (one ListBuilds page); returns them, newest first. */
  loadRecentBuilds(max: number, caller?: AbortSignal): Promise<Build[]> {
    return this.flights.run(
      "recent",
      async (signal) => {
        const api = this.api;
        const ids = await api.listBuildIds(max, signal);
        const toFetch = ids.filter((id) => !this.builds.get(id)?.complete);
        const fetched = toFetch.length > 0 ? await api.getBuilds(toFetch, signal) : [];
        if (signal.aborted) throw abortError();
        for (const build of fetched) this.upsert(build);
        return ids.flatMap((id) => this.builds.get(id) ?? []);
      },
      caller,
    );
  }

  /** Describes the given builds again (BatchGetBuilds, 100 a call); resolves whether any changed. */
  refreshBuilds(ids: readonly string[], caller?: AbortSignal): Promise<boolean> {
    const unique = [...new Set(ids)].sort();
    if (unique.length === 0) return Promise.resolve(false);
    return this.flights.run(
      `refresh:${unique.join()}`,
      async (signal) => {
        const fetched = await this.api.getBuilds(unique, signal);
        if (signal.aborted) throw abortError();
        let changed = false;
        const now = Date.now();
        for (const build of fetched) {
          this.described.set(build.id, now);
          changed = this.upsert(build) || changed;
        }
        return changed;
      },
      caller,
    );
  }

  /** Starts a build and records it. */
  async start(request: StartBuildRequest, signal: AbortSignal): Promise<Build> {
    const build = await this.api.startBuild(request, signal);
    this.startedHere.add(build.id);
    this.upsert(build);
    return build;
  }

  async stop(id: string, signal: AbortSignal): Promise<Build> {
    const build = await this.api.stopBuild(id, signal);
    if (!build.complete) this.stopping.add(build.id);
    // Told even if CodeBuild's answer is the build as it was: it shows as stopping.
    if (!this.upsert(build)) this.onDidChangeBuildEmitter.fire(build);
    return build;
  }

  /** Whether this window asked the (still running) build to stop. */
  isStopping(id: string): boolean {
    return this.stopping.has(id);
  }

  async retry(id: string, signal: AbortSignal): Promise<Build> {
    const build = await this.api.retryBuild(id, signal);
    this.startedHere.add(build.id);
    this.upsert(build);
    return build;
  }

  /**
   * The phase a followed build's log says it entered: shown at once, without a request. The
   * next description of the build from CodeBuild replaces it.
   */
  notePhase(id: string, phase: string): void {
    const build = this.builds.get(id);
    if (!build || build.complete || build.currentPhase === phase) return;
    this.upsert({ ...build, currentPhase: phase });
  }

  /** When the build was last described by CodeBuild (ms), for the poller's schedule. */
  describedAt(id: string): number {
    return this.described.get(id) ?? 0;
  }

  /** Records a build (from a poll, or from Start/Stop/Retry); resolves whether it changed. */
  upsert(build: Build, announce = true): boolean {
    const previous = this.builds.get(build.id);
    if (previous && sameBuild(previous, build)) return false;
    this.builds.set(build.id, build);
    if (build.complete) this.stopping.delete(build.id);
    const ids = this.buildIdsByProject.get(build.projectName);
    if (!previous && ids && !ids.includes(build.id)) {
      ids.unshift(build.id);
      if (ids.length > this.recentBuilds) ids.length = this.recentBuilds;
      this.onDidChangeProjectBuildsEmitter.fire(build.projectName);
    }
    // A known build that changed is always told (a running build that finished: the status bar
    // and the project's row show it, and no poll asks for it again); a new one found by a list
    // load is shown by its project's list.
    if (announce || previous) this.onDidChangeBuildEmitter.fire(build);
    if (previous && !previous.complete && build.complete) this.onDidFinishBuildEmitter.fire(build);
    return true;
  }
}
