/**
 * SMS segment arithmetic, for cost awareness: a GSM-7 text fits 160 characters in one segment
 * (153 per segment when concatenated); one character outside GSM-7 turns the whole message into
 * UCS-2, 70 per segment (67 concatenated). Carriers bill per segment.
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters sent as an escape plus one, so they count twice. */
const GSM7_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(Array.from(GSM7_BASIC));
const EXTENDED = new Set(Array.from(GSM7_EXTENDED));

/** How a text is encoded on the air and how many segments it costs. */
export interface SegmentInfo {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** Counts the segments a text costs as one SMS. */
export function smsSegments(text: string): SegmentInfo {
  let septets = 0;
  for (const ch of text) {
    if (BASIC.has(ch)) septets += 1;
    else if (EXTENDED.has(ch)) septets += 2;
    else return ucs2(text);
  }
  return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? (septets ? 1 : 0) : Math.ceil(septets / 153) };
}

function ucs2(text: string): SegmentInfo {
  const units = text.length; // UTF-16 code units: an emoji costs two
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
