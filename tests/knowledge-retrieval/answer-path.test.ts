import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TermTable } from '../../knowledge/crosslingual';
import { conceptTranslations, PHRASE_GAP, stemsHeldBySynonyms, synonymStems } from '../../knowledge/analysis/thesaurus';
import { beatsRivals } from '../../knowledge/rivals';
import { analyze } from '../../knowledge/analysis/analyzer';
import { LexicalRetriever } from '../../knowledge/retrieval/lexical';
import { QuestionSearch } from '../../knowledge/search';
import { catalogOf, searchableText, type Passage } from '../../knowledge/types';

const passage = (articleId: string, locale: string, title: string, text: string, tags: string[] = []): Passage => ({
  id: `${articleId}.${locale}#0`,
  articleId,
  locale,
  title,
  text,
  tags,
});

describe('customer-service thesaurus', () => {
  /** Whether the thesaurus brings `word` (as a stem) to a query saying `text`. */
  const expands = (text: string, lang: string, word: string) =>
    synonymStems(analyze(text, lang).word, lang).includes(analyze(word, lang).word[0]!);

  test('a customer word brings the article word of its group, whatever the inflection', () => {
    const stems = synonymStems(analyze('when do I get my money back', 'en').word, 'en');
    expect(stems).toContain(analyze('refund', 'en').word[0]);
    expect(synonymStems(analyze('mi paquete', 'es').word, 'es')).toContain(analyze('pedido', 'es').word[0]);
  });

  test('German contractions of zu/in/bei + article are stopwords like "im", "am", "vom": no topic word', () => {
    expect(analyze('wie lange habe ich zeit zum zurückschicken', 'de').word).toEqual(analyze('wie lange habe ich zeit zurückschicken', 'de').word);
    expect(analyze('zur Filiale, beim Aufbau, ins Haus', 'de').word).toEqual(analyze('Filiale, Aufbau, Haus', 'de').word);
  });

  test('words outside every group add nothing, and languages without a list add nothing', () => {
    expect(synonymStems(analyze('purple elephant', 'en').word, 'en')).toEqual([]);
    expect(synonymStems(['refund'], 'xx')).toEqual([]);
  });

  test('a phrase matches with up to two words between its words (phrasal verbs come apart)', () => {
    const assembly = analyze('assemble', 'en').word[0]!;
    expect(PHRASE_GAP).toBe(2);
    expect(synonymStems(analyze('can someone put the bed together', 'en').word, 'en')).toContain(assembly);
    expect(synonymStems(analyze('put the big bed together', 'en').word, 'en')).toContain(assembly);
    // Three words apart ("the" is a stopword and does not count) is no longer the phrase.
    expect(synonymStems(analyze('put the big new bed together', 'en').word, 'en')).not.toContain(assembly);
  });

  test('another text stands for a query word only by a whole entry of its group, and a query phrase counts whole', () => {
    const en = (text: string) => analyze(text, 'en').word;
    const stolen = en('stolen')[0]!;
    expect(stemsHeldBySynonyms(en('my parcel was stolen'), 'en', new Set(en('my package never arrived')))).toContain(stolen);
    expect(stemsHeldBySynonyms(en('my parcel was stolen'), 'en', new Set(en('when will my order arrive')))).not.toContain(stolen);
    const held = stemsHeldBySynonyms(en('my kettle stopped working'), 'en', new Set(en('the warranty covers two years')));
    expect([...held].sort()).toEqual(en('stopped working').sort());
  });

  test.each([
    ['a deadline to send back: the return window', 'is there a deadline for sending it back', 'en', 'window'],
    ['carrying upstairs', 'will they carry the sofa upstairs', 'en', 'floor'],
    ['paying monthly', 'can I spread the cost of a bed', 'en', 'instalments'],
    ['pre-orders', 'wann ist die Vorbestellung möglich', 'de', 'erschienen'],
    ['opening hours', 'horario de la tienda', 'es', 'abierto'],
    ['tracking says delivered but it is not here', 'tracking says delivered but nothing came', 'en', 'missing'],
    ['ordered by mistake', 'I ordered this by mistake', 'en', 'cancel'],
    ['an invoice with a VAT number', 'il me faut le numéro de TVA de ma société', 'fr', 'facture'],
    ['scratched on arrival is damaged', 'la mesa llegó con un arañazo', 'es', 'dañado'],
    ['broke after months is the guarantee', 'der Stuhl ist nach einem Jahr kaputt gegangen', 'de', 'Garantie'],
    ['how long the customer has is the return window', 'wie lange hab ich zeit um was zurückzugeben', 'de', 'Rückgabefrist'],
    ['how many days the customer has, in Portuguese', 'quanto tempo tenho para devolver uma coisa', 'pt', 'prazo'],
    ['a card that does not go through is declined', 'mi tarjeta no pasa al pagar', 'es', 'rechazado'],
    ['a house number is part of the address', 'falsche Hausnummer angegeben', 'de', 'Adresse'],
    ['bringing back is sending back', 'can I bring it back', 'en', 'return'],
    ['how long until it arrives is the delivery time', 'how many days until my stuff arrives', 'en', 'delivery times'],
    ['how long it takes to arrive, in Spanish', 'cuánto tarda en llegar mi pedido', 'es', 'plazo'],
    ['a ripped cover is damaged', 'the cushion cover arrived ripped', 'en', 'damaged'],
    ['a kind of wood is wood (a furniture shop\'s care articles say "wood")', 'how do I oil my teak bench', 'en', 'wood'],
    ['a kind of wood is wood, in French', 'ma table en chêne', 'fr', 'bois'],
    ['a water ring is a stain', 'there is a water ring on the table', 'en', 'stains'],
    ['needing an account to order is registering', 'faut-il un compte pour commander', 'fr', 'inscrire'],
    ['a German compound account to create is registering', 'muss ich ein Kundenkonto anlegen', 'de', 'registrieren'],
    ['cheaper now is a price drop, in Spanish', 'ahora está más barato', 'es', 'diferencia'],
    ['the price went down, in French', 'le prix a baissé juste après mon achat', 'fr', 'différence'],
    ['the German noun for a return is sending back', 'wie läuft die Rückgabe ab', 'de', 'zurückschicken'],
    ['money back in Italian', 'quando mi tornano i soldi indietro', 'it', 'rimborso'],
    ['a separable phrase in Dutch', 'wie kan de kast in elkaar zetten', 'nl', 'montage'],
    ['Italian without its accents', 'e piu economico adesso', 'it', 'differenza'],
    ['whether something is still covered is the guarantee', 'is my sofa still covered', 'en', 'guarantee'],
    ['bits missing from a kit are missing parts, like pieces', 'half the bits are missing from the kit', 'en', 'incomplete'],
  ])('help-centre topics every shop has: %s', (_topic, text, lang, word) => {
    expect(expands(text, lang, word)).toBe(true);
  });

  test('words that tell topics apart stay apart: "how many days" is about delivery as much as returns', () => {
    const returnWindow = analyze('window', 'en').word[0]!;
    expect(synonymStems(analyze('how many days until my parcel arrives', 'en').word, 'en')).not.toContain(returnWindow);
    // What the customer has time for is the return window; how long a delivery takes is not.
    expect(synonymStems(analyze('how many days do I have to send it back', 'en').word, 'en')).toContain(returnWindow);
    expect(synonymStems(analyze('how long does delivery take', 'en').word, 'en')).not.toContain(returnWindow);
  });

  test.each([
    ['"in three" without "pay" is any count of things, not three instalments', 'the leg broke after three years', 'en', 'instalments'],
    ['an invoice is not paying later ("auf Rechnung" is)', 'ich brauche eine Rechnung mit Firmenadresse', 'de', 'Ratenzahlung'],
    ['screws missing ("fehlen") is no payment error ("Fehler": both stem to "fehl")', 'es fehlen Schrauben', 'de', 'abgelehnt'],
    ['an opened mattress is no opening hours', 'can I return an opened mattress', 'en', 'closing time'],
    ['"covered" alone is not the guarantee ("a fault covered by our warranty" made the care article a warranty one)', 'are the seams covered with tape', 'en', 'guarantee'],
    ['"couvert" alone is not the guarantee (nor "cubierto": also the cutlery)', 'le canapé est couvert de taches', 'fr', 'garantie'],
    ['"anmelden" alone is also announcing a return, not only logging in', 'wie melde ich eine Rücksendung an', 'de', 'Passwort'],
    ['not having something yet is no missing parcel: "aún no tengo el reembolso"', 'aún no tengo el reembolso', 'es', 'robado'],
  ])('entries that stood for an everyday word no longer do: %s', (_why, text, lang, word) => {
    expect(expands(text, lang, word)).toBe(false);
  });

  test('the phrases those entries became still match', () => {
    expect(expands('can I pay in three', 'en', 'instalments')).toBe(true);
    expect(expands('Kauf auf Rechnung möglich?', 'de', 'Ratenzahlung')).toBe(true);
    expect(expands('when are you open', 'en', 'closing time')).toBe(true);
    expect(expands('ich kann mich nicht anmelden', 'de', 'Passwort')).toBe(true);
    expect(expands('el repartidor dice que lo entregó pero no me ha llegado', 'es', 'robado')).toBe(true);
  });

  test.each([
    [
      // One word's weight for "cancel" against "call" and "purchase" found literally would lose to the contact page.
      'an idiom the articles never use weighs as every word it spans: "call off" is cancelling, not calling',
      [
        passage('contact', 'en', 'Contact us', 'Call our hotline or write to us; we answer every purchase question within a day.'),
        passage('cancel', 'en', 'Cancelling an order', 'You can cancel within an hour of ordering.'),
      ],
      'can I still call off my purchase',
      'cancel',
    ],
    [
      // "phone number" is in the contact group; weighed as two words its synonyms would win.
      'a phrase the articles use counts as one word: the customer’s own phone number is not the hotline',
      [
        passage('contact', 'en', 'Contact us', 'Call our customer service hotline or our telephone line.'),
        passage('details', 'en', 'Changing your details', 'Change your email or phone number in your profile.'),
        passage('account', 'en', 'Your account', 'Your account shows your orders.'),
      ],
      'how do I update my phone number on my profile',
      'details',
    ],
  ])('%s', async (_rule, passages, question, article) => {
    const r = new LexicalRetriever();
    await r.add(passages);
    const [top] = await r.search(question, { locale: 'en' });
    expect(top!.passage.articleId).toBe(article);
  });

  test('the retriever finds an article by a synonym the article never uses', async () => {
    const r = new LexicalRetriever();
    await r.add([passage('refunds', 'en', 'Refunds', 'We refund within five working days.'), passage('hours', 'en', 'Opening hours', 'We open at nine.')]);
    const [top] = await r.search('when do I get my money back', { locale: 'en' });
    expect(top!.passage.articleId).toBe('refunds');
  });
});

