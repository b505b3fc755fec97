/**
 * Demo catalog for Ironcart: categories and products used by the seed script.
 *
 * All club names are invented and no real brand names are used. National team kits are
 * described as supporter jerseys in the team colours. Prices are USD minor units (cents).
 * Each product carries an `art` description consumed by `renderProductSvg` (product-art.ts).
 */
import type { ProductArt } from './product-art.js';

export type { ProductArt } from './product-art.js';

export interface CategorySeed {
  id: string;
  name: string;
  description: string;
  sortOrder: number;
}

export interface ProductSpec {
  name: string;
  value: string;
}

export interface ProductSeed {
  /** Stable human-readable slug, /^[a-z0-9]+(-[a-z0-9]+)*$/. */
  id: string;
  title: string;
  description: string;
  specs: ProductSpec[];
  categoryId: string;
  /** Integer minor units (USD cents). */
  priceCents: number;
  stock: number;
  art: ProductArt;
  /** Age of the listing in days, so "newest" sorting is meaningful. */
  createdDaysAgo: number;
}

export const categories: CategorySeed[] = [
  {
    id: 'football-jerseys',
    name: 'Football Jerseys',
    description:
      'National team and club supporter jerseys, home and away, for match day and beyond.',
    sortOrder: 1,
  },
  {
    id: 'football-boots',
    name: 'Football Boots',
    description: 'Firm ground, soft ground and turf boots for every surface and level of play.',
    sortOrder: 2,
  },
  {
    id: 'balls',
    name: 'Footballs',
    description: 'Match, training and futsal balls built to keep their shape season after season.',
    sortOrder: 3,
  },
  {
    id: 'running',
    name: 'Running',
    description: 'Road, trail and race-day shoes plus lightweight running apparel.',
    sortOrder: 4,
  },
  {
    id: 'tennis',
    name: 'Tennis',
    description: 'Rackets, balls, bags and court clothing for club players and juniors.',
    sortOrder: 5,
  },
  {
    id: 'cycling',
    name: 'Cycling',
    description: 'Helmets, jerseys and bottles for road rides, commutes and trail days.',
    sortOrder: 6,
  },
  {
    id: 'fitness',
    name: 'Fitness',
    description: 'Dumbbells, kettlebells, mats and recovery tools for the home gym.',
    sortOrder: 7,
  },
  {
    id: 'basketball',
    name: 'Basketball',
    description: 'Indoor and outdoor basketballs, high-top shoes, jerseys and mini hoops.',
    sortOrder: 8,
  },
  {
    id: 'swimming',
    name: 'Swimming',
    description: 'Goggles, caps, jammers and training aids for the pool and open water.',
    sortOrder: 9,
  },
];

function jerseySpecs(fit: string, weightGrams: number, extra?: ProductSpec): ProductSpec[] {
  const specs: ProductSpec[] = [
    { name: 'Material', value: '100% recycled polyester, double-knit' },
    { name: 'Fit', value: fit },
    { name: 'Sizes', value: 'XS, S, M, L, XL, 2XL' },
    { name: 'Weight', value: `${weightGrams} g (size M)` },
    { name: 'Care', value: 'Machine wash cold, inside out; do not tumble dry' },
  ];
  if (extra) specs.splice(2, 0, extra);
  return specs;
}

