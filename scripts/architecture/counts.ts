/**
 * The four architecture figures issue 17 tracks, computed from the source text so a later step
 * can recompute them and show what it changed (`npm run arch:counts`):
 * - files handling the SQL driver outside `core/storage`, and files whose SQL names a table
 *   another module owns (the schema used as an interface);
 * - route parsers: handlers that read path parameters out of `request.url` themselves instead of
 *   letting the router do it;
 * - casts of services: `as` applied to a value taken from `bot.services`;
 * - per-process timers that carry a promise made to a customer (SLAs, grace periods, journey
 *   polling), which a crash silently breaks.
 * The rules are deliberately plain text matches: a figure anyone can check with grep.
 */

/** One source file: its path relative to the repository root, and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A place in the source that a figure counts. */
export interface Finding {
  path: string;
  line: number;
  text: string;
  /** Why it counts, where the rule has more than one reason. */
  note?: string;
}

/** The four figures, each with the places it counted. */
export interface ArchitectureCounts {
  /** Files outside core/storage that take or use the SQL driver (`store.sql`, `SqlDriver`, `sql.all(`…). */
  sqlDriverFiles: string[];
  /** Files whose SQL names a table created by another module's migrations. */
  foreignTableFiles: Finding[];
  routeParsers: Finding[];
  serviceCasts: Finding[];
  /** Timers classified as customer promises (see `TIMER_RULES`). */
  promiseTimers: Finding[];
  /** Every other timer, with its classification, so a reader can check the split. */
  otherTimers: Finding[];
}

/** Folders (and the root file) holding the product's source (not tests, benchmarks, bots or scripts). */
export const SOURCE_FOLDERS = ['analytics', 'channels', 'cli', 'core', 'dialogs', 'handoff', 'identity', 'media', 'catalog', 'vision', 'surveys', 'journeys', 'knowledge', 'server', 'index.ts'];

/**
 * The module a file belongs to: each channel folder is its own module, core's storage is apart
 * from the rest of core. `core/identity` is core's (what channels and intake know of identity:
 * verified facts, the privacy key, the `IdentityLinks` interface); the identity module is `identity/`.
 */
export function moduleOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'channels' && parts.length > 2) return `channels/${parts[1]}`;
  if (parts[0] === 'core' && parts[1] === 'storage') return 'core/storage';
  return parts[0];
}

const SQL_DRIVER = /store\.sql\b|\bSqlDriver\b|\bsql\.(all|get|run|exec|transaction)\b/;
const CREATE_TABLE = /CREATE TABLE (?:IF NOT EXISTS )?(\w+)/g;
const TABLE_USE = /\b(?:FROM|JOIN|INTO|UPDATE|DELETE FROM)\s+(\w+)/g;

/** Which module owns each table: the module whose migration creates it. */
export function tableOwners(files: SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of files) {
    for (const match of file.text.matchAll(CREATE_TABLE)) owners.set(match[1], moduleOf(file.path));
  }
  return owners;
}

/** Files outside core/storage that handle the SQL driver at all. */
export function sqlDriverFiles(files: SourceFile[]): string[] {
  return files.filter((f) => moduleOf(f.path) !== 'core/storage' && SQL_DRIVER.test(f.text)).map((f) => f.path);
}

/** Files outside core/storage whose SQL reads or writes a table another module owns (first use per file). */
export function foreignTableFiles(files: SourceFile[], owners: Map<string, string>): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    const module = moduleOf(file.path);
    if (module === 'core/storage') continue;
    const foreign = new Set<string>();
    for (const match of file.text.matchAll(TABLE_USE)) {
      const owner = owners.get(match[1]);
      if (owner && owner !== module) foreign.add(`${match[1]} (${owner})`);
    }
    if (foreign.size) found.push({ path: file.path, line: 0, text: [...foreign].sort().join(', ') });
  }
  return found;
}