describe('the thesaurus as a small bilingual dictionary', () => {
  test('a concept in one language brings the same concept’s words in another', () => {
    const words = conceptTranslations(analyze('darf mein hund mit', 'de').word, 'de', 'en');
    expect(words).toEqual(expect.arrayContaining(['dog', 'pet']));
    expect(conceptTranslations(analyze('purple elephant', 'en').word, 'en', 'de')).toEqual([]);
  });

  test('every shipped language has the same concepts, so each concept translates into every other language', () => {
    const dir = join(__dirname, '../../knowledge/analysis/thesaurus');
    const conceptsOf = (file: string) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .flatMap((line) => /^([a-z][a-z-]*):/.exec(line)?.[1] ?? [])
        .sort();
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
    expect(files.sort()).toEqual(['de.txt', 'en.txt', 'es.txt', 'fr.txt', 'it.txt', 'nl.txt', 'pt.txt']);
    for (const file of files) expect({ file, concepts: conceptsOf(file) }).toEqual({ file, concepts: conceptsOf('en.txt') });
  });

  test('translations include the thesaurus concepts even without any translated article pair', () => {
    const table = TermTable.learn([]);
    expect(table.translate('puedo llevar a mi perro', 'es', 'en')).toMatch(/^puedo llevar perro .*\bdog\b/);
  });
});