export const products: ProductSeed[] = [
  // -------------------------------------------------------------------------------------------
  // Football jerseys: national teams
  // -------------------------------------------------------------------------------------------
  {
    id: 'argentina-home-jersey',
    title: 'Argentina Home Jersey',
    description:
      'Sky blue and white vertical stripes with a navy crew collar, made for long nights on the terraces. The double-knit fabric wicks sweat and keeps its shape after countless washes. Printed with a front number 10 for the playmaker in all of us.',
    specs: jerseySpecs('Regular fit', 150, {
      name: 'Number',
      value: 'Front number 10, heat-pressed',
    }),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 3,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'stripes',
      patternColor: '#75aadb',
      trim: '#1b2a4a',
      collar: 'crew',
      sleeves: 'short',
      number: 10,
      numberColor: '#1b2a4a',
    },
    createdDaysAgo: 12,
  },
  {
    id: 'argentina-away-jersey',
    title: 'Argentina Away Jersey',
    description:
      'A deep navy away shirt with tonal pinstripes and a sky blue V-neck. Lightweight mesh panels under the arms help on hot afternoons. Looks just as sharp with jeans as it does in the stands.',
    specs: jerseySpecs('Regular fit', 145),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 24,
    art: {
      kind: 'jersey',
      body: '#262b5a',
      pattern: 'pinstripes',
      patternColor: '#363d7c',
      trim: '#75aadb',
      collar: 'vneck',
      sleeves: 'short',
    },
    createdDaysAgo: 40,
  },
  {
    id: 'brazil-home-jersey',
    title: 'Brazil Home Jersey',
    description:
      'Canary yellow with green trim at the collar and cuffs, the most recognisable shirt in world football. A blue number 10 sits proudly on the chest. Breathable, quick-drying and cut for an easy regular fit.',
    specs: jerseySpecs('Regular fit', 150, {
      name: 'Number',
      value: 'Front number 10, heat-pressed',
    }),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 31,
    art: {
      kind: 'jersey',
      body: '#f7d117',
      pattern: 'plain',
      trim: '#009c3b',
      collar: 'crew',
      sleeves: 'short',
      number: 10,
      numberColor: '#1f4fa3',
    },
    createdDaysAgo: 8,
  },
  {
    id: 'brazil-away-jersey',
    title: 'Brazil Away Jersey',
    description:
      'Royal blue with a yellow V-neck and sleeve cuffs. Soft-touch recycled fabric that stays cool when the samba drums start. A favourite for five-a-side nights.',
    specs: jerseySpecs('Regular fit', 145),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 18,
    art: {
      kind: 'jersey',
      body: '#1f4fa3',
      pattern: 'plain',
      trim: '#f7d117',
      collar: 'vneck',
      sleeves: 'short',
    },
    createdDaysAgo: 65,
  },
  {
    id: 'france-home-jersey',
    title: 'France Home Jersey',
    description:
      'Midnight navy with a red and white trimmed collar, understated and elegant. Engineered ventilation zones sit across the back and sides. The slim athletic cut sits close without clinging.',
    specs: jerseySpecs('Slim athletic fit', 140),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 22,
    art: {
      kind: 'jersey',
      body: '#1a2b5f',
      pattern: 'plain',
      trim: '#d7263d',
      collar: 'crew',
      sleeves: 'short',
      sleeveColor: '#1a2b5f',
    },
    createdDaysAgo: 21,
  },
  {
    id: 'france-away-jersey',
    title: 'France Away Jersey',
    description:
      'Crisp off-white with fine grey pinstripes and a navy polo collar, a nod to the classic shirts of the eighties. The two-button placket makes it an easy off-pitch shirt too.',
    specs: jerseySpecs('Regular fit', 160, {
      name: 'Collar',
      value: 'Knitted polo collar, two buttons',
    }),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 9,
    art: {
      kind: 'jersey',
      body: '#f4f4f1',
      pattern: 'pinstripes',
      patternColor: '#d6dbe4',
      trim: '#1a2b5f',
      collar: 'polo',
      sleeves: 'short',
    },
    createdDaysAgo: 97,
  },
  {
    id: 'germany-home-jersey',
    title: 'Germany Home Jersey',
    description:
      'Classic white with black trim and a subtle grey chevron across the chest. Tough, tidy and built for tournament summers. The fabric is made from recycled bottles.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 27,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'chevron',
      patternColor: '#e3e5e9',
      trim: '#111111',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 33,
  },
  {
    id: 'germany-away-jersey',
    title: 'Germany Away Jersey',
    description:
      'Charcoal with a bold red chest band and gold trim. Moisture-wicking knit keeps you dry when the match goes to extra time. Stands out in a sea of white shirts.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 14,
    art: {
      kind: 'jersey',
      body: '#262a30',
      pattern: 'band',
      patternColor: '#c8102e',
      trim: '#e5b61c',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 120,
  },
  {
    id: 'spain-home-jersey',
    title: 'Spain Home Jersey',
    description:
      'Passionate red with golden yellow trim on the V-neck and cuffs. A lightweight knit that moves with you from the first whistle to the final celebration.',
    specs: jerseySpecs('Slim athletic fit', 140),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 20,
    art: {
      kind: 'jersey',
      body: '#c8102e',
      pattern: 'plain',
      trim: '#f1bf00',
      collar: 'vneck',
      sleeves: 'short',
    },
    createdDaysAgo: 18,
  },
  {
    id: 'spain-away-jersey',
    title: 'Spain Away Jersey',
    description:
      'A warm cream away shirt with red side panels and a red crew collar. Soft, breathable and easy to pair with anything. The side panels use an open mesh for extra airflow.',
    specs: jerseySpecs('Regular fit', 145),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 11,
    art: {
      kind: 'jersey',
      body: '#f3ecdc',
      pattern: 'side-panels',
      patternColor: '#c8102e',
      trim: '#c8102e',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 150,
  },
  {
    id: 'england-home-jersey',
    title: 'England Home Jersey',
    description:
      'Clean white with a navy polo collar and a navy number 9 on the chest. Smart enough for the pub, tough enough for the park. Reinforced seams at the shoulders.',
    specs: jerseySpecs('Regular fit', 160, {
      name: 'Number',
      value: 'Front number 9, heat-pressed',
    }),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 35,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'plain',
      trim: '#1b2a4a',
      collar: 'polo',
      sleeves: 'short',
      number: 9,
      numberColor: '#1b2a4a',
    },
    createdDaysAgo: 5,
  },
  {
    id: 'england-away-jersey',
    title: 'England Away Jersey',
    description:
      'Bold red with navy trim, a shirt that has seen some famous afternoons. Quick-dry fabric and a relaxed regular fit make it an easy everyday pick.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 16,
    art: {
      kind: 'jersey',
      body: '#c8102e',
      pattern: 'plain',
      trim: '#1b2a4a',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 88,
  },
  {
    id: 'italy-home-jersey',
    title: 'Italy Home Jersey',
    description:
      'Azure blue with crisp white trim and a classic crew neck. Tailored through the body for a clean silhouette. Elegant on the pitch and off it.',
    specs: jerseySpecs('Slim athletic fit', 140),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 19,
    art: {
      kind: 'jersey',
      body: '#1f5fbf',
      pattern: 'plain',
      trim: '#ffffff',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 27,
  },
  {
    id: 'italy-away-jersey',
    title: 'Italy Away Jersey',
    description:
      'White with azure blue sleeves and a blue V-neck. Our best seller last season, and back in a softer recycled knit. Restocks sell out quickly, so sign up for alerts.',
    specs: jerseySpecs('Slim athletic fit', 140),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 0,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'plain',
      trim: '#1f5fbf',
      collar: 'vneck',
      sleeves: 'short',
      sleeveColor: '#1f5fbf',
    },
    createdDaysAgo: 210,
  },
  {
    id: 'netherlands-home-jersey',
    title: 'Netherlands Home Jersey',
    description:
      'Unmistakable bright orange with navy trim. Made to be seen from the back row of any stadium. Breathable knit with a soft brushed collar.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 23,
    art: {
      kind: 'jersey',
      body: '#f36c21',
      pattern: 'plain',
      trim: '#1b2a4a',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 45,
  },
  {
    id: 'portugal-home-jersey',
    title: 'Portugal Home Jersey',
    description:
      'Deep crimson with green trim and a gold number 7 on the chest. A statement shirt for a proud footballing nation. Only a handful left in this run.',
    specs: jerseySpecs('Slim athletic fit', 145, {
      name: 'Number',
      value: 'Front number 7, heat-pressed',
    }),
    categoryId: 'football-jerseys',
    priceCents: 9999,
    stock: 2,
    art: {
      kind: 'jersey',
      body: '#a3162a',
      pattern: 'plain',
      trim: '#046a38',
      collar: 'vneck',
      sleeves: 'short',
      number: 7,
      numberColor: '#e5b61c',
    },
    createdDaysAgo: 3,
  },
  {
    id: 'croatia-home-jersey',
    title: 'Croatia Home Jersey',
    description:
      'The famous red and white checkerboard with a blue crew collar. Every square is printed edge to edge so the pattern lines up at the seams. Impossible to miss in a crowd.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 9499,
    stock: 13,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'checks',
      patternColor: '#d2232a',
      trim: '#1b3e8f',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 72,
  },
  {
    id: 'mexico-home-jersey',
    title: 'Mexico Home Jersey',
    description:
      'Forest green with tonal pinstripes and red trim at the V-neck. Loud in spirit, quiet in style. Built to handle the heat of a summer tournament.',
    specs: jerseySpecs('Regular fit', 145),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 17,
    art: {
      kind: 'jersey',
      body: '#006847',
      pattern: 'pinstripes',
      patternColor: '#0d7a55',
      trim: '#ce1126',
      collar: 'vneck',
      sleeves: 'short',
    },
    createdDaysAgo: 130,
  },
  {
    id: 'japan-home-jersey',
    title: 'Japan Home Jersey',
    description:
      'Deep indigo blue with red trim and a fine tonal hooped texture. Featherlight and fast-drying, it is one of the lightest shirts in the range.',
    specs: jerseySpecs('Slim athletic fit', 130),
    categoryId: 'football-jerseys',
    priceCents: 8999,
    stock: 12,
    art: {
      kind: 'jersey',
      body: '#1b2f6e',
      pattern: 'hoops',
      patternColor: '#20377d',
      trim: '#d7263d',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 160,
  },
  {
    id: 'peru-home-jersey',
    title: 'Peru Home Jersey',
    description:
      'White with the iconic red diagonal sash running from shoulder to hip. One of the great designs in football history, reproduced in a modern breathable knit.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 8499,
    stock: 8,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'sash',
      patternColor: '#d91023',
      trim: '#d91023',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 240,
  },
  // -------------------------------------------------------------------------------------------
  // Football jerseys: invented clubs
  // -------------------------------------------------------------------------------------------
  {
    id: 'riverside-fc-home-jersey',
    title: 'Riverside FC Home Jersey',
    description:
      'Green and white hoops with a green polo collar for the pride of the riverside. A heavier knit gives it a proper old-school feel. Club crest embroidered on the chest.',
    specs: jerseySpecs('Regular fit', 180, { name: 'Crest', value: 'Embroidered club crest' }),
    categoryId: 'football-jerseys',
    priceCents: 6999,
    stock: 26,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'hoops',
      patternColor: '#1f7a3a',
      trim: '#1f7a3a',
      collar: 'polo',
      sleeves: 'short',
    },
    createdDaysAgo: 58,
  },
  {
    id: 'harbour-city-afc-home-jersey',
    title: 'Harbour City AFC Home Jersey',
    description:
      'Red and white stripes with a black crew collar, as worn by the dockside faithful since the club was founded. Lightweight and quick to dry after a rainy away day.',
    specs: jerseySpecs('Regular fit', 150),
    categoryId: 'football-jerseys',
    priceCents: 6999,
    stock: 21,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'stripes',
      patternColor: '#c8102e',
      trim: '#111111',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 101,
  },
  {
    id: 'kingsbridge-rovers-home-jersey',
    title: 'Kingsbridge Rovers Home Jersey',
    description:
      'Blue and white halves with navy trim, a design the Rovers have worn for over a century. A longer drop-tail hem keeps it tucked in when you stretch for a header.',
    specs: jerseySpecs('Regular fit', 155),
    categoryId: 'football-jerseys',
    priceCents: 6999,
    stock: 15,
    art: {
      kind: 'jersey',
      body: '#ffffff',
      pattern: 'halves',
      patternColor: '#1d4f9c',
      trim: '#14254a',
      collar: 'crew',
      sleeves: 'short',
    },
    createdDaysAgo: 190,
  },
  {
    id: 'northgate-united-home-jersey',
    title: 'Northgate United Home Jersey',
    description:
      'Claret body with sky blue sleeves and collar, the colours of the north end. Soft brushed interior for cold evening kick-offs. Sizes run true.',
    specs: jerseySpecs('Regular fit', 160),
    categoryId: 'football-jerseys',
    priceCents: 6999,
    stock: 4,
    art: {
      kind: 'jersey',
      body: '#7a1f3d',
      pattern: 'plain',
      trim: '#8ec5e8',
      collar: 'crew',
      sleeves: 'short',
      sleeveColor: '#8ec5e8',
    },
    createdDaysAgo: 76,
  },
  {
    id: 'pro-goalkeeper-jersey',
    title: 'Pro Goalkeeper Long-Sleeve Jersey',
    description:
      'High-visibility lime with charcoal side panels and long sleeves for diving saves. Padded-feel elbows and a stretchy cuff that stays put under gloves. Comes with a printed number 1.',
    specs: jerseySpecs('Athletic fit', 210, {
      name: 'Sleeves',
      value: 'Long, with reinforced elbows',
    }),
    categoryId: 'football-jerseys',
    priceCents: 7499,
    stock: 10,
    art: {
      kind: 'jersey',
      body: '#c6e23a',
      pattern: 'side-panels',
      patternColor: '#2a2f36',
      trim: '#2a2f36',
      collar: 'crew',
      sleeves: 'long',
      number: 1,
      numberColor: '#2a2f36',
      crest: false,
    },
    createdDaysAgo: 140,
  },
  // -------------------------------------------------------------------------------------------
  // Football boots
  // -------------------------------------------------------------------------------------------
  {
    id: 'strike-pro-fg-football-boots',
    title: 'Strike Pro FG Football Boots',
    description:
      'A featherweight speed boot with a thin textured upper for a clean first touch. Conical and bladed studs give quick release on firm natural grass. Best for players who live on the shoulder of the last defender.',
    specs: [
      { name: 'Surface', value: 'Firm ground (FG)' },
      { name: 'Upper', value: 'Synthetic knit with textured strike zone' },
      { name: 'Weight', value: '195 g (UK 8.5)' },
      { name: 'Sizes', value: 'UK 6 to 12, including half sizes' },
      { name: 'Fit', value: 'Narrow, true to size' },
    ],
    categoryId: 'football-boots',
    priceCents: 22999,
    stock: 14,
    art: { kind: 'boot', upper: '#d4ec3a', accent: '#151a21', sole: '#ff5a36', studs: 'firm' },
    createdDaysAgo: 6,
  },
  {
    id: 'apex-control-sg-football-boots',
    title: 'Apex Control SG Football Boots',
    description:
      'Made for wet, heavy pitches: six metal-tipped screw-in studs keep you planted when the ground is soft. A padded collar and grippy upper help you control the ball in the rain.',
    specs: [
      { name: 'Surface', value: 'Soft ground (SG)' },
      { name: 'Studs', value: '6 replaceable aluminium-tipped studs' },
      { name: 'Upper', value: 'Coated synthetic with grip texture' },
      { name: 'Weight', value: '240 g (UK 8.5)' },
      { name: 'Sizes', value: 'UK 6 to 12' },
    ],
    categoryId: 'football-boots',
    priceCents: 17999,
    stock: 9,
    art: { kind: 'boot', upper: '#1d2a4d', accent: '#34d1bf', sole: '#d8dde4', studs: 'soft' },
    createdDaysAgo: 55,
  },
  {
    id: 'classic-leather-fg-football-boots',
    title: 'Classic Leather FG Football Boots',
    description:
      'Soft full-grain leather that moulds to your foot after a couple of sessions. A timeless black and white boot with a fold-over tongue look and a dependable firm ground soleplate.',
    specs: [
      { name: 'Surface', value: 'Firm ground (FG)' },
      { name: 'Upper', value: 'Full-grain cow leather' },
      { name: 'Lining', value: 'Microfibre' },
      { name: 'Weight', value: '255 g (UK 8.5)' },
      { name: 'Sizes', value: 'UK 5 to 13' },
    ],
    categoryId: 'football-boots',
    priceCents: 12999,
    stock: 4,
    art: { kind: 'boot', upper: '#17191d', accent: '#f2f2f2', sole: '#2b2e33', studs: 'firm' },
    createdDaysAgo: 260,
  },
  {
    id: 'street-turf-football-boots',
    title: 'Street Turf Football Boots',
    description:
      'A rubber outsole packed with small nubs for artificial turf and hard pitches. Cushioned heel for long five-a-side sessions. Durable enough for the cage, comfortable enough for the walk home.',
    specs: [
      { name: 'Surface', value: 'Artificial turf (TF) and hard ground' },
      { name: 'Outsole', value: 'Rubber with multi-nub pattern' },
      { name: 'Upper', value: 'Synthetic leather' },
      { name: 'Weight', value: '285 g (UK 8.5)' },
    ],
    categoryId: 'football-boots',
    priceCents: 8999,
    stock: 32,
    art: { kind: 'boot', upper: '#f4f4f2', accent: '#e63946', sole: '#3a3f47', studs: 'turf' },
    createdDaysAgo: 110,
  },
  {
    id: 'junior-academy-fg-football-boots',
    title: 'Junior Academy FG Football Boots',
    description:
      'A tough, comfortable boot for young players taking their first steps in club football. A reinforced toe survives playground kickabouts and the moulded studs suit firm grass.',
    specs: [
      { name: 'Surface', value: 'Firm ground (FG)' },
      { name: 'Upper', value: 'Synthetic with reinforced toe' },
      { name: 'Sizes', value: 'Kids UK 10 to adult UK 5.5' },
      { name: 'Closure', value: 'Laces' },
    ],
    categoryId: 'football-boots',
    priceCents: 4999,
    stock: 40,
    art: { kind: 'boot', upper: '#3a86ff', accent: '#ffbe0b', sole: '#ffffff', studs: 'firm' },
    createdDaysAgo: 300,
  },
  // -------------------------------------------------------------------------------------------
  // Balls
  // -------------------------------------------------------------------------------------------
  {
    id: 'match-pro-football',
    title: 'Match Pro Football',
    description:
      'A thermally bonded six-panel match ball with a textured skin for true flight and a confident touch. Meets size 5 weight and circumference standards for competitive play.',
    specs: [
      { name: 'Size', value: '5' },
      { name: 'Construction', value: 'Thermally bonded, 6 panels' },
      { name: 'Bladder', value: 'Butyl' },
      { name: 'Weight', value: '430 g' },
      { name: 'Circumference', value: '69 cm' },
    ],
    categoryId: 'balls',
    priceCents: 13999,
    stock: 20,
    art: {
      kind: 'football',
      style: 'modern',
      base: '#fbfbfb',
      panel: '#1d3557',
      accent: '#e63946',
    },
    createdDaysAgo: 14,
  },
  {
    id: 'classic-32-panel-football',
    title: 'Classic 32-Panel Football',
    description:
      'The black-and-white ball everyone draws: 12 pentagons and 20 hexagons, hand-stitched. Soft and forgiving on the foot, perfect for the park or the back garden.',
    specs: [
      { name: 'Size', value: '5' },
      { name: 'Construction', value: 'Hand-stitched, 32 panels' },
      { name: 'Cover', value: 'PU leather' },
      { name: 'Weight', value: '420 g' },
    ],
    categoryId: 'balls',
    priceCents: 3499,
    stock: 60,
    art: {
      kind: 'football',
      style: 'classic',
      base: '#fafafa',
      panel: '#1a1a1a',
      accent: '#1a1a1a',
    },
    createdDaysAgo: 320,
  },
  {
    id: 'club-training-football',
    title: 'Club Training Football',
    description:
      'A hard-wearing machine-stitched ball built for drills, week in and week out. The reinforced bladder holds air for longer, so there is less time at the pump and more time playing.',
    specs: [
      { name: 'Size', value: '4 or 5' },
      { name: 'Construction', value: 'Machine-stitched, 32 panels' },
      { name: 'Cover', value: 'TPU' },
      { name: 'Weight', value: '410 g (size 5)' },
    ],
    categoryId: 'balls',
    priceCents: 2499,
    stock: 85,
    art: {
      kind: 'football',
      style: 'classic',
      base: '#ffffff',
      panel: '#1d4f9c',
      accent: '#1d4f9c',
    },
    createdDaysAgo: 180,
  },
  {
    id: 'winter-hi-vis-football',
    title: 'Winter Hi-Vis Football',
    description:
      'Bright orange so you can spot it in snow, fog and floodlit drizzle. A grippy matte finish keeps it controllable when the grass is soaked.',
    specs: [
      { name: 'Size', value: '5' },
      { name: 'Construction', value: 'Machine-stitched, 32 panels' },
      { name: 'Cover', value: 'Matte PU' },
      { name: 'Weight', value: '425 g' },
    ],
    categoryId: 'balls',
    priceCents: 3999,
    stock: 0,
    art: {
      kind: 'football',
      style: 'classic',
      base: '#ff7a00',
      panel: '#1a1a1a',
      accent: '#1a1a1a',
    },
    createdDaysAgo: 230,
  },
  {
    id: 'indoor-futsal-ball',
    title: 'Indoor Futsal Ball',
    description:
      'A low-bounce futsal ball that stays on the floor and rewards quick, close control. The felt-backed cover grips hard sports-hall surfaces without skidding.',
    specs: [
      { name: 'Size', value: '4 (futsal)' },
      { name: 'Bounce', value: 'Low bounce, foam-backed' },
      { name: 'Weight', value: '410 g' },
      { name: 'Surface', value: 'Indoor hard courts' },
    ],
    categoryId: 'balls',
    priceCents: 4499,
    stock: 25,
    art: {
      kind: 'football',
      style: 'modern',
      base: '#fcbf49',
      panel: '#003049',
      accent: '#d62828',
    },
    createdDaysAgo: 95,
  },
  {
    id: 'mini-skills-football',
    title: 'Mini Skills Football',
    description:
      'A size 1 ball for keepy-ups, juggling and footwork drills in tight spaces. Small enough for the kitchen, and far quieter than you would expect.',
    specs: [
      { name: 'Size', value: '1' },
      { name: 'Circumference', value: '46 cm' },
      { name: 'Weight', value: '190 g' },
      { name: 'Cover', value: 'Soft TPU' },
    ],
    categoryId: 'balls',
    priceCents: 1499,
    stock: 70,
    art: {
      kind: 'football',
      style: 'modern',
      base: '#ffffff',
      panel: '#2a9d8f',
      accent: '#f4a261',
    },
    createdDaysAgo: 48,
  },
  // -------------------------------------------------------------------------------------------
  // Running
  // -------------------------------------------------------------------------------------------
  {
    id: 'aero-road-running-shoes',
    title: 'Aero Road Running Shoes',
    description:
      'A dependable daily trainer with a soft foam midsole and a breathable engineered mesh upper. Enough cushioning for long Sunday runs, with a lively toe-off for tempo days.',
    specs: [
      { name: 'Drop', value: '8 mm' },
      { name: 'Stack height', value: '36 mm heel / 28 mm forefoot' },
      { name: 'Weight', value: '255 g (US M9)' },
      { name: 'Upper', value: 'Engineered mesh' },
      { name: 'Sizes', value: 'US M7 to M13, W5 to W11' },
    ],
    categoryId: 'running',
    priceCents: 13999,
    stock: 28,
    art: { kind: 'shoe', upper: '#2563eb', accent: '#f8fafc', sole: '#eef2f7', style: 'road' },
    createdDaysAgo: 10,
  },
  {
    id: 'ridgeline-trail-running-shoes',
    title: 'Ridgeline Trail Running Shoes',
    description:
      'Deep 5 mm lugs bite into mud, gravel and loose rock. A protective toe bumper and a rock plate let you run technical descents with confidence. Olive upper hides the dirt well.',
    specs: [
      { name: 'Lugs', value: '5 mm multi-directional' },
      { name: 'Drop', value: '6 mm' },
      { name: 'Weight', value: '295 g (US M9)' },
      { name: 'Protection', value: 'Rock plate and toe bumper' },
    ],
    categoryId: 'running',
    priceCents: 14999,
    stock: 12,
    art: { kind: 'shoe', upper: '#5a6b34', accent: '#f97316', sole: '#e8e0cf', style: 'trail' },
    createdDaysAgo: 70,
  },
  {
    id: 'tempo-carbon-racing-shoes',
    title: 'Tempo Carbon Racing Shoes',
    description:
      'A race-day shoe with a full-length carbon plate sandwiched in bouncy foam. Built for 10K to marathon personal bests. Sold out for now; the next batch is on its way.',
    specs: [
      { name: 'Plate', value: 'Full-length carbon fibre' },
      { name: 'Drop', value: '8 mm' },
      { name: 'Weight', value: '199 g (US M9)' },
      { name: 'Stack height', value: '39 mm heel' },
    ],
    categoryId: 'running',
    priceCents: 24999,
    stock: 0,
    art: { kind: 'shoe', upper: '#fafafa', accent: '#ff3d7f', sole: '#ffd23f', style: 'racing' },
    createdDaysAgo: 2,
  },
  {
    id: 'featherlight-running-tee',
    title: 'Featherlight Running Tee',
    description:
      'A barely-there running shirt with laser-cut ventilation and flat seams that will not rub. Reflective details keep you visible on early morning runs.',
    specs: [
      { name: 'Material', value: '88% polyester, 12% elastane' },
      { name: 'Weight', value: '95 g (size M)' },
      { name: 'Fit', value: 'Slim' },
      { name: 'Sizes', value: 'XS to 2XL' },
    ],
    categoryId: 'running',
    priceCents: 3999,
    stock: 46,
    art: {
      kind: 'jersey',
      body: '#14b8a6',
      pattern: 'side-panels',
      patternColor: '#0f766e',
      trim: '#0f766e',
      collar: 'crew',
      sleeves: 'short',
      crest: false,
    },
    createdDaysAgo: 36,
  },
  {
    id: 'stride-running-shorts',
    title: 'Stride 5-inch Running Shorts',
    description:
      'Split-hem shorts with a built-in liner and a zipped back pocket that fits keys and a gel. The wide waistband stays flat without digging in.',
    specs: [
      { name: 'Inseam', value: '5 in (13 cm)' },
      { name: 'Liner', value: 'Built-in brief' },
      { name: 'Pockets', value: 'Zipped back pocket, 2 side gel pockets' },
      { name: 'Sizes', value: 'XS to 2XL' },
    ],
    categoryId: 'running',
    priceCents: 4499,
    stock: 38,
    art: { kind: 'shorts', body: '#1f2937', trim: '#f97316', length: 'short' },
    createdDaysAgo: 84,
  },
  {
    id: 'breeze-running-singlet',
    title: 'Breeze Running Singlet',
    description:
      'A sleeveless race singlet in high-visibility orange. The open mesh back dumps heat fast on summer race days, and it weighs next to nothing.',
    specs: [
      { name: 'Material', value: '100% polyester mesh' },
      { name: 'Weight', value: '70 g (size M)' },
      { name: 'Fit', value: 'Regular' },
      { name: 'Sizes', value: 'XS to 2XL' },
    ],
    categoryId: 'running',
    priceCents: 3499,
    stock: 5,
    art: {
      kind: 'jersey',
      body: '#f97316',
      pattern: 'plain',
      trim: '#ffffff',
      collar: 'crew',
      sleeves: 'none',
      crest: false,
    },
    createdDaysAgo: 115,
  },
  // -------------------------------------------------------------------------------------------
  // Tennis
  // -------------------------------------------------------------------------------------------
  {
    id: 'baseline-pro-tennis-racket',
    title: 'Baseline Pro Tennis Racket',
    description:
      'A 300 g graphite frame with a 100 sq in head for easy power from the back of the court. Comes pre-strung at mid tension, ready to hit.',
    specs: [
      { name: 'Head size', value: '100 sq in' },
      { name: 'Weight', value: '300 g unstrung' },
      { name: 'String pattern', value: '16 x 19' },
      { name: 'Grip size', value: 'L2, L3, L4' },
      { name: 'Balance', value: '320 mm' },
    ],
    categoryId: 'tennis',
    priceCents: 18999,
    stock: 15,
    art: {
      kind: 'racket',
      frame: '#1f2937',
      accent: '#22c55e',
      strings: '#f5f5f4',
      grip: '#f5f5f4',
    },
    createdDaysAgo: 20,
  },
  {
    id: 'spin-control-tennis-racket',
    title: 'Spin Control Tennis Racket',
    description:
      'An open string pattern and a stiff, thin-beam frame for heavy topspin. A favourite of aggressive club players who like to dictate from the baseline.',
    specs: [
      { name: 'Head size', value: '98 sq in' },
      { name: 'Weight', value: '305 g unstrung' },
      { name: 'String pattern', value: '16 x 18' },
      { name: 'Grip size', value: 'L2, L3' },
    ],
    categoryId: 'tennis',
    priceCents: 21999,
    stock: 6,
    art: {
      kind: 'racket',
      frame: '#1e40af',
      accent: '#f59e0b',
      strings: '#fde047',
      grip: '#111827',
    },
    createdDaysAgo: 90,
  },
  {
    id: 'junior-25-tennis-racket',
    title: 'Junior 25 Tennis Racket',
    description:
      'A light aluminium racket sized for players aged 9 to 10. Forgiving, durable and bright enough to find at the bottom of a kit bag.',
    specs: [
      { name: 'Length', value: '25 in' },
      { name: 'Weight', value: '230 g strung' },
      { name: 'Material', value: 'Aluminium alloy' },
      { name: 'Age', value: '9 to 10 years' },
    ],
    categoryId: 'tennis',
    priceCents: 3999,
    stock: 30,
    art: {
      kind: 'racket',
      frame: '#e11d48',
      accent: '#fbbf24',
      strings: '#ffffff',
      grip: '#1f2937',
    },
    createdDaysAgo: 200,
  },
  {
    id: 'championship-tennis-balls-3-pack',
    title: 'Championship Tennis Balls (3-Pack)',
    description:
      'Pressurised extra-duty felt balls that stay lively on hard courts. Sealed in a can to keep their bounce until you pop the lid.',
    specs: [
      { name: 'Quantity', value: '3 balls' },
      { name: 'Felt', value: 'Extra duty' },
      { name: 'Surface', value: 'Hard and clay courts' },
      { name: 'Type', value: 'Pressurised' },
    ],
    categoryId: 'tennis',
    priceCents: 699,
    stock: 240,
    art: { kind: 'tennis-balls', color: '#d4e72b', seam: '#fafafa' },
    createdDaysAgo: 150,
  },
  {
    id: 'tour-6-racket-bag',
    title: 'Tour 6-Racket Bag',
    description:
      'Two large compartments hold up to six rackets, with a separate vented pocket for shoes. Padded backpack straps make the walk from the car park easy. The thermal lining protects strings on hot days.',
    specs: [
      { name: 'Capacity', value: 'Up to 6 rackets' },
      { name: 'Dimensions', value: '76 x 33 x 30 cm' },
      { name: 'Compartments', value: '2 main, 1 vented shoe pocket' },
      { name: 'Carry', value: 'Handles and padded shoulder straps' },
    ],
    categoryId: 'tennis',
    priceCents: 7999,
    stock: 11,
    art: { kind: 'bag', body: '#1f2937', accent: '#22c55e' },
    createdDaysAgo: 60,
  },
  {
    id: 'court-classic-tennis-polo',
    title: 'Court Classic Tennis Polo',
    description:
      'A crisp white polo with navy tipping, as at home at the club bar as on court. Stretch pique knit keeps it comfortable through a long third set.',
    specs: [
      { name: 'Material', value: '92% cotton, 8% elastane pique' },
      { name: 'Fit', value: 'Regular' },
      { name: 'Sizes', value: 'S to 2XL' },
      { name: 'Care', value: 'Machine wash at 30 degrees' },
    ],
    categoryId: 'tennis',
    priceCents: 5499,
    stock: 1,
    art: {
      kind: 'jersey',
      body: '#fbfbf8',
      pattern: 'plain',
      trim: '#1b2a4a',
      collar: 'polo',
      sleeves: 'short',
      crest: false,
    },
    createdDaysAgo: 175,
  },
  // -------------------------------------------------------------------------------------------
  // Cycling
  // -------------------------------------------------------------------------------------------
  {
    id: 'aeroshell-road-helmet',
    title: 'Aeroshell Road Helmet',
    description:
      'A sleek road helmet with deep internal channels that pull cool air across your head. The dial fit system adjusts one-handed on the move. Weighs just 260 grams.',
    specs: [
      { name: 'Weight', value: '260 g (size M)' },
      { name: 'Sizes', value: 'S 51-55 cm, M 55-59 cm, L 59-63 cm' },
      { name: 'Vents', value: '18' },
      { name: 'Certification', value: 'EN 1078 and CPSC' },
    ],
    categoryId: 'cycling',
    priceCents: 12999,
    stock: 19,
    art: { kind: 'helmet', shell: '#f4f6f9', accent: '#ef4444', visor: false },
    createdDaysAgo: 30,
  },
  {
    id: 'ridge-trail-mtb-helmet',
    title: 'Ridge Trail MTB Helmet',
    description:
      'Extended rear coverage and an adjustable visor for trail riding. Large vents keep you cool on slow climbs, and the goggle-friendly brow sits flush with most frames.',
    specs: [
      { name: 'Weight', value: '340 g (size M)' },
      { name: 'Visor', value: '3-position adjustable' },
      { name: 'Vents', value: '14' },
      { name: 'Certification', value: 'EN 1078' },
    ],
    categoryId: 'cycling',
    priceCents: 10999,
    stock: 3,
    art: { kind: 'helmet', shell: '#3f4854', accent: '#f59e0b', visor: true },
    createdDaysAgo: 125,
  },
  {
    id: 'pro-team-cycling-jersey',
    title: 'Pro Team Cycling Jersey',
    description:
      'A race-cut jersey with a full-length zip, a silicone hem gripper and three deep rear pockets. The chest band in bright yellow makes you easy to spot in the bunch.',
    specs: [
      { name: 'Material', value: '100% polyester, four-way stretch' },
      { name: 'Fit', value: 'Race cut' },
      { name: 'Pockets', value: '3 rear pockets, 1 zipped' },
      { name: 'Zip', value: 'Full length, with garage' },
      { name: 'Sizes', value: 'XS to 2XL' },
    ],
    categoryId: 'cycling',
    priceCents: 8999,
    stock: 16,
    art: {
      kind: 'jersey',
      body: '#1e3a8a',
      pattern: 'band',
      patternColor: '#facc15',
      trim: '#111827',
      collar: 'zip',
      sleeves: 'short',
      crest: false,
    },
    createdDaysAgo: 50,
  },
  {
    id: 'thermal-long-sleeve-cycling-jersey',
    title: 'Thermal Long-Sleeve Cycling Jersey',
    description:
      'A brushed fleece-backed jersey for cold mornings and late-autumn rides. Long sleeves, a high collar and a full zip let you regulate temperature on the climbs.',
    specs: [
      { name: 'Material', value: 'Brushed thermal polyester' },
      { name: 'Temperature', value: '5 to 12 degrees C' },
      { name: 'Pockets', value: '3 rear pockets' },
      { name: 'Sizes', value: 'S to 2XL' },
    ],
    categoryId: 'cycling',
    priceCents: 10999,
    stock: 7,
    art: {
      kind: 'jersey',
      body: '#2f3640',
      pattern: 'side-panels',
      patternColor: '#c0392b',
      trim: '#c0392b',
      collar: 'zip',
      sleeves: 'long',
      crest: false,
    },
    createdDaysAgo: 280,
  },
  {
    id: 'insulated-bike-bottle-600ml',
    title: 'Insulated Bike Bottle 600 ml',
    description:
      'Double-walled insulation keeps drinks cold for twice as long as a standard bottle. The self-sealing valve means no leaks in your bag.',
    specs: [
      { name: 'Capacity', value: '600 ml' },
      { name: 'Material', value: 'BPA-free polypropylene' },
      { name: 'Valve', value: 'Self-sealing silicone' },
      { name: 'Fits', value: 'Standard bottle cages' },
    ],
    categoryId: 'cycling',
    priceCents: 1999,
    stock: 55,
    art: { kind: 'bottle', body: '#e5e7eb', cap: '#1f2937', accent: '#0ea5e9' },
    createdDaysAgo: 100,
  },
  {
    id: 'squeeze-bike-bottle-750ml',
    title: 'Squeeze Bike Bottle 750 ml',
    description:
      'A soft, easy-squeeze bottle with a high-flow nozzle for quick sips without breaking rhythm. Dishwasher safe and taste free.',
    specs: [
      { name: 'Capacity', value: '750 ml' },
      { name: 'Material', value: 'BPA-free LDPE' },
      { name: 'Nozzle', value: 'High-flow push-pull' },
      { name: 'Care', value: 'Top-rack dishwasher safe' },
    ],
    categoryId: 'cycling',
    priceCents: 999,
    stock: 120,
    art: { kind: 'bottle', body: '#ef4444', cap: '#f8fafc', accent: '#1f2937' },
    createdDaysAgo: 260,
  },
  // -------------------------------------------------------------------------------------------
  // Fitness
  // -------------------------------------------------------------------------------------------
  {
    id: 'hex-dumbbell-pair-10kg',
    title: 'Rubber Hex Dumbbells, 10 kg Pair',
    description:
      'Rubber-coated hexagonal heads that will not roll away or scuff the floor. The chrome handle is knurled for a secure grip even when your hands are sweaty.',
    specs: [
      { name: 'Weight', value: '2 x 10 kg' },
      { name: 'Heads', value: 'Rubber-encased cast iron, hexagonal' },
      { name: 'Handle', value: 'Knurled chrome steel, 32 mm' },
      { name: 'Length', value: '36 cm' },
    ],
    categoryId: 'fitness',
    priceCents: 7999,
    stock: 22,
    art: { kind: 'dumbbell', head: '#2b2f36', handle: '#c2c8d0' },
    createdDaysAgo: 42,
  },
  {
    id: 'neoprene-dumbbell-pair-3kg',
    title: 'Neoprene Dumbbells, 3 kg Pair',
    description:
      'Soft-touch neoprene dumbbells for toning, rehab and aerobics classes. The hex shape keeps them in place between sets.',
    specs: [
      { name: 'Weight', value: '2 x 3 kg' },
      { name: 'Coating', value: 'Neoprene' },
      { name: 'Shape', value: 'Hexagonal heads' },
      { name: 'Length', value: '23 cm' },
    ],
    categoryId: 'fitness',
    priceCents: 2999,
    stock: 44,
    art: { kind: 'dumbbell', head: '#e11d48', handle: '#f0a3b5' },
    createdDaysAgo: 310,
  },
  {
    id: 'cast-iron-kettlebell-16kg',
    title: 'Cast Iron Kettlebell 16 kg',
    description:
      'A single-piece cast iron kettlebell with a wide, smooth handle for two-handed swings. The flat base sits steady for renegade rows and goblet squats.',
    specs: [
      { name: 'Weight', value: '16 kg' },
      { name: 'Material', value: 'Single-cast iron, powder coated' },
      { name: 'Handle diameter', value: '35 mm' },
      { name: 'Height', value: '28 cm' },
    ],
    categoryId: 'fitness',
    priceCents: 5999,
    stock: 17,
    art: { kind: 'kettlebell', body: '#2b2f36', accent: '#f59e0b', weightKg: 16 },
    createdDaysAgo: 80,
  },
  {
    id: 'competition-kettlebell-24kg',
    title: 'Competition Kettlebell 24 kg',
    description:
      'Steel competition kettlebell with identical dimensions across every weight, so your technique carries over as you progress. Colour coded green for 24 kg.',
    specs: [
      { name: 'Weight', value: '24 kg' },
      { name: 'Material', value: 'Hollow steel shell' },
      { name: 'Handle diameter', value: '33 mm' },
      { name: 'Height', value: '28.5 cm (all weights)' },
    ],
    categoryId: 'fitness',
    priceCents: 11999,
    stock: 0,
    art: { kind: 'kettlebell', body: '#16a34a', accent: '#f8fafc', weightKg: 24 },
    createdDaysAgo: 160,
  },
  {
    id: 'grip-yoga-mat-6mm',
    title: 'Grip Yoga Mat 6 mm',
    description:
      'A cushioned 6 mm mat with a non-slip surface on both sides. Alignment lines help you set up each pose, and it rolls up small enough for a locker.',
    specs: [
      { name: 'Thickness', value: '6 mm' },
      { name: 'Dimensions', value: '183 x 61 cm' },
      { name: 'Material', value: 'TPE, latex free' },
      { name: 'Weight', value: '1.1 kg' },
    ],
    categoryId: 'fitness',
    priceCents: 3999,
    stock: 33,
    art: { kind: 'mat', color: '#8b5cf6', accent: '#ede9fe' },
    createdDaysAgo: 25,
  },
  {
    id: 'resistance-band-set',
    title: 'Resistance Loop Band Set',
    description:
      'Five colour-coded latex loop bands from extra light to extra heavy. Ideal for warm-ups, glute work and mobility, and they pack into a small pouch for travel.',
    specs: [
      { name: 'Quantity', value: '5 bands' },
      { name: 'Resistance', value: '2 to 18 kg' },
      { name: 'Material', value: 'Natural latex' },
      { name: 'Includes', value: 'Carry pouch and exercise guide' },
    ],
    categoryId: 'fitness',
    priceCents: 2499,
    stock: 90,
    art: { kind: 'bands', colors: ['#facc15', '#ef4444', '#22c55e', '#3b82f6', '#1f2937'] },
    createdDaysAgo: 140,
  },
  {
    id: 'speed-jump-rope',
    title: 'Speed Jump Rope',
    description:
      'Ball-bearing handles and a coated steel cable for fast, smooth double-unders. Tool-free length adjustment takes seconds.',
    specs: [
      { name: 'Cable', value: 'PVC-coated steel, 2.5 mm' },
      { name: 'Length', value: 'Adjustable up to 3 m' },
      { name: 'Handles', value: 'Aluminium with ball bearings' },
      { name: 'Weight', value: '180 g' },
    ],
    categoryId: 'fitness',
    priceCents: 1999,
    stock: 64,
    art: { kind: 'jump-rope', handle: '#1f2937', cable: '#94a3b8' },
    createdDaysAgo: 225,
  },
  {
    id: 'textured-foam-roller',
    title: 'Textured Foam Roller',
    description:
      'A firm, hollow-core roller with a multi-density surface that mimics a massage therapist\u2019s hands. Great for calves, quads and upper back after hard sessions.',
    specs: [
      { name: 'Length', value: '33 cm' },
      { name: 'Diameter', value: '14 cm' },
      { name: 'Core', value: 'Hollow, rigid' },
      { name: 'Max load', value: '250 kg' },
    ],
    categoryId: 'fitness',
    priceCents: 3499,
    stock: 5,
    art: { kind: 'foam-roller', color: '#0ea5e9', accent: '#f97316' },
    createdDaysAgo: 66,
  },
  // -------------------------------------------------------------------------------------------
  // Basketball
  // -------------------------------------------------------------------------------------------
  {
    id: 'indoor-game-basketball',
    title: 'Indoor Game Basketball',
    description:
      'A composite leather game ball with deep channels and a soft, tacky grip. Regulation size 7 for men\u2019s and senior play on hardwood courts.',
    specs: [
      { name: 'Size', value: '7 (29.5 in)' },
      { name: 'Cover', value: 'Composite leather' },
      { name: 'Surface', value: 'Indoor' },
      { name: 'Panels', value: '8' },
    ],
    categoryId: 'basketball',
    priceCents: 6999,
    stock: 27,
    art: { kind: 'basketball', color: '#d9661f', seam: '#1a1a1a' },
    createdDaysAgo: 15,
  },
  {
    id: 'street-outdoor-basketball',
    title: 'Street Outdoor Basketball',
    description:
      'A tough rubber ball that shrugs off concrete and asphalt. Pebbled all over for grip in dusty conditions. Available in size 6 and 7.',
    specs: [
      { name: 'Size', value: '6 or 7' },
      { name: 'Cover', value: 'Rubber' },
      { name: 'Surface', value: 'Outdoor' },
      { name: 'Weight', value: '600 g (size 7)' },
    ],
    categoryId: 'basketball',
    priceCents: 2999,
    stock: 48,
    art: { kind: 'basketball', color: '#b9531c', seam: '#222222' },
    createdDaysAgo: 190,
  },
  {
    id: 'skyline-high-top-basketball-shoes',
    title: 'Skyline High-Top Basketball Shoes',
    description:
      'A supportive high-top with a padded collar for ankle confidence on hard cuts. The herringbone outsole grips clean and dusty courts alike. Responsive cushioning under the forefoot helps on every jump.',
    specs: [
      { name: 'Cut', value: 'High-top' },
      { name: 'Outsole', value: 'Herringbone rubber' },
      { name: 'Weight', value: '410 g (US M9)' },
      { name: 'Sizes', value: 'US M6 to M15' },
    ],
    categoryId: 'basketball',
    priceCents: 15999,
    stock: 9,
    art: { kind: 'shoe', upper: '#b91c1c', accent: '#f8fafc', sole: '#f8fafc', style: 'court' },
    createdDaysAgo: 1,
  },
  {
    id: 'courtside-basketball-jersey',
    title: 'Courtside Basketball Jersey',
    description:
      'A lightweight mesh tank in purple and gold with a printed number 23. Deep armholes give you a full range of motion for jump shots. Pairs with our matching shorts.',
    specs: [
      { name: 'Material', value: '100% polyester mesh' },
      { name: 'Fit', value: 'Relaxed' },
      { name: 'Number', value: 'Printed 23' },
      { name: 'Sizes', value: 'S to 3XL' },
    ],
    categoryId: 'basketball',
    priceCents: 5999,
    stock: 20,
    art: {
      kind: 'jersey',
      body: '#5b21b6',
      pattern: 'plain',
      trim: '#facc15',
      collar: 'vneck',
      sleeves: 'none',
      number: 23,
      numberColor: '#facc15',
      crest: false,
    },
    createdDaysAgo: 245,
  },
  {
    id: 'over-the-door-mini-hoop',
    title: 'Over-the-Door Mini Hoop',
    description:
      'A shatter-resistant backboard with a spring-loaded rim for slam dunks in the bedroom. Padded brackets protect the door. Includes a mini ball and pump.',
    specs: [
      { name: 'Backboard', value: '45 x 30 cm polycarbonate' },
      { name: 'Rim', value: 'Spring-loaded steel, 23 cm' },
      { name: 'Includes', value: 'Mini ball and hand pump' },
      { name: 'Mounting', value: 'Padded over-the-door brackets' },
    ],
    categoryId: 'basketball',
    priceCents: 3999,
    stock: 1,
    art: { kind: 'hoop', board: '#f8fafc', rim: '#f97316', net: '#f1f5f9' },
    createdDaysAgo: 330,
  },
  // -------------------------------------------------------------------------------------------
  // Swimming
  // -------------------------------------------------------------------------------------------
  {
    id: 'mirror-racing-swim-goggles',
    title: 'Mirror Racing Swim Goggles',
    description:
      'Low-profile racing goggles with mirrored lenses that cut glare in outdoor pools. A split strap holds them steady through dives and tumble turns.',
    specs: [
      { name: 'Lens', value: 'Mirrored, anti-fog, UV protection' },
      { name: 'Strap', value: 'Split silicone strap' },
      { name: 'Nose bridge', value: '4 interchangeable sizes' },
      { name: 'Use', value: 'Racing and open water' },
    ],
    categoryId: 'swimming',
    priceCents: 3499,
    stock: 5,
    art: { kind: 'goggles', lens: '#3b82f6', frame: '#1f2937', strap: '#1f2937' },
    createdDaysAgo: 22,
  },
  {
    id: 'comfort-fit-swim-goggles',
    title: 'Comfort Fit Swim Goggles',
    description:
      'Soft, wide gaskets seal gently around the eyes for long training sessions. Clear lenses are ideal for indoor pools, and the strap adjusts with one click.',
    specs: [
      { name: 'Lens', value: 'Clear, anti-fog' },
      { name: 'Gasket', value: 'Soft silicone' },
      { name: 'Strap', value: 'Quick-adjust buckle' },
      { name: 'Use', value: 'Fitness and training' },
    ],
    categoryId: 'swimming',
    priceCents: 1999,
    stock: 52,
    art: { kind: 'goggles', lens: '#67e8f9', frame: '#0ea5e9', strap: '#0284c7' },
    createdDaysAgo: 135,
  },
  {
    id: 'silicone-swim-cap',
    title: 'Silicone Swim Cap',
    description:
      'A durable silicone cap that protects your hair and cuts drag. Stretchy enough for long hair without pulling.',
    specs: [
      { name: 'Material', value: '100% silicone' },
      { name: 'Size', value: 'One size' },
      { name: 'Thickness', value: '0.6 mm' },
    ],
    categoryId: 'swimming',
    priceCents: 1299,
    stock: 75,
    art: { kind: 'swim-cap', color: '#2563eb', accent: '#f8fafc' },
    createdDaysAgo: 270,
  },
  {
    id: 'training-kickboard',
    title: 'Training Kickboard',
    description:
      'A buoyant EVA foam kickboard for leg drills and learning to swim. Cut-out hand grips make it easy to hold, and the foam will not absorb water.',
    specs: [
      { name: 'Material', value: 'Closed-cell EVA foam' },
      { name: 'Dimensions', value: '44 x 29 x 3.8 cm' },
      { name: 'Grips', value: 'Two moulded hand holds' },
      { name: 'Use', value: 'Adults and juniors' },
    ],
    categoryId: 'swimming',
    priceCents: 1799,
    stock: 0,
    art: { kind: 'kickboard', color: '#facc15', accent: '#2563eb' },
    createdDaysAgo: 205,
  },
  {
    id: 'endurance-swim-jammer',
    title: 'Endurance Swim Jammer',
    description:
      'A chlorine-resistant knee-length jammer built to last hundreds of sessions. The compressive fit supports your muscles and reduces drag. Teal side stripes add a dash of colour.',
    specs: [
      { name: 'Material', value: '100% chlorine-resistant polyester' },
      { name: 'Length', value: 'Knee length' },
      { name: 'Waist', value: 'Internal drawcord' },
      { name: 'Sizes', value: '28 to 40 in waist' },
    ],
    categoryId: 'swimming',
    priceCents: 3999,
    stock: 14,
    art: { kind: 'shorts', body: '#111827', trim: '#06b6d4', length: 'jammer' },
    createdDaysAgo: 365,
  },
];
