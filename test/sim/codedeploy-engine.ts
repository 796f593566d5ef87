// Live CodeDeploy deployments on the simulator's clock: each target goes through its lifecycle
// events one after another; EC2/on-premises targets in batches the deployment configuration
// allows (one at a time, half at a time, all at once, minimum healthy hosts); blue/green
// deployments wait for traffic rerouting (ContinueDeployment) when the group says so; ECS and
// Lambda shift traffic by the config's canary or linear steps. A hook fails where the scenario
// says (with its script's log tail), a failed or stopped deployment rolls back as a new
// deployment when the group's (or the request's) auto-rollback says so.
import type { Clock } from "./clock";
import { ecsLoadBalancerInfo, hookScripts, readBundle, type Bundle } from "./codedeploy-bundle";
import {
  ECS_EVENTS,
  LAMBDA_EVENTS,
  newDeploymentId,
  RESERVED_EVENTS,
  SERVER_ALLOW_EVENTS,
  SERVER_BLOCK_EVENTS,
  SERVER_INSTALL_EVENTS,
  trafficSteps,
  type Creator,
  type DeploymentRecord,
  type EventRecord,
  type GroupRecord,
  type TargetBehavior,
  type TargetRecord,
} from "./codedeploy-model";
import { groupKey } from "./codedeploy-state";
import type { S3Store } from "./s3-store";
import type { Json, RegionState } from "./state";

const DEFAULT_EVENT_SECONDS: Record<string, number> = { DownloadBundle: 1, Install: 1, BlockTraffic: 1 };
const HOOK_FAILURE_MESSAGE =
  "The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.";
const STOP_EVENTS = new Set(["ApplicationStop", "BeforeBlockTraffic", "AfterBlockTraffic"]);

export interface NewDeployment {
  revision: Json;
  configName?: string;
  description?: string;
  creator?: Creator;
  ignoreApplicationStopFailures?: boolean;
  updateOutdatedInstancesOnly?: boolean;
  autoRollback?: { enabled: boolean; events: string[] };
  fileExistsBehavior?: "DISALLOW" | "OVERWRITE" | "RETAIN";
  overrideAlarmConfiguration?: Json;
  externalId?: string;
}

/** What the deployment's revision holds, as far as the agent (or CodeDeploy) can read it. */
interface RevisionContent {
  /** The appspec's text, when the revision can be read. */
  appspec?: string;
  bundle?: Bundle;
  /** Why the revision cannot be fetched (a missing object, a bucket elsewhere). */
  missing?: string;
}

export class CodeDeployEngine {
  constructor(
    private readonly clock: Clock,
    private readonly region: RegionState,
    private readonly s3: S3Store,
  ) {}

