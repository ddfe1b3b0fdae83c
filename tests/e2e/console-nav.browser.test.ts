import { defaultModules } from '../../server/modules';
import { signedInConsole } from '../support/browser';
import { expectConsoleNav } from '../support/console-nav';
import { startConsoleApp } from './support';

// Whole scenarios in a real browser: generous limits for a cold machine, not speed assertions.
jest.setTimeout(120_000);

/**
 * The console's navigation in Chromium for a bot without the analytics module: the top bar links
 * only to the pages of the modules the app runs, and the other pages still render with the shell's
 * stylesheet and Markdown renderer.
 */
describe('console navigation without the analytics module, in Chromium', () => {
  const ui = signedInConsole(() => startConsoleApp({}, { modules: defaultModules().filter((m) => m.name !== 'analytics') }));

  test('an admin sees no dashboard or staffing link; the queue and the knowledge editor render', async () => {
    const { h, page, errors } = ui;
    await expectConsoleNav(page, ['Queue', 'Knowledge', 'Admin'], 'Queue', ['Dashboard', 'Staffing']);
    // The shell's stylesheet is applied: the top bar is its flex row, not a plain block.
    const styled = () => page.evaluate(() => getComputedStyle(document.querySelector('.topbar')!).display === 'flex');
    expect(await styled()).toBe(true);

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Knowledge' }).click();
    await page.waitForURL(`${h.base}/console/knowledge`);
    await expectConsoleNav(page, ['Queue', 'Knowledge', 'Admin'], 'Knowledge', ['Dashboard', 'Staffing']);
    expect(await styled()).toBe(true);
    expect(await page.evaluate(() => typeof window.Switchboard?.renderMarkdown)).toBe('function');
    expect(errors).toEqual([]);
  });
});
