// The analytics dashboard: a report for a date range (tiles, charts, tables) and live tiles for
// the last 24 hours pushed over the dashboard socket. Text only ever goes in as text.
import type { ChartConfiguration } from 'chart.js';
import type { PageChart } from './chart';
import { api, clear, duration, el, problem, reasonLabel, topBar } from '../../core/console-shell/common';
import { byId as $ } from '../../core/console-shell/dom';

/** A figure the server could not compute (no data) is null. */
type Figure = number | null | undefined;

/** The rates every tile row shows. */
interface TileFigures {
  containmentRate: Figure;
  handoffRate: Figure;
  csatAverage: Figure;
  csatResponses: number;
}

/** One day of the report. */
interface Day {
  day: string;
  contained: number;
  handedOff: number;
  csatAverage: Figure;
  predictedSatisfaction: Figure;
  sentimentAverage: Figure;
}

/** One channel's row. */
interface ChannelRow {
  channel: string;
  conversations: number;
  containmentRate: Figure;
  handoffRate: Figure;
  csatAverage: Figure;
  firstResponseBotSeconds: Figure;
}

/** What GET /api/analytics/summary answers (the parts the page shows). */
interface Summary {
  from: string;
  to: string;
  totals: TileFigures & {
    conversations: number;
    predictedSatisfaction: Figure;
    firstResponseBotSeconds: Figure;
    firstResponseAgentSeconds: Figure;
    resolutionBotSeconds: Figure;
    resolutionAgentSeconds: Figure;
  };
  byDay: Day[];
  handoffReasons: { reason: string; count: number }[];
  topIntents: { intent: string; count: number }[];
  byChannel: ChannelRow[];
  knowledge: { questions: number; answerRate: Figure; ownLanguageRate: Figure; gaps: { terms: string[]; count: number; examples: string[] }[] };
  satisfaction: { check: { samples: number; mae?: number; correlation?: number } };
}

/** What GET /api/analytics/surveys answers. */
interface Surveys {
  nps: { score: number | null; responses: number };
  csat: { score: number | null; responses: number };
}

/** A live update on the dashboard socket. */
interface LiveTiles {
  type: string;
  figures: TileFigures & { firstResponseBotSeconds: Figure; conversations: number };
}

const charts = new Map<string, PageChart>();