describe('tags', () => {
  test('an article is found by its tags, the editors’ words for what customers ask', async () => {
    const r = new LexicalRetriever();
    await r.add([passage('pay-later', 'en', 'Klarna', 'Pay within 30 days.', ['instalments']), passage('cards', 'en', 'Cards', 'We take Visa.')]);
    const [top] = await r.search('instalments', { locale: 'en' });
    expect(top!.passage.articleId).toBe('pay-later');
  });
});

describe('common terms are weighted, not dropped (the Vietnamese regression)', () => {
  test('a query term in more than a quarter of the passages still counts', async () => {
    const others = Array.from({ length: 28 }, (_, i) => passage(`p${i}`, 'vi', `bài ${i}`, i < 9 ? `hàng số ${i}` : `khác biệt ${i}`));
    const corpus = [...others, passage('gold', 'vi', 'một', 'xyz hàng'), passage('decoy', 'vi', 'hai', 'xyz xyz')];
    const r = new LexicalRetriever();
    await r.add(corpus);
    expect((await r.search('xyz hàng', { locale: 'vi' }))[0]!.passage.articleId).toBe('gold');
    // The old hard cut (terms in > 25 % of passages skipped) let the decoy win.
    const cut = new LexicalRetriever({ maxDfRatio: 0.25 });
    await cut.add(corpus);
    expect((await cut.search('xyz hàng', { locale: 'vi' }))[0]!.passage.articleId).toBe('decoy');
  });
});

