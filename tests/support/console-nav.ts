import type { Page } from 'playwright-core';

/** Every page the console's top bar can link to, by the label it shows. */
const CONSOLE_PAGES: Record<string, string> = {
  Queue: '/console',
  Knowledge: '/console/knowledge',
  Dashboard: '/console/dashboard',
  Staffing: '/console/staffing',
  Admin: '/console/admin',
};

/**
 * Checks the top bar of a signed-in console page: it links to exactly `expected` (labels, in
 * order), marks `current` and only it as the current page, and agrees with the server: every page
 * it shows opens for this session, every page it hides answers 403, or 404 when it is one of
 * `absent` (its module is not part of the app). So a nav that shows a link the role cannot open,
 * or hides one it can, fails here.
 */
export async function expectConsoleNav(page: Page, expected: string[], current: string, absent: string[] = []): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Console' });
  await nav.waitFor();
  const links = await nav.getByRole('link').evaluateAll((as) =>
    as.map((a) => ({ label: a.textContent, href: a.getAttribute('href'), current: a.getAttribute('aria-current') })),
  );
  expect(links).toEqual(expected.map((label) => ({ label, href: CONSOLE_PAGES[label], current: label === current ? 'page' : null })));

  const origin = new URL(page.url()).origin;
  const statuses = await Promise.all(
    Object.entries(CONSOLE_PAGES).map(async ([label, path]) => [label, (await page.context().request.get(origin + path, { maxRedirects: 0 })).status()] as const),
  );
  expect(Object.fromEntries(statuses)).toEqual(Object.fromEntries(Object.keys(CONSOLE_PAGES).map((label) => [label, expected.includes(label) ? 200 : absent.includes(label) ? 404 : 403])));
}
