import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateRouting } from '../../cli/eval/answers/routing';
import { dialogsModule } from '../../dialogs/module';
import type { App } from '../../server/app';
import { ask, botDir, startApp } from './helpers';

const ARTICLES: Array<[string, string, string, string]> = [
  ['shipping', 'en', 'Shipping times', 'Standard delivery takes 3 to 5 working days and costs £4.95, free over £50.'],
  ['shipping', 'es', 'Plazos de envío', 'El envío estándar tarda de 3 a 5 días laborables y cuesta 4,95 £, gratis a partir de 50 £.'],
  ['trail-club', 'en', 'Trail Club membership', 'Trail Club is our free membership programme: one point per pound spent and free standard delivery.'],
];

// A dialog's `answer:` question is the bot's wording, in the bot's language: the customer still
// gets the article in theirs, or the article with a note in theirs, never bare English bot text.
const DIALOGS: Record<string, string> = {
  'delivery.yaml': `id: delivery
triggers: { keywords: ['1001'] }
steps:
  - answer: "How long does standard delivery take?"
`,
  'club.yaml': `id: club
triggers: { keywords: ['1002'] }
steps:
  - answer: { en: "What is Trail Club membership?", es: "¿Qué es la membresía Trail Club?" }
`,
};

describe('a dialog’s answer step answers in the customer’s language', () => {
  let app: App;
  let dir: string;
  beforeAll(async () => {
    dir = botDir(ARTICLES, 'name: Shop\ndefaultLocale: en\nlocales: [en, es, de]\nknowledge:\n  answerThreshold: 0.5\n');
    mkdirSync(join(dir, 'dialogs'));
    for (const [file, yaml] of Object.entries(DIALOGS)) writeFileSync(join(dir, 'dialogs', file), yaml);
    ({ app } = await startApp(dir, { modules: [dialogsModule()] }));
  });
  afterAll(() => app.close());

  test('an English question for a Spanish customer answers from the Spanish translation, cited in Spanish', async () => {
    const [reply] = await ask(app, '1001', { address: 'es-1', locale: 'es' });
    expect(reply.text).toMatch(/^El envío estándar tarda de 3 a 5 días/);
    expect(reply.text).toMatch(/Fuente: \[Plazos de envío\]/);
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'shipping', locale: 'es', dialog: 'delivery' });
  });

  test('without a German translation, a German customer gets the English article with the note and label in German', async () => {
    const [reply] = await ask(app, '1001', { address: 'de-1', locale: 'de' });
    expect(reply.text).toMatch(/^Das habe ich nur auf Englisch:\n\nStandard delivery takes 3 to 5 working days/);
    expect(reply.text).toMatch(/Quelle: \[Shipping times\]/);
    expect(reply.text).not.toMatch(/Source:/);
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'shipping', locale: 'en', dialog: 'delivery' });
  });

  test('an English customer gets the English article as before', async () => {
    const [reply] = await ask(app, '1001', { address: 'en-1', locale: 'en' });
    expect(reply.text).toMatch(/^Standard delivery takes 3 to 5 working days/);
    expect(reply.text).toMatch(/Source: \[Shipping times\]/);
  });

  test('a question per locale: the Spanish one for a Spanish customer, noted when the article is only in English', async () => {
    const [reply] = await ask(app, '1002', { address: 'es-2', locale: 'es' });
    expect(reply.text).toMatch(/^Solo tengo esto en inglés:\n\nTrail Club is our free membership programme/);
    expect(reply.text).toMatch(/Fuente: \[Trail Club membership\]/);
    expect(reply.metadata?.knowledge).toEqual({ outcome: 'answer', article: 'trail-club', locale: 'en', dialog: 'club' });
  });

  test('routing counts an answer step’s reply as the dialog’s, and the default route’s as the knowledge base’s', async () => {
    const report = await evaluateRouting(
      [
        { text: '1001', lang: 'de', route: 'dialog:delivery' },
        { text: 'How long does standard delivery take?', lang: 'en', route: 'article:shipping' },
      ],
      { botDir: dir },
    );
    expect(report.to_dialog).toMatchObject({ n: 1, misrouted: 0 });
    expect(report.to_article).toMatchObject({ n: 1, misrouted: 0 });
  });
});
