import { join } from 'node:path';
import { silentLogger } from '../../core/logger';
import { summarize } from '../../analytics/report';
import { AnalyticsReadModel } from '../../analytics/read-model';
import { createApp, type App } from '../../server/app';
import { dropSchemas, requireServices, schemaUrl, uniqueName } from '../scale/services';
import { seed } from './seed';

/** The same seeded figures from PostgreSQL: the analytics SQL is portable. */
describe('analytics on PostgreSQL', () => {
  const schema = uniqueName('sban');
  let app: App;

  beforeAll(async () => {
    await requireServices();
    app = await createApp({ botDir: join(__dirname, 'bot'), databaseUrl: schemaUrl(schema), env: {}, logger: silentLogger() });
    await seed(app);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await dropSchemas([schema]);
  });

  test('summary figures match the SQLite ones', async () => {
    const s = await summarize({ store: app.store, model: new AnalyticsReadModel(app.store.sql) }, { from: Date.UTC(2026, 2, 2), to: Date.UTC(2026, 2, 4) });
    expect(s.totals).toMatchObject({
      conversations: 5, contained: 3, handedOff: 2, containmentRate: 0.6, firstResponseBotSeconds: 4.4, firstResponseAgentSeconds: 75,
      resolutionBotSeconds: 24.7, resolutionAgentSeconds: 450, csatResponses: 2, csatAverage: 3, sentimentAverage: -0.15,
    });
    expect(s.knowledge).toMatchObject({ questions: 4, answered: 2, ownLanguageRate: 0.5 });
    expect(s.handoffReasons).toEqual([{ reason: 'customer-request', count: 1 }, { reason: 'fallbacks', count: 1 }]);
  });
});
