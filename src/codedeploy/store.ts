import { abortError } from "../core/abort";
import { Disposable } from "../core/disposable";
import { Emitter } from "../core/events";
import { Limiter } from "../core/limiter";
import { SingleFlight } from "../core/singleFlight";
import { isActive, isFinished, lastDeploymentOf } from "./model/status";
import type {
  Application,
  CodeDeployApi,
  CreateDeploymentRequest,
  Deployment,
  DeploymentGroup,
  DeploymentTarget,
  LastDeployment,
} from "./model/types";

export function groupKey(application: string, group: string): string {
  return `${application}/${group}`;
}

function sameDeployment(a: Deployment, b: Deployment): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The CodeDeploy state the views render: applications, each application's groups, each
 * group's recent deployments, deployments by id and each expanded deployment's targets with
 * their lifecycle events. Only what is asked for is loaded (single flight, aborted on reset);
 * an event per changed thing refreshes only its node.
 */
export class DeployStore extends Disposable {
  private readonly onDidChangeApplicationsEmitter = this.register(new Emitter<void>());
  private readonly onDidChangeGroupsEmitter = this.register(new Emitter<string>());
  private readonly onDidChangeGroupDeploymentsEmitter = this.register(new Emitter<string>());
  private readonly onDidChangeDeploymentEmitter = this.register(new Emitter<Deployment>());
  private readonly onDidChangeTargetsEmitter = this.register(new Emitter<string>());
  private readonly onDidFinishDeploymentEmitter = this.register(new Emitter<Deployment>());
  /** The application list was replaced. */
  readonly onDidChangeApplications = this.onDidChangeApplicationsEmitter.event;
  /** An application's groups changed (fires the application's name). */
  readonly onDidChangeGroups = this.onDidChangeGroupsEmitter.event;
  /** A group's list of recent deployments changed (fires `application/group`). */
  readonly onDidChangeGroupDeployments = this.onDidChangeGroupDeploymentsEmitter.event;
  /** One deployment changed (status, progress, end). */
  readonly onDidChangeDeployment = this.onDidChangeDeploymentEmitter.event;
  /** A deployment's targets or their lifecycle events changed (fires the deployment id). */
  readonly onDidChangeTargets = this.onDidChangeTargetsEmitter.event;
  /** A deployment seen running has finished. */
  readonly onDidFinishDeployment = this.onDidFinishDeploymentEmitter.event;

  private applicationList: Application[] | undefined;
  private readonly groupsByApp = new Map<string, DeploymentGroup[]>();
  private readonly idsByGroup = new Map<string, string[]>();
  private readonly deployments = new Map<string, Deployment>();
  /** Last deployments CodeDeploy did not return when asked (not asked again). */
  private readonly notFound = new Set<string>();
  /** The same deployments by group key (each group row, CodeLens and picker entry asks). */
  private readonly deploymentsByGroup = new Map<string, Map<string, Deployment>>();
  private readonly targetsById = new Map<string, DeploymentTarget[]>();
  private configNames: string[] | undefined;
  private readonly flights = this.register(new SingleFlight());
  /** Expanding many applications asks for many group lists: a few at a time. */
  private readonly limiter = new Limiter(4);

  constructor(
    private readonly api: CodeDeployApi,
    private recentDeployments: number,
  ) {
    super();
  }

  get applications(): readonly Application[] | undefined {
    return this.applicationList;
  }

  application(name: string): Application | undefined {
    return this.applicationList?.find((a) => a.name === name);
  }

  groupsOf(application: string): readonly DeploymentGroup[] | undefined {
    return this.groupsByApp.get(application);
  }

  group(application: string, name: string): DeploymentGroup | undefined {
    return this.groupsByApp.get(application)?.find((g) => g.name === name);
  }

  /** Every group loaded so far. */
  allGroups(): DeploymentGroup[] {
    return [...this.groupsByApp.values()].flat();
  }

  deploymentsOf(application: string, group: string): readonly Deployment[] | undefined {
    return this.idsByGroup.get(groupKey(application, group))?.flatMap((id) => this.deployments.get(id) ?? []);
  }

  /** The group's last deployment, as current as the store knows it (see `lastDeploymentOf`). */
  lastDeployment(group: DeploymentGroup): LastDeployment | undefined {
    const known = this.deploymentsByGroup.get(groupKey(group.application, group.name))?.values() ?? [];
    return lastDeploymentOf(group, [...known]);
  }

