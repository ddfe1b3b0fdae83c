import type { Command } from '../main';
import { BACKTEST_DAYS, readStaffingSettings, staffingPlan } from '../../analytics/staffing';
import { HandoffRepository } from '../../handoff/repository';
import { defaultModules } from '../../server/modules';
import { openBotStore } from '../../server/store';

const command: Command = {
  name: 'staffing',
  summary: 'Forecast next week’s escalations per hour and the agents needed (Erlang C)',
  usage: `Usage: switchboard staffing [--bot botDir] [--weeks 8] [--target 80] [--answer 60] [--aht 300] [--concurrency 1] [--json]

Reads when past conversations reached agents (the handoff queue), forecasts next week's volume
per hour with a seasonal model (back-tested on the last week of history), and computes the agents
needed per hour with Erlang C so that --target of conversations are answered within --answer
seconds, given an average handle time of --aht seconds and --concurrency chats per agent.

  --bot DIR         bot folder whose store to read (default bots/demo; DATABASE_URL overrides)
  --weeks N         weeks of history to learn from (default 8)
  --target P        service level target in percent, 1–99.9 (default 80; 0.8 is refused as ambiguous)
  --answer S        answer within S seconds (default 60)
  --aht S           average handle time in seconds (default 300)
  --concurrency N   conversations an agent handles at once (default 1)
  --json            one JSON object instead of the table`,
  options: {
    bot: { type: 'string' },
    weeks: { type: 'string' },
    target: { type: 'string' },
    answer: { type: 'string' },
    aht: { type: 'string' },
    concurrency: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    let settings;
    try {
      settings = readStaffingSettings(
        (name) => values[name] as string | undefined,
        (name, min, max, reason) => new Error(`--${name} ${reason ?? `must be a number from ${min} to ${max}`}`),
      );
    } catch (err) {
      console.error((err as Error).message);
      return 2;
    }
    const { weeks, target } = settings;
    // The app's composition says whether handoff is part of it; its tables come with it (the
    // app would create them at start), so a store it never ran on has no arrivals yet.
    const handoff = defaultModules().find((m) => m.name === 'handoff');
    const store = await openBotStore(String(values.bot ?? 'bots/demo'), { migrations: handoff?.migrations });
    try {
      const arrivals = handoff ? await new HandoffRepository(store.sql, () => store.now()).requestTimes() : [];
      const plan = staffingPlan(arrivals, Date.now(), weeks, target);
      if (values.json) {
        console.log(JSON.stringify({ arrivals: arrivals.length, ...plan }));
        return 0;
      }
      if (plan.notEnoughHistory) {
        console.log(`No forecast: ${plan.notEnoughHistory}. ${arrivals.length} escalation${arrivals.length === 1 ? '' : 's'} in the store; run the bot with handoff on for at least a week.`);
        return 0;
      }
      console.log(`Staffing for the week of ${plan.from.slice(0, 10)} from ${arrivals.length} escalations over ${plan.daysOfHistory} days`);
      console.log(`Target: ${target.target}% answered within ${target.answerSeconds}s; handle time ${target.handleSeconds}s; ${target.concurrency} at once`);
      console.log(
        plan.backtest
          ? `Back-test on the last week: WAPE ${(plan.backtest.wape * 100).toFixed(1)}% (same-as-last-week: ${(plan.backtest.naiveWape * 100).toFixed(1)}%), MAE ${plan.backtest.mae.toFixed(2)}/hour`
          : `No back-test: it needs ${BACKTEST_DAYS} days of history with escalations in the last week (${plan.daysOfHistory} days so far).`,
      );
      const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
      console.log(`\nAgents needed per hour (UTC)\n      ${Array.from({ length: 24 }, (_, h) => String(h).padStart(3)).join('')}`);
      for (let d = 0; d < 7; d++) console.log(`${days[d]}   ${plan.hours.slice(d * 24, d * 24 + 24).map((h) => String(h.agents).padStart(3)).join('')}`);
      console.log(`\nPeak: ${plan.peak ? `${plan.peak.agents} agents at ${plan.peak.start}` : 'none'}; ${plan.agentHours} agent-hours in the week.`);
      return 0;
    } finally {
      await store.close();
    }
  },
};

export default command;
