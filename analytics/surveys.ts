import type { EventBus } from '../core/bus';
import type { Logger } from '../core/logger';
import type { Migration, SqlDriver } from '../core/storage/sql';
import { SurveyAnswered, type SurveyAnsweredPayload } from '../surveys/topics';
import { round } from './satisfaction';
import type { Range } from './facts';

/** Analytics' own copy of survey scores (from `SurveyAnswered`): never the surveys module's tables. */
export const surveyReadModelMigrations: Migration[] = [
  {
    id: 'analytics/010-survey-scores',
    sql: `
CREATE TABLE analytics_survey_scores (
  survey_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  type TEXT NOT NULL,
  score INTEGER NOT NULL,
  channel TEXT NOT NULL,
  segment TEXT,
  answered_at BIGINT NOT NULL
);
CREATE INDEX analytics_survey_scores_time ON analytics_survey_scores (answered_at);
`,
  },
];

/** NPS (−100…100: % promoters 9–10 minus % detractors 0–6) or mean CSAT (1–5) of a group of answers. */
export interface ScoreFigure {
  responses: number;
  score: number | null;
}

/** A figure overall and broken down by channel and by journey segment (`none` without one). */
export interface ScoreBreakdown extends ScoreFigure {
  byChannel: Record<string, ScoreFigure>;
  bySegment: Record<string, ScoreFigure>;
}

/** What `GET /api/analytics/surveys` returns. */
export interface SurveyFigures {
  nps: ScoreBreakdown;
  csat: ScoreBreakdown;
}

interface ScoreRow {
  type: string;
  score: number;
  channel: string;
  segment: string | null;
}

/** Keeps NPS and CSAT answers as the surveys module publishes them, and computes the figures. */
export class SurveyScores {
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly sql: SqlDriver) {}

  /** Records every scored NPS and CSAT answer from now on; returns the unsubscribe. */
  follow(bus: EventBus, logger: Logger): () => void {
    return bus.subscribe(SurveyAnswered, (payload) => {
      this.writes = this.writes.then(() => this.record(payload)).catch((err) => logger.warn({ err }, 'analytics could not record a survey answer'));
    });
  }

  /** Resolves once every answer received so far is written. */
  async settled(): Promise<void> {
    await this.writes;
  }

  /** Stores one answer when it is an NPS or CSAT score. */
  async record(a: SurveyAnsweredPayload): Promise<void> {
    if ((a.type !== 'nps' && a.type !== 'csat') || a.score === undefined) return;
    await this.sql.run(
      `INSERT INTO analytics_survey_scores (survey_id, question_id, conversation_id, customer_id, type, score, channel, segment, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [a.surveyId, a.questionId, a.conversationId, a.customerId, a.type, a.score, a.channel, a.segment ?? null, a.answeredAt],
    );
  }

  /** NPS and CSAT in the range (and channel, when the range names one), with their breakdowns. */
  async figures(range: Range): Promise<SurveyFigures> {
    const params: unknown[] = [range.from, range.to];
    if (range.channel) params.push(range.channel);
    const rows = await this.sql.all<ScoreRow>(
      `SELECT type, score, channel, segment FROM analytics_survey_scores WHERE answered_at >= ? AND answered_at < ?${range.channel ? ' AND channel = ?' : ''}`,
      params,
    );
    const of = (type: string) => rows.filter((r) => r.type === type).map((r) => ({ ...r, score: Number(r.score) }));
    return { nps: breakdown(of('nps'), nps), csat: breakdown(of('csat'), mean) };
  }
}

function breakdown(rows: ScoreRow[], figure: (scores: number[]) => number | null): ScoreBreakdown {
  const group = (key: (r: ScoreRow) => string) => {
    const groups = new Map<string, number[]>();
    for (const r of rows) groups.set(key(r), [...(groups.get(key(r)) ?? []), r.score]);
    return Object.fromEntries([...groups].map(([k, scores]) => [k, { responses: scores.length, score: figure(scores) }]));
  };
  const scores = rows.map((r) => r.score);
  return { responses: scores.length, score: figure(scores), byChannel: group((r) => r.channel), bySegment: group((r) => r.segment ?? 'none') };
}

/** Net Promoter Score: % of 9–10 minus % of 0–6, rounded to one decimal; null without answers. */
export function nps(scores: number[]): number | null {
  if (!scores.length) return null;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return round(((promoters - detractors) / scores.length) * 100, 1);
}

/** Mean score to two decimals; null without answers. */
function mean(scores: number[]): number | null {
  return scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length, 2) : null;
}
