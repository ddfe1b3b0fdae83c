import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBackground } from '../../knowledge/background';
import { backgroundText, banking77Requests, firstRequests } from '../../scripts/background-requests';

/** A Banking77-like `train.csv`: quoted requests with commas, doubled quotes and a line break. */
const CSV = [
  'text,category',
  '"My card is lost, what now?",lost_or_stolen_card',
  'What is my PIN?,change_pin',
  '"It says ""pending"", why?",pending_card_payment',
  '"Someone stole my card,',
  'please block it",lost_or_stolen_card',
  '"My card is   lost, what now?",lost_or_stolen_card',
].join('\n');

function csvFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'banking77-')), 'train.csv');
  writeFileSync(file, text);
  return file;
}

describe('the Banking77 reader of scripts/background-requests.ts', () => {
  test('keeps a quoted request whole, commas, quotes and line breaks in it, under its banking intent', () => {
    expect(banking77Requests(csvFile(CSV))).toEqual([
      { intent: 'banking/lost_or_stolen_card', requests: ['My card is lost, what now?', 'Someone stole my card,\nplease block it', 'My card is   lost, what now?'] },
      { intent: 'banking/change_pin', requests: ['What is my PIN?'] },
      { intent: 'banking/pending_card_payment', requests: ['It says "pending", why?'] },
    ]);
  });

  test('the first distinct requests of each intent, whitespace collapsed, read back as the background', () => {
    const intents = firstRequests(banking77Requests(csvFile(CSV)), 2);
    const text = backgroundText('# test', intents, 2);
    expect(parseBackground(text, 'en')).toEqual([
      { intent: 'banking/lost_or_stolen_card', locale: 'en', requests: ['My card is lost, what now?', 'Someone stole my card, please block it'] },
      { intent: 'banking/change_pin', locale: 'en', requests: ['What is my PIN?'] },
      { intent: 'banking/pending_card_payment', locale: 'en', requests: ['It says "pending", why?'] },
    ]);
  });
});
