import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consolePageHtml, SECURITY_HEADERS } from '../../core/console-shell';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { servedRoutes } from '../support/routes';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsoleApp();
});
afterAll(async () => h && (await h.close()));

const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length;

/** What the shared shell (shell.html, topbar.html) must have put around a page's own markup. */
function shell(html: string) {
  return {
    doctype: html.startsWith('<!doctype html>\n<html lang="en">'),
    topBars: count(html, /<header class="topbar">/g),
    signedInControls: count(html, /id="me-name"|id="logout"/g),
    mains: count(html, /<main[\s>]/g),
    titles: count(html, /<title>/g),
    title: /<title>(.*?)<\/title>/.exec(html)?.[1],
    stylesheets: count(html, /<link rel="stylesheet" href="\/console\/shell\/style\.css">/g),
    placeholders: count(html, /\{\{|\}\}/g),
  };
}

describe('the console pages share one shell', () => {
  test('every page a signed-in admin opens has one top bar, one <main>, its title and the stylesheet, and no placeholder', async () => {
    const admin = await h.login(ADMIN.email, ADMIN.password);
    // Every page route, from the app's own table: a page added later is checked too.
    const pages = servedRoutes(h.app, '/console').filter((r) => r.method === 'GET' && !r.path.includes(':')).map((r) => r.path);
    expect(pages).toEqual(expect.arrayContaining(['/console', '/console/', '/console/admin', '/console/knowledge', '/console/dashboard', '/console/staffing', '/console/login']));
    for (const path of pages) {
      const res = await fetch(h.base + path, { headers: { cookie: admin.cookie }, redirect: 'manual' });
      expect([path, res.status, res.headers.get('content-type'), res.headers.get('content-security-policy')]).toEqual([
        path,
        200,
        'text/html; charset=utf-8',
        SECURITY_HEADERS['content-security-policy'],
      ]);
      // The login page is the one without a signed-in user, so without the top bar.
      const signedIn = path !== '/console/login';
      expect({ path, ...shell(await res.text()) }).toEqual({
        path,
        doctype: true,
        topBars: signedIn ? 1 : 0,
        signedInControls: signedIn ? 2 : 0,
        mains: 1,
        titles: 1,
        title: expect.stringMatching(/^\S.* · Switchboard console$/),
        stylesheets: 1,
        placeholders: 0,
      });
    }
  });

  test('a page with a placeholder or part the shell does not know, or without a title, is refused when assembled', () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-page-'));
    const page = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return () => consolePageHtml(join(dir, name));
    };
    expect(page('ok.html', '{{#title}}Fine{{/title}}\n<body>\n{{topbar}}\n  <main></main>\n</body>\n')()).toContain('<title>Fine · Switchboard console</title>');
    expect(page('placeholder.html', '{{#title}}X{{/title}}\n<body>{{sidebar}}</body>\n')).toThrow('nothing fills {{sidebar}}');
    expect(page('part.html', '{{#title}}X{{/title}}\n{{#footer}}f{{/footer}}\n<body></body>\n')).toThrow('unknown part {{#footer}}');
    expect(page('untitled.html', '<body></body>\n')).toThrow('nothing fills {{title}}');
    expect(page('unclosed.html', '{{#title}}X{{/title}}\n{{#controls}}<b>c</b>\n<body>\n{{topbar}}\n</body>\n')).toThrow('a {{ is left in the page');
  });
});
