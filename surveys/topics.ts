import { topic } from '../core/bus';

/** What `SurveyAnswered` carries: one stored answer, with what analytics breaks it down by. */
export interface SurveyAnsweredPayload {
  surveyId: string;
  questionId: string;
  type: 'csat' | 'nps' | 'yes_no' | 'choice' | 'text';
  /** The score (csat 1–5, nps 0–10, yes_no 1/0, choice index from 0); absent for free text. */
  score?: number;
  /** Sentiment of a free-text answer (−1…1). */
  sentiment?: number;
  customerId: string;
  conversationId: string;
  /** The channel the answer arrived on. */
  channel: string;
  /** The customer's journey segment when known (`profile.segment`), else absent. */
  segment?: string;
  answeredAt: number;
}

/**
 * A customer answered one survey question. Published by the surveys module; analytics keeps its
 * own read model of it. This file is the surveys module's public list of topics.
 */
export const SurveyAnswered = topic<SurveyAnsweredPayload>('surveys.answered');
