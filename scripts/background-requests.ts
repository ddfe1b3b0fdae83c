/**
 * Derives the shipped background corpora (`knowledge/background/<source>.en.txt`, see the README
 * there) from public intent data sets: the first distinct requests of each intent in the data
 * set's train split, in the split's order (whitespace collapsed), under `[domain/intent]` headers.
 * Only train splits are read: `bench/intents.ts` scores CLINC150's test split, and Banking77's
 * test split is kept for blind evaluation.
 *
 *   npx tsx scripts/background-requests.ts clinc150 path/to/data_full.json path/to/domains.json [perIntent=40]
 *   npx tsx scripts/background-requests.ts banking77 path/to/train.csv [perIntent=40]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readClinc, readCsv, type LabeledText } from '../dialogs/intents/datasets';

/** One intent's requests, in the data set's order. */
export interface IntentRequests {
  /** `domain/intent`, e.g. `banking/card_arrival`. */
  intent: string;
  requests: string[];
}

/** A data set the background is derived from: how to read it, and what its file says it is. */
interface Source {
  /** The files it is read from, as the usage line names them. */
  files: string[];
  /** The first comment line of the derived file: the data set, its split and licence. */
  credit: string;
  read(files: string[]): IntentRequests[];
}

/** CLINC150 domains that are requests to the assistant itself, not to another business: a bot's own dialogs answer them. */
const CLINC_LEFT_OUT = new Set(['small_talk', 'meta']);

const SOURCES: Record<string, Source> = {
  clinc150: {
    files: ['data_full.json', 'domains.json'],
    credit: '# Requests to other businesses and assistants: CLINC150 (Larson et al. 2019), train split, CC BY 3.0.',
    read: ([dataPath, domainsPath]) => clincRequests(dataPath!, domainsPath!),
  },
  banking77: {
    files: ['train.csv'],
    credit: "# Requests to a bank's app: Banking77 (Casanueva et al. 2020), train split, CC BY 4.0.",
    read: ([csvPath]) => banking77Requests(csvPath!),
  },
};

/** CLINC150's train requests (`data_full.json`), grouped by `domains.json`, small talk and meta left out. */
export function clincRequests(dataPath: string, domainsPath: string): IntentRequests[] {
  const byIntent = groupByIntent(readClinc(dataPath).train);
  const domains = JSON.parse(readFileSync(domainsPath, 'utf8')) as Record<string, string[]>;
  return Object.entries(domains)
    .filter(([domain]) => !CLINC_LEFT_OUT.has(domain))
    .flatMap(([domain, intents]) => intents.map((intent) => ({ intent: `${domain}/${intent}`, requests: byIntent.get(intent) ?? [] })));
}

/**
 * Banking77's train requests (`train.csv`, `text,category` rows with RFC 4180 quoting: a request
 * may hold commas and quotes), all of one domain, `banking`, in the order the intents first appear.
 */
export function banking77Requests(csvPath: string): IntentRequests[] {
  return [...groupByIntent(readCsv(csvPath))].map(([intent, requests]) => ({ intent: `banking/${intent}`, requests }));
}

/** The texts of each labelled intent in file order (out-of-scope texts, labelled null, left out). */
function groupByIntent(rows: LabeledText[]): Map<string, string[]> {
  const byIntent = new Map<string, string[]>();
  for (const { text, intent } of rows) {
    if (intent === null) continue;
    const texts = byIntent.get(intent) ?? [];
    texts.push(text);
    byIntent.set(intent, texts);
  }
  return byIntent;
}

/** The first `perIntent` distinct requests of each intent, whitespace collapsed. */
export function firstRequests(intents: IntentRequests[], perIntent: number): IntentRequests[] {
  return intents.map(({ intent, requests }) => {
    const kept: string[] = [];
    for (const request of requests) {
      const text = request.trim().replace(/\s+/g, ' ');
      if (kept.length < perIntent && !kept.includes(text)) kept.push(text);
    }
    return { intent, requests: kept };
  });
}

/** The background file's text: the credit and derivation comments, then each intent's header and requests. */
export function backgroundText(credit: string, intents: IntentRequests[], perIntent: number): string {
  const lines = [credit, `# Derived by scripts/background-requests.ts (${perIntent} per intent); see README.md here.`];
  for (const { intent, requests } of intents) lines.push('', `[${intent}]`, ...requests);
  return lines.join('\n') + '\n';
}

function main(): void {
  const [name, ...args] = process.argv.slice(2);
  const source = SOURCES[name ?? ''];
  if (!source || args.length < source.files.length) {
    const usages = Object.entries(SOURCES).map(([n, s]) => `${n} ${s.files.join(' ')} [perIntent]`);
    throw new Error(`usage: background-requests.ts ${usages.join(' | ')}`);
  }
  const perIntent = Number(args[source.files.length] ?? 40);
  const intents = firstRequests(source.read(args.slice(0, source.files.length)), perIntent);
  writeFileSync(join(__dirname, '..', 'knowledge', 'background', `${name}.en.txt`), backgroundText(source.credit, intents, perIntent));
}

if (require.main === module) main();
