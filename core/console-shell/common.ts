// Shared by the console's pages: the API client (session cookie + CSRF header) and DOM helpers
// that only ever set text, never HTML: customer text can contain markup and must stay inert. Bot,
// agent and knowledge text goes through `markdown`, the sanitising renderer, instead.
// window.Switchboard.renderMarkdown: what /console/shell/markdown.js publishes, when the page loads it.
import type {} from '../browser-globals';
import { byId } from './dom';

let csrf = '';

/** A console API error: the server's message, its status and any per-field problems. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status. */
    readonly status: number,
    /** Per-field problems where the server named them. */
    readonly issues: readonly Issue[],
  ) {
    super(message);
  }
}

/** A per-field problem in a 400 answer: `field` is the path, dotted (`tags.0`), or null for the whole body. */
export interface Issue {
  field?: string | null;
  message: string;
}

/** What went wrong, as a person reads it: an error's message, or the thing thrown. */
export function problem(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Calls the console API; redirects to the login page when the session is gone. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  if (res.status === 401) {
    location.assign('/console/login?next=' + encodeURIComponent(location.pathname));
    throw new Error('Signed out');
  }
  const data: { error?: string; issues?: unknown } = await res.json().catch(() => ({}));
  if (!res.ok) {
    // The status and any per-field problems go with the message, for pages that show them in place.
    throw new ApiError(data.error || `Request failed (${res.status})`, res.status, Array.isArray(data.issues) ? data.issues : []);
  }
  return data as T;
}

/** An attribute's value for `el`: `false`, `null` and `undefined` leave it out; `on…` take a listener. */
export type AttrValue = string | number | boolean | null | undefined | ((event: Event) => unknown);
/** A child for `el`: a node, text (always as text), or nothing. */
export type Child = Node | string | null | undefined | false;

/** Creates an element; `text` always goes in as text. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') {
      if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), value);
    } else if (key === 'text') node.textContent = String(value);
    else if (key === 'className') node.className = String(value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** Empties `node` and returns it. */
export function clear<T extends Node>(node: T): T {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** "42 s", "3 min 05 s", "1 h 02 min". */
export function duration(seconds: number): string {
  seconds = Math.max(0, Math.floor(seconds));
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** "14:30": the local time of `ms`. */
export function time(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** "14:30" today, else "Mon 09:00": when a callback is due. */
export function when(ms: number): string {
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  return today ? time(ms) : `${d.toLocaleDateString([], { weekday: 'short' })} ${time(ms)}`;
}

/** A console role. */
export type Role = 'agent' | 'editor' | 'admin';

/** The signed-in agent (GET /api/handoff/me), and an agent on the admin page. */
export interface Agent {
  id: string;
  name: string;
  email: string;
  role: Role;
  status: string;
}

/** Reads the signed-in agent and the CSRF token for this session. */
async function whoAmI(): Promise<Agent> {
  const me = await api<{ agent: Agent; csrf?: string }>('GET', '/api/handoff/me');
  csrf = me.csrf || '';
  return me.agent;
}

async function logout(): Promise<void> {
  await fetch('/console/logout', { method: 'POST', headers: { 'x-csrf-token': csrf }, credentials: 'same-origin' });
  location.assign('/console/login');
}

/**
 * A console page in the top bar's navigation, declared by the module that serves it
 * (`AppModule.consolePages`): the shell lists the pages of the modules the app runs
 * (`/console/shell/pages.json`), so a module that is not loaded has no link.
 */
export interface ConsolePage {
  /** The link's text: "Dashboard". */
  label: string;
  /** The page's path: `/console/dashboard`. */
  path: string;
  /** Who may open it: the roles the page's route checks, so nobody is shown a link that answers 403. */
  roles: readonly Role[];
  /** Its place in the navigation, lowest first (the queue is 10, admin 90). */
  order: number;
}

/**
 * Renders the top bar's navigation for the signed-in agent's role, right after the brand: every
 * page uses this one list, so no page can forget a link another shows. The current page is
 * marked with aria-current; plain links keep the usual Tab and Enter behaviour.
 */
function renderNav(me: Agent, pages: readonly ConsolePage[]): HTMLElement {
  const here = location.pathname.replace(/\/+$/, '') || '/';
  const nav = el(
    'nav',
    { 'aria-label': 'Console' },
    pages.filter((page) => page.roles.includes(me.role)).map((page) => el('a', { href: page.path, text: page.label, 'aria-current': page.path === here ? 'page' : null })),
  );
  document.querySelector('.topbar .brand')?.after(nav);
  return nav;
}

/**
 * Sets up the top bar every page shares: reads the signed-in agent (and the session's CSRF
 * token) and the app's console pages, shows their name, the navigation their role may use, and
 * wires "Sign out".
 * Resolves with the agent.
 */
export async function topBar(): Promise<Agent> {
  const [me, pages] = await Promise.all([whoAmI(), api<ConsolePage[]>('GET', '/console/shell/pages.json')]);
  byId('me-name').textContent = me.name;
  renderNav(me, pages);
  byId('logout').addEventListener('click', logout);
  return me;
}

/**
 * Bot, agent and knowledge text as sanitised Markdown (the renderer markdown.js publishes, the
 * same one the web widget uses); plain text if that script is missing. Never for customer text.
 */
export function markdown(text: string | null | undefined): Node {
  const render = window.Switchboard?.renderMarkdown;
  return typeof render === 'function' ? render(text || '') : document.createTextNode(text || '');
}

/** Why a conversation reached a person, as the console shows it (by the handoff's `reason`). */
export const REASONS: Readonly<Record<string, string>> = {
  'customer-request': 'Asked for a person',
  fallbacks: 'Bot could not answer',
  'low-confidence': 'Low-confidence answers',
  sentiment: 'Unhappy customer',
  dialog: 'Dialog handoff step',
  rule: 'Bot rule',
  callback: 'Callback the customer asked for',
};

/** `REASONS[reason]`, or the reason itself when the console has no words for it. */
export function reasonLabel(reason: string): string {
  return Object.hasOwn(REASONS, reason) ? REASONS[reason] : reason;
}
