import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a worker thread, so the thread that runs turns never copies pages into the
 * database file or waits on its fsync.
 *
 * In WAL mode every commit appends pages to the `-wal` file; a checkpoint copies them back into
 * the database and fsyncs it. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * `wal_autocheckpoint` pages, on the committing thread: with one writer, that is the event loop,
 * stalled for the copy and the fsync (a few ms to tens of ms, every ~4 MB of writes). Here a
 * second connection on its own thread runs `PRAGMA wal_checkpoint(PASSIVE)` four times a
 * second: passive checkpoints never block the writer, and once one has copied every frame the
 * writer's next transaction starts the WAL over from the beginning.
 *
 * The writer keeps a large `wal_autocheckpoint` as a backstop: should the worker fall behind
 * (or die), the WAL still stops growing at that size, checkpointed inline as before.
 */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly exited: Promise<void>;

  /** `onFailure` runs if the worker dies (it cannot open the file, a checkpoint throws): the writer then checkpoints inline again. */
  constructor(path: string, onFailure: (err: Error) => void, intervalMs = CHECKPOINT_INTERVAL_MS) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, intervalMs, module: require.resolve('better-sqlite3') },
    });
    this.worker.unref(); // an open database never keeps the process alive by itself
    this.worker.once('error', onFailure);
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
  }

  /** Stops the worker after its current checkpoint; its connection is closed cleanly. */
  async stop(): Promise<void> {
    this.worker.ref(); // keep the process alive until the worker has closed its connection
    this.worker.postMessage('stop');
    await this.exited;
  }
}

/**
 * How often the worker checkpoints. Each checkpoint ends in an fsync and writes every page the
 * interval touched once; every 20 ms the worker spent a quarter of a core under the HTTP
 * benchmark, every 250 ms under a tenth, with the same throughput.
 */
export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * Pages the writer lets the WAL reach before checkpointing inline itself (SQLite's default is
 * 1,000): 4,096 pages of 4 KiB, 16 MB.
 */
export const BACKSTOP_PAGES = 4096;

// Plain CommonJS, run as a worker script (no TypeScript loader in worker threads).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path, { fileMustExist: true });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => checkpoint.run(), workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;
