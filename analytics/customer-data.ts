import { movesCustomerRows, ofConversations, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';

/**
 * The customer's satisfaction answers (CSAT, and survey NPS/CSAT scores), and the read model's copies of their handoffs and of the
 * questions they asked (their words, verbatim); every other figure is computed from the transcript.
 */
export const analyticsCustomerData: CustomerData = {
  ...rowsAbout('analytics', [
    ['analytics_csat', ofCustomers()],
    ['analytics_survey_scores', ofCustomers()],
    ['analytics_handoffs', ofConversations()],
    ['analytics_questions', ofConversations()],
  ]),
  // The copies of handoffs and questions follow their conversations.
  merge: movesCustomerRows([
    ['analytics_csat', ['conversation_id']],
    ['analytics_survey_scores', ['survey_id', 'question_id', 'conversation_id']],
  ]),
};
