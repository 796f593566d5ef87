// The query protocol's XML answers read the way botocore reads them, guided by the service model:
// `<member>` lists, `<entry>` maps, ISO 8601 timestamps, booleans and numbers as text. Each raw
// answer a client receives becomes JSON in the JSON protocols' form (timestamps as epoch seconds),
// so model-shapes.ts checks it like any other answer; what does not fit the model stays as text
// and is reported. Errors become {__type, message} with the wire code mapped to the model's
// error shape (ChangeSetNotFound → ChangeSetNotFoundException).
import { Readable } from "node:stream";
import { loadServiceModel, type ServiceModel } from "./model-shapes";
import type { RawAnswer } from "./raw-answers";

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(Number(e.slice(1)));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[e] ?? "";
  });
}

/** A small XML reader for AWS answers (elements, attributes, text, entities); throws on broken XML. */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: "#document", attributes: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  const tag =
    /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[^?]*\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g;
  let at = 0;
  for (const m of xml.matchAll(tag)) {
    const top = stack[stack.length - 1]!;
    top.text += decodeEntities(xml.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[5] !== undefined) {
      top.text += m[5];
      continue;
    }
    if (!m[2]) continue; // declaration, comment
    if (m[1]) {
      if (top.name !== m[2]) throw new Error(`XML: </${m[2]}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of (m[3] ?? "").matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
      attributes[a[1]!] = decodeEntities(a[2] ?? a[3] ?? "");
    const element: XmlElement = { name: m[2], attributes, children: [], text: "" };
    top.children.push(element);
    if (!m[4]) stack.push(element);
  }
  if (stack.length !== 1) throw new Error(`XML: <${stack[stack.length - 1]!.name}> is not closed`);
  const rest = xml.slice(at).trim();
  if (rest) throw new Error(`XML: text after the document: ${rest.slice(0, 40)}`);
  return root;
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** What the query protocol reads of a shape besides what model-shapes.ts declares. */
interface QueryShape {
  readonly type: string;
  readonly members?: Record<string, { shape: string; locationName?: string }>;
  readonly member?: { shape: string };
  readonly value?: { shape: string };
}

interface QueryOperation {
  readonly output?: { shape: string; resultWrapper?: string };
}

/** An element's value as the model's shape reads it; what does not fit stays text. */
function valueOf(model: ServiceModel, shapeName: string, element: XmlElement): unknown {
  const shape: QueryShape | undefined = model.shapes[shapeName];
  if (!shape) return element.text;
  switch (shape.type) {
    case "structure": {
      const out: Record<string, unknown> = {};
      const byWire = new Map(
        Object.entries(shape.members ?? {}).map(([name, m]) => [
          m.locationName ?? name,
          { name, shape: m.shape },
        ]),
      );
      for (const child of element.children) {
        const member = byWire.get(child.name);
        out[member?.name ?? child.name] = member ? valueOf(model, member.shape, child) : child.text;
      }
      return out;
    }
    case "list": {
      const itemShape = shape.member?.shape ?? "";
      return element.children.map((c) =>
        c.name === "member" ? valueOf(model, itemShape, c) : `<${c.name}>`,
      );
    }
    case "map": {
      const out: Record<string, unknown> = {};
      for (const entry of element.children) {
        const key = entry.children.find((c) => c.name === "key")?.text ?? "";
        const value = entry.children.find((c) => c.name === "value");
        out[key] = value ? valueOf(model, shape.value?.shape ?? "", value) : null;
      }
      return out;
    }
    case "timestamp":
      return ISO_8601.test(element.text) ? Date.parse(element.text) / 1000 : element.text;
    case "boolean":
      return element.text === "true" ? true : element.text === "false" ? false : element.text;
    case "integer":
    case "long":
      return /^-?\d+$/.test(element.text) ? Number(element.text) : element.text;
    case "double":
    case "float":
      return Number.isFinite(Number(element.text)) && element.text !== ""
        ? Number(element.text)
        : element.text;
    default:
      return element.text;
  }
}

export interface QueryReading {
  /** The answer in the JSON protocols' form. */
  readonly body: unknown;
  /** What is wrong with the envelope itself (root element, namespace, result wrapper, request id). */
  readonly envelope: string[];
}

/** A query-protocol answer (success or error) read against the model. */
export function readQueryAnswer(
  service: string,
  operation: string,
  status: number,
  xml: string,
): QueryReading {
  const model = loadServiceModel(service) as ServiceModel & { metadata: { xmlNamespace?: string } };
  const envelope: string[] = [];
  let doc: XmlElement;
  try {
    doc = parseXml(xml);
  } catch (error) {
    return { body: undefined, envelope: [`not XML: ${(error as Error).message}`] };
  }
  const root = doc.children[0];
  if (!root) return { body: undefined, envelope: ["no root element"] };
  if (status >= 300) {
    if (root.name !== "ErrorResponse")
      envelope.push(`an error's root is <${root.name}>, not <ErrorResponse>`);
    const error = root.children.find((c) => c.name === "Error");
    const code = error?.children.find((c) => c.name === "Code")?.text ?? "";
    const message = error?.children.find((c) => c.name === "Message")?.text ?? "";
    if (!root.children.some((c) => c.name === "RequestId")) envelope.push("an error without <RequestId>");
    const shapeName = Object.entries(model.shapes).find(
      ([, s]) => (s as { error?: { code?: string } }).error?.code === code,
    )?.[0];
    return { body: { __type: shapeName ?? code, message }, envelope };
  }
  if (root.name !== `${operation}Response`) envelope.push(`root <${root.name}>, not <${operation}Response>`);
  const ns = model.metadata.xmlNamespace;
  if (ns && root.attributes.xmlns !== ns)
    envelope.push(`xmlns "${root.attributes.xmlns ?? ""}", not "${ns}"`);
  const metadata = root.children.find((c) => c.name === "ResponseMetadata");
  if (!metadata?.children.some((c) => c.name === "RequestId")) envelope.push("no ResponseMetadata/RequestId");
  const op: QueryOperation | undefined = model.operations[operation];
  const result = root.children.find((c) => c.name === (op?.output?.resultWrapper ?? `${operation}Result`));
  if (!op?.output) return { body: {}, envelope };
  if (!result)
    return { body: {}, envelope: [...envelope, `no <${op.output.resultWrapper ?? `${operation}Result`}>`] };
  return { body: valueOf(model, op.output.shape, result), envelope };
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

export interface QueryAnswer extends RawAnswer {
  readonly envelope: string[];
}

interface MiddlewareClient {
  middlewareStack: unknown;
}

/** After this, `answers` receives every answer the client gets, read against the service's model. */
export function recordQueryAnswers(client: MiddlewareClient, service: string, answers: QueryAnswer[]): void {
  type Next = (args: unknown) => Promise<{ response: { statusCode: number; body: unknown } }>;
  const middleware = (next: Next, context: { commandName?: string }) => async (args: unknown) => {
    const result = await next(args);
    const buf = await collect(result.response.body);
    const text = buf.toString("utf8");
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    const reading = readQueryAnswer(service, operation, result.response.statusCode, text);
    answers.push({
      operation,
      status: result.response.statusCode,
      body: reading.body,
      text,
      envelope: reading.envelope,
    });
    result.response.body = Readable.from([buf]);
    return result;
  };
  (client.middlewareStack as { addRelativeTo(m: unknown, o: unknown): void }).addRelativeTo(middleware, {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "recordQueryAnswers",
  });
}
