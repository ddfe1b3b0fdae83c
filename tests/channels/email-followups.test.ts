import { asksForTranscript } from '../../channels/email/followups';
import { classify } from '../../channels/email/classify';
import { parseAuthResults } from '../../channels/email/auth';
import { simpleParser } from 'mailparser';

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
