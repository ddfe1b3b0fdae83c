/**
 * What tells languages apart in a message too short for statistics ("hola", "obrigado", "grazie
 * mille"): everyday words customers write to a help desk, and letters only some languages use.
 * Words are stored without accents, because customers often type without them.
 */

/** Short everyday words per language: greetings, thanks, function words, the help desk's nouns. */
export const WORDS: Record<string, string> = {
  en: `hi hello hey thanks thank you please the a an is are was my your our i me we it what where when how why which who
    can could would should do does did have has not no yes good morning evening bye order orders refund return
    shipping delivery package parcel password account help with for from to of and or but this that there here store
    opening hours cancel arrived never someone talk free cost long take`,
  es: `hola gracias buenos buenas dias tardes noches por favor el la los las un una unos unas es son esta estan mi mis tu
    su que donde cuando como cuanto cuanta cual quien por para con sin pero y o no si muy mucho muchas quiero necesito
    tengo puedo puede pedido envio devolver devolucion reembolso contrasena cuenta ayuda tienda horario paquete
    cambiar tienen hay de del al ya adios vale aceptais aceptan teneis enviais podeis`,
  de: `hallo guten morgen tag abend danke bitte vielen dank der die das den dem ein eine einen ist sind war mein meine
    dein ihr wir ich du es was wo wann wie warum wer kann konnen mochte will nicht nein ja und oder aber mit fur von zu
    bei auf bestellung lieferung versand rucksendung erstattung passwort konto hilfe geoffnet offnungszeiten paket
    angekommen rechnung vergessen dauert lange tschuss etwas sendung sendungsverfolgung`,
  fr: `bonjour bonsoir salut merci beaucoup svp plait le la les un une des est sont mon ma mes ton ta votre vos je tu il
    nous vous que quoi ou quand comment pourquoi qui quel quels quelle pas ne non oui et mais avec pour sans sur dans
    commande livraison colis remboursement rembourse retour mot passe compte aide horaires magasin recu annuler carte
    probleme suis de au aux du veux voudrais combien acceptez`,
  pt: `ola oi obrigado obrigada bom boa dia tarde noite por favor o a os as um uma e sao esta meu minha meus seu sua voce
    voces eu nos que onde quando como quanto qual quem nao sim muito com sem para pelo pela mas ou pedido entrega
    reembolso devolucao senha conta ajuda loja trocar produto tempo preciso falar alguem
    quero tchau aceitam aceita aceitar de envio do da dos das no na nos nas em encomenda telefone atendimento apoio`,
  it: `ciao buongiorno buonasera grazie mille prego per favore il lo la gli le un uno una e sono mio mia miei tuo tua suo
    io tu noi voi che dove quando come quanto quale chi non si molto con senza ma o ordine spedizione consegna rimborso
    reso password conto aiuto negozio orari pacco arrivato posso vorrei ho costa dov del
    della arrivederci accettate accettano accetta`,
  nl: `hoi hallo dag goedemorgen goedemiddag goedenavond bedankt dank je jij wel alstublieft aub de het een is zijn mijn
    jouw uw ik wij we wat waar wanneer hoe waarom wie kan kunnen wil niet nee ja en of maar met voor van naar bij op
    bestelling levering verzending pakket geld terug retourneren wachtwoord vergeten account hulp winkel
    openingstijden ontvangen duurt lang jullie zijn doei factuur retour bezorging korting cadeaubon sturen terugsturen`,
  pl: `czesc dzien dobry dziekuje dzieki prosze jest sa moj moja moje twoj twoja ja ty my wy co gdzie kiedy jak dlaczego
    kto ktory nie tak i lub ale z ze dla bez na do od zamowienie dostawa zwrot pieniedzy haslo konto pomoc sklep
    godziny otwarcia paczka chce ile trwa potrzebuje pomocy czy`,
  tr: `merhaba selam tesekkurler tesekkur ederim sag ol lutfen bir bu su o ve veya ama ile icin ben sen biz siz ne nerede
    ne zaman nasil neden kim hangi degil hayir evet siparis kargo teslimat iade sifre hesap yardim
    magaza calisma saatleri paket istiyorum gelir gunaydin iyi gunler`,
};

/** Letters that point at a few languages, with how strongly (one word from the list counts 1). */
export const LETTERS: Array<{ pattern: RegExp; langs: Record<string, number> }> = [
  { pattern: /[¿¡ñ]/u, langs: { es: 1.5 } },
  // Spain's vosotros verbs ("aceptáis", "tenéis"): customers address the shop with them.
  { pattern: /\p{L}{2}(áis|éis)(?!\p{L})/u, langs: { es: 1.5 } },
  { pattern: /[ãõ]/u, langs: { pt: 1.5 } },
  { pattern: /ç/u, langs: { pt: 0.5, fr: 0.5, tr: 0.5 } },
  { pattern: /ß/u, langs: { de: 1.5 } },
  { pattern: /[äöü]/u, langs: { de: 0.8, tr: 0.4 } },
  { pattern: /[łąęśźżćń]/u, langs: { pl: 1.5 } },
  { pattern: /[ğşı]/u, langs: { tr: 1.5 } },
  { pattern: /[èêàâîôûëïœ]/u, langs: { fr: 0.8, it: 0.3, pt: 0.2 } },
  { pattern: /[ìòù]/u, langs: { it: 0.8 } },
  { pattern: /[áíóú]/u, langs: { es: 0.5, pt: 0.5 } },
  { pattern: /[éê]/u, langs: { fr: 0.4, pt: 0.2 } },
  { pattern: /ij/u, langs: { nl: 0.5 } },
];

/**
 * Scripts that settle the language (among the bot's languages) without statistics. Han alone
 * is Chinese unless Japanese is the only candidate using it (kana, checked first, is Japanese).
 */
export const SCRIPTS: Array<{ pattern: RegExp; langs: string[] }> = [
  { pattern: /[\u3040-\u30ff]/u, langs: ['ja'] },
  { pattern: /[\uac00-\ud7af]/u, langs: ['ko'] },
  { pattern: /[\u4e00-\u9fff]/u, langs: ['zh', 'ja'] },
  { pattern: /[\u0600-\u06ff]/u, langs: ['ar', 'fa', 'ur'] },
  { pattern: /[іїєґ]/iu, langs: ['uk', 'ru'] },
  { pattern: /[\u0400-\u04ff]/u, langs: ['ru', 'uk', 'bg', 'sr'] },
  { pattern: /[\u0370-\u03ff]/u, langs: ['el'] },
  { pattern: /[\u0590-\u05ff]/u, langs: ['he'] },
  { pattern: /[\u0e00-\u0e7f]/u, langs: ['th'] },
  { pattern: /[\u0900-\u097f]/u, langs: ['hi'] },
];
