import { asksForTranscript } from '../../channels/email/followups';
import { classify } from '../../channels/email/classify';
import { parseAuthResults } from '../../channels/email/auth';
import { simpleParser } from 'mailparser';
import { email } from '../../channels/email';
import { parseImapUrl } from '../../channels/email/settings';
import { composeMail } from '../../channels/email/outbound';
import type { Message } from '../../core/message';
import { chooseButton } from '../../core/render';

test('"send me this by e-mail" is recognised in the bots\' languages, and mail talk that asks for nothing is not', () => {
  const asks = [
    'Can you send me this by email?',
    'email me the transcript please',
    '¿Me lo envías por correo?',
    'Mándame esto por email',
    'Schick mir das bitte per E-Mail',
    'Envoie-moi ça par e-mail',
    'Pode me enviar isto por e-mail? envie',
    'Inviami questa conversazione via email',
    'Stuur dit naar mijn mail',
    'Wyślij mi to mailem',
    'Bunu e-posta ile gönder',
    'Пришлите мне это на почту',
    'أرسل لي هذا على البريد الإلكتروني',
    '把这个发送到我的邮箱',
    'これをメールで送って',
  ];
  expect(asks.filter((t) => !asksForTranscript(t))).toEqual([]);
  const not = ['I sent you an email yesterday', 'What is your email address?', 'Email me when my order ships', 'send me a new charger', 'Mi correo es ana@example.com'];
  expect(not.filter(asksForTranscript)).toEqual([]);
});

test('automated mail is told apart by its headers; a person\'s mail is not', async () => {
  const kind = async (headers: string) => classify(await simpleParser(Buffer.from(`${headers}From: a@b.test\r\nSubject: x\r\n\r\nbody\r\n`)))?.kind;
  expect(await kind('Auto-Submitted: auto-replied\r\n')).toBe('auto-reply');
  expect(await kind('Auto-Submitted: no\r\n')).toBeUndefined();
  expect(await kind('X-Autoreply: yes\r\n')).toBe('auto-reply');
  expect(await kind('Precedence: bulk\r\n')).toBe('list');
  expect(await kind('List-Id: <news.b.test>\r\n')).toBe('list');
  expect(await kind('Return-Path: <>\r\n')).toBe('bounce');
  expect(await kind('')).toBeUndefined();
});

test('Authentication-Results are read per RFC 8601, comments dropped', () => {
  expect(parseAuthResults('mx.example.com 1; dkim=pass (good sig) header.d=b.test; spf=fail smtp.mailfrom=x@y.test; dmarc=pass (p=REJECT) header.from=b.test')).toEqual({
    authServId: 'mx.example.com',
    results: [
      { method: 'dkim', result: 'pass' },
      { method: 'spf', result: 'fail' },
      { method: 'dmarc', result: 'pass', headerFrom: 'b.test' },
    ],
  });
});

test('e-mail settings: off without them, and each mistake named with the variable to fix', () => {
  expect(email.configure({})).toBeUndefined();
  expect(email.configure({ PUBLIC_URL: 'https://bot.example.com' })).toBeUndefined();
  expect(() => email.configure({ EMAIL_FROM: 'help@example.com' })).toThrow(/E-mail is half-configured: set EMAIL_SMTP_URL \(or channels\.email\.smtpUrl in bot\.yaml\), the server mail leaves through/);
  expect(() => email.configure({ EMAIL_FROM: 'help', EMAIL_SMTP_URL: 'smtp://x' })).toThrow(/EMAIL_FROM .*is not an e-mail address/);
  expect(() => email.configure({ EMAIL_FROM: 'help@example.com', EMAIL_SMTP_URL: 'http://x' })).toThrow(/EMAIL_SMTP_URL .*must start with smtp:\/\//);
  expect(() => email.configure({ EMAIL_FROM: 'help@example.com', EMAIL_SMTP_URL: 'smtp://x', EMAIL_SMTP_PORT: 'twenty-five' })).toThrow(/EMAIL_SMTP_PORT/);
  expect(email.configure({ EMAIL_FROM: 'Help <help@example.com>', EMAIL_SMTP_URL: 'smtp://x', EMAIL_SMTP_PORT: '2525' })).toMatchObject({ smtpPort: 2525, maxPerSenderPerHour: 20 });
  expect(email.configure({}, { email: { from: 'help@example.com', smtpUrl: 'smtps://x' } })).toMatchObject({ from: 'help@example.com' });
  expect(() => parseImapUrl('ftp://x')).toThrow(/EMAIL_IMAP_URL must start with imaps:\/\//);
  expect(parseImapUrl('imaps://bot%40x.com:p%40ss@imap.x.com/Support')).toEqual({ host: 'imap.x.com', port: 993, secure: true, user: 'bot@x.com', pass: 'p@ss', mailbox: 'Support' });
});

test('a mail numbers the choices in the order offered and keeps link buttons as links', () => {
  const message: Message = {
    id: 'msg_1', channel: 'email', direction: 'outbound', author: 'bot', customerId: 'c', conversationId: 'k', address: 'ann@b.test', status: 'pending', createdAt: 0,
    text: 'Pick **one**', buttons: [{ title: 'Track order', payload: 'TRACK' }, { title: 'Size guide', url: 'https://shop.test/sizes?a=1&b=2' }],
  };
  const mail = composeMail(message, { from: 'Shop <help@shop.test>', domain: 'shop.test', defaultSubject: 'Hello', thread: [] });
  expect(mail.text).toBe('Pick one\n\n1. Track order\n2. Size guide: https://shop.test/sizes?a=1&b=2');
  expect(mail.html).toContain('<p>Pick <strong>one</strong></p>');
  expect(mail.html).toContain('<ol><li>Track order</li><li><a href="https://shop.test/sizes?a=1&#38;b=2">Size guide</a></li></ol>');
  expect(mail).toMatchObject({ messageId: '<msg_1@shop.test>', subject: 'Hello', headers: { 'Auto-Submitted': 'auto-generated' } });
  expect(mail.inReplyTo).toBeUndefined();
  // "2" chooses the second, as on every channel without buttons.
  expect(chooseButton('2', message.buttons)).toEqual({ title: 'Size guide', url: 'https://shop.test/sizes?a=1&b=2' });
});
