import type { EventBus } from '../core/bus';
import type { Button, OutboundDraft } from '../core/message';
import type { Migration, SqlDriver } from '../core/storage/sql';
import type { TextSource } from '../core/texts';
import { newId } from '../core/ids';
import type { Question, SurveySettings } from './config';
import { localized, scale, type Answer } from './answers';
import { surveyText } from './texts';
import { SurveyAnswered } from './topics';

/** The surveys module's tables: one run per survey sent, one row per question answered. */
export const surveyMigrations: Migration[] = [
  {
    id: 'surveys/001-runs-and-answers',
    sql: `
CREATE TABLE survey_runs (
  id TEXT PRIMARY KEY,
  survey_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  conversation_id TEXT NOT NULL,
  source TEXT NOT NULL UNIQUE,
  question INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  status TEXT NOT NULL,
  sent_at BIGINT NOT NULL
);
CREATE INDEX survey_runs_customer ON survey_runs (customer_id, sent_at);
CREATE TABLE survey_answers (
  run_id TEXT NOT NULL REFERENCES survey_runs(id),
  survey_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  channel TEXT NOT NULL,
  score INTEGER,
  text TEXT,
  sentiment REAL,
  answered_at BIGINT NOT NULL,
  PRIMARY KEY (run_id, question_id)
);
`,
  },
];

/** A survey sent to a customer and not yet finished. */
export interface SurveyRun {
  id: string;
  surveyId: string;
  customerId: string;
  conversationId: string;
  /** Index of the question awaiting an answer. */
  question: number;
  retries: number;
}

interface RunRow {
  id: string;
  survey_id: string;
  customer_id: string;
  conversation_id: string;
  question: number;
  retries: number;
}

/** How long a sent question waits for its answer (a "7" a week later is about something else). */
const ANSWER_WINDOW_MS = 24 * 3600_000;

/** Where and in which language a survey goes, and how many buttons the channel shows. */
export interface Audience {
  customerId: string;
  conversationId: string;
  locale: string;
  maxButtons: number;
}

/**
 * Surveys: starts a run (unless the customer was surveyed within the cooldown), renders its
 * questions for the channel, records answers and tells analytics (`SurveyAnswered`).
 */
export class SurveyService {
  constructor(
    private readonly sql: SqlDriver,
    readonly settings: SurveySettings,
    private readonly bus: EventBus,
    private readonly texts: TextSource,
    private readonly now: () => number,
  ) {}

  /** The id of the first survey with `trigger`, if the bot defines one. */
  surveyFor(trigger: 'handoff_resolved' | 'bot_resolved' | 'journey'): string | undefined {
    return [...this.settings.surveys].find(([, s]) => s.trigger === trigger)?.[0];
  }

  /**
   * Opens a run of `surveyId` for the audience and returns its first question, or undefined when
   * the customer was surveyed within the cooldown or `source` (a handoff, a conversation) was
   * already surveyed.
   */
  async start(surveyId: string, source: string, to: Audience): Promise<OutboundDraft | undefined> {
    const survey = this.settings.surveys.get(surveyId);
    if (!survey) throw new Error(`No survey "${surveyId}" in bot.yaml`);
    const now = this.now();
    const recent = await this.sql.get(`SELECT 1 AS hit FROM survey_runs WHERE (customer_id = ? AND sent_at > ?) OR source = ?`, [to.customerId, now - this.settings.cooldownMs, source]);
    if (recent) return undefined;
    await this.sql.run(
      `INSERT INTO survey_runs (id, survey_id, customer_id, conversation_id, source, question, retries, status, sent_at) VALUES (?, ?, ?, ?, ?, 0, 0, 'open', ?)`,
      [newId(), surveyId, to.customerId, to.conversationId, source, now],
    );
    return this.ask(survey.questions[0], to);
  }

