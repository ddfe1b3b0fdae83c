/**
 * Acknowledgement latency of the Slack and Teams webhooks (signed request in → 200 out, message
 * stored) and the time until the reply reaches the fake provider, over loopback with the real SDKs.
 * Prints JSON. Run: `node bin/run-ts.js bench/channels-slack-teams.ts [count]`.
 */
import { SlackChannel } from '../channels/slack/adapter';
import { TeamsChannel } from '../channels/teams/adapter';
import { serveAdapter } from '../testkit/channels/support';
import { SIGNING_SECRET, dm, envelope, fakeSlack, signed } from '../testkit/channels/slack-fake';
import { activity, fakeConnector, messageActivity } from '../testkit/channels/teams-fake';

const count = Number(process.argv[2] ?? 200);

function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Number(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(2));
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), max: at(1) };
}

async function run(post: (i: number) => Promise<Response>, repliesSoFar: () => number) {
  const ack: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const res = await post(i);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    ack.push(performance.now() - t0);
  }
  while (repliesSoFar() < count) await new Promise((r) => setTimeout(r, 5));
  return { ackMs: summary(ack), allRepliedMs: Number((performance.now() - started).toFixed(0)) };
}

async function slack() {
  const fake = await fakeSlack().start();
  const app = await serveAdapter(new SlackChannel({ signingSecret: SIGNING_SECRET, botToken: 'xoxb-bench', apiUrl: `${fake.url}/api/`, paceMs: 0 }));
  const result = await run(
    (i) => {
      const body = envelope(dm(`hello ${i}`, {}, `U${i % 20}`));
      return fetch(`${app.url}/api/slack/events`, { method: 'POST', headers: signed(body), body });
    },
    () => fake.calls('chat.postMessage').length,
  );
  await app.close();
  await fake.close();
  return result;
}

async function teams() {
  const fake = await fakeConnector().start();
  const app = await serveAdapter(new TeamsChannel());
  const result = await run(
    (i) =>
      fetch(`${app.url}/api/botframework/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity(fake.url, { text: `hello ${i}`, from: { id: `29:u${i % 20}`, name: 'Bench' } })),
      }),
    () => fake.calls(messageActivity).length,
  );
  await app.close();
  await fake.close();
  return result;
}

void (async () => {
  const report = { bench: 'channels-slack-teams', count, node: process.version, slack: await slack(), teams: await teams() };
  console.log(JSON.stringify(report, null, 2));
})();