const PATH_PARSE = /pathname\b.*(?:\.split\(|\.exec\(|\.match\()|\.exec\(.*pathname|(?<!function )matchParams\(/;

/** Lines where a handler takes a path apart itself (split, regex, or its own matcher). */
export function routeParsers(files: SourceFile[]): Finding[] {
  return linesMatching(files, (line) => PATH_PARSE.test(line) && !/^\s*(\/\/|\*)/.test(line));
}

// `as` followed by a type (not `as const`, not the word in a sentence).
const CAST = String.raw`\s+as\s+(?:[A-Z{(\[]|unknown\b|string\b|number\b|never\b)`;
const SERVICE_CAST = new RegExp(String.raw`services(?:\.\w+|\[[^\]]+\])(?:\([^)]*\))?\s*\)?` + CAST);
const AS_SERVICES = /\bas\s+Services\b/;

/**
 * Casts of service values: `bot.services.x as T`, `services.get(key) as T`, `services[KEY] as T`, `{} as Services`, and a
 * cast of a local taken from `services.x` (`const search = services.x; (search as T)(…)`).
 */
export function serviceCasts(files: SourceFile[]): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    const locals = [...file.text.matchAll(/const (\w+) = [\w.]*services(?:\.\w+|\[[^\]]+\])/g)].map((m) => m[1]);
    const localCast = locals.length ? new RegExp(String.raw`\b(?:${locals.join('|')})` + CAST) : undefined;
    file.text.split('\n').forEach((text, i) => {
      if (SERVICE_CAST.test(text) || AS_SERVICES.test(text) || localCast?.test(text)) found.push({ path: file.path, line: i + 1, text: text.trim() });
    });
  }
  return found;
}

/** How one kind of timer is classified: a file and a text the timer's line contains. */
export interface TimerRule {
  path: string;
  contains: string;
  kind: 'customer-promise' | 'infrastructure';
  why: string;
}

/**
 * The timers counted as promises to customers, and why the others are not. A timer matching no
 * rule is reported as unclassified: someone decides which it is and adds a rule.
 */
export const TIMER_RULES: TimerRule[] = [
  { path: 'handoff/service.ts', contains: 'requeueAgent', kind: 'customer-promise', why: 'agent grace period: waiting customers are requeued when it ends' },
  { path: 'handoff/service.ts', contains: 'onSla', kind: 'customer-promise', why: 'handoff SLA: escalation when nobody answered in time' },
  { path: 'journeys/module.ts', contains: "'poll'", kind: 'customer-promise', why: 'journey polling: proactive messages and follow-ups fall due' },
  { path: 'journeys/module.ts', contains: "'nightly pass'", kind: 'customer-promise', why: 'journey nightly pass: stages and segments age' },
  { path: 'journeys/module.ts', contains: "'start-up pass'", kind: 'customer-promise', why: 'journey pass after start-up' },
  { path: 'channels/sms/adapter.ts', contains: 'recordDeliveryStatus', kind: 'customer-promise', why: 'a delivery report retried a second later is lost if the process stops' },
  { path: 'analytics/', contains: '', kind: 'infrastructure', why: 'dashboard throttling and caches' },
  { path: 'channels/slack/', contains: '', kind: 'infrastructure', why: 'waits within one call (pacing, profile look-up timeout)' },
  { path: 'cli/', contains: '', kind: 'infrastructure', why: 'process shutdown' },
  { path: 'core/', contains: '', kind: 'infrastructure', why: 'the scheduler itself, outbox and clock polls, waits within one call' },
  { path: 'server/', contains: '', kind: 'infrastructure', why: 'lock renewal, recovery sweep (durable state, re-run by every instance)' },
  { path: 'handoff/socket.ts', contains: 'heartbeat', kind: 'infrastructure', why: 'WebSocket heartbeat' },
  { path: 'handoff/console/', contains: '', kind: 'infrastructure', why: "the console pages' own timers, in the browser (reconnects, the waiting clock, debounces)" },
  { path: 'knowledge/console/', contains: '', kind: 'infrastructure', why: "the knowledge editor page's search debounce, in the browser" },
  { path: 'journeys/public/', contains: '', kind: 'infrastructure', why: "/events.js's batching, in the visitor's browser" },
  { path: 'channels/web/public/', contains: '', kind: 'infrastructure', why: "the chat widget's reconnects and typing indicator, in the visitor's browser" },
  {
    path: 'channels/email/imap.ts',
    contains: 'tick',
    kind: 'infrastructure',
    why: 'IMAP mailbox poll: a mail is flagged read only once stored, so after a crash the next poll (any instance, or the restart) takes it',
  },
  { path: 'catalog/live.ts', contains: 'refresh', kind: 'infrastructure', why: "the product catalog's refresh from its webhook: a cache, nothing promised to a customer" },
  { path: 'vision/pool.ts', contains: 'expired', kind: 'infrastructure', why: 'a photo job\'s deadline: a wait within one call (the caller gets a timeout error)' },
  { path: 'knowledge/translation/null-flush.ts', contains: '', kind: 'infrastructure', why: "a translator process's answer timeout: a wait within one call (the process is restarted)" },
  { path: 'knowledge/translation/index.ts', contains: 'no translation within', kind: 'infrastructure', why: "a customer's turn's wait for its translations: a wait within one call (the translator goes on)" },
];

const TIMER = /\bset(?:Timeout|Interval)\(/;

/** Every `setTimeout`/`setInterval` call, split into customer promises and the rest. */
export function timers(files: SourceFile[], rules: TimerRule[] = TIMER_RULES): { promises: Finding[]; others: Finding[] } {
  const promises: Finding[] = [];
  const others: Finding[] = [];
  const calls = linesMatching(files, (line) => TIMER.test(line) && !/^\s*(\/\/|\*)/.test(line));
  for (const call of calls) {
    const rule = rules.find((r) => call.path.startsWith(r.path) && call.text.includes(r.contains));
    const finding = { ...call, note: rule ? `${rule.kind}: ${rule.why}` : 'unclassified' };
    (rule?.kind === 'customer-promise' ? promises : others).push(finding);
  }
  return { promises, others };
}

/** All four figures for a set of product source files (pass tests and benches separately if wanted). */
export function countArchitecture(files: SourceFile[]): ArchitectureCounts {
  const { promises, others } = timers(files);
  return {
    sqlDriverFiles: sqlDriverFiles(files),
    foreignTableFiles: foreignTableFiles(files, tableOwners(files)),
    routeParsers: routeParsers(files),
    serviceCasts: serviceCasts(files),
    promiseTimers: promises,
    otherTimers: others,
  };
}

function linesMatching(files: SourceFile[], test: (line: string) => boolean): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    file.text.split('\n').forEach((text, i) => {
      if (test(text)) found.push({ path: file.path, line: i + 1, text: text.trim() });
    });
  }
  return found;
}
