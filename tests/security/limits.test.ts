import type { IncomingMessage } from 'node:http';
import { LOGIN_LIMITS } from '../../handoff/auth';
import { limitable, resolveClientAddress } from '../../server/rate-limits';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';

let h: ConsoleHarness;
beforeAll(async () => {
  // Behind one trusted proxy: the client address is the last X-Forwarded-For entry.
  h = await startConsoleApp({ TRUST_PROXY: '1', WEB_MESSAGES_PER_MINUTE: '5', EVENTS_PER_MINUTE: '4' });
});
afterAll(async () => h && (await h.close()));

const from = (ip: string) => ({ 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.7, ${ip}` });
const login = (ip: string, email: string, password: string) =>
  fetch(`${h.base}/console/login`, { method: 'POST', headers: from(ip), body: JSON.stringify({ email, password }) });

describe('login throttling', () => {
  test('a success clears the count of wrong passwords', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount.limit - 1; i++) expect((await login('10.0.0.1', ADMIN.email, 'wrong-password')).status).toBe(401);
    expect((await login('10.0.0.1', ADMIN.email, ADMIN.password)).status).toBe(200);
    for (let i = 0; i < LOGIN_LIMITS.perAccount.limit - 1; i++) expect((await login('10.0.0.1', ADMIN.email, 'wrong-password')).status).toBe(401);
    expect((await login('10.0.0.1', ADMIN.email, ADMIN.password)).status).toBe(200);
  }, 60_000);

  test('many accounts tried from one address: that address is refused, others are not', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perClient.limit; i++) expect((await login('10.0.0.2', `nobody${i}@shop.test`, 'guess-password')).status).toBe(401);
    const refused = await login('10.0.0.2', ADMIN.email, ADMIN.password);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Too many wrong passwords; try again in \d+ s/);
    expect((await login('10.0.0.3', ADMIN.email, ADMIN.password)).status).toBe(200);
  }, 60_000);

  test('many wrong passwords for one account, then the right one, is refused while throttled, from any address', async () => {
    for (let i = 0; i < LOGIN_LIMITS.perAccount.limit; i++) expect((await login(`10.1.0.${i}`, ADMIN.email, 'wrong-password')).status).toBe(401);
    for (const ip of ['10.1.0.1', '10.9.9.9']) {
      const res = await login(ip, ADMIN.email, ADMIN.password);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(60);
    }
    // Case does not make it another account.
    expect((await login('10.9.9.8', ADMIN.email.toUpperCase(), ADMIN.password)).status).toBe(429);
  }, 60_000);
});

describe('web messages and events are limited per client address', () => {
  const post = (ip: string, path: string, body: unknown) => fetch(h.base + path, { method: 'POST', headers: from(ip), body: JSON.stringify(body) });
  const stored = async () => Number((await h.app.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'`))!.n);

  test('POST /api/web/messages: a clear 429 with Retry-After past the limit, nothing stored; another address goes on', async () => {
    for (let i = 0; i < 5; i++) expect((await post('10.2.0.1', '/api/web/messages', { userId: `flood-${i}`, text: 'hi' })).status).toBe(200);
    const before = await stored();
    const refused = await post('10.2.0.1', '/api/web/messages', { userId: 'flood-new', text: 'hi' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Too many messages from your address/);
    expect(await stored()).toBe(before);
    expect((await post('10.2.0.2', '/api/web/messages', { userId: 'other-visitor', text: 'hi' })).status).toBe(200);
  }, 60_000);

  test('POST /api/web/events and /api/events share a per-address budget', async () => {
    for (let i = 0; i < 4; i++) expect((await post('10.3.0.1', '/api/web/events', { userId: `ev-${i}`, events: [{ type: 'page_view' }] })).status).toBe(202);
    const refused = await post('10.3.0.1', '/api/web/events', { userId: 'ev-new', events: [{ type: 'page_view' }] });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await post('10.3.0.1', '/api/events', { events: [{ userId: 'ev-x', type: 'page_view' }] })).status).toBe(429);
    expect((await post('10.3.0.2', '/api/web/events', { userId: 'ev-y', events: [{ type: 'page_view' }] })).status).toBe(202);
  }, 60_000);
});

describe('which address a limit counts', () => {
  test('the nearest trusted proxy decides; loopback and in-process calls are not limited', () => {
    const socket = { socket: { remoteAddress: '10.0.0.9' } } as unknown as IncomingMessage;
    expect(resolveClientAddress(socket, '1.1.1.1, 2.2.2.2', 0)).toBe('10.0.0.9');
    expect(resolveClientAddress(socket, 'forged, 1.1.1.1, 2.2.2.2', 1)).toBe('2.2.2.2');
    expect(resolveClientAddress(socket, 'forged, 1.1.1.1, 2.2.2.2', 2)).toBe('1.1.1.1');
    expect(resolveClientAddress(socket, null, 1)).toBe('10.0.0.9');
    expect(['10.0.0.1', '2001:db8::1', '127.0.0.1', '::1', '::ffff:127.0.0.1', 'unknown'].map(limitable)).toEqual([true, true, false, false, false, false]);
  });
});
