import { join } from 'node:path';
import { emailChannel as emailChannelModule } from '../../channels/email';
import { silentLogger } from '../../core/logger';
import { createApp, type App } from '../../server/app';
import { CHANNELS, defaultModules } from '../../server/modules';
import { CUSTOMER_DOMAIN, emailChannel, mailUs, OUR_ADDRESS, resolver, startSink, type Sink } from '../channels/email.fixture';
import { SurveyScores } from '../../analytics/surveys';

const ANN = `ann@${CUSTOMER_DOMAIN}`;

describe('a survey answered by e-mail', () => {
  let sink: Sink;
  let app: App;
  let port: number;
  beforeAll(async () => {
    sink = await startSink();
    app = await createApp({
      botDir: join(__dirname, 'bot'),
      databaseUrl: ':memory:',
      env: { EMAIL_FROM: `Shop <${OUR_ADDRESS}>`, EMAIL_SMTP_URL: `smtp://127.0.0.1:${sink.port}`, EMAIL_SMTP_PORT: '0', EMAIL_SMTP_HOST: '127.0.0.1' },
      modules: defaultModules(CHANNELS.map((m) => (m.name === 'email' ? emailChannelModule({ resolver }) : m))),
      logger: silentLogger(),
    });
    port = emailChannel(app).port ?? 0;
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  test('NPS by mail: the question asks for a number (no list numbering the numbers), the reply "9" is stored and counted for the email channel', async () => {
    await mailUs(port, { from: ANN, subject: 'thanks', text: 'bye' });
    const question = await sink.next(ANN, /recommend us/);
    // E-mail shows buttons as a numbered list, so the scale is asked as "reply with a number".
    expect(question.text).not.toMatch(/11\. 10/);
    expect(question.text).toMatch(/Reply with a number from 0 to 10/);
    await mailUs(port, { from: ANN, subject: `Re: ${question.subject}`, inReplyTo: question.messageId, text: '9' });
    await sink.next(ANN, /main reason/);
    const answer = await app.store.sql.get<{ score: number; channel: string }>(`SELECT score, channel FROM survey_answers WHERE question_id = 'nps'`);
    expect({ score: Number(answer?.score), channel: answer?.channel }).toEqual({ score: 9, channel: 'email' });
    const figures = await new SurveyScores(app.store.sql).figures({ from: 0, to: Date.now() + 1 });
    expect(figures.nps.byChannel).toEqual({ email: { responses: 1, score: 100 } });
  });
});