  deployment(id: string): Deployment | undefined {
    return this.deployments.get(id);
  }

  targetsOf(id: string): readonly DeploymentTarget[] | undefined {
    return this.targetsById.get(id);
  }

  allKnownDeployments(): Deployment[] {
    return [...this.deployments.values()];
  }

  activeDeployments(): Deployment[] {
    return [...this.deployments.values()].filter(isActive);
  }

  reset(): void {
    this.flights.reset();
    this.applicationList = undefined;
    this.groupsByApp.clear();
    this.idsByGroup.clear();
    this.deployments.clear();
    this.notFound.clear();
    this.deploymentsByGroup.clear();
    this.targetsById.clear();
    this.configNames = undefined;
    this.onDidChangeApplicationsEmitter.fire();
  }

  setRecentDeployments(count: number): void {
    this.recentDeployments = count;
    this.idsByGroup.clear();
    this.onDidChangeApplicationsEmitter.fire();
  }

  /** Lists every application (paged) and describes them (100 a call). */
  loadApplications(caller?: AbortSignal): Promise<readonly Application[]> {
    return this.flights.run(
      "applications",
      async (signal) => {
        const names = await this.api.listApplicationNames(signal);
        const apps = names.length > 0 ? await this.api.getApplications(names, signal) : [];
        if (signal.aborted) throw abortError();
        const byName = new Map(apps.map((a) => [a.name, a]));
        this.applicationList = names
          .flatMap((n) => byName.get(n) ?? [])
          .sort((a, b) => a.name.localeCompare(b.name));
        this.onDidChangeApplicationsEmitter.fire();
        return this.applicationList;
      },
      caller,
    );
  }

