// The parts of mailauth (no bundled types) that the e-mail channel uses.
declare module 'mailauth' {
  /** A DNS lookup as mailauth calls it (`dns.promises.resolve`'s shape). */
  export type MailauthResolver = (name: string, rrtype: string) => Promise<unknown>;

  export interface MailauthStatus {
    result: string;
    comment?: string | boolean;
    /** DKIM: the signing domain when it aligns with the From domain, else false. */
    aligned?: string | false;
  }

  export interface AuthenticateOptions {
    sender?: string;
    ip?: string;
    helo?: string;
    mta?: string;
    trustReceived?: boolean;
    disableArc?: boolean;
    disableBimi?: boolean;
    resolver?: MailauthResolver;
  }

  export interface AuthenticateResult {
    dkim?: { headerFrom?: string[]; results?: Array<{ signingDomain?: string; status: MailauthStatus }> };
    spf?: { domain?: string; status: MailauthStatus } | false;
    dmarc?: { domain?: string; status: MailauthStatus } | false;
    /** The `Authentication-Results` (and `Received-SPF`) header lines mailauth would add. */
    headers?: string;
  }

  export function authenticate(message: Buffer | string, options?: AuthenticateOptions): Promise<AuthenticateResult>;
}
