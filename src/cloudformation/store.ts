import { abortError } from "../core/abort";
import { Disposable } from "../core/disposable";
import { Emitter } from "../core/events";
import { Limiter } from "../core/limiter";
import { SingleFlight } from "../core/singleFlight";
import { isStackEvent, latestOperation } from "./model/operation";
import { isInProgress } from "./model/status";
import type {
  ChangeSet,
  ChangeSetSummary,
  CloudFormationApi,
  CreateChangeSetRequest,
  ResourceDrift,
  StackDetail,
  StackEvent,
  StackResource,
  StackSummary,
} from "./model/types";

/** Events kept per stack (the latest operation's, and the recent ones the tree shows). */
const MAX_EVENTS = 1000;
const OPERATION_STARTS = new Set([
  "CREATE_IN_PROGRESS",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
  "IMPORT_IN_PROGRESS",
]);

/** What changed of a stack besides its summary and details. */
export interface StackPart {
  readonly stack: string;
  readonly part: "resources" | "changeSets" | "changeSet";
}

export interface FinishedOperation {
  readonly stack: string;
  readonly status: string;
  /** The operation's events, oldest first (empty when they were not read). */
  readonly events: readonly StackEvent[];
}

/**
 * The CloudFormation state the views render: the stack list (paged ListStacks), and per stack
 * what was expanded or followed — its details (DescribeStacks), resources, events (read newest
 * first only down to the last known one) and open change sets. One event per stack, so only its
 * node refreshes; loads are shared (single flight) and aborted on reset.
 */
export class StackStore extends Disposable {
  private readonly onDidChangeStacksEmitter = this.register(new Emitter<void>());
  private readonly onDidChangeStackEmitter = this.register(new Emitter<string>());
  private readonly onDidChangeEventsEmitter = this.register(new Emitter<string>());
  private readonly onDidFinishOperationEmitter = this.register(new Emitter<FinishedOperation>());
  private readonly onDidChangePartEmitter = this.register(new Emitter<StackPart>());
  /** The stack list was replaced. */
  readonly onDidChangeStacks = this.onDidChangeStacksEmitter.event;
  /** One stack changed: its status, details, resources or change sets. */
  readonly onDidChangeStack = this.onDidChangeStackEmitter.event;
  /** New events of a stack arrived. */
  readonly onDidChangeEvents = this.onDidChangeEventsEmitter.event;
  /** A part of a stack changed (its resources, change sets, a change set, drift): only its node refreshes. */
  readonly onDidChangePart = this.onDidChangePartEmitter.event;
  /** A stack seen in progress reached a terminal status. */
  readonly onDidFinishOperation = this.onDidFinishOperationEmitter.event;

  private list: StackSummary[] | undefined;
  private readonly summaries = new Map<string, StackSummary>();
  private readonly details = new Map<string, StackDetail>();
  private readonly resourceLists = new Map<string, StackResource[]>();
  private readonly eventLists = new Map<string, StackEvent[]>();
  private readonly changeSetLists = new Map<string, ChangeSetSummary[]>();
  private readonly changeSets = new Map<string, ChangeSet>();
  private readonly drifts = new Map<string, ResourceDrift[]>();
  /** Stacks seen in an operation: their end is announced. */
  private readonly seenRunning = new Set<string>();
  private readonly flights = this.register(new SingleFlight());
  /** A tree of many expanded stacks asks for many details: a few at a time. */
  private readonly limiter = new Limiter(6);

  constructor(
    private readonly api: CloudFormationApi,
    private showDeleted = false,
  ) {
    super();
  }

  get stacks(): readonly StackSummary[] | undefined {
    return this.list;
  }

  get includesDeleted(): boolean {
    return this.showDeleted;
  }

  setShowDeleted(show: boolean): void {
    if (this.showDeleted === show) return;
    this.showDeleted = show;
    this.list = undefined;
    this.onDidChangeStacksEmitter.fire();
  }

  /** A stack by name (the live one) or id. */
  stack(nameOrId: string): StackSummary | undefined {
    return this.summaries.get(nameOrId) ?? this.list?.find((s) => s.id === nameOrId);
  }

