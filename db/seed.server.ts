// Demo data for a fresh install: three brands, challenges in every stage, ideas, votes and comments.
// Everything is written through the domain functions, so the event log holds what real use would
// write; afterwards the rows (never the events) are back-dated so the site looks lived-in.
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '#app/domain/core/actor';
import { addManager, createBrand } from '#app/domain/brands/commands.server';
import { brandSchema } from '#app/domain/brands/schema';
import { STAGES, changeStage, createChallenge } from '#app/domain/challenges/commands.server';
import { challengeSchema } from '#app/domain/challenges/schema';
import { addComment, deleteComment } from '#app/domain/comments/commands.server';
import { commentSchema } from '#app/domain/comments/schema';
import { ideaSchema } from '#app/domain/ideas/schema';
import { submitIdea, withdrawIdea } from '#app/domain/ideas/commands.server';
import { signUp } from '#app/domain/users/commands.server';
import { signUpSchema } from '#app/domain/users/schema';
import { castVote } from '#app/domain/votes/commands.server';
import { type VoteValue } from '#app/domain/votes/schema';
import type { Db } from './client.server';
import {
  brandMembers,
  brands,
  challenges,
  users,
  type ChallengeStage,
  type UserRole,
} from './schema';

/** One password for every demo account, printed at start-up. */
export const DEMO_PASSWORD = 'cocrea-demo-2026';

export const DEMO_LOGINS = [
  { role: 'prosumer', handle: 'demo_prosumer' },
  { role: 'brand owner', handle: 'demo_owner' },
  { role: 'moderator', handle: 'demo_moderator' },
  { role: 'admin', handle: 'demo_admin' },
] as const;

export type SeedResult = { password: string; logins: { role: string; handle: string }[] };

// ---------------------------------------------------------------------------------------------
// The content

type Lang = 'en' | 'es' | 'it';
type UserSeed = { handle: string; name: string; lang: Lang; bio: string; role?: UserRole };

const USERS: UserSeed[] = [
  {
    handle: 'demo_prosumer',
    name: 'Alex Morgan',
    lang: 'en',
    bio: 'Demo prosumer. Tries every refill scheme going and has strong opinions about laundry.',
  },
  {
    handle: 'demo_owner',
    name: 'Nora Lindqvist',
    lang: 'en',
    bio: 'Demo brand owner. Head of community at Verdana Home.',
  },
  {
    handle: 'demo_moderator',
    name: 'Sam Reyes',
    lang: 'en',
    role: 'moderator',
    bio: 'Demo moderator. Keeps the conversation kind and the spam out.',
  },
  {
    handle: 'demo_admin',
    name: 'Cocrea Admin',
    lang: 'en',
    role: 'admin',
    bio: 'Demo administrator.',
  },
  // Brand staff
  {
    handle: 'rachel_hughes',
    name: 'Rachel Hughes',
    lang: 'en',
    bio: 'Product developer at Verdana Home. Chemist by training.',
  },
  {
    handle: 'isabel_navarro',
    name: 'Isabel Navarro',
    lang: 'es',
    bio: 'Directora de experiencia de cliente en Hoteles Brisa.',
  },
  {
    handle: 'alvaro_prieto',
    name: 'Álvaro Prieto',
    lang: 'es',
    bio: 'Responsable de sostenibilidad, Hoteles Brisa.',
  },
  {
    handle: 'elena_marchetti',
    name: 'Elena Marchetti',
    lang: 'it',
    bio: 'Terza generazione al Pastificio Aurora. Marketing e nuovi formati.',
  },
  // Prosumers, English
  {
    handle: 'emma_walsh',
    name: 'Emma Walsh',
    lang: 'en',
    bio: 'Bristol. Allotment, bike, far too many jars.',
  },
  {
    handle: 'oliver_bennett',
    name: 'Oliver Bennett',
    lang: 'en',
    bio: 'Dad of two, part-time barista, full-time tinkerer.',
  },
  { handle: 'priya_shah', name: 'Priya Shah', lang: 'en', bio: 'UX researcher. I notice queues.' },
  {
    handle: 'noah_fischer',
    name: 'Noah Fischer',
    lang: 'en',
    bio: 'Berlin → Manchester. Cycling everywhere.',
  },
  {
    handle: 'hannah_okafor',
    name: 'Hannah Okafor',
    lang: 'en',
    bio: 'Nurse, home cook, zero-waste beginner.',
  },
  { handle: 'lena_kowalski', name: 'Lena Kowalski', lang: 'en', bio: 'Industrial design student.' },
  {
    handle: 'tom_adeyemi',
    name: 'Tom Adeyemi',
    lang: 'en',
    bio: 'Accountant. I read the price per 100 ml.',
  },
  // Prosumers, Spanish
  {
    handle: 'lucia_garcia',
    name: 'Lucía García',
    lang: 'es',
    bio: 'Valenciana. Viajo siempre que puedo y desayuno como si no hubiera mañana.',
  },
  {
    handle: 'javi_moreno',
    name: 'Javi Moreno',
    lang: 'es',
    bio: 'Comercial, medio año en hoteles. Sé lo que funciona y lo que no.',
  },
  {
    handle: 'carmen_ruiz',
    name: 'Carmen Ruiz',
    lang: 'es',
    bio: 'Arquitecta en Madrid. Fan de los arroces y de la bici.',
  },
  {
    handle: 'pablo_ortega',
    name: 'Pablo Ortega',
    lang: 'es',
    bio: 'Desarrollador y dueño de un beagle llamado Rufo.',
  },
  {
    handle: 'ana_torres',
    name: 'Ana Torres',
    lang: 'es',
    bio: 'Profesora. Los domingos son sagrados.',
  },
  {
    handle: 'diego_sanz',
    name: 'Diego Sanz',
    lang: 'es',
    bio: 'Teletrabajo desde donde haya buena wifi.',
  },
  // Prosumers, Italian
  {
    handle: 'marco_rossi',
    name: 'Marco Rossi',
    lang: 'it',
    bio: 'Napoletano a Torino. La pasta è una cosa seria.',
  },
  {
    handle: 'giulia_bianchi',
    name: 'Giulia Bianchi',
    lang: 'it',
    bio: 'Food blogger, viaggiatrice solitaria.',
  },
  {
    handle: 'luca_ferri',
    name: 'Luca Ferri',
    lang: 'it',
    bio: 'Studente fuori sede a Bologna. Cucino con poco.',
  },
  { handle: 'chiara_conti', name: 'Chiara Conti', lang: 'it', bio: 'Milano, ufficio, schiscetta.' },
  {
    handle: 'francesca_gallo',
    name: 'Francesca Gallo',
    lang: 'it',
    bio: 'Pugliese, mamma, ricette della nonna.',
  },
  {
    handle: 'matteo_ricci',
    name: 'Matteo Ricci',
    lang: 'it',
    bio: 'Cuoco di linea. A casa, una padella sola.',
  },
  // The one who spams; a moderator deletes the comment.
  { handle: 'deals_4u_uk', name: 'Deals 4 U', lang: 'en', bio: '' },
];

type BrandSeed = {
  key: string;
  owner: string;
  managers: string[];
  name: string;
  description: string;
  website: string;
};

const BRANDS: BrandSeed[] = [
  {
    key: 'verdana',
    owner: 'demo_owner',
    managers: ['rachel_hughes'],
    name: 'Verdana Home',
    description:
      'Plant-based cleaning and laundry products in refillable glass and aluminium, made in Bristol since 2014. We would rather you bought less packaging than more product.',
    website: 'https://verdana-home.example',
  },
  {
    key: 'brisa',
    owner: 'isabel_navarro',
    managers: ['alvaro_prieto'],
    name: 'Hoteles Brisa',
    description:
      'Hoteles de tres y cuatro estrellas junto al mar en Valencia, Alicante y Málaga. Familiares, cercanos y cada vez más sostenibles.',
    website: 'https://hotelesbrisa.example',
  },
  {
    key: 'aurora',
    owner: 'elena_marchetti',
    managers: [],
    name: 'Pastificio Aurora',
    description:
      'Pasta di semola trafilata al bronzo a Gragnano dal 1958. Grani italiani, essiccazione lenta, formati nati dalle idee di chi la cucina.',
    website: 'https://pastificioaurora.example',
  },
];

/** In a comment's `by`, the author of the idea it is on. */
const AUTHOR = 'author';

type ReplySeed = { by: string; text: string; deletedBy?: string };
type CommentSeed = ReplySeed & { replies?: ReplySeed[] };
type IdeaSeed = {
  key: string;
  by: string;
  title: string;
  body: string;
  tags: string;
  buildsOn?: string;
  /** 0–1: how many people are drawn to vote on it, and how few oppose it. */
  appeal: number;
  withdraw?: boolean;
  comments?: CommentSeed[];
};
type ChallengeSeed = {
  brand: string;
  stage: ChallengeStage;
  by: string;
  /** Who moves it to open, voting, review, awarded, archived (falls back to `by`). */
  movers?: string[];
  /** Opening, voting, review and award dates in days from today. */
  days: [number, number, number, number];
  language: Lang;
  title: string;
  brief: string;
  tags: string;
  rewardPoints: number;
  rewardDescription: string;
  criteria: string;
  maxIdeasPerUser: number;
  ideas: IdeaSeed[];
};

const lines = (...parts: string[]) => parts.join('\n');

