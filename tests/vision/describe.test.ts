import { mkdtempSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaseMessage } from '@langchain/core/messages';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { silentLogger } from '../../core/logger';
import type { WireMessage } from '../../core/message';
import { createApp, type App } from '../../server/app';
import { defaultModules } from '../../server/modules';
import { visionModule } from '../../vision/module';
import { DESCRIBE_PROMPT } from '../../vision/describe';

const ROOT = join(__dirname, '..', '..');

/** A fake vision-capable chat model (langchain's) that records what it was sent. */
class RecordingModel extends FakeListChatModel {
  readonly seen: BaseMessage[][] = [];
  override async _generate(messages: BaseMessage[], ...rest: Parameters<FakeListChatModel['_generate']> extends [unknown, ...infer R] ? R : never) {
    this.seen.push(messages);
    return super._generate(messages, ...rest);
  }
}

describe('vision.describe: a vision-capable model describes the photo for retrieval', () => {
  let app: App;
  let model: RecordingModel;
  // The demo bot's cold start (dictionaries, intents, articles: seconds of CPU) outlasts Jest's 30 s default at load 20–30.
  beforeAll(async () => {
    // The demo bot with `vision: { describe: true }`; OCR reads nothing, so only the description can match.
    const dir = mkdtempSync(join(tmpdir(), 'vision-describe-'));
    cpSync(join(ROOT, 'bots', 'demo'), dir, { recursive: true });
    writeFileSync(join(dir, 'bot.yaml'), `${readFileSync(join(dir, 'bot.yaml'), 'utf8')}\nvision:\n  describe: true\n`);
    model = new RecordingModel({ responses: ['A Trailpower PS-500 power station. Its display shows error E-21.'] });
    const blind = { read: async () => ({ text: '', confidence: 0, codes: [], ms: 1 }), close: async () => {} };
    const modules = defaultModules().map((m) => (m.name === 'vision' ? visionModule({ reader: blind, chatModel: () => model }) : m));
    app = await createApp({ botDir: dir, databaseUrl: ':memory:', env: { DATA_DIR: undefined }, logger: silentLogger(), modules });
  }, 120_000);
  afterAll(() => app.close());

  test('the description is matched like text read in the photo; the model got the image as a data URL', async () => {
    const form = new FormData();
    form.append('userId', 'describe-ann');
    form.append('file', new Blob([readFileSync(join(ROOT, 'tests', 'fixtures', 'vision', 'nothing.jpg'))], { type: 'image/jpeg' }), 'photo.jpg');
    const res = await app.fetch(new Request('http://localhost/api/web/messages', { method: 'POST', body: form }));
    const replies = ((await res.json()) as { messages: WireMessage[] }).messages.filter((m) => m.direction === 'outbound');
    expect(replies[0].photo).toMatchObject({ outcome: 'article', article: 'power-station-errors', code: 'E-21' });
    expect(replies[0].text).toMatch(/^I can see E-21 in your photo:/);

    const [human] = model.seen[0]!;
    const content = human.content as Array<{ type: string; text?: string; image_url?: { url: string } }>;
    expect(content[0]).toEqual({ type: 'text', text: DESCRIBE_PROMPT });
    expect(content[1].image_url?.url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
  }, 60_000);
});
