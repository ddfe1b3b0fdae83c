import { AppCredentials } from 'botframework-connector';
import type { ConformanceFixture, FixtureUrls, InboundSpec, SentCard, WebhookRequest } from './conformance';
import type { ProviderCall } from './fake-provider';
import { activity, channelToken, openIdDocument, signingKey, tokenClaims } from './teams-fake';

/** The Azure Bot registration the conformance suite talks to. */
export const TEAMS = { appId: '11111111-2222-3333-4444-555555555555', appPassword: 'teams-conformance-secret', botToken: 'bot-token-conformance' };

/** The channel's signing key (published by the fake provider) and one it never published. */
const KEY = signingKey();
const FORGER = signingKey();

/**
 * Sends carry an app token from Microsoft's login service, which botbuilder gets through MSAL; MSAL
 * refuses authorities that are not https (`authority_uri_insecure`), so the fake provider cannot
 * stand in for it. botbuilder's token cache (private in its typings) is given the token instead,
 * under botbuilder's key (app id + the connector's OAuth scope), and the fake connector refuses any
 * send without it: if botbuilder renames the cache or its key, the sends fail with 401 and say so.
 */
const tokenCache = (AppCredentials as unknown as { cache: Map<string, { accessToken: string; expiresOn: Date }> }).cache;
tokenCache.set(`${TEAMS.appId}https://api.botframework.com-cache`, { accessToken: TEAMS.botToken, expiresOn: new Date(Date.now() + 24 * 3600_000) });

/** Where the connector lives for the test: a path under the fake provider, like Teams' regional `…/emea/`. */
const serviceUrl = (urls: FixtureUrls) => `${urls.provider}/teams/`;

/** A request to the bot's endpoint carrying `body`, with a channel token for the fake connector. */
function authorized(body: string, urls: FixtureUrls, expiresInSeconds?: number): WebhookRequest {
  const token = channelToken({ aud: TEAMS.appId, serviceurl: serviceUrl(urls) }, KEY, { expiresInSeconds });
  return { path: '/api/botframework/messages', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body };
}

/**
 * A customer's message in their personal chat with the bot, as the connector posts it. A chosen
 * suggested action (`imBack`) comes back as its title in the text, which is what Teams sends.
 */
function teamsRequest(spec: InboundSpec, urls: FixtureUrls, expiresInSeconds?: number): WebhookRequest {
  const body = activity(serviceUrl(urls), {
    id: spec.id,
    from: { id: spec.from, name: 'Conformance Customer' },
    conversation: { id: `a:${spec.from}`, conversationType: 'personal', tenantId: 'tenant-1' },
    text: spec.choice ? spec.choice.title : (spec.text ?? ''),
    // A card's button is a messageBack: Teams sends its value along with the title.
    ...(spec.choice?.card ? { value: { payload: spec.choice.payload } } : {}),
    ...(spec.attachment ? { attachments: [{ contentType: spec.attachment.mimeType, contentUrl: spec.attachment.url, name: 'upload' }] } : {}),
  });
  return authorized(JSON.stringify(body), urls, expiresInSeconds);
}

/** The parts of a hero card the fixture reads. */
interface HeroCard {
  title?: string;
  subtitle?: string;
  text?: string;
  images?: Array<{ url: string }>;
  buttons?: Array<{ title: string }>;
}

function heroCard(card: HeroCard): SentCard {
  const text = [card.title, card.subtitle, card.text].filter(Boolean).join('\n');
  return { text, imageUrl: card.images?.[0]?.url, ...(card.buttons ? { buttons: card.buttons.map((b) => b.title) } : {}) };
}

const ACTIVITIES = /\/v3\/conversations\/[^/]+\/activities(\/|$)/;
let ids = 0;

/** Teams for the conformance suite: botbuilder's CloudAdapter, JWTs checked against the fake provider's keys, replies to its connector. */
export const teamsFixture: ConformanceFixture = {
  channel: 'teams',
  env: (urls) => ({
    MICROSOFT_APP_ID: TEAMS.appId,
    MICROSOFT_APP_PASSWORD: TEAMS.appPassword,
    ToBotFromChannelOpenIdMetadataUrl: `${urls.provider}/openid`,
    ToBotFromEmulatorOpenIdMetadataUrl: `${urls.provider}/openid`,
  }),
  answer: (call) => {
    const keys = call.method === 'GET' ? openIdDocument(call.path, `http://${call.headers.host}`, KEY) : undefined;
    if (keys) return { status: 200, body: keys };
    if (!ACTIVITIES.test(call.path)) return { status: 404, body: { error: { code: 'NotFound' } } };
    if (call.headers.authorization !== `Bearer ${TEAMS.botToken}`) return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    return { status: 201, body: { id: `sent-${++ids}` } };
  },
  sent: (call: ProviderCall) => {
    if (call.method !== 'POST' || !ACTIVITIES.test(call.path)) return undefined;
    const body = JSON.parse(call.body) as {
      type: string;
      text?: string;
      recipient: { id: string };
      suggestedActions?: { actions: Array<{ title: string }> };
      attachments?: Array<{ contentType: string; content?: HeroCard }>;
    };
    // Typing indicators go to the same endpoint; only messages are sends.
    if (body.type !== 'message') return undefined;
    const buttons = body.suggestedActions?.actions.map((a) => a.title);
    const cards = (body.attachments ?? []).filter((a) => a.contentType === 'application/vnd.microsoft.card.hero' && a.content).map((a) => heroCard(a.content!));
    return { to: body.recipient.id, text: body.text, ...(buttons ? { buttons } : {}), ...(cards.length ? { cards } : {}) };
  },
  inbound: (spec, urls) => teamsRequest(spec, urls),
  forge: (r) => {
    const claims = tokenClaims(r.headers.authorization.replace(/^Bearer /, ''));
    return { ...r, headers: { ...r.headers, authorization: `Bearer ${channelToken(claims, KEY, { signWith: FORGER.privateKey })}` } };
  },
  // botbuilder allows five minutes of clock skew: this token expired ten minutes ago.
  expired: (spec, urls) => teamsRequest(spec, urls, -10 * 60),
  // An inline image: `contentUrl` on the conversation's connector, fetched with the bot's token.
  photo: {
    attachment: (id, urls) => ({ url: `${serviceUrl(urls)}v3/attachments/photo-${id}/views/original`, mimeType: 'image/jpeg' }),
    serve: (call, file) => {
      if (call.method !== 'GET' || !/^\/teams\/v3\/attachments\/photo-\w+\/views\/original$/.test(call.path)) return undefined;
      if (call.headers.authorization !== `Bearer ${TEAMS.botToken}`) return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
      return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: file };
    },
  },
  malformed: (urls) => authorized('{"type": "message", "from": ', urls),
  failure: (kind) =>
    kind === 'rate-limited'
      ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'Throttled', message: 'Too many requests' } } }
      : kind === 'server-error'
        ? { status: 500, body: { error: { code: 'ServiceError', message: 'Internal server error' } } }
        : { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } },
};

let users = 0;
/** A fresh Teams user id for each scenario. */
export const teamsSender = (): string => `29:conformance-${process.pid}-${++users}`;
