import { analyze } from './analyzer';
import { perLanguage } from './language';

/**
 * Everyday words that say how or when something happened, not what it is about: the most
 * frequent verbs (be, have, do, get, make, go, come, find, need, want, see, know, say, take,
 * give, put, try, tell, ask, wait, remember…) in their common forms, indefinite pronouns
 * (someone, something) and the nouns that stand for any item as they do (thing, stuff, "coisa",
 * "Sache"), quantities, sizes and lengths (much, few, big, long, two), colours and
 * the words that tell one of a kind from another (new, old, current, other, wrong), which pick
 * out one item rather than name a subject ("the blue cushion", "my current password"), time
 * words (yesterday, last week, ago, already) and the prepositions the light stopword lists lack
 * ("chez", "sin", "ohne"; for Italian also the joined ones, "sulla", "dal"). A help centre's
 * articles need not use them, yet they name no topic: "my lamp came yesterday and it was
 * broken" is about a broken delivery, whatever "came" or "yesterday" are. So the unmentioned
 * check (`knowledge/unmentioned.ts`) never takes one of them for a topic the knowledge base lacks.
 *
 * Written from general frequency lists of each language, not from any question set. Nouns are
 * kept out on purpose, except words for units of time and those that stand for any item: a noun names a topic ("café",
 * "franchise", "wifi" must stay unmentioned), and so do verbs that name a service ("repair",
 * "rent", "install", "sell", "paint"), which are left out too. So are the verbs of buying: what
 * a shop would buy, or let customers buy, can be a service it does not offer ("do you buy used
 * furniture"; with them "how can I buy shares in your company" was answered from the
 * business-orders article, oos-dev 2026-12-06). Forms that are also a common noun are left out
 * ("vino", came of Spanish venir, is wine). Read through the analyzer, so the lists hold words as
 * customers write them and the check compares stems.
 */
