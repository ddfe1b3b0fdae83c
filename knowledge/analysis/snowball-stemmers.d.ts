// Types for `snowball-stemmers` (the package ships none).
declare module 'snowball-stemmers' {
  /** A Snowball stemmer for one language. */
  export interface Stemmer {
    stem(word: string): string;
  }
  /** Creates the stemmer for an algorithm name such as `english` or `russian`. */
  export function newStemmer(algorithm: string): Stemmer;
  /** The algorithm names available. */
  export function algorithms(): string[];
}