function pct(v: Figure): string {
  return v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`;
}
function num(v: Figure, digits: number): string {
  return v === null || v === undefined ? '–' : Number(v).toFixed(digits);
}
function secs(v: Figure): string {
  return v === null || v === undefined ? '–' : duration(v);
}

const input = (id: string): HTMLInputElement => $(id, HTMLInputElement);
const channelSelect = (): HTMLSelectElement => $('channel', HTMLSelectElement);

function query(): URLSearchParams {
  const params = new URLSearchParams({ from: input('from').value, to: input('to').value });
  if (channelSelect().value) params.set('channel', channelSelect().value);
  return params;
}

function showTiles(prefix: string, f: TileFigures): void {
  $(`${prefix}containment`).textContent = pct(f.containmentRate);
  $(`${prefix}handoff`).textContent = pct(f.handoffRate);
  $(`${prefix}csat`).textContent = f.csatAverage === null ? '–' : `${num(f.csatAverage, 2)} (${f.csatResponses})`;
}

function chart(id: string, config: ChartConfiguration): void {
  charts.get(id)?.destroy();
  charts.set(id, new window.Chart($(id, HTMLCanvasElement), config));
}

function render(s: Summary): void {
  const t = s.totals;
  showTiles('t-', t);
  $('t-predicted').textContent = num(t.predictedSatisfaction, 2);
  $('t-frt').textContent = `${secs(t.firstResponseBotSeconds)} / ${secs(t.firstResponseAgentSeconds)}`;
  $('t-resolution').textContent = `${secs(t.resolutionBotSeconds)} / ${secs(t.resolutionAgentSeconds)}`;
  const days = s.byDay.map((d) => d.day);
  chart('chart-days', {
    type: 'bar',
    data: {
      labels: days,
      datasets: [
        { label: 'Contained', data: s.byDay.map((d) => d.contained), backgroundColor: '#2b8a3e' },
        { label: 'Handed off', data: s.byDay.map((d) => d.handedOff), backgroundColor: '#e8590c' },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  chart('chart-quality', {
    type: 'line',
    data: {
      labels: days,
      datasets: [
        { label: 'CSAT (real)', data: s.byDay.map((d) => d.csatAverage ?? null), borderColor: '#2b8a3e', spanGaps: true },
        { label: 'Predicted satisfaction', data: s.byDay.map((d) => d.predictedSatisfaction ?? null), borderColor: '#1864ab', borderDash: [4, 4] },
        { label: 'Sentiment (−1…1)', data: s.byDay.map((d) => d.sentimentAverage ?? null), borderColor: '#e8590c', yAxisID: 'sentiment' },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { y: { min: 1, max: 5, title: { display: true, text: 'CSAT 1–5' } }, sentiment: { position: 'right', min: -1, max: 1, grid: { drawOnChartArea: false } } },
    },
  });
  chart('chart-reasons', {
    type: 'doughnut',
    data: {
      labels: s.handoffReasons.map((r) => reasonLabel(r.reason)),
      datasets: [{ data: s.handoffReasons.map((r) => r.count), backgroundColor: ['#e8590c', '#1864ab', '#5f3dc4', '#2b8a3e', '#c92a2a', '#868e96'] }],
    },
    options: { animation: false, maintainAspectRatio: false },
  });
  const intents = clear($('intents'));
  for (const i of s.topIntents) intents.appendChild(el('tr', {}, [el('td', { text: i.intent }), el('td', { text: i.count })]));
  if (!s.topIntents.length) intents.appendChild(el('tr', {}, [el('td', { text: 'No intents recognised yet', colspan: 2, className: 'muted' })]));
  const channels = clear($('channels'));
  for (const c of s.byChannel) {
    channels.appendChild(
      el('tr', { 'data-channel': c.channel }, [
        el('th', { scope: 'row', text: c.channel }), el('td', { text: c.conversations }), el('td', { text: pct(c.containmentRate) }),
        el('td', { text: pct(c.handoffRate) }), el('td', { text: num(c.csatAverage, 2) }), el('td', { text: secs(c.firstResponseBotSeconds) }),
      ]),
    );
  }
  const k = s.knowledge;
  $('kb-figures').textContent = `${k.questions} questions to the knowledge base; ${pct(k.answerRate)} answered with confidence; ${pct(k.ownLanguageRate)} answered in the customer\u2019s own language.`;
  const q = s.satisfaction.check;
  $('sat-check').textContent =
    q.mae === undefined
      ? `Predicted satisfaction uses prior weights until customers answer CSAT (${q.samples} answers so far).`
      : `Predicted satisfaction vs real CSAT (${q.samples} answers, leave-one-out): MAE ${num(q.mae, 2)}, correlation ${num(q.correlation, 2)}.`;
  const gaps = clear($('gaps'));
  for (const g of k.gaps) gaps.appendChild(el('tr', {}, [el('td', { text: g.terms.join(', ') }), el('td', { text: g.count }), el('td', { text: g.examples[0] || '' })]));
}

// NPS and CSAT from surveys (GET /api/analytics/surveys): the figure and its number of answers.
function showSurveys(f: Surveys): void {
  $('t-nps').textContent = f.nps.score === null ? '–' : `${num(f.nps.score, 0)} (${f.nps.responses})`;
  $('t-survey-csat').textContent = f.csat.score === null ? '–' : `${num(f.csat.score, 2)} (${f.csat.responses})`;
}

async function load(): Promise<void> {
  const params = query();
  $('export', HTMLAnchorElement).href = `/api/analytics/export.csv?${params}`;
  $('export-conversations', HTMLAnchorElement).href = `/api/analytics/export.csv?rows=conversations&${params}`;
  $('status').textContent = 'Loading…';
  try {
    const s = await api<Summary>('GET', `/api/analytics/summary?${params}`);
    render(s);
    const select = channelSelect();
    const known = Array.from(select.options, (o) => o.value);
    for (const c of s.byChannel) if (!known.includes(c.channel)) select.appendChild(el('option', { value: c.channel, text: c.channel }));
    showSurveys(await api<Surveys>('GET', `/api/analytics/surveys?${params}`));
    $('status').textContent = `${s.totals.conversations} conversations from ${s.from.slice(0, 10)} to ${s.to.slice(0, 10)} (exclusive).`;
  } catch (err) {
    $('status').textContent = problem(err);
  }
}

function connect(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/console/analytics/socket`);
  ws.onopen = () => {
    $('live-state').textContent = 'Live';
    $('live-state').className = 'pill ok';
  };
  ws.onmessage = (event: MessageEvent<string>) => {
    const data: LiveTiles = JSON.parse(event.data);
    if (data.type !== 'tiles') return;
    showTiles('live-', data.figures);
    $('live-frt').textContent = secs(data.figures.firstResponseBotSeconds);
    $('live-conversations').textContent = String(data.figures.conversations);
  };
  ws.onclose = () => {
    $('live-state').textContent = 'Reconnecting…';
    $('live-state').className = 'pill warn';
    window.setTimeout(connect, 3000);
  };
}

async function start(): Promise<void> {
  await topBar();
  const params = new URLSearchParams(location.search);
  const today = new Date().toISOString().slice(0, 10);
  input('to').value = params.get('to') || today;
  input('from').value = params.get('from') || new Date(Date.now() - 29 * 86400000).toISOString().slice(0, 10);
  $('range').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  await load();
  connect();
}
void start();
