import { registerTexts } from '../core/texts';

/** The catalog's own texts (overridable in `bot.yaml` `messages:` as `catalog.<key>`). */
export type CatalogTextKey = 'details' | 'found' | 'none' | 'receipt' | 'subject' | 'total' | 'totalWithShipping' | 'line' | 'shipTo';

/** Built-in texts of the product search, the "Details" button and receipts. `{…}` are filled in. */
export const catalogText = registerTexts<CatalogTextKey>('catalog', {
  en: {
    details: 'Details',
    found: 'Here is what I found:',
    none: "Sorry, I couldn't find a product like that. Try other words, or a different price.",
    receipt: 'Thank you for your order {order}! Here is your receipt:',
    subject: 'Your order {order}',
    total: 'Total paid: {total}',
    totalWithShipping: 'Total paid: {total} (including {shipping} shipping)',
    line: '{quantity} × {price}',
    shipTo: 'Shipping to: {address}',
  },
  es: {
    details: 'Detalles',
    found: 'Esto es lo que he encontrado:',
    none: 'Lo siento, no encuentro un producto así. Prueba con otras palabras u otro precio.',
    receipt: '¡Gracias por tu pedido {order}! Este es tu recibo:',
    subject: 'Tu pedido {order}',
    total: 'Total pagado: {total}',
    totalWithShipping: 'Total pagado: {total} (envío de {shipping} incluido)',
    line: '{quantity} × {price}',
    shipTo: 'Envío a: {address}',
  },
  de: {
    details: 'Details',
    found: 'Das habe ich gefunden:',
    none: 'Tut mir leid, so ein Produkt finde ich nicht. Versuch andere Wörter oder einen anderen Preis.',
    receipt: 'Danke für deine Bestellung {order}! Hier ist dein Beleg:',
    subject: 'Deine Bestellung {order}',
    total: 'Bezahlt: {total}',
    totalWithShipping: 'Bezahlt: {total} (inklusive {shipping} Versand)',
    line: '{quantity} × {price}',
    shipTo: 'Lieferung an: {address}',
  },
  fr: {
    details: 'Détails',
    found: "Voici ce que j'ai trouvé :",
    none: "Désolé, je ne trouve pas de produit de ce type. Essayez d'autres mots ou un autre prix.",
    receipt: 'Merci pour votre commande {order} ! Voici votre reçu :',
    subject: 'Votre commande {order}',
    total: 'Total payé : {total}',
    totalWithShipping: 'Total payé : {total} (dont {shipping} de livraison)',
    line: '{quantity} × {price}',
    shipTo: 'Livraison à : {address}',
  },
  pt: {
    details: 'Detalhes',
    found: 'Foi isto que encontrei:',
    none: 'Desculpe, não encontro um produto assim. Experimente outras palavras ou outro preço.',
    receipt: 'Obrigado pela sua encomenda {order}! Aqui está o seu recibo:',
    subject: 'A sua encomenda {order}',
    total: 'Total pago: {total}',
    totalWithShipping: 'Total pago: {total} (inclui {shipping} de envio)',
    line: '{quantity} × {price}',
    shipTo: 'Envio para: {address}',
  },
  it: {
    details: 'Dettagli',
    found: 'Ecco cosa ho trovato:',
    none: 'Mi dispiace, non trovo un prodotto così. Prova con altre parole o un altro prezzo.',
    receipt: 'Grazie per il tuo ordine {order}! Ecco la tua ricevuta:',
    subject: 'Il tuo ordine {order}',
    total: 'Totale pagato: {total}',
    totalWithShipping: 'Totale pagato: {total} (di cui {shipping} di spedizione)',
    line: '{quantity} × {price}',
    shipTo: 'Spedizione a: {address}',
  },
});
