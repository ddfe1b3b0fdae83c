import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validateBot } from '../../cli/commands/validate';
import { dialogJsonSchema } from '../../dialogs/schema';
import { runCli } from '../support/cli';

const DEMO = join(__dirname, '..', '..', 'bots', 'demo');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-validate-'));
  cpSync(DEMO, dir, { recursive: true, filter: (src) => !src.includes(`${DEMO}/tests`) });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  writeFileSync(join(dir, 'dialogs', name), text);
}

/** The 1-based line of the first line containing `needle` in a dialog file. */
function lineOf(name: string, needle: string): number {
  return readFileSync(join(dir, 'dialogs', name), 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('switchboard validate', () => {
  test('the demo bot is valid', async () => {
    expect(await validateBot(DEMO)).toEqual([]);
  });

  test('every reference and schema error points at its line and column', async () => {
    write(
      'broken.yaml',
      `id: broken
triggers:
  keywords: [broken]
steps:
  - say: hello
    colour: red
  - ask: code
    type: regex
    pattern: "([a-z"
    prompt: Code?
  - goto: order-statuss
  - call: lookupOrdr
  - branch:
      - if: slots.code == 1 and process.exit
        jump: nowhere
  - ask: n
    type: number
    prompt: N?
    maxRetries: many
  - wait: 5
`,
    );
    write('zz-dup.yaml', 'id: store-hours\nsteps:\n  - say: again\n');
    const problems = await validateBot(dir);
    const text = problems.map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);
    const at = (needle: string, message: RegExp, file = 'broken.yaml') => {
      const line = lineOf(file, needle);
      const found = text.find((t) => t.startsWith(`dialogs/${file}:${line}:`) && message.test(t));
      if (!found) throw new Error(`No problem matching ${message} at dialogs/${file}:${line}; got:\n${text.join('\n')}`);
    };
    at('colour: red', /Unrecognized key/);
    at('maxRetries: many', /maxRetries: .*number/i);
    at('wait: 5', /a step needs one of/);
    at('id: store-hours', /duplicate dialog id "store-hours" \(first in dialogs\/store-hours.yaml\)/, 'zz-dup.yaml');
    // Schema errors stop a file's reference checks, so check references on a file that parses.
    write('broken.yaml', readFileSync(join(dir, 'dialogs', 'broken.yaml'), 'utf8').replace('    colour: red\n', '').replace('    maxRetries: many\n', '').replace('  - wait: 5\n', ''));
    const again = (await validateBot(dir)).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);
    text.splice(0, text.length, ...again);
    at('pattern: "([a-z"', /bad regular expression/);
    at('goto: order-statuss', /unknown dialog "order-statuss" \(did you mean "order-status"\?\)/);
    at('call: lookupOrdr', /unknown action "lookupOrdr" \(did you mean "lookupOrder"\?\).*known: lookupOrder, createReturn/);
    at('if: slots.code', /unknown name "process"/);
    at('jump: nowhere', /unknown step id "nowhere"/);
    expect(again.every((t) => /^dialogs\/\S+:\d+:\d+ /.test(t))).toBe(true);
  });

  test("a dialog's knowledge: must name an article of the knowledge folder", async () => {
    write('tracking.yaml', 'id: tracking\nknowledge: order-trackin\nsteps:\n  - say: hi\n');
    const text = (await validateBot(dir)).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);
    expect(text).toEqual([`dialogs/tracking.yaml:${lineOf('tracking.yaml', 'knowledge:')}:12 knowledge: no article "order-trackin" in the knowledge base (did you mean "order-tracking"?)`]);
    write('tracking.yaml', 'id: tracking\nknowledge: order-tracking\nsteps:\n  - say: hi\n');
    expect(await validateBot(dir)).toEqual([]);
  });

  test('an answer step per locale needs language tags and non-empty questions', async () => {
    write(
      'faq.yaml',
      `id: faq
triggers: { keywords: [faq] }
steps:
  - answer: { en: "How do returns work?", es: "¿Cómo funcionan las devoluciones?" }
  - answer: { en: "How do returns work?", Spanish: "¿Cómo?" }
  - answer: { de: "" }
  - answer: ""
`,
    );
    const problems = (await validateBot(dir)).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);
    expect(problems).toEqual([
      expect.stringMatching(/^dialogs\/faq\.yaml:5:13 steps\.1\.answer: expected true, a question, or a question per locale .*language tags/),
      'dialogs/faq.yaml:6:19 steps.2.answer.de: a question per locale cannot be empty',
      'dialogs/faq.yaml:7:13 steps.3.answer: the question cannot be empty',
    ]);
    const Ajv = require('ajv/dist/2020').default as new (o: object) => { compile(s: object): (d: unknown) => boolean };
    const editor = new Ajv({ strict: false }).compile(dialogJsonSchema());
    expect(editor({ id: 'x', steps: [{ answer: { en: 'Returns', 'pt-BR': 'Devoluções' } }] })).toBe(true);
    expect(editor({ id: 'x', steps: [{ answer: { Spanish: '¿Cómo?' } }] })).toBe(false);
  });

  test('exits non-zero and prints file:line:col; YAML syntax errors too', async () => {
    write('syntax.yaml', 'id: x\nsteps:\n  - say: hi: there\n');
    const { code, err } = await runCli('validate', dir);
    expect(code).toBe(1);
    expect(err).toMatch(/^dialogs\/syntax\.yaml:3:10 not valid YAML: Nested mappings/);
  });

  test('a second dialog in the same file is refused at its `---` line, with the fix', async () => {
    write('two.yaml', 'id: one\nsteps:\n  - say: hi\n---\nid: two\nsteps:\n  - say: ho\n');
    const problems = (await validateBot(dir)).map((p) => `${p.file}:${p.line}:${p.col} ${p.message}`);
    expect(problems).toEqual(['dialogs/two.yaml:4:1 not valid YAML: a second document starts here (`---`); this file takes one']);
  });

  test('bad bot.yaml is reported at its line', async () => {
    writeFileSync(join(dir, 'bot.yaml'), 'name: X\nlocales: nope\n');
    const problems = await validateBot(dir);
    expect(problems[0]).toMatchObject({ file: 'bot.yaml', line: 2 });
  });

  test('mistakes in the module sections of bot.yaml are printed at their line and column', async () => {
    writeFileSync(
      join(dir, 'bot.yaml'),
      'name: X\njourneys:\n  frequencyCap: { max: 2, per: weekly }\nhandoff:\n  maxFallback: 3\nknowledge:\n  feedback: "no"\n',
    );
    const { code, err } = await runCli('validate', dir);
    expect(code).toBe(1);
    expect(err.split('\n').slice(0, 3)).toEqual([
      'bot.yaml:3:32 journeys.frequencyCap.per: a duration like 30m, 2h, 3d or 1w',
      'bot.yaml:5:3 handoff.maxFallback: unknown setting "maxFallback"',
      'bot.yaml:7:13 knowledge.feedback: Invalid input: expected boolean, received string',
    ]);
  });

  test('dialogs/schema.json is the one generated from the zod schema', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '..', '..', 'dialogs', 'schema.json'), 'utf8'));
    // If this fails: run `switchboard validate --write-schema` and commit the result.
    expect(file).toEqual(dialogJsonSchema());
  });

  test('editors validating with the JSON Schema accept the demo dialogs and reject a typo', () => {
    // ajv (JSON Schema 2020-12), as editors use it; installed with fastify.
    const Ajv = require('ajv/dist/2020').default as new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } };
    const validate = new Ajv({ strict: false }).compile(dialogJsonSchema());
    for (const name of readdirSync(join(DEMO, 'dialogs')).filter((f) => /\.ya?ml$/.test(f))) {
      const ok = validate(parse(readFileSync(join(DEMO, 'dialogs', name), 'utf8')));
      if (!ok) throw new Error(`${name}: ${JSON.stringify(validate.errors)}`);
    }
    expect(validate({ id: 'x', steps: [{ say: 'hi', colour: 'red' }] })).toBe(false);
  });
});
