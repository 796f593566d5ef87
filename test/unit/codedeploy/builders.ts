import type { Deployment, DeploymentGroup, DeploymentTarget } from "../../../src/codedeploy/model/types";

export function aDeployment(overrides: Partial<Deployment> = {}): Deployment {
  return {
    id: "d-ABCDEFGHI",
    application: "api-service",
    group: "production",
    computePlatform: "Server",
    status: "InProgress",
    creator: "user",
    revision: {
      kind: "S3",
      bucket: "artifacts",
      key: "api-service/api-service-abc1234.zip",
      bundleType: "zip",
    },
    createTime: new Date("2026-12-01T10:00:00Z"),
    startTime: new Date("2026-12-01T10:00:01Z"),
    overview: { Pending: 2, InProgress: 1, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
    deploymentType: "IN_PLACE",
    ...overrides,
  };
}

export function aGroup(overrides: Partial<DeploymentGroup> = {}): DeploymentGroup {
  return {
    application: "api-service",
    name: "production",
    computePlatform: "Server",
    configName: "CodeDeployDefault.OneAtATime",
    deploymentType: "IN_PLACE",
    withTrafficControl: false,
    autoRollback: { enabled: true, events: ["DEPLOYMENT_FAILURE"] },
    alarms: { enabled: false, names: [] },
    waitsForReroute: false,
    ecsServices: [],
    ...overrides,
  };
}

export function aTarget(
  id: string,
  events: [string, string][],
  overrides: Partial<DeploymentTarget> = {},
): DeploymentTarget {
  return {
    deploymentId: "d-ABCDEFGHI",
    id,
    kind: "InstanceTarget",
    status: events.some(([, s]) => s === "Failed")
      ? "Failed"
      : events.some(([, s]) => s === "InProgress")
        ? "InProgress"
        : "Succeeded",
    events: events.map(([name, status]) => ({ name, status })),
    ...overrides,
  };
}
