import { registerTexts } from '../core/texts';

/** The media module's text keys (in `bot.yaml` `messages:` as `media.<key>`). */
export type MediaTextKey = 'photoOnly' | 'person';

/**
 * What the bot says to a photo it cannot look at (no photo reader is loaded): not the generic
 * fallback, but what to do instead — say it in words, or have a person look at the photo.
 */
export const mediaTexts = registerTexts<MediaTextKey>('media', {
  en: { photoOnly: 'Thanks for the photo. I can’t look at photos myself: tell me in a few words what it shows, or a person can have a look at it.', person: 'Talk to a person' },
  es: { photoOnly: 'Gracias por la foto. No puedo ver fotos: cuéntame en pocas palabras qué muestra, o una persona puede revisarla.', person: 'Hablar con una persona' },
  de: { photoOnly: 'Danke für das Foto. Ich kann mir selbst keine Fotos ansehen: Beschreibe kurz, was darauf zu sehen ist, oder ein Mensch sieht es sich an.', person: 'Mit einem Menschen sprechen' },
  fr: { photoOnly: 'Merci pour la photo. Je ne peux pas regarder les photos moi-même : dites-moi en quelques mots ce qu’elle montre, ou une personne peut l’examiner.', person: 'Parler à une personne' },
  pt: { photoOnly: 'Obrigado pela foto. Não consigo ver fotos: diga em poucas palavras o que ela mostra, ou uma pessoa pode analisá-la.', person: 'Falar com uma pessoa' },
  it: { photoOnly: 'Grazie per la foto. Non posso guardare le foto: dimmi in poche parole cosa mostra, oppure una persona può darle un’occhiata.', person: 'Parla con una persona' },
  nl: { photoOnly: 'Bedankt voor de foto. Ik kan zelf geen foto’s bekijken: vertel in een paar woorden wat erop staat, of een medewerker kijkt ernaar.', person: 'Met een medewerker praten' },
  pl: { photoOnly: 'Dziękujemy za zdjęcie. Nie potrafię oglądać zdjęć: opisz w kilku słowach, co przedstawia, albo obejrzy je konsultant.', person: 'Rozmowa z konsultantem' },
  tr: { photoOnly: 'Fotoğraf için teşekkürler. Fotoğraflara kendim bakamıyorum: ne gösterdiğini birkaç kelimeyle anlatın ya da bir temsilci baksın.', person: 'Bir temsilciyle konuş' },
  ru: { photoOnly: 'Спасибо за фото. Сам я не могу смотреть фотографии: опишите в двух словах, что на нём, или его посмотрит оператор.', person: 'Связаться с оператором' },
  ar: { photoOnly: 'شكرًا على الصورة. لا أستطيع رؤية الصور بنفسي: صف باختصار ما تظهره، أو يمكن لموظف أن يطّلع عليها.', person: 'التحدث مع موظف' },
  zh: { photoOnly: '感谢您发送照片。我自己无法查看照片：请简单描述照片内容，或由客服人员查看。', person: '联系人工客服' },
  ja: { photoOnly: '写真をありがとうございます。私は写真を見ることができません。写っている内容を簡単に教えていただくか、担当者が確認します。', person: '担当者と話す' },
});
