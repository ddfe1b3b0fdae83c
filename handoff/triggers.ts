/** Ways customers ask for a person, in the languages the framework speaks (whole words, any case). */
const ASK_FOR_PERSON = [
  // en
  /\b(agent|human|(real |live )?person|representative|operator|someone real|talk to (a )?(human|person|someone))\b/i,
  // es
  /\b(agente|humano|persona( real)?|operador|asesor|hablar con alguien)\b/i,
  // de
  /\b(mensch(en)?|mitarbeiter(in)?|berater(in)?|echte[nr]? person|kundendienst|sachbearbeiter(in)?)\b/i,
  // fr
  /\b(conseill(er|ère)|humain|une personne|opérateur|opératrice|quelqu'un de réel|agent)\b/i,
  // pt, it, nl
  /\b(atendente|pessoa|operatore|persona reale|medewerker|mens)\b/i,
];

/** Whether a message asks for a person (or presses the `agent` button). */
export function asksForPerson(text: string, payload?: string): boolean {
  if (payload === 'agent' || payload === 'handoff') return true;
  // Short messages only: "the agent said my parcel was lost" is a story, not a request.
  return text.length <= 120 && ASK_FOR_PERSON.some((re) => re.test(text));
}

/** "callback", "call me back", "llamadme", "rückruf", "rappelez-moi", or the CALLBACK button. */
export function asksForCallback(text: string, payload?: string): boolean {
  return payload === 'callback' || /^\s*(callback|call ?back|call me( back)?|ll[aá]m[ae]me|rückruf|rappel(ez-moi)?)\W*$/i.test(text);
}

/** A CSAT answer: the button payload `csat:4` or a lone digit 1–5. */
export function csatScore(text: string, payload?: string): number | undefined {
  const m = /^csat:([1-5])$/.exec(payload ?? '') ?? /^\s*([1-5])\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}
