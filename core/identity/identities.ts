import type { CountryCode } from 'libphonenumber-js';
import { lazy } from '../lazy';

// Loaded by the first phone number normalized (an SMS or WhatsApp sender, a phone in a signed web
// token): anonymous web chat never needs its metadata.
const phoneNumbers = lazy(() => require('libphonenumber-js') as typeof import('libphonenumber-js'));

/**
 * A fact about who a customer is, vouched for by a channel: a phone number the carrier delivered
 * from, the e-mail a Slack workspace reports, the user id a host site signed. Customers are linked
 * automatically only through these — never through something a customer merely claims.
 */
export interface VerifiedIdentity {
  kind: 'phone' | 'email' | 'external';
  /** Normalized: E.164 for phones, lower-case for e-mails, `<issuer>:<id>` for external ids. */
  value: string;
}

/**
 * Normalizes a phone number to E.164 (`+15551234567`). Numbers without a `+` are read as
 * international when they start with a country code (WhatsApp's `15551234567`), else in
 * `defaultCountry`. Returns undefined when it is not a possible phone number.
 */
export function normalizePhone(input: string, defaultCountry?: CountryCode): string | undefined {
  const raw = input.trim().replace(/^whatsapp:/i, '');
  const candidates = raw.startsWith('+') ? [raw] : [`+${raw.replace(/\D/g, '')}`, raw];
  const { parsePhoneNumberFromString } = phoneNumbers();
  for (const candidate of candidates) {
    const parsed = candidate.startsWith('+')
      ? parsePhoneNumberFromString(candidate)
      : parsePhoneNumberFromString(candidate, defaultCountry);
    if (parsed?.isPossible()) return parsed.number;
  }
  return undefined;
}

/** Normalizes an e-mail address for matching. */
export function normalizeEmail(input: string): string | undefined {
  const email = input.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/** Masks a phone number for display: `+1 ••• ••• 4567`. */
export function maskPhone(e164: string): string {
  return `${e164.slice(0, 2)} ••• ••• ${e164.slice(-4)}`;
}

/** The verified phone identity of a number a carrier delivered from, when it is a possible number. */
export function phoneIdentity(number: string): VerifiedIdentity[] {
  const e164 = normalizePhone(number);
  return e164 ? [{ kind: 'phone', value: e164 }] : [];
}
