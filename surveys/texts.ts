import { registerTexts } from '../core/texts';

type Key = 'thanks' | 'retry' | 'scale' | 'yes' | 'no';

/**
 * The survey module's built-in texts (`surveys.thanks`…; a bot overrides them in bot.yaml
 * `messages:`). The questions themselves are the bot's, in each survey's `text:`.
 */
export const surveyText = registerTexts<Key>('surveys', {
  en: { thanks: 'Thank you for your feedback!', retry: "Sorry, I didn't get that.", scale: 'Reply with a number from {from} to {to}.', yes: 'Yes', no: 'No' },
  es: { thanks: '¡Gracias por tu opinión!', retry: 'Perdona, no lo he entendido.', scale: 'Responde con un número del {from} al {to}.', yes: 'Sí', no: 'No' },
  de: { thanks: 'Danke für Ihr Feedback!', retry: 'Entschuldigung, das habe ich nicht verstanden.', scale: 'Antworten Sie mit einer Zahl von {from} bis {to}.', yes: 'Ja', no: 'Nein' },
  fr: { thanks: 'Merci pour votre avis !', retry: "Désolé, je n'ai pas compris.", scale: 'Répondez par un nombre de {from} à {to}.', yes: 'Oui', no: 'Non' },
  pt: { thanks: 'Obrigado pela sua opinião!', retry: 'Desculpe, não entendi.', scale: 'Responda com um número de {from} a {to}.', yes: 'Sim', no: 'Não' },
  it: { thanks: 'Grazie per il tuo parere!', retry: 'Scusa, non ho capito.', scale: 'Rispondi con un numero da {from} a {to}.', yes: 'Sì', no: 'No' },
  nl: { thanks: 'Bedankt voor je feedback!', retry: 'Sorry, dat begreep ik niet.', scale: 'Antwoord met een getal van {from} tot {to}.', yes: 'Ja', no: 'Nee' },
  pl: { thanks: 'Dziękujemy za opinię!', retry: 'Przepraszam, nie zrozumiałem.', scale: 'Odpowiedz liczbą od {from} do {to}.', yes: 'Tak', no: 'Nie' },
  tr: { thanks: 'Geri bildiriminiz için teşekkürler!', retry: 'Üzgünüm, anlayamadım.', scale: '{from} ile {to} arasında bir sayı ile yanıtlayın.', yes: 'Evet', no: 'Hayır' },
  ru: { thanks: 'Спасибо за отзыв!', retry: 'Извините, я не понял.', scale: 'Ответьте числом от {from} до {to}.', yes: 'Да', no: 'Нет' },
  ar: { thanks: 'شكرًا لملاحظاتك!', retry: 'عذرًا، لم أفهم ذلك.', scale: 'أجب برقم من {from} إلى {to}.', yes: 'نعم', no: 'لا' },
  zh: { thanks: '感谢您的反馈！', retry: '抱歉，我没有理解。', scale: '请回复 {from} 到 {to} 之间的数字。', yes: '是', no: '否' },
  ja: { thanks: 'ご意見ありがとうございます！', retry: 'すみません、よくわかりませんでした。', scale: '{from}から{to}までの数字でお答えください。', yes: 'はい', no: 'いいえ' },
});
