// The staffing page: next week's forecast per hour and the agents needed (Erlang C), as a chart
// and a day × hour table, from GET /api/analytics/staffing.
import type { PageChart } from './chart';
import { api, clear, el, problem, topBar } from '../../core/console-shell/common';
import { byId as $ } from '../../core/console-shell/dom';

/** One hour of next week's plan. */
interface HourPlan {
  start: string;
  agents: number;
  forecast: number;
}

/** What GET /api/analytics/staffing answers. */
interface StaffingPlan {
  notEnoughHistory?: string;
  from: string;
  arrivals: number;
  weeksOfHistory: number;
  daysOfHistory: number;
  agentHours: number;
  peak?: { agents: number; start: string } | null;
  backtest?: { wape: number; naiveWape: number; mae: number } | null;
  hours: HourPlan[];
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
let chart: PageChart | undefined;

function render(plan: StaffingPlan): void {
  if (plan.notEnoughHistory) return renderNoForecast(plan, plan.notEnoughHistory);
  $('summary').textContent = plan.arrivals
    ? `Week of ${plan.from.slice(0, 10)}, learnt from ${plan.weeksOfHistory} weeks (${plan.arrivals} escalations in the store): peak ${plan.peak ? `${plan.peak.agents} agents at ${plan.peak.start.slice(0, 16).replace('T', ' ')}` : 'none'}, ${plan.agentHours} agent-hours.`
    : 'No conversations have reached agents yet, so there is nothing to forecast from.';
  $('backtest').textContent = plan.backtest
    ? `Back-test on the last week: WAPE ${(plan.backtest.wape * 100).toFixed(1)}% (same-as-last-week: ${(plan.backtest.naiveWape * 100).toFixed(1)}%), MAE ${plan.backtest.mae.toFixed(2)} per hour.`
    : `No back-test yet: it needs three weeks of history with escalations in the last week (${plan.daysOfHistory} days so far).`;
  if (chart) chart.destroy();
  chart = new window.Chart($('chart-plan', HTMLCanvasElement), {
    data: {
      labels: plan.hours.map((h) => `${DAYS[(new Date(h.start).getUTCDay() + 6) % 7]} ${h.start.slice(11, 13)}h`),
      datasets: [
        { type: 'bar', label: 'Agents needed', data: plan.hours.map((h) => h.agents), backgroundColor: '#1864ab', yAxisID: 'y' },
        { type: 'line', label: 'Forecast conversations', data: plan.hours.map((h) => h.forecast), borderColor: '#e8590c', pointRadius: 0, yAxisID: 'y' },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
  const grid = clear($('grid'));
  const head = el('tr', {}, [el('th', { scope: 'col', text: 'Day' })]);
  for (let h = 0; h < 24; h++) head.appendChild(el('th', { scope: 'col', text: String(h) }));
  grid.appendChild(el('thead', {}, [head]));
  const body = el('tbody');
  DAYS.forEach((day, d) => {
    const row = el('tr', {}, [el('th', { scope: 'row', text: day })]);
    for (const cell of plan.hours.slice(d * 24, d * 24 + 24)) row.appendChild(el('td', { text: cell.agents, title: `${cell.forecast} conversations` }));
    body.appendChild(row);
  });
  grid.appendChild(body);
}

// Too little history: say so instead of drawing an all-zero forecast that reads as "no agents needed".
function renderNoForecast(plan: StaffingPlan, why: string): void {
  $('summary').textContent = `No forecast: ${why} (${plan.arrivals} escalation${plan.arrivals === 1 ? '' : 's'} in the store).`;
  $('backtest').textContent = '';
  if (chart) chart.destroy();
  chart = undefined;
  clear($('grid'));
}

const value = (id: string): string => $(id, HTMLInputElement).value;

async function load(): Promise<void> {
  // The service level is a percentage everywhere (form, API, CLI).
  const params = new URLSearchParams({ weeks: value('weeks'), target: value('level'), answer: value('answer'), aht: value('aht'), concurrency: value('concurrency') });
  try {
    render(await api<StaffingPlan>('GET', `/api/analytics/staffing?${params}`));
  } catch (err) {
    $('summary').textContent = problem(err);
  }
}

async function start(): Promise<void> {
  await topBar();
  $('target').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  await load();
}
void start();
