import { join } from 'node:path';
import { DAY, HOUR, shopApp, T0 } from '../journeys/support';

describe('a journey rule sends a survey', () => {
  test('three days after delivery the SMS customer gets the survey, answers with digits and words', async () => {
    const shop = await shopApp({ botDir: join(__dirname, 'journeys-bot') });
    try {
      const phone = '+15550000042';
      const { message } = await shop.app.engine.receive({ channel: 'sms', address: phone, text: 'hello', identities: [{ kind: 'phone', value: phone }] });
      await shop.app.engine.idle();
      await shop.app.store.updateProfile(message.customerId, { consent: { sms: true } });
      shop.sms.sent.length = 0;
      await shop.journeys.track([{ customerId: message.customerId, type: 'order_delivered', properties: {}, source: 'api', at: T0 }]);
      shop.clock.t = T0 + 3 * DAY + HOUR;
      const decisions = await shop.journeys.proactive.tick(shop.clock.t);
      await shop.app.engine.idle();
      expect(decisions.map((d) => [d.rule, d.decision, d.reason])).toEqual([['delivery-survey', 'sent', 'survey delivery']]);
      expect(shop.sms.sent.map((m) => m.text)).toEqual(['How happy are you with your delivery?\nReply with a number from 1 to 5.']);

      await shop.app.engine.receive({ channel: 'sms', address: phone, text: '5' });
      await shop.app.engine.idle();
      expect(shop.sms.sent.at(-1)?.text).toMatch(/^Would you order again\?\n\n1\. Yes\n2\. No$/);
      await shop.app.engine.receive({ channel: 'sms', address: phone, text: 'yes' });
      await shop.app.engine.idle();
      expect(shop.sms.sent.at(-1)?.text).toBe('Thank you for your feedback!');
      const answers = await shop.app.store.sql.all<{ question_id: string; score: number }>(`SELECT question_id, score FROM survey_answers ORDER BY question_id`);
      expect(answers.map((a) => [a.question_id, Number(a.score)])).toEqual([['again', 1], ['csat', 5]]);
    } finally {
      await shop.app.close();
    }
  });
});