/** A shop whose refund article is translated and whose assembly article is only in English. */
function shop(): Passage[] {
  return [
    passage('refunds', 'en', 'Refunds', 'We refund your card within five working days after the return arrives at our warehouse.'),
    passage('refunds', 'es', 'Reembolsos', 'Reembolsamos tu tarjeta en cinco días laborables cuando la devolución llega a nuestro almacén.'),
    passage('shipping', 'en', 'Delivery times', 'Standard delivery takes two to four working days; express delivery arrives the next day.'),
    passage('shipping', 'es', 'Plazos de entrega', 'La entrega estándar tarda de dos a cuatro días laborables; la entrega urgente llega al día siguiente.'),
    passage('wardrobe-assembly', 'en', 'Wardrobe assembly', 'Our fitters assemble your wardrobe at home on the day of delivery, from 39 euros.'),
    passage('gift-cards', 'en', 'Gift cards', 'Gift cards are valid for three years.'),
    passage('gift-cards', 'es', 'Tarjetas regalo', 'Las tarjetas regalo son válidas tres años.'),
  ];
}

describe('cross-language: word translations learned from the knowledge base’s own translations', () => {
  test('words of translated article pairs become translations of each other', () => {
    const table = TermTable.learn(shop(), { minPairs: 1, minDice: 0.6 });
    expect(table.translate('tarjeta', 'es', 'en')).toMatch(/^tarjeta .*card/);
    // No pair for an unknown language: the question is left as it is.
    expect(table.translate('tarjeta', 'es', 'ja')).toBe('tarjeta');
  });
});

