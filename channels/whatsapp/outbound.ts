import type { Attachment, Button, Message } from '../../core/message';
import { splitText } from '../../core/render';
import { cardBodies } from './cards';

/** WhatsApp's limits on interactive messages. */
export const LIMITS = { replyButtons: 3, buttonTitle: 20, listRows: 10, rowTitle: 24, interactiveBody: 1024, buttonId: 256, rowId: 200 };

/** An approved message template: what may be sent outside the 24-hour window. */
export interface WhatsAppTemplate {
  name: string;
  /** Language code as approved, e.g. `en_US`. */
  language: string;
  /** Header/body/button parameters, in the Cloud API's `components` shape. */
  components?: unknown[];
}

/** The Graph API body of a template message. */
export function templateBody(to: string, template: WhatsAppTemplate): Record<string, unknown> {
  return {
    to,
    type: 'template',
    template: { name: template.name, language: { code: template.language }, ...(template.components ? { components: template.components } : {}) },
  };
}

/**
 * Turns one rendered message into Graph API message bodies, in order: up to 3 buttons become reply
 * buttons, up to 10 a list (more were already made a numbered list by the renderer), link buttons
 * and card attachments become text, media go by link, then one message per card (`cards.ts`).
 * Interactive bodies are limited to 1024 characters, so longer text goes first as plain text.
 */
export function toGraphBodies(message: Message, listButton = 'Options'): Array<Record<string, unknown>> {
  const to = message.address;
  const bodies: Array<Record<string, unknown>> = [];
  const choices = (message.buttons ?? []).filter((b) => !b.url);
  const links = (message.buttons ?? []).filter((b) => b.url).map((b) => `${b.title}: ${b.url}`);
  const cards = (message.attachments ?? []).filter((a) => a.type === 'card').map((a) => [a.title, a.subtitle, a.url].filter(Boolean).join('\n'));
  let text = [message.text, ...cards, ...links].filter(Boolean).join('\n\n');

  if (choices.length) {
    const pieces = text ? splitText(text, LIMITS.interactiveBody) : ['Choose an option:'];
    text = pieces.pop() as string;
    for (const piece of pieces) bodies.push(textBody(to, piece));
    bodies.push(interactive(to, text, choices, listButton));
  } else if (text) {
    bodies.push(textBody(to, text));
  }
  for (const a of message.attachments ?? []) {
    const media = mediaBody(to, a);
    if (media) bodies.push(media);
  }
  if (message.cards?.length) bodies.push(...cardBodies(to, message.cards, message.locale, listButton));
  return bodies;
}

function textBody(to: string, body: string): Record<string, unknown> {
  return { to, type: 'text', text: { body, preview_url: false } };
}

function interactive(to: string, body: string, choices: Button[], listButton: string): Record<string, unknown> {
  const id = (b: Button, max: number) => (b.payload ?? b.title).slice(0, max);
  if (choices.length <= LIMITS.replyButtons) {
    return {
      to,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: choices.map((b) => ({ type: 'reply', reply: { id: id(b, LIMITS.buttonId), title: cut(b.title, LIMITS.buttonTitle) } })) },
      },
    };
  }
  return {
    to,
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: body },
      action: {
        button: cut(listButton, LIMITS.buttonTitle),
        sections: [{ rows: choices.slice(0, LIMITS.listRows).map((b) => ({ id: id(b, LIMITS.rowId), title: cut(b.title, LIMITS.rowTitle) })) }],
      },
    },
  };
}

function mediaBody(to: string, a: Attachment): Record<string, unknown> | undefined {
  if (a.type === 'location' && a.latitude !== undefined && a.longitude !== undefined) {
    return { to, type: 'location', location: { latitude: a.latitude, longitude: a.longitude, ...(a.name ? { name: a.name } : {}) } };
  }
  if (!a.url || a.type === 'card' || a.type === 'location') return undefined;
  const type = a.type === 'file' ? 'document' : a.type;
  const media: Record<string, unknown> = { link: a.url };
  if (a.caption && type !== 'audio') media.caption = a.caption;
  if (a.name && type === 'document') media.filename = a.name;
  return { to, type, [type]: media };
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
