/*
 * Switchboard web chat widget. Embed with:
 *   <script src="/widget.js" data-title="Northwind" data-target="#chat"></script>
 * Without data-target it opens as a floating panel behind a launcher button. A host site that knows
 * who its visitor is passes a token it signed (data-token="…", see docs/identity.md).
 * Accessible: the message list is role="log" (announced politely), everything works by keyboard,
 * and focus stays in the input after sending or choosing a button. Photos (JPEG, PNG, WebP) are
 * attached with the photo button, pasted or dropped; they show as previews until sent, and upload
 * with a progress bar. Served as /widget.js, built for the browser by core/browser-script.ts.
 */
import type { SwitchboardGlobal } from '../../../core/browser-globals';
import { visitorId } from '../../../core/browser-visitor';

/** A button on a message or a card (core/message.ts `Button`). */
interface WireButton {
  title: string;
  payload?: string;
  url?: string;
}

/** A product card (core/message.ts `Card`). */
interface WireCard {
  title: string;
  subtitle?: string;
  imageUrl?: string;
  price?: { amount: number; currency: string };
  url?: string;
  buttons?: WireButton[];
}

/** A message as the server sends it (core/message.ts `WireMessage`: the parts the widget shows). */
interface WireMessage {
  id: string;
  channel: string;
  direction: 'inbound' | 'outbound';
  author: string;
  authorName?: string;
  text?: string;
  buttons?: WireButton[];
  cards?: WireCard[];
  attachments?: { type: string; url?: string; name?: string; caption?: string }[];
  locale?: string;
  clientMessageId?: string;
}

/** What the server sends on the socket (channels/web/socket.ts `ServerEvent`). */
type ServerEvent =
  | { type: 'message'; message: WireMessage }
  | { type: 'typing' }
  | { type: 'ack'; clientMessageId?: string; id: string }
  | { type: 'error'; error: string; clientMessageId?: string }
  | { type: 'ready' };

/** A message frame the widget sends on the socket. */
interface Frame {
  type: 'message';
  text: string;
  clientMessageId: string;
  locale: string;
  payload?: string;
}

/** The widget's labels (GET /api/web/texts gives them in the visitor's language). */
interface Texts {
  agent: string;
  choices: string;
  reconnecting: string;
  typing: string;
  attach: string;
  photos: string;
  remove: string;
  uploading: string;
  photo: string;
  notPhoto: string;
  tooBig: string;
  products: string;
  position: string;
  placeholder?: string;
  send?: string;
  label?: string;
  form?: string;
}

const script = document.currentScript instanceof HTMLScriptElement ? document.currentScript : null;
const base = script && script.src ? new URL(script.src).origin : location.origin;
const title = script?.dataset.title || 'Chat';
const targetSelector = script?.dataset.target;
const userId = visitorId(base);
// The last message shown: a reconnect resumes after it. A new page starts empty, so it loads the
// whole transcript; only the visitor id is kept across page loads.
let lastId = '';
const locale = script?.dataset.locale || navigator.language || 'en';
const token = script?.dataset.token || '';

