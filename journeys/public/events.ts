/*
 * Switchboard behaviour events for the browser. Embed next to the widget:
 *   <script src="https://bot.example.com/events.js" async></script>
 * then call Switchboard.track('product_view', { productId: 'sku-1', name: 'Linen shirt' }).
 * A page_view is sent on load. Events go to the visitor's own customer (the widget's userId);
 * no key is ever needed in the browser. Orders come from your server, not from here.
 * Served as /events.js, built for the browser by core/browser-script.ts.
 */
import type { SwitchboardGlobal } from '../../core/browser-globals';
import { visitorId } from '../../core/browser-visitor';

/** One event as POST /api/web/events takes it. */
interface BrowserEvent {
  type: string;
  properties?: Record<string, unknown>;
}

const script = document.currentScript;
const base = script instanceof HTMLScriptElement && script.src ? new URL(script.src).origin : location.origin;
// The same visitor id the chat widget keeps, so chat and events are one customer.
const userId = visitorId(base);

const queue: BrowserEvent[] = [];
let timer: number | null = null;

function flush(): void {
  timer = null;
  if (!queue.length) return;
  const events = queue.splice(0, 20);
  fetch(`${base}/api/web/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId, events }),
    keepalive: true,
  }).catch(() => {
    /* analytics must never break the page */
  });
  if (queue.length) timer = window.setTimeout(flush, 0);
}

function track(type: string, properties?: Record<string, unknown>): void {
  queue.push(properties ? { type, properties } : { type });
  if (!timer) timer = window.setTimeout(flush, 250);
}

// Merged, not replaced: the widget may have set Switchboard first.
const api: SwitchboardGlobal = window.Switchboard || (window.Switchboard = {});
api.userId = api.userId || userId;
api.track = track;
api.flush = flush;
track('page_view', { path: location.pathname, title: document.title });
