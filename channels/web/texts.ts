import { lookupText, registerTexts, type TextSource } from '../../core/texts';

/**
 * The widget's own text keys (in `bot.yaml` as `widget.<key>`); `{title}` is the bot's name.
 * `products` names a carousel of cards and `position` says where a card is in it ("2 of 5"):
 * the widget fills its `{n}` and `{total}`.
 */
export type WidgetTextKey = 'placeholder' | 'send' | 'label' | 'form' | 'choices' | 'reconnecting' | 'agent' | 'typing' | 'products' | 'position' | PhotoTextKey;

/** The photo controls' labels and messages; `{name}` is the file's name. */
type PhotoTextKey = 'attach' | 'photos' | 'remove' | 'uploading' | 'photo' | 'notPhoto' | 'tooBig';

/**
 * The web chat widget's placeholder, buttons and screen-reader labels, in the one text lookup
 * (`core/texts.ts`). The widget asks `GET /api/web/texts?locale=…` for them, so a bot overrides
 * them like any other text and the widget itself carries no translations.
 */
registerTexts<WidgetTextKey>('widget', {
  en: { placeholder: 'Type your message…', send: 'Send', label: 'Message', form: 'Send a message', choices: 'Choices', reconnecting: 'Reconnecting…', agent: 'Agent', typing: '{title} is typing…' , attach: 'Attach a photo', photos: 'Photos to send', remove: 'Remove {name}', uploading: 'Sending photos', photo: 'Your photo', notPhoto: '{name} is not a JPEG, PNG or WebP photo', tooBig: '{name} is over 10 MB', products: 'Products', position: '{n} of {total}' },
  es: { placeholder: 'Escribe tu mensaje…', send: 'Enviar', label: 'Mensaje', form: 'Enviar un mensaje', choices: 'Opciones', reconnecting: 'Reconectando…', agent: 'Agente', typing: '{title} está escribiendo…' , attach: 'Adjuntar una foto', photos: 'Fotos para enviar', remove: 'Quitar {name}', uploading: 'Enviando fotos', photo: 'Tu foto', notPhoto: '{name} no es una foto JPEG, PNG o WebP', tooBig: '{name} supera los 10 MB', products: 'Productos', position: '{n} de {total}' },
  de: { placeholder: 'Nachricht eingeben…', send: 'Senden', label: 'Nachricht', form: 'Nachricht senden', choices: 'Auswahl', reconnecting: 'Verbindung wird wiederhergestellt…', agent: 'Mitarbeiter', typing: '{title} schreibt…' , attach: 'Foto anhängen', photos: 'Zu sendende Fotos', remove: '{name} entfernen', uploading: 'Fotos werden gesendet', photo: 'Dein Foto', notPhoto: '{name} ist kein JPEG-, PNG- oder WebP-Foto', tooBig: '{name} ist größer als 10 MB', products: 'Produkte', position: '{n} von {total}' },
  fr: { placeholder: 'Écrivez votre message…', send: 'Envoyer', label: 'Message', form: 'Envoyer un message', choices: 'Choix', reconnecting: 'Reconnexion…', agent: 'Conseiller', typing: '{title} est en train d’écrire…' , attach: 'Joindre une photo', photos: 'Photos à envoyer', remove: 'Retirer {name}', uploading: 'Envoi des photos', photo: 'Votre photo', notPhoto: '{name} n’est pas une photo JPEG, PNG ou WebP', tooBig: '{name} dépasse 10 Mo', products: 'Produits', position: '{n} sur {total}' },
  pt: { placeholder: 'Digite sua mensagem…', send: 'Enviar', label: 'Mensagem', form: 'Enviar uma mensagem', choices: 'Opções', reconnecting: 'Reconectando…', agent: 'Atendente', typing: '{title} está digitando…' , attach: 'Anexar uma foto', photos: 'Fotos para enviar', remove: 'Remover {name}', uploading: 'Enviando fotos', photo: 'Sua foto', notPhoto: '{name} não é uma foto JPEG, PNG ou WebP', tooBig: '{name} tem mais de 10 MB', products: 'Produtos', position: '{n} de {total}' },
  it: { placeholder: 'Scrivi il tuo messaggio…', send: 'Invia', label: 'Messaggio', form: 'Invia un messaggio', choices: 'Scelte', reconnecting: 'Riconnessione…', agent: 'Operatore', typing: '{title} sta scrivendo…' , attach: 'Allega una foto', photos: 'Foto da inviare', remove: 'Rimuovi {name}', uploading: 'Invio delle foto', photo: 'La tua foto', notPhoto: '{name} non è una foto JPEG, PNG o WebP', tooBig: '{name} supera i 10 MB', products: 'Prodotti', position: '{n} di {total}' },
  nl: { placeholder: 'Typ je bericht…', send: 'Versturen', label: 'Bericht', form: 'Een bericht versturen', choices: 'Keuzes', reconnecting: 'Opnieuw verbinden…', agent: 'Medewerker', typing: '{title} is aan het typen…' , attach: 'Foto toevoegen', photos: 'Te versturen foto’s', remove: '{name} verwijderen', uploading: 'Foto’s worden verstuurd', photo: 'Jouw foto', notPhoto: '{name} is geen JPEG-, PNG- of WebP-foto', tooBig: '{name} is groter dan 10 MB', products: 'Producten', position: '{n} van {total}' },
  pl: { placeholder: 'Wpisz wiadomość…', send: 'Wyślij', label: 'Wiadomość', form: 'Wyślij wiadomość', choices: 'Opcje', reconnecting: 'Ponowne łączenie…', agent: 'Konsultant', typing: '{title} pisze…' , attach: 'Dołącz zdjęcie', photos: 'Zdjęcia do wysłania', remove: 'Usuń {name}', uploading: 'Wysyłanie zdjęć', photo: 'Twoje zdjęcie', notPhoto: '{name} nie jest zdjęciem JPEG, PNG ani WebP', tooBig: '{name} ma ponad 10 MB', products: 'Produkty', position: '{n} z {total}' },
  tr: { placeholder: 'Mesajınızı yazın…', send: 'Gönder', label: 'Mesaj', form: 'Mesaj gönder', choices: 'Seçenekler', reconnecting: 'Yeniden bağlanılıyor…', agent: 'Temsilci', typing: '{title} yazıyor…' , attach: 'Fotoğraf ekle', photos: 'Gönderilecek fotoğraflar', remove: '{name} kaldır', uploading: 'Fotoğraflar gönderiliyor', photo: 'Fotoğrafınız', notPhoto: '{name} bir JPEG, PNG veya WebP fotoğrafı değil', tooBig: '{name} 10 MB’tan büyük', products: 'Ürünler', position: '{n}/{total}' },
  ru: { placeholder: 'Введите сообщение…', send: 'Отправить', label: 'Сообщение', form: 'Отправить сообщение', choices: 'Варианты', reconnecting: 'Переподключение…', agent: 'Оператор', typing: '{title} печатает…' , attach: 'Прикрепить фото', photos: 'Фото для отправки', remove: 'Удалить {name}', uploading: 'Отправка фото', photo: 'Ваше фото', notPhoto: '{name} — не фото в формате JPEG, PNG или WebP', tooBig: '{name} больше 10 МБ', products: 'Товары', position: '{n} из {total}' },
  ar: { placeholder: 'اكتب رسالتك…', send: 'إرسال', label: 'الرسالة', form: 'إرسال رسالة', choices: 'الخيارات', reconnecting: 'جارٍ إعادة الاتصال…', agent: 'موظف', typing: '{title} يكتب…' , attach: 'إرفاق صورة', photos: 'الصور المراد إرسالها', remove: 'إزالة {name}', uploading: 'جارٍ إرسال الصور', photo: 'صورتك', notPhoto: '{name} ليست صورة JPEG أو PNG أو WebP', tooBig: '{name} أكبر من 10 ميغابايت', products: 'المنتجات', position: '{n} من {total}' },
  zh: { placeholder: '请输入消息…', send: '发送', label: '消息', form: '发送消息', choices: '选项', reconnecting: '正在重新连接…', agent: '客服', typing: '{title} 正在输入…' , attach: '添加照片', photos: '待发送的照片', remove: '移除 {name}', uploading: '正在发送照片', photo: '您的照片', notPhoto: '{name} 不是 JPEG、PNG 或 WebP 照片', tooBig: '{name} 超过 10 MB', products: '商品', position: '第 {n} 个，共 {total} 个' },
  ja: { placeholder: 'メッセージを入力…', send: '送信', label: 'メッセージ', form: 'メッセージを送信', choices: '選択肢', reconnecting: '再接続しています…', agent: '担当者', typing: '{title}が入力中…' , attach: '写真を添付', photos: '送信する写真', remove: '{name} を削除', uploading: '写真を送信中', photo: 'あなたの写真', notPhoto: '{name} は JPEG、PNG、WebP の写真ではありません', tooBig: '{name} は 10 MB を超えています', products: '商品', position: '{total} 件中 {n} 件目' },
});

const KEYS: WidgetTextKey[] = ['placeholder', 'send', 'label', 'form', 'choices', 'reconnecting', 'agent', 'typing', 'attach', 'photos', 'remove', 'uploading', 'photo', 'notPhoto', 'tooBig', 'products', 'position'];

/** The widget's texts for `locale` (the bot's `messages` first), `{title}` filled with the bot's name; `{name}` stays for the widget to fill with a file's. */
export function widgetTexts(source: TextSource | undefined, locale: string, title: string): Record<WidgetTextKey, string> {
  return Object.fromEntries(KEYS.map((key) => [key, lookupText(source, `widget.${key}`, locale, { title, name: '{name}', n: '{n}', total: '{total}' })])) as Record<WidgetTextKey, string>;
}
