import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { FakeProvider, type Match } from './support';

let counter = 0;

/** A local Bot Framework connector: accepts activities posted to a conversation. */
export function fakeConnector(): FakeProvider {
  let n = 0;
  return new FakeProvider((path) => (/\/v3\/conversations\/.+\/activities/.test(path) ? { body: { id: `sent-${++n}` } } : { status: 404, body: { error: { code: 'NotFound' } } }));
}

/** A message activity from user `u1` in a personal chat, as the connector would post it. */
export function activity(serviceUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${Date.now()}-${counter++}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: '29:u1', name: 'Ann Example', aadObjectId: 'aad-1' },
    conversation: { id: 'a:conv-1', conversationType: 'personal', tenantId: 'tenant-1' },
    recipient: { id: '28:bot', name: 'Shop Bot' },
    text: 'hello',
    locale: 'en-US',
    ...extra,
  };
}

/**
 * Message activities sent to the connector. Typing indicators (which the engine may send while a
 * turn runs) go to the same endpoint and are left out.
 */
export const messageActivity: Match = ({ path, body }) => path.includes('/activities') && (JSON.parse(body || '{}') as { type?: string }).type === 'message';

/** The issuer of the tokens the Bot Framework channel signs (botbuilder checks it). */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

/** A token-signing key standing in for the Bot Framework channel's, with its published JWK. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** The public half as login.botframework.com publishes it: endorsed for the Teams channel. */
  jwk: Record<string, unknown>;
}

/** A fresh RS256 signing key (synchronous, so fixtures can sign without awaiting). */
export function signingKey(kid = 'key-1'): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', endorsements: ['msteams'] } };
}

/**
 * What a stand-in for login.botframework.com at `baseUrl` serves: the OpenID configuration at
 * `/openid` (point botbuilder's `ToBotFromChannelOpenIdMetadataUrl` there) and the signing keys at
 * `/keys`. Undefined for any other path.
 */
export function openIdDocument(path: string, baseUrl: string, key: SigningKey): unknown {
  if (path.startsWith('/openid')) return { issuer: CHANNEL_ISSUER, jwks_uri: `${baseUrl}/keys` };
  if (path.startsWith('/keys')) return { keys: [key.jwk] };
  return undefined;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A Bot Framework channel token (an RS256 JWT), computed independently of botbuilder: issued by the
 * channel for `claims.aud` and `claims.serviceurl`, valid for `expiresInSeconds` (negative: already
 * expired). `signWith` signs it with another private key under the same key id (a forgery).
 */
export function channelToken(claims: Record<string, unknown>, key: SigningKey, options: { expiresInSeconds?: number; signWith?: KeyObject } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', typ: 'JWT', kid: key.kid });
  const payload = base64url({ iss: CHANNEL_ISSUER, iat: now, exp: now + (options.expiresInSeconds ?? 300), ...claims });
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), options.signWith ?? key.privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The claims of a token made by `channelToken` (to sign them again, differently). */
export function tokenClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}
