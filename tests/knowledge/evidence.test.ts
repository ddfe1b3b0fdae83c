import type { App } from '../../server/app';
import { identityModule } from '../../identity/module';
import { eraseCustomer } from '../../identity/privacy';
import { knowledgeCustomerData } from '../../knowledge/customer-data';
import { EvidenceStore } from '../../knowledge/learning/evidence';
import { api, ask, botDir, GIFT_SHOP_ARTICLES, GIFT_SHOP_YAML, startApp } from './helpers';

const YAML = GIFT_SHOP_YAML;

const ARTICLES = GIFT_SHOP_ARTICLES;

interface Listed {
  total: number;
  items: Array<{ id: string; question: string; articleId: string; helpful: boolean; source: string; status: string; customerId: string }>;
}

const cited = (reply: { metadata?: Record<string, unknown> }) => (reply.metadata?.kb as { status: string; citations?: Array<{ articleId: string }> }).citations?.[0]?.articleId;
const status = (reply: { metadata?: Record<string, unknown> }) => (reply.metadata?.kb as { status: string }).status;

describe('learning from conversations', () => {
  let app: App;
  beforeEach(async () => {
    // With the identity module, whose erasure (its count and audit) the last test runs.
    ({ app } = await startApp(botDir(ARTICLES, YAML), { modules: [identityModule()] }));
  });
  afterEach(() => app.close());

  test('a clarifying choice is learned and used at once: the next customer asking the same gets the article', async () => {
    const [question] = await ask(app, 'gift for my mum', { address: 'ann' });
    expect(status(question)).toBe('clarify');
    const wrapping = question.buttons!.find((b) => b.title === 'Gift wrapping')!;
    await ask(app, wrapping.title, { address: 'ann', payload: wrapping.payload });

    const [answer] = await ask(app, 'gift for my mum', { address: 'bob' });
    expect(status(answer)).toBe('answered');
    expect(cited(answer)).toBe('gift-wrapping');
    const listed = (await (await api(app, 'GET', '/api/kb/evidence')).json()) as Listed;
    expect(listed.items).toEqual([expect.objectContaining({ question: 'gift for my mum', articleId: 'gift-wrapping', helpful: true, source: 'clarify-choice', status: 'learned' })]);
  });

  test('"No" suppresses the article for that question; an editor removing the evidence brings it back', async () => {
    const [first] = await ask(app, 'How much does gift wrapping cost?', { address: 'ann' });
    expect(cited(first)).toBe('gift-wrapping');
    const no = first.buttons!.find((b) => b.title === 'No')!;
    await ask(app, 'No', { address: 'ann', payload: no.payload });

    const [again] = await ask(app, 'How much does gift wrapping cost?', { address: 'bob' });
    expect(cited(again)).not.toBe('gift-wrapping');
    const { items } = (await (await api(app, 'GET', '/api/kb/evidence?status=learned')).json()) as Listed;
    expect(items).toEqual([expect.objectContaining({ articleId: 'gift-wrapping', helpful: false, source: 'feedback' })]);

    expect((await api(app, 'DELETE', `/api/kb/evidence/${items[0].id}`)).status).toBe(200);
    const [restored] = await ask(app, 'How much does gift wrapping cost?', { address: 'cat' });
    expect(cited(restored)).toBe('gift-wrapping');
  });

  test('"Yes" is recorded; editors accept evidence; bad requests get a 4xx with the reason', async () => {
    const [first] = await ask(app, 'How much does gift wrapping cost?', { address: 'ann' });
    await ask(app, 'Yes', { address: 'ann', payload: first.buttons!.find((b) => b.title === 'Yes')!.payload });
    const { items } = (await (await api(app, 'GET', '/api/kb/evidence')).json()) as Listed;
    expect(items).toEqual([expect.objectContaining({ helpful: true, source: 'feedback', articleId: 'gift-wrapping' })]);

    const accepted = await api(app, 'POST', `/api/kb/evidence/${items[0].id}/accept`);
    expect(((await accepted.json()) as { status: string }).status).toBe('accepted');
    expect((await api(app, 'POST', '/api/kb/evidence/kbe_nope/accept')).status).toBe(404);
    expect((await api(app, 'GET', '/api/kb/evidence?status=maybe')).status).toBe(400);
    expect((await api(app, 'GET', '/api/kb/evidence', undefined, null)).status).toBe(401);
  });

  test('an agent inserting a suggested article records evidence for the customer’s question', async () => {
    const insert = { customerId: 'cus_1', conversationId: 'conv_1', question: 'wrap it as a present?', locale: 'en', articleId: 'gift-wrapping', articleLocale: 'en' };
    const created = await api(app, 'POST', '/api/kb/evidence', insert);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ source: 'agent-insert', helpful: true, customerId: 'cus_1' });
    const unknown = await api(app, 'POST', '/api/kb/evidence', { ...insert, articleId: 'no-such' });
    expect(unknown.status).toBe(404);
    const bad = await api(app, 'POST', '/api/kb/evidence', { ...insert, question: '' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/question/);
  });

  test('erasing the customer erases what was learned from them, and it is no longer used', async () => {
    const [question] = await ask(app, 'gift for my mum', { address: 'ann' });
    const wrapping = question.buttons!.find((b) => b.title === 'Gift wrapping')!;
    await ask(app, wrapping.title, { address: 'ann', payload: wrapping.payload });
    const { items } = (await (await api(app, 'GET', '/api/kb/evidence')).json()) as Listed;
    const customerId = items[0].customerId;

    const store = new EvidenceStore(app.store.sql);
    expect(await store.exportCustomer(customerId)).toEqual([expect.objectContaining({ question: 'gift for my mum' })]);
    // The knowledge module's customer-data declaration covers the evidence table.
    expect(await eraseCustomer(app.store.sql, customerId, 'test', [knowledgeCustomerData])).toBe(true);
    expect(await store.exportCustomer(customerId)).toEqual([]);
    const [after] = await ask(app, 'gift for my mum', { address: 'bob' });
    expect(status(after)).toBe('clarify');
    // The module's own erase function, for the per-module registry.
    expect(await store.eraseCustomer('nobody')).toBe(0);
  });
});