const css = [
  '.sb-chat{font:15px/1.4 system-ui,sans-serif;display:flex;flex-direction:column;border:1px solid #c9ced6;border-radius:12px;background:#fff;color:#1d2330;overflow:hidden}',
  '.sb-chat header{background:#1f4fd1;color:#fff;padding:10px 14px;font-weight:600}',
  '.sb-log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;min-height:240px;max-height:420px}',
  '.sb-msg{max-width:80%;padding:8px 12px;border-radius:14px;white-space:pre-wrap;word-wrap:break-word}',
  '.sb-in{align-self:flex-end;background:#1f4fd1;color:#fff}',
  '.sb-out{align-self:flex-start;background:#eef1f6}',
  '.sb-agent{align-self:flex-start;background:#fff4d6}',
  '.sb-author{display:block;font-size:11px;font-weight:700;color:#7a5a00;margin-bottom:2px}',
  '.sb-pending{opacity:.6}',
  '.sb-md{white-space:normal}.sb-md>:first-child{margin-top:0}.sb-md>:last-child{margin-bottom:0}',
  '.sb-md p,.sb-md ul,.sb-md ol,.sb-md pre,.sb-md blockquote{margin:0 0 6px}.sb-md ul,.sb-md ol{padding-left:20px}',
  '.sb-md h1,.sb-md h2,.sb-md h3,.sb-md h4{font-size:1em;margin:0 0 4px}.sb-md a{color:#1f4fd1;text-decoration:underline}',
  '.sb-md pre{white-space:pre-wrap}.sb-md table{border-collapse:collapse}.sb-md td,.sb-md th{border:1px solid #c9ced6;padding:2px 6px}',
  '.sb-buttons{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}',
  '.sb-buttons button{border:1px solid #1f4fd1;background:#fff;color:#1f4fd1;border-radius:16px;padding:4px 12px;cursor:pointer;font:inherit}',
  '.sb-buttons button:focus-visible,.sb-chat input:focus-visible,.sb-chat form button:focus-visible{outline:3px solid #ffb300;outline-offset:1px}',
  '.sb-typing{font-style:italic;color:#5b6475;padding:0 12px 6px;min-height:1.2em}',
  '.sb-chat form{display:flex;border-top:1px solid #c9ced6}',
  '.sb-chat input{flex:1;border:0;padding:12px;font:inherit}',
  '.sb-chat form button{border:0;background:#1f4fd1;color:#fff;padding:0 16px;font:inherit;cursor:pointer}',
  '.sb-status{font-size:12px;color:#8a5a00;padding:0 12px}',
  '.sb-floating{position:fixed;right:20px;bottom:80px;width:360px;max-width:calc(100vw - 24px);z-index:2147483000;box-shadow:0 8px 30px rgba(0,0,0,.2)}',
  '@media (max-width:420px){.sb-floating{right:12px}.sb-launcher{right:12px}}',
  '.sb-launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;background:#1f4fd1;color:#fff;padding:12px 18px;font:600 15px system-ui,sans-serif;cursor:pointer}',
  '.sb-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}',
  '.sb-chat form .sb-attach{background:#fff;color:#1f4fd1;padding:0 12px;font-size:18px}',
  '.sb-previews{display:flex;flex-wrap:wrap;gap:6px;padding:6px 12px 0;list-style:none;margin:0}.sb-previews:empty{display:none}',
  '.sb-previews li{position:relative}.sb-previews img{width:56px;height:56px;object-fit:cover;border-radius:6px;border:1px solid #c9ced6}',
  '.sb-previews button{position:absolute;top:-6px;right:-6px;border:0;border-radius:50%;width:22px;height:22px;background:#1d2330;color:#fff;cursor:pointer;font:12px system-ui}',
  '.sb-previews button:focus-visible,.sb-chat form .sb-attach:focus-visible{outline:3px solid #ffb300;outline-offset:1px}',
  '.sb-progress{width:calc(100% - 24px);margin:4px 12px 0;height:6px}.sb-progress[hidden]{display:none}',
  '.sb-photo{display:block;max-width:100%;max-height:220px;border-radius:8px;margin-top:6px}',
  '.sb-drop{outline:3px dashed #1f4fd1;outline-offset:-6px}',
  '.sb-cards{align-self:stretch;max-width:100%}',
  '.sb-track{display:flex;gap:8px;overflow-x:auto;scroll-snap-type:x mandatory;margin:0;padding:2px 2px 6px}',
  '.sb-card{flex:0 0 200px;scroll-snap-align:start;border:1px solid #c9ced6;border-radius:12px;background:#fff;overflow:hidden;display:flex;flex-direction:column}',
  '.sb-card:focus-visible{outline:3px solid #ffb300;outline-offset:1px}',
  '.sb-card img{width:100%;height:120px;object-fit:cover;background:#eef1f6}',
  '.sb-card-body{padding:8px 10px;display:flex;flex-direction:column;gap:4px}',
  '.sb-card-title{font-weight:600;margin:0;font-size:1em}.sb-card-title a{color:#1d2330}',
  '.sb-card-sub{margin:0;color:#5b6475;font-size:13px}.sb-card-price{margin:0;font-weight:700;color:#1f4fd1}',
].join('');
const style = document.createElement('style');
style.textContent = css;
document.head.appendChild(style);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text; // always text: customer content never becomes markup
  return node;
}

