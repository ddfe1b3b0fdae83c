// The agent console: the queue (live waiting times), one conversation at a time (the whole
// cross-channel transcript, context, suggestions, notes, reply, transfer, resolve), kept current
// by the /console/socket feed. Every piece of customer text is set with textContent; bot, agent and
// knowledge text is rendered by the sanitising Markdown renderer (markdown in common.ts).
import { type Agent, api, clear, duration, el, markdown, problem, reasonLabel, time, topBar, when } from '../../core/console-shell/common';
import { byId as $, field, radioValue } from '../../core/console-shell/dom';

/** A handoff as the queue and the conversation view show it. */
interface Handoff {
  id: string;
  status: string;
  reason: string;
  agentId?: string | null;
  queueId: string;
  customerId: string;
  conversationId: string;
  customerName?: string | null;
  channel?: string | null;
  language?: string | null;
  lastMessage?: string | null;
  note?: string | null;
  requestedAt: number;
  waitingSeconds: number;
}

/** A callback promised to a customer. */
interface Callback {
  id: string;
  status: string;
  dueAt: number;
  agentId?: string | null;
  handoffId?: string | null;
  customerName?: string | null;
  queueId: string;
}

/** An agent in the queue's answer (for names and transfers). */
interface QueueAgent {
  id: string;
  name: string;
  status: string;
  load: number;
  capacity: number;
}

/** What GET /api/handoff/queue answers. */
interface QueueView {
  handoffs: Handoff[];
  callbacks?: Callback[];
  agents: QueueAgent[];
}

/** A file, image or location the customer sent. */
interface Attachment {
  type: string;
  name?: string;
  caption?: string;
  href?: string;
  inline?: boolean;
  size?: number;
  latitude?: number;
  longitude?: number;
  /** What the bot read in this photo (the server's `ConsoleReading`). */
  reading?: PhotoReading;
}

/** What the bot read in a photo: its text, each code as "format value", a model's description, or why it was not read. */
interface PhotoReading {
  text?: string;
  codes?: string[];
  description?: string;
  error?: string;
}

/** One message of the cross-channel transcript. */
interface TranscriptMessage {
  id: string;
  direction: 'inbound' | 'outbound';
  author: string;
  authorName?: string | null;
  channel: string;
  createdAt: number;
  text?: string | null;
  status?: string;
  possibleDuplicate?: boolean;
  attachments?: Attachment[];
  /** The turn inspector's lines: [label, value]. */
  why?: [string, string][];
}

/** A knowledge suggestion for the customer's last question. */
interface Suggestion {
  title: string;
  text: string;
  articleId?: string;
  locale?: string;
  question?: string;
}

/** An agent's note on the conversation. */
interface Note {
  text: string;
  agentId: string;
  at: number;
}

/** What GET /api/handoff/conversations/:id answers. */
interface Conversation {
  handoff: Handoff;
  customer?: { profile?: { name?: string; email?: string; phone?: string; attributes?: Record<string, unknown> } } | null;
  addresses?: { channel: string; address: string }[];
  language?: string | null;
  intent?: string | null;
  summary?: string | null;
  suggestions?: Suggestion[];
  notes?: Note[];
  transcript: TranscriptMessage[];
}

/** What the console socket pushes. */
type SocketEvent = { type: 'message'; handoffId: string; message: TranscriptMessage } | { type: 'handoff'; handoff: Handoff };

/** A line of a definition list: a label and text, or a node of nested pairs. */
type Fact = [string, string | HTMLElement];

const CANNED = [
  { title: 'Greeting', text: 'Hi, thanks for waiting. I am looking at your conversation now.' },
  { title: 'One moment', text: 'Thanks, give me a moment while I check that for you.' },
  { title: 'Order number', text: 'Could you send me your order number, please?' },
  { title: 'Anything else', text: 'Is there anything else I can help you with today?' },
  { title: 'Goodbye', text: 'Thanks for contacting us. Have a great day!' },
];
const CHANNELS: Record<string, string> = { web: 'Web chat', sms: 'SMS', whatsapp: 'WhatsApp', 'whatsapp-web': 'WhatsApp', slack: 'Slack', teams: 'Teams' };
const AUTHORS: Record<string, string> = { customer: 'Customer', bot: 'Bot', agent: 'Agent', system: 'System' };
const TYPES: Record<string, string> = { image: 'Image', audio: 'Audio', video: 'Video', file: 'File', location: 'Location', card: 'Card' };