  /** Creates a deployment of `group` and starts it. */
  create(group: GroupRecord, request: NewDeployment): DeploymentRecord {
    const cd = this.region.codedeploy;
    const style = (group.api.deploymentStyle as DeploymentRecord["deploymentStyle"] | undefined) ?? {
      deploymentType: "IN_PLACE",
      deploymentOption: "WITHOUT_TRAFFIC_CONTROL",
    };
    const groupRollback = group.api.autoRollbackConfiguration as
      { enabled?: boolean; events?: string[] } | undefined;
    const rollback =
      request.autoRollback ??
      (groupRollback?.enabled ? { enabled: true, events: groupRollback.events ?? [] } : undefined);
    const previous = group.lastSuccessful ? cd.deployments.get(group.lastSuccessful) : undefined;
    const now = this.clock.now();
    const d: DeploymentRecord = {
      seq: cd.nextSeq(),
      id: newDeploymentId(),
      application: group.application,
      group: group.name,
      configName: request.configName ?? group.configName,
      computePlatform: group.computePlatform,
      status: "Created",
      created: now,
      creator: request.creator ?? "user",
      ...(request.description !== undefined ? { description: request.description } : {}),
      revision: request.revision,
      ...(previous ? { previousRevision: previous.revision } : {}),
      ignoreApplicationStopFailures: request.ignoreApplicationStopFailures ?? false,
      updateOutdatedInstancesOnly: request.updateOutdatedInstancesOnly ?? false,
      ...(rollback ? { autoRollback: rollback } : {}),
      fileExistsBehavior: request.fileExistsBehavior ?? "DISALLOW",
      deploymentStyle:
        group.computePlatform === "Server"
          ? style
          : { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" },
      ...(group.api.blueGreenDeploymentConfiguration
        ? { blueGreen: group.api.blueGreenDeploymentConfiguration as Json }
        : {}),
      ...(group.api.loadBalancerInfo ? { loadBalancerInfo: group.api.loadBalancerInfo as Json } : {}),
      targets: [],
      terminationWaitStarted: false,
      ...(request.externalId ? { externalId: request.externalId } : {}),
      ...(request.overrideAlarmConfiguration
        ? { overrideAlarmConfiguration: request.overrideAlarmConfiguration }
        : {}),
      statusMessages: [],
      timers: [],
    };
    d.targets = this.targetsOf(d, group);
    cd.deployments.set(d.id, d);
    group.lastAttempted = d.id;
    this.noteRevisionUse(group, d);
    this.after(d, 1000, () => this.begin(d, group));
    return d;
  }

  /** StopDeployment: the running events fail, pending targets are skipped; rolls back when asked. */
  stop(d: DeploymentRecord, rollback: boolean | undefined): void {
    for (const cancel of d.timers.splice(0)) cancel();
    d.resume = undefined;
    d.waiting = undefined;
    const now = this.clock.now();
    for (const t of d.targets) {
      for (const e of t.events) {
        if (e.status === "InProgress") {
          e.status = "Failed";
          e.end = now;
        } else if (e.status === "Pending") e.status = "Skipped";
      }
      if (t.status === "InProgress" || t.status === "Ready") t.status = "Failed";
      else if (t.status === "Pending") t.status = "Skipped";
      t.updated = now;
    }
    this.finish(d, "Stopped", {
      code: "MANUAL_STOP",
      message: "A manual stop action stopped this deployment.",
    });
    const wanted =
      rollback ??
      (d.autoRollback?.enabled === true && d.autoRollback.events.includes("DEPLOYMENT_STOP_ON_REQUEST"));
    if (wanted) this.rollBack(d);
  }

  /** ContinueDeployment: reroute traffic now (READY_WAIT) or end the original fleet's wait (TERMINATION_WAIT). */
  continue(d: DeploymentRecord): void {
    const resume = d.resume;
    d.resume = undefined;
    d.waiting = undefined;
    for (const cancel of d.timers.splice(0)) cancel();
    resume?.();
  }

  // ── the run ────────────────────────────────────────────────────────────────────────────────

  private begin(d: DeploymentRecord, group: GroupRecord): void {
    d.status = "InProgress";
    d.started = this.clock.now();
    const content = this.revisionContent(d.revision);
    if (d.computePlatform === "ECS") return this.runEcs(d, group, content);
    if (d.computePlatform === "Lambda") return this.runLambda(d, group, content);
    if (d.deploymentStyle.deploymentType === "BLUE_GREEN") return this.runServerBlueGreen(d, group, content);
    return this.runServerInPlace(d, group, content);
  }

  private runServerInPlace(d: DeploymentRecord, group: GroupRecord, content: RevisionContent): void {
    const targets = d.targets;
    const n = targets.length;
    if (n === 0) {
      return this.fail(d, group, {
        code: "NO_INSTANCES",
        message: "The deployment failed because no instances were found for your deployment group.",
      });
    }
    const health = this.region.codedeploy.config(d.configName).minimumHealthyHosts;
    const oneAtATime = health?.type === "MOST_CONCURRENCY";
    const minHealthy =
      health?.type === "HOST_COUNT"
        ? health.value
        : health?.type === "FLEET_PERCENT"
          ? Math.ceil((n * health.value) / 100)
          : n - 1;
    const batchSize = oneAtATime ? 1 : Math.max(1, n - minHealthy);
    const nextBatch = (): void => {
      const failed = targets.filter((t) => t.status === "Failed").length;
      const pending = targets.filter((t) => t.status === "Pending");
      const tooMany = oneAtATime ? failed > 0 && pending.length > 0 : failed > n - minHealthy;
      if (tooMany)
        return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
      if (pending.length === 0) {
        const succeeded = targets.filter((t) => t.status === "Succeeded").length;
        if (succeeded >= 1 && (oneAtATime || succeeded >= minHealthy)) return this.succeed(d, group);
        return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
      }
      const batch = pending.slice(0, batchSize);
      let left = batch.length;
      for (const t of batch)
        this.runEvents(d, group, t, t.events, content, () => {
          if (--left === 0) nextBatch();
        });
    };
    nextBatch();
  }

  private runServerBlueGreen(d: DeploymentRecord, group: GroupRecord, content: RevisionContent): void {
    const green = d.targets.filter((t) => t.label === "Green");
    const blue = d.targets.filter((t) => t.label === "Blue");
    const installNames = new Set<string>(SERVER_INSTALL_EVENTS);
    this.runAll(
      d,
      group,
      green,
      (t) => t.events.filter((e) => installNames.has(e.name)),
      content,
      (ok) => {
        if (!ok)
          return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
        this.waitForReady(d, group, green, () => {
          this.runAll(
            d,
            group,
            green,
            (t) => t.events.filter((e) => !installNames.has(e.name)),
            content,
            (allowed) => {
              if (!allowed)
                return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
              this.runAll(
                d,
                group,
                blue,
                (t) => t.events,
                content,
                () => this.terminationWait(d, group),
              );
            },
          );
        });
      },
    );
  }

  private runEcs(d: DeploymentRecord, group: GroupRecord, content: RevisionContent): void {
    const target = d.targets[0];
    if (!target)
      return this.fail(d, group, {
        code: "INVALID_ECS_SERVICE",
        message: "The deployment group has no ECS service.",
      });
    const ecs = group.ecs;
    const wanted = ecsLoadBalancerInfo(content.appspec);
    const container = ecs?.containers.find((c) => c.name === wanted.name);
    const containerProblem = !ecs
      ? undefined
      : !wanted.name
        ? "The AppSpec file has no LoadBalancerInfo ContainerName."
        : !container
          ? `The container name "${wanted.name}" in the AppSpec file's LoadBalancerInfo does not match a container of task definition ${ecs.taskDefinition} (its containers: ${ecs.containers.map((c) => c.name).join(", ")}).`
          : wanted.port !== undefined && wanted.port !== container.port
            ? `Container ${container.name} of task definition ${ecs.taskDefinition} listens on port ${container.port}, not ${wanted.port} (LoadBalancerInfo ContainerPort in the AppSpec file).`
            : undefined;
    const before = target.events.filter((e) => ECS_EVENTS.indexOf(e.name as (typeof ECS_EVENTS)[number]) < 5);
    const after = target.events.filter((e) => ECS_EVENTS.indexOf(e.name as (typeof ECS_EVENTS)[number]) >= 5);
    const problem = containerProblem ?? content.missing;
    this.runEvents(
      d,
      group,
      target,
      before,
      content,
      (ok) => {
        if (!ok)
          return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
        this.waitForReady(d, group, [target], () => {
          this.runEvents(d, group, target, after, content, (allowed) => {
            if (!allowed)
              return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
            this.terminationWait(d, group);
          });
        });
      },
      problem ? { event: "Install", code: "ECS_UPDATE_ERROR", message: problem } : undefined,
    );
  }

  private runLambda(d: DeploymentRecord, group: GroupRecord, content: RevisionContent): void {
    const target = d.targets[0];
    if (!target)
      return this.fail(d, group, {
        code: "INVALID_LAMBDA_FUNCTION",
        message: "The deployment group has no Lambda function.",
      });
    this.runEvents(
      d,
      group,
      target,
      target.events,
      content,
      (ok) => {
        if (!ok)
          return this.fail(d, group, { code: "HOOK_EXECUTION_FAILURE", message: HOOK_FAILURE_MESSAGE });
        this.succeed(d, group);
      },
      content.missing
        ? { event: "BeforeAllowTraffic", code: "REVISION_MISSING", message: content.missing }
        : undefined,
    );
  }

  /** Blue/green: wait for ContinueDeployment when the group says to (status Ready), else go on. */
  private waitForReady(
    d: DeploymentRecord,
    group: GroupRecord,
    targets: TargetRecord[],
    next: () => void,
  ): void {
    const ready = (d.blueGreen?.deploymentReadyOption ?? {}) as {
      actionOnTimeout?: string;
      waitTimeInMinutes?: number;
    };
    if (ready.actionOnTimeout !== "STOP_DEPLOYMENT") return next();
    d.status = "Ready";
    d.waiting = "READY_WAIT";
    for (const t of targets) {
      t.status = "Ready";
      t.updated = this.clock.now();
    }
    d.resume = () => {
      d.status = "InProgress";
      for (const t of targets) t.status = "InProgress";
      next();
    };
    const minutes = ready.waitTimeInMinutes ?? 0;
    if (minutes > 0) {
      this.after(d, minutes * 60_000, () => {
        d.resume = undefined;
        d.waiting = undefined;
        for (const t of targets) t.status = "Failed";
        this.fail(d, group, {
          code: "TIMEOUT",
          message: `The deployment timed out while waiting for traffic to be rerouted (${minutes} minutes).`,
        });
      });
    }
  }

  /** After a blue/green deployment rerouted traffic: the original fleet's termination wait, then success. */
  private terminationWait(d: DeploymentRecord, group: GroupRecord): void {
    const terminate = (d.blueGreen?.terminateBlueInstancesOnDeploymentSuccess ?? {}) as {
      action?: string;
      terminationWaitTimeInMinutes?: number;
    };
    const minutes = terminate.action === "TERMINATE" ? (terminate.terminationWaitTimeInMinutes ?? 0) : 0;
    if (minutes <= 0) return this.succeed(d, group);
    d.waiting = "TERMINATION_WAIT";
    d.terminationWaitStarted = true;
    d.resume = () => this.succeed(d, group);
    this.after(d, minutes * 60_000, () => this.continue(d));
  }

  private runAll(
    d: DeploymentRecord,
    group: GroupRecord,
    targets: TargetRecord[],
    events: (t: TargetRecord) => EventRecord[],
    content: RevisionContent,
    done: (ok: boolean) => void,
  ): void {
    if (targets.length === 0) return done(true);
    let left = targets.length;
    let allOk = true;
    for (const t of targets)
      this.runEvents(d, group, t, events(t), content, (ok) => {
        allOk &&= ok;
        if (--left === 0) done(allOk);
      });
  }

  /** Runs `events` of a target in order; `done(false)` when one failed (the rest are skipped). */
  private runEvents(
    d: DeploymentRecord,
    group: GroupRecord,
    t: TargetRecord,
    events: EventRecord[],
    content: RevisionContent,
    done: (ok: boolean) => void,
    forced?: { event: string; code: string; message: string },
  ): void {
    t.status = "InProgress";
    t.updated = this.clock.now();
    const step = (i: number): void => {
      const e = events[i];
      if (!e) {
        const last = events.at(-1);
        t.status = last && last === t.events.at(-1) ? "Succeeded" : t.status;
        t.updated = this.clock.now();
        return done(true);
      }
      e.status = "InProgress";
      e.start = this.clock.now();
      t.updated = e.start;
      const run = (): void => {
        const failure = forced?.event === e.name ? forced : this.failureOf(d, t, e.name, content);
        e.end = this.clock.now();
        t.updated = e.end;
        if (!failure) {
          e.status = "Succeeded";
          return step(i + 1);
        }
        e.status = "Failed";
        if ("diagnostics" in failure) e.diagnostics = failure.diagnostics;
        if (d.ignoreApplicationStopFailures && STOP_EVENTS.has(e.name)) return step(i + 1);
        for (const rest of t.events) if (rest.status === "Pending") rest.status = "Skipped";
        t.status = "Failed";
        if ("code" in failure && !("diagnostics" in failure))
          d.errorInformation = { code: failure.code, message: failure.message };
        return done(false);
      };
      if (e.name === "AllowTraffic" && (d.computePlatform === "ECS" || d.computePlatform === "Lambda"))
        return this.shiftTraffic(d, t, run);
      this.after(d, this.eventSeconds(group, e.name) * 1000, run);
    };
    step(0);
  }

  /** ECS and Lambda: the traffic moves to the replacement in the config's steps. */
  private shiftTraffic(d: DeploymentRecord, t: TargetRecord, done: () => void): void {
    const steps = trafficSteps(this.region.codedeploy.config(d.configName).trafficRouting);
    const next = (i: number): void => {
      const s = steps[i];
      if (!s) return done();
      t.trafficWeight = s.percent;
      t.updated = this.clock.now();
      this.after(d, Math.max(1000, s.waitMinutes * 60_000), () => next(i + 1));
    };
    next(0);
  }

  /** How the event fails on this target, if it does. */
  private failureOf(
    d: DeploymentRecord,
    t: TargetRecord,
    event: string,
    content: RevisionContent,
  ):
    { diagnostics: NonNullable<EventRecord["diagnostics"]> } | { code: string; message: string } | undefined {
    const diagnostics = (errorCode: string, scriptName: string, message: string, logTail = "") => ({
      diagnostics: { errorCode, scriptName, message, logTail },
    });
    if (d.computePlatform === "Server") {
      if (event === "DownloadBundle" && content.missing)
        return diagnostics("UnknownError", "", content.missing);
      if (event === "BeforeInstall" && content.bundle && content.appspec === undefined)
        return diagnostics(
          "UnknownError",
          "",
          'The CodeDeploy agent did not find an AppSpec file within the unpacked revision directory at revision-relative path "appspec.yml". The revision was unpacked to directory "/opt/codedeploy-agent/deployment-root/' +
            `${d.id}/deployment-archive", and the AppSpec file was expected but not found at path "/opt/codedeploy-agent/deployment-root/${d.id}/deployment-archive/appspec.yml". Consult the AWS CodeDeploy Appspec documentation for more information at http://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file.html`,
        );
      if (!RESERVED_EVENTS.has(event) && content.bundle) {
        const missing = hookScripts(content.appspec, event).find(
          (s) => !content.bundle?.files.has(s.replace(/^\/+/, "")),
        );
        if (missing)
          return diagnostics(
            "ScriptMissing",
            missing,
            `Script does not exist at specified location: /opt/codedeploy-agent/deployment-root/${d.id}/deployment-archive/${missing.replace(/^\/+/, "")}`,
          );
      }
    }
    const b: TargetBehavior = t.behavior;
    if (b.failHook !== event || d.creator === "codeDeployRollback") return undefined;
    const scripts = hookScripts(content.appspec, event);
    if (content.appspec !== undefined && scripts.length === 0) return undefined; // nothing of the revision's runs there
    const script = scripts[0] ?? `scripts/${event.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()}.sh`;
    const code = b.errorCode ?? "ScriptFailed";
    const message =
      code === "ScriptTimedOut"
        ? `Script at specified location: ${script} failed to complete in 3600 seconds`
        : `Script at specified location: ${script} run as user root failed with exit code ${b.exitCode ?? 1}`;
    return diagnostics(code, script, message, (b.logTail ?? []).join("\n"));
  }

  private succeed(d: DeploymentRecord, group: GroupRecord): void {
    for (const t of d.targets) if (t.status === "InProgress" || t.status === "Ready") t.status = "Succeeded";
    this.finish(d, "Succeeded");
    group.lastSuccessful = d.id;
  }

  private fail(d: DeploymentRecord, group: GroupRecord, error: { code: string; message: string }): void {
    const now = this.clock.now();
    for (const t of d.targets) {
      if (t.status === "Pending") {
        t.status = "Skipped";
        t.updated = now;
        for (const e of t.events) if (e.status === "Pending") e.status = "Skipped";
      }
    }
    this.finish(d, "Failed", d.errorInformation ?? error);
    if (d.autoRollback?.enabled && d.autoRollback.events.includes("DEPLOYMENT_FAILURE") && group)
      this.rollBack(d);
  }

  private finish(
    d: DeploymentRecord,
    status: "Succeeded" | "Failed" | "Stopped",
    error?: { code: string; message: string },
  ): void {
    for (const cancel of d.timers.splice(0)) cancel();
    d.status = status;
    d.completed = this.clock.now();
    d.waiting = undefined;
    d.resume = undefined;
    if (error) d.errorInformation = error;
  }

  /** A new deployment (creator codeDeployRollback) of the group's last successful revision. */
  private rollBack(d: DeploymentRecord): void {
    const cd = this.region.codedeploy;
    const group = cd.groups.get(groupKey(d.application, d.group));
    const good = group?.lastSuccessful ? cd.deployments.get(group.lastSuccessful) : undefined;
    if (!group || !good) {
      d.rollbackInfo = {
        rollbackMessage:
          "Automatic rollback was not possible: the deployment group has no last successful revision.",
      };
      return;
    }
    const rollback = this.create(group, {
      revision: good.revision,
      configName: d.configName,
      creator: "codeDeployRollback",
      description: d.description,
      ignoreApplicationStopFailures: d.ignoreApplicationStopFailures,
      fileExistsBehavior: d.fileExistsBehavior,
      autoRollback: { enabled: false, events: [] },
    });
    d.rollbackInfo = {
      rollbackDeploymentId: rollback.id,
      rollbackMessage: `The deployment was rolled back by deployment ${rollback.id} to the last successful revision.`,
    };
    rollback.rollbackInfo = {
      rollbackTriggeringDeploymentId: d.id,
      rollbackMessage: `Rollback of deployment ${d.id}.`,
    };
  }

  // ── targets and revisions ─────────────────────────────────────────────────────────────────

  private targetsOf(d: DeploymentRecord, group: GroupRecord): TargetRecord[] {
    const { region, accountId } = this.region;
    const now = this.clock.now();
    const events = (names: readonly string[]): EventRecord[] =>
      names.map((name) => ({ name, status: "Pending" }));
    if (group.computePlatform === "ECS" && group.ecs) {
      const { clusterName, serviceName } = group.ecs;
      return [
        {
          id: `${clusterName}:${serviceName}`,
          arn: `arn:aws:ecs:${region}:${accountId}:service/${clusterName}/${serviceName}`,
          type: "ECSTarget",
          status: "Pending",
          updated: now,
          events: events(ECS_EVENTS),
          behavior: group.ecs.behavior ?? {},
          trafficWeight: 0,
        },
      ];
    }
    if (group.computePlatform === "Lambda" && group.lambda) {
      const { functionName, alias } = group.lambda;
      return [
        {
          id: `${functionName}:${alias}`,
          arn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}:${alias}`,
          type: "LambdaTarget",
          status: "Pending",
          updated: now,
          events: events(LAMBDA_EVENTS),
          behavior: group.lambda.behavior ?? {},
          trafficWeight: 0,
        },
      ];
    }
    const lb = !!group.api.loadBalancerInfo;
    const instance = (
      id: string,
      label: "Blue" | "Green" | undefined,
      names: readonly string[],
      behavior: TargetBehavior,
    ): TargetRecord => ({
      id,
      arn: `arn:aws:ec2:${region}:${accountId}:instance/${id}`,
      type: "InstanceTarget",
      status: "Pending",
      updated: now,
      events: events(names),
      ...(label ? { label } : {}),
      behavior,
    });
    if (d.deploymentStyle.deploymentType === "BLUE_GREEN") {
      return [
        ...group.instances.map((i, n) =>
          instance(replacementId(d.id, n), "Green", [...SERVER_INSTALL_EVENTS, ...SERVER_ALLOW_EVENTS], i),
        ),
        ...group.instances.map((i) => instance(i.id, "Blue", SERVER_BLOCK_EVENTS, {})),
      ];
    }
    const names = lb
      ? [...SERVER_BLOCK_EVENTS, ...SERVER_INSTALL_EVENTS, ...SERVER_ALLOW_EVENTS]
      : SERVER_INSTALL_EVENTS;
    return group.instances.map((i) => instance(i.id, undefined, names, i));
  }

  private revisionContent(revision: Json): RevisionContent {
    const type = revision.revisionType;
    if (type === "AppSpecContent" || type === "String") {
      const raw = (revision.appSpecContent ?? revision.string) as { content?: string } | undefined;
      return { appspec: raw?.content ?? "" };
    }
    if (type !== "S3") return {};
    const loc = (revision.s3Location ?? {}) as {
      bucket?: string;
      key?: string;
      version?: string;
      bundleType?: string;
    };
    const bucket = this.s3.buckets.get(loc.bucket ?? "");
    if (!bucket) return { missing: `The specified bucket does not exist: ${loc.bucket ?? ""}` };
    if (bucket.region !== this.region.region)
      return {
        missing: `The bucket is in this region: ${bucket.region}. Please use this region to retry the request`,
      };
    const object = this.s3.get(bucket.name, loc.key ?? "", loc.version);
    if (!object) return { missing: "The specified key does not exist." };
    if (loc.bundleType === "YAML" || loc.bundleType === "JSON")
      return { appspec: object.body.toString("utf8") };
    const bundle = readBundle(object.body, loc.bundleType ?? "zip");
    if (!bundle)
      return {
        missing: `The revision at s3://${bucket.name}/${object.key} is not a ${loc.bundleType ?? "zip"} bundle.`,
      };
    return { bundle, ...(bundle.appspec !== undefined ? { appspec: bundle.appspec } : {}) };
  }

  private noteRevisionUse(group: GroupRecord, d: DeploymentRecord): void {
    const app = this.region.codedeploy.applications.get(group.application);
    if (!app) return;
    const key = JSON.stringify(d.revision);
    const now = this.clock.now();
    const known = app.revisions.get(key) ?? {
      location: d.revision,
      registered: now,
      groups: new Set<string>(),
    };
    known.firstUsed ??= now;
    known.lastUsed = now;
    known.groups.add(group.name);
    app.revisions.set(key, known);
  }

  private eventSeconds(group: GroupRecord, event: string): number {
    return group.eventSeconds?.[event] ?? DEFAULT_EVENT_SECONDS[event] ?? 2;
  }

  private after(d: DeploymentRecord, simMs: number, fn: () => void): void {
    const cancel = this.clock.after(simMs, () => {
      const i = d.timers.indexOf(cancel);
      if (i >= 0) d.timers.splice(i, 1);
      fn();
    });
    d.timers.push(cancel);
  }
}

/** A replacement instance's id for a blue/green deployment (stable per deployment and index). */
function replacementId(deploymentId: string, index: number): string {
  let h = 0;
  for (const c of `${deploymentId}/${index}`) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return `i-0${h.toString(16).padStart(8, "0")}${index.toString(16).padStart(8, "0")}`;
}