const root = el('section', { class: 'sb-chat', 'aria-label': `${title} chat` });
const header = el('header', { id: 'sb-title' }, title);
const log = el('div', { class: 'sb-log', role: 'log', 'aria-live': 'polite', 'aria-labelledby': 'sb-title', tabindex: '0' });
const typing = el('div', { class: 'sb-typing', 'aria-live': 'polite' });
const status = el('div', { class: 'sb-status', role: 'status' });
const form = el('form', { 'aria-label': 'Send a message' });
const label = el('label', { for: 'sb-input', class: 'sb-sr' }, 'Message');
const input = el('input', { id: 'sb-input', type: 'text', autocomplete: 'off', placeholder: 'Type your message…', maxlength: '2000' });
const send = el('button', { type: 'submit' }, 'Send');
// Photos: a button that opens the file picker (a real button, so it works by keyboard), the
// chosen photos as removable previews, and a progress bar while they upload.
const attach = el('button', { type: 'button', class: 'sb-attach', 'aria-label': 'Attach a photo', title: 'Attach a photo' }, '\uD83D\uDCF7');
const picker = el('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', multiple: '', hidden: '', 'aria-hidden': 'true', tabindex: '-1' });
const previews = el('ul', { class: 'sb-previews', 'aria-label': 'Photos to send' });
const progress = el('progress', { class: 'sb-progress', max: '100', value: '0', 'aria-label': 'Sending photos', hidden: '' });
// The labels in the visitor's language come from the server's one text lookup (bot.yaml can
// override them); the English ones above stand until they arrive, or if the request fails.
let texts: Texts = {
  agent: 'Agent',
  choices: 'Choices',
  reconnecting: 'Reconnecting…',
  typing: `${title} is typing…`,
  attach: 'Attach a photo',
  photos: 'Photos to send',
  remove: 'Remove {name}',
  uploading: 'Sending photos',
  photo: 'Your photo',
  notPhoto: '{name} is not a JPEG, PNG or WebP photo',
  tooBig: '{name} is over 10 MB',
  products: 'Products',
  position: '{n} of {total}',
};
fetch(`${base}/api/web/texts?locale=${encodeURIComponent(locale)}`)
  .then((r) => (r.ok ? r.json() : null))
  .then((body: { texts?: Texts } | null) => {
    if (!body || !body.texts) return;
    texts = body.texts;
    input.setAttribute('placeholder', String(texts.placeholder));
    send.textContent = texts.send ?? null;
    label.textContent = texts.label ?? null;
    form.setAttribute('aria-label', String(texts.form));
    attach.setAttribute('aria-label', texts.attach);
    attach.setAttribute('title', texts.attach);
    previews.setAttribute('aria-label', texts.photos);
    progress.setAttribute('aria-label', texts.uploading);
  })
  .catch(() => {
    /* offline: keep the English labels */
  });
form.appendChild(label);
form.appendChild(attach);
form.appendChild(picker);
form.appendChild(input);
form.appendChild(send);
root.appendChild(header);
root.appendChild(log);
root.appendChild(typing);
root.appendChild(status);
root.appendChild(previews);
root.appendChild(progress);
root.appendChild(form);

const target = targetSelector ? document.querySelector(targetSelector) : null;
if (target) {
  target.appendChild(root);
} else {
  root.classList.add('sb-floating');
  root.hidden = true;
  const launcher = el('button', { class: 'sb-launcher', 'aria-expanded': 'false', 'aria-controls': 'sb-panel' }, title);
  root.id = 'sb-panel';
  launcher.addEventListener('click', () => {
    root.hidden = !root.hidden;
    launcher.setAttribute('aria-expanded', String(!root.hidden));
    if (!root.hidden) input.focus();
  });
  document.body.appendChild(launcher);
  document.body.appendChild(root);
}

const shown = new Map<string, HTMLElement>(); // message id -> element
const pending = new Map<string, HTMLElement>(); // clientMessageId -> element (sent, not yet confirmed)
let outbox: Frame[] = []; // frames to send once connected
let ws: WebSocket | null = null;
let retry = 0;
let typingTimer: number | undefined;

