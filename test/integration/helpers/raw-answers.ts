// Records the raw JSON bodies a client receives (before the SDK parses them), so tests can
// check the wire format itself — including answers the SDK would refuse to parse.
import { Readable } from "node:stream";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { CodeBuildClient } from "@aws-sdk/client-codebuild";
import type { CodePipelineClient } from "@aws-sdk/client-codepipeline";

export interface RawAnswer {
  /** Operation name, e.g. "ListProjects". */
  operation: string;
  status: number;
  body: unknown;
  text: string;
}

async function collect(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === "string") return Buffer.from(body);
  const chunks: Buffer[] = [];
  for await (const c of body as AsyncIterable<Buffer | string>)
    chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}

/** After this, `answers` receives every answer's raw body, in order. */
export function recordRawAnswers(
  client: CodeBuildClient | CloudWatchLogsClient | CloudWatchClient | CodePipelineClient,
  answers: RawAnswer[],
): void {
  type Next = (args: unknown) => Promise<{ response: { statusCode: number; body: unknown } }>;
  const middleware = (next: Next, context: { commandName?: string }) => async (args: unknown) => {
    const result = await next(args);
    const buf = await collect(result.response.body);
    const text = buf.toString("utf8");
    let body: unknown;
    try {
      body = text.trim() === "" ? {} : JSON.parse(text);
    } catch {
      body = undefined;
    }
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    answers.push({ operation, status: result.response.statusCode, body, text });
    result.response.body = Readable.from([buf]);
    return result;
  };
  (client.middlewareStack as unknown as { addRelativeTo(m: unknown, o: unknown): void }).addRelativeTo(
    middleware,
    {
      relation: "after",
      toMiddleware: "deserializerMiddleware",
      name: "recordRawAnswers",
    },
  );
}
