import { timingSafeEqual } from 'node:crypto';
import { RequestError } from './errors';

/** Default largest request body, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a request body as bytes, refusing (413) a body over `maxBytes` before reading it all:
 * by its Content-Length when given, else while streaming.
 */
export async function readBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new RequestError(413, `Body too large: ${declared} bytes, the limit is ${maxBytes}`);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new RequestError(413, `Body too large: over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** Decodes UTF-8 strictly: invalid byte sequences are a 400, not silently replaced characters. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RequestError(400, 'Body is not valid UTF-8');
  }
}

/** Parses a JSON body, or throws a 400 that says what is wrong. */
export function parseJson(bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes);
  if (!text.trim()) throw new RequestError(400, 'Body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RequestError(400, `Malformed JSON: ${(err as Error).message}`);
  }
}

/** Reads and parses a JSON request body within a size limit, requiring a JSON content type. */
export async function readJson(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new RequestError(415, `Unsupported content type "${type}"; send application/json`);
  }
  return parseJson(await readBody(request, maxBytes));
}

/** A JSON response. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

/** Compares two secrets in constant time (for signatures and tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
