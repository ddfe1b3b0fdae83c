import { createHmac } from 'node:crypto';
import type { ConformanceFixture, FixtureUrls, InboundSpec, WebhookRequest } from './conformance';
import type { ProviderCall } from './fake-provider';

export const TWILIO = { sid: 'AC' + '0'.repeat(32), token: 'twilio-test-token', from: '+15550000000' };

/** Twilio's signature, computed independently of the SDK: HMAC-SHA1 over URL + sorted key/values, base64. */
export function twilioSignature(url: string, params: URLSearchParams, token = TWILIO.token): string {
  const data = url + [...params.keys()].sort().map((k) => k + params.get(k)).join('');
  return createHmac('sha1', token).update(data).digest('base64');
}

/** A signed Twilio webhook posting `params` to `path`. */
export function signedForm(path: string, params: Record<string, string>, urls: FixtureUrls): WebhookRequest {
  const form = new URLSearchParams(params);
  return {
    path,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(urls.publicUrl + path, form) },
    body: form.toString(),
  };
}

let sids = 0;

/** The SMS channel for the conformance suite: the Twilio SDK talking to the fake provider. */
export const smsFixture: ConformanceFixture = {
  channel: 'sms',
  env: (urls) => ({
    PUBLIC_URL: urls.publicUrl,
    TWILIO_ACCOUNT_SID: TWILIO.sid,
    TWILIO_AUTH_TOKEN: TWILIO.token,
    TWILIO_PHONE_NUMBER: TWILIO.from,
    TWILIO_API_BASE: urls.provider,
  }),
  answer: (call) =>
    /Messages\.json/.test(call.path)
      ? { status: 201, body: { sid: `SM${String(++sids).padStart(32, '0')}`, status: 'queued', account_sid: TWILIO.sid, num_segments: '1' } }
      : { status: 404, body: { code: 20404, message: 'not found' } },
  sent: (call: ProviderCall) => {
    if (call.method !== 'POST' || !/\/Accounts\/AC\w+\/Messages\.json$/.test(call.path)) return undefined;
    const form = new URLSearchParams(call.body);
    return { to: form.get('To') ?? '', text: form.get('Body') ?? undefined };
  },
  inbound: (spec: InboundSpec, urls) => {
    const params: Record<string, string> = {
      AccountSid: TWILIO.sid,
      MessageSid: spec.id,
      From: spec.from,
      To: TWILIO.from,
      Body: spec.choice ? String(spec.choice.index + 1) : (spec.text ?? ''),
      NumMedia: spec.attachment ? '1' : '0',
    };
    if (spec.attachment) Object.assign(params, { MediaUrl0: spec.attachment.url, MediaContentType0: spec.attachment.mimeType });
    return signedForm('/api/twilio/sms', params, urls);
  },
  forge: (r) => ({ ...r, headers: { ...r.headers, 'x-twilio-signature': 'AAAA' + r.headers['x-twilio-signature'] } }),
  malformed: (urls) => signedForm('/api/twilio/sms', { Body: 'no sid, no sender' }, urls),
  // MMS: `MediaUrl0` on Twilio's API, fetched with the account's Basic credentials.
  photo: {
    attachment: (id, urls) => ({ url: `${urls.provider}/2010-04-01/Accounts/${TWILIO.sid}/Messages/${id}/Media/MEphoto${id}`, mimeType: 'image/jpeg' }),
    serve: (call, file) => {
      if (call.method !== 'GET' || !/\/Messages\/\w+\/Media\/MEphoto\w+$/.test(call.path)) return undefined;
      if (call.headers.authorization !== `Basic ${Buffer.from(`${TWILIO.sid}:${TWILIO.token}`).toString('base64')}`) return { status: 401, body: { code: 20003, message: 'Authenticate' } };
      return { status: 200, headers: { 'content-type': 'image/jpeg' }, body: file };
    },
  },
  failure: (kind) =>
    kind === 'rate-limited'
      ? { status: 429, headers: { 'retry-after': '1' }, body: { code: 20429, message: 'Too Many Requests', status: 429 } }
      : kind === 'server-error'
        ? { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } }
        : { status: 400, body: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } },
};

let numbers = 0;
/** A fresh customer number. */
export const smsSender = () => `+1555${String(process.pid % 1000).padStart(3, '0')}${String(++numbers).padStart(4, '0')}`;