describe('QuestionSearch', () => {
  async function searcher(translate?: (q: string, from: string, to: string) => string) {
    const r = new LexicalRetriever();
    const passages = shop();
    await r.add(passages);
    const catalog = catalogOf(passages);
    return new QuestionSearch({ retriever: r, answerThreshold: 0.7, catalog: async () => catalog, translate });
  }

  test('a question whose article exists in the customer’s language is answered from it', async () => {
    const s = await searcher();
    const { found, foreign } = await s.search('¿Cuánto tarda el reembolso en mi tarjeta?', 'es');
    expect(foreign).toBe(false);
    expect(found.candidates[0]).toMatchObject({ articleId: 'refunds', locale: 'es' });
  });

  test('an article missing in the customer’s language is found in another, never the English twin of a native one', async () => {
    const s = await searcher((q) => `${q} wardrobe assemble`);
    const { found, foreign } = await s.search('¿Me montáis el armario en casa?', 'es');
    expect(foreign).toBe(true);
    expect(found.candidates[0]).toMatchObject({ articleId: 'wardrobe-assembly', locale: 'en' });
    expect(found.candidates.every((c) => c.articleId !== 'refunds' && c.articleId !== 'shipping')).toBe(true);
    // Offering it is judged among the articles the customer lacks, so never less sure than answering.
    expect(found.offerConfidence).toBeGreaterThanOrEqual(found.confidence);
  });

  test('without a catalog only the customer’s language is searched', async () => {
    const r = new LexicalRetriever();
    await r.add(shop());
    const s = new QuestionSearch({ retriever: r, answerThreshold: 0.7 });
    const { found, foreign } = await s.search('armario montaje', 'es');
    expect(foreign).toBe(false);
    expect(found.candidates.every((c) => c.locale === 'es')).toBe(true);
  });
});

