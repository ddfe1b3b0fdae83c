import { Writable } from 'node:stream';
import { createLogger, redactPII } from '../../core/logger';

/** A destination that keeps what the logger writes. */
function capture(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, sink };
}

test('redactPII masks e-mails, phone numbers and valid card numbers, not dates or ids', () => {
  expect(redactPII('mail ann.lee+x@example.co.uk now')).toBe('mail [email] now');
  expect(redactPII('call +1 (555) 123-4567 or 0044 20 7946 0958')).toBe('call [phone] or [phone]');
  expect(redactPII('card 4111 1111 1111 1111 ok')).toBe('card [card] ok');
  expect(redactPII('order 2026-11-28 id msg_01M8GZ5QMW4NVZCCGDHCFNT92Q #12345')).toBe('order 2026-11-28 id msg_01M8GZ5QMW4NVZCCGDHCFNT92Q #12345');
});

test('log lines carry no raw phone numbers or e-mails, and numbers like time stay intact', async () => {
  const { lines, sink } = capture();
  const log = createLogger({ level: 'info', destination: sink });
  log.info({ from: '+15551234567', profile: { email: 'ann@example.com' } }, 'message from ann@example.com');
  await new Promise((r) => setImmediate(r));
  const line = JSON.parse(lines.join(''));
  expect(line.from).toBe('[phone]');
  expect(line.profile.email).toBe('[email]');
  expect(line.msg).toBe('message from [email]');
  expect(typeof line.time).toBe('number');
});

test('redact: false logs the line as it is, PII included (local debugging)', async () => {
  const { lines, sink } = capture();
  const log = createLogger({ level: 'info', destination: sink, redact: false });
  log.info({ from: '+15551234567' }, 'message from ann@example.com');
  await new Promise((r) => setImmediate(r));
  const line = JSON.parse(lines.join(''));
  expect(line.from).toBe('+15551234567');
  expect(line.msg).toBe('message from ann@example.com');
});
