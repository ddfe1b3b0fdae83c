import { PoolClosedError, WorkerPool, type PoolSlot } from '../../vision/pool';

/**
 * The worker pool's shutdown: every worker it started is terminated, whether it was idle or in
 * the middle of a job at close, and no job is accepted afterwards. Fake workers whose jobs finish
 * when the test says so stand in for the OCR and barcode threads.
 */
interface FakeWorker extends PoolSlot<string, string> {
  terminated: boolean;
  /** Finishes the job it is running, if any. */
  finish(): void;
}

function fakeWorker(): FakeWorker {
  let running: { resolve: (result: string) => void; reject: (err: Error) => void; job: string } | undefined;
  const worker: FakeWorker = {
    terminated: false,
    run(job) {
      return new Promise((resolve, reject) => (running = { resolve, reject, job }));
    },
    async terminate() {
      worker.terminated = true;
      // A terminated thread never answers: its job fails, as a real worker's does.
      running?.reject(new Error('worker terminated'));
    },
    finish() {
      running?.resolve(`read ${running.job}`);
      running = undefined;
    },
  };
  return worker;
}

function pool(size: number): { pool: WorkerPool<string, string>; workers: FakeWorker[] } {
  const workers: FakeWorker[] = [];
  const created = new WorkerPool<string, string>({
    name: 'OCR',
    size,
    timeoutMs: 60_000,
    maxQueue: 10,
    create: async () => {
      const worker = fakeWorker();
      workers.push(worker);
      return worker;
    },
  });
  return { pool: created, workers };
}

/** Lets the pool's promise callbacks (worker start, dispatch) run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('close() terminates busy workers as well as idle ones, and refuses the job that was running', async () => {
  const { pool: ocr, workers } = pool(2);
  const first = ocr.run('photo-1');
  const second = ocr.run('photo-2');
  second.catch(() => undefined); // rejected by close(), asserted below
  await settle();
  expect(workers).toHaveLength(2);
  workers[0].finish(); // one worker idle again, the other still busy
  await expect(first).resolves.toBe('read photo-1');

  await ocr.close();
  // The busy worker's job ending after close must neither be answered nor leave the worker running.
  workers[1].finish();
  await settle();
  await expect(second).rejects.toThrow(PoolClosedError);
  expect(workers.map((worker) => worker.terminated)).toEqual([true, true]);
});

test('close() does not wait for a running job (it may take up to the timeout)', async () => {
  const { pool: ocr, workers } = pool(1);
  const job = ocr.run('photo-1');
  job.catch(() => undefined);
  await settle();
  await ocr.close(); // the fake job never finishes on its own: a close that waited would hang here
  expect(workers[0].terminated).toBe(true);
  await expect(job).rejects.toThrow('closed before the photo was read');
});

test('jobs submitted after close() are refused with a clear error, and start no worker', async () => {
  const { pool: ocr, workers } = pool(1);
  await ocr.close();
  await expect(ocr.run('photo-1')).rejects.toThrow(PoolClosedError);
  await expect(ocr.run('photo-1')).rejects.toThrow('The OCR pool is closed (the app is stopping): the photo was not read');
  expect(workers).toHaveLength(0);
});

test('queued jobs are refused at close', async () => {
  const { pool: ocr, workers } = pool(1);
  const running = ocr.run('photo-1');
  const queued = ocr.run('photo-2');
  running.catch(() => undefined);
  await settle();
  expect(ocr.waiting).toBe(1);
  await ocr.close();
  await expect(queued).rejects.toThrow(PoolClosedError);
  expect(workers.every((worker) => worker.terminated)).toBe(true);
});