function render(message: WireMessage): void {
  if (shown.has(message.id)) return;
  const mine = message.direction === 'inbound' && message.channel === 'web';
  let node = message.clientMessageId ? pending.get(message.clientMessageId) : undefined;
  if (node && mine && message.clientMessageId) {
    pending.delete(message.clientMessageId);
    node.classList.remove('sb-pending');
  } else {
    const cls = message.direction === 'inbound' ? 'sb-in' : message.author === 'agent' ? 'sb-agent' : 'sb-out';
    const bubble = message.direction === 'outbound' ? markdownBubble(cls, message.text || '') : el('div', { class: `sb-msg ${cls}` }, message.text || '');
    node = bubble;
    if (message.direction === 'outbound' && message.author === 'agent') {
      // Who answers: the agent's display name (set as text) above their message.
      const who = message.authorName || texts.agent;
      if (message.authorName) bubble.insertBefore(el('span', { class: 'sb-author' }, message.authorName), bubble.firstChild);
      bubble.setAttribute('aria-label', `${who}: ${message.text || ''}`);
    }
    for (const a of message.attachments || []) {
      if (!a.url) continue;
      if (a.type === 'image' && a.url.indexOf('/api/media/') === 0) {
        // A photo the visitor sent, kept by the server: shown from our media route, as theirs.
        bubble.appendChild(el('img', { class: 'sb-photo', src: `${base}${a.url}?userId=${encodeURIComponent(userId)}`, alt: a.name || texts.photo }));
        continue;
      }
      const link = el('a', { href: a.url, target: '_blank', rel: 'noopener noreferrer' }, a.name || a.caption || a.url);
      bubble.appendChild(document.createElement('br'));
      bubble.appendChild(link);
    }
    if (message.buttons && message.buttons.length) bubble.appendChild(renderButtons(message.buttons));
    const cards = message.cards && message.cards.length ? renderCards(message.cards, message.locale || locale) : null;
    // A message that is only cards shows no empty bubble above them.
    const empty = !message.text && !bubble.querySelector('a, button, img');
    if (!(cards && empty)) log.appendChild(bubble);
    if (cards) log.appendChild(cards);
  }
  shown.set(message.id, node);
  lastId = message.id;
  if (message.direction === 'outbound') typing.textContent = '';
  log.scrollTop = log.scrollHeight;
}

// Bot and agent text is Markdown (the channel declares CommonMark): rendered and sanitised by
// Switchboard.renderMarkdown, which the server bundles in front of this file. Customer text never
// goes through it: it stays text. Without the renderer (this file served alone) it stays text too.
function markdownBubble(cls: string, text: string): HTMLElement {
  const renderMarkdown = window.Switchboard?.renderMarkdown;
  if (typeof renderMarkdown !== 'function') return el('div', { class: `sb-msg ${cls}` }, text);
  const node = el('div', { class: `sb-msg sb-md ${cls}` });
  node.appendChild(renderMarkdown(text));
  return node;
}

function renderButtons(buttons: readonly WireButton[]): HTMLElement {
  const group = el('div', { class: 'sb-buttons', role: 'group', 'aria-label': texts.choices });
  for (const b of buttons) {
    const button = el('button', { type: 'button' }, b.title);
    button.addEventListener('click', () => {
      if (b.url) {
        window.open(b.url, '_blank', 'noopener');
        return;
      }
      submit(b.title, b.payload || b.title);
      input.focus();
    });
    group.appendChild(button);
  }
  return group;
}

