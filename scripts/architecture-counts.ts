/**
 * Prints issue 17's architecture figures for this tree: `npm run arch:counts` (add `--list` for
 * every place counted, `--json` for machine-readable output, `--root DIR` for another checkout). See scripts/architecture/counts.ts
 * for the rules and docs/architecture.md for the figures over time.
 */
import { join } from 'node:path';
import { countArchitecture, serviceCasts, type Finding } from './architecture/counts';
import { readSources } from './architecture/sources';

function main(): void {
  // `--root DIR` counts another checkout (the figures before a change, say).
  const at = process.argv.indexOf('--root');
  const root = at > 0 ? process.argv[at + 1] : join(__dirname, '..');
  const counts = countArchitecture(readSources(root));
  const testCasts = serviceCasts(readSources(root, ['tests', 'bench'], { tests: true }).filter((f) => !f.path.startsWith('tests/architecture/')));
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ ...counts, testCasts }, null, 2));
    return;
  }
  const list = process.argv.includes('--list');
  const show = (title: string, items: Array<string | Finding>): void => {
    console.log(`${String(items.length).padStart(4)}  ${title}`);
    if (!list) return;
    for (const item of items) {
      if (typeof item === 'string') console.log(`        ${item}`);
      else console.log(`        ${item.path}${item.line ? `:${item.line}` : ''}  ${item.text}${item.note ? `  [${item.note}]` : ''}`);
    }
  };
  show('files outside core/storage using the SQL driver', counts.sqlDriverFiles);
  show('files whose SQL names another module’s table', counts.foreignTableFiles);
  show('route parsers (handlers taking request.url apart)', counts.routeParsers);
  show('casts of services', counts.serviceCasts);
  show('casts of services in tests and benches', testCasts);
  show('per-process timers carrying customer promises', counts.promiseTimers);
  show('other timers (infrastructure: waits, polls of durable state, caches, browsers)', counts.otherTimers.filter((t) => t.note !== 'unclassified'));
  show('unclassified timers (add a rule to TIMER_RULES in scripts/architecture/counts.ts)', counts.otherTimers.filter((t) => t.note === 'unclassified'));
}

main();
