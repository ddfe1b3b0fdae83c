import { verifySlackRequest } from '@slack/bolt';
import { RequestError } from '../../core/errors';

/** How far a request's timestamp may be from our clock, either way: Slack's own 5-minute window. */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

/**
 * Checks that a request came from Slack: the `v0` HMAC-SHA256 of `v0:timestamp:rawBody` under the
 * signing secret, compared in constant time by Bolt's own `verifySlackRequest`, and a timestamp
 * within five minutes (stale and far-future requests are replays). Throws a 401 `RequestError`
 * otherwise, so nothing from the request is stored.
 */
export function verifySlackSignature(headers: Headers, rawBody: Uint8Array, signingSecret: string, nowMs = Date.now()): void {
  const signature = headers.get('x-slack-signature');
  const timestampText = headers.get('x-slack-request-timestamp');
  if (!signature || !timestampText) {
    throw new RequestError(401, 'Missing X-Slack-Signature or X-Slack-Request-Timestamp: requests must be signed by Slack');
  }
  const timestamp = Number(timestampText);
  if (!/^\d{1,12}$/.test(timestampText)) throw new RequestError(401, 'X-Slack-Request-Timestamp is not a Unix time in seconds');
  // Bolt rejects stale timestamps; a timestamp from the future is as much a replay risk.
  if (timestamp - nowMs / 1000 > SLACK_TIMESTAMP_WINDOW_SECONDS) {
    throw new RequestError(401, 'X-Slack-Request-Timestamp is more than 5 minutes in the future; check the server clock');
  }
  try {
    verifySlackRequest({
      signingSecret,
      // Non-UTF-8 bytes decode to U+FFFD here, so a body Slack did not sign cannot match.
      body: Buffer.from(rawBody).toString('utf8'),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: nowMs,
    });
  } catch (err) {
    const reason = (err as Error).message.replace(/^Failed to verify authenticity: /, '');
    throw new RequestError(401, `Slack signature refused: ${reason}`);
  }
}
