// What CodeDeploy holds in one region: applications, deployment groups, configurations and
// deployments, with the lookups the operations share and their errors in CodeDeploy's words.
import { SimError } from "./errors";
import {
  builtInConfigs,
  type ApplicationRecord,
  type DeploymentConfigRecord,
  type DeploymentRecord,
  type GroupRecord,
} from "./codedeploy-model";

export class CodeDeployRegion {
  readonly applications = new Map<string, ApplicationRecord>();
  /** "<application>\n<group>" → group. */
  readonly groups = new Map<string, GroupRecord>();
  readonly configs = new Map<string, DeploymentConfigRecord>(builtInConfigs().map((c) => [c.name, c]));
  /** In creation order. */
  readonly deployments = new Map<string, DeploymentRecord>();
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  application(name: string | undefined): ApplicationRecord {
    if (!name)
      throw new SimError("ApplicationNameRequiredException", "The application name must be specified.");
    const app = this.applications.get(name);
    if (!app)
      throw new SimError("ApplicationDoesNotExistException", `No application found for name: ${name}`);
    return app;
  }

  group(application: string | undefined, name: string | undefined): GroupRecord {
    const app = this.application(application);
    if (!name)
      throw new SimError(
        "DeploymentGroupNameRequiredException",
        "The deployment group name must be specified.",
      );
    const group = this.groups.get(groupKey(app.name, name));
    if (!group)
      throw new SimError(
        "DeploymentGroupDoesNotExistException",
        `No Deployment Group found for name: ${name}`,
      );
    return group;
  }

  groupsOf(application: string): GroupRecord[] {
    return [...this.groups.values()].filter((g) => g.application === application);
  }

  deployment(id: string | undefined): DeploymentRecord {
    if (!id) throw new SimError("DeploymentIdRequiredException", "The deployment ID must be specified.");
    const d = this.deployments.get(id);
    if (!d) throw new SimError("DeploymentDoesNotExistException", `The deployment ${id} could not be found.`);
    return d;
  }

  config(name: string): DeploymentConfigRecord {
    const c = this.configs.get(name);
    if (!c)
      throw new SimError(
        "DeploymentConfigDoesNotExistException",
        `No deployment configuration found for name: ${name}`,
      );
    return c;
  }

  /** The group's deployment that has not finished, if any. */
  activeDeployment(group: GroupRecord): DeploymentRecord | undefined {
    return [...this.deployments.values()].find(
      (d) =>
        d.application === group.application &&
        d.group === group.name &&
        ["Created", "Queued", "InProgress", "Ready", "Baking"].includes(d.status),
    );
  }

  applicationArn(region: string, account: string, name: string): string {
    return `arn:aws:codedeploy:${region}:${account}:application:${name}`;
  }

  groupArn(region: string, account: string, application: string, group: string): string {
    return `arn:aws:codedeploy:${region}:${account}:deploymentgroup:${application}/${group}`;
  }
}

export function groupKey(application: string, group: string): string {
  return `${application}\n${group}`;
}
