import type { ParsedMail, StructuredHeader } from 'mailparser';

/**
 * Mail no person wrote to us: an out-of-office or other automatic reply, a bounce (a delivery
 * status notification), or mailing-list and bulk mail. Stored as such and never answered — two
 * robots answering each other is how mail loops start (RFC 3834).
 */
export type AutomatedKind = 'auto-reply' | 'bounce' | 'list';

/** Why a mail was recognised as automated: its kind and the header that says so. */
export interface Automated {
  kind: AutomatedKind;
  because: string;
}

/**
 * Recognises automated mail by its headers (RFC 3834 `Auto-Submitted`, `Precedence`, the
 * `X-Autoreply` family, `List-Id`/`List-Unsubscribe`, DSNs as `multipart/report`, an empty
 * envelope sender). Undefined for mail a person wrote.
 */
export function classify(mail: ParsedMail, envelopeSender?: string | null): Automated | undefined {
  const headers = mail.headers;
  const contentType = headers.get('content-type') as StructuredHeader | undefined;
  const reportType = contentType?.params?.['report-type']?.toLowerCase();
  if (contentType?.value?.toLowerCase() === 'multipart/report' && (reportType === 'delivery-status' || !reportType)) {
    return { kind: 'bounce', because: 'Content-Type: multipart/report; report-type=delivery-status' };
  }
  const returnPath = mail.headerLines.find((line) => line.key.toLowerCase() === 'return-path')?.line;
  if (envelopeSender === '' || (returnPath && /^return-path:\s*<\s*>\s*$/i.test(returnPath))) {
    return { kind: 'bounce', because: 'empty envelope sender (MAIL FROM:<>)' };
  }
  const autoSubmitted = headerText(mail, 'auto-submitted')?.toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return { kind: 'auto-reply', because: `Auto-Submitted: ${autoSubmitted}` };
  // Header names as sent (mailparser folds the List-* family into one `list` entry).
  const present = new Set(mail.headerLines.map((line) => line.key.toLowerCase()));
  for (const name of ['x-autoreply', 'x-autorespond', 'x-autoresponder']) {
    if (present.has(name)) return { kind: 'auto-reply', because: `${name} header` };
  }
  const precedence = headerText(mail, 'precedence')?.toLowerCase();
  if (precedence === 'auto_reply' || precedence === 'junk') return { kind: 'auto-reply', because: `Precedence: ${precedence}` };
  if (precedence === 'bulk' || precedence === 'list') return { kind: 'list', because: `Precedence: ${precedence}` };
  if (present.has('list-id')) return { kind: 'list', because: 'List-Id header' };
  if (present.has('list-unsubscribe')) return { kind: 'list', because: 'List-Unsubscribe header' };
  return undefined;
}

/** A header's value as text (the first one, without parameters). */
function headerText(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name);
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0].trim() : undefined;
  if (value instanceof Date) return undefined;
  return 'value' in value && typeof value.value === 'string' ? value.value.trim() : undefined;
}