describe('an article against a dialog\'s example utterances', () => {
  const rivals = [{ text: 'I want to return a damaged item', locale: 'en' }];
  const policy = passage('returns-policy', 'en', 'Returns policy', 'You can return most items within 60 days.');
  const retriever = new LexicalRetriever();
  retriever.addSync([policy, passage('hours', 'en', 'Opening hours', 'We open at nine.')]);
  const hits = [{ passage: policy, score: 1 }];

  test('an example counts as close only as far as each of the two explains the other', async () => {
    // The article and the example both hold the question's "return" and nothing else of it;
    // but the question holds one of the example's four words: it is not that request.
    const question = 'how long to return it';
    expect(retriever.explains(question, 'en', [policy.text])).toBeCloseTo(retriever.explains(question, 'en', [rivals[0]!.text]), 6);
    expect(await beatsRivals(retriever, question, 'en', hits, rivals)).toBe(true);
  });

  test('the request the dialog was written for stays the dialog\'s', async () => {
    // The example says all of the question; the article does not.
    expect(await beatsRivals(retriever, 'I want to return an item', 'en', hits, rivals)).toBe(false);
  });

  test('a question that says all of an example is the dialog\'s, though the article explains more of it', async () => {
    const question = 'I want to return a damaged item, is that within the 60 days of the returns policy';
    // The article (its title too) explains more of the question than the example does.
    expect(retriever.explains(question, 'en', [searchableText(policy)])).toBeGreaterThan(retriever.explains(question, 'en', [rivals[0]!.text]));
    expect(await beatsRivals(retriever, question, 'en', hits, rivals)).toBe(false);
  });

  test('a question that says all of a short example but mostly asks about the article\'s topic is the article\'s', async () => {
    const invoice = passage('invoice', 'en', 'Invoices', 'Download the invoice for any order as a PDF from My Account > Orders. The invoice shows the VAT.');
    const r = new LexicalRetriever();
    r.addSync([invoice, policy, passage('hours', 'en', 'Opening hours', 'We open at nine.')]);
    const example = 'where is my order';
    const question = 'where do I download the VAT invoice PDF for my order';
    // The question says all of the example (its "order"); the article explains at least twice as much of the question.
    expect(r.explains(example, 'en', [question])).toBeGreaterThanOrEqual(0.9);
    expect(r.explains(question, 'en', [searchableText(invoice)])).toBeGreaterThanOrEqual(2 * r.explains(question, 'en', [example]));
    expect(await beatsRivals(r, question, 'en', [{ passage: invoice, score: 1 }], [{ text: example, locale: 'en' }])).toBe(true);
  });

  test('a question that says all of an example but asks what it does not (a measure, whether it may) is not its request', async () => {
    const example = [{ text: 'return my order', locale: 'en' }];
    const r = new LexicalRetriever();
    r.addSync([policy, passage('hours', 'en', 'Opening hours', 'We open at nine.')]);
    // The same words around the example, asked for a measure or for a permission, or said as the request.
    const asking = ['how long can I return my order', 'can I return my order'];
    for (const question of [...asking, 'I want to return my order please']) {
      expect(r.explains('return my order', 'en', [question])).toBeGreaterThanOrEqual(0.9);
      expect(r.explains(question, 'en', [searchableText(policy)])).toBeLessThan(2 * r.explains(question, 'en', ['return my order']));
    }
    for (const question of asking) expect(await beatsRivals(r, question, 'en', [{ passage: policy, score: 1 }], example)).toBe(true);
    expect(await beatsRivals(r, 'I want to return my order please', 'en', [{ passage: policy, score: 1 }], example)).toBe(false);
    // An example that asks the same is still the dialog's: "can I get a refund" for "can I get a refund for my order".
    expect(await beatsRivals(r, 'can I return my order', 'en', [{ passage: policy, score: 1 }], [{ text: 'can I return my order', locale: 'en' }])).toBe(false);
  });

  describe('with an article that explains a word the request says in passing', () => {
    // "bought" is the article's by chance: a return request names what it returns and may say where it came from.
    const sale = passage('returns-policy', 'en', 'Returns policy', 'Items bought in a sale can be returned within 60 days.');
    const r = new LexicalRetriever();
    r.addSync([sale, passage('hours', 'en', 'Opening hours', 'We open at nine.')]);
    const example = [{ text: 'I want to return an item', locale: 'en' }];
    const verdict = (question: string) => beatsRivals(r, question, 'en', [{ passage: sale, score: 1 }], example);

    test('a thing the question names fills the example\'s placeholder ("an item"): the request is the dialog\'s', async () => {
      // Without the placeholder, "lamp" leaves a third of the example unsaid and the article's "bought" wins.
      expect(r.explains('I want to return an item', 'en', ['I want to return the lamp I bought'])).toBeLessThan(0.9);
      expect(await verdict('I want to return the lamp I bought')).toBe(false);
      expect(await verdict('I want to send back the lamp I bought')).toBe(false);
    });

    test('a question that names nothing in the placeholder\'s place does not fill it', async () => {
      // "I want to return it" says two of the example's three words: not all of it, and the article holds "return" too.
      expect(await verdict('I want to return it, I bought it')).toBe(true);
    });

    test('a one-letter typo is read as the word it misspells, on both sides', async () => {
      // "retrun" is no stem of the example nor of the article; mended, the example says all the request.
      expect(r.explains('I want to retrun the lamp I bought', 'en', ['I want to return an item', 'lamp'])).toBeLessThan(0.6);
      expect(await verdict('I want to retrun the lamp I bought')).toBe(false);
    });
  });

  test('an example that ties with the article, or is a little closer, does not take the question', async () => {
    // "I want to … item" of the example against "return … items" of the article: not clearly closer.
    const question = 'I want to know which item I can return';
    const example = Math.min(retriever.explains(question, 'en', [rivals[0]!.text]), retriever.explains(rivals[0]!.text, 'en', [question]));
    const article = retriever.explains(question, 'en', [searchableText(policy)]);
    expect(example).toBeGreaterThanOrEqual(article);
    expect(example).toBeLessThan(article + 0.1);
    expect(await beatsRivals(retriever, question, 'en', hits, rivals)).toBe(true);
  });
});
