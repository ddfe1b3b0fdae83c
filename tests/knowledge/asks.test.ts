import { askings, asksAlike, measureWords } from '../../knowledge/analysis/asks';

describe('what a question asks for beyond its topic', () => {
  test('a measure or a permission, in each language, whatever the accents', () => {
    expect([...askings('how long do I have to send something back', 'en')]).toEqual(['measure']);
    expect([...askings('cuántos días tengo para devolver algo', 'es')]).toEqual(['measure']);
    expect([...askings('wie lange habe ich Zeit', 'de')]).toEqual(['measure']);
    expect([...askings('kann ich eine online bestellung in der filiale zurückgeben', 'de')]).toEqual(['may']);
    expect([...askings('Können wir das zurückgeben', 'de')]).toEqual(['may']);
    expect([...askings('puedo devolver en tienda algo que compré por internet', 'es')]).toEqual(['may']);
    expect([...askings('combien de temps pour être remboursé', 'fr')]).toEqual(['measure']);
    expect([...askings('si può restituire', 'it')]).toEqual(['may']);
  });

  test('a request or a question word of another kind asks neither; "how" alone is no measure', () => {
    expect(askings('I want to return an item', 'en').size).toBe(0);
    expect(askings('how do I return something', 'en').size).toBe(0);
    expect(askings('quiero devolver la lámpara', 'es').size).toBe(0);
    expect(askings('wo ist meine bestellung', 'de').size).toBe(0);
    expect(askings('where is my order from May', 'en').size).toBe(0);
    // A language without a list asks nothing.
    expect(askings('hoe lang kan ik', 'xx').size).toBe(0);
  });

  test('an example asks alike when it asks every kind the question does', () => {
    expect(asksAlike('how long do I have to send something back', 'how do I return something', 'en')).toBe(false);
    expect(asksAlike('can I get a refund for my chair', 'can I get a refund', 'en')).toBe(true);
    expect(asksAlike('I want to return the lamp', 'return my order', 'en')).toBe(true);
    // The example may ask more than the question: the question is still that sentence.
    expect(asksAlike('return my order', 'can I return my order', 'en')).toBe(true);
  });

  test("a measure question's word for time says how it is asked; without a measure question it may be the topic", () => {
    expect([...measureWords('combien de temps pour la livraison', 'fr')]).toEqual(['temps']);
    expect([...measureWords('¿Cuánto tiempo tarda el envío?', 'es')]).toEqual(['tiempo']);
    expect([...measureWords('wie lange habe ich Zeit zum Zurückschicken', 'de')]).toEqual(['zeit']);
    expect(measureWords('quel temps fera-t-il demain', 'fr').size).toBe(0);
    expect(measureWords('what time do you open', 'en').size).toBe(0);
  });
});
