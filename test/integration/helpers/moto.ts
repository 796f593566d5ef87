// moto's server as a child process on 127.0.0.1, for contract tests.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { waitFor } from "./wait";

export interface Moto {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start moto");
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(pid, "SIGTERM");
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
    }, 5000);
    await exited(child);
    clearTimeout(timer);
  };
  try {
    await waitFor(
      "moto to answer",
      async () => {
        if (child.exitCode !== null) throw new Error(`moto exited (${child.exitCode}): ${stderr}`);
        const res = await fetch(`${url}/moto-api/`);
        await res.arrayBuffer();
        return true;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, pid, stop };
}
