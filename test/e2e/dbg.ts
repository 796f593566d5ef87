import { startE2eEnvironment } from "./support/environment";
import { loadScenario } from "../sim/scenario";
async function main() {
  const env = await startE2eEnvironment("dbg");
  try {
    env.simulator.seed(loadScenario("hostile"));
    const wb = env.workbench;
    await wb.openViewContainer("AWS CI/CD");
    await wb.clickViewAction("Refresh");
    const t0 = Date.now();
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 10_000));
      const recent = env.simulator.calls.filter((c) => c.at > Date.now() - 60_000);
      const byOp = new Map<string, number>();
      for (const c of recent) byOp.set(c.operation ?? c.target, (byOp.get(c.operation ?? c.target) ?? 0) + 1);
      console.log(
        `t=${Math.round((Date.now() - t0) / 1000)}s calls in last minute: ${recent.length}`,
        JSON.stringify([...byOp]),
      );
      if (i === 2) {
        await wb.expand(wb.treeRow("hostile-markup"));
        await wb.expand(wb.treeRow("hostile-pipeline"));
      }
    }
  } finally {
    await env.dispose();
  }
}
void main();
