import { MemoryBus } from '../../core/bus';
import type { SqlStore } from '../../core/storage/sql-store';
import { surveySettings } from '../../surveys/config';
import { surveysModule } from '../../surveys/module';
import { surveyMigrations, SurveyService } from '../../surveys/service';
import { SurveyAnswered, type SurveyAnsweredPayload } from '../../surveys/topics';
import { onBothDatabases } from '../support/databases';

/**
 * The surveys module's tables through `SurveyService` (runs, answers, cooldown, retries) and its
 * customer-data declaration, the same on SQLite and PostgreSQL.
 */
onBothDatabases('surveys repository contract', surveyMigrations, (open) => {
  const HOUR = 3_600_000;
  let store: SqlStore;
  let now: number;
  let published: SurveyAnsweredPayload[];
  let surveys: SurveyService;
  beforeEach(async () => {
    store = await open();
    now = 1_700_000_000_000;
    published = [];
    const bus = new MemoryBus();
    bus.subscribe(SurveyAnswered, (payload) => void published.push(payload));
    const settings = surveySettings({
      cooldownDays: 1,
      after_handoff: {
        trigger: 'handoff_resolved',
        questions: [
          { id: 'nps', type: 'nps', text: { en: 'How likely are you to recommend us?' } },
          { id: 'why', type: 'text', text: { en: 'Why?' } },
        ],
      },
    });
    surveys = new SurveyService(store.sql, settings, bus, { messages: {}, defaultLocale: 'en' }, () => now);
  });
  afterEach(() => store.close());

  const ann = { customerId: 'cus_ann', conversationId: 'conv-ann', locale: 'en', maxButtons: 11 };

  test('a run starts once per source and once per cooldown; its first question is asked for the channel', async () => {
    const first = await surveys.start('after_handoff', 'handoff:h1', ann);
    expect(first?.text).toBe('How likely are you to recommend us?');
    expect(first?.buttons?.map((b) => b.payload)).toEqual(Array.from({ length: 11 }, (_, i) => `survey:${i}`));
    expect(await surveys.start('after_handoff', 'handoff:h2', ann)).toBeUndefined(); // within the cooldown
    now += 25 * HOUR;
    expect(await surveys.start('after_handoff', 'handoff:h1', { ...ann, customerId: 'cus_bo' })).toBeUndefined(); // the same source
    const sms = await surveys.start('after_handoff', 'handoff:h3', { ...ann, customerId: 'cus_bo', maxButtons: 3 });
    expect(sms?.buttons).toBeUndefined();
    expect(sms?.text).toMatch(/0.*10/);
    await expect(surveys.start('nope', 'x', ann)).rejects.toThrow(/No survey "nope"/);
  });

  test('answers are stored per question and published; the run ends after the last', async () => {
    await surveys.start('after_handoff', 'handoff:h1', ann);
    const run = await surveys.open('cus_ann');
    expect(run).toMatchObject({ surveyId: 'after_handoff', customerId: 'cus_ann', conversationId: 'conv-ann', question: 0, retries: 0 });
    now += 60_000;
    expect((await surveys.record(run!, { score: 9, channel: 'web' }, ann)).text).toBe('Why?');
    const second = await surveys.open('cus_ann');
    expect(second?.question).toBe(1);
    expect((await surveys.record(second!, { text: 'Fast answers', sentiment: 0.6, channel: 'web' }, ann)).text).toBeTruthy();
    expect(await surveys.open('cus_ann')).toBeUndefined();
    expect(await store.sql.all(`SELECT question_id, customer_id, channel, score, text, answered_at FROM survey_answers ORDER BY question_id`)).toEqual([
      { question_id: 'nps', customer_id: 'cus_ann', channel: 'web', score: 9, text: null, answered_at: now },
      { question_id: 'why', customer_id: 'cus_ann', channel: 'web', score: null, text: 'Fast answers', answered_at: now },
    ]);
    expect(published.map((p) => [p.questionId, p.type, p.score, p.sentiment])).toEqual([
      ['nps', 'nps', 9, undefined],
      ['why', 'text', undefined, 0.6],
    ]);
    // The same question answered twice is refused by the table (one answer per run and question);
    // the driver's error may come from another realm, so its message is matched.
    await expect(surveys.record(run!, { score: 3, channel: 'web' }, ann)).rejects.toMatchObject({ message: expect.stringMatching(/unique constraint/i) });
  });

  test('a question waits a day for its answer; an invalid answer is asked again once, then the run lets go', async () => {
    await surveys.start('after_handoff', 'handoff:h1', ann);
    now += 25 * HOUR;
    expect(await surveys.open('cus_ann')).toBeUndefined();
    now -= 2 * HOUR;
    const run = (await surveys.open('cus_ann'))!;
    expect(await surveys.retry(run)).toBe(true);
    const again = (await surveys.open('cus_ann'))!;
    expect(again.retries).toBe(1);
    expect(await surveys.retry(again)).toBe(false);
    expect(await surveys.open('cus_ann')).toBeUndefined();
    expect(await store.sql.all(`SELECT status FROM survey_runs`)).toEqual([{ status: 'abandoned' }]);
  });

  test('export lists the customer’s runs and answers; erasure removes them and nobody else’s', async () => {
    const [declaration] = surveysModule().customerData ?? [];
    await surveys.start('after_handoff', 'handoff:h1', ann);
    await surveys.record((await surveys.open('cus_ann'))!, { score: 7, channel: 'web' }, ann);
    await surveys.start('after_handoff', 'handoff:h2', { ...ann, customerId: 'cus_bo', conversationId: 'conv-bo' });
    const subject = { sql: store.sql, customerIds: ['cus_ann'], conversationIds: ['conv-ann'], addresses: [], keyedHash: (v: string) => v };
    const exported = await declaration.export(subject);
    expect(exported.survey_runs).toEqual([expect.objectContaining({ customer_id: 'cus_ann', source: 'handoff:h1' })]);
    expect(exported.survey_answers).toEqual([expect.objectContaining({ customer_id: 'cus_ann', score: 7 })]);
    await store.sql.transaction((tx) => declaration.erase({ ...subject, sql: tx }));
    expect(await store.sql.all(`SELECT customer_id FROM survey_runs`)).toEqual([{ customer_id: 'cus_bo' }]);
    expect(await store.sql.all(`SELECT customer_id FROM survey_answers`)).toEqual([]);
  });
});
