// The AWS event-stream binary encoding (application/vnd.amazon.eventstream), written from the
// format's description so that any SDK's decoder checks it, not only ours:
//   prelude: total length (u32), headers length (u32), prelude CRC32 (u32)
//   headers: name length (u8), name, type (u8; 7 = string), value length (u16), value
//   payload, then the CRC32 of everything before it (u32). Big-endian throughout.
import { crc32 } from "node:zlib";

const STRING = 7;

function encodeHeaders(headers: Readonly<Record<string, string>>): Buffer {
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = Buffer.from(name, "utf8");
    const v = Buffer.from(value, "utf8");
    const head = Buffer.alloc(1 + n.length + 1 + 2);
    head.writeUInt8(n.length, 0);
    n.copy(head, 1);
    head.writeUInt8(STRING, 1 + n.length);
    head.writeUInt16BE(v.length, 2 + n.length);
    parts.push(head, v);
  }
  return Buffer.concat(parts);
}

export function encodeMessage(headers: Readonly<Record<string, string>>, payload: Buffer): Buffer {
  const h = encodeHeaders(headers);
  const total = 12 + h.length + payload.length + 4;
  const message = Buffer.alloc(total);
  message.writeUInt32BE(total, 0);
  message.writeUInt32BE(h.length, 4);
  message.writeUInt32BE(crc32(message.subarray(0, 8)), 8);
  h.copy(message, 12);
  payload.copy(message, 12 + h.length);
  message.writeUInt32BE(crc32(message.subarray(0, total - 4)), total - 4);
  return message;
}

/** An event of the stream's union (`sessionStart`, `sessionUpdate`, …) with a JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Buffer {
  return encodeMessage(
    { ":message-type": "event", ":event-type": eventType, ":content-type": "application/json" },
    Buffer.from(JSON.stringify(payload), "utf8"),
  );
}

/** A modeled exception of the stream's union (`SessionTimeoutException`, …): the stream ends with it. */
export function encodeException(exceptionType: string, message: string): Buffer {
  return encodeMessage(
    { ":message-type": "exception", ":exception-type": exceptionType, ":content-type": "application/json" },
    Buffer.from(JSON.stringify({ message }), "utf8"),
  );
}
