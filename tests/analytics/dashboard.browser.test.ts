import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { expectConsoleNav } from '../support/console-nav';
import { ADMIN, startConsoleApp, type ConsoleHarness } from '../e2e/support';
import { seed, seedRecentEscalations } from './seed';
import { SurveyAnswered } from '../../surveys/topics';

// A real browser on a cold machine: a generous limit, not a speed assertion.
jest.setTimeout(60_000);

/**
 * The dashboard in real Chromium: an admin signs in, sees the seeded figures in the tiles, the
 * per-channel table and Chart.js charts (served by the app under a strict CSP), a live tile that
 * updates over the socket when a customer writes, the CSV link, and the staffing page.
 */
describe('analytics dashboard in Chromium', () => {
  let h: ConsoleHarness;
  let browser: Browser;

  beforeAll(async () => {
    [h, browser] = await Promise.all([startConsoleApp({ ANALYTICS_LIVE_THROTTLE_MS: '100' }), launchBrowser()]);
    await seed(h.app);
    await seedRecentEscalations(h.app, Date.now(), 4, 30);
    // Two NPS answers on 2 March (a promoter by SMS, a passive on web), as the surveys module publishes them.
    const at = Date.UTC(2026, 2, 2, 12);
    for (const [score, channel] of [[10, 'sms'], [8, 'web']] as const) {
      await h.app.engine.bus.publish(SurveyAnswered, { surveyId: 's', questionId: 'nps', type: 'nps', score, customerId: `c-${channel}`, conversationId: `v-${channel}`, channel, answeredAt: at });
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  test('seeded figures, charts, live tiles, CSV link and the staffing page', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // Every failed request but the browser's own favicon probe is a defect (a CSP-blocked script, a missing asset).
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));

    await page.goto(`${h.base}/console/dashboard?from=2026-03-02&to=2026-03-03`);
    expect(new URL(page.url()).pathname).toBe('/console/login');
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.keyboard.press('Enter');
    // The login page sends them back to the dashboard (its path only), then they pick the range.
    await page.waitForURL(`${h.base}/console/dashboard`);
    await page.goto(`${h.base}/console/dashboard?from=2026-03-02&to=2026-03-03`);

    await page.locator('#status', { hasText: '5 conversations' }).waitFor();
    // An admin's top bar: every page, this one marked.
    await expectConsoleNav(page, ['Queue', 'Knowledge', 'Dashboard', 'Staffing', 'Admin'], 'Dashboard');
    expect(await page.locator('#t-containment').textContent()).toBe('60.0%');
    expect(await page.locator('#t-handoff').textContent()).toBe('40.0%');
    expect(await page.locator('#t-csat').textContent()).toBe('3.00 (2)');
    expect(await page.locator('#t-frt').textContent()).toBe('4 s / 1 min 15 s');
    expect(await page.locator('#t-resolution').textContent()).toBe('24 s / 7 min 30 s');
    expect(await page.locator('#t-nps').textContent()).toBe('50 (2)');
    expect(await page.locator('#t-survey-csat').textContent()).toBe('–');
    expect(await page.locator('#channels tr[data-channel="web"] td').allTextContents()).toEqual(['3', '66.7%', '33.3%', '2.00', '4 s']);
    expect(await page.locator('#intents td').allTextContents()).toEqual(['order-status', '2', 'refund', '2']);
    // Chart.js drew both charts: it keeps an instance per canvas.
    const charts = await page.evaluate(() => ['chart-days', 'chart-reasons'].map((id) => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: Array<{ data: number[] }> } } | undefined } }).Chart.getChart(id);
      return chart?.data.datasets.map((d) => d.data);
    }));
    expect(charts).toEqual([[[2, 1], [1, 1]], [[1, 1]]]);
    const quality = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { data: { datasets: Array<{ label: string; data: Array<number | null> }> } } | undefined } }).Chart.getChart('chart-quality');
      return chart?.data.datasets.map((d) => [d.label, d.data.length, d.data[0]]);
    });
    // Day 1: one CSAT answer (2) and sentiments 0.5, −0.5 and 0.
    expect(quality).toEqual([['CSAT (real)', 2, 2], ['Predicted satisfaction', 2, expect.any(Number)], ['Sentiment (−1…1)', 2, 0]]);
    expect(await page.locator('#export').getAttribute('href')).toBe('/api/analytics/export.csv?from=2026-03-02&to=2026-03-03');

    // Live tiles: the last 24 hours have nothing yet; a customer writes and the tile follows.
    await page.locator('#live-state', { hasText: 'Live' }).waitFor();
    await page.locator('#live-conversations', { hasText: '0' }).waitFor();
    expect((await h.web('live-visitor', 'thanks, that was great')).status).toBe(200);
    await page.locator('#live-conversations', { hasText: '1' }).waitFor();
    await page.locator('#live-containment', { hasText: '100.0%' }).waitFor();

    // The CSV link downloads with the session.
    const csv = await page.evaluate(async () => (await fetch((document.getElementById('export') as HTMLAnchorElement).href)).text());
    expect(csv.split('\r\n').find((l) => l.startsWith('total,'))).toMatch(/^total,all,5,3,2,0\.6,0\.4,4\.4,75,24\.7,450,2,3,-0\.15,[\d.]+$/);

    // Staffing: the plan's table, seven days by 24 hours, and its chart.
    await page.goto(`${h.base}/console/staffing`);
    await page.locator('#summary', { hasText: 'escalations' }).waitFor();
    expect(await page.getByRole('link', { name: 'Staffing' }).getAttribute('aria-current')).toBe('page');
    expect(await page.locator('#grid tbody tr').count()).toBe(7);
    const monday = await page.locator('#grid tbody tr').first().locator('td').allTextContents();
    expect(monday).toHaveLength(24);
    // 30 arrivals every Monday 10–11 h, 5 min each: Erlang C wants several agents then, none at night.
    expect(Number(monday[10])).toBeGreaterThanOrEqual(3);
    expect(monday[3]).toBe('0');
    await expect(page.locator('#summary').textContent()).resolves.toMatch(/peak \d+ agents at \d{4}-\d{2}-\d{2} 10:00/);
    expect(await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): unknown } }).Chart.getChart('chart-plan') !== undefined)).toBe(true);
    expect(errors).toEqual([]);
  });
});
