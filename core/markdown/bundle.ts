import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The browser script that renders Markdown for the web widget and the agent console: private
 * copies of markdown-it (renderer) and DOMPurify (sanitiser) from node_modules' browser builds,
 * then `render.browser.js`, all in one closure that publishes only `Switchboard.renderMarkdown`
 * (merged into `window.Switchboard`, which the widget and /events.js share). One renderer for
 * every page, so the widget and the console show the same text the same way.
 */
export function markdownScript(): string {
  cached ??= build();
  return cached;
}

let cached: string | undefined;

function build(): string {
  const parts = [
    privateModule('markdownit', require.resolve('markdown-it/browser')),
    privateModule('DOMPurify', require.resolve('dompurify/purify.min.js')),
    readFileSync(join(__dirname, 'render.browser.js'), 'utf8'),
    'var api = window.Switchboard || (window.Switchboard = {});',
    'api.renderMarkdown = renderMarkdown;',
  ];
  return `/* Switchboard Markdown: markdown-it (MIT) and DOMPurify (Apache-2.0 or MPL-2.0) */\n(function () {\n${parts.join('\n')}\n})();\n`;
}

/**
 * A UMD build run with its own `module`, so it takes the CommonJS branch: no global is set and a
 * host page's AMD loader (`define`) never sees it.
 */
function privateModule(name: string, file: string): string {
  const source = readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
  return `var ${name} = (function () { var module = { exports: {} }, exports = module.exports, define; ${source}\n; return module.exports; })();`;
}
