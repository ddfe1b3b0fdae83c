import type { KeyObject } from 'node:crypto';
import { Bot } from '../../core/bot';
import { TeamsChannel } from '../../channels/teams/adapter';
import { FakeProvider, serveAdapter, type Served } from './support';
import { activity, channelToken, openIdDocument, signingKey, type SigningKey } from './teams-fake';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const SERVICE_URL = 'https://smba.example.test/emea/';

/**
 * Bot Framework JWT validation end to end: botbuilder fetches the OpenID configuration and signing
 * keys from a local stand-in for login.botframework.com, then checks issuer, audience, expiry,
 * signature, key endorsement and the service URL claim.
 */
describe('Teams channel authentication with an app id (Bot Framework JWT)', () => {
  let keys: FakeProvider;
  let app: Served;
  let key: SigningKey;
  let otherKey: KeyObject;

  beforeAll(async () => {
    // botbuilder logs every refused token with console.error; the assertions below are what matter.
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    key = signingKey();
    otherKey = signingKey().privateKey;
    keys = new FakeProvider((path) => ({ body: openIdDocument(path, keys.url, key) }));
    await keys.start();
    const silent = new Bot({ name: 'silent' });
    silent.use(() => undefined); // no replies: sending would need a token from Microsoft's login service
    const channel = new TeamsChannel({
      appId: APP_ID,
      appPassword: 'test-secret',
      authSettings: { ToBotFromChannelOpenIdMetadataUrl: `${keys.url}/openid`, ToBotFromEmulatorOpenIdMetadataUrl: `${keys.url}/openid` },
    });
    app = await serveAdapter(channel, silent);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.close();
    await keys?.close();
  });

  const token = (claims: Record<string, unknown> = {}, options: { signWith?: KeyObject; expiresInSeconds?: number } = {}) =>
    channelToken({ aud: APP_ID, serviceurl: SERVICE_URL, ...claims }, key, options);

  const post = (bearer: string, extra: Record<string, unknown> = {}) =>
    fetch(`${app.url}/api/botframework/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(activity(SERVICE_URL, extra)),
    });

  test('a token signed by the channel’s key, for this bot and service URL, is accepted', async () => {
    const before = (await app.messages()).length;
    const res = await post(token(), { text: 'signed and sealed' });
    expect([res.status, await res.text()]).toEqual([200, '']);
    const stored = await app.messages();
    expect(stored).toHaveLength(before + 1);
    expect(stored[stored.length - 1].text).toBe('signed and sealed');
  });

  test('forged, expired, misaddressed and mismatched tokens are refused with 401 and store nothing', async () => {
    const before = (await app.messages()).length;
    const bad = [
      token({}, { signWith: otherKey }), // signed with a key the channel does not publish
      token({}, { expiresInSeconds: -10 * 60 }),
      token({ aud: '99999999-0000-0000-0000-000000000000' }),
      token({ iss: 'https://evil.example.com' }),
      token({ serviceurl: 'https://elsewhere.example.test/' }),
    ];
    for (const t of bad) expect((await post(t)).status).toBe(401);
    expect(await app.messages()).toHaveLength(before);
  });
});
