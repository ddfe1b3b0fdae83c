import type { ChannelAdapter } from '../core/channel';
import type { Customer } from '../core/customer';
import type { Services } from '../core/services';
import type { SqlStore } from '../core/storage/sql-store';
import { durationMs, type JourneysConfig } from './config';
import { ContactAddresses, CustomerServiceWindow, OptOuts } from '../core/services';

/** Where and whether a proactive message may go now. */
export type Verdict =
  | { decision: 'send'; channel: string; address: string; conversationId: string; whatsappTemplate?: boolean }
  | { decision: 'skipped'; reason: string; channel?: string }
  | { decision: 'deferred'; reason: string; until: number; channel?: string };

/** Minutes since local midnight of `at` in time zone `tz`. */
export function localMinutes(at: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * When quiet hours hold at `at` in `tz`, the first minute after they end; else undefined.
 * Quiet hours may wrap midnight (21:00–08:00).
 */
export function quietUntil(at: number, tz: string, quiet: { start: string; end: string }): number | undefined {
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  const [start, end] = [toMin(quiet.start), toMin(quiet.end)];
  const m = localMinutes(at, tz);
  const quietNow = start > end ? m >= start || m < end : m >= start && m < end;
  if (!quietNow) return undefined;
  const wait = (end - m + 1440) % 1440;
  // Whole minutes to the end, from the start of the current minute (a DST jump may shift it by an hour; the next check re-defers).
  return at - (at % 60_000) + wait * 60_000;
}

/**
 * Checks a proactive message against channel, consent, opt-out, frequency cap, quiet hours and the
 * customer-service window of channels whose capabilities declare one (`serviceWindow`: WhatsApp).
 * Opt-outs and the window are the channels' modules' (the `OptOuts` and `CustomerServiceWindow`
 * services, looked up at each check). Without those modules nobody has opted out (the consent in
 * the profile still applies) and a window counts as closed: the rule's template goes, or nothing.
 */
export class Gate {
  constructor(
    private readonly store: SqlStore,
    private readonly config: JourneysConfig,
    /** The running channels by name (their capabilities say which keep a customer-service window). */
    private readonly channels: () => ReadonlyMap<string, Pick<ChannelAdapter, 'capabilities'>>,
    private readonly services: Services,
  ) {}

  /** `channel`: the rule's own choice of channel, else the preferred or last one. */
  async check(customer: Customer, now: number, hasTemplate: boolean, channel?: string): Promise<Verdict> {
    const target = channel ? await this.on(customer, channel) : await this.reachable(customer);
    if ('reason' in target) return { decision: 'skipped', reason: target.reason };
    return this.checkTarget(customer, now, hasTemplate, target);
  }

  private async checkTarget(customer: Customer, now: number, hasTemplate: boolean, { channel, address }: { channel: string; address: string }): Promise<Verdict> {
    if (customer.profile.consent?.[channel] !== true) return { decision: 'skipped', channel, reason: `no consent for proactive messages on ${channel}` };
    if (await this.services.get(OptOuts)?.isOptedOut(channel, address)) return { decision: 'skipped', channel, reason: `${address} opted out on ${channel}` };

    const cap = this.config.frequencyCap;
    const sent = await this.store.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM journey_decisions WHERE customer_id = ? AND decision = 'sent' AND at > ?`, [
      customer.id,
      now - durationMs(cap.per),
    ]);
    if (Number(sent?.n ?? 0) >= cap.max) return { decision: 'skipped', channel, reason: `frequency cap: ${cap.max} proactive message(s) per ${cap.per} already sent` };

    const tz = validTimezone(customer.profile.timezone) ?? this.config.defaultTimezone;
    const until = quietUntil(now, tz, this.config.quietHours);
    if (until !== undefined) return { decision: 'deferred', channel, until, reason: `quiet hours ${this.config.quietHours.start}–${this.config.quietHours.end} in ${tz}` };

    const conversation = await this.store.latestConversation(customer.id);
    const windowed = this.channels().get(channel)?.capabilities.serviceWindow === true;
    if (windowed && !(await this.services.get(CustomerServiceWindow)?.isOpen(address, now))) {
      if (!hasTemplate) return { decision: 'skipped', channel, reason: 'WhatsApp 24-hour window closed and the rule has no whatsappTemplate' };
      return { decision: 'send', channel, address, conversationId: conversation?.id ?? '', whatsappTemplate: true };
    }
    return { decision: 'send', channel, address, conversationId: conversation?.id ?? '' };
  }

  /** The customer's address on `channel`: in the addresses table, else the one the channel knows (`ContactAddresses`). */
  private async on(customer: Customer, channel: string): Promise<{ channel: string; address: string } | { reason: string }> {
    if (!this.channels().has(channel)) return { reason: `the rule's channel "${channel}" is not running` };
    const known = (await this.store.addresses(customer.id)).find((a) => a.channel === channel)?.address;
    const address = known ?? (await this.services.get(ContactAddresses)?.addressOf(customer, channel));
    return address ? { channel, address } : { reason: `no address on ${channel}` };
  }

  /** The preferred channel when the customer has an address there, else the channel they used last. */
  private async reachable(customer: Customer): Promise<{ channel: string; address: string } | { reason: string }> {
    const addresses = (await this.store.addresses(customer.id)).filter((a) => this.channels().has(a.channel));
    if (!addresses.length) return { reason: 'no address on a running channel' };
    const preferred = addresses.find((a) => a.channel === customer.profile.preferredChannel);
    if (preferred) return { channel: preferred.channel, address: preferred.address };
    const last = await this.store.lastInbound(customer.id);
    const used = last && addresses.find((a) => a.channel === last.channel && a.address === last.address);
    const pick = used ?? addresses[addresses.length - 1];
    return { channel: pick.channel, address: pick.address };
  }
}

function validTimezone(tz: unknown): string | undefined {
  if (typeof tz !== 'string') return undefined;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}