  /** The customer's open run, if a question of it is still waiting for an answer. */
  async open(customerId: string): Promise<SurveyRun | undefined> {
    const row = await this.sql.get<RunRow>(
      `SELECT id, survey_id, customer_id, conversation_id, question, retries FROM survey_runs WHERE customer_id = ? AND status = 'open' AND sent_at > ? ORDER BY sent_at DESC LIMIT 1`,
      [customerId, this.now() - ANSWER_WINDOW_MS],
    );
    return row && { id: row.id, surveyId: row.survey_id, customerId: row.customer_id, conversationId: row.conversation_id, question: Number(row.question), retries: Number(row.retries) };
  }

  /** The question a run waits on. */
  question(run: SurveyRun): Question | undefined {
    return this.settings.surveys.get(run.surveyId)?.questions[run.question];
  }

  /**
   * Stores the answer to the run's current question, publishes it, and returns what to send next:
   * the next question, or the thanks when it was the last.
   */
  async record(run: SurveyRun, answer: Answer & { sentiment?: number; channel: string; segment?: string }, to: Audience): Promise<OutboundDraft> {
    const survey = this.settings.surveys.get(run.surveyId);
    const question = survey?.questions[run.question];
    if (!survey || !question) throw new Error(`Survey run ${run.id} has no question ${run.question}`);
    const now = this.now();
    await this.sql.run(
      `INSERT INTO survey_answers (run_id, survey_id, question_id, customer_id, channel, score, text, sentiment, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [run.id, run.surveyId, question.id, run.customerId, answer.channel, answer.score ?? null, answer.text ?? null, answer.sentiment ?? null, now],
    );
    const next = survey.questions[run.question + 1];
    await this.sql.run(`UPDATE survey_runs SET question = ?, retries = 0, status = ? WHERE id = ?`, [run.question + 1, next ? 'open' : 'done', run.id]);
    await this.bus.publish(SurveyAnswered, {
      surveyId: run.surveyId,
      questionId: question.id,
      type: question.type,
      ...(answer.score !== undefined && { score: answer.score }),
      ...(answer.sentiment !== undefined && { sentiment: answer.sentiment }),
      customerId: run.customerId,
      conversationId: to.conversationId,
      channel: answer.channel,
      ...(answer.segment && { segment: answer.segment }),
      answeredAt: now,
    });
    return next ? this.ask(next, to) : { text: surveyText(this.texts, 'thanks', to.locale) };
  }

  /** An invalid answer: the question again, once (true), or the survey lets go (false). */
  async retry(run: SurveyRun): Promise<boolean> {
    if (run.retries >= 1) {
      await this.letGo(run);
      return false;
    }
    await this.sql.run(`UPDATE survey_runs SET retries = retries + 1 WHERE id = ?`, [run.id]);
    return true;
  }

  /** Ends a run without further answers (the customer moved on). */
  async letGo(run: SurveyRun): Promise<void> {
    await this.sql.run(`UPDATE survey_runs SET status = 'abandoned' WHERE id = ?`, [run.id]);
  }

  /**
   * A question as the channel shows it: buttons when it shows them all (a numbered list for
   * choices otherwise), "reply 0–10" for scales on channels without enough buttons.
   */
  ask(question: Question, to: Audience): OutboundDraft {
    const text = localized(question.text, to.locale, this.texts.defaultLocale);
    const range = scale(question.type);
    if (range) {
      const [from, upto] = range;
      const count = upto - from + 1;
      if (to.maxButtons >= count) return { text, buttons: Array.from({ length: count }, (_, i) => button(String(from + i), from + i)) };
      return { text: `${text}\n${surveyText(this.texts, 'scale', to.locale, { from, to: upto })}` };
    }
    if (question.type === 'yes_no') return { text, buttons: [button(surveyText(this.texts, 'yes', to.locale), 1), button(surveyText(this.texts, 'no', to.locale), 0)] };
    if (question.type === 'choice') return { text, buttons: (question.choices ?? []).map((c, i) => button(localized(c, to.locale, this.texts.defaultLocale), i)) };
    return { text };
  }
}

function button(title: string, score: number): Button {
  return { title, payload: `survey:${score}` };
}
