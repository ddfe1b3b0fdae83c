import { WebChatDriver } from './driver';

/** One message and where it should go: a dialog (`dialog:<id>`) or an article (`article:<id>`). */
export interface RoutingCase {
  text: string;
  lang: string;
  route: string;
}

/** Misroutes both ways: messages meant for a dialog that the knowledge base took, and the reverse. */
export interface RoutingReport {
  to_dialog: { n: number; misrouted: number; cases: string[] };
  to_article: { n: number; misrouted: number; cases: string[] };
}

/**
 * Sends each message as a new web chat customer and checks who took it. The knowledge base took
 * it when a reply carries its trace (answer or clarify) of its own; a dialog took it when replies
 * came with no trace at all (the fallback carries outcome none) or with a dialog's `answer:` step's.
 */
export async function evaluateRouting(cases: RoutingCase[], options: { botDir: string; knowledgeDir?: string }): Promise<RoutingReport> {
  const driver = await WebChatDriver.start(options.botDir, { knowledgeDir: options.knowledgeDir });
  const report: RoutingReport = { to_dialog: { n: 0, misrouted: 0, cases: [] }, to_article: { n: 0, misrouted: 0, cases: [] } };
  try {
    for (const [i, c] of cases.entries()) {
      const { replies } = await driver.send(`routing-${i}`, { text: c.text, locale: c.lang });
      const trace = replies.find((m) => m.knowledge)?.knowledge;
      const byKnowledge = trace !== undefined && trace.outcome !== 'none' && !trace.dialog;
      const byDialog = replies.length > 0 && (!trace || trace.dialog !== undefined);
      const side = c.route.startsWith('dialog:') ? report.to_dialog : report.to_article;
      side.n++;
      const wrong = c.route.startsWith('dialog:') ? byKnowledge || !byDialog : !byKnowledge;
      if (wrong) {
        side.misrouted++;
        side.cases.push(`${c.text} -> ${trace ? JSON.stringify(trace) : replies[0]?.text?.slice(0, 60)}`);
      }
    }
    return report;
  } finally {
    await driver.close();
  }
}
