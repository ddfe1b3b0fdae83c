import { defaultModules } from '../../server/modules';
import { startConsoleApp, type ConsoleHarness } from '../e2e/support';

/** The console shell's own files (`/console/shell/…`) come from core, whichever modules the app runs. */
const without = (name: string) => defaultModules().filter((m) => m.name !== name);

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

  test('without the handoff module the other pages still get the stylesheet and the Markdown renderer', async () => {
    const h = await start(without('handoff'));
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
