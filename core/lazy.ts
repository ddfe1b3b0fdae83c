/**
 * A getter that makes its value on the first call and returns that one ever after. For the optional
 * SDKs a bot loads only once it uses the feature (dates, phone numbers, signed tokens…): a web-only
 * bot starts without them, and the hot paths that need them stay synchronous.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