const LISTS: Record<string, string> = {
  en: `be am is are was were been being have has had having do does did done doing get gets got gotten getting
    make makes made making go goes went gone going come comes came coming
    find finds found finding need needs needed want wants wanted see saw seen know knew known say said
    take took taken give gave given put keep kept look looked try tried tell told ask asked wait waited think
    thought happen happened seem seemed leave left bring brought let feel felt become became remember remembered forget forgot forgotten
    long longer short shorter
    black white red blue green yellow grey gray brown pink orange purple beige
    new old current previous former existing temporary usual same other different right wrong correct main
    someone somebody anyone anybody everyone nobody something anything nothing everything thing things stuff
    much many more most less least lot lots few several some any all every each both half whole enough
    big bigger small smaller little large huge
    one two three four five six seven eight nine ten first second third twice
    about into onto over under without between through during near towards within
    yesterday today tomorrow tonight ago last next since ever already still again soon later now always
    often sometimes yet recently earlier day days week weeks month months year years evening weekend`,
  es: `ser soy eres es somos son era fue fui fueron sido estar estoy esta estaba estuvo estado haber he ha han hay habia
    hubo tener tengo tiene tenemos tienen tenia tuve tuvo hacer hago hace hacemos hizo hice hecho ir voy va vamos
    iba venir vengo viene vienen venido llegar llego llegado encontrar encuentro encontre encontrado necesitar necesito necesita necesitamos querer quiero quiere
    queria quisiera ver veo vi visto saber se sabe sabia decir digo dice dijo dicho llevar llevo lleve dar doy da
    di dado poner puse puesto pedir pedi esperar espero espere pensar pienso pasar paso pasado parecer parece acordar acuerdo acuerda recordar recuerdo olvidar olvido olvide
    largo larga corto corta
    negro negra blanco blanca rojo roja azul verde amarillo amarilla gris marron rosa morado beis
    nuevo nueva viejo vieja actual anterior temporal mismo misma otro otra correcto correcta equivocado equivocada
    alguien nadie algo nada todo todos todas cada ambos cosa cosas
    sin sobre entre hasta hacia segun durante contra
    mucho mucha muchos muchas mas menos poco poca pocos pocas varios varias bastante medio entero grande grandes
    pequeno pequena
    uno dos tres cuatro cinco seis siete ocho nueve diez primero primera segundo segunda
    ayer hoy manana anoche hace ultimo ultima proximo proxima desde ya todavia aun otra vez pronto luego ahora
    siempre nunca dia dias semana semanas mes meses ano anos tarde noche`,
  de: `sein bin bist ist sind seid war waren gewesen haben habe hast hat hatte hatten gehabt hab werden werde wird
    wurde wurden geworden tun tue tut getan machen mache macht machte gemacht gehen gehe geht ging gegangen
    kommen komme kommt kam kamen gekommen bekommen bekomme bekommt bekam
    finden finde findet fand gefunden brauchen brauche braucht brauchte gebraucht wollen will willst wollte
    sehen sehe sieht sah gesehen wissen weiss weisst wusste gewusst sagen sage sagt sagte gesagt
    nehmen nehme nimmt nahm genommen geben gebe gibt gab gegeben legen gelegt warten warte wartet gewartet
    denken denke dachte gedacht passieren passiert lassen lasse lasst liess gelassen bringen bringe brachte gebracht erinnern erinnere vergessen vergesse vergisst vergass
    lang lange langer kurz kurze
    schwarz schwarze weiss weisse rot rote blau blaue grun grune gelb gelbe grau graue braun braune rosa lila
    neu neue neues neuen alt alte altes alten aktuell aktuelle aktuellen bisherige bisherigen vorherige vorherigen
    gleiche gleichen andere anderen anderes richtig richtige falsch falsche falschen
    ohne uber unter zwischen durch gegen wahrend hinter neben
    jemand jemanden jemandem niemand etwas nichts alles alle jeder jede jedes beide ding dinge sache sachen zeug
    viel viele mehr weniger wenig paar einige mehrere halb halbe ganz ganze genug gross grosse grosser klein kleine
    eins zwei drei vier funf sechs sieben acht neun zehn erste zweite dritte zweimal
    gestern heute morgen vorgestern ubermorgen letzte letzten letzter nachste nachsten seit schon noch wieder
    bald spater jetzt gerade immer nie oft manchmal vorhin tag tage tagen woche wochen monat monate jahr jahre
    abend wochenende`,
  fr: `etre suis es est sommes etes sont etait ete fut avoir ai as a avons avez ont avait eu faire fais fait faisons
    font faisait aller vais vas va allons vont alle allee venir viens vient venons viennent venu venue arriver
    arrive arrivee trouver trouve trouvee avoir besoin vouloir veux veut voulu
    voudrais pouvoir peux peut pu voir vois voit vu savoir sais sait su dire dis dit prendre prends prend pris
    donner donne mettre mets met mis attendre attends attendu penser pense sembler semble laisser
    laisse recevoir recu recue souvenir souviens rappeler rappelle oublier oublie
    meme long longue court courte
    noir noire blanc blanche rouge bleu bleue vert verte jaune gris grise marron rose violet violette beige
    nouveau nouvel nouvelle vieux vieil vieille ancien ancienne actuel actuelle precedent precedente temporaire autre bon bonne mauvais mauvaise
    chez sans sous entre vers pendant contre selon parmi
    quelqu quelqu'un rien tout tous toute toutes chaque chacun chose choses truc trucs
    beaucoup plus moins peu plusieurs quelques assez moitie entier grand grande grands petit petite
    un deux trois quatre cinq six sept huit neuf dix premier premiere deuxieme second seconde fois
    hier aujourd'hui aujourd demain soir matin dernier derniere prochain prochaine depuis deja encore toujours
    jamais bientot tard maintenant souvent jour jours semaine semaines mois an ans annee annees week`,
  pt: `ser sou e somos sao era foi fui foram sido estar estou esta estava esteve estado ter tenho tem temos tinha
    tive teve tido haver ha houve fazer faco faz fazemos fez fiz feito ir vou vai vamos ia fui foi vir venho vem
    veio vim vindo chegar chegou chegado encontrar encontro
    encontrei encontrado achar acho achei precisar preciso precisa precisei querer quero quer queria ver vejo vi
    viu visto saber sei sabe sabia dizer digo diz disse dito levar levo levei dar dou deu dei dado por pus posto
    pedir pedi esperar espero esperei pensar penso passar passou parecer parece lembrar lembro lembrei esquecer esqueci
    longo longa curto curta
    preto preta branco branca vermelho vermelha azul verde amarelo amarela cinzento cinzenta castanho rosa roxo bege
    novo nova velho velha atual anterior temporario temporaria mesmo mesma outro certo certa errado errada
    alguem ninguem algo nada tudo todos todas cada ambos coisa coisas
    sem sobre entre ate durante contra apos
    muito muita muitos muitas mais menos pouco pouca poucos poucas varios varias bastante meio inteiro grande
    grandes pequeno pequena
    um dois tres quatro cinco seis sete oito nove dez primeiro primeira segundo segunda vez vezes
    ontem hoje amanha passado passada proximo proxima desde ja ainda outra logo depois agora sempre nunca
    dia dias semana semanas mes meses ano anos tarde noite`,
  it: `essere sono sei e siamo siete era stato stata fu avere ho hai ha abbiamo avete hanno aveva avuto fare faccio
    fa facciamo fatto andare vado va andiamo andato andata venire vengo viene venuto venuta arrivare arrivato
    arrivata trovare trovo trovato trovata servire serve servono
    volere voglio vuole vogliamo volevo vorrei potere posso puo possiamo potuto vedere vedo visto sapere so sa
    sapevo dire dico dice detto prendere prendo preso dare do da dato mettere metto messo chiedere chiesto
    aspettare aspetto aspettato pensare penso passare passato sembrare sembra lasciare lasciato ricevere ricevuto ricordare ricordo dimenticare dimenticato
    lungo lunga lunghi corto corta breve
    nero nera bianco bianca rosso rossa blu azzurro verde giallo gialla grigio grigia marrone rosa viola beige
    nuovo nuova vecchio vecchia attuale precedente temporaneo temporanea stesso stessa altro altra giusto giusta sbagliato sbagliata
    senza sopra sotto tra fra verso durante contro presso dopo
    sul sulla sullo sui sulle dal dalla dallo dai dalle col coi allo agli alle nello negli nelle dello degli
    qualcuno nessuno qualcosa niente nulla tutto tutti tutte ogni entrambi cosa cose roba
    molto molta molti molte piu meno poco pochi poche parecchi alcuni alcune abbastanza mezzo intero grande
    grandi piccolo piccola
    uno due tre quattro cinque sei sette otto nove dieci primo prima secondo seconda volta volte
    ieri oggi domani stasera scorso scorsa prossimo prossima gia ancora sempre mai subito presto tardi adesso ora
    spesso giorno giorni settimana settimane mese mesi anno anni sera mattina`,
  nl: `zijn ben bent is was waren geweest hebben heb hebt heeft had hadden gehad worden word wordt werd geworden
    doen doe doet deed gedaan maken maak maakt maakte gemaakt gaan ga gaat ging gegaan komen kom komt kwam gekomen
    krijgen krijg krijgt kreeg gekregen vinden vind vindt vond gevonden
    nodig willen wil wilde gewild kunnen kan kon gekund zien zie ziet zag gezien weten weet wist geweten
    zeggen zeg zegt zei gezegd nemen neem neemt nam genomen geven geef geeft gaf gegeven wachten wacht gewacht
    denken denk dacht gedacht gebeuren gebeurd laten liet gelaten brengen breng bracht gebracht herinneren onthouden vergeten vergeet vergat
    lang lange kort korte
    zwart zwarte wit witte rood rode blauw blauwe groen groene geel gele grijs grijze bruin bruine roze paars
    iemand niemand iets niets alles alle elke ieder beide ding dingen spul
    veel meer minder weinig paar enkele sommige verschillende half halve heel hele genoeg groot grote klein kleine
    een twee drie vier vijf zes zeven acht negen tien eerste tweede derde keer
    gisteren vandaag morgen eergisteren vorige vorig volgende sinds al nog weer straks later nu altijd nooit
    vaak soms dag dagen week weken maand maanden jaar jaren avond weekend geleden`,
};

/**
 * The stems of `lang`'s {@link LISTS} words (empty for a language without a list): what the
 * unmentioned check skips among a question's words it finds in no article.
 */
export const commonStems = perLanguage((lang): Set<string> => new Set(analyze(LISTS[lang] ?? '', lang).word));
