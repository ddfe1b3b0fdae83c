import type { ConsolePage } from '../../core/console-shell';
import { defaultModules } from '../../server/modules';
import { startConsoleApp, type ConsoleHarness } from '../e2e/support';

/**
 * The console shell's own files (`/console/shell/…`) come from core, whichever modules the app
 * runs, and its navigation from the console pages the app's modules declare: a module that is
 * not loaded has no link.
 */
const without = (name: string) => defaultModules().filter((m) => m.name !== name);
const navOf = async (h: ConsoleHarness) => ((await (await fetch(`${h.base}/console/shell/pages.json`)).json()) as ConsolePage[]).map((p) => [p.label, p.path, p.roles]);

const QUEUE = ['Queue', '/console', ['agent', 'editor', 'admin']];
const KNOWLEDGE = ['Knowledge', '/console/knowledge', ['editor', 'admin']];
const DASHBOARD = ['Dashboard', '/console/dashboard', ['editor', 'admin']];
const STAFFING = ['Staffing', '/console/staffing', ['editor', 'admin']];
const ADMIN_PAGE = ['Admin', '/console/admin', ['admin']];

describe('the console shell', () => {
  const apps: ConsoleHarness[] = [];
  const start = async (modules?: ReturnType<typeof defaultModules>) => {
    const h = await startConsoleApp({}, { modules });
    apps.push(h);
    return h;
  };
  afterAll(async () => {
    for (const h of apps) await h.close();
  });

  test('the navigation lists every module’s pages, in their order', async () => {
    expect(await navOf(await start())).toEqual([QUEUE, KNOWLEDGE, DASHBOARD, STAFFING, ADMIN_PAGE]);
  });

  test('without the analytics module there is no dashboard or staffing link, and no such page', async () => {
    const h = await start(without('analytics'));
    expect(await navOf(h)).toEqual([QUEUE, KNOWLEDGE, ADMIN_PAGE]);
    expect((await fetch(`${h.base}/console/dashboard`, { redirect: 'manual' })).status).toBe(404);
  });

  test('without the handoff module the other pages still get the stylesheet and the Markdown renderer', async () => {
    const h = await start(without('handoff'));
    expect(await navOf(h)).toEqual([KNOWLEDGE, DASHBOARD, STAFFING]);
    const markdown = await fetch(`${h.base}/console/shell/markdown.js`);
    expect([markdown.status, markdown.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(markdown.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await markdown.text()).toContain('renderMarkdown');
    const style = await fetch(`${h.base}/console/shell/style.css`);
    expect([style.status, style.headers.get('content-type')]).toEqual([200, 'text/css; charset=utf-8']);
    expect((await fetch(`${h.base}/console/shell/nope.js`)).status).toBe(404);
    // The handoff module's own files went with it.
    expect((await fetch(`${h.base}/console/assets/app.js`)).status).toBe(404);
  });
});
