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
