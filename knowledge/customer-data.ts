import { movesCustomerRows, ofConversations, ofCustomers, rowsAbout, type CustomerData } from '../core/customer-data';

/**
 * The questions customers asked (their words, verbatim), their feedback on answers (found through
 * the customer's conversations, since a question row has no customer id), and what the knowledge
 * base learned from them (`kb_evidence`: their question and the article it belongs to).
 */
export const knowledgeCustomerData: CustomerData = {
  ...rowsAbout('knowledge.questions', [
    ['kb_feedback', (s) => {
      const { where, params } = ofConversations()(s);
      return { where: `question_id IN (SELECT id FROM kb_questions WHERE ${where})`, params };
    }],
    ['kb_questions', ofConversations()],
    ['kb_evidence', ofCustomers()],
  ]),
  // Questions and feedback follow their conversations; learned evidence names the customer.
  merge: movesCustomerRows([['kb_evidence', ['id']]]),
};
