import type { Command } from '../main';
import { readStaffingSettings, staffingPlan } from '../../analytics/staffing';
import { HandoffRepository } from '../../handoff/repository';
import { openBotStore } from '../../server/store';

const command: Command = {
  name: 'staffing',
  summary: 'Forecast next week’s escalations per hour and the agents needed (Erlang C)',
  usage: `Usage: switchboard staffing [--bot botDir] [--weeks 8] [--target 0.8] [--answer 60] [--aht 300] [--concurrency 1] [--json]

Reads when past conversations reached agents (the handoff queue), forecasts next week's volume
per hour with a seasonal model (back-tested on the last week of history), and computes the agents
needed per hour with Erlang C so that --target of conversations are answered within --answer
seconds, given an average handle time of --aht seconds and --concurrency chats per agent.

  --bot DIR         bot folder whose store to read (default bots/demo; DATABASE_URL overrides)
  --weeks N         weeks of history to learn from (default 8)
  --target F        service level target, 0–1 (default 0.8)
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
    const { weeks, target } = readStaffingSettings(
      (name) => values[name] as string | undefined,
      (name, min, max) => new Error(`--${name} must be a number from ${min} to ${max}`),
    );
    const store = await openBotStore(String(values.bot ?? 'bots/demo'));
    try {
      // Read-only: a store the handoff module never ran on has no arrivals (and gets no tables).
      const hasTable = await store.sql.get(`SELECT 1 AS ok FROM schema_migrations WHERE id = 'handoff/001-initial'`);
      const arrivals = hasTable ? await new HandoffRepository(store.sql, () => store.now()).requestTimes() : [];
      const plan = staffingPlan(arrivals, Date.now(), weeks, target);
      if (values.json) {
        console.log(JSON.stringify({ arrivals: arrivals.length, ...plan }));
        return 0;
      }
      if (!arrivals.length) {
        console.log('No conversations have reached agents yet, so there is nothing to forecast from. Run the bot for a few weeks with handoff on.');
        return 0;
      }
      console.log(`Staffing for the week of ${plan.from.slice(0, 10)} from ${arrivals.length} escalations over ${weeks} weeks`);
      console.log(`Target: ${Math.round(target.target * 100)}% answered within ${target.answerSeconds}s; handle time ${target.handleSeconds}s; ${target.concurrency} at once`);
      if (plan.backtest) {
        console.log(`Back-test on the last week: WAPE ${(plan.backtest.wape * 100).toFixed(1)}% (same-as-last-week: ${(plan.backtest.naiveWape * 100).toFixed(1)}%), MAE ${plan.backtest.mae.toFixed(2)}/hour`);
      }
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
