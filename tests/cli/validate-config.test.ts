import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateBot } from '../../cli/commands/validate';
import { runConversationTests } from '../../server/conversation-tests';

// Issue 20 item 4: each mistake validate used to pass (or explain badly), reported at its place.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-validate-config-'));
  mkdirSync(join(dir, 'dialogs'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
const problems = async () => (await validateBot(dir)).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);

test('a default locale the bot does not speak', async () => {
  write('bot.yaml', 'name: Shop\ndefaultLocale: fr\nlocales: [en]\n');
  expect(await problems()).toEqual(['bot.yaml:2:16 defaultLocale: "fr" is not one of locales [en]: add it (locales: [en, fr]) or set defaultLocale to one of [en]']);
  write('bot.yaml', 'name: Shop\ndefaultLocale: fr\nlocales: [en, fr]\n');
  expect(await problems()).toEqual([]);
});

test('a misspelt text key, with the nearest known key; the bot’s own keys stay allowed', async () => {
  write('bot.yaml', 'name: Shop\nmessages:\n  en:\n    greeting: Hi\n    fallbak: Sorry\n    kb.clarfy: Which one?\n');
  expect(await problems()).toEqual([
    'bot.yaml:5:5 messages.en.fallbak: unknown text key; did you mean "fallback"?',
    'bot.yaml:6:5 messages.en.kb.clarfy: unknown text key; did you mean "kb.clarify"?',
  ]);
});

test('a text key that moved (the CSAT texts, now shared by handoff and analytics) names its new key', async () => {
  write('bot.yaml', 'name: Shop\nmessages:\n  en:\n    handoff.csat: Rate us\n    csat.thanks: Cheers\n');
  expect(await problems()).toEqual([
    'bot.yaml:4:5 messages.en.handoff.csat: this text is now "csat.ask" (CSAT texts are shared by handoff and analytics); rename the key',
  ]);
});

test('an unknown channel name, with the known ones', async () => {
  write('bot.yaml', 'name: Shop\nchannels:\n  twilio: { accountSid: AC1 }\n  slak: {}\n');
  expect(await problems()).toEqual([
    'bot.yaml:3:3 channels.twilio: unknown channel (did you mean "sms"?); known: web, sms, whatsapp, whatsapp-web, slack, teams, email',
    'bot.yaml:4:3 channels.slak: unknown channel (did you mean "slack"?); known: web, sms, whatsapp, whatsapp-web, slack, teams, email',
  ]);
});

test('a misspelt channel setting, with the setting meant and those the channel takes', async () => {
  write('bot.yaml', 'name: Shop\nchannels:\n  sms:\n    accountSid: AC1\n    authTokn: secret\n');
  expect(await problems()).toEqual([
    'bot.yaml:5:5 channels.sms.authTokn: unknown setting (did you mean "authToken"?); sms takes accountSid, authToken, phoneNumber, publicUrl, apiBase, lookupSent',
  ]);
});

const bikeDialog = (choices: string) => `id: bike
triggers:
  payloads: [bike]
steps:
  - ask: kind
    type: choice
    prompt: { en: "Which kind?" }
    choices: ${choices}
  - say: { en: "A {{slots.kind}} bike." }
`;

test('choices as plain strings are the shorthand for { value }, and work in a conversation', async () => {
  write('bot.yaml', 'name: Shop\n');
  write('dialogs/bike.yaml', bikeDialog('[Road, Mountain]'));
  expect(await problems()).toEqual([]);
  mkdirSync(join(dir, 'tests'));
  write('tests/bike.yaml', 'tests:\n  - name: picks by title\n    steps:\n      - user: { payload: bike }\n      - bot: { text: Which kind?, buttons: [Road, Mountain] }\n      - user: "2"\n      - bot: A Mountain bike.\n');
  const [result] = await runConversationTests(dir);
  expect(result).toMatchObject({ passed: true });
});

test('a choice of another shape says the expected shape', async () => {
  write('bot.yaml', 'name: Shop\n');
  write('dialogs/bike.yaml', bikeDialog('[Road, 3]'));
  expect(await problems()).toEqual(['dialogs/bike.yaml:8:21 steps.0.choices.1: expected a string ("Road") or { value, title, synonyms } (value: what the slot gets; title: the button, per locale)']);
});

test('start-up refuses the same mistakes (a misnamed channel would silently stay off)', async () => {
  write('bot.yaml', 'name: Shop\nchannels:\n  twilio: {}\n');
  const { loadBot } = await import('../../server/load-bot');
  await expect(loadBot(dir)).rejects.toThrow(/bot\.yaml:3:3 channels\.twilio: unknown channel/);
});
