import { authenticate, type MailauthResolver } from 'mailauth';

/** How a sender's address was (or was not) proven. */
export interface SenderCheck {
  /** True only when the From address is proven: DMARC passes, or an aligned DKIM signature where the domain has no DMARC record. */
  verified: boolean;
  /** What decided it, for the message's metadata and the logs (`dmarc=pass`, `dkim=pass (aligned)`, `authentication-results …`). */
  reason: string;
}

/** What the receiving side knows about how a message arrived. */
export interface Arrival {
  /** The SMTP client's IP (our own listener), for SPF. */
  ip?: string;
  /** The EHLO name it gave. */
  helo?: string;
  /** The envelope sender (MAIL FROM). */
  sender?: string;
}

/** Settings of the sender check. */
export interface SenderCheckOptions {
  /**
   * The authserv-id of a receiving server whose `Authentication-Results` header is trusted (the
   * mailbox's own server, for mail read over IMAP). Without it, only our own check counts.
   */
  trustedAuthServId?: string;
  /** DNS lookups for DKIM keys, SPF and DMARC records (tests pass a fixed zone). */
  resolver?: MailauthResolver;
  /** Our host name, as mailauth records it. */
  mta?: string;
}

/**
 * Checks that the message's From address is the sender's own: with mailauth (DKIM, SPF, DMARC
 * alignment), or, when the message went through a trusted receiving server first (IMAP), by
 * that server's topmost `Authentication-Results`. A customer is joined with others holding that
 * e-mail only when this says `verified`; a forged From is just an unverified address.
 */
export async function checkSender(raw: Buffer, from: string, arrival: Arrival, options: SenderCheckOptions): Promise<SenderCheck> {
  const fromDomain = from.split('@').pop()?.toLowerCase() ?? '';
  if (options.trustedAuthServId) {
    const trusted = trustedResults(raw, options.trustedAuthServId);
    if (trusted) return judgeTrusted(trusted, fromDomain, options.trustedAuthServId);
  }
  if (!arrival.ip) return { verified: false, reason: 'no trusted Authentication-Results and no SMTP client address to check' };
  const result = await authenticate(raw, { ip: arrival.ip, helo: arrival.helo, sender: arrival.sender, mta: options.mta, resolver: options.resolver, disableArc: true, disableBimi: true });
  const dmarc = result.dmarc ? result.dmarc.status.result : 'none';
  if (dmarc === 'pass') return { verified: true, reason: 'dmarc=pass' };
  if (dmarc !== 'none') return { verified: false, reason: `dmarc=${dmarc}` };
  // No DMARC record: a passing DKIM signature of the From domain (or its parent) still proves it.
  const aligned = result.dkim?.results?.find((r) => r.status.result === 'pass' && r.status.aligned);
  if (aligned) return { verified: true, reason: `dkim=pass (d=${aligned.signingDomain}, aligned)` };
  return { verified: false, reason: 'no DMARC record and no aligned DKIM signature' };
}

/** One `Authentication-Results` header, parsed: its authserv-id and each method's result. */
export interface AuthResults {
  authServId: string;
  results: Array<{ method: string; result: string; headerFrom?: string }>;
}

/** The topmost `Authentication-Results` header added by `authServId`, if any. */
function trustedResults(raw: Buffer, authServId: string): AuthResults | undefined {
  const head = raw.subarray(0, headerEnd(raw)).toString('latin1');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^authentication-results:\s*(.*)$/i.exec(line);
    if (!m) continue;
    const parsed = parseAuthResults(m[1]);
    if (parsed.authServId.toLowerCase() === authServId.toLowerCase()) return parsed;
  }
  return undefined;
}

/** Where a raw message's header ends (the first empty line). */
function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf, lf].filter((i) => i >= 0);
  return ends.length ? Math.min(...ends) : raw.length;
}

/**
 * Parses an `Authentication-Results` value (RFC 8601): `authserv-id [version]; method=result
 * props…; …`. Comments in parentheses are dropped.
 */
export function parseAuthResults(value: string): AuthResults {
  const [id, ...parts] = value.replace(/\([^)]*\)/g, ' ').split(';');
  const results = parts.flatMap((part) => {
    const m = /^\s*([a-z0-9-]+)\s*=\s*([a-z]+)/i.exec(part);
    if (!m) return [];
    const from = /header\.from\s*=\s*"?([^\s";]+)/i.exec(part)?.[1];
    return [{ method: m[1].toLowerCase(), result: m[2].toLowerCase(), ...(from ? { headerFrom: from.toLowerCase() } : {}) }];
  });
  return { authServId: id.trim().split(/\s+/)[0] ?? '', results };
}

function judgeTrusted(trusted: AuthResults, fromDomain: string, authServId: string): SenderCheck {
  const dmarc = trusted.results.find((r) => r.method === 'dmarc');
  if (!dmarc) return { verified: false, reason: `${authServId} gave no DMARC result` };
  const domain = dmarc.headerFrom?.split('@').pop();
  if (dmarc.result === 'pass' && domain === fromDomain) return { verified: true, reason: `dmarc=pass by ${authServId}` };
  return { verified: false, reason: `dmarc=${dmarc.result}${domain && domain !== fromDomain ? ` for ${domain}, not ${fromDomain}` : ''} by ${authServId}` };
}
