import { fillTemplate } from './texts';

/**
 * The URL a `call: { webhook }` step calls. Every `{{…}}` value is percent-encoded on its own
 * (customer text is data, never path, query or host syntax), a value that is a whole dot segment
 * (`.` or `..`, which URLs resolve even when encoded) is refused, and the result must keep the
 * origin the author wrote — so the author's headers only ever go there. Throws otherwise.
 */
export function webhookUrl(template: string, values: Record<string, unknown>): URL {
  const origin = authorOrigin(template);
  const url = new URL(fillTemplate(template, values, encodeValue));
  if (url.origin !== origin) throw new Error(`the webhook URL left the origin its author wrote (${origin})`);
  return url;
}

/** The origin written before any `{{…}}`; a template that puts a value in the origin is refused. */
export function authorOrigin(template: string): string {
  const at = template.indexOf('{{');
  if (at < 0) return new URL(template).origin;
  const fixed = /^https?:\/\/[^/?#{]+(?=[/?#])/i.exec(template.slice(0, at))?.[0];
  if (!fixed) throw new Error(`a webhook's scheme and host must be written out, not filled from {{…}}: ${template}`);
  return new URL(fixed).origin;
}

function encodeValue(value: string): string {
  if (/^\.{1,2}$/.test(value)) throw new Error(`"${value}" cannot be put in a webhook URL`);
  return encodeURIComponent(value);
}
