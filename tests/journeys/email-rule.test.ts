import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailStore } from '../../channels/email/store';
import { silentLogger } from '../../core/logger';
import { TestChannel } from '../../core/testing/harness';
import { JourneysKey, journeysModule } from '../../journeys/module';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { openEach } from '../support/open-each';
import { FakeClock, HOUR, T0 } from './support';

/** A bot whose one rule mails care tips after delivery, whichever channel the customer chats on. */
const BOT_YAML = `name: Shop
journeys:
  quietHours: { start: "00:00", end: "00:00" }
  proactive:
    - name: care-tips
      when: { event: order_delivered, after: 1h }
      then: { channel: email, text: { en: "How to care for your new lamp" } }
`;

let dir: string;
let app: App;
let email: TestChannel;
const clock = new FakeClock();

openEach(
  () => {
    const botDir = (dir = mkdtempSync(join(tmpdir(), 'sb-email-rule-')));
    writeFileSync(join(botDir, 'bot.yaml'), BOT_YAML);
    email = new TestChannel('email');
    const modules = defaultModules().map((m) => (m.name === 'journeys' ? journeysModule({ now: clock.now, timers: false }) : m));
    return createApp({ botDir, databaseUrl: ':memory:', channels: [new TestChannel('web'), email], modules, logger: silentLogger() });
  },
  (opened) => opened.close(),
  (opened) => (app = opened),
);
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A web visitor whose profile has an e-mail address and consent to mail. */
async function webCustomer(userId: string, mail: string): Promise<string> {
  const { message } = await app.engine.receive({ channel: 'web', address: userId, text: 'hello' });
  await app.engine.idle();
  await app.store.updateProfile(message.customerId, { email: mail, consent: { email: true } });
  return message.customerId;
}

async function deliveredAndDue(customerId: string) {
  const journeys = app.bot.services.require(JourneysKey);
  await journeys.track([{ customerId, type: 'order_delivered', properties: {}, source: 'api', at: T0 }]);
  const decisions = await journeys.proactive.tick(T0 + 2 * HOUR);
  await app.engine.idle();
  return decisions.map((d) => ({ decision: d.decision, channel: d.channel, reason: d.reason }));
}

test('a journey rule can choose e-mail: the customer chatting on the web gets the tips at their profile address', async () => {
  const id = await webCustomer('ann-web', 'ann@customer.test');
  expect(await deliveredAndDue(id)).toEqual([{ decision: 'sent', channel: 'email', reason: 'text' }]);
  expect(email.sent.map((m) => [m.address, m.text])).toEqual([['ann@customer.test', 'How to care for your new lamp']]);
});

test('the rule skips, with the reason, a customer without an address there or who unsubscribed', async () => {
  const { message } = await app.engine.receive({ channel: 'web', address: 'no-mail', text: 'hello' });
  await app.engine.idle();
  expect(await deliveredAndDue(message.customerId)).toEqual([{ decision: 'skipped', channel: undefined, reason: 'no address on email' }]);

  const bea = await webCustomer('bea-web', 'bea@customer.test');
  await new EmailStore(app.store.sql).setOptOut('bea@customer.test', true, 'link');
  expect(await deliveredAndDue(bea)).toEqual([{ decision: 'skipped', channel: 'email', reason: 'the outbound chain skipped it: unsubscribed from e-mail' }]);
  expect(email.sent).toEqual([]);
});
