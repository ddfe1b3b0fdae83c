import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { TranslationConfig } from '../config';
import { ApertiumTranslator } from './apertium';
import { FreeDictTranslator } from './freedict';
import { isoBase, type QueryTranslator } from './types';

export type { QueryTranslator } from './types';

/** Where Debian's packages install FreeDict's dictionaries and Apertium's data (used for `auto`). */
export const DEBIAN_PATHS = { freedict: '/usr/share/dictd', apertium: '/usr/share/apertium' } as const;

/**
 * Several translators as one: all are asked at once and their words pooled, in order. One that
 * fails (a crashed Apertium) is logged and left out of this question: the others still count.
 * A customer's turn waits for them at most `waitMs`: one still busy then (a pipeline loading on
 * a busy machine) is left out of this question too, and goes on working for the next.
 */
export class TranslatorSet implements QueryTranslator {
  constructor(
    readonly translators: QueryTranslator[],
    private readonly log?: Logger,
    private readonly waitMs = 5000,
  ) {}

  async translate(question: string, from: string, to: string): Promise<string[]> {
    const results = await Promise.all(
      this.translators.map((t) =>
        within(t.translate(question, from, to), this.waitMs).catch((err: Error) => {
          this.log?.warn({ err: err.message, from, to }, 'query translation failed; searching without it');
          return [];
        }),
      ),
    );
    return [...new Set(results.flat())];
  }

  async close(): Promise<void> {
    await Promise.all(this.translators.map((t) => t.close?.()));
  }
}

/** `work`'s result, or a rejection once `ms` have passed without one (`work` itself goes on). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no translation within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Reads, at start-up, the dictionaries for every pair a customer could need: from each of
 * `languages` into each language articles exist in; and starts Apertium's processes for those
 * pairs without waiting for them (each loads in about a second, in its own process: on first use
 * that second was the first question's of each language, 1 s and more under load).
 */
export function warmTranslators(set: TranslatorSet, languages: string[], articleLanguages: string[], log: Logger): void {
  const dictionaries = set.translators.filter((t): t is FreeDictTranslator => t instanceof FreeDictTranslator);
  const apertium = set.translators.filter((t): t is ApertiumTranslator => t instanceof ApertiumTranslator);
  if (!dictionaries.length && !apertium.length) return;
  const started = performance.now();
  const pairs: string[] = [];
  const machine: string[] = [];
  for (const from of new Set(languages.map(isoBase))) {
    for (const to of new Set(articleLanguages.map(isoBase))) {
      if (from === to) continue;
      if (dictionaries.some((d) => d.warm(from, to))) pairs.push(`${from}>${to}`);
      if (apertium.some((a) => a.warm(from, to))) machine.push(`${from}>${to}`);
    }
  }
  if (dictionaries.length) log.info({ pairs, ms: Math.round(performance.now() - started) }, 'knowledge translation: dictionaries read');
  if (apertium.length) log.info({ pairs: machine }, 'knowledge translation: Apertium starting');
}

/**
 * The translators `knowledge.translation` in bot.yaml asks for. A folder given by path must
 * exist (else a `ConfigError` at start-up); `auto` uses Debian's install path when the package
 * is there and says in the log when it is not.
 */
export function translatorsFromConfig(
  config: TranslationConfig | undefined,
  botDir: string,
  log: Logger,
  /** Where `auto` looks (tests stand in for a machine without the packages). */
  paths: { freedict: string; apertium: string } = DEBIAN_PATHS,
): TranslatorSet {
  const out: QueryTranslator[] = [];
  if (config?.freedict) {
    const dir = config.freedict === 'auto' ? paths.freedict : resolve(botDir, config.freedict);
    if (existsSync(dir)) {
      const freedict = configured('freedict', () => new FreeDictTranslator(dir));
      log.info({ dir, pairs: freedict.pairs }, 'knowledge translation: FreeDict dictionaries');
      out.push(freedict);
    } else if (config.freedict === 'auto') log.info({ dir }, 'knowledge translation: no FreeDict dictionaries installed (apt-get install dict-freedict-spa-eng …)');
    else throw new ConfigError(`knowledge.translation.freedict: folder ${dir} does not exist`);
  }
  if (config?.apertium) {
    const auto = config.apertium === 'auto';
    const dir = config.apertium === true || auto ? paths.apertium : resolve(botDir, config.apertium);
    const missing = !existsSync(`${dir}/modes`) ? `${dir}/modes does not exist` : !hasProgram('apertium-wblank-mode') ? 'apertium-wblank-mode is not on PATH' : undefined;
    if (!missing) {
      const apertium = configured('apertium', () => new ApertiumTranslator({ dataDir: dir, timeoutMs: config.timeoutMs }));
      log.info({ dir, pairs: apertium.pairs }, 'knowledge translation: Apertium');
      out.push(apertium);
    } else if (auto) log.info({ dir }, `knowledge translation: Apertium not installed (${missing}; apt-get install apertium apertium-eng-spa …)`);
    else throw new ConfigError(`knowledge.translation.apertium: ${missing} (apt-get install apertium apertium-eng-spa, or set a data folder)`);
  }
  return new TranslatorSet(out, log, config?.timeoutMs);
}

/** Builds a translator, turning what is wrong with its files into a start-up error that names the setting. */
function configured<T>(setting: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    throw new ConfigError(`knowledge.translation.${setting}: ${(err as Error).message}`);
  }
}

function hasProgram(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
