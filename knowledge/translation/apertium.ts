import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NullFlushProcess, type Launch } from './null-flush';
import { isoBase, type QueryTranslator } from './types';

/** How an {@link ApertiumTranslator} runs. */
export interface ApertiumOptions {
  /** Apertium's data folder, holding `modes/<pair>.mode` (Debian: `/usr/share/apertium`). */
  dataDir: string;
  /** Longest wait for one translation before its process is restarted (default 5000 ms). */
  timeoutMs?: number;
  /** What to run for a mode file (default {@link modeLaunch}); tests run a fake translator. */
  launch?: (modeFile: string) => Launch;
  /** The language pairs go through when there is no direct mode (default `es`: Debian's pairs all have Spanish on one side). */
  pivot?: string;
}

/**
 * Machine translation of questions with Apertium: one long-lived process per direction (e.g.
 * `spa-eng`), in null-flush mode, started on first use (loading a pair takes about a second; a
 * question then takes milliseconds). A direction without its own mode goes through Spanish
 * (pt → es → en with `es-pt` and `eng-spa`). The translation comes back whole, as one phrase.
 */
export class ApertiumTranslator implements QueryTranslator {
  /** `from>to` (ISO 639-1) → mode file. */
  private readonly modes = new Map<string, string>();
  private readonly processes = new Map<string, NullFlushProcess>();

  /** Lists the data folder's modes; throws when it has no `modes/` folder (a configured path must exist). */
  constructor(private readonly options: ApertiumOptions) {
    const dir = join(options.dataDir, 'modes');
    if (!existsSync(dir)) throw new Error(`Apertium data folder ${options.dataDir} has no modes/ folder`);
    for (const name of readdirSync(dir).sort()) {
      // Plain directions only: `spa-eng`, `es-pt`; not variants (`es-pt_BR`) or debugging modes.
      const m = /^([a-z]{2,3})-([a-z]{2,3})\.mode$/.exec(name);
      if (m) this.modes.set(`${isoBase(m[1]!)}>${isoBase(m[2]!)}`, join(dir, name));
    }
  }

  /** The directions (ISO 639-1, `from>to`) installed. */
  get pairs(): string[] {
    return [...this.modes.keys()];
  }

  /** The directions a question goes through from `from` to `to`: one, two via the pivot, or none. */
  route(from: string, to: string): string[] {
    const [f, t] = [isoBase(from), isoBase(to)];
    if (f === t) return [];
    if (this.modes.has(`${f}>${t}`)) return [`${f}>${t}`];
    const pivot = this.options.pivot ?? 'es';
    if (this.modes.has(`${f}>${pivot}`) && this.modes.has(`${pivot}>${t}`)) return [`${f}>${pivot}`, `${pivot}>${t}`];
    return [];
  }

  async translate(question: string, from: string, to: string): Promise<string[]> {
    const route = this.route(from, to);
    if (!route.length) return [];
    let text = question;
    for (const step of route) text = clean(await this.process(step).run(streamSafe(text)));
    return text.trim() ? [text.trim()] : [];
  }

  /** Starts the processes a pair goes through (see `warmTranslators`); returns whether there are any. */
  warm(from: string, to: string): boolean {
    const route = this.route(from, to);
    for (const step of route) this.process(step).warm();
    return route.length > 0;
  }

  private process(direction: string): NullFlushProcess {
    let p = this.processes.get(direction);
    if (!p) {
      const mode = this.modes.get(direction)!;
      const launch = (this.options.launch ?? modeLaunch)(mode);
      p = new NullFlushProcess(launch, { timeoutMs: this.options.timeoutMs, name: `apertium ${direction.replace('>', '-')}` });
      this.processes.set(direction, p);
    }
    return p;
  }

  async close(): Promise<void> {
    await Promise.all([...this.processes.values()].map((p) => p.close()));
    this.processes.clear();
  }
}

/**
 * The command for one mode file in null-flush mode, at the level of `lt-proc`: the pipeline
 * `apertium-wblank-mode -z` writes for it (every stage flushing on `\0`), run by bash with
 * unknown words unmarked (`-n`, as `apertium -u`), and unbuffered output. Not `apertium -z`
 * itself: its shell wrapper reads `/dev/stdin`, which a socket (Node's pipes to a child) cannot
 * be opened as, and holds each answer back until the next input arrives; lttoolbox's bilingual
 * `lt-proc -b` also holds its output in a buffer, hence `stdbuf -o0`.
 */
export function modeLaunch(modeFile: string): Launch {
  const pipeline = execFileSync('apertium-wblank-mode', ['-z', modeFile], { encoding: 'utf8' }).trim();
  return { command: 'stdbuf', args: ['-o0', 'bash', '-c', pipeline, 'apertium', '-n', ''] };
}

/**
 * Text as Apertium's stream format takes it unformatted (`-f none`): its special characters
 * (`^ $ / < > { } [ ] @ * # \`) mean lexical units, tags and blanks there, and a question needs
 * none of them.
 */
export function streamSafe(text: string): string {
  return text.replace(/[\\^$/<>{}[\]@*#\0]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Apertium's output without its marks: `#` (generation failed), `@` (not in the bilingual dictionary), `*` (unknown), escapes. */
function clean(text: string): string {
  return text.replace(/\\(.)/g, '$1').replace(/[#@*]/g, '').replace(/\s+/g, ' ');
}