  /**
   * What requests name a stack by: its id once known — it names the stack after its deletion too
   * (a followed deletion reads its last events), and never a newer stack of the same name.
   */
  private idOf(name: string): string {
    return this.summaries.get(name)?.id ?? name;
  }

  /** Stacks at the top of the tree: not nested in another. */
  topLevel(): StackSummary[] {
    return (this.list ?? []).filter((s) => !s.parentId);
  }

  /** The stacks nested directly in a stack. */
  nestedIn(stackId: string): StackSummary[] {
    return (this.list ?? []).filter((s) => s.parentId === stackId);
  }

  detail(name: string): StackDetail | undefined {
    return this.details.get(name);
  }

  resources(name: string): readonly StackResource[] | undefined {
    return this.resourceLists.get(name);
  }

  /** Known events of a stack, oldest first. */
  events(name: string): readonly StackEvent[] | undefined {
    return this.eventLists.get(name);
  }

  openChangeSets(name: string): readonly ChangeSetSummary[] | undefined {
    return this.changeSetLists.get(name);
  }

  changeSet(id: string): ChangeSet | undefined {
    return this.changeSets.get(id);
  }

  resourceDrifts(name: string): readonly ResourceDrift[] | undefined {
    return this.drifts.get(name);
  }

  isInProgress(name: string): boolean {
    const status = this.stack(name)?.status;
    return status !== undefined && isInProgress(status);
  }

  /** Names of the listed stacks whose operation is under way. */
  inProgress(): string[] {
    return (this.list ?? []).filter((s) => isInProgress(s.status)).map((s) => s.name);
  }

  /** Aborted by `reset()`: for work on this connection's data done outside the store. */
  get lifetime(): AbortSignal {
    return this.flights.signal;
  }

  reset(): void {
    this.flights.reset();
    this.list = undefined;
    for (const map of [
      this.summaries,
      this.details,
      this.resourceLists,
      this.eventLists,
      this.changeSetLists,
      this.changeSets,
      this.drifts,
    ])
      map.clear();
    this.seenRunning.clear();
    this.onDidChangeStacksEmitter.fire();
  }

  /** ListStacks, every page (deleted stacks only when shown). */
  loadStacks(caller?: AbortSignal): Promise<readonly StackSummary[]> {
    return this.flights.run(
      `stacks:${this.showDeleted}`,
      async (signal) => {
        const list = await this.api.listStacks(this.showDeleted, signal);
        if (signal.aborted) throw abortError();
        this.list = list;
        for (const s of list) {
          // A deleted stack keeps its name: the live one (listed first, newest) wins.
          if (s.status !== "DELETE_COMPLETE" || !this.summaries.has(s.name)) this.noteSummary(s, false);
        }
        this.onDidChangeStacksEmitter.fire();
        return list;
      },
      caller,
    );
  }

