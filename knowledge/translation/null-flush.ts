import { spawn, type ChildProcess } from 'node:child_process';
import { Socket } from 'node:net';

/** What to run: a program that answers each NUL-terminated input with one NUL-terminated output. */
export interface Launch {
  command: string;
  args: string[];
}

/** How a {@link NullFlushProcess} waits and restarts. */
export interface NullFlushOptions {
  /** Longest wait for one answer before the process is restarted (default 5000 ms). */
  timeoutMs?: number;
  /**
   * Time a freshly started process gets on top of `timeoutMs` for its first answer, while it
   * loads (default 30 000 ms; an Apertium pair loads in about a second when the machine is idle,
   * many times that on a busy machine). Without it a timed-out process's restart would eat the
   * next request's time in loading, time out in turn and restart again, in a loop.
   */
  loadMs?: number;
  /** Named in errors ("apertium spa-eng"). */
  name?: string;
}

interface Request {
  text: string;
  resolve: (out: string) => void;
  reject: (err: Error) => void;
}

/**
 * One long-lived process in null-flush mode (Apertium's `-z`: every input ending in `\0` is
 * answered by one output ending in `\0`), started on first use and shared by every request.
 * Requests queue and go in one at a time, so an answer always belongs to the request before it.
 * An answer that takes longer than the timeout, or a process that exits, fails the request in
 * flight with a clear error; the process is stopped and the next request starts a fresh one.
 * Until a process has answered once it is still loading, and its request gets the loading time too.
 */
export class NullFlushProcess {
  private child?: ChildProcess;
  /** Whether the running process has answered once (has loaded). */
  private loaded = false;
  private output = Buffer.alloc(0);
  private stderr = '';
  private readonly queue: Request[] = [];
  private current?: { request: Request; timer: NodeJS.Timeout };
  private closed = false;
  /** How many processes were started (the first, and one after each crash or timeout). */
  starts = 0;

  constructor(
    private readonly launch: Launch,
    private readonly options: NullFlushOptions = {},
  ) {}

  /** The output for `text` (which must not contain `\0`). */
  run(text: string): Promise<string> {
    if (this.closed) return Promise.reject(new Error(`${this.name} is closed`));
    return new Promise((resolve, reject) => {
      this.queue.push({ text: text.replace(/\0/g, ' '), resolve, reject });
      this.next();
    });
  }

  /**
   * Starts the process now, before any request (loading takes about a second, which is better
   * spent at start-up than in a customer's turn); requests then wait only for what is left of it.
   */
  warm(): void {
    if (!this.closed && !this.child) this.start();
  }

  /** Stops the process; queued requests fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const r of this.queue.splice(0)) r.reject(new Error(`${this.name} is closed`));
    this.fail(new Error(`${this.name} is closed`));
    this.stop();
  }

  private get name(): string {
    return this.options.name ?? this.launch.command;
  }

  private next(): void {
    if (this.current || !this.queue.length) return;
    const request = this.queue.shift()!;
    const child = this.child ?? this.start();
    const limit = (this.options.timeoutMs ?? 5000) + (this.loaded ? 0 : (this.options.loadMs ?? 30_000));
    const timer = setTimeout(() => {
      this.fail(new Error(`${this.name} gave no answer within ${limit} ms${this.loaded ? '' : ' of starting'}; restarting it`));
      this.stop();
    }, limit);
    this.current = { request, timer };
    child.stdin!.write(`${request.text}\0`);
  }

  private start(): ChildProcess {
    this.starts++;
    this.loaded = false;
    this.output = Buffer.alloc(0);
    this.stderr = '';
    // Its own process group: a pipeline's every stage stops with it.
    const child = spawn(this.launch.command, this.launch.args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child = child;
    // An idle translator never keeps Node running (a request in flight does, by its timer).
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();
    child.stdout!.on('data', (chunk: Buffer) => this.receive(child, chunk));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    // A write after the process died: the exit handler reports it.
    child.stdin!.on('error', () => {});
    child.on('error', (err) => this.died(child, `could not be started: ${err.message}`));
    child.on('exit', (code, signal) => this.died(child, `exited (${signal ?? `code ${code}`})`));
    return child;
  }

  private receive(child: ChildProcess, chunk: Buffer): void {
    if (child !== this.child) return;
    this.output = Buffer.concat([this.output, chunk]);
    let end: number;
    while ((end = this.output.indexOf(0)) >= 0) {
      const text = this.output.subarray(0, end).toString('utf8');
      this.output = this.output.subarray(end + 1);
      // An answer nobody waits for (a pipeline flushing as it ends) is dropped.
      this.loaded = true;
      const current = this.current;
      if (!current) continue;
      clearTimeout(current.timer);
      this.current = undefined;
      current.request.resolve(text);
    }
    this.next();
  }

  private died(child: ChildProcess, how: string): void {
    if (child !== this.child) return;
    this.child = undefined;
    const detail = this.stderr.trim().split('\n').slice(-3).join(' | ');
    this.fail(new Error(`${this.name} ${how}${detail ? `: ${detail}` : ''}`));
    if (!this.closed) this.next();
  }

  private fail(err: Error): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    current.request.reject(err);
  }

  private stop(): void {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.stdin!.end();
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    if (!this.closed) this.next();
  }
}
