import { join } from 'node:path';
import { browserScript } from '../browser-script';

/**
 * The browser script that renders Markdown for the web widget and the agent console:
 * `browser/render.ts` built for the browser with what it imports (core/browser-script.ts, minified), so it
 * carries private copies of markdown-it (renderer) and DOMPurify (sanitiser) from node_modules in
 * its own closure and publishes only `Switchboard.renderMarkdown` (merged into `window.Switchboard`,
 * which the widget and /events.js share). One renderer for every page, so the widget and the
 * console show the same text the same way.
 */
export function markdownScript(): string {
  return browserScript(RENDERER, { minify: true });
}

const RENDERER = join(__dirname, 'browser', 'render.ts');
