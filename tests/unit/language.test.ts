import { describe, expect, it } from 'vitest';
import {
  MIN_LETTERS,
  asContentLanguage,
  detectLanguage,
  detectLanguageOf,
} from '#app/domain/listening/language.server';
import { plainText } from '#app/domain/listening/text';
import type { ContentLanguage } from '../../db/schema/columns';

// Short sentences as people write them under ideas: each must be detected, not fall back.
const SHORT: Record<ContentLanguage, string[]> = {
  en: [
    'I would buy this every week.',
    'The refill station should be near the door.',
    'Could the jars be made of recycled glass?',
    'This saves a lot of plastic.',
    'My kids would love this kit.',
    'The smell is far too strong for me.',
    'Please add a smaller size.',
    'How much would a refill cost?',
    'The pump keeps leaking on my shelf.',
    'Great idea, I voted for it.',
    'We already do this at home.',
    'The label is hard to read.',
    'Who pays for the deposit?',
    'It would work better with a scoop.',
    'I tried the tablets and they dissolved fast.',
    'The queue at the station was long.',
    'Maybe sell it in packs of three.',
    'This is the same as the other idea.',
    'Thanks for answering so quickly.',
    'The box got wet in the bathroom.',
    'I prefer the metal caps.',
    'Nobody wants another app.',
    'Where can I find the nearest store?',
    'Lovely colours and a sturdy lid.',
    'It should be cheaper than bottles.',
    'The instructions were clear enough.',
    'My neighbour uses it every day.',
    'Add a picture of the dispenser.',
    'This would change how we shop.',
    'The strips leave no residue at all.',
  ],
  es: [
    'Me encantaría probarlo este verano.',
    'La habitación estaba muy limpia.',
    '¿Cuánto costaría la escapada?',
    'El desayuno podría ser más variado.',
    'Lo compraría sin pensarlo.',
    'La llave digital no funcionaba.',
    'Deberían poner más enchufes.',
    'Buena idea, ya la he votado.',
    'Nosotros siempre viajamos con el perro.',
    'El personal fue muy amable.',
    '¿Dónde está la parada del autobús?',
    'Esta propuesta ahorra mucha agua.',
    'Las toallas olían a humedad.',
    'Gracias por responder tan rápido.',
    'Sería genial tener bicis gratis.',
    'El check-in tardó casi una hora.',
    'Que pongan mapas en recepción.',
    'La terraza necesita más sombra.',
    'Es igual que la otra idea.',
    'Nos encantó la cena en la playa.',
    'Mejor con salida a las doce.',
    'La aplicación es muy lenta.',
    'Mis hijos se aburrieron bastante.',
    'Añadid una foto del huerto.',
    'Hace falta aparcamiento para bicis.',
    'Yo prefiero las botellas de cristal.',
    'El ruido de la calle no dejaba dormir.',
    'Con esto se gasta menos energía.',
    'Volveremos el año que viene.',
    'No hay transporte público cerca.',
  ],
  it: [
    'La comprerei subito per la schiscetta.',
    'Il sugo era troppo salato.',
    'Quanto costerebbe una confezione?',
    'Questa forma tiene bene il condimento.',
    'Mi piacerebbe una versione integrale.',
    'La pasta si è scotta in fretta.',
    'Dovreste scrivere i tempi di cottura.',
    'Bella idea, l’ho già votata.',
    'Noi mangiamo pasta ogni sera.',
    'Il pacco è arrivato rotto.',
    'Dove si trova il punto vendita?',
    'Questa proposta fa risparmiare tempo.',
    'I miei figli ne vanno matti.',
    'Grazie per aver risposto subito.',
    'Sarebbe comodo un sacchetto richiudibile.',
    'La ricetta è facile da seguire.',
    'Mettete le istruzioni sul retro.',
    'Il formato è troppo piccolo.',
    'È uguale all’altra idea.',
    'Ci è piaciuta molto la versione al limone.',
    'Meglio una confezione di carta.',
    'Il sito è molto lento oggi.',
    'Mio marito non la mangia.',
    'Aggiungete una foto del piatto.',
    'Serve una porzione più grande.',
    'Preferisco le conchiglie piccole.',
    'Non si trova nei supermercati della zona.',
    'Con questa pentola si consuma meno gas.',
    'La ricompreremo di sicuro.',
    'Sembra fatta apposta per il picnic.',
  ],
};

describe('detectLanguage', () => {
  for (const language of ['en', 'es', 'it'] as const) {
    it(`detects each of 30 short ${language} sentences, whatever the fallback`, async () => {
      // The fallback is always another language, so a fallen-back sentence shows as wrong.
      const other: ContentLanguage = language === 'en' ? 'es' : 'en';
      const found = await Promise.all(
        SHORT[language].map(async (text) => ({ text, got: await detectLanguageOf(text, other) })),
      );
      const wrong = found.filter(({ got }) => got.language !== language || !got.detected);
      expect(SHORT[language]).toHaveLength(30);
      expect(wrong).toEqual([]);
    });
  }

  it('falls back when a text is too short to tell', async () => {
    for (const text of ['Love it!', 'Idea', 'Perfecto', 'Grazie', 'Hotel', '👍', '', '   '])
      expect(await detectLanguageOf(text, 'it')).toEqual({ language: 'it', detected: false });
    expect(MIN_LETTERS).toBeGreaterThan(8);
  });

  it('falls back when the text is shared between Spanish and Italian', async () => {
    expect(await detectLanguage('La pasta al limone', 'es')).toBe('es');
    expect(await detectLanguage('La pasta al limone', 'it')).toBe('it');
  });

  it('falls back on text in none of the three languages or no letters at all', async () => {
    expect(await detectLanguage('1234 5678 9012 3456 7890', 'es')).toBe('es');
    expect(await detectLanguage('!!!??? ... --- *** ###', 'it')).toBe('it');
  });

  it('does not let code, links or mentions decide the language', async () => {
    const text = [
      '@jonathan_smith @refill_team',
      'Mi piace molto questa proposta per la pasta fredda.',
      '```js\nconst refill = new Station({ size: "large", open: true });\n```',
      'See https://example.com/the-english-article-about-refills-and-stations',
    ].join('\n\n');
    expect(await detectLanguage(text, 'en')).toBe('it');
  });

  it('reads the words of a Markdown text', () => {
    expect(
      plainText('# Title\n\n> quoted **bold** and _em_\n\n- one\n- [a link](https://x.y/z)'),
    ).toBe('Title quoted bold and em one a link');
    expect(plainText('Hi @ana.lopez, see `code` <b>here</b> www.example.com')).toBe(
      'Hi , see here',
    );
    expect(plainText('mail me at someone@example.com')).toBe('mail me at');
  });
});

describe('asContentLanguage', () => {
  it('accepts the three content languages only', () => {
    expect(asContentLanguage('es')).toBe('es');
    expect(asContentLanguage('fr')).toBeNull();
    expect(asContentLanguage(null)).toBeNull();
    expect(asContentLanguage(undefined)).toBeNull();
  });
});
