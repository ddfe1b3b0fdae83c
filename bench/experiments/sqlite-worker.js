/**
 * Experiment (not part of `npm run bench`): would SQLite on a worker thread pay here?
 * A turn's five writes (2 INSERT, 3 UPDATE, each transaction in a SAVEPOINT, 50 turns per
 * BEGIN … COMMIT, as the group commit does) run either on the main thread (`main`) or on a
 * worker that gets each group as one message (`worker`), while the main thread spends `JS_US`
 * microseconds per turn on other work (the engine's JavaScript). See docs/performance.md.
 * Run: `node bench/experiments/sqlite-worker.js main|worker` (JS_US=45 by default).
 */
const { Worker } = require('node:worker_threads');
const { rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const Database = require('better-sqlite3');

const JS_US = Number(process.env.JS_US ?? 45);
const TURNS = 20000;
const GROUP = 50;
const SCHEMA = `PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;
CREATE TABLE conv (id TEXT PRIMARY KEY, state TEXT, version INT);
CREATE TABLE m (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE, conv TEXT, dir TEXT, status TEXT, text TEXT,
  body TEXT, meta TEXT, channel TEXT, address TEXT, author TEXT, created INT, next INT, lease INT, sent INT, reply TEXT);
CREATE INDEX m_conv ON m (conv, seq);
CREATE INDEX m_pending ON m (conv, seq) WHERE dir = 'in' AND status = 'pending';
CREATE INDEX m_outbox ON m (next) WHERE dir = 'out' AND status IN ('pending', 'sending');
CREATE INDEX m_reply ON m (reply) WHERE reply IS NOT NULL;`;
const SQL = {
  insert: 'INSERT INTO m (id, conv, dir, status, text, body, meta, channel, address, author, created, next, lease, sent, reply) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
  state: 'UPDATE conv SET state = ?, version = version + 1 WHERE id = ?',
  processed: "UPDATE m SET status = 'processed', meta = ? WHERE id = ? AND status = 'pending'",
  sent: "UPDATE m SET status = 'sent', sent = ?, lease = NULL WHERE id = ?",
};

/** The worker: runs each group it is sent in one transaction and answers with the changes. */
const WORKER = `const { parentPort, workerData } = require('node:worker_threads');
const db = new (require(workerData.driver))(workerData.path);
const statements = Object.fromEntries(Object.entries(workerData.sql).map(([k, sql]) => [k, db.prepare(sql)]));
const [savepoint, release, begin, commit] = ['SAVEPOINT u', 'RELEASE u', 'BEGIN IMMEDIATE', 'COMMIT'].map((s) => db.prepare(s));
let busyNs = 0n;
parentPort.on('message', (message) => {
  if (message === 'busy') return parentPort.postMessage(Number(busyNs) / 1e6);
  const started = process.hrtime.bigint();
  begin.run();
  const changes = JSON.parse(message).map((program) => {
    savepoint.run();
    const result = program.map(([name, params]) => statements[name].run(...params).changes);
    release.run();
    return result;
  });
  commit.run();
  busyNs += process.hrtime.bigint() - started;
  parentPort.postMessage(changes);
});`;

function spend(us) {
  const end = process.hrtime.bigint() + BigInt(Math.round(us * 1000));
  while (process.hrtime.bigint() < end);
}

let ids = 0;
const newId = () => `msg_${(1e12 + ids++).toString(32)}ABCDEFGHJKMNPQRS`;

/** One turn's transactions: intake, commit (state, inbound processed, reply), delivery. */
function turn(t) {
  const conv = `con_${t % 1000}`;
  const inbound = newId();
  const reply = newId();
  const now = Date.now();
  return [
    [['insert', [inbound, conv, 'in', 'pending', 'my name is Ann', null, null, 'web', `user-${t % 1000}`, 'customer', now, null, null, null, null]]],
    [
      ['state', ['{"step":"city","name":"Ann"}', conv]],
      ['processed', [null, inbound]],
      ['insert', [reply, conv, 'out', 'sending', 'Where do you live?', null, null, 'web', `user-${t % 1000}`, 'bot', now, now, now + 30000, null, inbound]],
    ],
    [['sent', [now, reply]]],
  ];
}

function freshDatabase(path) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const db = new Database(path);
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO conv VALUES (?, ?, 0)');
  db.transaction(() => {
    for (let i = 0; i < 1000; i++) insert.run(`con_${i}`, '{}');
  })();
  return db;
}

function onMainThread(db) {
  const statements = Object.fromEntries(Object.entries(SQL).map(([k, sql]) => [k, db.prepare(sql)]));
  const [savepoint, release, begin, commit] = ['SAVEPOINT u', 'RELEASE u', 'BEGIN IMMEDIATE', 'COMMIT'].map((s) => db.prepare(s));
  for (let t = 0; t < TURNS; t += GROUP) {
    begin.run();
    for (let i = 0; i < GROUP; i++) {
      spend(JS_US);
      for (const program of turn(t + i)) {
        savepoint.run();
        for (const [name, params] of program) statements[name].run(...params);
        release.run();
      }
    }
    commit.run();
  }
  return {};
}

async function onWorker(path) {
  const worker = new Worker(WORKER, { eval: true, workerData: { path, sql: SQL, driver: require.resolve('better-sqlite3') } });
  const answer = () => new Promise((resolve) => worker.once('message', resolve));
  let inFlight;
  let waitedNs = 0n;
  for (let t = 0; t < TURNS; t += GROUP) {
    const group = [];
    for (let i = 0; i < GROUP; i++) {
      spend(JS_US);
      group.push(...turn(t + i));
    }
    const waiting = process.hrtime.bigint();
    await inFlight; // one group at a time, as the group commit does
    waitedNs += process.hrtime.bigint() - waiting;
    inFlight = answer();
    worker.postMessage(JSON.stringify(group));
  }
  await inFlight;
  worker.postMessage('busy');
  const workerBusyMs = Math.round(await answer());
  await worker.terminate();
  return { workerBusyMs, mainWaitedMs: Math.round(Number(waitedNs) / 1e6) };
}

async function main() {
  const mode = process.argv[2] === 'worker' ? 'worker' : 'main';
  const path = join(tmpdir(), `switchboard-sqlite-worker-${mode}.db`);
  const db = freshDatabase(path);
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const extra = mode === 'main' ? onMainThread(db) : (db.close(), await onWorker(path));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  console.log(JSON.stringify({ mode, jsMicrosPerTurn: JS_US, turnsPerSec: Math.round(TURNS / seconds), cpuSeconds: (used.user + used.system) / 1e6, ...extra }));
}

void main();