  /** DescribeStacks: parameters, outputs, tags; and the stack's status. Resolves whether its status changed. */
  loadDetail(name: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `detail:${name}`,
      async (signal) => {
        const before = this.stack(name)?.status;
        const detail = await this.limiter.run(() => this.api.describeStack(this.idOf(name), signal));
        if (signal.aborted) throw abortError();
        const changed = JSON.stringify(this.details.get(name)) !== JSON.stringify(detail);
        this.details.set(name, detail);
        this.noteSummary(detail, true);
        // A new status was announced already; other details (outputs, parameters, drift) here.
        if (changed && before === detail.status) this.onDidChangeStackEmitter.fire(name);
        return before !== detail.status;
      },
      caller,
    );
  }

  /** ListStackResources; resolves whether they changed. */
  loadResources(name: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `resources:${name}`,
      async (signal) => {
        const resources = await this.limiter.run(() => this.api.listResources(this.idOf(name), signal));
        if (signal.aborted) throw abortError();
        const changed = JSON.stringify(this.resourceLists.get(name)) !== JSON.stringify(resources);
        this.resourceLists.set(name, resources);
        if (changed) this.onDidChangePartEmitter.fire({ stack: name, part: "resources" });
        return changed;
      },
      caller,
    );
  }

  /**
   * The events since the last known one (the first time: back to the start of the latest
   * operation). Resolves the new events, oldest first; the stack's status follows its own events.
   */
  loadEvents(name: string, caller?: AbortSignal): Promise<StackEvent[]> {
    return this.flights.run(
      `events:${name}`,
      async (signal) => {
        const known = this.eventLists.get(name);
        const newest = known?.[known.length - 1]?.id;
        const fresh = await this.limiter.run(() =>
          this.api.events(
            this.idOf(name),
            newest,
            MAX_EVENTS,
            signal,
            known ? undefined : (e) => isStackEvent(e) && OPERATION_STARTS.has(e.status),
          ),
        );
        if (signal.aborted) throw abortError();
        const added = fresh.reverse();
        if (added.length === 0 && known) return [];
        const all = [...(known ?? []), ...added];
        this.eventLists.set(name, all.length > MAX_EVENTS ? all.slice(all.length - MAX_EVENTS) : all);
        const lastStackEvent = [...added].reverse().find(isStackEvent);
        const summary = this.stack(name);
        if (lastStackEvent && summary && lastStackEvent.timestamp >= (summary.updated ?? summary.created)) {
          // The stack's own latest event says its status (and, for an update starting, when it was updated).
          const { statusReason: _old, ...rest } = summary;
          this.noteSummary(
            {
              ...rest,
              status: lastStackEvent.status,
              ...(lastStackEvent.reason ? { statusReason: lastStackEvent.reason } : {}),
              ...(lastStackEvent.status === "UPDATE_IN_PROGRESS"
                ? { updated: lastStackEvent.timestamp }
                : {}),
            },
            true,
          );
        }
        this.onDidChangeEventsEmitter.fire(name);
        return added;
      },
      caller,
    );
  }

  /** The events of the stack's latest operation, oldest first. */
  operationEvents(name: string): StackEvent[] {
    return latestOperation(this.eventLists.get(name) ?? []);
  }

  /** ListChangeSets: the open change sets of a stack. */
  loadChangeSets(name: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `changeSets:${name}`,
      async (signal) => {
        const list = await this.limiter.run(() => this.api.listChangeSets(this.idOf(name), signal));
        if (signal.aborted) throw abortError();
        const changed = JSON.stringify(this.changeSetLists.get(name)) !== JSON.stringify(list);
        this.changeSetLists.set(name, list);
        if (changed) this.onDidChangePartEmitter.fire({ stack: name, part: "changeSets" });
        return changed;
      },
      caller,
    );
  }

  /** DescribeChangeSet (every page, with property values); resolves whether it changed. */
  loadChangeSet(id: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `changeSet:${id}`,
      async (signal) => {
        const cs = await this.api.describeChangeSet(id, signal);
        if (signal.aborted) throw abortError();
        const changed = JSON.stringify(this.changeSets.get(id)) !== JSON.stringify(cs);
        this.changeSets.set(id, cs);
        if (changed) this.onDidChangePartEmitter.fire({ stack: cs.stackName, part: "changeSet" });
        return changed;
      },
      caller,
    );
  }

  // ── Changes ─────────────────────────────────────────────────────────────────────────

  async createChangeSet(
    request: CreateChangeSetRequest,
    signal: AbortSignal,
  ): Promise<{ id: string; stackId: string }> {
    const created = await this.api.createChangeSet(request, signal);
    const name = request.stackName;
    if (this.summaries.get(name)?.id !== created.stackId) {
      // A new stack (perhaps of a deleted one's name): nothing known of the old one applies.
      for (const map of [this.details, this.resourceLists, this.eventLists, this.changeSetLists, this.drifts])
        map.delete(name);
      this.noteSummary(
        { id: created.stackId, name, status: "REVIEW_IN_PROGRESS", created: new Date() },
        true,
      );
    }
    return created;
  }

  async executeChangeSet(cs: ChangeSetSummary, signal: AbortSignal): Promise<void> {
    await this.api.executeChangeSet(cs.id, signal);
    this.seenRunning.add(cs.stackName);
    this.changeSetLists.set(cs.stackName, []);
    this.changeSets.delete(cs.id);
    await this.afterChange(cs.stackName);
  }

  async deleteChangeSet(cs: ChangeSetSummary, signal: AbortSignal): Promise<void> {
    await this.api.deleteChangeSet(cs.id, signal);
    this.changeSets.delete(cs.id);
    const open = this.changeSetLists.get(cs.stackName);
    if (open)
      this.changeSetLists.set(
        cs.stackName,
        open.filter((c) => c.id !== cs.id),
      );
    this.onDidChangePartEmitter.fire({ stack: cs.stackName, part: "changeSets" });
  }

  async deleteStack(name: string, signal: AbortSignal): Promise<void> {
    await this.api.deleteStack(name, signal);
    this.seenRunning.add(name);
    await this.afterChange(name);
  }

  async cancelUpdate(name: string, signal: AbortSignal): Promise<void> {
    await this.api.cancelUpdate(name, signal);
    await this.afterChange(name);
  }

  /** Starts a drift detection; returns its id. */
  detectDrift(name: string, signal: AbortSignal): Promise<string> {
    return this.api.detectDrift(name, signal);
  }

  driftDetection(id: string, signal: AbortSignal) {
    return this.api.driftDetection(id, signal);
  }

  /** The drifted (and checked) resources after a detection; the stack and its resources show the result. */
  async loadResourceDrifts(name: string, signal: AbortSignal): Promise<readonly ResourceDrift[]> {
    const drifts = await this.api.resourceDrifts(this.idOf(name), signal);
    this.drifts.set(name, drifts);
    this.onDidChangePartEmitter.fire({ stack: name, part: "resources" });
    await Promise.all([
      this.loadDetail(name),
      this.resourceLists.has(name) ? this.loadResources(name) : undefined,
    ]);
    return drifts;
  }

  /** The stack was just changed: its status (and what is shown of it) again. */
  private async afterChange(name: string): Promise<void> {
    await Promise.all([
      this.loadDetail(name).catch(() => false),
      this.eventLists.has(name) ? this.loadEvents(name).catch(() => []) : undefined,
    ]);
  }

  private noteSummary(summary: StackSummary, announce: boolean): void {
    const previous = this.summaries.get(summary.name);
    // A summary replaces the last one (a detail keeps its extra members out of the list).
    const merged: StackSummary = toSummary(summary);
    this.summaries.set(summary.name, merged);
    if (this.list) {
      const i = this.list.findIndex((s) => s.id === merged.id);
      if (i >= 0) this.list[i] = merged;
    }
    if (isInProgress(merged.status)) this.seenRunning.add(merged.name);
    else if (this.seenRunning.delete(merged.name)) {
      this.onDidFinishOperationEmitter.fire({
        stack: merged.name,
        status: merged.status,
        events: this.operationEvents(merged.name),
      });
    }
    if (announce && previous?.status !== merged.status) this.onDidChangeStackEmitter.fire(merged.name);
  }

  /** The deployed template (GetTemplate, Original stage). */
  template(name: string, signal: AbortSignal): Promise<string> {
    return this.api.getTemplate(name, signal);
  }

  validateTemplate(...args: Parameters<CloudFormationApi["validateTemplate"]>) {
    return this.api.validateTemplate(...args);
  }

  listBuckets(signal: AbortSignal): Promise<string[]> {
    return this.api.listBuckets(signal);
  }

  uploadTemplate(...args: Parameters<CloudFormationApi["uploadTemplate"]>) {
    return this.api.uploadTemplate(...args);
  }
}

/** Only the summary's members (a StackDetail carries more). */
function toSummary(s: StackSummary): StackSummary {
  const {
    id,
    name,
    status,
    statusReason,
    description,
    created,
    updated,
    deleted,
    parentId,
    rootId,
    drift,
    driftCheckedAt,
  } = s;
  return {
    id,
    name,
    status,
    created,
    ...(statusReason !== undefined ? { statusReason } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(updated !== undefined ? { updated } : {}),
    ...(deleted !== undefined ? { deleted } : {}),
    ...(parentId !== undefined ? { parentId } : {}),
    ...(rootId !== undefined ? { rootId } : {}),
    ...(drift !== undefined ? { drift } : {}),
    ...(driftCheckedAt !== undefined ? { driftCheckedAt } : {}),
  };
}
