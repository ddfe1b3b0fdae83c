import type { Logger } from '../../../core/logger';
import { TranslatorSet, type QueryTranslator } from '../../../knowledge/translation';

/** A translator that answers `words` after `ms`, or fails with `error`. */
function translator(words: string[], ms = 0, error?: string): QueryTranslator & { answered: boolean } {
  const t = {
    answered: false,
    translate: () =>
      new Promise<string[]>((resolve, reject) =>
        setTimeout(() => {
          t.answered = true;
          if (error) reject(new Error(error));
          else resolve(words);
        }, ms),
      ),
  };
  return t;
}

/** A logger that keeps its warnings. */
function warnings(): { log: Logger; lines: Array<{ err: string; msg: string }> } {
  const lines: Array<{ err: string; msg: string }> = [];
  const log = { warn: (o: { err: string }, msg: string) => lines.push({ err: o.err, msg }), info: () => {} } as unknown as Logger;
  return { log, lines };
}

describe('TranslatorSet', () => {
  it('pools every translator’s words, without repeats, in order', async () => {
    const set = new TranslatorSet([translator(['refund', 'return']), translator(['return', 'money back'])]);
    expect(await set.translate('reembolso', 'es', 'en')).toEqual(['refund', 'return', 'money back']);
  });

  it('leaves out a translator that fails, and says so in the log', async () => {
    const { log, lines } = warnings();
    const set = new TranslatorSet([translator(['refund']), translator([], 0, 'apertium spa-eng exited (code 3)')], log);
    expect(await set.translate('reembolso', 'es', 'en')).toEqual(['refund']);
    expect(lines).toEqual([{ err: 'apertium spa-eng exited (code 3)', msg: 'query translation failed; searching without it' }]);
  });

  it('waits for a slow translator no longer than its wait, and lets it finish for later', async () => {
    const { log, lines } = warnings();
    const slow = translator(['the refund'], 1500);
    const set = new TranslatorSet([translator(['refund']), slow], log, 200);
    const started = Date.now();
    expect(await set.translate('reembolso', 'es', 'en')).toEqual(['refund']);
    expect(Date.now() - started).toBeLessThan(1400);
    expect(slow.answered).toBe(false);
    expect(lines).toEqual([{ err: 'no translation within 200 ms', msg: 'query translation failed; searching without it' }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slow.answered).toBe(true);
  });
});
