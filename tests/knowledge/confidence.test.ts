import { bestPassage, coverage, groupByArticle } from '../../knowledge/confidence';
import type { Passage } from '../../knowledge/types';

const passage = (locale: string, title: string, text: string, section = 0): Passage => ({
  id: `a.${locale}#${section}`,
  articleId: 'a',
  locale,
  title,
  text,
});

describe('coverage: how much of a question a passage holds, read in the passage’s language', () => {
  test('word forms meet through the language’s stems', () => {
    const de = passage('de', 'Versand', 'Jede Lieferung dauert zwei bis drei Werktage.');
    expect(coverage('Lieferungen an Werktagen?', de)).toBe(1);
  });

  test('the question words of the passage’s language are not part of the topic', () => {
    const it = passage('it', 'Resi', 'Per restituire un divano prenota il ritiro.');
    expect(coverage('Come posso restituire un divano?', it)).toBe(1);
  });

  test('a word matched only by allowing a typo counts half, and not at all without typos', () => {
    const en = passage('en', 'Returns', 'Print the return label.');
    // Stems "retrun" (6 letters, weight 6) and "label" (weight 5).
    expect(coverage('retrun label', en)).toBeCloseTo((6 / 2 + 5) / 11);
    expect(coverage('retrun label', en, { typos: false })).toBeCloseTo(5 / 11);
  });

  test('a regional locale reads as its language', () => {
    expect(coverage('Lieferungen', passage('de-AT', 'Versand', 'Die Lieferung ist kostenlos.'))).toBe(1);
  });
});

test('the passage to answer with is the one whose own heading and text cover the question', () => {
  const hits = [
    { passage: passage('es', 'Devoluciones', 'Tienes 30 días para devolver un artículo.', 0), score: 2 },
    { passage: passage('es', 'Devoluciones', 'El reembolso llega en cinco días laborables.', 1), score: 1 },
  ];
  const [article] = groupByArticle(hits);
  expect(bestPassage(article, '¿Cuándo me llegan los reembolsos?').id).toBe('a.es#1');
});
