import { identityModule } from '../../identity/module';
import { eraseCustomer } from '../../identity/privacy';
import type { Message } from '../../core/message';
import type { SqlDriver } from '../../core/storage/sql';
import { knowledgeCustomerData } from '../../knowledge/customer-data';
import { EvidenceStore } from '../../knowledge/learning/evidence';
import type { App } from '../../server/app';
import { api, ask, botDir, GIFT_SHOP_ARTICLES, GIFT_SHOP_YAML, startApp } from './helpers';

const YAML = GIFT_SHOP_YAML;

const ARTICLES: Array<[string, string, string, string]> = [
  ...GIFT_SHOP_ARTICLES,
  ['gift-cards', 'es', 'Tarjetas regalo', 'Las tarjetas regalo son válidas durante dos años y no se pueden cambiar por dinero.'],
  ['gift-wrapping', 'es', 'Envolver para regalo', 'Envolver un pedido para regalo cuesta 3,50 €: papel reciclado y una tarjeta escrita a mano.'],
];

const QUESTION = 'gift for my mum';
// Other words than the confirmed question ("is there", "mums"): a paraphrase, asked by someone else.
const PARAPHRASES = ['is there a gift for mum', 'gifts for mums'];

const kbOf = (reply: Message) => reply.metadata?.kb as { status: string; citations?: Array<{ articleId: string }> };
const answeredWith = (reply: Message) => (kbOf(reply).status === 'answered' ? kbOf(reply).citations?.[0]?.articleId : undefined);

/** What a paraphrase gets from a customer who never asked before. */
async function paraphraseAnswers(app: App, who: string): Promise<Array<string | undefined>> {
  const out: Array<string | undefined> = [];
  for (const [i, text] of PARAPHRASES.entries()) out.push(answeredWith((await ask(app, text, { address: `${who}-${i}` }))[0]!));
  return out;
}

/** Ann asks the question; the bot is unsure and offers the gift articles. */
async function annAsks(app: App): Promise<Message> {
  const [reply] = await ask(app, QUESTION, { address: 'ann' });
  expect(kbOf(reply!).status).toBe('clarify');
  return reply!;
}

async function pickWrapping(app: App, question: Message): Promise<Message> {
  const wrapping = question.buttons!.find((b) => b.title === 'Gift wrapping')!;
  const [answer] = await ask(app, wrapping.title, { address: 'ann', payload: wrapping.payload });
  return answer!;
}

async function erase(sql: SqlDriver, customerId: string): Promise<void> {
  expect(await eraseCustomer(sql, customerId, 'test', [knowledgeCustomerData])).toBe(true);
}

describe('each kind of evidence teaches paraphrases in a fresh conversation, until the customer is erased', () => {
  let app: App;
  let evidence: EvidenceStore;
  beforeEach(async () => {
    ({ app } = await startApp(botDir(ARTICLES, YAML), { modules: [identityModule()] }));
    evidence = new EvidenceStore(app.store.sql);
  });
  afterEach(() => app.close());

  test('without evidence the paraphrases are only offered, never answered', async () => {
    expect(await paraphraseAnswers(app, 'before')).toEqual([undefined, undefined]);
  });

  test('a clarifying-question pick', async () => {
    const question = await annAsks(app);
    await pickWrapping(app, question);
    expect((await evidence.list()).items.map((e) => e.source)).toEqual(['clarify-choice']);
    expect(await paraphraseAnswers(app, 'bob')).toEqual(['gift-wrapping', 'gift-wrapping']);

    await erase(app.store.sql, question.customerId);
    expect(await paraphraseAnswers(app, 'cat')).toEqual([undefined, undefined]);
  });

  test('"Did this help?" yes', async () => {
    const answer = await pickWrapping(app, await annAsks(app));
    await ask(app, 'Yes', { address: 'ann', payload: answer.buttons!.find((b) => b.title === 'Yes')!.payload });
    // Only the "Yes" is kept: an editor removes the clarifying choice that came with it.
    const { items } = await evidence.list();
    for (const e of items.filter((e) => e.source !== 'feedback')) await evidence.remove(e.id);
    expect((await evidence.list()).items).toEqual([expect.objectContaining({ source: 'feedback', helpful: true, articleId: 'gift-wrapping', question: QUESTION })]);
    expect(await paraphraseAnswers(app, 'bob')).toEqual(['gift-wrapping', 'gift-wrapping']);

    await erase(app.store.sql, answer.customerId);
    expect(await evidence.list()).toEqual({ total: 0, items: [] });
    expect(await paraphraseAnswers(app, 'cat')).toEqual([undefined, undefined]);
  });

  test('an agent inserting the article from the console’s suggestions', async () => {
    const question = await annAsks(app);
    const insert = { customerId: question.customerId, conversationId: question.conversationId, question: QUESTION, locale: 'en', articleId: 'gift-wrapping', articleLocale: 'en' };
    expect((await api(app, 'POST', '/api/kb/evidence', insert)).status).toBe(201);
    expect(await paraphraseAnswers(app, 'bob')).toEqual(['gift-wrapping', 'gift-wrapping']);

    await erase(app.store.sql, question.customerId);
    expect(await paraphraseAnswers(app, 'cat')).toEqual([undefined, undefined]);
  });

  test('evidence stored before the analysis changed matches with today’s terms (derived on load)', async () => {
    const [before] = await ask(app, 'regalos para madres', { address: 'cat', locale: 'es' });
    expect(answeredWith(before!)).toBeUndefined();
    // A row as an earlier version wrote it: only the question text and its language, no terms.
    await app.store.sql.run(
      `INSERT INTO kb_evidence (id, customer_id, conversation_id, question, locale, article_id, article_locale, helpful, source, status, created_at)
       VALUES ('kbe_old', 'cus_old', 'conv_old', '¿Puedo envolverlo para regalo a mi madre?', 'es', 'gift-wrapping', 'es', 1, 'feedback', 'accepted', 1)`,
    );
    // Read with Spanish stems and question words ("puedo", "mi" left out): "regalos" is "regalo",
    // "madres" is "madre".
    const matches = await new EvidenceStore(app.store.sql).matches('regalos para madres', 0.5);
    expect(matches.map((m) => m.evidence.id)).toEqual(['kbe_old']);
    const [reply] = await ask(app, 'regalos para madres', { address: 'dan', locale: 'es' });
    expect(answeredWith(reply!)).toBe('gift-wrapping');
  });
});
