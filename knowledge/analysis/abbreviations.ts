import { perLanguage } from './language';
import { fold } from './normalize';

/**
 * Shorthand that customers type and articles spell out, per language: "j'ai oublié mon mdp" is
 * about the "mot de passe" the password article names, "my pw" about its "password". Each
 * abbreviation stands for one thing in everyday writing (chat, texts, forums), so spelling it
 * out loses nothing; a short form with two common readings stays out (English "info" is the
 * tracking link's "no info" as often as the customer's data, Spanish "pa" both "para" and
 * "papá"). Folded like the text they are looked up in ("tél" is "tel").
 */
const ABBREVIATIONS: Record<string, Record<string, string>> = {
  en: {
    pw: 'password', pwd: 'password', acct: 'account', addr: 'address', pkg: 'package', qty: 'quantity',
    tmrw: 'tomorrow', tmr: 'tomorrow', bday: 'birthday', u: 'you', ur: 'your', pls: 'please', plz: 'please',
    thx: 'thanks', wanna: 'want to', gonna: 'going to', uk: 'united kingdom', usa: 'united states',
  },
  fr: {
    mdp: 'mot de passe', cb: 'carte bancaire', rdv: 'rendez-vous', tel: 'téléphone', cmd: 'commande',
    qd: 'quand', pr: 'pour', ds: 'dans', bcp: 'beaucoup', pb: 'problème', stp: "s'il te plaît", svp: "s'il vous plaît",
  },
  de: { pw: 'passwort', nr: 'nummer', tel: 'telefon', vllt: 'vielleicht', bzw: 'beziehungsweise' },
  es: { q: 'que', xq: 'porque', pq: 'porque', tb: 'también', tmb: 'también', tlf: 'teléfono', tel: 'teléfono', xfa: 'por favor', dsp: 'después' },
  pt: { vc: 'você', vcs: 'vocês', pra: 'para', q: 'que', pq: 'porque', tb: 'também', msg: 'mensagem', tel: 'telefone', qdo: 'quando', hj: 'hoje' },
  it: { x: 'per', nn: 'non', cmq: 'comunque', xke: 'perché', pw: 'password', tel: 'telefono' },
  nl: { ww: 'wachtwoord', tel: 'telefoon', ff: 'even', idd: 'inderdaad' },
};

/** A language's abbreviations, folded, each with the folded words it stands for. */
const table = perLanguage(
  (lang): Map<string, string[]> =>
    new Map(Object.entries(ABBREVIATIONS[lang] ?? {}).map(([short, long]) => [fold(short), fold(long).split(/[^\p{L}\p{N}]+/u).filter(Boolean)])),
);

/** The words a folded word of `lang` stands for: its spelled-out form when it is a known abbreviation, else itself. */
export function spelledOut(word: string, lang: string): string[] {
  return table(lang).get(word) ?? [word];
}
