/**
 * Derives the shipped background corpus (`knowledge/background/clinc150.en.txt`) from CLINC150's
 * `data_full.json` (https://github.com/clinc/oos-eval, CC BY 3.0): the first utterances of each
 * intent in its `train` split, the small talk and meta domains left out (they talk to the assistant
 * itself, which a bot's own dialogs answer; they are no other business). Only `train` is read:
 * `bench/intents.ts` scores the test split.
 *
 *   npx tsx scripts/background-clinc150.ts path/to/data_full.json path/to/domains.json [perIntent=40]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Domains that are requests to the assistant itself, not to another business. */
const LEFT_OUT = new Set(['small_talk', 'meta']);

function main(): void {
  const [dataPath, domainsPath, perIntentArg] = process.argv.slice(2);
  if (!dataPath || !domainsPath) throw new Error('usage: background-clinc150.ts data_full.json domains.json [perIntent]');
  const perIntent = Number(perIntentArg ?? 40);
  const train = (JSON.parse(readFileSync(dataPath, 'utf8')) as { train: [string, string][] }).train;
  const domains = JSON.parse(readFileSync(domainsPath, 'utf8')) as Record<string, string[]>;
  const byIntent = new Map<string, string[]>();
  for (const [utterance, intent] of train) {
    const list = byIntent.get(intent) ?? [];
    const text = utterance.trim().replace(/\s+/g, ' ');
    if (list.length < perIntent && !list.includes(text)) list.push(text);
    byIntent.set(intent, list);
  }
  const lines = [
    '# Requests to other businesses and assistants: CLINC150 (Larson et al. 2019), train split, CC BY 3.0.',
    `# Derived by scripts/background-clinc150.ts (${perIntent} per intent); see README.md here.`,
  ];
  for (const [domain, intents] of Object.entries(domains)) {
    if (LEFT_OUT.has(domain)) continue;
    for (const intent of intents) lines.push('', `[${domain}/${intent}]`, ...(byIntent.get(intent) ?? []));
  }
  writeFileSync(join(__dirname, '..', 'knowledge', 'background', 'clinc150.en.txt'), lines.join('\n') + '\n');
}

main();