  /** Lists an application's groups and describes them (100 a call); resolves whether they changed. */
  loadGroups(application: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `groups:${application}`,
      (signal) =>
        this.limiter.run(async () => {
          const names = await this.api.listGroupNames(application, signal);
          const groups = names.length > 0 ? await this.api.getGroups(application, names, signal) : [];
          if (signal.aborted) throw abortError();
          groups.sort((a, b) => a.name.localeCompare(b.name));
          if (JSON.stringify(this.groupsByApp.get(application)) === JSON.stringify(groups)) return false;
          this.groupsByApp.set(application, groups);
          this.onDidChangeGroupsEmitter.fire(application);
          return true;
        }),
      caller,
    );
  }

  /**
   * Describes the last deployments of an application's loaded groups that finished and are not
   * known yet (25 a call, once each: a finished deployment does not change), for the groups'
   * rows: CodeDeploy's rollback of a failed deployment is the group's last attempted one, and
   * only its creator tells it is one. Resolves whether any was described (the groups' rows then
   * change). Not part of loadGroups: the alarm scope loads every group and shows none.
   */
  describeLastDeployments(application: string, caller?: AbortSignal): Promise<boolean> {
    // Finished ones only: a known running deployment's status would stand for the group's
    // (lastDeploymentOf) and nothing here would read it again.
    const ids = (this.groupsByApp.get(application) ?? []).flatMap((g) =>
      g.lastAttempted &&
      isFinished(g.lastAttempted) &&
      !this.deployments.has(g.lastAttempted.id) &&
      !this.notFound.has(g.lastAttempted.id)
        ? [g.lastAttempted.id]
        : [],
    );
    if (ids.length === 0) return Promise.resolve(false);
    return this.flights.run(
      `lastDeployments:${application}`,
      async (signal) => {
        const fetched = await this.api.getDeployments(ids, signal);
        if (signal.aborted) throw abortError();
        for (const d of fetched) this.upsert(d, false);
        for (const id of ids) if (!this.deployments.has(id)) this.notFound.add(id);
        if (fetched.length > 0) this.onDidChangeGroupsEmitter.fire(application);
        return fetched.length > 0;
      },
      caller,
    );
  }

  /** A group's recent deployments (25 a BatchGetDeployments; finished ones are never fetched again). */
  loadDeployments(application: string, group: string, caller?: AbortSignal): Promise<boolean> {
    const key = groupKey(application, group);
    return this.flights.run(
      `deployments:${key}`,
      async (signal) => {
        const ids = await this.api.listDeploymentIds(application, group, this.recentDeployments, signal);
        const toFetch = ids.filter((id) => {
          const known = this.deployments.get(id);
          return !known || isActive(known);
        });
        const fetched = toFetch.length > 0 ? await this.api.getDeployments(toFetch, signal) : [];
        if (signal.aborted) throw abortError();
        for (const d of fetched) this.upsert(d, false);
        const previous = this.idsByGroup.get(key);
        const changed = !previous || previous.join() !== ids.join();
        this.idsByGroup.set(key, ids);
        if (changed) this.onDidChangeGroupDeploymentsEmitter.fire(key);
        return changed;
      },
      caller,
    );
  }

  /** Describes deployments again (BatchGetDeployments, 25 a call); resolves whether any changed. */
  refreshDeployments(ids: readonly string[], caller?: AbortSignal): Promise<boolean> {
    const unique = [...new Set(ids)].sort();
    return this.flights.run(
      `describe:${unique.join(",")}`,
      async (signal) => {
        const fetched = unique.length > 0 ? await this.api.getDeployments(unique, signal) : [];
        if (signal.aborted) throw abortError();
        let changed = false;
        for (const d of fetched) changed = this.upsert(d) || changed;
        return changed;
      },
      caller,
    );
  }

  /** A deployment's targets with their lifecycle events (25 a call); resolves whether they changed. */
  loadTargets(id: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `targets:${id}`,
      async (signal) => {
        const ids = await this.api.listTargetIds(id, signal);
        const targets = ids.length > 0 ? await this.api.getTargets(id, ids, signal) : [];
        if (signal.aborted) throw abortError();
        if (JSON.stringify(this.targetsById.get(id)) === JSON.stringify(targets)) return false;
        this.targetsById.set(id, targets);
        this.onDidChangeTargetsEmitter.fire(id);
        return true;
      },
      caller,
    );
  }

  /** The account's deployment configurations (built-in and custom), once per connection. */
  async loadConfigNames(): Promise<readonly string[]> {
    if (this.configNames) return this.configNames;
    return this.flights.run("configs", async (signal) => {
      const names = await this.api.listConfigNames(signal);
      if (signal.aborted) throw abortError();
      this.configNames = names.sort();
      return this.configNames;
    });
  }

  /** Creates a deployment and records it (described at once, so views show it). */
  async create(request: CreateDeploymentRequest, signal: AbortSignal): Promise<Deployment> {
    const id = await this.api.createDeployment(request, signal);
    const [described] = await this.api.getDeployments([id], signal);
    const key = groupKey(request.application, request.group);
    const ids = this.idsByGroup.get(key);
    if (ids && !ids.includes(id)) {
      ids.unshift(id);
      if (ids.length > this.recentDeployments) ids.length = this.recentDeployments;
      this.onDidChangeGroupDeploymentsEmitter.fire(key);
    }
    if (!described) throw new Error(`CodeDeploy did not describe the new deployment ${id}.`);
    this.upsert(described);
    return described;
  }

  async stop(id: string, rollback: boolean, signal: AbortSignal): Promise<void> {
    await this.api.stopDeployment(id, rollback, signal);
    await this.refreshDeployments([id]);
  }

  async continue(id: string, wait: "READY_WAIT" | "TERMINATION_WAIT", signal: AbortSignal): Promise<void> {
    await this.api.continueDeployment(id, wait, signal);
    await this.refreshDeployments([id]);
  }

  /** Records a deployment; resolves whether it changed. A new rollback deployment joins its group's list. */
  upsert(d: Deployment, announce = true): boolean {
    const previous = this.deployments.get(d.id);
    if (previous && sameDeployment(previous, d)) return false;
    this.deployments.set(d.id, d);
    const key = groupKey(d.application, d.group);
    let ofGroup = this.deploymentsByGroup.get(key);
    if (!ofGroup) this.deploymentsByGroup.set(key, (ofGroup = new Map<string, Deployment>()));
    ofGroup.set(d.id, d);
    const ids = this.idsByGroup.get(key);
    if (!previous && ids && !ids.includes(d.id) && isActive(d)) {
      ids.unshift(d.id);
      if (ids.length > this.recentDeployments) ids.length = this.recentDeployments;
      this.onDidChangeGroupDeploymentsEmitter.fire(key);
    }
    // A known deployment that changed is always told (the status bar, CodeLens follow it); a new one
    // found by a list load is shown by its group's refresh.
    if (announce || previous) this.onDidChangeDeploymentEmitter.fire(d);
    if (previous && isActive(previous) && !isActive(d)) this.onDidFinishDeploymentEmitter.fire(d);
    return true;
  }
}