// Oldest first, so the event log reads roughly in the order things would have happened.
const CHALLENGES: ChallengeSeed[] = [
  {
    brand: 'brisa',
    stage: 'archived',
    by: 'isabel_navarro',
    movers: [
      'isabel_navarro',
      'alvaro_prieto',
      'isabel_navarro',
      'isabel_navarro',
      'demo_moderator',
    ],
    days: [-84, -64, -54, -47],
    language: 'es',
    title: 'El check-in del futuro',
    brief: lines(
      'Llegas cansado después de un viaje largo y lo primero que encuentras es **una cola**. Queremos que el check-in deje de ser un trámite.',
      '',
      'Buscamos ideas que:',
      '',
      '1. reduzcan la espera a cero',
      '2. no dejen fuera a quien no quiere usar el móvil',
      '3. hagan que los primeros cinco minutos en el hotel sean los mejores de la estancia',
      '',
      'Las ideas finalistas se probarán en **Brisa Valencia Playa** durante la temporada de verano.',
    ),
    tags: 'check-in, tecnología, experiencia',
    rewardPoints: 1000,
    rewardDescription: '600 puntos para la idea ganadora y 400 repartidos entre las finalistas.',
    criteria: 'Originalidad: 30\nViabilidad: 30\nExperiencia del huésped: 40',
    maxIdeasPerUser: 3,
    ideas: [
      {
        key: 'llave-movil',
        by: 'pablo_ortega',
        appeal: 0.85,
        title: 'Check-in online y llave digital en el móvil',
        body: lines(
          'Rellenas tus datos en la web el día antes y al llegar vas directo a la habitación: **la llave está en el móvil** (NFC o un código QR en la puerta).',
          '',
          'Lo uso en otras cadenas y es una maravilla cuando llegas de madrugada. La recepción queda para lo que de verdad necesita una persona: recomendaciones, problemas, peticiones especiales.',
        ),
        tags: 'móvil, llaves, check-in',
        comments: [
          {
            by: 'carmen_ruiz',
            text: 'En Lisboa me pasó justo eso y fue genial. Eso sí, se me murió la batería del móvil a las 2 de la mañana 😅 Tiene que haber un plan B.',
            replies: [
              {
                by: AUTHOR,
                text: '@carmen_ruiz totalmente: una tarjeta de respaldo en recepción y listo.',
              },
            ],
          },
          {
            by: 'isabel_navarro',
            text: 'Gracias, Pablo. Estamos hablando con el proveedor de cerraduras para probarlo en una planta.',
          },
        ],
      },
      {
        key: 'sin-mostrador',
        by: 'carmen_ruiz',
        appeal: 0.5,
        title: 'Recepción sin mostrador: te reciben en el sofá',
        body: 'Quitar el mostrador. El recepcionista te recibe de pie, con una tablet, y te acompaña al sofá mientras termina. Parece una tontería pero cambia la sensación: pasas de *cliente en una ventanilla* a *invitado en una casa*.',
        tags: 'recepción, hospitalidad',
        comments: [
          {
            by: 'lucia_garcia',
            text: 'Me encanta. En los hoteles pequeños de Italia es así y te sientes en casa.',
          },
        ],
      },
      {
        key: 'consigna',
        by: 'diego_sanz',
        appeal: 0.45,
        title: 'Consigna automática para quien llega antes de hora',
        body: 'Si llegas a las 10 y la habitación está lista a las 15, lo que quieres es soltar la maleta e irte a la playa. Taquillas con un código que te llega por SMS, sin esperar a nadie.',
        tags: 'equipaje, consigna',
        comments: [
          {
            by: 'javi_moreno',
            text: '¿Y con maletas grandes? Las taquillas suelen ser pequeñísimas.',
            replies: [
              {
                by: AUTHOR,
                text: 'Pensaba en dos tamaños, como en los aeropuertos. Ahí funcionan bien.',
              },
            ],
          },
        ],
      },
      {
        key: 'horchata',
        by: 'ana_torres',
        appeal: 0.7,
        title: 'Un vaso de horchata al llegar, en lugar de un formulario',
        body: 'Los primeros cinco minutos marcan la estancia. Si lo primero que te dan es un papel para firmar, mal empezamos. Si te dan una horchata fresquita con fartons mientras alguien se ocupa del papeleo… ya estás de vacaciones.',
        tags: 'bienvenida, local, valencia',
        comments: [
          {
            by: 'marco_rossi',
            text: 'Da italiano: sì alla horchata! La prima volta che l’ho provata a Valencia è stato amore.',
          },
          { by: 'pablo_ortega', text: 'Esto más el check-in online = perfecto.' },
          {
            by: 'diego_sanz',
            text: '¿Y para quien no toma azúcar? Un agua con limón también vale.',
          },
        ],
      },
      {
        key: 'whatsapp',
        by: 'lucia_garcia',
        appeal: 0.55,
        title: 'Un WhatsApp el día antes con todo lo que necesitas saber',
        body: 'Hora de check-in, cómo llegar desde el aeropuerto en metro, dónde aparcar, la clave de la wifi. **Un solo mensaje**, el día antes, por el canal que ya usamos todos. Y que se pueda contestar con preguntas.',
        tags: 'comunicación, whatsapp',
        comments: [
          {
            by: 'ana_torres',
            text: 'Sí, pero que se pueda desactivar. No quiero otro grupo de WhatsApp en mi vida 😂',
            replies: [{ by: AUTHOR, text: '@ana_torres jaja, un solo mensaje y ya, prometido.' }],
          },
        ],
      },
      {
        key: 'parte-viajeros',
        by: 'javi_moreno',
        appeal: 0.4,
        title: 'Parte de viajeros prerrellenado escaneando el DNI',
        body: 'En España el hotel tiene que registrar a cada huésped y es lo que más tiempo lleva en recepción. Escaneas tu DNI o pasaporte con el móvil al reservar y el parte ya está hecho cuando llegas.',
        tags: 'trámites, documentación',
        comments: [
          {
            by: 'alvaro_prieto',
            text: 'Buena idea. Ojo con la protección de datos, pero hay proveedores homologados que ya lo hacen.',
          },
        ],
      },
      {
        key: 'kiosk',
        by: 'noah_fischer',
        appeal: 0.5,
        buildsOn: 'llave-movil',
        title: 'A self-service kiosk, with a human right next to it',
        body: 'Building on Pablo’s idea: not everyone has a phone that does NFC keys, and some of us just don’t want to install another app. A kiosk in the lobby that prints a key card, **with a member of staff standing beside it** to help, covers everyone.',
        tags: 'accessibility, kiosk',
        comments: [{ by: 'pablo_ortega', text: 'Good point, my parents would never use the app.' }],
      },
      {
        key: 'idiomas',
        by: 'marco_rossi',
        appeal: 0.3,
        title: 'Pantalla de bienvenida en el idioma del huésped',
        body: 'Mucha gente que viene a Valencia no habla ni español ni inglés. Si el hotel ya sabe mi idioma por la reserva, que todo el check-in (pantalla, mensajes, mapa) aparezca en italiano, francés o alemán. Es un detalle pequeño que te hace sentir bienvenido.',
        tags: 'idiomas',
      },
    ],
  },
  {
    brand: 'verdana',
    stage: 'awarded',
    by: 'demo_owner',
    movers: ['demo_owner', 'rachel_hughes', 'demo_owner', 'demo_owner'],
    days: [-62, -42, -32, -24],
    language: 'en',
    title: 'Packaging-free laundry: how would you make it work?',
    brief: lines(
      'Laundry is our best-selling range and our biggest source of plastic: **1.2 million bottles a year**.',
      '',
      'We want to sell laundry detergent with *no* packaging at all, or as close to none as we can get. Think about:',
      '',
      '1. the product itself (form, dose, scent)',
      '2. how it gets from our factory to your washing machine',
      '3. how you store it at home',
      '',
      'We will shortlist five ideas and award the top three. The winner will build a prototype with our product team.',
    ),
    tags: 'laundry, packaging, zero-waste',
    rewardPoints: 2000,
    rewardDescription:
      'Winner: 1,000 points and a prototype built with our product team. Runners-up: 600 and 400 points.',
    criteria: 'Originality: 40\nFeasibility: 30\nImpact: 30',
    maxIdeasPerUser: 2,
    ideas: [
      {
        key: 'sheets',
        by: 'hannah_okafor',
        appeal: 0.9,
        title: 'Laundry sheets in a compostable paper sleeve',
        body: lines(
          'Dry detergent sheets: one sheet, one wash. They are light, they don’t leak, and the dose is always right. No more glugging half the bottle in.',
          '',
          '**Why it works for Verdana:**',
          '',
          '- ships flat, so far less transport weight than liquid',
          '- the sleeve is paper and goes in the food-waste bin',
          '- fits through a letterbox for subscriptions',
          '',
          'I’ve used a no-name brand of these for a year and honestly never went back.',
        ),
        tags: 'sheets, dosing, compostable',
        comments: [
          {
            by: 'emma_walsh',
            text: 'Do they dissolve properly on a 30° wash? The ones I tried left bits on dark clothes.',
            replies: [
              {
                by: AUTHOR,
                text: '@emma_walsh mine do on 30, not on the 20° quick wash. Worth testing for sure.',
              },
              {
                by: 'rachel_hughes',
                text: 'We are testing exactly that in the lab this month. Thanks both!',
              },
            ],
          },
          {
            by: 'tom_adeyemi',
            text: 'This gets my vote. Light enough to carry home on the bike, too.',
          },
        ],
      },
      {
        key: 'letterbox',
        by: 'oliver_bennett',
        appeal: 0.6,
        title: 'Letterbox subscription for laundry pods',
        body: 'A monthly box that fits through the letterbox: no trips to the shop, no bottles, no waiting in for a courier. You say how many washes you do a week and it adjusts.',
        tags: 'subscription, delivery',
        comments: [
          {
            by: 'lena_kowalski',
            text: 'I’d want to be able to pause it easily. Nothing worse than a subscription you can’t stop.',
            replies: [
              { by: AUTHOR, text: 'Agreed: pause or skip in one click, or it’s a non-starter.' },
            ],
          },
        ],
      },
      {
        key: 'bar',
        by: 'emma_walsh',
        appeal: 0.35,
        title: 'A solid laundry bar you grate into the drum',
        body: 'Like a shampoo bar, but for clothes. A block of concentrated soap that you grate, or buy ready-flaked. My gran did this with a bar of Sunlight for fifty years!',
        tags: 'solid, traditional',
        comments: [
          {
            by: 'noah_fischer',
            text: 'Grating soap every wash sounds like a lot of effort though…',
          },
        ],
      },
      {
        key: 'powder-jar',
        by: 'lena_kowalski',
        appeal: 0.4,
        title: 'Bring-your-own-jar powder at the refill stations',
        body: 'Powder is much easier to refill than liquid: no drips, no sticky nozzles, and any clean jar will do. It also keeps for months without preservatives.',
        tags: 'refill, powder',
      },
      {
        key: 'scoop',
        by: 'noah_fischer',
        appeal: 0.45,
        buildsOn: 'powder-jar',
        title: 'A wooden scoop that doubles as the jar lid',
        body: 'Building on Lena’s powder idea: the hard part with powder is measuring. Sell a beech lid with a scoop hanging underneath: **one scoop = one wash**. It lives in the jar, so it never gets lost.',
        tags: 'dosing, design',
        comments: [
          {
            by: 'hannah_okafor',
            text: 'Cute! And it answers the “how much do I use?” question that puts people off powder.',
          },
        ],
      },
      {
        key: 'soap-nuts',
        by: 'demo_prosumer',
        appeal: 0.3,
        title: 'Soap nuts in a washable cotton pouch',
        body: 'Soap nuts are the shells of a berry that release a natural soap in water. Five in a cotton pouch do about four washes, then they go in the compost. Verdana could sell them pre-portioned with a nice pouch and **proper instructions**: most people give up because nobody explains how to use them.',
        tags: 'natural, compostable',
        comments: [
          {
            by: 'priya_shah',
            text: 'I tried these. Fine for lightly worn stuff, not for kids’ football kit 😅',
            replies: [
              {
                by: AUTHOR,
                text: '@priya_shah fair! Maybe pair them with a stain stick for the bad stuff.',
              },
            ],
          },
        ],
      },
      {
        key: 'half-sheets',
        by: 'tom_adeyemi',
        appeal: 0.55,
        buildsOn: 'sheets',
        title: 'Perforated half-sheets for soft water and small loads',
        body: 'Adding to Hannah’s sheets: in soft-water areas you need less detergent. A perforation down the middle lets you tear off half a sheet for light loads. **Less waste, same pack.**',
        tags: 'sheets, dosing',
        comments: [
          { by: 'hannah_okafor', text: 'Love this, I hadn’t thought about water hardness at all.' },
        ],
      },
      {
        key: 'return-box',
        by: 'priya_shah',
        appeal: 0.35,
        buildsOn: 'letterbox',
        title: 'Send last month’s box back with the next delivery',
        body: 'For Oliver’s subscription: design the box so it folds into an envelope for the *previous* month’s box, and the courier takes it back. Nothing left for your recycling bin.',
        tags: 'subscription, reuse',
      },
      {
        key: 'tin',
        by: 'carmen_ruiz',
        appeal: 0.3,
        title: 'Detergent tablets in a refillable tin',
        body: 'In Spain some brands already sell dishwasher tablets in a metal tin with refills in a paper bag. The same for laundry: you buy the tin once, and the refills come in paper.',
        tags: 'tablets, refill',
        comments: [
          {
            by: 'oliver_bennett',
            text: 'Tins look good on a shelf too. People keep them out instead of hiding them under the sink.',
          },
        ],
      },
    ],
  },
  {
    brand: 'aurora',
    stage: 'review',
    by: 'elena_marchetti',
    days: [-45, -25, -11, 4],
    language: 'it',
    title: 'Il formato di pasta per l’estate',
    brief: lines(
      'D’estate vendiamo **il 30% di pasta in meno**. Fa caldo, si accende poco il fornello, si mangia fuori. Eppure l’insalata di pasta resta un classico.',
      '',
      'Cerchiamo un **nuovo formato**, o un nuovo modo di usare la pasta, pensato per l’estate:',
      '',
      '- che tenga bene il condimento anche freddo',
      '- che cuocia in fretta',
      '- che si possa portare in spiaggia o in ufficio',
      '',
      'Siamo un pastificio artigianale: le trafile si possono disegnare, ma ogni formato nuovo richiede mesi di prove. Siate creativi, ma con i piedi per terra.',
    ),
    tags: 'pasta, estate, nuovo-formato',
    rewardPoints: 1500,
    rewardDescription:
      'Al vincitore 800 punti, un anno di pasta e il suo nome sulla confezione del nuovo formato. Al secondo e al terzo 400 e 300 punti.',
    criteria: 'Originalità: 40\nGusto e versatilità: 35\nProducibilità: 25',
    maxIdeasPerUser: 2,
    ideas: [
      {
        key: 'conchiglie',
        by: 'marco_rossi',
        appeal: 0.85,
        title: 'Conchiglie piccole con la rigatura interna',
        body: lines(
          'Una conchiglia piccola, tipo le conchigliette da insalata, ma con la **rigatura all’interno**. Olio, pomodorini e pezzetti di mozzarella restano dentro la conchiglia anche quando la pasta è fredda.',
          '',
          'Chi ha fatto un’insalata di pasta conosce il problema: dopo un’ora il condimento è tutto sul fondo della ciotola.',
        ),
        tags: 'formato, insalata-di-pasta',
        comments: [
          {
            by: 'giulia_bianchi',
            text: 'Bellissima idea. Ma si può fare con la trafila al bronzo?',
            replies: [
              {
                by: 'elena_marchetti',
                text: '@giulia_bianchi ci stiamo lavorando: la rigatura interna è difficile ma non impossibile. Ne parliamo al prossimo aggiornamento!',
              },
            ],
          },
          { by: 'luca_ferri', text: 'Il problema del condimento sul fondo è realissimo. Votata.' },
        ],
      },
      {
        key: 'rapida',
        by: 'giulia_bianchi',
        appeal: 0.55,
        title: 'Pasta a cottura rapida: 4 minuti',
        body: 'D’estate tenere il fornello acceso per 12 minuti è una tortura. Un formato sottile, trafilato al bronzo, che cuoce in **4 minuti** senza perdere consistenza.',
        tags: 'cottura-rapida',
        comments: [
          {
            by: 'matteo_ricci',
            text: 'Attenzione però: più sottile vuol dire più facile da scuocere. Serve una semola molto buona.',
            replies: [
              {
                by: AUTHOR,
                text: 'Vero, per questo pensavo a uno spessore medio ma forato, tipo bucatini corti.',
              },
            ],
          },
        ],
      },
      {
        key: 'kit',
        by: 'luca_ferri',
        appeal: 0.45,
        title: 'Kit “pasta fredda” con il condimento in vasetto',
        body: 'Pasta, un vasetto di condimento (pomodori secchi, capperi, olive) e la ricetta, tutto in una scatola. Un regalo perfetto e una vendita in più per il pastificio.',
        tags: 'kit, regalo',
        comments: [{ by: 'chiara_conti', text: 'Bello, ma in vetro pesa tantissimo da spedire.' }],
      },
      {
        key: 'schiscetta',
        by: 'chiara_conti',
        appeal: 0.6,
        title: 'Una spirale corta per la schiscetta',
        body: 'A Milano il pranzo in ufficio si chiama *schiscetta*. Un formato a spirale corto e compatto, che non si rompe nel contenitore e si mangia con la forchetta senza fare disastri sulla tastiera.',
        tags: 'ufficio, lunchbox',
        comments: [{ by: 'francesca_gallo', text: 'Ahah, la tastiera! Questa la voto subito.' }],
      },
      {
        key: 'limone',
        by: 'francesca_gallo',
        appeal: 0.5,
        title: 'Pasta al limone della costiera',
        body: 'Un impasto con la scorza dei limoni della costiera amalfitana. Basta un filo d’olio e qualche foglia di menta: niente sugo, niente fornello acceso per il condimento.',
        tags: 'gusto, limone',
        comments: [
          {
            by: 'marco_rossi',
            text: 'La pasta aromatizzata mi lascia sempre un po’ perplesso, ma al limone potrebbe funzionare.',
            replies: [{ by: AUTHOR, text: '@marco_rossi assaggiala prima di giudicare 😉' }],
          },
        ],
      },
      {
        key: 'ricette',
        by: 'matteo_ricci',
        appeal: 0.3,
        title: 'Ricette estive stampate dentro la confezione',
        body: 'Apri il pacco e sull’interno del cartone trovi tre ricette estive. Niente QR code, niente app: carta, da ritagliare e attaccare al frigo.',
        tags: 'ricette, confezione',
      },
      {
        key: 'onda',
        by: 'luca_ferri',
        appeal: 0.4,
        title: 'Il formato “onda”, ispirato alla costiera',
        body: 'Un formato mosso come un’onda: **bello da vedere**, perché d’estate si mangia anche con gli occhi, e con tante superfici per trattenere il condimento.',
        tags: 'formato, design',
        comments: [
          {
            by: 'giulia_bianchi',
            text: 'Somiglia un po’ alle mafalde corte, no?',
            replies: [{ by: AUTHOR, text: 'Un po’, ma più corto e con le onde su un solo lato.' }],
          },
        ],
      },
      {
        key: 'raffreddare',
        by: 'giulia_bianchi',
        appeal: 0.35,
        buildsOn: 'rapida',
        title: 'Istruzioni per raffreddare la pasta senza scuocerla',
        body: lines(
          'Aggiungo alla mia idea della cottura rapida: sulla confezione, tre righe su come raffreddarla.',
          '',
          '1. scolare **un minuto prima**',
          '2. allargarla su un vassoio con un filo d’olio',
          '3. mai sotto l’acqua fredda!',
          '',
          'Sembra banale, ma la maggior parte delle insalate di pasta è scotta proprio per questo.',
        ),
        tags: 'istruzioni, insalata-di-pasta',
        comments: [{ by: 'chiara_conti', text: 'Il punto 3 dovrebbe essere legge 😂' }],
      },
      {
        key: 'picnic',
        by: 'priya_shah',
        appeal: 0.3,
        title: 'Picnic-size packs of the new shape',
        body: 'A 250 g pack makes a pasta salad for four, which is exactly a picnic. Smaller packs also let people try a new shape without committing to a whole kilo.',
        tags: 'packaging, picnic',
        comments: [
          {
            by: 'elena_marchetti',
            text: 'Thank you Priya, good point about trial sizes. Noted for the launch.',
          },
        ],
      },
    ],
  },
  {
    brand: 'brisa',
    stage: 'voting',
    by: 'alvaro_prieto',
    movers: ['alvaro_prieto', 'isabel_navarro'],
    days: [-34, -9, 5, 14],
    language: 'es',
    title: 'Ideas para un hotel más sostenible en Valencia',
    brief: lines(
      'Nuestro hotel de la playa de la Malvarrosa recibe unos **45.000 huéspedes al año**. Queremos reducir a la mitad el agua, la energía y los residuos por estancia antes de 2028, sin que la experiencia pierda nada.',
      '',
      '¿Qué cambiarías tú? Nos interesan especialmente:',
      '',
      '- el desayuno (ahora mismo tiramos demasiada comida)',
      '- toallas, sábanas y amenities',
      '- cómo llegan los huéspedes y cómo se mueven por la ciudad',
      '',
      'Las mejores ideas las probaremos este verano en Brisa Valencia Playa.',
    ),
    tags: 'sostenibilidad, hoteles, valencia',
    rewardPoints: 1200,
    rewardDescription:
      '1.er premio: 600 puntos y dos noches para dos personas en Brisa Valencia Playa. 2.º: 400 puntos. 3.º: 200 puntos.',
    criteria: 'Originalidad: 30\nViabilidad: 40\nImpacto: 30',
    maxIdeasPerUser: 3,
    ideas: [
      {
        key: 'desayuno',
        by: 'lucia_garcia',
        appeal: 0.8,
        title: 'Desayuno con platos pequeños y cocina a la vista',
        body: lines(
          'El bufé libre obliga a llenar bandejas enormes que a las 11 acaban en la basura. Propongo:',
          '',
          '- **raciones pequeñas** que se reponen a menudo',
          '- una estación donde el cocinero prepara huevos y tostadas al momento',
          '- un cartel con lo que se tiró la semana anterior (¡transparencia!)',
          '',
          'Menos desperdicio y más sensación de hotel hecho con cariño.',
        ),
        tags: 'desayuno, desperdicio',
        comments: [
          {
            by: 'ana_torres',
            text: 'Lo del cartel con lo que se tira me parece valiente. Me gusta.',
          },
          {
            by: 'isabel_navarro',
            text: 'Ahora mismo tiramos unos 30 kg diarios en desayunos. Esta idea nos interesa mucho.',
            replies: [
              { by: AUTHOR, text: '@isabel_navarro ¡no me imaginaba tanto! Ojalá se pruebe.' },
            ],
          },
        ],
      },
      {
        key: 'credito-bar',
        by: 'javi_moreno',
        appeal: 0.7,
        title: 'Crédito en el bar por no pedir limpieza de habitación',
        body: 'Todos los hoteles ponen el cartelito de «salva el planeta, reutiliza tu toalla» y nadie se lo cree. Mejor algo concreto: **5 € de crédito en el bar** por cada día que no pidas limpieza. Se entiende y se nota.',
        tags: 'toallas, incentivos',
        comments: [
          { by: 'diego_sanz', text: 'Funciona, lo he visto en hoteles de Alemania.' },
          {
            by: 'carmen_ruiz',
            text: '¿5 € no es poco? Igual «una caña gratis» suena mejor que 5 €.',
            replies: [{ by: AUTHOR, text: '@carmen_ruiz jaja, vale, un vermut gratis 😄' }],
          },
        ],
      },
      {
        key: 'bicis',
        by: 'carmen_ruiz',
        appeal: 0.55,
        title: 'Bicis del hotel y rutas por el jardín del Turia',
        body: 'Valencia es plana y tiene el antiguo cauce del Turia: 9 km de parque que cruzan la ciudad. Bicis gratis para los huéspedes y un mapa con tres rutas (playa, Ciudad de las Artes, casco antiguo). Menos taxis y huéspedes encantados.',
        tags: 'movilidad, bicicletas',
        comments: [
          {
            by: 'emma_walsh',
            text: 'Did exactly this on holiday last year. Best afternoon of the trip!',
          },
        ],
      },
      {
        key: 'dispensadores',
        by: 'pablo_ortega',
        appeal: 0.4,
        title: 'Dispensadores con jabón de una empresa local',
        body: 'Adiós a los botecitos. Dispensadores rellenables en la ducha, con gel y champú hechos en la Comunitat Valenciana. De paso, se puede vender el producto en recepción.',
        tags: 'amenities, residuos, local',
        comments: [
          { by: 'lucia_garcia', text: 'Sí, pero que sean bonitos, no como los del gimnasio 🙏' },
        ],
      },
      {
        key: 'fuentes',
        by: 'ana_torres',
        appeal: 0.5,
        title: 'Fuentes de agua filtrada en cada planta',
        body: 'Una fuente de agua fría filtrada en cada planta y una botella reutilizable de regalo al llegar. Adiós a las botellitas de plástico del minibar.',
        tags: 'agua, plástico',
      },
      {
        key: 'comedor-social',
        by: 'diego_sanz',
        appeal: 0.6,
        buildsOn: 'desayuno',
        title: 'Las sobras del desayuno, para un comedor social',
        body: 'Sumando a la idea de Lucía: lo que no se consume y está en buen estado, que se done cada día a un comedor social del barrio. Ya hay aplicaciones que conectan hoteles con ONG.',
        tags: 'desayuno, comunidad',
        comments: [
          { by: 'javi_moreno', text: 'Esto debería ser obligatorio en todos los hoteles.' },
        ],
      },
      {
        key: 'reloj-arena',
        by: 'lucia_garcia',
        appeal: 0.3,
        title: 'Un reloj de arena de cinco minutos en la ducha',
        body: 'Un reloj de arena bonito en la ducha. No es una norma, es un recordatorio amable. Y un buen tema de conversación en el desayuno.',
        tags: 'agua',
        comments: [
          { by: 'pablo_ortega', text: 'De vacaciones me ducho más de cinco minutos, lo siento 😂' },
          {
            by: 'oliver_bennett',
            text: 'Sorry, meant to post this on the bike idea.',
            deletedBy: 'oliver_bennett',
          },
        ],
      },
      {
        key: 'energia-tv',
        by: 'emma_walsh',
        appeal: 0.35,
        title: 'Show each room’s energy use on the TV',
        body: 'When you switch on the TV, a small panel shows how much energy and water your room used yesterday compared with the hotel average. People love beating an average, and nobody gets lectured.',
        tags: 'energy, data',
        comments: [
          {
            by: 'alvaro_prieto',
            text: 'Interesting. We already meter each floor, not each room yet. We’ll look into it.',
          },
        ],
      },
      {
        key: 'credito-verde',
        by: 'javi_moreno',
        appeal: 0.45,
        buildsOn: 'credito-bar',
        title: 'Crédito verde acumulable para la próxima estancia',
        body: 'Una vuelta a mi idea: si no te lo gastas en el bar, que se acumule como descuento para tu próxima reserva directa. Así el hotel además gana fidelidad.',
        tags: 'incentivos, fidelización',
      },
    ],
  },
  {
    brand: 'aurora',
    stage: 'voting',
    by: 'elena_marchetti',
    days: [-28, -6, 8, 18],
    language: 'it',
    title: 'Cena in 15 minuti: la pasta per chi torna tardi',
    brief: lines(
      'Torni a casa alle 20:30, hai fame e nel frigo c’è poco. **Quindici minuti**, acqua compresa.',
      '',
      'Raccontaci la tua ricetta, o la tua idea, per una cena di pasta veloce ma vera:',
      '',
      '- al massimo **5 ingredienti** oltre a pasta, olio e sale',
      '- niente sughi pronti',
      '- se hai un trucco per risparmiare tempo, scrivilo!',
      '',
      'Le ricette più votate diventeranno una serie di video con il nostro pastaio.',
    ),
    tags: 'ricette, veloce, cena',
    rewardPoints: 1000,
    rewardDescription:
      '500 punti al primo classificato e la ricetta pubblicata sul nostro sito; 300 e 200 punti al secondo e al terzo.',
    criteria: 'Gusto: 40\nVelocità: 40\nOriginalità: 20',
    maxIdeasPerUser: 3,
    ideas: [
      {
        key: 'aglio-limone',
        by: 'chiara_conti',
        appeal: 0.75,
        title: 'Spaghetti aglio, olio, limone e pangrattato',
        body: lines(
          '**Ingredienti per 2:** 180 g di spaghetti, 2 spicchi d’aglio, 1 limone, 3 cucchiai di pangrattato, prezzemolo.',
          '',
          '1. Mentre l’acqua bolle, tosta il pangrattato in padella con un filo d’olio.',
          '2. Toglilo e nella stessa padella fai soffriggere l’aglio.',
          '3. Scola la pasta al dente e saltala con l’aglio, la scorza e il succo del limone.',
          '4. Il pangrattato va sopra all’ultimo, così resta croccante.',
          '',
          'Tempo totale: 13 minuti.',
        ),
        tags: 'ricetta, limone',
        comments: [
          {
            by: 'marco_rossi',
            text: 'Il pangrattato tostato è il parmigiano dei poveri, e a volte è meglio del parmigiano.',
          },
          {
            by: 'hannah_okafor',
            text: 'Made this tonight and it’s brilliant. Thank you!',
            replies: [{ by: AUTHOR, text: '@hannah_okafor che bello! Grazie a te 😊' }],
          },
        ],
      },
      {
        key: 'risottata',
        by: 'matteo_ricci',
        appeal: 0.7,
        title: 'Pasta risottata: tutto in una padella',
        body: 'Niente pentolone: la pasta cuoce direttamente in padella, aggiungendo acqua calda un po’ alla volta come per un risotto. L’amido resta nel sugo e viene cremosissima. **Una sola padella da lavare.**',
        tags: 'trucco, risottata',
        comments: [
          {
            by: 'luca_ferri',
            text: 'Funziona benissimo con i formati corti, meno con gli spaghetti.',
            replies: [{ by: AUTHOR, text: 'Sì, meglio mezze maniche o ditalini.' }],
          },
        ],
      },
      {
        key: 'tonno-capperi',
        by: 'francesca_gallo',
        appeal: 0.45,
        title: 'Mezze maniche con tonno, capperi e pomodorini',
        body: 'Cinque ingredienti dalla dispensa: tonno sott’olio, capperi, pomodorini, olive e origano. Il sugo è pronto nel tempo di cottura della pasta.',
        tags: 'ricetta, dispensa',
      },
      {
        key: 'cacio-pepe',
        by: 'marco_rossi',
        appeal: 0.6,
        title: 'Cacio e pepe in 10 minuti, senza grumi',
        body: 'Il segreto è fare la crema di pecorino in una ciotola con poca acqua di cottura **tiepida**, non bollente, e mantecare fuori dal fuoco. Niente grumi, garantito.',
        tags: 'ricetta, classico',
        comments: [
          {
            by: 'giulia_bianchi',
            text: 'Finalmente qualcuno che lo spiega bene! Io facevo sempre la colla.',
          },
          { by: 'chiara_conti', text: 'Pepe tostato in padella prima: fa tutta la differenza.' },
        ],
      },
      {
        key: 'bollitore',
        by: 'luca_ferri',
        appeal: 0.35,
        title: 'Il bollitore elettrico per l’acqua della pasta',
        body: 'Trucco da studente fuori sede: scaldi l’acqua col bollitore e la versi nella pentola già calda. Risparmi 4-5 minuti e un po’ di gas.',
        tags: 'trucco',
        comments: [
          { by: 'matteo_ricci', text: 'Gli inglesi lo fanno da sempre, ha senso.' },
          { by: 'elena_marchetti', text: 'Lo proviamo nel video, promesso!' },
        ],
      },
      {
        key: 'pesto-cubes',
        by: 'hannah_okafor',
        appeal: 0.4,
        title: 'Sunday pesto, frozen in ice-cube trays',
        body: 'On Sunday I make a big batch of pesto and freeze it in an ice-cube tray. On a weeknight, two cubes go into the hot drained pasta and dinner is done. Works with any pesto: basil, rocket, even kale.',
        tags: 'meal-prep, pesto',
        comments: [
          { by: 'francesca_gallo', text: 'Geniale, lo faccio anch’io con il pesto della nonna!' },
        ],
      },
      {
        key: 'orecchiette',
        by: 'giulia_bianchi',
        appeal: 0.4,
        title: 'Orecchiette e cime di rapa surgelate',
        body: 'Le cime di rapa surgelate cuociono insieme alle orecchiette, nella stessa acqua. Poi aglio, peperoncino e un’acciuga. Dieci minuti e sembra domenica.',
        tags: 'ricetta, verdure',
      },
      {
        key: 'zucchine',
        by: 'chiara_conti',
        appeal: 0.5,
        buildsOn: 'risottata',
        title: 'Risottata di zucchine e menta',
        body: 'Partendo dall’idea di Matteo: zucchine a cubetti in padella, poi la pasta e l’acqua calda poco alla volta. Alla fine menta e scorza di limone. Cremosa senza panna.',
        tags: 'ricetta, verdure, risottata',
        comments: [{ by: 'matteo_ricci', text: 'Questa la provo stasera!' }],
      },
    ],
  },
  {
    brand: 'verdana',
    stage: 'open',
    by: 'rachel_hughes',
    days: [-13, 9, 19, 28],
    language: 'en',
    title: 'Refill stations people actually use',
    brief: lines(
      'We put refill stations for washing-up liquid and laundry gel in 40 shops last year. People love the idea, and then walk straight past them: only **6%** of shoppers who say they would refill actually do.',
      '',
      'Help us close that gap. We are looking for ideas that make refilling the *easy* choice:',
      '',
      '- what stops you refilling today (forgetting the bottle, queues, mess, price)?',
      '- how a station could fit into a normal shopping trip',
      '- what would make you come back the second and the third time',
      '',
      '**Not in scope:** home delivery (we are running a separate pilot).',
      '',
      'Shortlisted ideas will be tested in two Bristol shops in the spring.',
    ),
    tags: 'refill, retail, packaging, habits',
    rewardPoints: 1500,
    rewardDescription:
      '1st: 800 points and a year of free refills. 2nd: 450 points. 3rd: 250 points.',
    criteria: 'Originality: 30\nFeasibility: 40\nImpact: 30',
    maxIdeasPerUser: 3,
    ideas: [
      {
        key: 'deposit',
        by: 'emma_walsh',
        appeal: 0.7,
        title: 'Bottle deposit at the till, returned on your next visit',
        body: 'Most of us forget the empty bottle at home. What if you paid a **£1 deposit** on a full Verdana bottle and handed the empty back at *any* till next time? The shop sends the empties back to be cleaned and refilled in bulk. No station, no queue, no mess.',
        tags: 'deposit, convenience',
        comments: [
          {
            by: 'demo_owner',
            text: 'We looked at this for glass: the washing logistics are the tricky part, but it’s a really interesting angle.',
            replies: [
              {
                by: AUTHOR,
                text: '@demo_owner could the lorries that deliver the full bottles take the empties back?',
              },
            ],
          },
          {
            by: 'noah_fischer',
            text: 'Germany does this with beer bottles and it works brilliantly.',
          },
        ],
      },
      {
        key: 'receipt',
        by: 'demo_prosumer',
        appeal: 0.55,
        title: 'A refill reminder printed on the receipt',
        body: lines(
          'Simple and cheap:',
          '',
          '- when you buy a bottle, the receipt says **“Your refill is due around 14 March. Bring this bottle back!”**',
          '- the date is estimated from the size (500 ml of washing-up liquid lasts about five weeks for two people)',
          '- an optional text message, only if you opt in at the station',
          '',
          'No app needed. Works for my mum, works for everyone.',
        ),
        tags: 'reminders, receipts',
        comments: [
          { by: 'priya_shah', text: 'Yes! Forgetting is 90% of the problem for me.' },
          {
            by: 'lena_kowalski',
            text: 'Text reminders only if they are truly opt-in, please.',
            replies: [{ by: AUTHOR, text: '@lena_kowalski absolutely, off by default.' }],
          },
        ],
      },
      {
        key: 'weigh',
        by: 'priya_shah',
        appeal: 0.6,
        title: 'Weigh, label and price at the station itself',
        body: 'The worst bit comes after filling: finding a label, weighing, then a cashier who doesn’t know how to scan it. **Put the scale and the label printer on the station**, so the barcode already carries the price. At the till it’s one scan, like any other product.',
        tags: 'checkout, ux',
        comments: [
          {
            by: 'tom_adeyemi',
            text: 'The cashier confusion is so real. Last time it took three members of staff.',
          },
        ],
      },
      {
        key: 'stamp',
        by: 'oliver_bennett',
        appeal: 0.5,
        title: 'Fifth refill free: a stamp strip on the bottle',
        body: 'Coffee shops figured this out decades ago. A punch strip printed on the bottle’s label: every refill gets a punch and the fifth one is free. It rewards exactly the habit you want, which is coming back.',
        tags: 'loyalty',
        comments: [
          { by: 'emma_walsh', text: 'A stamp on the bottle itself is clever: no card to lose.' },
          {
            by: 'deals_4u_uk',
            text: 'GET 70% OFF ALL CLEANING BRANDS!!! Best prices at cheap-clean-deals dot com, use code SAVE70',
            deletedBy: 'demo_moderator',
          },
        ],
      },
      {
        key: 'checkout',
        by: 'noah_fischer',
        appeal: 0.45,
        title: 'Put the station by the checkout, not in aisle 9',
        body: 'In my local shop the station is hidden between the pet food and the bin bags. If I saw it while queueing, I’d remember my bottle next time. Staff can keep an eye on spills there too.',
        tags: 'placement, retail',
        comments: [
          {
            by: 'rachel_hughes',
            text: 'Fair point. Placement was decided shop by shop in the pilot, so we can compare the numbers.',
          },
        ],
      },
      {
        key: 'nozzle',
        by: 'hannah_okafor',
        appeal: 0.35,
        title: 'Drip-free nozzles and a wipe dispenser',
        body: 'I tried once and got laundry gel all over my sleeve and the floor. Nobody wants to smell of lavender for the rest of their shop. A self-closing nozzle and paper wipes right there would remove the “it’s messy” excuse.',
        tags: 'design, cleanliness',
      },
      {
        key: 'pouch',
        by: 'lena_kowalski',
        appeal: 0.4,
        buildsOn: 'deposit',
        title: 'A pocket-size pouch for people who walk or cycle',
        body: 'Building on Emma’s deposit idea: a glass bottle is heavy if you cycle. Sell a tough, collapsible pouch that folds into a coat pocket and clicks onto the nozzle. Deposit bottles for drivers, pouches for the rest of us.',
        tags: 'design, cycling',
        comments: [
          {
            by: 'oliver_bennett',
            text: 'Would it stay clean though? Washing a pouch sounds annoying.',
            replies: [
              {
                by: AUTHOR,
                text: 'A wide opening so it can go in the dishwasher. That’s the key.',
              },
            ],
          },
        ],
      },
      {
        key: 'price',
        by: 'tom_adeyemi',
        appeal: 0.55,
        title: 'Show the saving in pounds, not in plastic',
        body: 'Everyone already knows refills are greener. What I don’t know is whether they are **cheaper**. Put up a big sign: *Refill £2.10 · New bottle £3.40*. Saving money is a weekly motivator; saving plastic is a yearly one.',
        tags: 'pricing, communication',
        comments: [
          {
            by: 'demo_prosumer',
            text: 'This. I assumed refills cost more until I actually checked.',
          },
          { by: 'hannah_okafor', text: 'Price per wash would be even clearer.' },
        ],
      },
      {
        key: 'kids',
        by: 'demo_prosumer',
        appeal: 0.3,
        title: 'Let kids run the refill station on Saturday mornings',
        body: 'Kids love pressing buttons. One Saturday morning a month, a member of staff helps children fill the family’s bottle and they get a sticker. Parents build the habit without noticing.',
        tags: 'families, community',
        comments: [
          { by: 'noah_fischer', text: 'My two would fight over who gets to press the button 😄' },
        ],
      },
      {
        key: 'qr',
        by: 'priya_shah',
        appeal: 0.4,
        buildsOn: 'receipt',
        title: 'A QR code that counts each bottle’s refills',
        body: 'Adding to the receipt reminder: a tiny QR code on each bottle. Scan it at the station and it says *“This bottle has been refilled 7 times: 7 plastic bottles saved”*. Small, visible progress.',
        tags: 'data, motivation',
      },
      {
        key: 'cheaper',
        by: 'oliver_bennett',
        appeal: 0,
        withdraw: true,
        title: 'Refills should simply be cheaper than new bottles',
        body: 'Make the refill price clearly lower than a new bottle, so the choice is obvious at the shelf.',
        tags: 'pricing',
        comments: [
          {
            by: 'priya_shah',
            text: 'Isn’t this the same as Tom’s idea?',
            replies: [
              { by: AUTHOR, text: 'You’re right, withdrawing mine. Go and vote for Tom’s!' },
            ],
          },
        ],
      },
    ],
  },
  {
    brand: 'brisa',
    stage: 'open',
    by: 'isabel_navarro',
    days: [-6, 15, 25, 35],
    language: 'es',
    title: 'Tu escapada perfecta de fin de semana en la costa',
    brief: lines(
      'Viernes por la tarde. Sales del trabajo y en tres horas estás en la costa. ¿Qué tendría que pasar para que el lunes vuelvas diciendo *«tenemos que repetir»*?',
      '',
      'Queremos diseñar paquetes de fin de semana **con vosotros**, no para vosotros. Cuéntanos:',
      '',
      '- qué incluirías (y qué sobra en los paquetes de siempre)',
      '- para quién es: parejas, familias, amigos, gente que viaja sola',
      '- qué te haría reservar directamente con nosotros',
      '',
      'Los tres paquetes más votados se venderán en nuestra web esta primavera.',
    ),
    tags: 'escapadas, experiencias, fin-de-semana',
    rewardPoints: 800,
    rewardDescription:
      'La idea ganadora recibe 400 puntos y un fin de semana para dos con la escapada que haya diseñado.',
    criteria: 'Originalidad: 50\nViabilidad: 25\nAtractivo: 25',
    maxIdeasPerUser: 2,
    ideas: [
      {
        key: 'checkout-tarde',
        by: 'ana_torres',
        appeal: 0.8,
        title: 'Check-out a las 18:00 los domingos',
        body: 'Lo que arruina un fin de semana es dejar la habitación a las 11 del domingo y pasarte el día arrastrando la maleta. **Check-out a las 18:00** incluido en el paquete, y el domingo vuelve a ser domingo.',
        tags: 'horarios, descanso',
        comments: [
          { by: 'lucia_garcia', text: 'Pagaría más por esto sin dudarlo.' },
          {
            by: 'alvaro_prieto',
            text: 'En temporada baja lo vemos muy viable. En agosto, más difícil.',
            replies: [
              { by: AUTHOR, text: '@alvaro_prieto ¡con que sea fuera de agosto ya me vale!' },
            ],
          },
        ],
      },
      {
        key: 'teletrabajo',
        by: 'diego_sanz',
        appeal: 0.5,
        title: 'Viernes de teletrabajo frente al mar',
        body: 'Llegar el jueves por la noche, trabajar el viernes desde el hotel (buena wifi, una mesa de verdad, café sin límite) y empezar el finde sin viajar el viernes por la tarde con todo el mundo.',
        tags: 'teletrabajo',
        comments: [
          {
            by: 'javi_moreno',
            text: 'La wifi de los hoteles suele ser el punto débil. Tendría que ser buena de verdad.',
          },
        ],
      },
      {
        key: 'arroces',
        by: 'carmen_ruiz',
        appeal: 0.6,
        title: 'Ruta de arroces con los restaurantes del barrio',
        body: lines(
          'Un paquete gastronómico con los restaurantes de la zona:',
          '',
          '- **sábado:** paella valenciana en un restaurante de El Palmar',
          '- **domingo:** arroz negro frente al mar',
          '- una clase corta para aprender a hacer el sofrito',
          '',
          'Los arroces son la razón por la que mucha gente viene a Valencia. Aprovechémoslo.',
        ),
        tags: 'gastronomía, local',
        comments: [
          {
            by: 'marco_rossi',
            text: 'Come italiano, approvo al 100%. Ma niente chorizo nella paella, eh!',
            replies: [{ by: AUTHOR, text: '@marco_rossi jajaja, ¡aquí eso es delito!' }],
          },
        ],
      },
      {
        key: 'perro',
        by: 'pablo_ortega',
        appeal: 0.45,
        title: 'Paquete para viajar con perro',
        body: 'Cama para el perro, cuenco, un mapa de las playas donde se admiten perros y una lista de terrazas que los aceptan. Muy pocos hoteles lo hacen bien, y somos muchos los que no viajamos por no dejarlo en casa.',
        tags: 'mascotas',
      },
      {
        key: 'sin-coche',
        by: 'lucia_garcia',
        appeal: 0.4,
        title: 'Fin de semana sin coche: tren y bici incluidos',
        body: 'Billete de tren desde Madrid incluido en el paquete y una bici en el hotel para todo el fin de semana. Menos atascos, menos aparcamiento, más vacaciones.',
        tags: 'movilidad, tren',
        comments: [
          { by: 'pablo_ortega', text: 'Con perro no me vale, pero me parece muy buena idea 😅' },
        ],
      },
      {
        key: 'mesa-compartida',
        by: 'giulia_bianchi',
        appeal: 0.35,
        title: 'Una mesa compartida para quien viaja solo',
        body: 'Viajo sola a menudo y lo peor es cenar sola. El sábado, una mesa larga para los huéspedes que viajan solos, con menú cerrado. Quien quiera se apunta; quien no, no pasa nada.',
        tags: 'viajar-solo, social',
        comments: [{ by: 'ana_torres', text: 'Qué bonito. Yo me apuntaría.' }],
      },
      {
        key: 'ducha',
        by: 'javi_moreno',
        appeal: 0.4,
        buildsOn: 'checkout-tarde',
        title: 'Ducha y vestuario para después del check-out',
        body: 'Si el check-out tardío no es posible en temporada alta, que al menos haya una ducha y un vestuario para después de la playa. Volver a casa con arena y salitre en el coche es lo peor.',
        tags: 'horarios, servicios',
      },
    ],
  },
  {
    brand: 'verdana',
    stage: 'draft',
    by: 'demo_owner',
    days: [10, 31, 41, 50],
    language: 'en',
    title: 'A zero-waste kitchen starter kit',
    brief: lines(
      'Lots of people want a kitchen with less waste but don’t know where to start, and the “zero-waste” shelf in most shops is intimidating (and expensive).',
      '',
      'We want to put together **one starter kit** under £30 that makes the first month easy:',
      '',
      '- which five products would you put in it?',
      '- what would you leave *out*?',
      '- how should it be packed and explained?',
      '',
      '*Draft: dates and rewards still to be confirmed.*',
    ),
    tags: 'kitchen, zero-waste, gift',
    rewardPoints: 1000,
    rewardDescription:
      'The winning kit goes on sale with your name on the box, plus 600 points. Runners-up share 400 points.',
    criteria: 'Usefulness: 40\nPrice: 30\nOriginality: 30',
    maxIdeasPerUser: 2,
    ideas: [],
  },
];

