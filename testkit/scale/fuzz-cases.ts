import fc from 'fast-check';

/** One hostile (or occasionally valid) HTTP request. */
export interface FuzzCase {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** What the case is, for failure messages. */
  kind: string;
}

const enc = (s: string) => new TextEncoder().encode(s);
const JSON_TYPE = { 'content-type': 'application/json' };

/** Every route the app serves, plus some it does not. */
const PATHS = ['/api/web/messages', '/api/web/messages?userId=fuzz', '/healthz', '/metrics', '/widget.js', '/', '/api/web/socket', '/nope', '/%2e%2e/%2e%2e/etc/passwd', '/api/web/messages?userId=%FF%FE&after=%00&limit=-1e309'];

/** A valid message, sometimes with its fields swapped for values of the wrong type. */
const messageLike = fc.record(
  {
    userId: fc.oneof(fc.string({ maxLength: 30 }), fc.anything(), fc.constant('x'.repeat(500))),
    text: fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 50 }), fc.anything()),
    payload: fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null)),
    locale: fc.oneof(fc.constantFrom('en', 'de-DE', 'x', ''), fc.anything()),
    clientMessageId: fc.oneof(fc.uuid(), fc.constant(''), fc.anything()),
    extra: fc.anything(),
  },
  { requiredKeys: [] },
);

const bodies: fc.Arbitrary<{ kind: string; body: Uint8Array; headers?: Record<string, string> }> = fc.oneof(
  messageLike.map((m) => ({ kind: 'message-like', body: enc(JSON.stringify(m)) })),
  fc.jsonValue().map((v) => ({ kind: 'any-json', body: enc(JSON.stringify(v)) })),
  fc.string({ maxLength: 200 }).map((s) => ({ kind: 'not-json', body: enc(s) })),
  fc.string({ maxLength: 40 }).map((s) => ({ kind: 'truncated-json', body: enc(`{"userId":"u","text":"${s}`) })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ kind: 'random-bytes', body: b })),
  fc.constantFrom(0xff, 0xc0, 0xed, 0xf8).map((bad) => ({ kind: 'invalid-utf8', body: Uint8Array.from([...enc('{"userId":"u","text":"'), bad, 0x80, ...enc('"}')]) })),
  fc.integer({ min: 1_000, max: 200_000 }).map((depth) => ({ kind: 'deep-nesting', body: enc(`{"userId":"u","text":${'['.repeat(depth)}1${']'.repeat(depth)}}`) })),
  fc.constantFrom(1_100_000, 3_000_000).map((size) => ({ kind: 'huge-body', body: enc(`{"userId":"u","text":"${'a'.repeat(size)}"}`) })),
  fc.constant({ kind: 'empty', body: new Uint8Array() }),
  fc.constant({ kind: 'proto-pollution', body: enc('{"userId":"u","text":"x","__proto__":{"admin":true},"constructor":{"prototype":{"y":1}}}') }),
);

const contentTypes = fc.oneof(
  fc.constant('application/json'),
  fc.constant('application/json; charset=utf-8'),
  fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', '', 'application/vnd.api+json'),
  fc.string({ maxLength: 50 }).filter((s) => /^[\x21-\x7e ]*$/.test(s)),
);

const headerAbuse = fc.oneof(
  fc.constant({}),
  fc.constant({ 'x-big': 'a'.repeat(8_000) }),
  fc.dictionary(fc.stringMatching(/^x-[a-z]{1,10}$/), fc.stringMatching(/^[\x20-\x7e]{0,100}$/), { maxKeys: 30 }),
  fc.constant({ accept: '*/*;q=oops', 'accept-encoding': 'gzip;q=2, br;;;', 'x-forwarded-for': '::ffff:999.1.1.1, <script>' }),
  fc.constant({ 'content-encoding': 'gzip' }),
  fc.constant({ 'transfer-encoding': 'chunked' }),
);

/** The fuzz cases: `count` of them, reproducible from `seed`. */
export function fuzzCases(count: number, seed = 42): FuzzCase[] {
  const arbitrary = fc.record({
    // Most cases aim at the endpoint that takes input; the rest probe every other route.
    method: fc.oneof({ arbitrary: fc.constant('POST'), weight: 6 }, { arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), weight: 2 }),
    path: fc.oneof(
      { arbitrary: fc.constant('/api/web/messages'), weight: 6 },
      { arbitrary: fc.constantFrom(...PATHS), weight: 2 },
      { arbitrary: fc.webPath().map((p) => p || '/'), weight: 1 },
    ),
    body: bodies,
    type: contentTypes,
    headers: headerAbuse,
  });
  return fc.sample(arbitrary, { numRuns: count, seed }).map((c) => {
    const withBody = c.method !== 'GET' && c.method !== 'HEAD';
    const headers: Record<string, string> = { ...c.headers, ...(c.type ? { 'content-type': c.type } : {}), ...c.body.headers };
    return { method: c.method, path: c.path.startsWith('/') ? c.path : `/${c.path}`, headers, body: withBody ? c.body.body : undefined, kind: `${c.method} ${c.body.kind} as "${c.type}"` };
  });
}

/** A valid message (the control group: must be accepted). */
export function validCase(i: number): FuzzCase {
  return { method: 'POST', path: '/api/web/messages', headers: JSON_TYPE, body: enc(JSON.stringify({ userId: `valid-${i}`, text: `hello ${i}` })), kind: 'valid' };
}
