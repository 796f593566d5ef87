// CodeBuild_20161006.* operations.
import { SIM_USER } from "./constants";
import { alreadyExists, constraintViolation, invalidInput, notFound } from "./errors";
import { decodeToken, encodeToken, type Input } from "./input";
import type { Handler, OpContext } from "./op-context";
import { renderBuild, renderProject } from "./render";
import { addProject } from "./seed";
import type { BuildRecord, BuildRequest, EnvVar, Json, ProjectRecord, RegionState } from "./state";

const PAGE = 100;
const IDEMPOTENCY_MS = 5 * 60_000;
const SORT_BY = ["NAME", "CREATED_TIME", "LAST_MODIFIED_TIME"] as const;
const SORT_ORDER = ["ASCENDING", "DESCENDING"] as const;
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9\-_]{1,149}$/;

const badToken = () => invalidInput("codebuild", "Invalid next token");

function requireProject(region: RegionState, nameOrArn: string): ProjectRecord {
  const p = region.findProject(nameOrArn);
  if (!p) {
    const arn = nameOrArn.startsWith("arn:") ? nameOrArn : region.projectArn(nameOrArn);
    throw notFound(`Project cannot be found: ${arn}`);
  }
  return p;
}

function requireBuild(region: RegionState, id: string): BuildRecord {
  const b = region.findBuild(id);
  if (!b) throw notFound(`Build with id ${id} not found`);
  return b;
}

type ListCursor = { after: number };
const isListCursor = (v: unknown): v is ListCursor => typeof (v as ListCursor | null)?.after === "number";

/** Pages build ids newest-first (or oldest-first); the cursor is the last build's sequence. */
function pageBuilds(builds: BuildRecord[], input: Input): Json {
  const order = input.oneOf("sortOrder", SORT_ORDER) ?? "DESCENDING";
  const token = input.str("nextToken");
  const sorted = [...builds].sort((a, b) => (order === "DESCENDING" ? b.seq - a.seq : a.seq - b.seq));
  let rest = sorted;
  if (token !== undefined) {
    const { after } = decodeToken(token, isListCursor, badToken);
    rest = sorted.filter((b) => (order === "DESCENDING" ? b.seq < after : b.seq > after));
  }
  const page = rest.slice(0, PAGE);
  const last = page[page.length - 1];
  return {
    ids: page.map((b) => b.id),
    ...(rest.length > PAGE && last ? { nextToken: encodeToken({ after: last.seq }) } : {}),
  };
}

function readEnvOverrides(input: Input): EnvVar[] | undefined {
  const list = input.list("environmentVariablesOverride");
  if (list === undefined) return undefined;
  return list.map((raw, i) => {
    const v = (raw ?? {}) as Partial<EnvVar>;
    if (typeof v.name !== "string" || v.name === "") {
      throw constraintViolation(
        "codebuild",
        `environmentVariablesOverride.${i + 1}.member.name`,
        v.name,
        "Member must not be null",
      );
    }
    if (typeof v.value !== "string") {
      throw constraintViolation(
        "codebuild",
        `environmentVariablesOverride.${i + 1}.member.value`,
        v.value,
        "Member must not be null",
      );
    }
    return { name: v.name, value: v.value, ...(typeof v.type === "string" ? { type: v.type } : {}) };
  });
}

function readBuildRequest(input: Input): BuildRequest {
  const req: BuildRequest = {};
  const sourceVersion = input.str("sourceVersion");
  const env = readEnvOverrides(input);
  const buildspec = input.str("buildspecOverride");
  const timeout = input.num("timeoutInMinutesOverride", { min: 5, max: 2160 });
  const queued = input.num("queuedTimeoutInMinutesOverride", { min: 5, max: 480 });
  const image = input.str("imageOverride", { min: 1 });
  const compute = input.str("computeTypeOverride");
  if (sourceVersion !== undefined) req.sourceVersion = sourceVersion;
  if (env !== undefined) req.environmentVariablesOverride = env;
  if (buildspec !== undefined) req.buildspecOverride = buildspec;
  if (timeout !== undefined) req.timeoutInMinutesOverride = timeout;
  if (queued !== undefined) req.queuedTimeoutInMinutesOverride = queued;
  if (image !== undefined) req.imageOverride = image;
  if (compute !== undefined) req.computeTypeOverride = compute;
  return req;
}

/** Same token for the same project within 5 minutes answers the build it started. */
function idempotent(ctx: OpContext, project: string, start: () => BuildRecord): BuildRecord {
  const token = ctx.input.str("idempotencyToken");
  if (token === undefined) return start();
  const key = `${project}\n${token}`;
  const now = ctx.clock.now();
  const seen = ctx.region.idempotency.get(key);
  const earlier = seen && now - seen.at < IDEMPOTENCY_MS ? ctx.region.builds.get(seen.buildId) : undefined;
  if (earlier) return earlier;
  const build = start();
  ctx.region.idempotency.set(key, { buildId: build.id, at: now });
  return build;
}

