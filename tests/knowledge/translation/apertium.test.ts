import { basename, join } from 'node:path';
import { ApertiumTranslator, streamSafe } from '../../../knowledge/translation/apertium';
import { NullFlushProcess } from '../../../knowledge/translation/null-flush';

const FIXTURES = join(__dirname, '../../fixtures/translation');
const FAKE = join(FIXTURES, 'fake-apertium.js');

/** The fake Apertium for one mode ("spa-eng"), run by this Node; it answers nothing for its first `loadMs`. */
const fake = (mode: string, loadMs = 0) => ({ command: process.execPath, args: [FAKE, mode, String(loadMs)] });

/** Whether a process id is alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('NullFlushProcess', () => {
  it('answers queued requests in order from one long-lived process', async () => {
    const p = new NullFlushProcess(fake('spa-eng'));
    const questions = Array.from({ length: 30 }, (_, i) => `el reembolso ${i}`);
    const answers = await Promise.all(questions.map((q) => p.run(q)));
    expect(answers).toEqual(questions.map((_, i) => `the refund #${i}`));
    expect(p.starts).toBe(1);
    await p.close();
  });

  // The loading time covers starting a fresh Node process on a loaded machine.
  it('fails a request that takes too long with a clear error, restarts, and answers the next', async () => {
    const p = new NullFlushProcess(fake('spa-eng'), { timeoutMs: 500, loadMs: 2500, name: 'apertium spa-eng' });
    const stuck = p.run('HANG');
    const next = p.run('el envío');
    await expect(stuck).rejects.toThrow('apertium spa-eng gave no answer within 3000 ms of starting; restarting it');
    await expect(next).resolves.toBe('the shipping');
    expect(p.starts).toBe(2);
    await p.close();
  });

  // A timed-out pipeline restarts; the restart's loading must not count against the next
  // request's answer time, or on a busy machine every request times out and restarts it again.
  it('gives a freshly started process its loading time on top of the answer time, so a restart does not loop', async () => {
    const p = new NullFlushProcess(fake('spa-eng', 1500), { timeoutMs: 500, loadMs: 10_000, name: 'apertium spa-eng' });
    await expect(p.run('el envío')).resolves.toBe('the shipping');
    const stuck = p.run('HANG');
    const next = p.run('el reembolso');
    await expect(stuck).rejects.toThrow('apertium spa-eng gave no answer within 500 ms; restarting it');
    await expect(next).resolves.toBe('the refund');
    expect(p.starts).toBe(2);
    await p.close();
  });

  it('fails the request in flight when the process dies, with what it said, and starts a fresh one for the next', async () => {
    const p = new NullFlushProcess(fake('spa-eng'), { name: 'apertium spa-eng' });
    await expect(p.run('el reembolso')).resolves.toBe('the refund');
    const crashed = p.run('CRASH');
    const after = p.run('cuánto tarda');
    await expect(crashed).rejects.toThrow(/apertium spa-eng exited \(code 3\): fake-apertium: crashed on purpose/);
    await expect(after).resolves.toBe('how much takes');
    expect(p.starts).toBe(2);
    await p.close();
  });

  it('says when the program cannot be started', async () => {
    const p = new NullFlushProcess({ command: '/nonexistent/apertium', args: [] }, { name: 'apertium spa-eng' });
    await expect(p.run('hola')).rejects.toThrow(/apertium spa-eng could not be started: spawn \/nonexistent\/apertium ENOENT/);
    await p.close();
  });

  it('stops its process on close and refuses requests after', async () => {
    const p = new NullFlushProcess(fake('spa-eng'));
    await p.run('el envío');
    const slow = p.run('SLOW');
    const pid = (p as unknown as { child: { pid: number } }).child.pid;
    await p.close();
    await expect(slow).rejects.toThrow('is closed');
    await expect(p.run('hola')).rejects.toThrow('is closed');
    for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(pid)).toBe(false);
  });
});

describe('ApertiumTranslator', () => {
  const translator = () =>
    new ApertiumTranslator({ dataDir: join(FIXTURES, 'apertium'), launch: (mode) => fake(basename(mode, '.mode')), timeoutMs: 2000 });

  it('finds the directions in modes/, leaving variants and debugging modes out', () => {
    expect(translator().pairs.sort()).toEqual(['es>en', 'pt>es']);
  });

  it('translates directly, through Spanish when there is no direct mode, and not at all without a route', async () => {
    const t = translator();
    try {
      // Words it could not translate come back without Apertium's marks.
      expect(await t.translate('Cuánto tarda el envío Bizum', 'es-MX', 'en')).toEqual(['how much takes the shipping Bizum']);
      expect(t.route('pt', 'en')).toEqual(['pt>es', 'es>en']);
      expect(await t.translate('Quanto demora o reembolso', 'pt-BR', 'en')).toEqual(['how much takes the refund']);
      expect(t.route('de', 'en')).toEqual([]);
      expect(await t.translate('Wie lange', 'de', 'en')).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('starts the processes a pair goes through when warmed, before any question, and then translates with them', async () => {
    const launched: string[] = [];
    const t = new ApertiumTranslator({
      dataDir: join(FIXTURES, 'apertium'),
      launch: (mode) => (launched.push(basename(mode, '.mode')), fake(basename(mode, '.mode'))),
      timeoutMs: 2000,
    });
    try {
      expect(t.warm('pt-BR', 'en')).toBe(true);
      expect(launched.sort()).toEqual(['pt-es', 'spa-eng']);
      expect(t.warm('de', 'en')).toBe(false);
      expect(await t.translate('Quanto demora o reembolso', 'pt-BR', 'en')).toEqual(['how much takes the refund']);
      expect(launched).toHaveLength(2);
    } finally {
      await t.close();
    }
  });

  it('keeps Apertium’s stream syntax out of what it sends', () => {
    expect(streamSafe('^hola$ [x] <b>/c\\ @d *e #f')).toBe('hola x b c d e f');
  });

  it('says which setting is wrong when the data folder has no modes', () => {
    expect(() => new ApertiumTranslator({ dataDir: FIXTURES })).toThrow(`Apertium data folder ${FIXTURES} has no modes/ folder`);
  });
});
