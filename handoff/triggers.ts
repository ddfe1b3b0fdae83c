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

/** A wall-clock time a customer named, in the queue's time zone. */
export interface WallTime {
  hour: number;
  minute: number;
}

const CALLBACK = /^\s*(callback|call ?back|call me( back)?|ll[aá]m[ae]me|rückruf|rappel(ez-moi)?)(\s+(at|um|a las|à)?\s*(\d{1,2})(?:[:.h](\d\d))?\s*(am|pm|uhr)?)?\W*$/i;

/**
 * "callback", "call me back", "llamadme", "rückruf", "rappelez-moi", or the CALLBACK button: the
 * customer wants us to get back to them, optionally at a time ("callback at 15:00", "call me back
 * at 3pm"). Undefined when the message is something else.
 */
export function asksForCallback(text: string, payload?: string): { at?: WallTime } | undefined {
  if (payload === 'callback') return {};
  const m = CALLBACK.exec(text);
  if (!m) return undefined;
  if (m[6] === undefined) return {};
  let hour = Number(m[6]);
  const minute = Number(m[7] ?? 0);
  const half = m[8]?.toLowerCase();
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  return hour < 24 && minute < 60 ? { at: { hour, minute } } : {};
}

const STATUS = /^\W*(hello|hi|hey|hallo|hola|bonjour|anyone( there)?|anybody( there)?|is anyone there|still there|status|how long|any news|jemand da|alguien|quelqu'un)\b/i;

/**
 * A waiting customer asking what is going on ("hello?", "anyone there?", "how long?"): short, and
 * a question or a greeting. They get the queue status at once, however recently they heard it.
 */
export function asksForStatus(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 40 && (STATUS.test(t) || /\?\s*$/.test(t));
}
