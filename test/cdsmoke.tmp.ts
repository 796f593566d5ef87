import { startSimulator } from "./sim/index";
import { CodeDeployClient, ListApplicationsCommand, BatchGetApplicationsCommand, ListDeploymentGroupsCommand, BatchGetDeploymentGroupsCommand, ListDeploymentsCommand, BatchGetDeploymentsCommand, ListDeploymentTargetsCommand, BatchGetDeploymentTargetsCommand, CreateDeploymentCommand, GetDeploymentCommand } from "@aws-sdk/client-codedeploy";
void (async () => {
const sim = await startSimulator({ scenario: "demo", speed: 50 });
const c = new CodeDeployClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
const apps = (await c.send(new ListApplicationsCommand({}))).applications!;
console.log(apps, (await c.send(new BatchGetApplicationsCommand({ applicationNames: apps }))).applicationsInfo?.map(a=>a.computePlatform));
for (const a of apps) {
  const gs = (await c.send(new ListDeploymentGroupsCommand({ applicationName: a }))).deploymentGroups!;
  const info = (await c.send(new BatchGetDeploymentGroupsCommand({ applicationName: a, deploymentGroupNames: gs }))).deploymentGroupsInfo!;
  for (const g of info) {
    const ids = (await c.send(new ListDeploymentsCommand({ applicationName: a, deploymentGroupName: g.deploymentGroupName }))).deployments!;
    const ds = (await c.send(new BatchGetDeploymentsCommand({ deploymentIds: ids }))).deploymentsInfo!;
    console.log(a, g.deploymentGroupName, g.lastAttemptedDeployment?.status, ds.map(d => `${d.deploymentId} ${d.status} ${d.creator} ${JSON.stringify(d.deploymentOverview)}`));
  }
}
const id = (await c.send(new CreateDeploymentCommand({ applicationName: "api-service", deploymentGroupName: "staging", revision: { revisionType: "S3", s3Location: { bucket: "acme-deploy-artifacts-123456789012", key: "api-service/api-service-9b7d3a1.zip", bundleType: "zip" } } }))).deploymentId!;
for (let i = 0; i < 30; i++) {
  const d = (await c.send(new GetDeploymentCommand({ deploymentId: id }))).deploymentInfo!;
  if (i % 5 === 0 || d.completeTime) console.log(d.status, JSON.stringify(d.deploymentOverview), d.errorInformation?.code, d.rollbackInfo);
  if (d.completeTime) break;
  await new Promise(r => setTimeout(r, 200));
}
const tids = (await c.send(new ListDeploymentTargetsCommand({ deploymentId: id }))).targetIds!;
const ts = (await c.send(new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: tids }))).deploymentTargets!;
for (const t of ts) console.log(t.instanceTarget?.targetId, t.instanceTarget?.status, t.instanceTarget?.lifecycleEvents?.map(e => `${e.lifecycleEventName}:${e.status}${e.diagnostics ? " " + e.diagnostics.scriptName + " " + e.diagnostics.logTail?.split("\n").length : ""}`).join(", "));
await sim.close();

})();
