import { lookupText, registerTexts, type TextSource } from '../../core/texts';

/**
 * The widget's own text keys (in `bot.yaml` as `widget.<key>`); `{title}` is the bot's name.
 * `products` names a carousel of cards and `position` says where a card is in it ("2 of 5"):
 * the widget fills its `{n}` and `{total}`.
 */
export type WidgetTextKey = 'placeholder' | 'send' | 'label' | 'form' | 'choices' | 'reconnecting' | 'agent' | 'typing' | 'products' | 'position';

/**
 * The web chat widget's placeholder, buttons and screen-reader labels, in the one text lookup
 * (`core/texts.ts`). The widget asks `GET /api/web/texts?locale=…` for them, so a bot overrides
 * them like any other text and the widget itself carries no translations.
 */
registerTexts<WidgetTextKey>('widget', {
  en: { placeholder: 'Type your message…', send: 'Send', label: 'Message', form: 'Send a message', choices: 'Choices', reconnecting: 'Reconnecting…', agent: 'Agent', typing: '{title} is typing…', products: 'Products', position: '{n} of {total}' },
  es: { placeholder: 'Escribe tu mensaje…', send: 'Enviar', label: 'Mensaje', form: 'Enviar un mensaje', choices: 'Opciones', reconnecting: 'Reconectando…', agent: 'Agente', typing: '{title} está escribiendo…', products: 'Productos', position: '{n} de {total}' },
  de: { placeholder: 'Nachricht eingeben…', send: 'Senden', label: 'Nachricht', form: 'Nachricht senden', choices: 'Auswahl', reconnecting: 'Verbindung wird wiederhergestellt…', agent: 'Mitarbeiter', typing: '{title} schreibt…', products: 'Produkte', position: '{n} von {total}' },
  fr: { placeholder: 'Écrivez votre message…', send: 'Envoyer', label: 'Message', form: 'Envoyer un message', choices: 'Choix', reconnecting: 'Reconnexion…', agent: 'Conseiller', typing: '{title} est en train d’écrire…', products: 'Produits', position: '{n} sur {total}' },
  pt: { placeholder: 'Digite sua mensagem…', send: 'Enviar', label: 'Mensagem', form: 'Enviar uma mensagem', choices: 'Opções', reconnecting: 'Reconectando…', agent: 'Atendente', typing: '{title} está digitando…', products: 'Produtos', position: '{n} de {total}' },
  it: { placeholder: 'Scrivi il tuo messaggio…', send: 'Invia', label: 'Messaggio', form: 'Invia un messaggio', choices: 'Scelte', reconnecting: 'Riconnessione…', agent: 'Operatore', typing: '{title} sta scrivendo…', products: 'Prodotti', position: '{n} di {total}' },
  nl: { placeholder: 'Typ je bericht…', send: 'Versturen', label: 'Bericht', form: 'Een bericht versturen', choices: 'Keuzes', reconnecting: 'Opnieuw verbinden…', agent: 'Medewerker', typing: '{title} is aan het typen…', products: 'Producten', position: '{n} van {total}' },
  pl: { placeholder: 'Wpisz wiadomość…', send: 'Wyślij', label: 'Wiadomość', form: 'Wyślij wiadomość', choices: 'Opcje', reconnecting: 'Ponowne łączenie…', agent: 'Konsultant', typing: '{title} pisze…', products: 'Produkty', position: '{n} z {total}' },
  tr: { placeholder: 'Mesajınızı yazın…', send: 'Gönder', label: 'Mesaj', form: 'Mesaj gönder', choices: 'Seçenekler', reconnecting: 'Yeniden bağlanılıyor…', agent: 'Temsilci', typing: '{title} yazıyor…', products: 'Ürünler', position: '{n}/{total}' },
  ru: { placeholder: 'Введите сообщение…', send: 'Отправить', label: 'Сообщение', form: 'Отправить сообщение', choices: 'Варианты', reconnecting: 'Переподключение…', agent: 'Оператор', typing: '{title} печатает…', products: 'Товары', position: '{n} из {total}' },
  ar: { placeholder: 'اكتب رسالتك…', send: 'إرسال', label: 'الرسالة', form: 'إرسال رسالة', choices: 'الخيارات', reconnecting: 'جارٍ إعادة الاتصال…', agent: 'موظف', typing: '{title} يكتب…', products: 'المنتجات', position: '{n} من {total}' },
  zh: { placeholder: '请输入消息…', send: '发送', label: '消息', form: '发送消息', choices: '选项', reconnecting: '正在重新连接…', agent: '客服', typing: '{title} 正在输入…', products: '商品', position: '第 {n} 个，共 {total} 个' },
  ja: { placeholder: 'メッセージを入力…', send: '送信', label: 'メッセージ', form: 'メッセージを送信', choices: '選択肢', reconnecting: '再接続しています…', agent: '担当者', typing: '{title}が入力中…', products: '商品', position: '{total} 件中 {n} 件目' },
});

const KEYS: WidgetTextKey[] = ['placeholder', 'send', 'label', 'form', 'choices', 'reconnecting', 'agent', 'typing', 'products', 'position'];

/** The widget's texts for `locale` (the bot's `messages` first), `{title}` filled with the bot's name. */
export function widgetTexts(source: TextSource | undefined, locale: string, title: string): Record<WidgetTextKey, string> {
  return Object.fromEntries(KEYS.map((key) => [key, lookupText(source, `widget.${key}`, locale, { title, n: '{n}', total: '{total}' })])) as Record<WidgetTextKey, string>;
}