// ---------------------------------------------------------------------------------------------
// Seeding

/**
 * Seeds demo data into a database that has no users yet. Returns null (and writes nothing) when
 * there is anyone in `users`. All of it runs in one transaction, so a failure leaves the database
 * empty rather than half-seeded; an advisory lock keeps two starting servers from both seeding.
 * Dates are relative to `options.now` (default: the current time), so two runs with the same `now`
 * write identical data.
 */
export async function seedIfEmpty(
  db: Db,
  options: { now?: Date } = {},
): Promise<SeedResult | null> {
  if (await hasUsers(db)) return null;
  const progress = { step: 'starting' };
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('cocrea.seed'))`);
      if (await hasUsers(tx)) return null;
      await seed(tx, options.now ?? new Date(), progress);
      return { password: DEMO_PASSWORD, logins: DEMO_LOGINS.map((l) => ({ ...l })) };
    });
  } catch (e) {
    throw new Error(
      `Seeding the demo data failed while ${progress.step}, and was rolled back, so the database is still empty: ${describeFailure(e)}`,
      { cause: e },
    );
  }
}

/** The root cause, not drizzle's "Failed query: <the whole statement>" wrapper, plus any field errors. */
function describeFailure(error: unknown) {
  let inner = error;
  for (let depth = 0; depth < 5; depth++) {
    const cause = (inner as { cause?: unknown } | null)?.cause;
    if (!cause) break;
    inner = cause;
  }
  const message = inner instanceof Error ? inner.message : String(inner);
  const fieldErrors = (error as { fieldErrors?: unknown } | null)?.fieldErrors;
  return fieldErrors ? `${message} ${JSON.stringify(fieldErrors)}` : message;
}

async function hasUsers(db: Db) {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length > 0;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: a small seeded generator, so every seed writes the same data. */
function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A moment between a and b (ms), at fraction r; never before a. */
const between = (a: number, b: number, r: number) => Math.round(a + Math.max(0, b - a) * r);

type Person = Actor & { handle: string; lang: Lang; seed: UserSeed };
type IdeaRecord = {
  id: number;
  authorId: string;
  at: number;
  updatedAt: number;
  lastActivity: number;
};
type VoteRecord = {
  ideaId: number;
  userId: string;
  value: VoteValue;
  createdAt: number;
  updatedAt: number;
};
type CommentRecord = { id: number; ideaId: number; createdAt: number; deletedAt: number | null };
type ChallengeRecord = {
  id: number;
  brandKey: string;
  createdAt: number;
  stageChangedAt: number;
  archivedAt: number | null;
};

async function seed(db: Db, nowDate: Date, progress: { step: string }) {
  const rand = seededRandom(20_260_214);
  const now = nowDate.getTime();
  const today = Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth(), nowDate.getUTCDate());
  const dayString = (offset: number) => new Date(today + offset * DAY).toISOString().slice(0, 10);
  // A stage begins when its date does (midnight UTC), as the scheduler would move it.
  const stageMoment = (offset: number) => today + offset * DAY;

  // What each person did first, so their account can be dated before it.
  const firstSeen = new Map<string, number>();
  const seen = (userId: string, at: number) =>
    firstSeen.set(userId, Math.min(firstSeen.get(userId) ?? Infinity, at));

  // --- People
  const people = new Map<string, Person>();
  for (const u of USERS) {
    progress.step = `signing up @${u.handle}`;
    const input = signUpSchema.parse({
      handle: u.handle,
      displayName: u.name,
      email: `${u.handle.replace(/_/g, '.')}@example.com`,
      password: DEMO_PASSWORD,
    });
    const outcome = await signUp(db, input, u.role ?? 'prosumer');
    if (outcome.status !== 'created') throw new Error(`the seed's email of @${u.handle} is taken`);
    const { user } = outcome;
    people.set(u.handle, { id: user.id, role: user.role, handle: u.handle, lang: u.lang, seed: u });
  }
  const byId = new Map([...people.values()].map((p) => [p.id, p]));
  const person = (handle: string) => {
    const p = people.get(handle);
    if (!p) throw new Error(`the seed data names an unknown user @${handle}`);
    return p;
  };

  // --- Brands
  const brandIds = new Map<string, number>();
  const staff = new Map<string, Set<string>>(); // brand key → member user ids
  const allStaff = new Set<string>();
  for (const b of BRANDS) {
    progress.step = `creating the brand ${b.name}`;
    const owner = person(b.owner);
    const brand = await createBrand(
      db,
      owner,
      brandSchema.parse({ name: b.name, description: b.description, website: b.website }),
    );
    for (const m of b.managers) await addManager(db, owner, brand.id, m);
    brandIds.set(b.key, brand.id);
    const members = new Set([owner.id, ...b.managers.map((m) => person(m).id)]);
    staff.set(b.key, members);
    for (const id of members) allStaff.add(id);
  }

  // --- Challenges, ideas, comments, votes
  const ideaRecords: IdeaRecord[] = [];
  const voteRecords = new Map<string, VoteRecord>();
  const commentRecords: CommentRecord[] = [];
  const challengeRecords: ChallengeRecord[] = [];
  const voteKey = (ideaId: number, userId: string) => `${ideaId}:${userId}`;

  /** Adds a comment (or reply) through the domain, deleting it again when the seed says so. */
  async function writeComment(
    cs: ReplySeed,
    idea: IdeaRecord,
    parentId: number | null,
    at: number,
  ) {
    const author = cs.by === AUTHOR ? byId.get(idea.authorId)! : person(cs.by);
    const comment = await addComment(
      db,
      author,
      idea.id,
      commentSchema.parse({ body: cs.text, parentId: parentId === null ? '' : String(parentId) }),
    );
    seen(author.id, at);
    const rec: CommentRecord = { id: comment.id, ideaId: idea.id, createdAt: at, deletedAt: null };
    if (cs.deletedBy) {
      const deleter = person(cs.deletedBy);
      await deleteComment(db, deleter, comment.id);
      rec.deletedAt = Math.min(at + between(HOUR, 6 * HOUR, rand()), now - MINUTE);
      seen(deleter.id, rec.deletedAt);
    }
    commentRecords.push(rec);
    return comment.id;
  }

  for (const c of CHALLENGES) {
    progress.step = `creating the challenge "${c.title}"`;
    const brandId = brandIds.get(c.brand);
    if (brandId === undefined) throw new Error(`the seed data names an unknown brand "${c.brand}"`);
    const creator = person(c.by);
    const input = challengeSchema.parse({
      title: c.title,
      brief: c.brief,
      tags: c.tags,
      language: c.language,
      rewardDescription: c.rewardDescription,
      rewardPoints: String(c.rewardPoints),
      criteria: c.criteria,
      maxIdeasPerUser: String(c.maxIdeasPerUser),
      opensAt: dayString(c.days[0]),
      votingAt: dayString(c.days[1]),
      reviewAt: dayString(c.days[2]),
      awardedAt: dayString(c.days[3]),
    });
    const challenge = await createChallenge(db, creator, brandId, input);
    const target = STAGES.indexOf(c.stage);
    // When it entered each stage: open, voting, review, awarded, archived.
    const stageAt = [
      stageMoment(c.days[0]),
      stageMoment(c.days[1]),
      stageMoment(c.days[2]),
      stageMoment(c.days[3]),
      stageMoment(c.days[3] + 12),
    ];
    const createdAt =
      target === 0
        ? now - 3 * DAY + between(0, 2 * HOUR, rand())
        : stageAt[0]! - between(3 * DAY, 8 * DAY, rand());
    seen(creator.id, createdAt);
    const record: ChallengeRecord = {
      id: challenge.id,
      brandKey: c.brand,
      createdAt,
      stageChangedAt: createdAt,
      archivedAt: null,
    };
    challengeRecords.push(record);
    if (target === 0) continue;

    let stage = 0;
    const advance = async () => {
      stage += 1;
      const mover = person(c.movers?.[stage - 1] ?? c.by);
      progress.step = `moving "${c.title}" to ${STAGES[stage]}`;
      await changeStage(db, mover, challenge.id, STAGES[stage]!);
      const at = stageAt[stage - 1]!;
      seen(mover.id, at);
      record.stageChangedAt = at;
      if (STAGES[stage] === 'archived') record.archivedAt = at;
    };
    await advance(); // open

    const reachesVoting = target >= STAGES.indexOf('voting');
    const openEnd = reachesVoting ? stageAt[1]! : now - 30 * MINUTE;
    const votingEnd = target >= STAGES.indexOf('review') ? stageAt[2]! : now - 30 * MINUTE;
    const talkEnd = reachesVoting ? votingEnd : openEnd;

    // Ideas arrive over the open period, in the order they are listed (so builds-on comes later).
    const slots = c.ideas.map(() => rand()).sort((a, b) => a - b);
    const made = new Map<string, IdeaRecord>();
    const live: { seed: IdeaSeed; record: IdeaRecord }[] = [];
    for (const [i, s] of c.ideas.entries()) {
      progress.step = `writing the idea "${s.title}" and its comments`;
      const author = person(s.by);
      const base = s.buildsOn ? made.get(s.buildsOn) : undefined;
      if (s.buildsOn && !base)
        throw new Error(
          `idea "${s.title}" builds on "${s.buildsOn}", which is not listed before it`,
        );
      const idea = await submitIdea(
        db,
        author,
        challenge.id,
        ideaSchema.parse({
          title: s.title,
          body: s.body,
          tags: s.tags,
          buildsOnId: base ? String(base.id) : '',
        }),
      );
      const at = between(stageAt[0]! + 2 * HOUR, openEnd - 6 * HOUR, slots[i]!);
      seen(author.id, at);
      const rec: IdeaRecord = {
        id: idea.id,
        authorId: author.id,
        at,
        updatedAt: at,
        lastActivity: at,
      };
      made.set(s.key, rec);
      ideaRecords.push(rec);

      // Its conversation: top-level comments in order, each reply soon after its parent.
      const tops = (s.comments ?? []).map(() => rand()).sort((a, b) => a - b);
      let last = at;
      for (const [j, cs] of (s.comments ?? []).entries()) {
        const topAt = between(at + 20 * MINUTE, talkEnd, tops[j]! ** 1.4);
        const parent = await writeComment(cs, rec, null, topAt);
        last = Math.max(last, topAt);
        for (const reply of cs.replies ?? []) {
          const replyAt = Math.min(
            between(topAt + 10 * MINUTE, Math.min(topAt + 2 * DAY, talkEnd), rand()),
            now - MINUTE,
          );
          await writeComment(reply, rec, parent, replyAt);
          last = Math.max(last, replyAt);
        }
      }
      rec.lastActivity = last;

      if (s.withdraw) {
        await withdrawIdea(db, author, idea.id);
        rec.updatedAt = Math.min(last + 30 * MINUTE, now - MINUTE);
      } else {
        live.push({ seed: s, record: rec });
      }
    }

    // Who votes: people drawn by the idea's appeal, more so in their own language.
    type PlannedVote = {
      idea: IdeaRecord;
      voter: Person;
      value: VoteValue;
      phase: 'open' | 'voting';
    };
    const planned: PlannedVote[] = [];
    for (const { seed: s, record: rec } of live) {
      for (const voter of people.values()) {
        if (voter.id === rec.authorId || voter.role === 'admin' || voter.handle === 'deals_4u_uk')
          continue;
        if (staff.get(c.brand)?.has(voter.id)) continue;
        let weight = voter.handle === 'demo_prosumer' ? 0.75 : voter.lang === c.language ? 1 : 0.35;
        if (voter.role === 'moderator' || allStaff.has(voter.id)) weight *= 0.4;
        if (rand() >= s.appeal * weight) continue;
        const value: VoteValue = rand() < 0.05 + 0.2 * (1 - s.appeal) ? -1 : 1;
        const phase = reachesVoting && rand() >= 0.45 ? 'voting' : 'open';
        planned.push({ idea: rec, voter, value, phase });
      }
    }
    progress.step = `voting on ideas in "${c.title}"`;
    const cast = async (v: PlannedVote) => {
      await castVote(db, v.voter, v.idea.id, v.value);
      const r = rand() ** 1.5;
      const at =
        v.phase === 'open'
          ? between(v.idea.at + 10 * MINUTE, openEnd - 5 * MINUTE, r)
          : between(stageAt[1]! + 5 * MINUTE, votingEnd - 5 * MINUTE, r);
      seen(v.voter.id, at);
      voteRecords.set(voteKey(v.idea.id, v.voter.id), {
        ideaId: v.idea.id,
        userId: v.voter.id,
        value: v.value,
        createdAt: at,
        updatedAt: at,
      });
    };
    for (const v of planned) if (v.phase === 'open') await cast(v);

    if (reachesVoting) {
      await advance(); // voting
      for (const v of planned) if (v.phase === 'voting') await cast(v);
      // During voting one person changes their mind and another takes their vote back.
      if (planned.length >= 2) {
        const flip = planned[Math.floor(rand() * planned.length)]!;
        const flipped = voteRecords.get(voteKey(flip.idea.id, flip.voter.id))!;
        const to: VoteValue = flipped.value === 1 ? -1 : 1;
        await castVote(db, flip.voter, flip.idea.id, to);
        flipped.value = to;
        flipped.updatedAt = between(
          Math.max(flipped.createdAt, stageAt[1]!) + MINUTE,
          votingEnd - MINUTE,
          rand(),
        );
        const others = planned.filter((v) => v !== flip);
        const taken = others[Math.floor(rand() * others.length)]!;
        await castVote(db, taken.voter, taken.idea.id, 0);
        voteRecords.delete(voteKey(taken.idea.id, taken.voter.id));
      }
    }
    while (stage < target) await advance();
  }

  progress.step = 'back-dating the rows';
  // --- Back-date the rows (events keep their real time: the log is append-only). Votes, comments
  // and ideas go in one statement per table; hundreds of single-row updates would take seconds.
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const asJson = (rows: object[]) => JSON.stringify(rows);
  const ideaById = new Map(ideaRecords.map((i) => [i.id, i]));
  for (const v of voteRecords.values()) {
    const idea = ideaById.get(v.ideaId)!;
    idea.lastActivity = Math.max(idea.lastActivity, v.updatedAt);
  }
  const voteRows = [...voteRecords.values()].map((v) => ({
    idea_id: v.ideaId,
    user_id: v.userId,
    created_at: iso(v.createdAt),
    updated_at: iso(v.updatedAt),
  }));
  await db.execute(sql`
    update votes v set created_at = x.created_at, updated_at = x.updated_at
    from jsonb_to_recordset(${asJson(voteRows)}::jsonb) as x(idea_id int, user_id text, created_at timestamptz, updated_at timestamptz)
    where v.idea_id = x.idea_id and v.user_id = x.user_id`);
  const commentRows = commentRecords.map((c) => ({
    id: c.id,
    created_at: iso(c.createdAt),
    deleted_at: iso(c.deletedAt),
  }));
  await db.execute(sql`
    update comments c set created_at = x.created_at, updated_at = x.created_at, deleted_at = x.deleted_at
    from jsonb_to_recordset(${asJson(commentRows)}::jsonb) as x(id int, created_at timestamptz, deleted_at timestamptz)
    where c.id = x.id`);
  const ideaRows = ideaRecords.map((i) => ({
    id: i.id,
    created_at: iso(i.at),
    updated_at: iso(i.updatedAt),
    last_activity_at: iso(Math.max(i.lastActivity, i.updatedAt)),
  }));
  await db.execute(sql`
    update ideas i set created_at = x.created_at, updated_at = x.updated_at, last_activity_at = x.last_activity_at
    from jsonb_to_recordset(${asJson(ideaRows)}::jsonb) as x(id int, created_at timestamptz, updated_at timestamptz, last_activity_at timestamptz)
    where i.id = x.id`);
  for (const c of challengeRecords) {
    await db
      .update(challenges)
      .set({
        createdAt: new Date(c.createdAt),
        updatedAt: new Date(c.stageChangedAt),
        stageChangedAt: new Date(c.stageChangedAt),
        archivedAt: c.archivedAt === null ? null : new Date(c.archivedAt),
      })
      .where(eq(challenges.id, c.id));
  }
  for (const b of BRANDS) {
    const brandId = brandIds.get(b.key)!;
    const firstChallenge = Math.min(
      ...challengeRecords.filter((c) => c.brandKey === b.key).map((c) => c.createdAt),
    );
    const brandAt = firstChallenge - between(10 * DAY, 20 * DAY, rand());
    await db
      .update(brands)
      .set({ createdAt: new Date(brandAt) })
      .where(eq(brands.id, brandId));
    const owner = person(b.owner);
    seen(owner.id, brandAt);
    await db
      .update(brandMembers)
      .set({ createdAt: new Date(brandAt) })
      .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, owner.id)));
    for (const m of b.managers) {
      const manager = person(m);
      const addedAt = brandAt + between(DAY, 5 * DAY, rand());
      seen(manager.id, addedAt);
      await db
        .update(brandMembers)
        .set({ createdAt: new Date(addedAt) })
        .where(and(eq(brandMembers.brandId, brandId), eq(brandMembers.userId, manager.id)));
    }
  }
  for (const p of people.values()) {
    const first = firstSeen.get(p.id);
    const joined =
      first === undefined
        ? now - between(140 * DAY, 160 * DAY, rand())
        : p.handle === 'deals_4u_uk'
          ? first - between(5 * MINUTE, 30 * MINUTE, rand())
          : first - between(DAY, 25 * DAY, rand());
    await db
      .update(users)
      .set({ createdAt: new Date(joined), locale: p.lang, bio: p.seed.bio })
      .where(eq(users.id, p.id));
  }

  // Notifications take the time of what caused them; anything older than a week counts as read.
  await db.execute(sql`
    update notifications n set created_at = coalesce(
      (select c.created_at from comments c where c.id = n.comment_id),
      (select v.created_at from votes v where v.idea_id = n.idea_id and v.user_id = n.actor_id and n.kind = 'vote'),
      (select i.created_at from ideas i where i.id = n.idea_id and n.kind = 'build'),
      n.created_at)`);
  await db.execute(sql`
    update notifications set read_at = created_at + interval '1 hour'
    where created_at < ${new Date(now - 7 * DAY).toISOString()}::timestamptz`);
}
