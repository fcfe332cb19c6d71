// Word lists for generated text in the three content languages (bench/generate.ts `multilingual`),
// most common first: generated titles and bodies draw from them with a skew towards the head, so a
// search for the first words matches tens of thousands of ideas and one for the last a few dozen,
// as on a real site. Accented words are spread through the lists ("canción", "perché", "città").
import type { ContentLanguage } from '../db/schema/columns';

export const WORDS: Record<ContentLanguage, readonly string[]> = {
  en: `product customers store packaging app delivery shop price online free better
    reusable order service team coffee card loyalty recycle bottle plastic paper bag
    local fresh quality design green energy waste water home family kids easy quick
    simple cheaper points rewards discount checkout queue staff music song event
    refill station glass metal box label size colour menu recipe lunch breakfast
    weekend holiday garden bike car parking train city village market farmer organic
    vegan gluten sugar salt tea juice milk bread cheese fruit vegetable tomato apple
    shoes running jacket shirt repair second-hand rental subscription monthly weekly
    notification reminder feedback survey review rating community volunteer school
    library museum theatre cinema festival concert workshop class tutorial guide map
    route timetable accessible wheelchair elderly blind hearing language translation
    subtitles podcast newsletter sticker badge lantern umbrella blanket pillow candle
    compost worm beehive honey solar battery charger cable adapter keyboard headphones
    microwave fridge freezer dishwasher kettle toaster blender spatula colander whisk`
    .split(/\s+/)
    .filter(Boolean),
  es: `producto clientes tienda envase aplicación envío compra precio gratis mejor
    reutilizable pedido servicio equipo café tarjeta puntos reciclar botella plástico
    papel bolsa local fresco calidad diseño verde energía residuos agua casa familia
    niños fácil rápido sencillo barato recompensas descuento caja cola personal música
    canción evento recarga estación vidrio metal etiqueta tamaño color menú receta
    almuerzo desayuno fin semana vacaciones jardín bicicleta coche aparcamiento tren
    ciudad pueblo mercado agricultor ecológico vegano azúcar sal té zumo leche pan
    queso fruta verdura tomate manzana zapatillas chaqueta camisa reparación segunda
    mano alquiler suscripción mensual semanal notificación recordatorio opinión
    encuesta reseña valoración comunidad voluntario colegio biblioteca museo teatro
    cine festival concierto taller clase tutorial guía mapa ruta horario accesible
    mayores idioma traducción subtítulos pódcast boletín pegatina insignia farol
    paraguas manta almohada vela compost colmena miel batería cargador cable teclado
    auriculares nevera congelador lavavajillas hervidor tostadora batidora espátula`
    .split(/\s+/)
    .filter(Boolean),
  it: `prodotto clienti negozio imballaggio app consegna acquisto prezzo gratis migliore
    riutilizzabile ordine servizio squadra caffè carta punti riciclare bottiglia plastica
    sacchetto locale fresco qualità design verde energia rifiuti acqua casa famiglia
    bambini facile veloce semplice economico premi sconto cassa coda personale musica
    canzone evento ricarica stazione vetro metallo etichetta taglia colore menù ricetta
    pranzo colazione fine settimana vacanze giardino bicicletta auto parcheggio treno
    città paese mercato contadino biologico vegano zucchero sale tè succo latte pane
    formaggio frutta verdura pomodoro mela scarpe corsa giacca camicia riparazione usato
    noleggio abbonamento mensile settimanale notifica promemoria parere sondaggio
    recensione voto comunità volontario scuola biblioteca museo teatro cinema festa
    concerto laboratorio lezione guida mappa percorso orario accessibile anziani
    perché lingua traduzione sottotitoli podcast notiziario adesivo distintivo lanterna
    ombrello coperta cuscino candela compostaggio alveare miele batteria caricatore
    cavo tastiera cuffie frigorifero congelatore lavastoviglie bollitore tostapane`
    .split(/\s+/)
    .filter(Boolean),
};

/** How generated ideas are spread over the languages, in thousandths. */
export const LANGUAGE_SHARE: Record<ContentLanguage, number> = { en: 500, es: 300, it: 200 };

/**
 * Syllables of made-up names (products, places, people): three make one of 8,000 words, a few in
 * each generated body, so a search for one finds a few dozen ideas among 100,000, as a rare word
 * does. The lists above are too short for that: their last word is still in one idea in twenty.
 */
export const SYLLABLES = `ka lo mi ne ra su ti vo ber dan fel gor lin mar nor pel ros tam vin zel`
  .split(/\s+/)
  .filter(Boolean);

/** The made-up word with this number (0 to SYLLABLES.length³ − 1). */
export const madeUpWord = (n: number) =>
  [0, 1, 2]
    .map((i) => SYLLABLES[Math.floor(n / SYLLABLES.length ** i) % SYLLABLES.length])
    .join('');
