import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * The optional SDKs (channels, scale-out, LLMs, entity parsers) are loaded when the feature that
 * needs them is configured or first used: a web-only bot on SQLite starts, and answers, without
 * them. Measured in a child process (see loaded-packages.ts), whose module cache is its own.
 */
const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'bots', 'demo');
const OPTIONAL_SDKS = [
  '@azure/identity',
  '@langchain/core',
  '@langchain/openai',
  '@slack/bolt',
  '@slack/web-api',
  'botbuilder',
  'botframework-connector',
  'bullmq',
  'chrono-node',
  'email-reply-parser',
  'imapflow',
  'ioredis',
  'jose',
  'langsmith',
  'libphonenumber-js',
  'mailauth',
  'mailparser',
  'nodemailer',
  'pg',
  'smtp-server',
  'twilio',
  'whatsapp-web.js',
];
/** Settings that would switch a feature on, kept from the parent's environment out of the child's. */
const FEATURE_SETTINGS = /^(DATABASE_URL|REDIS_URL|PUBLIC_URL|WEB_IDENTITY_SECRET|LLM_PROVIDER|OPENAI_|TWILIO_|SLACK_|MICROSOFT_|WHATSAPP_|EMAIL_)/;

interface Probe {
  channels: string[];
  status: number;
  replies: number;
  afterStart: string[];
  afterMessage: string[];
}

let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'sb-lazy-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function probe(env: Record<string, string>): Promise<Probe> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !FEATURE_SETTINGS.test(name)));
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin', 'run-ts.js'), join(__dirname, 'loaded-packages.ts'), DEMO], {
    cwd: ROOT,
    env: { ...inherited, LOG_LEVEL: 'silent', DATA_DIR: mkdtempSync(join(dataDir, 'run-')), ...env },
  });
  return JSON.parse(stdout) as Probe;
}

test('a web-only bot on SQLite starts and answers without loading any optional SDK', async () => {
  const run = await probe({});
  expect(run.channels).toEqual(['web']);
  expect(run).toMatchObject({ status: 200, replies: expect.any(Number) });
  expect(run.replies).toBeGreaterThan(0);
  expect(OPTIONAL_SDKS.filter((sdk) => run.afterStart.includes(sdk))).toEqual([]);
  expect(OPTIONAL_SDKS.filter((sdk) => run.afterMessage.includes(sdk))).toEqual([]);
  // The image library and OCR are loaded by the first photo (media/images.ts, vision/preprocess.ts,
  // vision/ocr.ts), not by the photo routes and readers being set up: text-only conversations never load them.
  expect(run.afterMessage).not.toContain('sharp');
  expect(run.afterMessage).not.toContain('tesseract.js');
  expect(run.afterStart).toContain('better-sqlite3'); // the probe does see packages the app loads
}, 60_000);

test('configuring SMS loads the Twilio SDK, and only it', async () => {
  const run = await probe({
    TWILIO_ACCOUNT_SID: 'AC' + '0'.repeat(32),
    TWILIO_AUTH_TOKEN: 'twilio-test-token',
    TWILIO_PHONE_NUMBER: '+15550000000',
    PUBLIC_URL: 'http://127.0.0.1:9',
    TWILIO_API_BASE: 'http://127.0.0.1:9',
  });
  expect(run.channels).toEqual(['web', 'sms']);
  expect(OPTIONAL_SDKS.filter((sdk) => run.afterStart.includes(sdk))).toEqual(['twilio']);
}, 60_000);

test('configuring e-mail loads the mail SDKs, and only them: the SMTP listener and the IMAP client only when set', async () => {
  const run = await probe({ EMAIL_FROM: 'help@northwind.test', EMAIL_SMTP_URL: 'smtp://127.0.0.1:9' });
  expect(run.channels).toEqual(['web', 'email']);
  expect(OPTIONAL_SDKS.filter((sdk) => run.afterStart.includes(sdk))).toEqual(['email-reply-parser', 'mailauth', 'mailparser', 'nodemailer']);
}, 60_000);
