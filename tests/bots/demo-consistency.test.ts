import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo');
const read = (...path: string[]) => readFileSync(join(DEMO, ...path), 'utf8');
const PAGE = read('public', 'index.html');
/** Every text a demo customer can meet: the shop page, every article in every locale, every dialog, bot.yaml. */
const TEXTS: Array<[string, string]> = [
  ['public/index.html', PAGE],
  ['bot.yaml', read('bot.yaml')],
  ...readdirSync(join(DEMO, 'knowledge')).map((f): [string, string] => [`knowledge/${f}`, read('knowledge', f)]),
  ...readdirSync(join(DEMO, 'dialogs')).map((f): [string, string] => [`dialogs/${f}`, read('dialogs', f)]),
];

/**
 * The Northwind demo is one shop: a UK shop that prices in pounds. The page, the knowledge base in
 * every locale and the dialogs must not contradict each other (issue #20, item 8).
 */
describe('the demo shop tells one story', () => {
  test('one currency: prices are in pounds everywhere, never in dollars or euros', () => {
    const foreign = TEXTS.filter(([, text]) => /[$€]\s?\d|\d\s?[$€]|\bUSD\b|\bEUR\b/.test(text)).map(([file]) => file);
    expect(foreign).toEqual([]);
    expect(PAGE).toMatch(/£\d+/);
  });

  test('one country: the page names the stores the store-locations article lists', () => {
    const article = read('knowledge', 'store-locations.en.md');
    const listed = [...article.matchAll(/^- \*\*([^*]+)\*\*:/gm)].map((m) => m[1]);
    expect(listed).toHaveLength(6);
    for (const city of listed) expect(PAGE).toContain(city);
    expect(TEXTS.filter(([, text]) => /Seattle|Austin|Denver/.test(text)).map(([file]) => file)).toEqual([]);
    const yaml = parse(read('bot.yaml')) as { journeys: { defaultTimezone: string } };
    expect(yaml.journeys.defaultTimezone).toBe('Europe/London');
  });

  test('the page’s promises are the knowledge base’s: free delivery threshold and returns window', () => {
    const threshold = /free on orders over (£\d+)/.exec(read('knowledge', 'shipping-times.en.md'))?.[1];
    expect(threshold).toBe('£50');
    expect(PAGE).toContain(`Free UK delivery over ${threshold}`);
    const days = /within \*\*(\d+) days\*\*/.exec(read('knowledge', 'returns-policy.en.md'))?.[1];
    expect(PAGE).toContain(`${days}-day returns`);
  });

  test('the store-hours dialog gives the article’s hours, in every language', () => {
    const dialog = parse(read('dialogs', 'store-hours.yaml')) as { steps: Array<{ say: Record<string, string> }> };
    const say = dialog.steps[0].say;
    expect(Object.keys(say).sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'pt']);
    // Monday to Saturday 9–18, Thursdays to 20, Sunday 10–16: the article's hours (9 am – 6 pm …).
    for (const text of Object.values(say)) expect(text.match(/\d{1,2}(?=[:h])/g)?.slice(0, 6)).toEqual(['9', '18', '20', '10', '16', '11']);
    expect(read('knowledge', 'store-locations.en.md')).toMatch(/Monday to Saturday: 9 am – 6 pm \(Thursdays until 8 pm\)\n- Sunday: 10 am – 4 pm/);
  });
});