const listProjects: Handler = ({ region, input }) => {
  const sortBy = input.oneOf("sortBy", SORT_BY) ?? "NAME";
  const sortOrder = input.oneOf("sortOrder", SORT_ORDER) ?? "ASCENDING";
  const token = input.str("nextToken", { min: 1 });
  const offset =
    token === undefined
      ? 0
      : decodeToken(
          token,
          (v): v is { offset: number } => typeof (v as { offset?: unknown } | null)?.offset === "number",
          badToken,
        ).offset;
  const key = (p: ProjectRecord): string | number =>
    sortBy === "NAME" ? p.name : sortBy === "CREATED_TIME" ? p.created : p.lastModified;
  const sorted = [...region.projects.values()].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    return sortOrder === "ASCENDING" ? c : -c;
  });
  const page = sorted.slice(offset, offset + PAGE);
  return {
    projects: page.map((p) => p.name),
    ...(offset + PAGE < sorted.length ? { nextToken: encodeToken({ offset: offset + PAGE }) } : {}),
  };
};

const batchGetProjects: Handler = ({ region, input }) => {
  const names = input.strList("names", { required: true, min: 1, max: 100 }) ?? [];
  const found: Json[] = [];
  const missing: string[] = [];
  for (const n of new Set(names)) {
    const p = region.findProject(n);
    if (p) found.push(renderProject(p));
    else missing.push(n);
  }
  return { projects: found, projectsNotFound: missing };
};

const listBuildsForProject: Handler = ({ region, input }) => {
  const name = input.str("projectName", { required: true, min: 1 }) as string;
  const project = region.findProject(name);
  if (!project) throw notFound(`The provided project ${region.projectArn(name)} does not exist`);
  return pageBuilds(
    [...region.builds.values()].filter((b) => b.projectName === project.name),
    input,
  );
};

const listBuilds: Handler = ({ region, input }) => pageBuilds([...region.builds.values()], input);

const batchGetBuilds: Handler = ({ region, input }) => {
  const ids = input.strList("ids", { required: true, min: 1, max: 100 }) ?? [];
  const builds: Json[] = [];
  const notFound: string[] = [];
  for (const id of new Set(ids)) {
    if (!id.includes(":")) throw invalidInput("codebuild", `Invalid build ID provided: ${id}`);
    const b = region.findBuild(id);
    if (b) builds.push(renderBuild(b, region));
    else notFound.push(id);
  }
  return { builds, buildsNotFound: notFound };
};

const startBuild: Handler = (ctx) => {
  const { region, input, engine } = ctx;
  const name = input.str("projectName", { required: true, min: 1 }) as string;
  const project = requireProject(region, name);
  const request = readBuildRequest(input);
  const build = idempotent(ctx, project.name, () =>
    engine.start(region, project, request, `user/${SIM_USER}`),
  );
  return { build: renderBuild(build, region) };
};

const stopBuild: Handler = ({ region, input, engine }) => {
  const id = input.str("id", { required: true, min: 1 }) as string;
  const build = requireBuild(region, id);
  engine.stop(build);
  return { build: renderBuild(build, region) };
};

const retryBuild: Handler = (ctx) => {
  const { region, input, engine } = ctx;
  const id = input.str("id", { required: true, min: 1 }) as string;
  const previous = requireBuild(region, id);
  if (!previous.complete)
    throw invalidInput("codebuild", `Build ${previous.id} is still in progress and cannot be retried`);
  const project = requireProject(region, previous.projectName);
  const build = idempotent(ctx, project.name, () =>
    engine.start(region, project, previous.request, `user/${SIM_USER}`),
  );
  return { build: renderBuild(build, region) };
};

const createProject: Handler = ({ region, input, clock }) => {
  const name = input.str("name", { required: true, min: 2, max: 150 }) as string;
  if (!PROJECT_NAME.test(name)) {
    throw constraintViolation(
      "codebuild",
      "name",
      name,
      "Member must satisfy regular expression pattern: [A-Za-z0-9][A-Za-z0-9\\-_]{1,149}",
    );
  }
  const source = input.obj("source", { required: true }) as Json;
  const artifacts = input.obj("artifacts", { required: true }) as Json;
  const environment = input.obj("environment", { required: true }) as Json;
  input.str("serviceRole", { required: true, min: 1 });
  input.num("timeoutInMinutes", { min: 5, max: 2160 });
  input.num("queuedTimeoutInMinutes", { min: 5, max: 480 });
  if (typeof source.type !== "string")
    throw constraintViolation("codebuild", "source.type", source.type, "Member must not be null");
  if (typeof artifacts.type !== "string")
    throw constraintViolation("codebuild", "artifacts.type", artifacts.type, "Member must not be null");
  for (const m of ["type", "image", "computeType"]) {
    if (typeof environment[m] !== "string")
      throw constraintViolation("codebuild", `environment.${m}`, environment[m], "Member must not be null");
  }
  if (region.projects.has(name)) throw alreadyExists(`Project already exists: ${region.projectArn(name)}`);
  const project = addProject(region, name, input.body, {}, clock.now());
  return { project: renderProject(project) };
};

export const codebuildOps: Record<string, Handler> = {
  ListProjects: listProjects,
  BatchGetProjects: batchGetProjects,
  ListBuildsForProject: listBuildsForProject,
  ListBuilds: listBuilds,
  BatchGetBuilds: batchGetBuilds,
  StartBuild: startBuild,
  StopBuild: stopBuild,
  RetryBuild: retryBuild,
  CreateProject: createProject,
};
