import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../server/load-bot';
import { surveySettings } from '../../surveys/config';

const dir = mkdtempSync(join(tmpdir(), 'surveys-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The problems `switchboard validate` reports for this bot.yaml (one per line). */
function problems(yaml: string): string[] {
  const path = join(dir, 'bot.yaml');
  writeFileSync(path, yaml);
  try {
    readConfig(path);
    return [];
  } catch (err) {
    return (err as Error).message.split('\n');
  }
}

describe('surveys in bot.yaml', () => {
  test('mistakes are reported at their bot.yaml line', () => {
    const found = problems(
      ['name: Shop', 'surveys:', '  cooldownDays: soon', '  after:', '    trigger: sometimes', '    questions:', '      - id: pick', '        type: choice', '        text: { en: Which? }'].join('\n'),
    );
    expect(found.some((p) => /^bot\.yaml:3:\d+ surveys\.cooldownDays/.test(p))).toBe(true);
    expect(found.some((p) => /^bot\.yaml:5:\d+ surveys\.after\.trigger/.test(p))).toBe(true);
    expect(found.some((p) => /surveys\.after\.questions\.0\.choices: a `choice` question needs `choices`/.test(p))).toBe(true);
  });

  test('a valid block gives the surveys and the cooldown (30 days by default)', () => {
    const yaml = ['name: Shop', 'surveys:', '  nps:', '    trigger: journey', '    questions:', '      - { id: nps, type: nps, text: { en: "0-10?" } }'].join('\n');
    expect(problems(yaml)).toEqual([]);
    const settings = surveySettings(readConfig(join(dir, 'bot.yaml')).surveys);
    expect(settings.cooldownMs).toBe(30 * 86_400_000);
    expect([...settings.surveys.keys()]).toEqual(['nps']);
  });
});
