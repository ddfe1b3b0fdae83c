/**
 * Agent console latency over loopback, on the real app with SMS against a fake Twilio: a customer's
 * SMS webhook posted → the message on an agent's console socket; an agent's reply posted → the SMS
 * reaching Twilio; and the queue and conversation API with many conversations waiting. Prints one
 * JSON line of percentiles (ms).
 *
 *   node bin/run-ts.js bench/console.ts [conversations=40] [messages=200]
 */
import WebSocket from 'ws';
import { ADMIN, startConsoleApp } from '../testkit/e2e/support';

const CONVERSATIONS = Number(process.argv[2]) || 40;
const MESSAGES = Number(process.argv[3]) || 200;

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const p = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10;
  return { n: s.length, p50: p(0.5), p95: p(0.95), max: p(1) };
}

async function main(): Promise<void> {
  const h = await startConsoleApp();
  try {
    const phones = Array.from({ length: CONVERSATIONS }, (_, i) => `+1555600${String(i).padStart(4, '0')}`);
    for (const phone of phones) await h.sms(phone, 'I want to talk to a human');
    await h.app.engine.idle();
    const admin = await h.login(ADMIN.email, ADMIN.password);
    const auth = { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' };

    // Customer SMS → console socket.
    const ws = new WebSocket(h.base.replace('http', 'ws') + '/console/socket', { headers: { cookie: admin.cookie } });
    const waiting = new Map<string, () => void>();
    ws.on('message', (data) => {
      const event = JSON.parse(data.toString()) as { type: string; message?: { text: string } };
      if (event.type === 'message' && event.message) waiting.get(event.message.text)?.();
    });
    await new Promise((resolve) => ws.once('message', resolve));
    const push: number[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const text = `question number ${i}`;
      const seen = new Promise<void>((resolve) => waiting.set(text, resolve));
      const start = performance.now();
      await h.sms(phones[i % phones.length], text);
      await seen;
      push.push(performance.now() - start);
    }

    // Queue and conversation reads with every conversation waiting.
    const queue: number[] = [];
    const conversation: number[] = [];
    let ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      let start = performance.now();
      const body = (await (await fetch(`${h.base}/api/handoff/queue`, { headers: auth })).json()) as { handoffs: Array<{ id: string }> };
      queue.push(performance.now() - start);
      ids = body.handoffs.map((x) => x.id);
      start = performance.now();
      await (await fetch(`${h.base}/api/handoff/conversations/${ids[i % ids.length]}`, { headers: auth })).json();
      conversation.push(performance.now() - start);
    }

    // Agent reply → SMS at Twilio.
    const reply: number[] = [];
    for (let i = 0; i < Math.min(30, ids.length); i++) {
      await fetch(`${h.base}/api/handoff/conversations/${ids[i]}/claim`, { method: 'POST', headers: auth, body: '{}' });
      const phone = phones[i];
      const text = `agent answer ${i}`;
      const start = performance.now();
      await fetch(`${h.base}/api/handoff/conversations/${ids[i]}/reply`, { method: 'POST', headers: auth, body: JSON.stringify({ text }) });
      while (!h.textsTo(phone).includes(text)) await new Promise((r) => setTimeout(r, 2));
      reply.push(performance.now() - start);
    }
    ws.close();
    console.log(JSON.stringify({ bench: 'console', conversations: CONVERSATIONS, smsToConsoleSocket: stats(push), agentReplyToSms: stats(reply), queueApi: stats(queue), conversationApi: stats(conversation) }));
  } finally {
    await h.close();
  }
}

void main();