// Cards are a carousel (the WAI-ARIA pattern): a labelled region of slides, each a group named
// by its product and place ("Storm Shell Jacket, 1 of 3"). Tab enters the
// current card (and its links and buttons); the arrow keys, Home and End move between cards.
function renderCards(cards: readonly WireCard[], cardLocale: string): HTMLElement {
  const region = el('div', { class: 'sb-cards', role: 'region', 'aria-roledescription': 'carousel', 'aria-label': texts.products });
  const track = el('div', { class: 'sb-track' });
  const items = cards.map((card, i) => {
    const position = texts.position.replace('{n}', String(i + 1)).replace('{total}', String(cards.length));
    const item = el('div', { class: 'sb-card', role: 'group', 'aria-roledescription': 'slide', 'aria-label': `${card.title}, ${position}`, tabindex: i === 0 ? '0' : '-1' });
    if (card.imageUrl) item.appendChild(el('img', { src: new URL(card.imageUrl, base).href, alt: card.title, loading: 'lazy' }));
    const body = el('div', { class: 'sb-card-body' });
    const heading = el('p', { class: 'sb-card-title' });
    heading.appendChild(card.url ? el('a', { href: card.url, target: '_blank', rel: 'noopener noreferrer' }, card.title) : document.createTextNode(card.title));
    body.appendChild(heading);
    if (card.subtitle) body.appendChild(el('p', { class: 'sb-card-sub' }, card.subtitle));
    if (card.price) body.appendChild(el('p', { class: 'sb-card-price' }, formatPrice(card.price, cardLocale)));
    if (card.buttons && card.buttons.length) body.appendChild(renderButtons(card.buttons));
    item.appendChild(body);
    track.appendChild(item);
    return item;
  });
  const moves: Record<string, (current: number) => number> = { ArrowRight: (c) => c + 1, ArrowLeft: (c) => c - 1, Home: () => 0, End: () => items.length - 1 };
  track.addEventListener('keydown', (e) => {
    const current = items.findIndex((item) => item === e.target);
    if (current < 0) return; // keys inside a card's buttons keep their usual meaning
    const move = Object.hasOwn(moves, e.key) ? moves[e.key] : undefined;
    const next = move ? move(current) : -1;
    const from = items[current];
    const to = items[next];
    if (!from || !to) return;
    e.preventDefault();
    from.setAttribute('tabindex', '-1');
    to.setAttribute('tabindex', '0');
    to.focus();
    to.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });
  region.appendChild(track);
  return region;
}

// Prices in the visitor's locale; a runtime that cannot format one shows the amount and code.
function formatPrice(price: { amount: number; currency: string }, tag: string): string {
  try {
    return new Intl.NumberFormat(tag, { style: 'currency', currency: price.currency }).format(price.amount);
  } catch {
    return `${price.amount} ${price.currency}`;
  }
}

