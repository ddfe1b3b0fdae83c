import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { parse } from 'yaml';
import { eventually, freePort } from '../scale/helpers';
import { dropRedisPrefix, dropSchemas, PG_URL, REDIS_URL, requireServices, schemaUrl, uniqueName } from '../scale/services';

/**
 * Docker cannot run here, so the image definition is checked for what can go wrong without it:
 * the compose file sets the variables the server reads, the Dockerfile copies what exists and
 * starts a script that exists, the production install (`--omit=dev`) has every package the
 * runtime imports, and the image's command with compose's environment (hosts swapped for
 * loopback) really serves on PostgreSQL and Redis and passes the image's own HEALTHCHECK.
 */
const ROOT = join(__dirname, '..', '..');
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
/** Dockerfile instructions, continuation lines joined. */
const INSTRUCTIONS = DOCKERFILE.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
const COMPOSE = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { environment?: Record<string, string>; depends_on?: Record<string, { condition: string }>; command?: string[]; image?: string; build?: string; ports?: string[] }>;
};
const APP = COMPOSE.services.switchboard;
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

/** JSON-form arguments of the last `KEYWORD [...]` instruction. */
function execForm(keyword: string): string[] {
  const line = INSTRUCTIONS.filter((l) => l.startsWith(`${keyword} `)).pop();
  if (!line) throw new Error(`Dockerfile has no ${keyword}`);
  return JSON.parse(line.slice(keyword.length + 1)) as string[];
}

/** The HEALTHCHECK's command (`HEALTHCHECK --options… CMD [...]`). */
function healthcheck(): string[] {
  const line = INSTRUCTIONS.find((l) => l.startsWith('HEALTHCHECK '));
  if (!line) throw new Error('Dockerfile has no HEALTHCHECK');
  return JSON.parse(line.slice(line.indexOf(' CMD ') + 5)) as string[];
}

/** The runtime's TypeScript files: what the image copies, without tests. */
function runtimeSources(): string[] {
  const copied = INSTRUCTIONS.filter((l) => l.startsWith('COPY ') && !l.includes('--from')).flatMap((l) => l.split(/\s+/).slice(1, -1));
  const walk = (path: string): string[] =>
    statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => (f === 'node_modules' ? [] : walk(join(path, f)))) : [path];
  return copied.flatMap((p) => walk(join(ROOT, p))).filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f));
}

describe('the container image definition', () => {
  test('compose sets only variables the server reads, and wires PostgreSQL and Redis through them', () => {
    const env = APP.environment ?? {};
    const sources = runtimeSources().map((f) => readFileSync(f, 'utf8')).join('\n');
    const unread = Object.keys(env).filter((name) => !new RegExp(`env\\.${name}\\b|['"\`]${name}['"\`]`).test(sources));
    expect(unread).toEqual([]);

    const db = new URL(env.DATABASE_URL);
    const pg = COMPOSE.services[db.hostname]?.environment ?? {};
    expect(db.protocol).toBe('postgres:');
    expect([db.username, db.password, db.pathname.slice(1), db.port]).toEqual([pg.POSTGRES_USER, pg.POSTGRES_PASSWORD, pg.POSTGRES_DB, '5432']);
    const redis = new URL(env.REDIS_URL);
    expect(redis.protocol).toBe('redis:');
    expect(COMPOSE.services[redis.hostname]).toBeDefined();
    // The app starts once both answer their health checks.
    expect(APP.depends_on).toEqual({ [db.hostname]: { condition: 'service_healthy' }, [redis.hostname]: { condition: 'service_healthy' } });
    expect(APP.ports).toEqual([`${env.PORT}:${env.PORT}`]);
  });

  test('the Dockerfile copies what exists, runs as a non-root user and starts a script and bot that exist', () => {
    const copied = INSTRUCTIONS.filter((l) => l.startsWith('COPY ') && !l.includes('--from')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(copied.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
    expect(INSTRUCTIONS.filter((l) => l.startsWith('FROM ')).map((l) => l.split(/\s+/)[1])).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    expect(INSTRUCTIONS).toContain('USER node');
    expect(DOCKERFILE).toContain('npm ci --omit=dev');

    const [node, script, ...args] = [...execForm('ENTRYPOINT'), ...execForm('CMD')];
    expect(node).toBe('node');
    expect(existsSync(join(ROOT, script))).toBe(true);
    expect(copied.some((p) => script.startsWith(`${p}/`))).toBe(true);
    expect(args[0]).toBe('start');
    expect(existsSync(join(ROOT, args[1], 'bot.yaml'))).toBe(true);
    expect(APP.command).toEqual(args); // compose runs the same bot
    expect(healthcheck().join(' ')).toContain('/healthz');
  });

  test('the runtime imports no devDependency (the image installs with --omit=dev)', () => {
    const dev = new Set(Object.keys(PACKAGE.devDependencies).filter((name) => !PACKAGE.dependencies[name]));
    const imports = runtimeSources().flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:^import [^;]*?from |^export [^;]*? from |require(?:\.resolve)?\(|import\()'([^'.][^']*)'/gm)].map((m) => {
        const name = m[1].startsWith('@') ? m[1].split('/').slice(0, 2).join('/') : m[1].split('/')[0];
        return `${relative(ROOT, file)}: ${name}`;
      }),
    );
    const names = new Set(imports.map((i) => i.split(': ')[1]));
    expect(['hono', 'zod', 'pg', 'ioredis', 'markdown-it'].filter((n) => !names.has(n))).toEqual([]); // the scan sees imports
    expect(imports.filter((i) => dev.has(i.split(': ')[1]))).toEqual([]);
  });
});

describe('the image command with compose’s environment, on loopback', () => {
  const children = new Set<ChildProcess>();
  const schema = uniqueName('sb_container');
  const prefix = `${uniqueName('sbc')}:`;
  let data: string;

  beforeAll(async () => {
    await requireServices();
    data = mkdtempSync(join(tmpdir(), 'sb-container-'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(data, { recursive: true, force: true });
    await dropSchemas([schema]);
    await dropRedisPrefix(prefix);
  });

  test('serves on PostgreSQL and Redis, and the image HEALTHCHECK passes', async () => {
    const port = await freePort();
    // Compose's variables, its service hosts swapped for this machine's test services.
    const env: NodeJS.ProcessEnv = { ...process.env, ...APP.environment, DATABASE_URL: schemaUrl(schema, PG_URL), REDIS_URL, REDIS_PREFIX: prefix, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: data, LOG_LEVEL: 'error' };
    const [node, ...argv] = [...execForm('ENTRYPOINT'), ...execForm('CMD')];
    expect(node).toBe('node');
    const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const check = healthcheck();
    expect(check[0]).toBe('node');
    const healthy = () => spawnSync(process.execPath, check.slice(1), { env, timeout: 5_000 }).status === 0;
    expect(healthy()).toBe(false); // not yet up: the check can fail
    const up = await eventually(async () => healthy(), 90_000, 250);
    if (!up) throw new Error(`the image command did not come up: ${stderr.slice(-2000)}`);

    // It stored its tables in PostgreSQL (the schema from DATABASE_URL), not in a SQLite file.
    const pg = new Client({ connectionString: PG_URL });
    await pg.connect();
    try {
      const { rows } = await pg.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [schema]);
      expect(rows[0].n).toBeGreaterThan(5);
    } finally {
      await pg.end();
    }
    expect(readdirSync(data).filter((f) => f.endsWith('.db'))).toEqual([]);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }, 120_000);
});
