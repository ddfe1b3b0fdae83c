/**
 * Words the analyzer would read in another sense than the one they have: a word whose neighbour
 * says it is not what the articles mean by it ("3 times" counts occurrences, the shipping
 * article's "delivery times" are durations; "2 years old" is an age, the take-back article's "old
 * appliance" is one to get rid of).
 */

/** Words that after one of `after` (or a number, with `number`) mean something else than alone. */
interface AfterWords {
  words: Set<string>;
  after: Set<string>;
  number?: boolean;
}

const set = (list: string) => new Set(list.split(' '));
/** Units of a thing's age: "two years old", "3 Monate alt", "een jaar oud". */
const AGE = (old: string, units: string): AfterWords => ({ words: set(old), after: set(units) });

/**
 * Per language, words that the word before them gives another sense than the articles': "time"
 * after a count ("3 times", "each time", "how many times") is an occurrence, not how long
 * something takes; "old" after a unit of time ("2 years old", "a month old") tells an age, not
 * that the thing is to be thrown away; "your company" is the shop the customer writes to, not a
 * business customer's company. Such a word is dropped: what it says is in its neighbour.
 * Other languages count occurrences with words of their own ("veces", "fois", "mal").
 */
const SENSE_AFTER: Record<string, AfterWords[]> = {
  en: [
    {
      words: set('time times'),
      after: set('one two three four five six seven eight nine ten twenty hundred several many multiple few couple numerous countless every each first second third fourth fifth last next'),
      number: true,
    },
    AGE('old', 'year years yr yrs month months week weeks day days'),
    // "your company" is the shop itself, not the customer's business the business-orders article is for.
    { words: set('company business firm'), after: set('your') },
  ],
  de: [AGE('alt alte alter altes', 'jahr jahre jahren monat monate monaten woche wochen tag tage tagen')],
  nl: [AGE('oud oude', 'jaar jaren maand maanden week weken dag dagen')],
};

/** A text's folded words (in order) without those the word before gives another sense ({@link SENSE_AFTER}). */
export function withoutOtherSenses(words: string[], lang: string): string[] {
  const rules = SENSE_AFTER[lang];
  if (!rules) return words;
  return words.filter((w, i) => {
    const before = words[i - 1];
    if (before === undefined) return true;
    return !rules.some((r) => r.words.has(w) && (r.after.has(before) || (r.number === true && /^\p{N}+$/u.test(before))));
  });
}