function newClientMessageId(): string {
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

function submit(text: string, payload?: string): void {
  const clientMessageId = newClientMessageId();
  const node = el('div', { class: 'sb-msg sb-in sb-pending' }, text);
  log.appendChild(node);
  log.scrollTop = log.scrollHeight;
  pending.set(clientMessageId, node);
  const frame: Frame = { type: 'message', text, clientMessageId, locale };
  if (payload !== undefined) frame.payload = payload;
  outbox.push(frame);
  flush();
}

// --- Photos: chosen, pasted or dropped; previewed; sent with the text as one multipart message.
let chosen: File[] = []; // File objects waiting to be sent
const PHOTO_TYPES = /^image\/(jpeg|png|webp)$/;
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

function fill(text: string, name: string): string {
  return text.replace('{name}', name);
}

function addPhotos(files: FileList): void {
  for (const file of Array.from(files)) {
    const name = file.name || 'photo';
    if (!PHOTO_TYPES.test(file.type)) {
      status.textContent = fill(texts.notPhoto, name);
      continue;
    }
    if (file.size > MAX_PHOTO_BYTES) {
      status.textContent = fill(texts.tooBig, name);
      continue;
    }
    if (chosen.length >= 5) break;
    chosen.push(file);
  }
  renderPreviews();
}

function renderPreviews(): void {
  while (previews.firstChild) previews.removeChild(previews.firstChild);
  chosen.forEach((file, index) => {
    const item = el('li');
    item.appendChild(el('img', { src: URL.createObjectURL(file), alt: file.name || texts.photo }));
    const remove = el('button', { type: 'button', 'aria-label': fill(texts.remove, file.name || texts.photo) }, '\u00D7');
    remove.addEventListener('click', () => {
      chosen.splice(index, 1);
      renderPreviews();
      input.focus();
    });
    item.appendChild(remove);
    previews.appendChild(item);
  });
}

/** Sends the chosen photos and the typed text over HTTP (multipart), showing upload progress. */
function submitPhotos(text: string): void {
  const files = chosen;
  chosen = [];
  renderPreviews();
  const clientMessageId = newClientMessageId();
  const node = el('div', { class: 'sb-msg sb-in sb-pending' }, text);
  for (const file of files) node.appendChild(el('img', { class: 'sb-photo', src: URL.createObjectURL(file), alt: file.name || texts.photo }));
  log.appendChild(node);
  log.scrollTop = log.scrollHeight;
  pending.set(clientMessageId, node);
  const body = new FormData();
  body.append('userId', userId);
  body.append('clientMessageId', clientMessageId);
  body.append('locale', locale);
  if (text) body.append('text', text);
  if (token) body.append('token', token);
  for (const file of files) body.append('file', file, file.name || 'photo');
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${base}/api/web/messages`);
  progress.value = 0;
  progress.hidden = false;
  xhr.upload.onprogress = (e) => {
    if (e.lengthComputable) progress.value = Math.round((e.loaded / e.total) * 100);
  };
  xhr.onloadend = () => {
    progress.hidden = true;
    if (xhr.status >= 200 && xhr.status < 300) {
      // The socket echoes the stored message (and the replies); the answer carries the replies too.
      try {
        const answer: { messages?: WireMessage[] } = JSON.parse(xhr.responseText);
        (answer.messages || []).forEach(render);
      } catch {
        /* the socket has them */
      }
      return;
    }
    let reason = '';
    try {
      const answer: { error?: string } = JSON.parse(xhr.responseText);
      reason = answer.error ?? '';
    } catch {
      reason = xhr.statusText || 'network error';
    }
    status.textContent = reason;
    pending.delete(clientMessageId);
    if (node.parentNode) node.parentNode.removeChild(node);
  };
  xhr.send(body);
}

attach.addEventListener('click', () => picker.click());
picker.addEventListener('change', () => {
  if (picker.files) addPhotos(picker.files);
  picker.value = '';
  input.focus();
});
input.addEventListener('paste', (e) => {
  const files = e.clipboardData && e.clipboardData.files;
  if (files && files.length) {
    e.preventDefault();
    addPhotos(files);
  }
});
root.addEventListener('dragover', (e) => {
  e.preventDefault();
  root.classList.add('sb-drop');
});
root.addEventListener('dragleave', () => root.classList.remove('sb-drop'));
root.addEventListener('drop', (e) => {
  e.preventDefault();
  root.classList.remove('sb-drop');
  if (e.dataTransfer && e.dataTransfer.files) addPhotos(e.dataTransfer.files);
  input.focus();
});

function flush(): void {
  const socket = ws;
  if (!socket || socket.readyState !== WebSocket.OPEN) return;
  // Frames stay queued until acknowledged; a resend after reconnect is deduplicated by clientMessageId.
  for (const f of outbox) socket.send(JSON.stringify(f));
}

function connect(): void {
  const url = `${base.replace(/^http/, 'ws')}/api/web/socket?userId=${encodeURIComponent(userId)}${lastId ? `&after=${encodeURIComponent(lastId)}` : ''}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
  const socket = new WebSocket(url);
  ws = socket;
  socket.onopen = () => {
    retry = 0;
    status.textContent = '';
    flush();
  };
  socket.onmessage = (e: MessageEvent<string>) => {
    let event: ServerEvent;
    try {
      event = JSON.parse(e.data);
    } catch {
      return;
    }
    if (event.type === 'message') render(event.message);
    else if (event.type === 'ack') outbox = outbox.filter((f) => f.clientMessageId !== event.clientMessageId);
    else if (event.type === 'typing') {
      typing.textContent = texts.typing;
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => {
        typing.textContent = '';
      }, 5000);
    } else if (event.type === 'error') {
      status.textContent = event.error;
      if (event.clientMessageId) outbox = outbox.filter((f) => f.clientMessageId !== event.clientMessageId);
    }
  };
  socket.onclose = () => {
    status.textContent = texts.reconnecting;
    const delay = Math.min(10000, 250 * Math.pow(2, retry++));
    window.setTimeout(connect, delay);
  };
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const text = input.value.trim();
  if (!text && !chosen.length) return;
  input.value = '';
  if (chosen.length) submitPhotos(text);
  else submit(text);
  input.focus();
});

// Merged, not replaced: /events.js may have added Switchboard.track first.
const api: SwitchboardGlobal = window.Switchboard || (window.Switchboard = {});
api.userId = userId;
api.open = () => input.focus();
connect();
