import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Env, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { RequestError } from './errors';

/** Default largest request body, in bytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Node's request streams behind the fetch `Request`s the HTTP server hands to routes. */
const nodeBodies = new WeakMap<Request, IncomingMessage>();

/**
 * Lets `readBody` read `request`'s body straight from Node's stream, skipping the web stream
 * (and the full `Request`) the server adapter would otherwise build on first access to the body:
 * a third of the CPU of a small JSON POST. The HTTP server calls this for each request it routes.
 */
export function attachNodeBody(request: Request, incoming: IncomingMessage): void {
  nodeBodies.set(request, incoming);
}

/** The client aborted its request before the body arrived: a 400 nobody will read, logged quietly. */
export class AbortedRequestError extends RequestError {
  constructor() {
    super(400, 'The request was aborted before its body arrived');
  }
}

const clientAddresses = new WeakMap<Request, string>();

/** Records who sent `request` (the HTTP server does, from the socket or a trusted proxy's header). */
export function setClientAddress(request: Request, address: string): void {
  clientAddresses.set(request, address);
}

/**
 * The address of the client that sent `request`, for limits per client; `unknown` when the
 * request did not come through the HTTP server (in-process calls), so those share one budget.
 */
export function clientAddress(request: Request): string {
  return clientAddresses.get(request) ?? 'unknown';
}

/**
 * Reads a request body as bytes, refusing (413) a body over `maxBytes` before reading it all:
 * by its Content-Length when given, else while streaming.
 */
export async function readBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new RequestError(413, `Body too large: ${declared} bytes, the limit is ${maxBytes}`);
  const incoming = nodeBodies.get(request);
  if (incoming) {
    nodeBodies.delete(request);
    // Untouched so far (nobody else read it): read it here; else fall back to the web stream.
    if (!incoming.readableEnded && incoming.readableFlowing === null) return readIncoming(incoming, maxBytes);
  }
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw new AbortedRequestError();
    });
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

/** Reads a Node request stream within the limit; over it, stops reading (the server drains or closes the rest). */
function readIncoming(incoming: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      finish();
      incoming.pause();
      reject(new RequestError(413, `Body too large: over ${maxBytes} bytes`));
    };
    const onEnd = () => {
      finish();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    // The client went away mid-body (closed the tab, lost the network): its problem, not a server error.
    const onError = () => {
      finish();
      reject(new AbortedRequestError());
    };
    const onClose = () => {
      finish();
      reject(new AbortedRequestError());
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/** One strict decoder for every body: `decode` without `stream` keeps no state between calls. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly: invalid byte sequences are a 400, not silently replaced characters. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
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
export async function readJson(request: Request, maxBytes?: number): Promise<unknown> {
  requireJsonType(request);
  return parseJson(await readBody(request, maxBytes));
}

/**
 * `readJson` for a body the request may leave out: none, or only whitespace, is `undefined`
 * (whatever its content type); one that is there must be JSON like any other.
 */
export async function readOptionalJson(request: Request, maxBytes?: number): Promise<unknown> {
  const bytes = await readBody(request, maxBytes);
  if (!decodeUtf8(bytes).trim()) return undefined;
  requireJsonType(request);
  return parseJson(bytes);
}

/** A declared content type must be JSON (415 otherwise); an absent one is taken as JSON. */
function requireJsonType(request: Request): void {
  const type = request.headers.get('content-type') ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new RequestError(415, `Unsupported content type "${type}"; send application/json`);
  }
}

/** How a failed validation is worded: `prefix` before the fields, or one fixed `message` instead. */
export interface ValidationWording {
  /** Names a value that is wrong as a whole (default `body`); `''` states such a problem alone. */
  root?: string;
  prefix?: string;
  /** Replaces the list of fields (a hint that shows the expected shape). */
  message?: string;
}

/** `field: why` for each problem zod found (the first 20), so a 400 says what to fix. */
export function describeIssues(error: z.ZodError, root = 'body'): string {
  return error.issues
    .slice(0, 20)
    .map((issue) => {
      const where = issue.path.join('.') || root;
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

/** `value` as `schema` reads it, or a 400 naming each field that is wrong. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, wording: ValidationWording = {}): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new RequestError(400, wording.message ?? `${wording.prefix ?? ''}${describeIssues(parsed.error, wording.root)}`);
}

/** Reads a JSON body as `readJson` does (size limit, 413, 415) and validates it: a 400 names each wrong field. */
export async function readValidJson<T extends z.ZodType>(request: Request, schema: T, wording: ValidationWording & { maxBytes?: number } = {}): Promise<z.output<T>> {
  return validate(schema, await readJson(request, wording.maxBytes), wording);
}

/**
 * Hono middleware that validates a route's path parameters (as the router decoded them) with
 * `schema`; the handler reads them typed from `c.req.valid('param')`. Malformed percent-encoding
 * anywhere in the path is a 400 (the router would otherwise pass the raw text on), and so is a
 * parameter the schema refuses (`Invalid path: <param>: why`).
 */
export function validParams<T extends z.ZodType<Record<string, string>>>(
  schema: T,
): MiddlewareHandler<Env, string, { in: { param: Record<string, string> }; out: { param: z.output<T> } }> {
  return async (c, next) => {
    const path = new URL(c.req.url).pathname;
    try {
      decodeURI(path);
    } catch {
      throw new RequestError(400, `Malformed percent-encoding in the path: ${path.slice(0, 100)}`);
    }
    c.req.addValidatedData('param', validate(schema, c.req.param(), { prefix: 'Invalid path: ' }));
    await next();
  };
}

/**
 * Hono middleware that validates a route's query string with `schema` (each parameter as a string,
 * the last one when repeated); the handler reads it typed from `c.req.valid('query')`. A query the
 * schema refuses is a 400 worded by `wording` (default `Invalid query: <param>: why`).
 */
export function validQuery<T extends z.ZodObject>(
  schema: T,
  wording: ValidationWording = { root: 'query', prefix: 'Invalid query: ' },
): MiddlewareHandler<Env, string, { in: { query: Record<string, string> }; out: { query: z.output<T> } }> {
  return async (c, next) => {
    c.req.addValidatedData('query', validate(schema, Object.fromEntries(new URL(c.req.url).searchParams), wording));
    await next();
  };
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
