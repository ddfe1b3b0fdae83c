/**
 * The visitor's id in the browser, one per site origin, shared by the chat widget and /events.js so
 * chat and behaviour events are one customer. Kept in localStorage under `switchboard:<origin>`;
 * in private mode (no storage) it lasts as long as the page. A browser module: esbuild bundles it
 * into each script that imports it (core/browser-script.ts).
 */
export function visitorId(origin: string): string {
  const key = `switchboard:${origin}`;
  let saved: { userId?: string } = {};
  try {
    saved = JSON.parse(localStorage.getItem(key) || '{}');
  } catch {
    saved = {};
  }
  if (saved.userId) return saved.userId;
  const userId = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now();
  try {
    localStorage.setItem(key, JSON.stringify({ ...saved, userId }));
  } catch {
    /* private mode */
  }
  return userId;
}