const state = {
  me: null as Agent | null,
  queue: [] as Handoff[],
  callbacks: [] as Callback[],
  agents: [] as QueueAgent[],
  queues: [] as { id: string; name: string }[],
  skew: 0,
  current: null as Conversation | null,
  seen: new Set<string>(),
};
// Readable labels for profile attributes the journeys module keeps (rfm: recency, frequency, money).
const LABELS: Record<string, string> = { rfm: 'Purchases', lastOrderDaysAgo: 'Last order', orders: 'Orders', spend: 'Spent', segment: 'Segment' };

/** The signed-in agent (known before anything renders). */
function me(): Agent {
  if (!state.me) throw new Error('Not signed in yet.');
  return state.me;
}
/** `table[key]` when the table has it (not an inherited name like `constructor`). */
function lookup(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
function channelName(c: string): string {
  return lookup(CHANNELS, c) || c;
}
function announce(text: string): void {
  $('announcer').textContent = text;
}

// --- queue
async function loadQueue(): Promise<void> {
  const data = await api<QueueView>('GET', '/api/handoff/queue');
  state.queue = data.handoffs;
  state.callbacks = data.callbacks || [];
  state.agents = data.agents;
  const first = data.handoffs[0];
  if (first) state.skew = Date.now() - (first.requestedAt + first.waitingSeconds * 1000);
  renderQueue();
}

function agentName(id: string | null | undefined): string {
  const a = state.agents.find((x) => x.id === id);
  return a ? a.name : 'an agent';
}

function renderQueue(): void {
  const list = clear($('queue-list'));
  const waiting = state.queue.filter((h) => h.status === 'waiting').length;
  $('queue-count').textContent = `${waiting} waiting`;
  document.title = `${waiting ? `(${waiting}) ` : ''}Switchboard console`;
  $('queue-empty').hidden = state.queue.length > 0;
  renderCallbacks();
  for (const h of state.queue) {
    const mine = h.agentId === me().id;
    const open = el('a', { href: `#/h/${h.id}`, className: 'queue-open', 'aria-current': state.current && state.current.handoff.id === h.id ? 'true' : null }, [
      el('span', { className: 'q-name', text: h.customerName || 'Anonymous customer' }),
      el('span', { className: 'q-meta' }, [
        el('span', { className: `badge ch-${h.channel}`, text: h.channel ? channelName(h.channel) : '' }),
        el('span', { className: 'badge', text: (h.language || '?').toUpperCase(), title: 'Language' }),
        el('span', { className: 'badge reason', text: reasonLabel(h.reason) }),
      ]),
      el('span', { className: 'q-last', text: h.lastMessage || '' }),
    ]);
    const status =
      h.status === 'waiting'
        ? el('span', { className: 'wait', 'data-since': h.requestedAt, text: `Waiting ${duration((Date.now() - state.skew - h.requestedAt) / 1000)}` })
        : el('span', { className: 'assigned', text: mine ? 'Yours' : `With ${agentName(h.agentId)}` });
    const claim = mine
      ? null
      : el('button', { type: 'button', className: 'primary small', text: 'Claim', 'aria-label': `Claim conversation with ${h.customerName || 'anonymous customer'}`, onclick: () => claimHandoff(h.id) });
    list.appendChild(el('li', { className: `queue-item${h.status === 'waiting' ? ' is-waiting' : ''}${mine ? ' is-mine' : ''}` }, [open, el('div', { className: 'q-side' }, [status, claim])]));
  }
}

// Callbacks promised to customers: scheduled ones with their due time, assigned ones with the agent
// (and a link to the conversation), so nobody forgets a promise.
function renderCallbacks(): void {
  const list = clear($('callback-list'));
  const due = state.callbacks.filter((c) => c.status === 'scheduled').length;
  $('callback-count').textContent = `${due} to make`;
  $('callback-empty').hidden = state.callbacks.length > 0;
  for (const c of state.callbacks) {
    const dueText = c.dueAt <= Date.now() - state.skew ? 'Due now' : `Due ${when(c.dueAt)}`;
    const who = c.status === 'assigned' ? (c.agentId === me().id ? 'Yours' : `With ${agentName(c.agentId)}`) : dueText;
    const name = el('span', { className: 'q-name', text: c.customerName || 'Anonymous customer' });
    const main = c.handoffId
      ? el('a', { href: `#/h/${c.handoffId}`, className: 'queue-open' }, [name, el('span', { className: 'q-last', text: queueName(c.queueId) })])
      : el('div', { className: 'queue-open' }, [name, el('span', { className: 'q-last', text: queueName(c.queueId) })]);
    const cancel =
      c.status === 'scheduled'
        ? el('button', { type: 'button', className: 'ghost small', text: 'Cancel', 'aria-label': `Cancel the callback for ${c.customerName || 'anonymous customer'}`, onclick: () => closeCallback(c.id, 'cancelled') })
        : null;
    list.appendChild(el('li', { className: 'queue-item callback-item', 'data-status': c.status }, [main, el('div', { className: 'q-side' }, [el('span', { className: c.status === 'assigned' ? 'assigned' : 'due', text: who }), cancel])]));
  }
}

async function closeCallback(id: string, outcome: string): Promise<void> {
  try {
    await api('POST', `/api/handoff/callbacks/${encodeURIComponent(id)}/outcome`, { outcome });
    announce(`Callback ${outcome}.`);
    await loadQueue();
  } catch (err) {
    announce(problem(err));
  }
}

function tick(): void {
  document.querySelectorAll('.wait[data-since]').forEach((node) => {
    node.textContent = `Waiting ${duration((Date.now() - state.skew - Number(node.getAttribute('data-since'))) / 1000)}`;
  });
}

async function claimHandoff(id: string): Promise<void> {
  try {
    await api('POST', `/api/handoff/conversations/${encodeURIComponent(id)}/claim`, {});
    announce('Conversation claimed.');
    if (location.hash !== `#/h/${id}`) location.hash = `#/h/${id}`;
    else await openConversation(id);
    await loadQueue();
  } catch (err) {
    announce(problem(err));
    alertError(problem(err));
  }
}

// --- conversation
async function openConversation(id: string, keepFocus = false): Promise<void> {
  const data = await api<Conversation>('GET', `/api/handoff/conversations/${encodeURIComponent(id)}`);
  // The same conversation again (a live update): keep what is on screen, so screen readers
  // hear only the new lines.
  if (!state.current || state.current.handoff.id !== data.handoff.id) state.seen = new Set();
  state.current = data;
  renderConversation(data);
  renderQueue();
  if (!keepFocus) $('conv-title').focus();
}

function submitButton(form: HTMLFormElement): HTMLButtonElement {
  const button = form.querySelector('button');
  if (!button) throw new Error(`The form #${form.id} has no button.`);
  return button;
}

function renderConversation(d: Conversation): void {
  const h = d.handoff;
  const name = d.customer?.profile?.name || 'Anonymous customer';
  $('conv-empty').hidden = true;
  $('conv').hidden = false;
  $('conv-title').textContent = name;
  $('conv-title').setAttribute('tabindex', '-1');
  const mine = h.status === 'assigned' && h.agentId === me().id;
  $('conv-sub').textContent =
    `${h.status === 'waiting' ? 'Waiting' : h.status === 'assigned' ? (mine ? 'Assigned to you' : `With ${agentName(h.agentId)}`) : `Ended (${h.status})`} · since ${time(h.requestedAt)}`;
  $('claim-here').hidden = mine || (h.status !== 'waiting' && h.status !== 'assigned');
  const active = h.status === 'waiting' || h.status === 'assigned';
  $('resolve-open', HTMLButtonElement).disabled = !active;
  submitButton($('transfer-form', HTMLFormElement)).disabled = !active;
  submitButton($('reply-form', HTMLFormElement)).disabled = !mine;
  const reply = $('reply-text', HTMLTextAreaElement);
  reply.disabled = !mine;
  reply.placeholder = mine ? 'Reply to the customer (Ctrl+Enter sends)' : 'Claim the conversation to reply';
  const lastInbound = d.transcript.filter((m) => m.direction === 'inbound').pop();
  $('reply-channel').textContent = lastInbound ? `Goes out on ${channelName(lastInbound.channel)}` : '';

  const list = $('transcript');
  if (!state.seen.size) clear(list);
  for (const m of d.transcript) if (!state.seen.has(m.id)) list.appendChild(messageItem(m));
  list.scrollTop = list.scrollHeight;

  renderFacts($('profile'), profileFacts(d));
  renderFacts($('context'), [
    ['Language', (d.language || '?').toUpperCase()],
    ['Intent', d.intent || 'not detected'],
    ['Escalated', reasonLabel(h.reason)],
    h.note ? ['Note', h.note] : null,
    ['Queue', queueName(h.queueId)],
  ]);
  $('summary').textContent = d.summary || 'No summary yet.';
  renderSuggestions(d.suggestions || []);
  renderNotes(d.notes || []);
  renderTransferTargets(h);
}

function profileFacts(d: Conversation): Fact[] {
  const p = d.customer?.profile || {};
  const facts: Fact[] = [['Name', p.name || '—']];
  if (p.email) facts.push(['E-mail', p.email]);
  if (p.phone) facts.push(['Phone', p.phone]);
  for (const a of d.addresses || []) facts.push([channelName(a.channel), a.address]);
  const attrs = p.attributes || {};
  for (const k of Object.keys(attrs).slice(0, 6)) facts.push([label(k), readable(k, attrs[k])]);
  return facts;
}

function label(key: string): string {
  return lookup(LABELS, key) || key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** A value as a person reads it: "—" for nothing, "3 days ago", nested objects as label/value pairs. */
function readable(key: string, value: unknown): string | HTMLElement {
  if (value === null || value === undefined || value === '') return '—';
  if (key === 'lastOrderDaysAgo') return value === 0 ? 'today' : value === 1 ? 'yesterday' : `${String(value)} days ago`;
  if (Array.isArray(value)) return value.length ? value.map((v: unknown) => readable('', v)).join(', ') : '—';
  if (typeof value === 'object') {
    const node = el('span', { className: 'nested' });
    for (const [k, v] of Object.entries(value)) {
      node.appendChild(el('span', { text: label(k) }));
      const shown = readable(k, v);
      node.appendChild(typeof shown === 'string' ? el('span', { text: shown }) : shown);
    }
    return node;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function renderFacts(dl: HTMLElement, facts: readonly (Fact | null)[]): void {
  clear(dl);
  for (const f of facts) {
    if (!f) continue;
    dl.appendChild(el('dt', { text: f[0] }));
    dl.appendChild(typeof f[1] === 'string' ? el('dd', { text: f[1] }) : el('dd', { className: 'nested' }, Array.from(f[1].childNodes)));
  }
}

function queueName(id: string): string {
  const q = state.queues.find((x) => x.id === id);
  return q ? q.name : id;
}

function messageItem(m: TranscriptMessage): HTMLLIElement {
  state.seen.add(m.id);
  const who = m.author === 'agent' && m.authorName ? m.authorName : lookup(AUTHORS, m.author) || m.author;
  const attachments = m.attachments || [];
  return el('li', { className: `msg from-${m.author}${m.direction === 'inbound' ? ' inbound' : ' outbound'}`, 'data-id': m.id }, [
    el('div', { className: 'msg-meta' }, [
      el('span', { className: 'msg-author', text: who }),
      el('span', { className: `badge ch-${m.channel}`, text: channelName(m.channel) }),
      el('time', { datetime: new Date(m.createdAt).toISOString(), text: time(m.createdAt) }),
      m.status === 'failed' ? el('span', { className: 'badge danger', text: 'not delivered' }) : null,
      m.possibleDuplicate ? el('span', { className: 'badge warning', text: 'possibly sent twice', title: 'Resent after a restart: the customer may have received this twice' }) : null,
    ]),
    m.text || !attachments.length ? messageText(m) : null,
    attachmentList(attachments),
    m.why ? whyDetails(m.why) : null,
  ]);
}

// The turn inspector for agents and admins: why the bot answered as it did (language, intent,
// dialog step, knowledge scores, handoff reason), folded away under the bot's message.
function whyDetails(lines: [string, string][]): HTMLElement {
  return el('details', { className: 'msg-why' }, [
    el('summary', { text: 'Why' }),
    el('dl', {}, lines.flatMap((line) => [el('dt', { text: line[0] }), el('dd', { text: line[1] })])),
  ]);
}

// What the bot and agents wrote is Markdown, rendered as the customer saw it in the widget;
// what the customer wrote stays plain text.
function messageText(m: TranscriptMessage): HTMLElement {
  if (!m.text || m.direction === 'inbound' || m.author === 'customer') return el('p', { className: 'msg-text', text: m.text || '(no text)' });
  return el('div', { className: 'msg-text md' }, [markdown(m.text)]);
}

// Files the customer sent: images as thumbnails, everything else as links, all from the media
// route (same origin, behind the session). Names and captions are customer text: set as text.
function attachmentList(items: readonly Attachment[]): HTMLElement | null {
  if (!items.length) return null;
  return el(
    'ul',
    { className: 'msg-files' },
    items.map((a) => {
      const name = a.name || a.caption || lookup(TYPES, a.type) || a.type;
      if (a.type === 'location' && a.latitude !== undefined) return el('li', { text: `Location: ${a.latitude}, ${a.longitude}${a.name ? ` (${a.name})` : ''}` });
      if (!a.href) return el('li', { text: name });
      if (a.type === 'image' && a.inline) {
        return el('li', {}, [
          el('a', { href: a.href, target: '_blank', rel: 'noopener noreferrer', 'aria-label': `Open image: ${name}` }, [
            el('img', { className: 'msg-image', src: a.href, alt: a.caption || a.name || 'Image from the customer', loading: 'lazy' }),
          ]),
          photoReading(a.reading),
        ]);
      }
      return el('li', {}, [el('a', { href: a.href, target: '_blank', rel: 'noopener noreferrer', text: name + (a.size ? ` (${Math.ceil(a.size / 1024)} KB)` : '') })]);
    }),
  );
}

/**
 * What the bot read in a photo (OCR text, barcodes and QR codes, a model's description), shown beside
 * it so the agent need not squint at a blurred display. It is customer content: set as text only.
 */
function photoReading(r: PhotoReading | undefined): HTMLElement | null {
  if (!r) return null;
  const facts: [string, string][] = r.error
    ? [['Not read', r.error]]
    : [['Text', r.text || '(none)'], ...(r.codes ? [['Codes', r.codes.join(', ')] as [string, string]] : []), ...(r.description ? [['Shows', r.description] as [string, string]] : [])];
  return el('dl', { className: 'msg-reading', 'aria-label': 'Read in the photo' }, facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]));
}

/** Fills the side panel's list `id` with an item per entry, or a muted line saying there is none. */
function renderList<T>(id: string, entries: readonly T[], none: string, item: (entry: T) => HTMLElement): void {
  const list = clear($(id));
  if (!entries.length) list.appendChild(el('li', { className: 'muted', text: none }));
  for (const entry of entries) list.appendChild(item(entry));
}

function renderSuggestions(items: readonly Suggestion[]): void {
  renderList('suggestions', items, 'No suggestions for the last question.', (s) =>
    el('li', { className: 'suggestion' }, [
      suggestionTitle(s),
      el('div', { className: 'md' }, [markdown(s.text)]),
      el('button', {
        type: 'button',
        className: 'small',
        text: 'Insert',
        'aria-label': `Insert “${s.title}” into the reply`,
        onclick: () => {
          insertReply(s.text);
          learnFromInsert(s);
        },
      }),
    ]),
  );
}

// Editors and admins open the article on the knowledge page; agents (who cannot) see the title.
function suggestionTitle(s: Suggestion): HTMLElement {
  const title = el('strong', { text: s.title });
  if (!s.locale || !s.articleId || !['editor', 'admin'].includes(me().role)) return title;
  return el(
    'a',
    {
      href: `/console/knowledge#/a/${encodeURIComponent(s.articleId)}/${encodeURIComponent(s.locale)}`,
      target: '_blank',
      rel: 'noopener',
      'aria-label': `Open “${s.title}” on the knowledge page`,
    },
    [title],
  );
}

/** Tells the knowledge base the customer's last question belongs to the inserted article (it learns from it). */
function learnFromInsert(s: Suggestion): void {
  const current = state.current;
  if (!current || !s.articleId || !s.locale || !s.question) return;
  const h = current.handoff;
  api('POST', '/api/kb/evidence', {
    customerId: h.customerId,
    conversationId: h.conversationId,
    question: s.question,
    locale: current.language || s.locale,
    articleId: s.articleId,
    articleLocale: s.locale,
  }).catch(() => {
    /* learning is a bonus: the reply is what matters */
  });
}

function renderNotes(notes: readonly Note[]): void {
  renderList('notes', notes, 'No notes yet.', (n) => el('li', { className: 'note' }, [el('p', { text: n.text }), el('span', { className: 'muted', text: `${agentName(n.agentId)} · ${time(n.at)}` })]));
}

function renderTransferTargets(h: Handoff): void {
  const select = clear($('transfer-to'));
  const agents = el('optgroup', { label: 'Agents' });
  for (const a of state.agents.filter((x) => x.id !== h.agentId)) agents.appendChild(el('option', { value: `agent:${a.id}`, text: `${a.name} (${a.status}, ${a.load}/${a.capacity})` }));
  const queues = el('optgroup', { label: 'Queues' });
  for (const q of state.queues) queues.appendChild(el('option', { value: `queue:${q.id}`, text: q.name }));
  select.appendChild(agents);
  select.appendChild(queues);
}

function insertReply(text: string): void {
  const box = $('reply-text', HTMLTextAreaElement);
  box.value = box.value ? `${box.value.replace(/\s*$/, '')}\n${text}` : text;
  box.focus();
}

function alertError(text: string): void {
  const node = $('reply-error');
  node.textContent = text;
  node.hidden = false;
}

// --- actions
function currentId(): string {
  if (!state.current) throw new Error('No conversation is open.');
  return state.current.handoff.id;
}
function path(action: string): string {
  return `/api/handoff/conversations/${encodeURIComponent(currentId())}/${action}`;
}

async function sendReply(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const box = $('reply-text', HTMLTextAreaElement);
  const text = box.value.trim();
  $('reply-error').hidden = true;
  if (!text) return box.focus();
  try {
    await api('POST', path('reply'), { text });
    box.value = '';
    box.focus();
    if (!socketOpen) await openConversation(currentId(), true);
  } catch (err) {
    alertError(problem(err));
  }
}

async function addNote(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const box = $('note-text', HTMLTextAreaElement);
  if (!box.value.trim()) return box.focus();
  try {
    const data = await api<{ notes: Note[] }>('POST', path('notes'), { text: box.value.trim() });
    box.value = '';
    renderNotes(data.notes);
    announce('Note added.');
  } catch (err) {
    announce(problem(err));
  }
}

async function transfer(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const [kind, id] = $('transfer-to', HTMLSelectElement).value.split(':');
  if (id === undefined) return;
  try {
    await api('POST', path('transfer'), kind === 'agent' ? { agentId: id } : { queueId: id });
    announce('Conversation transferred.');
    await Promise.all([loadQueue(), openConversation(currentId(), true)]);
  } catch (err) {
    alertError(problem(err));
  }
}

function toggleResolve(open: boolean): void {
  const form = $('resolve-form', HTMLFormElement);
  form.hidden = !open;
  $('resolve-outcome').hidden = !(state.current && state.current.handoff.reason === 'callback');
  if (open) form.querySelector('input')?.focus();
  else $('resolve-open').focus();
}

async function resolve(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const form = $('resolve-form', HTMLFormElement);
  try {
    const body: { resume: string; csat: boolean; outcome?: string } = { resume: radioValue(form, 'resume'), csat: field(form, 'csat').checked };
    if (!$('resolve-outcome').hidden) body.outcome = radioValue(form, 'outcome');
    await api('POST', path('resolve'), body);
    form.hidden = true;
    announce('Resolved: the bot has the conversation again.');
    await Promise.all([loadQueue(), openConversation(currentId())]);
  } catch (err) {
    alertError(problem(err));
  }
}

// --- real time
let socketOpen = false;
let retry = 500;
let refreshTimer: number | undefined;

function refreshSoon(): void {
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(() => {
    loadQueue().catch(() => {});
  }, 150);
}

function connect(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/console/socket`);
  ws.onopen = () => {
    socketOpen = true;
    retry = 500;
    setConnection('Live', 'ok');
    refreshSoon();
    // Catch up on what was said while the connection was down.
    if (state.current) openConversation(state.current.handoff.id, true).catch(() => {});
  };
  ws.onmessage = (event: MessageEvent<string>) => {
    const data: SocketEvent = JSON.parse(event.data);
    if (data.type === 'message') onMessage(data);
    if (data.type === 'handoff') onHandoff(data.handoff);
  };
  ws.onclose = (event) => {
    socketOpen = false;
    if (event.code === 4401) return location.assign(`/console/login?next=${encodeURIComponent(location.pathname)}`);
    setConnection('Reconnecting…', 'warn');
    window.setTimeout(connect, retry);
    retry = Math.min(retry * 2, 15000);
  };
}

function setConnection(text: string, kind: string): void {
  const pill = $('connection');
  pill.textContent = text;
  pill.className = `pill ${kind}`;
}

function onMessage(data: { handoffId: string; message: TranscriptMessage }): void {
  refreshSoon();
  if (!state.current || data.handoffId !== state.current.handoff.id || state.seen.has(data.message.id)) return;
  const list = $('transcript');
  list.appendChild(messageItem(data.message));
  list.scrollTop = list.scrollHeight;
}

function onHandoff(h: Handoff): void {
  refreshSoon();
  if (h.status === 'waiting' && !state.queue.some((x) => x.id === h.id)) announce('A new customer is waiting.');
  if (state.current && state.current.handoff.id === h.id) openConversation(h.id, true).catch(() => {});
}

// --- start
function route(): void {
  const match = /^#\/h\/(.+)$/.exec(location.hash);
  if (match?.[1]) openConversation(decodeURIComponent(match[1])).catch((err: unknown) => announce(problem(err)));
}

async function start(): Promise<void> {
  state.me = await topBar();
  const status = $('status-select', HTMLSelectElement);
  status.value = state.me.status;
  state.queues = (await api<{ queues: { id: string; name: string }[] }>('GET', '/api/handoff/queues')).queues;
  const canned = $('canned', HTMLSelectElement);
  CANNED.forEach((c, i) => canned.appendChild(el('option', { value: String(i), text: c.title })));
  canned.addEventListener('change', () => {
    const chosen = canned.value === '' ? undefined : CANNED[Number(canned.value)];
    if (chosen) insertReply(chosen.text);
    canned.value = '';
  });
  status.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/handoff/me/status', { status: status.value });
      announce(`Your status is ${status.value}.`);
    } catch (err) {
      announce(problem(err));
    }
  });
  const replyForm = $('reply-form', HTMLFormElement);
  replyForm.addEventListener('submit', sendReply);
  $('reply-text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) replyForm.requestSubmit();
  });
  $('note-form').addEventListener('submit', addNote);
  $('transfer-form').addEventListener('submit', transfer);
  $('claim-here').addEventListener('click', () => claimHandoff(currentId()));
  $('resolve-open').addEventListener('click', () => toggleResolve(true));
  $('resolve-cancel').addEventListener('click', () => toggleResolve(false));
  const resolveForm = $('resolve-form');
  resolveForm.addEventListener('submit', resolve);
  resolveForm.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggleResolve(false);
  });
  window.addEventListener('hashchange', route);
  await loadQueue();
  route();
  connect();
  window.setInterval(tick, 1000);
}

start().catch((err: unknown) => announce(problem(err)));
