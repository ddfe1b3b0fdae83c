import { formBotApp, say, sms } from '../identity/support';
import { hashPassword } from '../../handoff/auth';
import { HandoffServiceKey } from '../../handoff/module';

test('CSAT after a handoff on SMS: the 1–5 buttons arrive as a numbered list and a typed digit is recorded', async () => {
  const { app, sms: smsChannel } = await formBotApp();
  try {
    const service = app.bot.services.require(HandoffServiceKey);
    const agent = await service.repo.createAgent({ name: 'Sam', email: 'sam@x.test', passwordHash: await hashPassword('password123'), role: 'agent', skills: [], capacity: 2 });
    await service.repo.setStatus(agent.id, 'available');
    await say(app, sms('+15558880001', 'I want to talk to a human'));
    const conversation = (await app.store.openConversation((await app.store.findCustomerByAddress('sms', '+15558880001'))!.id))!;
    const handoff = (await service.repo.active(conversation.id))!;
    await service.resolve(handoff.id, { csat: true });
    await app.engine.outbox.idle();
    const question = smsChannel.to('+15558880001').pop()!;
    // Rendered for SMS: no buttons, a numbered list instead.
    expect(question.buttons).toBeUndefined();
    expect(question.text).toMatch(/from 1 \(poor\) to 5 \(great\)[\s\S]*1\. 1\n2\. 2\n3\. 3\n4\. 4\n5\. 5/);
    const [thanks] = await say(app, sms('+15558880001', '4'));
    expect(thanks.text).toBe('Thanks for your feedback!');
    expect((await service.repo.get(handoff.id))!.csat).toBe(4);
  } finally {
    await app.close();
  }
});
