import { createHmac } from 'node:crypto';
import type { ConformanceFixture, FixtureUrls, InboundSpec, WebhookRequest } from './conformance';
import type { ProviderCall } from './fake-provider';

export const WHATSAPP = { appSecret: 'wa-app-secret', verifyToken: 'wa-verify', accessToken: 'wa-access', phoneNumberId: '1234' };

/** Meta's signature, computed independently: `sha256=` + hex HMAC-SHA256 of the raw body with the app secret. */
export function hubSignature(body: string, secret = WHATSAPP.appSecret): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** A signed webhook POST carrying `payload`. */
export function signedPayload(payload: unknown): WebhookRequest {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { path: '/api/whatsapp/webhook', headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(body) }, body };
}

/** The Cloud API's webhook envelope around some messages (and/or statuses). */
export function envelope(value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA1',
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550000000', phone_number_id: WHATSAPP.phoneNumberId }, ...value },
          },
        ],
      },
    ],
  };
}

/** One inbound message in the Cloud API's shape. */
export function waMessage(spec: InboundSpec, timestamp = Math.floor(Date.now() / 1000)): Record<string, unknown> {
  const base = { from: spec.from, id: spec.id, timestamp: String(timestamp) };
  if (spec.choice) {
    return { ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: spec.choice.payload, title: spec.choice.title } } };
  }
  if (spec.attachment) return { ...base, type: 'image', image: { id: `media-${spec.id}`, mime_type: spec.attachment.mimeType, sha256: 'x' } };
  return { ...base, type: 'text', text: { body: spec.text ?? '' } };
}

let wamids = 0;

/** The WhatsApp Cloud API channel for the conformance suite: Graph API calls to the fake provider. */
export const whatsappFixture: ConformanceFixture = {
  channel: 'whatsapp',
  env: (urls: FixtureUrls) => ({
    WHATSAPP_APP_SECRET: WHATSAPP.appSecret,
    WHATSAPP_VERIFY_TOKEN: WHATSAPP.verifyToken,
    WHATSAPP_ACCESS_TOKEN: WHATSAPP.accessToken,
    WHATSAPP_PHONE_NUMBER_ID: WHATSAPP.phoneNumberId,
    WHATSAPP_GRAPH_URL: urls.provider,
  }),
  answer: (call) =>
    /\/1234\/messages$/.test(call.path)
      ? { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ wa_id: 'x' }], messages: [{ id: `wamid.out${++wamids}` }] } }
      : { status: 404, body: { error: { message: 'Unknown path', code: 100 } } },
  sent: (call: ProviderCall) => {
    if (call.method !== 'POST' || !/\/v[\d.]+\/1234\/messages$/.test(call.path)) return undefined;
    const body = JSON.parse(call.body) as {
      to: string;
      type: string;
      text?: { body: string };
      interactive?: {
        header?: { type: string; image?: { link: string } };
        body: { text: string };
        action: { buttons?: Array<{ reply: { title: string } }>; sections?: Array<{ rows: Array<{ title: string }> }> };
      };
      image?: { link: string; caption?: string };
      template?: { name: string };
    };
    if (body.type === 'text') return { to: body.to, text: body.text?.body };
    if (body.type === 'interactive' && body.interactive) {
      const a = body.interactive.action;
      const buttons = a.buttons?.map((b) => b.reply.title) ?? a.sections?.flatMap((s) => s.rows.map((r) => r.title));
      // A card: an interactive message whose body starts with its bold headline ("*Title — £89.00*").
      if (/^\*[^*]+\*/.test(body.interactive.body.text)) {
        return { to: body.to, cards: [{ text: body.interactive.body.text, imageUrl: body.interactive.header?.image?.link, buttons }] };
      }
      return { to: body.to, text: body.interactive.body.text, buttons };
    }
    if (body.type === 'image' && body.image?.caption?.startsWith('*')) return { to: body.to, cards: [{ text: body.image.caption, imageUrl: body.image.link }] };
    return { to: body.to, text: body.template ? `[template ${body.template.name}]` : `[${body.type}]` };
  },
  inbound: (spec) => signedPayload(envelope({ contacts: [{ profile: { name: 'Ana' }, wa_id: spec.from }], messages: [waMessage(spec)] })),
  forge: (r) => ({ ...r, headers: { ...r.headers, 'x-hub-signature-256': 'sha256=00' + r.headers['x-hub-signature-256'].slice(9) } }),
  // The webhook names the image by id (`media-<message id>`): the Graph API's look-up gives its
  // download URL, and both calls need the access token.
  photo: {
    attachment: () => ({ url: '', mimeType: 'image/jpeg' }),
    serve: (call, file, urls) => {
      const lookup = /^\/v[\d.]+\/(media-in\w+)$/.exec(call.path);
      const download = /^\/download\/(media-in\w+)$/.exec(call.path);
      if (call.method !== 'GET' || (!lookup && !download)) return undefined;
      if (call.headers.authorization !== `Bearer ${WHATSAPP.accessToken}`) return { status: 401, body: { error: { message: 'Invalid OAuth access token', code: 190 } } };
      if (lookup) return { status: 200, body: { url: `${urls.provider}/download/${lookup[1]}`, mime_type: 'image/jpeg', id: lookup[1], messaging_product: 'whatsapp' } };
      return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: file };
    },
  },
  malformed: () => signedPayload('{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messages":[{"from":"1"'),
  failure: (kind) =>
    kind === 'rate-limited'
      ? { status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit hit', code: 130429 } } }
      : kind === 'server-error'
        ? { status: 500, body: { error: { message: 'Service temporarily unavailable', code: 131000 } } }
        : { status: 400, body: { error: { message: 'Recipient cannot receive', code: 131026 } } },
};

let numbers = 0;
/** A fresh customer WhatsApp id (digits, no plus). */
export const whatsappSender = () => `1555${String(process.pid % 1000).padStart(3, '0')}${String(++numbers).padStart(4, '0')}`;
