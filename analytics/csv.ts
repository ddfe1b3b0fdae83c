import type { Figures, ScoredConversation, Summary } from './report';

const FIGURES: Array<keyof Figures> = [
  'conversations', 'contained', 'handedOff', 'containmentRate', 'handoffRate', 'firstResponseBotSeconds', 'firstResponseAgentSeconds',
  'resolutionBotSeconds', 'resolutionAgentSeconds', 'csatResponses', 'csatAverage', 'sentimentAverage', 'predictedSatisfaction',
];

/** The summary as CSV: one row per day, one per channel, and the total (`scope` says which). */
export function summaryCsv(summary: Summary): string {
  const rows: unknown[][] = [['scope', 'key', ...FIGURES]];
  for (const d of summary.byDay) rows.push(['day', d.day, ...FIGURES.map((k) => d[k])]);
  for (const c of summary.byChannel) rows.push(['channel', c.channel, ...FIGURES.map((k) => c[k])]);
  rows.push(['total', summary.channel ?? 'all', ...FIGURES.map((k) => summary.totals[k])]);
  return toCsv(rows);
}

/** One row per conversation with its predicted and real satisfaction. */
export function conversationsCsv(scored: ScoredConversation[]): string {
  const rows: unknown[][] = [['conversation_id', 'channel', 'day', 'inbound', 'fallbacks', 'handoffs', 'handoff_reason', 'sentiment', 'predicted_csat', 'csat']];
  for (const s of scored) {
    const f = s.facts;
    const sentiment = f.sentiments.length ? Math.round((f.sentiments.reduce((a, b) => a + b, 0) / f.sentiments.length) * 1000) / 1000 : '';
    rows.push([f.id, f.channel, f.day, f.inbound, f.fallbacks, f.handoffs.length, f.handoffs[0]?.reason ?? '', sentiment, s.predicted, s.csat ?? '']);
  }
  return toCsv(rows);
}

/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with `'`. */
export function toCsv(rows: unknown[][]): string {
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value !== 'number') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
