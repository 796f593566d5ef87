// npm run sim -- [--port 4599] [--scenario demo] [--speed 1] [--region us-east-1] [--host 127.0.0.1]
//                [--faults SPEC] [--quiet]
// Prints shell exports for the AWS CLI/SDKs first, then logs one line per request to stderr.
import { parseArgs } from "node:util";
import { parseFaultSpec } from "./fault-spec";
import { describeCounts } from "./faults";
import { startSimulator } from "./index";

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: npm run sim -- [--port 4599] [--scenario NAME|PATH] [--speed N] [--region R] [--host H]\n` +
      `                   [--faults SPEC] [--quiet]\n` +
      `  SPEC: e.g. throttle=0.3,reset=0.05,seed=7,GetLogEvents:throttle=x2 (see test/sim/README.md)\n`,
  );
  process.exit(2);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string", default: "4599" },
        host: { type: "string", default: "127.0.0.1" },
        scenario: { type: "string", default: "demo" },
        speed: { type: "string", default: "1" },
        region: { type: "string" },
        faults: { type: "string" },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }));
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  if (values.help) usage("AWS simulator");
  const port = Number(values.port);
  const speed = Number(values.speed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) usage(`bad --port ${values.port}`);
  if (!(speed > 0)) usage(`bad --speed ${values.speed}`);
  let faults;
  try {
    faults = values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  } catch (e) {
    usage(`bad --faults: ${e instanceof Error ? e.message : String(e)}`);
  }

  const sim = await startSimulator({
    port,
    host: values.host,
    scenario: values.scenario,
    speed,
    ...(values.region ? { region: values.region } : {}),
    ...(faults ? { faults } : {}),
    onCall: values.quiet
      ? undefined
      : (c) =>
          process.stderr.write(
            `${c.target || "(no target)"} ${c.status} ${c.ms}ms${c.region ? ` ${c.region}` : ""}` +
              `${c.fault ? ` fault=${c.fault}` : ""}\n`,
          ),
  });
  process.stdout.write(
    [
      `export AWS_ENDPOINT_URL=${sim.url}`,
      `export AWS_ACCESS_KEY_ID=${sim.credentials.accessKeyId}`,
      `export AWS_SECRET_ACCESS_KEY=${sim.credentials.secretAccessKey}`,
      `export AWS_REGION=${sim.region}`,
      `export AWS_DEFAULT_REGION=${sim.region}`,
      `# AWS simulator (scenario ${values.scenario}, speed ${speed}) listening on ${sim.url}`,
      ...(faults || sim.faults.state().rules.length > 0
        ? [`# faults: ${sim.faults.state().spec} (admin: ${sim.url}/__sim/faults)`]
        : []),
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`# ${signal}: stopping the AWS simulator\n`);
    const counts = sim.faults.counts();
    if (counts.requests > 0 && (counts.injected > 0 || sim.faults.state().rules.length > 0))
      process.stderr.write(`# faults injected: ${describeCounts(counts)}\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((e: unknown) => {
  process.stderr.write(`aws simulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
