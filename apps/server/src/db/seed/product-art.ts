/**
 * Deterministic, self-contained SVG product illustrations for the demo catalog.
 *
 * Every image uses the same square 800x800 viewBox (see PRODUCT_IMAGE_WIDTH/HEIGHT). The output
 * contains only inline presentation attributes: no scripts, event handlers, external references,
 * <image>, <foreignObject> or CSS. The only `url(...)` values are fragment references to gradients
 * and clip paths defined inside the same SVG, and every id is prefixed with the product id so
 * several images can be inlined into one HTML document without id collisions.
 */
import type { ProductSeed } from './catalog-data.js';

export const PRODUCT_IMAGE_WIDTH = 800;
export const PRODUCT_IMAGE_HEIGHT = 800;

/** Colours are always `#rrggbb`. */
export type Hex = string;

export type JerseyPattern =
  | 'plain'
  | 'stripes'
  | 'hoops'
  | 'sash'
  | 'halves'
  | 'pinstripes'
  | 'chevron'
  | 'checks'
  | 'band'
  | 'side-panels';

export interface JerseyArt {
  kind: 'jersey';
  body: Hex;
  pattern: JerseyPattern;
  /** Colour of the stripes/hoops/sash/etc. Defaults to `trim`. */
  patternColor?: Hex;
  /** Collar, cuffs, crest and number outline. */
  trim: Hex;
  collar: 'crew' | 'vneck' | 'polo' | 'zip';
  sleeves: 'short' | 'long' | 'none';
  /** Sleeves in a contrasting colour (drawn over the pattern). */
  sleeveColor?: Hex;
  /** Chest number (0-99). */
  number?: number;
  numberColor?: Hex;
  /** Small shield crest on the chest; default true. */
  crest?: boolean;
}

export type ProductArt =
  | JerseyArt
  | { kind: 'shorts'; body: Hex; trim: Hex; length: 'short' | 'jammer' }
  | { kind: 'boot'; upper: Hex; accent: Hex; sole: Hex; studs: 'firm' | 'soft' | 'turf' }
  | {
      kind: 'shoe';
      upper: Hex;
      accent: Hex;
      sole: Hex;
      style: 'road' | 'trail' | 'racing' | 'court';
    }
  | { kind: 'football'; style: 'classic' | 'modern'; base: Hex; panel: Hex; accent: Hex }
  | { kind: 'basketball'; color: Hex; seam: Hex }
  | { kind: 'tennis-balls'; color: Hex; seam: Hex }
  | { kind: 'racket'; frame: Hex; accent: Hex; strings: Hex; grip: Hex }
  | { kind: 'bag'; body: Hex; accent: Hex }
  | { kind: 'helmet'; shell: Hex; accent: Hex; visor: boolean }
  | { kind: 'bottle'; body: Hex; cap: Hex; accent: Hex }
  | { kind: 'dumbbell'; head: Hex; handle: Hex }
  | { kind: 'kettlebell'; body: Hex; accent: Hex; weightKg: number }
  | { kind: 'mat'; color: Hex; accent: Hex }
  | { kind: 'bands'; colors: Hex[] }
  | { kind: 'jump-rope'; handle: Hex; cable: Hex }
  | { kind: 'foam-roller'; color: Hex; accent: Hex }
  | { kind: 'hoop'; board: Hex; rim: Hex; net: Hex }
  | { kind: 'goggles'; lens: Hex; frame: Hex; strap: Hex }
  | { kind: 'swim-cap'; color: Hex; accent: Hex }
  | { kind: 'kickboard'; color: Hex; accent: Hex };

export type ProductArtKind = ProductArt['kind'];

// ---------------------------------------------------------------------------------------------
// Small utilities
// ---------------------------------------------------------------------------------------------

const HEX_RE = /^#[0-9a-fA-F]{6}$/;
const FALLBACK = '#8a8f98';

/** Returns a safe `#rrggbb` colour (anything else is replaced by a neutral grey). */
function col(c: string | undefined): string {
  return c !== undefined && HEX_RE.test(c) ? c.toLowerCase() : FALLBACK;
}

function rgb(c: string): [number, number, number] {
  const h = col(c);
  return [
    Number.parseInt(h.slice(1, 3), 16),
    Number.parseInt(h.slice(3, 5), 16),
    Number.parseInt(h.slice(5, 7), 16),
  ];
}

function toHex(r: number, g: number, b: number): string {
  const p = (v: number) =>
    Math.max(0, Math.min(255, Math.round(v)))
      .toString(16)
      .padStart(2, '0');
  return `#${p(r)}${p(g)}${p(b)}`;
}

/** Linear mix: t = 0 gives a, t = 1 gives b. */
function mix(a: string, b: string, t: number): string {
  const [r1, g1, b1] = rgb(a);
  const [r2, g2, b2] = rgb(b);
  return toHex(r1 + (r2 - r1) * t, g1 + (g2 - g1) * t, b1 + (b2 - b1) * t);
}

/** amt > 0 lightens towards white, amt < 0 darkens towards black. */
function shade(c: string, amt: number): string {
  return amt >= 0 ? mix(c, '#ffffff', amt) : mix(c, '#000000', -amt);
}

function luminance(c: string): number {
  const [r, g, b] = rgb(c);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** Compact number formatting for coordinates. */
function f(n: number): string {
  const r = Math.round(n * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** FNV-1a, used to derive small deterministic per-product variations. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

type Pt = [number, number];

function poly(points: Pt[]): string {
  return `M${points.map(([x, y]) => `${f(x)} ${f(y)}`).join(' L')}Z`;
}

function polyline(points: Pt[]): string {
  return `M${points.map(([x, y]) => `${f(x)} ${f(y)}`).join(' L')}`;
}

/** Drawing context: unique ids per product. */
class Ctx {
  readonly defs: string[] = [];
  private n = 0;
  constructor(private readonly prefix: string) {}

  id(name: string): string {
    this.n += 1;
    return `${this.prefix}-${name}${this.n}`;
  }

  linear(
    stops: [number, string, number?][],
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    userSpace = false,
  ): string {
    const id = this.id('lg');
    const units = userSpace ? ' gradientUnits="userSpaceOnUse"' : '';
    this.defs.push(
      `<linearGradient id="${id}" x1="${f(x1)}" y1="${f(y1)}" x2="${f(x2)}" y2="${f(y2)}"${units}>${stopsXml(stops)}</linearGradient>`,
    );
    return `url(#${id})`;
  }

  radial(stops: [number, string, number?][], cx: number, cy: number, r: number, userSpace = false) {
    const id = this.id('rg');
    const units = userSpace ? ' gradientUnits="userSpaceOnUse"' : '';
    this.defs.push(
      `<radialGradient id="${id}" cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}"${units}>${stopsXml(stops)}</radialGradient>`,
    );
    return `url(#${id})`;
  }

  clip(content: string): string {
    const id = this.id('cp');
    this.defs.push(`<clipPath id="${id}">${content}</clipPath>`);
    return `url(#${id})`;
  }
}

function stopsXml(stops: [number, string, number?][]): string {
  return stops
    .map(([o, c, op]) => {
      const opacity =
        op === undefined || op === 1 ? '' : ` stop-opacity="${Math.round(op * 1000) / 1000}"`;
      return `<stop offset="${Math.round(o * 1000) / 1000}" stop-color="${col(c)}"${opacity}/>`;
    })
    .join('');
}

/** Horizontal cylinder-style shading overlay (dark edges, soft highlight). */
function cylinderShade(ctx: Ctx, x1: number, x2: number, strength = 1, vertical = false): string {
  const s = strength;
  return ctx.linear(
    [
      [0, '#000000', 0.28 * s],
      [0.22, '#000000', 0.04 * s],
      [0.38, '#ffffff', 0.22 * s],
      [0.55, '#ffffff', 0.05 * s],
      [0.85, '#000000', 0.12 * s],
      [1, '#000000', 0.32 * s],
    ],
    vertical ? 0 : x1,
    vertical ? x1 : 0,
    vertical ? 0 : x2,
    vertical ? x2 : 0,
    true,
  );
}

interface Drawing {
  body: string;
  /** Floor shadow ellipse. */
  shadow: { cx: number; cy: number; rx: number; ry: number };
  /** Main colour, used to tint the studio backdrop. */
  tint: string;
  /** Optional transform applied to the object and its shadow (e.g. to enlarge footwear). */
  transform?: string;
}

// ---------------------------------------------------------------------------------------------
// Jerseys and shorts
// ---------------------------------------------------------------------------------------------

interface Seg {
  to: Pt;
  c1?: Pt;
  c2?: Pt;
}

const mirror = ([x, y]: Pt): Pt => [800 - x, y];

function segXml(s: Seg): string {
  if (s.c1 && s.c2) {
    return `C${f(s.c1[0])} ${f(s.c1[1])} ${f(s.c2[0])} ${f(s.c2[1])} ${f(s.to[0])} ${f(s.to[1])}`;
  }
  return `L${f(s.to[0])} ${f(s.to[1])}`;
}

/**
 * Builds a symmetric garment outline from the left half (viewer's left), given as a start point
 * and segments going down to the hem; the right half is mirrored, `hem` closes the bottom.
 */
function symmetricPath(start: Pt, left: Seg[], hemDepth: number, neck: string): string {
  const parts = [`M${f(start[0])} ${f(start[1])}`];
  for (const s of left) parts.push(segXml(s));
  const last = left[left.length - 1]?.to ?? start;
  parts.push(`Q400 ${f(last[1] + hemDepth)} ${f(800 - last[0])} ${f(last[1])}`);
  // Right half: walk the left segments backwards, mirrored.
  for (let i = left.length - 1; i >= 0; i--) {
    const s = left[i];
    if (!s) continue;
    const from = i === 0 ? start : (left[i - 1]?.to ?? start);
    const to = mirror(from);
    if (s.c1 && s.c2) parts.push(segXml({ to, c1: mirror(s.c2), c2: mirror(s.c1) }));
    else parts.push(segXml({ to }));
  }
  parts.push(neck);
  return `${parts.join(' ')}Z`;
}

function mirrorPath(points: Pt[]): Pt[] {
  return points.map(mirror);
}

function jersey(ctx: Ctx, a: JerseyArt): Drawing {
  const body = col(a.body);
  const trim = col(a.trim);
  const pc = col(a.patternColor ?? a.trim);
  const outlineColor = shade(body, luminance(body) > 0.8 ? -0.32 : -0.38);

  const tank = a.sleeves === 'none';
  const nl: Pt = tank ? [336, 142] : a.collar === 'zip' ? [334, 140] : [322, 150];
  const nr = mirror(nl);

  // Front neckline from the right neck point back to the left one.
  let neck: string;
  let neckBack: string;
  if (a.collar === 'vneck') {
    const depth = tank ? 250 : 232;
    neck = `L400 ${depth} L${f(nl[0])} ${f(nl[1])}`;
    neckBack = `M${f(nl[0])} ${f(nl[1])} C350 ${f(nl[1] - 16)} 450 ${f(nl[1] - 16)} ${f(nr[0])} ${f(nr[1])} ${neck}Z`;
  } else {
    const dip = tank ? 96 : a.collar === 'zip' ? 22 : a.collar === 'polo' ? 36 : 44;
    const cy = nl[1] + dip * 1.33;
    neck = `C${f(nr[0] - 18)} ${f(cy)} ${f(nl[0] + 18)} ${f(cy)} ${f(nl[0])} ${f(nl[1])}`;
    neckBack = `M${f(nl[0])} ${f(nl[1])} C350 ${f(nl[1] - 16)} 450 ${f(nl[1] - 16)} ${f(nr[0])} ${f(nr[1])} ${neck}Z`;
  }

  let left: Seg[];
  let sleeve: Pt[] | null = null; // left sleeve polygon (straight-line approximation is fine for fill)
  let sleevePath = '';
  let cuff: Pt[] | null = null;
  if (a.sleeves === 'short') {
    left = [
      { to: [228, 178], c1: [290, 160], c2: [258, 168] },
      { to: [112, 262] },
      { to: [170, 352] },
      { to: [238, 306] },
      { to: [236, 650], c1: [248, 400], c2: [244, 520] },
    ];
    sleevePath = 'M228 178 L112 262 L170 352 L238 306 C242 260 240 215 228 178Z';
    sleeve = [];
    cuff = [
      [112, 262],
      [170, 352],
      [185, 341],
      [127, 251],
    ];
  } else if (a.sleeves === 'long') {
    left = [
      { to: [228, 178], c1: [290, 160], c2: [258, 168] },
      { to: [150, 290], c1: [190, 200], c2: [165, 240] },
      { to: [112, 590], c1: [136, 390], c2: [120, 490] },
      { to: [174, 600] },
      { to: [238, 320], c1: [192, 490], c2: [224, 390] },
      { to: [236, 650], c1: [248, 420], c2: [244, 530] },
    ];
    sleevePath =
      'M228 178 C190 200 165 240 150 290 C136 390 120 490 112 590 L174 600 C192 490 224 390 238 320 C241 270 238 220 228 178Z';
    sleeve = [];
    cuff = [
      [112, 590],
      [174, 600],
      [177, 574],
      [115, 564],
    ];
  } else {
    left = [
      { to: [278, 150] },
      { to: [232, 330], c1: [280, 240], c2: [262, 310] },
      { to: [240, 650], c1: [244, 420], c2: [246, 530] },
    ];
  }
  const outline = symmetricPath(nl, left, 18, neck);
  const clip = ctx.clip(`<path d="${outline}"/>`);

  const out: string[] = [];
  // Inside of the back of the shirt, visible through the neck opening.
  out.push(`<path d="${neckBack}" fill="${shade(body, luminance(body) > 0.8 ? -0.28 : -0.45)}"/>`);
  out.push(`<path d="${outline}" fill="${body}"/>`);

  // Pattern, clipped to the shirt.
  const pat: string[] = [];
  switch (a.pattern) {
    case 'stripes': {
      const w = 520 / 9;
      for (let i = 1; i < 9; i += 2) {
        pat.push(`<rect x="${f(140 + i * w)}" y="100" width="${f(w)}" height="600" fill="${pc}"/>`);
      }
      break;
    }
    case 'pinstripes':
      for (let x = 166; x < 660; x += 30) {
        pat.push(`<rect x="${f(x)}" y="100" width="6" height="600" fill="${pc}" opacity="0.85"/>`);
      }
      break;
    case 'hoops': {
      const h = 520 / 9;
      for (let i = 1; i < 9; i += 2) {
        pat.push(`<rect x="60" y="${f(150 + i * h)}" width="680" height="${f(h)}" fill="${pc}"/>`);
      }
      break;
    }
    case 'sash':
      pat.push(`<path d="M250 150 L340 150 L600 680 L510 680Z" fill="${pc}"/>`);
      break;
    case 'halves':
      pat.push(`<rect x="400" y="100" width="340" height="600" fill="${pc}"/>`);
      break;
    case 'chevron':
      pat.push(`<path d="M100 250 L400 420 L700 250 L700 310 L400 480 L100 310Z" fill="${pc}"/>`);
      break;
    case 'band':
      pat.push(`<rect x="60" y="300" width="680" height="78" fill="${pc}"/>`);
      pat.push(`<rect x="60" y="388" width="680" height="12" fill="${pc}"/>`);
      break;
    case 'checks': {
      const s = 52;
      for (let r = 0; r < 12; r++) {
        for (let c = 0; c < 14; c++) {
          if ((r + c) % 2 === 0) {
            pat.push(
              `<rect x="${f(36 + c * s)}" y="${f(140 + r * s)}" width="${s}" height="${s}" fill="${pc}"/>`,
            );
          }
        }
      }
      break;
    }
    case 'side-panels':
      pat.push(`<path d="M234 300 L284 300 C292 420 294 540 290 700 L234 700Z" fill="${pc}"/>`);
      pat.push(`<path d="M566 300 L516 300 C508 420 506 540 510 700 L566 700Z" fill="${pc}"/>`);
      break;
    case 'plain':
      break;
  }
  if (sleeve && a.sleeveColor) {
    const sc = col(a.sleeveColor);
    pat.push(`<path d="${sleevePath}" fill="${sc}"/>`);
    pat.push(`<path d="${sleevePath}" fill="${sc}" transform="matrix(-1 0 0 1 800 0)"/>`);
  }
  if (cuff) {
    pat.push(`<path d="${poly(cuff)}" fill="${trim}"/>`);
    pat.push(`<path d="${poly(mirrorPath(cuff))}" fill="${trim}"/>`);
  }
  // Hem trim on long-sleeved goalkeeper/cycling shirts is a nice detail; keep it subtle.
  if (a.collar === 'zip') {
    pat.push(`<rect x="100" y="636" width="600" height="40" fill="${trim}"/>`);
  }
  if (tank) {
    // Armhole binding.
    const arm = 'M278 150 C280 240 262 310 232 330';
    pat.push(`<path d="${arm}" fill="none" stroke="${trim}" stroke-width="18"/>`);
    pat.push(
      `<path d="${arm}" fill="none" stroke="${trim}" stroke-width="18" transform="matrix(-1 0 0 1 800 0)"/>`,
    );
  }

  // Fabric shading: seams and folds.
  const fold = shade(body, -0.5);
  pat.push(
    `<path d="M296 450 C318 510 316 580 300 640 M522 500 C506 550 508 600 518 648" fill="none" stroke="${fold}" stroke-width="10" stroke-linecap="round" opacity="0.08"/>`,
  );
  if (a.sleeves !== 'none') {
    const seam =
      a.sleeves === 'short'
        ? 'M228 178 C240 215 242 260 238 306'
        : 'M228 178 C238 220 241 270 238 320';
    pat.push(
      `<path d="${seam}" fill="none" stroke="${shade(body, -0.6)}" stroke-width="2.5" opacity="0.35"/>`,
      `<path d="${seam}" fill="none" stroke="${shade(body, -0.6)}" stroke-width="2.5" opacity="0.35" transform="matrix(-1 0 0 1 800 0)"/>`,
    );
  }
  pat.push(
    `<rect x="60" y="100" width="680" height="620" fill="${cylinderShade(ctx, 120, 680, 0.8)}"/>`,
  );
  pat.push(
    `<rect x="60" y="100" width="680" height="620" fill="${ctx.linear(
      [
        [0, '#ffffff', 0.12],
        [0.35, '#ffffff', 0],
        [1, '#000000', 0.12],
      ],
      0,
      0,
      0,
      1,
    )}"/>`,
  );
  out.push(`<g clip-path="${clip}">${pat.join('')}</g>`);
  out.push(
    `<path d="${outline}" fill="none" stroke="${outlineColor}" stroke-width="3" stroke-linejoin="round"/>`,
  );

  // Collar.
  const frontNeck = `M${f(nr[0])} ${f(nr[1])} ${neck}`;
  if (a.collar === 'crew' || a.collar === 'vneck') {
    out.push(
      `<path d="${frontNeck}" fill="none" stroke="${trim}" stroke-width="${tank ? 20 : 16}" stroke-linejoin="round" stroke-linecap="round"/>`,
    );
    out.push(
      `<path d="M${f(nl[0])} ${f(nl[1])} C350 ${f(nl[1] - 16)} 450 ${f(nl[1] - 16)} ${f(nr[0])} ${f(nr[1])}" fill="none" stroke="${shade(trim, -0.25)}" stroke-width="9" stroke-linecap="round"/>`,
    );
  } else if (a.collar === 'polo') {
    out.push(
      `<path d="${frontNeck}" fill="none" stroke="${trim}" stroke-width="12" stroke-linecap="round"/>`,
      `<path d="M${f(nl[0])} ${f(nl[1])} C350 ${f(nl[1] - 16)} 450 ${f(nl[1] - 16)} ${f(nr[0])} ${f(nr[1])}" fill="none" stroke="${shade(trim, -0.25)}" stroke-width="14" stroke-linecap="round"/>`,
      // placket with two buttons
      `<path d="M388 196 L412 196 L412 262 L388 262Z" fill="${trim}"/>`,
      `<circle cx="400" cy="218" r="4.5" fill="${shade(trim, -0.4)}"/>`,
      `<circle cx="400" cy="244" r="4.5" fill="${shade(trim, -0.4)}"/>`,
      // collar flaps
      `<path d="M316 146 C300 170 300 196 312 222 L396 198 C370 186 340 168 322 146Z" fill="${trim}" stroke="${shade(trim, -0.3)}" stroke-width="2.5" stroke-linejoin="round"/>`,
      `<path d="M484 146 C500 170 500 196 488 222 L404 198 C430 186 460 168 478 146Z" fill="${trim}" stroke="${shade(trim, -0.3)}" stroke-width="2.5" stroke-linejoin="round"/>`,
    );
  } else {
    // Zip: short stand-up collar and a full-length zip.
    out.push(
      `<path d="M334 140 C334 120 338 108 344 104 C380 96 420 96 456 104 C462 108 466 120 466 140 C440 162 360 162 334 140Z" fill="${trim}" stroke="${shade(trim, -0.3)}" stroke-width="2.5"/>`,
      `<path d="M400 155 L400 668" stroke="${shade(body, -0.55)}" stroke-width="7"/>`,
      `<path d="M400 155 L400 668" stroke="${shade(body, 0.4)}" stroke-width="1.5" stroke-dasharray="3 3" opacity="0.8"/>`,
      `<rect x="393" y="152" width="14" height="34" rx="4" fill="#c9ced6" stroke="#6b717a" stroke-width="2"/>`,
    );
  }

  // Crest and a small generic maker mark.
  if (a.crest !== false) {
    const cx = 478;
    const cy = a.collar === 'zip' ? 248 : tank ? 262 : 250;
    out.push(
      `<path d="M${cx - 22} ${cy - 26} H${cx + 22} V${cy} C${cx + 22} ${cy + 17} ${cx + 10} ${cy + 26} ${cx} ${cy + 31} C${cx - 10} ${cy + 26} ${cx - 22} ${cy + 17} ${cx - 22} ${cy}Z" fill="${trim}" stroke="${shade(trim, -0.35)}" stroke-width="2.5"/>`,
      `<path d="M${cx} ${cy - 14} L${cx + 4} ${cy - 4} L${cx + 14} ${cy - 4} L${cx + 6} ${cy + 3} L${cx + 9} ${cy + 13} L${cx} ${cy + 7} L${cx - 9} ${cy + 13} L${cx - 6} ${cy + 3} L${cx - 14} ${cy - 4} L${cx - 4} ${cy - 4}Z" fill="${body === trim ? shade(trim, -0.4) : body}"/>`,
      `<path d="M${800 - cx - 16} ${cy - 8} L${800 - cx} ${cy + 6} L${800 - cx + 16} ${cy - 8}" fill="none" stroke="${trim}" stroke-width="7" stroke-linecap="round" stroke-linejoin="round"/>`,
    );
  }

  if (a.number !== undefined) {
    const num = escapeXml(String(Math.max(0, Math.min(99, Math.trunc(a.number)))));
    const nc = col(a.numberColor ?? a.trim);
    const y = tank ? 470 : 450;
    out.push(
      `<text x="400" y="${y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-weight="700" font-size="150" fill="${nc}" stroke="${shade(nc, luminance(nc) > 0.6 ? -0.35 : 0.5)}" stroke-width="4" paint-order="stroke">${num}</text>`,
    );
  }

  return { body: out.join(''), shadow: { cx: 400, cy: 712, rx: 250, ry: 20 }, tint: body };
}

function shorts(ctx: Ctx, a: { body: string; trim: string; length: 'short' | 'jammer' }): Drawing {
  const body = col(a.body);
  const trim = col(a.trim);
  const jam = a.length === 'jammer';
  const outline = jam
    ? 'M262 200 L538 200 C548 330 560 470 566 640 L432 650 C428 520 418 400 400 330 C382 400 372 520 368 650 L234 640 C240 470 252 330 262 200Z'
    : 'M228 220 L572 220 C590 330 618 450 644 560 L450 592 C440 500 422 420 400 380 C378 420 360 500 350 592 L156 560 C182 450 210 330 228 220Z';
  const clip = ctx.clip(`<path d="${outline}"/>`);
  const inner: string[] = [];
  if (jam) {
    inner.push(`<path d="M280 200 L300 200 L260 660 L240 660Z" fill="${trim}"/>`);
    inner.push(`<path d="M520 200 L500 200 L540 660 L560 660Z" fill="${trim}"/>`);
    inner.push(`<rect x="200" y="196" width="400" height="26" fill="${shade(body, -0.25)}"/>`);
  } else {
    inner.push(`<path d="M218 220 L236 220 L180 580 L158 576Z" fill="${trim}"/>`);
    inner.push(`<path d="M582 220 L564 220 L620 580 L642 576Z" fill="${trim}"/>`);
    inner.push(`<rect x="150" y="214" width="500" height="40" fill="${shade(body, -0.22)}"/>`);
    inner.push(
      `<path d="M170 540 C240 556 300 566 350 572 M630 540 C560 556 500 566 450 572" fill="none" stroke="${trim}" stroke-width="8"/>`,
    );
    inner.push(
      `<path d="M388 250 C392 270 390 300 400 330 M410 250 C406 270 408 300 400 330" fill="none" stroke="${shade(body, -0.5)}" stroke-width="3" opacity="0.5"/>`,
    );
  }
  inner.push(
    `<rect x="120" y="180" width="560" height="500" fill="${cylinderShade(ctx, 160, 640, 0.8)}"/>`,
  );
  return {
    body: `<g clip-path="${clip}"><path d="${outline}" fill="${body}"/>${inner.join('')}</g><path d="${outline}" fill="none" stroke="${shade(body, -0.4)}" stroke-width="3" stroke-linejoin="round"/>${
      jam
        ? ''
        : `<path d="M300 236 C340 250 360 270 370 300 M500 236 C460 250 440 270 430 300" fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round"/>`
    }`,
    shadow: { cx: 400, cy: jam ? 690 : 640, rx: 230, ry: 18 },
    tint: body,
  };
}

// ---------------------------------------------------------------------------------------------
// Footwear
// ---------------------------------------------------------------------------------------------

type Cubic = [Pt, Pt, Pt, Pt];

function cubicAt([p0, p1, p2, p3]: Cubic, t: number): { p: Pt; n: Pt } {
  const u = 1 - t;
  const p: Pt = [
    u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
    u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1],
  ];
  const dx =
    3 * u * u * (p1[0] - p0[0]) + 6 * u * t * (p2[0] - p1[0]) + 3 * t * t * (p3[0] - p2[0]);
  const dy =
    3 * u * u * (p1[1] - p0[1]) + 6 * u * t * (p2[1] - p1[1]) + 3 * t * t * (p3[1] - p2[1]);
  const l = Math.hypot(dx, dy) || 1;
  // Normal pointing "into" the shoe (below the lace line).
  return { p, n: [-dy / l, dx / l] };
}

interface FootwearGeom {
  upper: string;
  lace: Cubic;
  laceRange: [number, number];
  collarInner: string;
  heelCounter: string;
  toeCap: string;
  /** Upper y-offset, used for the taller racing stack. */
  lift: number;
}

const RUNNER: FootwearGeom = {
  upper:
    'M176 530 C158 480 156 410 178 360 C184 346 192 338 204 334 C230 350 262 372 292 372 C316 372 330 350 342 322 C350 312 366 310 372 318 C420 360 480 400 540 428 C600 452 650 478 672 512 C676 522 672 532 664 534 L176 534Z',
  lace: [
    [372, 318],
    [420, 360],
    [480, 400],
    [540, 428],
  ],
  laceRange: [0.1, 0.92],
  collarInner:
    'M204 334 C236 322 300 312 346 316 C334 346 318 372 292 372 C262 372 230 350 204 334Z',
  heelCounter: 'M140 300 C214 318 252 390 262 540 L140 540Z',
  toeCap: 'M592 436 C610 466 618 500 614 540 L720 540 L720 420Z',
  lift: 0,
};

const COURT: FootwearGeom = {
  upper:
    'M176 530 C160 460 158 340 178 262 C184 248 196 240 212 240 C240 254 268 262 296 262 C318 262 332 250 342 232 C350 222 366 222 372 230 C400 300 460 380 540 424 C600 452 650 478 672 512 C676 522 672 532 664 534 L176 534Z',
  lace: [
    [372, 230],
    [400, 300],
    [460, 380],
    [540, 424],
  ],
  laceRange: [0.08, 0.9],
  collarInner:
    'M212 240 C246 230 304 222 346 226 C334 248 318 262 296 262 C268 262 240 254 212 240Z',
  heelCounter: 'M140 330 C220 350 256 420 262 540 L140 540Z',
  toeCap: 'M592 436 C610 466 618 500 614 540 L720 540 L720 420Z',
  lift: 0,
};

const BOOT: FootwearGeom = {
  upper:
    'M182 516 C166 470 164 412 184 370 C190 358 198 352 210 350 C238 362 270 378 300 378 C320 378 334 362 346 342 C354 332 368 332 374 338 C430 384 500 420 572 446 C632 466 678 484 696 504 C700 510 696 516 686 516 L182 516Z',
  lace: [
    [374, 338],
    [430, 384],
    [500, 420],
    [572, 446],
  ],
  laceRange: [0.1, 0.78],
  collarInner:
    'M210 350 C250 338 310 330 350 336 C338 358 322 378 300 378 C270 378 238 362 210 350Z',
  heelCounter: 'M140 320 C214 340 250 400 258 530 L140 530Z',
  toeCap: 'M610 452 C630 474 640 496 640 530 L720 530 L720 440Z',
  lift: 0,
};

function footwearUpper(
  ctx: Ctx,
  g: FootwearGeom,
  upper: string,
  side: string,
  opts: { mesh: boolean; laceColor: string; tab: string },
): string {
  const clip = ctx.clip(`<path d="${g.upper}"/>`);
  const inner: string[] = [];
  if (opts.mesh) {
    const dots: string[] = [];
    for (let y = 220; y < 560; y += 13) {
      for (let x = 160 + ((y / 13) % 2) * 6.5; x < 700; x += 13) dots.push(`M${f(x)} ${f(y)}h0.01`);
    }
    const ink = luminance(upper) > 0.55 ? '#000000' : '#ffffff';
    inner.push(
      `<path d="${dots.join('')}" stroke="${ink}" stroke-width="4.5" stroke-linecap="round" opacity="0.08"/>`,
    );
  }
  inner.push(`<path d="${g.heelCounter}" fill="${shade(upper, -0.16)}"/>`);
  inner.push(`<path d="${g.toeCap}" fill="${shade(upper, -0.1)}"/>`);
  inner.push(side);
  // Eyestay: a band along the lace line.
  const [t0, t1] = g.laceRange;
  const band: Pt[] = [];
  const back: Pt[] = [];
  for (let i = 0; i <= 12; i++) {
    const t = t0 - 0.06 + ((t1 + 0.04 - (t0 - 0.06)) * i) / 12;
    const { p, n } = cubicAt(g.lace, t);
    band.push([p[0] - n[0] * 6, p[1] - n[1] * 6]);
    back.push([p[0] + n[0] * 34, p[1] + n[1] * 34]);
  }
  inner.push(`<path d="${poly([...band, ...back.reverse()])}" fill="${shade(upper, -0.22)}"/>`);
  inner.push(
    `<rect x="120" y="200" width="600" height="360" fill="${ctx.linear(
      [
        [0, '#ffffff', 0.3],
        [0.55, '#ffffff', 0],
        [1, '#000000', 0.22],
      ],
      0,
      0,
      0,
      1,
    )}"/>`,
  );
  const out: string[] = [
    `<path d="${g.upper}" fill="${upper}"/>`,
    `<g clip-path="${clip}">${inner.join('')}</g>`,
    `<path d="${g.collarInner}" fill="${shade(upper, -0.55)}"/>`,
    `<path d="${g.upper}" fill="none" stroke="${shade(upper, -0.45)}" stroke-width="3" stroke-linejoin="round"/>`,
  ];
  // Heel pull tab.
  const ht = g.collarInner.match(/^M(\d+) (\d+)/);
  if (ht) {
    const hx = Number(ht[1]);
    const hy = Number(ht[2]);
    out.push(
      `<path d="M${hx - 22} ${hy + 16} C${hx - 24} ${hy} ${hx - 18} ${hy - 14} ${hx - 8} ${hy - 16} C${hx} ${hy - 17} ${hx + 6} ${hy - 10} ${hx + 8} ${hy + 2}Z" fill="${opts.tab}" stroke="${shade(opts.tab, -0.35)}" stroke-width="2"/>`,
    );
  }
  // Laces: short rungs from each eyelet over the top edge.
  const laces = 6;
  for (let i = 0; i < laces; i++) {
    const t = t0 + ((t1 - t0) * i) / (laces - 1);
    const { p, n } = cubicAt(g.lace, t);
    const e: Pt = [p[0] + n[0] * 20, p[1] + n[1] * 20];
    out.push(
      `<circle cx="${f(e[0])}" cy="${f(e[1])}" r="5" fill="${shade(upper, -0.6)}"/>`,
      `<path d="M${f(e[0])} ${f(e[1])} L${f(p[0] + n[0] * 2 + 6)} ${f(p[1] + n[1] * 2 - 4)}" stroke="${shade(opts.laceColor, -0.25)}" stroke-width="9" stroke-linecap="round"/>`,
      `<path d="M${f(e[0])} ${f(e[1])} L${f(p[0] + n[0] * 2 + 6)} ${f(p[1] + n[1] * 2 - 4)}" stroke="${opts.laceColor}" stroke-width="6" stroke-linecap="round"/>`,
    );
  }
  return g.lift ? `<g transform="translate(0 ${-g.lift})">${out.join('')}</g>` : out.join('');
}

function boot(
  ctx: Ctx,
  a: { upper: string; accent: string; sole: string; studs: 'firm' | 'soft' | 'turf' },
): Drawing {
  const upper = col(a.upper);
  const accent = col(a.accent);
  const sole = col(a.sole);
  const out: string[] = [];
  const baseY = 532;
  if (a.studs === 'turf') {
    for (let x = 196; x <= 660; x += 24) {
      out.push(
        `<rect x="${x - 8}" y="${baseY - 6}" width="16" height="18" rx="5" fill="${shade(sole, -0.15)}" stroke="${shade(sole, -0.45)}" stroke-width="1.5"/>`,
      );
    }
  } else {
    const xs = a.studs === 'soft' ? [214, 282, 452, 532, 612] : [206, 272, 440, 500, 560, 624];
    for (const x of xs) {
      if (a.studs === 'soft') {
        out.push(
          `<path d="M${x - 15} ${baseY - 4} L${x + 15} ${baseY - 4} L${x + 12} ${baseY + 28} L${x - 12} ${baseY + 28}Z" fill="#c7ccd3" stroke="#6a7079" stroke-width="2"/>`,
          `<rect x="${x - 12}" y="${baseY + 20}" width="24" height="8" fill="#8d939c"/>`,
        );
      } else {
        out.push(
          `<path d="M${x - 15} ${baseY - 4} L${x + 15} ${baseY - 4} L${x + 9} ${baseY + 30} L${x - 9} ${baseY + 30}Z" fill="${shade(sole, -0.12)}" stroke="${shade(sole, -0.45)}" stroke-width="2"/>`,
        );
      }
    }
  }
  const side = [
    `<path d="M196 486 C330 470 470 444 600 470 L612 490 C480 466 336 490 204 506Z" fill="${accent}"/>`,
    `<path d="M420 390 C470 400 520 430 560 476 L540 480 C506 440 466 414 420 404Z" fill="${accent}" opacity="0.55"/>`,
    `<path d="M600 462 C618 478 628 496 630 514 M626 470 C640 482 648 498 650 512 M652 482 C662 490 668 500 670 510" fill="none" stroke="${shade(upper, -0.35)}" stroke-width="3.5" opacity="0.5"/>`,
  ].join('');
  out.push(
    footwearUpper(ctx, BOOT, upper, side, {
      mesh: false,
      laceColor: luminance(upper) > 0.75 ? shade(accent, 0.1) : '#f5f6f8',
      tab: accent,
    }),
  );
  // Sole plate.
  const plate = `M176 500 C166 514 170 532 198 534 L640 532 C672 530 696 522 706 504 C700 498 690 500 684 502 L180 504Z`;
  out.push(
    `<path d="${plate}" fill="${sole}" stroke="${shade(sole, -0.4)}" stroke-width="2.5" stroke-linejoin="round"/>`,
  );
  out.push(
    `<path d="M190 512 L680 510" stroke="${shade(sole, 0.4)}" stroke-width="3" opacity="0.6"/>`,
  );
  return {
    body: out.join(''),
    shadow: { cx: 440, cy: baseY + 34, rx: 280, ry: 20 },
    tint: upper,
    transform: 'translate(-72 -40) scale(1.18)',
  };
}

function shoe(
  ctx: Ctx,
  a: { upper: string; accent: string; sole: string; style: 'road' | 'trail' | 'racing' | 'court' },
): Drawing {
  const upper = col(a.upper);
  const accent = col(a.accent);
  const sole = col(a.sole);
  const geom =
    a.style === 'court' ? COURT : a.style === 'racing' ? { ...RUNNER, lift: 22 } : RUNNER;
  const out: string[] = [];
  const side =
    a.style === 'court'
      ? [
          `<path d="M250 540 C300 470 340 400 360 300 C390 300 420 310 446 330 C420 420 380 480 340 540Z" fill="${accent}"/>`,
          `<path d="M150 440 L262 440 L262 452 L150 452Z" fill="${accent}" opacity="0.7"/>`,
        ].join('')
      : [
          `<path d="M300 540 C330 470 372 410 406 350 C432 360 452 374 470 392 C440 440 420 490 410 540Z" fill="${accent}"/>`,
          `<path d="M420 540 C436 500 456 462 484 424" fill="none" stroke="${accent}" stroke-width="4" opacity="0.7"/>`,
          `<path d="M200 510 C320 502 480 506 640 514" fill="none" stroke="${accent}" stroke-width="5"/>`,
        ].join('');
  out.push(
    footwearUpper(ctx, geom, upper, side, {
      mesh: a.style !== 'court',
      laceColor: luminance(upper) > 0.75 ? shade(accent, 0.1) : '#f5f6f8',
      tab: accent,
    }),
  );
  // Midsole: thicker for the racing shoe.
  const top = a.style === 'racing' ? 470 : 498;
  const mid = `M170 ${top} C156 ${top + 24} 160 562 190 572 L600 572 C642 570 670 556 684 532 C686 522 680 ${top + 16} 668 ${top + 14} C560 ${top + 10} 320 ${top + 4} 170 ${top}Z`;
  const midClip = ctx.clip(`<path d="${mid}"/>`);
  const sideDetail: string[] = [];
  if (a.style === 'racing') {
    sideDetail.push(
      `<path d="M180 520 C320 514 480 522 690 514" fill="none" stroke="#22252b" stroke-width="6"/>`,
    );
  } else if (a.style === 'court') {
    for (let x = 190; x < 680; x += 16)
      sideDetail.push(
        `<path d="M${x} 552 L${x + 8} 566" stroke="${shade(sole, -0.3)}" stroke-width="3"/>`,
      );
  } else {
    sideDetail.push(
      `<path d="M220 ${top + 40} C300 ${top + 30} 360 ${top + 36} 420 ${top + 48}" fill="none" stroke="${shade(sole, -0.18)}" stroke-width="4" stroke-linecap="round"/>`,
    );
  }
  out.push(
    `<path d="${mid}" fill="${sole}"/>`,
    `<g clip-path="${midClip}">${sideDetail.join('')}<rect x="140" y="556" width="580" height="30" fill="${a.style === 'trail' ? '#2b2f36' : shade(sole, -0.55)}"/><rect x="140" y="${top - 10}" width="580" height="110" fill="${ctx.linear(
      [
        [0, '#ffffff', 0.4],
        [0.55, '#ffffff', 0],
        [1, '#000000', 0.18],
      ],
      0,
      0,
      0,
      1,
    )}"/></g>`,
    `<path d="${mid}" fill="none" stroke="${shade(sole, -0.35)}" stroke-width="2.5" stroke-linejoin="round"/>`,
  );
  if (a.style === 'trail') {
    const lugs: string[] = [];
    for (let x = 200; x < 650; x += 28)
      lugs.push(`<rect x="${x}" y="568" width="16" height="14" rx="3" fill="#2b2f36"/>`);
    out.push(lugs.join(''));
  }
  return {
    body: out.join(''),
    shadow: { cx: 430, cy: 578, rx: 285, ry: 20 },
    tint: upper,
    transform:
      a.style === 'court' ? 'translate(-60 -46) scale(1.16)' : 'translate(-66 -72) scale(1.16)',
  };
}

// ---------------------------------------------------------------------------------------------
// Balls (projected 3D geometry, so panels curve naturally)
// ---------------------------------------------------------------------------------------------

type V3 = [number, number, number];

const dot = (a: V3, b: V3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: V3, b: V3): V3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const add = (a: V3, b: V3): V3 => [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
const scale = (a: V3, s: number): V3 => [a[0] * s, a[1] * s, a[2] * s];
const cross = (a: V3, b: V3): V3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const norm = (a: V3): V3 => scale(a, 1 / Math.hypot(a[0], a[1], a[2]));
const lerp3 = (a: V3, b: V3, t: number): V3 => add(a, scale(sub(b, a), t));

function rotator(rx: number, ry: number, rz: number): (p: V3) => V3 {
  const [sx, cx] = [Math.sin(rx), Math.cos(rx)];
  const [sy, cy] = [Math.sin(ry), Math.cos(ry)];
  const [sz, cz] = [Math.sin(rz), Math.cos(rz)];
  return ([x, y, z]) => {
    // Z, then Y, then X.
    const x1 = x * cz - y * sz;
    const y1 = x * sz + y * cz;
    const x2 = x1 * cy + z * sy;
    const z2 = -x1 * sy + z * cy;
    const y3 = y1 * cx - z2 * sx;
    const z3 = y1 * sx + z2 * cx;
    return [x2, y3, z3];
  };
}

interface Sphere {
  cx: number;
  cy: number;
  r: number;
  rot: (p: V3) => V3;
}

/** Projects a closed polygon on the unit sphere; points behind are clamped to the silhouette. */
function spherePolygon(s: Sphere, verts: V3[], steps = 10): string | null {
  const pts: Pt[] = [];
  let visible = false;
  for (let i = 0; i < verts.length; i++) {
    const a = verts[i];
    const b = verts[(i + 1) % verts.length];
    if (!a || !b) continue;
    for (let k = 0; k < steps; k++) {
      const p = s.rot(norm(lerp3(a, b, k / steps)));
      let [x, y] = p;
      if (p[2] > 0.02) visible = true;
      if (p[2] < 0) {
        const l = Math.hypot(x, y) || 1;
        x /= l;
        y /= l;
      }
      pts.push([s.cx + x * s.r, s.cy - y * s.r]);
    }
  }
  return visible ? poly(pts) : null;
}

/** Projects an open/closed curve on the sphere, returning only the visible runs. */
function sphereCurve(s: Sphere, pts3: V3[]): string {
  const runs: Pt[][] = [];
  let cur: Pt[] = [];
  for (const q of pts3) {
    const p = s.rot(norm(q));
    if (p[2] >= 0) {
      cur.push([s.cx + p[0] * s.r, s.cy - p[1] * s.r]);
    } else if (cur.length) {
      runs.push(cur);
      cur = [];
    }
  }
  if (cur.length) runs.push(cur);
  return runs
    .filter((r) => r.length > 1)
    .map(polyline)
    .join(' ');
}

function circle3(n: V3, d: number, steps = 120): V3[] {
  const nn = norm(n);
  const helper: V3 = Math.abs(nn[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0];
  const u = norm(cross(nn, helper));
  const w = cross(nn, u);
  const r = Math.sqrt(Math.max(0, 1 - d * d));
  const out: V3[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = (i / steps) * Math.PI * 2;
    out.push(add(scale(nn, d), add(scale(u, r * Math.cos(t)), scale(w, r * Math.sin(t)))));
  }
  return out;
}

let truncatedIcosahedronCache: { pentagons: V3[][]; hexagons: V3[][] } | null = null;

function truncatedIcosahedron(): { pentagons: V3[][]; hexagons: V3[][] } {
  if (truncatedIcosahedronCache) return truncatedIcosahedronCache;
  const phi = (1 + Math.sqrt(5)) / 2;
  const v: V3[] = [];
  for (const s1 of [-1, 1]) {
    for (const s2 of [-1, 1]) {
      v.push([0, s1, s2 * phi], [s1, s2 * phi, 0], [s2 * phi, 0, s1]);
    }
  }
  const adj = (i: number, j: number) => {
    const a = v[i];
    const b = v[j];
    if (!a || !b) return false;
    const d = sub(a, b);
    return Math.abs(dot(d, d) - 4) < 1e-6;
  };
  const pentagons: V3[][] = [];
  v.forEach((p, i) => {
    const nb = v.filter((_, j) => j !== i && adj(i, j));
    const first = nb[0];
    if (!first) return;
    const pn = norm(p);
    const u = norm(sub(first, scale(pn, dot(first, pn))));
    const w = cross(pn, u);
    nb.sort((a, b) => {
      const da = sub(a, p);
      const db = sub(b, p);
      return Math.atan2(dot(da, w), dot(da, u)) - Math.atan2(dot(db, w), dot(db, u));
    });
    pentagons.push(nb.map((q) => lerp3(p, q, 1 / 3)));
  });
  const hexagons: V3[][] = [];
  for (let i = 0; i < v.length; i++) {
    for (let j = i + 1; j < v.length; j++) {
      for (let k = j + 1; k < v.length; k++) {
        if (!adj(i, j) || !adj(j, k) || !adj(i, k)) continue;
        const a = v[i];
        const b = v[j];
        const c = v[k];
        if (!a || !b || !c) continue;
        hexagons.push([
          lerp3(a, b, 1 / 3),
          lerp3(a, b, 2 / 3),
          lerp3(b, c, 1 / 3),
          lerp3(b, c, 2 / 3),
          lerp3(c, a, 1 / 3),
          lerp3(c, a, 2 / 3),
        ]);
      }
    }
  }
  truncatedIcosahedronCache = { pentagons, hexagons };
  return truncatedIcosahedronCache;
}

function sphereShading(ctx: Ctx, cx: number, cy: number, r: number, strength = 1): string {
  const hl = ctx.radial(
    [
      [0, '#ffffff', 0.55 * strength],
      [0.45, '#ffffff', 0.08 * strength],
      [1, '#ffffff', 0],
    ],
    cx - r * 0.35,
    cy - r * 0.4,
    r * 0.9,
    true,
  );
  const sh = ctx.radial(
    [
      [0, '#000000', 0],
      [0.62, '#000000', 0.04 * strength],
      [0.9, '#000000', 0.22 * strength],
      [1, '#000000', 0.38 * strength],
    ],
    cx - r * 0.15,
    cy - r * 0.18,
    r * 1.15,
    true,
  );
  return `<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="${sh}"/><circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="${hl}"/>`;
}

function football(
  ctx: Ctx,
  id: string,
  a: { style: 'classic' | 'modern'; base: string; panel: string; accent: string },
): Drawing {
  const cx = 400;
  const cy = 410;
  const r = 230;
  const h = hash(id);
  const base = col(a.base);
  const panel = col(a.panel);
  const accent = col(a.accent);
  const seam = shade(base, -0.55);
  // Panels are painted back to front so that any imprecision near the silhouette is covered
  // by the panels facing the viewer.
  const layers: { z: number; svg: string }[] = [];
  const depth = (s: Sphere, verts: V3[]) =>
    s.rot(norm(verts.reduce((acc, q) => add(acc, q), [0, 0, 0] as V3)))[2];
  if (a.style === 'classic') {
    const rot = rotator(
      0.42 + (h % 7) * 0.03,
      -0.3 + ((h >> 3) % 5) * 0.04,
      0.2 + ((h >> 6) % 9) * 0.05,
    );
    const s: Sphere = { cx, cy, r, rot };
    const { pentagons, hexagons } = truncatedIcosahedron();
    for (const [polys, fill] of [
      [hexagons, base],
      [pentagons, panel],
    ] as const) {
      for (const pg of polys) {
        const d = spherePolygon(s, pg);
        if (d) {
          layers.push({
            z: depth(s, pg),
            svg: `<path d="${d}" fill="${fill}" stroke="${seam}" stroke-width="3" stroke-linejoin="round"/>`,
          });
        }
      }
    }
  } else {
    // Six curved panels (a cube projected onto the sphere) with an accent motif per panel.
    const rot = rotator(0.32, 0.38 + (h % 5) * 0.05, 0.12 + ((h >> 4) % 11) * 0.14);
    const s: Sphere = { cx, cy, r, rot };
    const axes: V3[] = [
      [1, 0, 0],
      [-1, 0, 0],
      [0, 1, 0],
      [0, -1, 0],
      [0, 0, 1],
      [0, 0, -1],
    ];
    axes.forEach((n, i) => {
      const u: V3 = Math.abs(n[0]) > 0 ? [0, 1, 0] : [1, 0, 0];
      const w = cross(n, u);
      const face: V3[] = [
        add(n, add(u, w)),
        add(n, sub(w, u)),
        sub(sub(n, u), w),
        sub(add(n, u), w),
      ];
      const parts: string[] = [];
      const d = spherePolygon(s, face, 16);
      if (!d) return;
      parts.push(`<path d="${d}" fill="${base}" stroke="${seam}" stroke-width="3"/>`);
      // Accent motif: a curved four-pointed star with a smaller inner star.
      const star = (k: number, twist: number): V3[] => {
        const pts: V3[] = [];
        for (let j = 0; j < 8; j++) {
          const ang = (Math.PI / 4) * j + twist;
          const rr = j % 2 === 0 ? k : k * 0.32;
          pts.push(add(n, add(scale(u, rr * Math.cos(ang)), scale(w, rr * Math.sin(ang)))));
        }
        return pts;
      };
      const twist = (i * Math.PI) / 7;
      const dd = spherePolygon(s, star(0.86, twist), 8);
      if (dd)
        parts.push(`<path d="${dd}" fill="${i % 2 ? panel : accent}" stroke-linejoin="round"/>`);
      const di = spherePolygon(s, star(0.42, twist), 8);
      if (di) parts.push(`<path d="${di}" fill="${i % 2 ? accent : panel}"/>`);
      layers.push({ z: depth(s, face), svg: parts.join('') });
    });
  }
  layers.sort((p, q) => p.z - q.z);
  const out = [
    `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${base}"/>`,
    ...layers.map((l) => l.svg),
  ];
  const clip = ctx.clip(`<circle cx="${cx}" cy="${cy}" r="${r}"/>`);
  const body = `<g clip-path="${clip}">${out.join('')}${sphereShading(ctx, cx, cy, r)}</g><circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${shade(base, -0.5)}" stroke-width="2.5"/>`;
  return { body, shadow: { cx, cy: cy + r + 12, rx: r * 0.95, ry: 26 }, tint: panel };
}

function basketball(ctx: Ctx, id: string, a: { color: string; seam: string }): Drawing {
  const cx = 400;
  const cy = 410;
  const r = 230;
  const color = col(a.color);
  const seam = col(a.seam);
  const h = hash(id);
  const s: Sphere = {
    cx,
    cy,
    r,
    rot: rotator(0.3, -0.38 + (h % 5) * 0.06, 0.3 - ((h >> 5) % 7) * 0.09),
  };
  const curves = [
    circle3([1, 0, 0], 0),
    circle3([0, 1, 0], 0),
    circle3([1, 0, 0], 0.7),
    circle3([-1, 0, 0], 0.7),
  ];
  // Pebbled leather texture.
  const dots: string[] = [];
  for (let y = cy - r; y < cy + r; y += 11) {
    for (let x = cx - r + ((y / 11) % 2) * 5.5; x < cx + r; x += 11)
      dots.push(`M${f(x)} ${f(y)}h0.01`);
  }
  const clip = ctx.clip(`<circle cx="${cx}" cy="${cy}" r="${r}"/>`);
  const body = `<g clip-path="${clip}"><circle cx="${cx}" cy="${cy}" r="${r}" fill="${color}"/><path d="${dots.join('')}" stroke="${shade(color, -0.4)}" stroke-width="4" stroke-linecap="round" opacity="0.25"/>${curves
    .map(
      (c) =>
        `<path d="${sphereCurve(s, c)}" fill="none" stroke="${seam}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>`,
    )
    .join(
      '',
    )}${sphereShading(ctx, cx, cy, r)}</g><circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${shade(color, -0.5)}" stroke-width="2.5"/>`;
  return { body, shadow: { cx, cy: cy + r + 12, rx: r * 0.95, ry: 26 }, tint: color };
}

function tennisBall(
  ctx: Ctx,
  cx: number,
  cy: number,
  r: number,
  color: string,
  seam: string,
  rot: (p: V3) => V3,
) {
  const s: Sphere = { cx, cy, r, rot };
  const a = 0.72;
  const b = 0.28;
  const pts: V3[] = [];
  for (let i = 0; i <= 200; i++) {
    const t = (i / 200) * Math.PI * 2;
    pts.push([
      a * Math.cos(t) + b * Math.cos(3 * t),
      a * Math.sin(t) - b * Math.sin(3 * t),
      2 * Math.sqrt(a * b) * Math.sin(2 * t),
    ]);
  }
  const fuzz = ctx.radial(
    [
      [0, shade(color, 0.25)],
      [0.7, color],
      [1, shade(color, -0.25)],
    ],
    0.4,
    0.35,
    0.75,
  );
  const clip = ctx.clip(`<circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}"/>`);
  return `<g clip-path="${clip}"><circle cx="${f(cx)}" cy="${f(cy)}" r="${f(r)}" fill="${fuzz}"/><path d="${sphereCurve(s, pts)}" fill="none" stroke="${seam}" stroke-width="${f(r * 0.09)}" stroke-linecap="round"/>${sphereShading(ctx, cx, cy, r, 0.8)}</g>`;
}

function tennisBalls(ctx: Ctx, a: { color: string; seam: string }): Drawing {
  const color = col(a.color);
  const seam = col(a.seam);
  const r = 120;
  const body = [
    tennisBall(ctx, 400, 340, r, color, seam, rotator(0.5, 0.3, 0.9)),
    tennisBall(ctx, 290, 520, r, color, seam, rotator(-0.2, 0.8, 0.1)),
    tennisBall(ctx, 520, 525, r, color, seam, rotator(0.9, -0.4, 1.6)),
  ].join('');
  return { body, shadow: { cx: 405, cy: 648, rx: 270, ry: 24 }, tint: color };
}

// ---------------------------------------------------------------------------------------------
// Tennis
// ---------------------------------------------------------------------------------------------

function racket(
  ctx: Ctx,
  a: { frame: string; accent: string; strings: string; grip: string },
): Drawing {
  const frame = col(a.frame);
  const accent = col(a.accent);
  const strings = col(a.strings);
  const grip = col(a.grip);
  const cx = 400;
  const hy = 270;
  const rx = 150;
  const ry = 192;
  const stringLines: string[] = [];
  for (let x = cx - rx; x <= cx + rx; x += 19) stringLines.push(`M${f(x)} ${hy - ry}V${hy + ry}`);
  for (let y = hy - ry; y <= hy + ry; y += 19) stringLines.push(`M${cx - rx} ${f(y)}H${cx + rx}`);
  const clip = ctx.clip(`<ellipse cx="${cx}" cy="${hy}" rx="${rx - 10}" ry="${ry - 10}"/>`);
  const grip0 = 560;
  const grip1 = 770;
  const wraps: string[] = [];
  for (let y = grip0 + 8; y < grip1 - 20; y += 22) wraps.push(`M382 ${y + 10} L418 ${y}`);
  const g = [
    // throat
    `<path d="M312 420 C350 470 380 510 388 566 L412 566 C420 510 450 470 488 420" fill="none" stroke="${frame}" stroke-width="24" stroke-linejoin="round"/>`,
    `<path d="M330 440 C360 452 440 452 470 440" fill="none" stroke="${shade(frame, -0.2)}" stroke-width="14"/>`,
    // strings
    `<g clip-path="${clip}"><ellipse cx="${cx}" cy="${hy}" rx="${rx}" ry="${ry}" fill="${shade(strings, -0.1)}" opacity="0.08"/><path d="${stringLines.join('')}" stroke="${strings}" stroke-width="3"/></g>`,
    // frame
    `<ellipse cx="${cx}" cy="${hy}" rx="${rx}" ry="${ry}" fill="none" stroke="${frame}" stroke-width="26"/>`,
    `<path d="M${cx - rx + 4} ${hy - 60} A${rx} ${ry} 0 0 1 ${cx - 40} ${hy - ry + 4}" fill="none" stroke="${accent}" stroke-width="12" stroke-linecap="round"/>`,
    `<path d="M${cx + rx - 4} ${hy + 60} A${rx} ${ry} 0 0 1 ${cx + 40} ${hy + ry - 4}" fill="none" stroke="${accent}" stroke-width="12" stroke-linecap="round"/>`,
    `<ellipse cx="${cx}" cy="${hy}" rx="${rx}" ry="${ry}" fill="none" stroke="#ffffff" stroke-width="3" opacity="0.35" transform="translate(-4 -4)"/>`,
    // shaft and grip
    `<rect x="384" y="556" width="32" height="20" fill="${shade(frame, -0.15)}"/>`,
    `<rect x="378" y="${grip0}" width="44" height="${grip1 - grip0}" rx="8" fill="${grip}"/>`,
    `<path d="${wraps.join('')}" stroke="${shade(grip, -0.35)}" stroke-width="3"/>`,
    `<rect x="378" y="${grip0}" width="44" height="${grip1 - grip0}" rx="8" fill="${cylinderShade(ctx, 378, 422)}"/>`,
    `<rect x="374" y="${grip1 - 18}" width="52" height="22" rx="7" fill="${frame}"/>`,
  ].join('');
  return {
    body: `<g transform="rotate(-32 400 430) translate(0 30)">${g}</g>`,
    shadow: { cx: 420, cy: 720, rx: 230, ry: 18 },
    tint: frame,
  };
}

function bag(ctx: Ctx, a: { body: string; accent: string }): Drawing {
  const body = col(a.body);
  const accent = col(a.accent);
  const outline =
    'M180 360 C180 300 230 280 300 280 L500 280 C570 280 620 300 620 360 L640 560 C640 600 610 620 560 620 L240 620 C190 620 160 600 160 560Z';
  const clip = ctx.clip(`<path d="${outline}"/>`);
  const g = [
    // strap behind
    `<path d="M200 380 C170 200 300 110 400 110 C500 110 630 200 600 380" fill="none" stroke="${shade(body, -0.45)}" stroke-width="22"/>`,
    `<path d="M320 125 C360 112 440 112 480 125" fill="none" stroke="${shade(body, -0.3)}" stroke-width="34" stroke-linecap="round"/>`,
    `<path d="${outline}" fill="${body}"/>`,
    `<g clip-path="${clip}">` +
      `<path d="M140 460 L660 460 L660 640 L140 640Z" fill="${shade(body, -0.12)}"/>` +
      `<path d="M140 452 L660 452" stroke="${accent}" stroke-width="16"/>` +
      `<rect x="260" y="490" width="280" height="90" rx="18" fill="${shade(body, -0.22)}"/>` +
      `<path d="M280 500 L520 500" stroke="#20242a" stroke-width="5" stroke-dasharray="6 3"/>` +
      `<rect x="100" y="260" width="600" height="380" fill="${ctx.linear(
        [
          [0, '#ffffff', 0.25],
          [0.5, '#ffffff', 0],
          [1, '#000000', 0.25],
        ],
        0,
        0,
        0,
        1,
      )}"/>` +
      `<rect x="100" y="260" width="600" height="380" fill="${cylinderShade(ctx, 160, 640, 0.6)}"/>` +
      `</g>`,
    `<path d="${outline}" fill="none" stroke="${shade(body, -0.5)}" stroke-width="3"/>`,
    // main zip
    `<path d="M200 330 C260 306 540 306 600 330" fill="none" stroke="#1f2328" stroke-width="7"/>`,
    `<path d="M200 330 C260 306 540 306 600 330" fill="none" stroke="#8a9099" stroke-width="2" stroke-dasharray="4 4"/>`,
    `<rect x="540" y="312" width="14" height="40" rx="4" fill="${accent}" transform="rotate(-12 547 332)"/>`,
    // carry handles
    `<path d="M330 300 C330 230 470 230 470 300" fill="none" stroke="${shade(body, -0.35)}" stroke-width="18" stroke-linecap="round"/>`,
    `<rect x="355" y="236" width="90" height="30" rx="12" fill="${accent}"/>`,
    // racket compartment badge (a tiny racket outline)
    `<ellipse cx="226" cy="400" rx="20" ry="26" fill="none" stroke="${accent}" stroke-width="5"/><path d="M226 426 L226 458" stroke="${accent}" stroke-width="6" stroke-linecap="round"/>`,
  ].join('');
  return { body: g, shadow: { cx: 400, cy: 632, rx: 270, ry: 22 }, tint: body };
}

// ---------------------------------------------------------------------------------------------
// Cycling
// ---------------------------------------------------------------------------------------------

function helmet(ctx: Ctx, a: { shell: string; accent: string; visor: boolean }): Drawing {
  const shell = col(a.shell);
  const accent = col(a.accent);
  const outline =
    'M160 470 C140 360 250 230 420 222 C560 216 660 300 668 420 C670 440 660 452 640 456 C560 464 500 470 430 478 C330 490 240 500 176 492 C166 488 162 480 160 470Z';
  const clip = ctx.clip(`<path d="${outline}"/>`);
  // Vents: long slots following the shell's curvature, separated by ribs.
  const vents: string[] = [];
  const ecx = 414;
  const ecy = 486;
  const rows: [number, number, [number, number][]][] = [
    [
      0.86,
      30,
      [
        [118, 146],
        [82, 110],
        [48, 74],
        [22, 40],
      ],
    ],
    [
      0.64,
      24,
      [
        [124, 156],
        [88, 116],
        [52, 80],
      ],
    ],
  ];
  for (const [k, width, segs] of rows) {
    for (const [a0, a1] of segs) {
      const pts: Pt[] = [];
      for (let i = 0; i <= 12; i++) {
        const t = ((a0 + ((a1 - a0) * i) / 12) * Math.PI) / 180;
        pts.push([ecx + 256 * k * Math.cos(t), ecy - 262 * k * Math.sin(t)]);
      }
      const d = polyline(pts);
      vents.push(
        `<path d="${d}" fill="none" stroke="${shade(shell, 0.35)}" stroke-width="${width + 6}" stroke-linecap="round" transform="translate(0 3)"/>`,
        `<path d="${d}" fill="none" stroke="#1d2126" stroke-width="${width}" stroke-linecap="round"/>`,
        `<path d="${d}" fill="none" stroke="#3b424c" stroke-width="${width * 0.35}" stroke-linecap="round" transform="translate(0 4)"/>`,
      );
    }
  }
  const g = [
    // straps and buckle
    `<path d="M300 488 C320 560 360 600 404 620 C440 600 470 560 480 476" fill="none" stroke="#2a2e34" stroke-width="9"/>`,
    `<rect x="388" y="606" width="32" height="24" rx="5" fill="#2a2e34"/>`,
    // rear retention dial
    `<path d="M170 470 C180 520 210 540 246 536" fill="none" stroke="#2a2e34" stroke-width="12" stroke-linecap="round"/>`,
    `<circle cx="196" cy="520" r="16" fill="#2a2e34"/>`,
    `<circle cx="196" cy="520" r="6" fill="${accent}"/>`,
    // inner EPS liner edge
    `<path d="M176 492 C240 500 330 490 430 478 C500 470 560 464 640 456 L636 474 C560 484 480 492 420 498 C320 510 240 514 184 506Z" fill="#e9e6df" stroke="#b9b5ab" stroke-width="2"/>`,
    `<path d="${outline}" fill="${shell}"/>`,
    `<g clip-path="${clip}">` +
      `<path d="M140 300 C300 200 520 200 700 330 L700 360 C520 250 300 250 140 340Z" fill="${accent}"/>` +
      `<path d="M140 470 C300 450 500 430 700 420 L700 520 L140 520Z" fill="${shade(shell, -0.2)}"/>` +
      vents.join('') +
      `<rect x="120" y="200" width="580" height="320" fill="${ctx.radial(
        [
          [0, '#ffffff', 0.5],
          [0.5, '#ffffff', 0.05],
          [1, '#000000', 0.3],
        ],
        0.42,
        0.2,
        0.8,
      )}"/>` +
      `</g>`,
    `<path d="${outline}" fill="none" stroke="${shade(shell, -0.5)}" stroke-width="3" stroke-linejoin="round"/>`,
  ];
  if (a.visor) {
    g.push(
      `<path d="M600 330 C650 330 700 350 720 380 C690 392 660 396 640 392 C640 370 624 346 600 330Z" fill="${shade(shell, -0.35)}" stroke="${shade(shell, -0.6)}" stroke-width="2.5"/>`,
    );
  }
  return { body: g.join(''), shadow: { cx: 410, cy: 640, rx: 260, ry: 22 }, tint: shell };
}

function bottle(ctx: Ctx, a: { body: string; cap: string; accent: string }): Drawing {
  const body = col(a.body);
  const cap = col(a.cap);
  const accent = col(a.accent);
  const outline =
    'M312 270 C312 252 330 244 350 244 L450 244 C470 244 488 252 488 270 L490 420 C490 444 470 456 470 480 C470 504 494 520 494 550 L492 660 C492 682 478 690 456 690 L344 690 C322 690 308 682 308 660 L306 550 C306 520 330 504 330 480 C330 456 310 444 310 420Z';
  const clip = ctx.clip(`<path d="${outline}"/>`);
  const g = [
    // nozzle
    `<path d="M372 150 C372 140 380 134 400 134 C420 134 428 140 428 150 L432 196 L368 196Z" fill="${shade(cap, -0.15)}"/>`,
    `<rect x="380" y="124" width="40" height="18" rx="7" fill="${shade(cap, -0.35)}"/>`,
    // cap
    `<path d="M326 196 L474 196 C484 196 490 204 490 214 L490 246 L310 246 L310 214 C310 204 316 196 326 196Z" fill="${cap}"/>`,
    `<rect x="300" y="180" width="200" height="80" fill="${cylinderShade(ctx, 310, 490)}" clip-path="${ctx.clip('<path d="M326 196 L474 196 C484 196 490 204 490 214 L490 246 L310 246 L310 214 C310 204 316 196 326 196Z"/>')}"/>`,
    `<path d="M320 222 L480 222 M320 234 L480 234" stroke="${shade(cap, -0.3)}" stroke-width="3"/>`,
    `<path d="${outline}" fill="${body}"/>`,
    `<g clip-path="${clip}">` +
      `<rect x="290" y="520" width="220" height="110" fill="${accent}"/>` +
      `<path d="M290 560 L510 520 L510 540 L290 580Z" fill="${shade(accent, 0.35)}"/>` +
      `<path d="M320 466 H480 M320 478 H480 M320 490 H480" stroke="${shade(body, -0.3)}" stroke-width="3" opacity="0.6"/>` +
      `<rect x="290" y="240" width="220" height="460" fill="${cylinderShade(ctx, 306, 494)}"/>` +
      `</g>`,
    `<path d="${outline}" fill="none" stroke="${shade(body, -0.45)}" stroke-width="3"/>`,
  ];
  return { body: g.join(''), shadow: { cx: 400, cy: 694, rx: 130, ry: 16 }, tint: body };
}

// ---------------------------------------------------------------------------------------------
// Fitness
// ---------------------------------------------------------------------------------------------

function dumbbellShape(
  ctx: Ctx,
  ox: number,
  oy: number,
  s: number,
  head: string,
  handle: string,
): string {
  const t = (x: number, y: number): Pt => [ox + x * s, oy + y * s];
  const headW = 86;
  const headH = 200;
  const parts: string[] = [];
  // handle
  const [hx0, hy0] = t(-150, -22);
  const handleW = 300 * s;
  const handleH = 44 * s;
  const knurl: string[] = [];
  for (let x = -110; x <= 110; x += 9) {
    const [a0, b0] = t(x, -18);
    const [a1, b1] = t(x + 6, 18);
    knurl.push(`M${f(a0)} ${f(b0)} L${f(a1)} ${f(b1)}`);
  }
  parts.push(
    `<rect x="${f(hx0)}" y="${f(hy0)}" width="${f(handleW)}" height="${f(handleH)}" fill="${handle}"/>`,
    `<path d="${knurl.join('')}" stroke="${shade(handle, -0.35)}" stroke-width="${f(2 * s)}" opacity="0.7"/>`,
    `<rect x="${f(hx0)}" y="${f(hy0)}" width="${f(handleW)}" height="${f(handleH)}" fill="${cylinderShade(ctx, hy0, hy0 + handleH, 1, true)}"/>`,
  );
  // heads: hexagonal prism seen from the side (three visible faces) with a visible end face
  for (const side of [-1, 1]) {
    const inner = side * 150;
    const outer = side * (150 + headW);
    const x0 = Math.min(inner, outer);
    const [px, py] = t(x0, -headH / 2);
    const w = headW * s;
    const hh = headH * s;
    const faceTop = py + hh * 0.25;
    const faceBot = py + hh * 0.75;
    parts.push(
      `<rect x="${f(px)}" y="${f(py)}" width="${f(w)}" height="${f(hh)}" rx="${f(6 * s)}" fill="${shade(head, 0.12)}"/>`,
      `<rect x="${f(px)}" y="${f(faceTop)}" width="${f(w)}" height="${f(faceBot - faceTop)}" fill="${head}"/>`,
      `<rect x="${f(px)}" y="${f(faceBot)}" width="${f(w)}" height="${f(py + hh - faceBot)}" rx="${f(6 * s)}" fill="${shade(head, -0.3)}"/>`,
      `<rect x="${f(px)}" y="${f(faceBot)}" width="${f(w)}" height="${f(8 * s)}" fill="${shade(head, -0.3)}"/>`,
    );
    // end cap ring (chrome collar)
    const [cx0, cy0] = t(side > 0 ? inner - 14 : inner, -34);
    parts.push(
      `<rect x="${f(cx0)}" y="${f(cy0)}" width="${f(14 * s)}" height="${f(68 * s)}" rx="${f(3 * s)}" fill="#c3c8cf"/>`,
    );
  }
  // end face on the right: a foreshortened hexagon
  const [ex, ey] = t(150 + headW, 0);
  const hex: Pt[] = [];
  for (let i = 0; i < 6; i++) {
    const ang = (Math.PI / 3) * i + Math.PI / 2;
    hex.push([ex + Math.cos(ang) * 26 * s, ey - Math.sin(ang) * (headH / 2) * s * 1.0]);
  }
  parts.push(
    `<path d="${poly(hex)}" fill="${shade(head, -0.15)}" stroke="${shade(head, -0.45)}" stroke-width="${f(2 * s)}"/>`,
  );
  return parts.join('');
}

function dumbbell(ctx: Ctx, a: { head: string; handle: string }): Drawing {
  const head = col(a.head);
  const handle = col(a.handle);
  const body =
    dumbbellShape(ctx, 450, 350, 0.82, shade(head, -0.12), shade(handle, -0.1)) +
    dumbbellShape(ctx, 370, 500, 1, head, handle);
  return { body, shadow: { cx: 400, cy: 612, rx: 300, ry: 24 }, tint: head };
}

function kettlebell(ctx: Ctx, a: { body: string; accent: string; weightKg: number }): Drawing {
  const body = col(a.body);
  const accent = col(a.accent);
  const label = escapeXml(`${Math.max(1, Math.min(99, Math.round(a.weightKg)))} KG`);
  const outline =
    'M296 370 C240 410 214 470 218 530 C222 580 244 620 276 650 L524 650 C556 620 578 580 582 530 C586 470 560 410 504 370 C470 350 430 342 400 342 C370 342 330 350 296 370Z';
  const g = [
    `<path d="M300 400 C270 330 270 220 320 190 C360 168 440 168 480 190 C530 220 530 330 500 400" fill="none" stroke="${shade(body, -0.1)}" stroke-width="52" stroke-linecap="round"/>`,
    `<path d="M300 400 C270 330 270 220 320 190 C360 168 440 168 480 190 C530 220 530 330 500 400" fill="none" stroke="#ffffff" stroke-width="8" opacity="0.18" transform="translate(-8 -8)"/>`,
    `<path d="${outline}" fill="${body}"/>`,
    `<path d="${outline}" fill="${ctx.radial(
      [
        [0, '#ffffff', 0.45],
        [0.4, '#ffffff', 0.06],
        [1, '#000000', 0.4],
      ],
      0.38,
      0.3,
      0.8,
    )}"/>`,
    `<path d="${outline}" fill="none" stroke="${shade(body, -0.5)}" stroke-width="3"/>`,
    `<rect x="326" y="494" width="148" height="62" rx="12" fill="${accent}" stroke="${shade(accent, -0.35)}" stroke-width="3"/>`,
    `<text x="400" y="539" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-weight="700" font-size="38" fill="${luminance(accent) > 0.55 ? '#1b1e22' : '#ffffff'}">${label}</text>`,
    `<rect x="272" y="646" width="256" height="10" rx="4" fill="${shade(body, -0.4)}"/>`,
  ];
  return { body: g.join(''), shadow: { cx: 400, cy: 660, rx: 200, ry: 20 }, tint: accent };
}

function mat(ctx: Ctx, a: { color: string; accent: string }): Drawing {
  const c = col(a.color);
  const accent = col(a.accent);
  const rings: string[] = [];
  for (let i = 0; i < 6; i++) {
    const rr = 86 - i * 13;
    rings.push(
      `<ellipse cx="236" cy="420" rx="${f(rr * 0.42)}" ry="${f(rr)}" fill="${i % 2 ? shade(c, -0.1) : shade(c, 0.08)}" stroke="${shade(c, -0.35)}" stroke-width="2"/>`,
    );
  }
  const g = [
    // unrolled sheet in front, in perspective
    `<path d="M236 506 L600 506 L706 690 L120 690Z" fill="${c}"/>`,
    `<path d="M236 506 L600 506 L706 690 L120 690Z" fill="${ctx.linear(
      [
        [0, '#000000', 0.2],
        [0.3, '#000000', 0],
        [1, '#ffffff', 0.15],
      ],
      0,
      0,
      0,
      1,
    )}"/>`,
    `<path d="M150 650 L676 650" stroke="${accent}" stroke-width="5" opacity="0.8"/>`,
    `<path d="M190 580 L630 580" stroke="${accent}" stroke-width="3" opacity="0.5"/>`,
    `<path d="M120 690 L706 690 L706 700 L120 700Z" fill="${shade(c, -0.35)}"/>`,
    // the roll
    `<path d="M236 334 L590 334 A36 86 0 0 1 590 506 L236 506Z" fill="${c}"/>`,
    `<path d="M236 334 L590 334 A36 86 0 0 1 590 506 L236 506Z" fill="${cylinderShade(ctx, 334, 506, 1, true)}"/>`,
    `<path d="M236 506 L590 506" stroke="${shade(c, -0.4)}" stroke-width="2"/>`,
    `<path d="M420 340 L420 500" stroke="${accent}" stroke-width="14" opacity="0.9"/>`,
    rings.join(''),
    `<path d="M232 348 C232 360 236 374 246 380" fill="none" stroke="${shade(c, -0.4)}" stroke-width="3"/>`,
  ];
  return { body: g.join(''), shadow: { cx: 412, cy: 700, rx: 320, ry: 14 }, tint: c };
}

function bands(_ctx: Ctx, a: { colors: string[] }): Drawing {
  const colors = a.colors.length ? a.colors.map(col) : ['#e0463b', '#3b82f6', '#22a35a'];
  const loops: string[] = [];
  const n = Math.min(colors.length, 5);
  for (let i = 0; i < n; i++) {
    const c = colors[i] ?? FALLBACK;
    const cx = 300 + i * (200 / Math.max(1, n - 1));
    const cy = 470 - i * 36;
    const rot = -18 + i * 14;
    loops.push(
      `<g transform="rotate(${rot} ${f(cx)} ${f(cy)})">` +
        `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="190" ry="110" fill="none" stroke="${shade(c, -0.35)}" stroke-width="40"/>` +
        `<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="190" ry="110" fill="none" stroke="${c}" stroke-width="32"/>` +
        `<ellipse cx="${f(cx)}" cy="${f(cy - 8)}" rx="186" ry="104" fill="none" stroke="#ffffff" stroke-width="5" opacity="0.25"/>` +
        `</g>`,
    );
  }
  return {
    body: loops.join(''),
    shadow: { cx: 400, cy: 640, rx: 300, ry: 22 },
    tint: colors[0] ?? FALLBACK,
  };
}

function jumpRope(ctx: Ctx, a: { handle: string; cable: string }): Drawing {
  const handle = col(a.handle);
  const cable = col(a.cable);
  const handleShape = (x: number, y: number, rot: number) =>
    `<g transform="rotate(${rot} ${x} ${y})">` +
    `<rect x="${x - 20}" y="${y - 100}" width="40" height="200" rx="18" fill="${handle}"/>` +
    `<rect x="${x - 20}" y="${y - 100}" width="40" height="200" rx="18" fill="${cylinderShade(ctx, x - 20, x + 20)}"/>` +
    `<path d="M${x - 20} ${y - 40} H${x + 20} M${x - 20} ${y + 40} H${x + 20}" stroke="${shade(handle, -0.4)}" stroke-width="4"/>` +
    `<rect x="${x - 14}" y="${y - 126}" width="28" height="30" rx="6" fill="#b8bec6"/>` +
    `</g>`;
  const g = [
    `<path d="M280 230 C200 80 120 330 200 520 C270 690 560 700 620 520 C680 340 590 80 520 230" fill="none" stroke="${shade(cable, -0.3)}" stroke-width="11" stroke-linecap="round"/>`,
    `<path d="M280 230 C200 80 120 330 200 520 C270 690 560 700 620 520 C680 340 590 80 520 230" fill="none" stroke="${cable}" stroke-width="7" stroke-linecap="round"/>`,
    handleShape(310, 340, -18),
    handleShape(490, 340, 18),
  ];
  return { body: g.join(''), shadow: { cx: 400, cy: 660, rx: 280, ry: 20 }, tint: handle };
}

function foamRoller(ctx: Ctx, a: { color: string; accent: string }): Drawing {
  const c = col(a.color);
  const accent = col(a.accent);
  const blocks: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let i = 0; i < 9; i++) {
      const x = 210 + i * 44 + (row % 2) * 22;
      const y = 318 + row * 36;
      blocks.push(
        `<rect x="${x}" y="${y}" width="32" height="24" rx="6" fill="${(i + row) % 3 === 0 ? accent : shade(c, 0.12)}"/>`,
      );
    }
  }
  const clip = ctx.clip('<rect x="200" y="300" width="420" height="200"/>');
  const g = [
    `<g transform="rotate(-12 410 400)">`,
    `<rect x="200" y="300" width="420" height="200" fill="${c}"/>`,
    `<g clip-path="${clip}">${blocks.join('')}<rect x="200" y="300" width="420" height="200" fill="${cylinderShade(ctx, 300, 500, 1, true)}"/></g>`,
    `<ellipse cx="620" cy="400" rx="46" ry="100" fill="${shade(c, -0.08)}" stroke="${shade(c, -0.4)}" stroke-width="3"/>`,
    `<ellipse cx="620" cy="400" rx="20" ry="44" fill="${shade(c, -0.5)}"/>`,
    `<ellipse cx="620" cy="400" rx="34" ry="74" fill="none" stroke="${accent}" stroke-width="6" opacity="0.6"/>`,
    `<path d="M200 300 A46 100 0 0 0 200 500" fill="${c}" stroke="${shade(c, -0.4)}" stroke-width="3"/>`,
    `</g>`,
  ];
  return { body: g.join(''), shadow: { cx: 410, cy: 560, rx: 280, ry: 20 }, tint: c };
}

// ---------------------------------------------------------------------------------------------
// Basketball hoop
// ---------------------------------------------------------------------------------------------

function hoop(ctx: Ctx, a: { board: string; rim: string; net: string }): Drawing {
  const board = col(a.board);
  const rim = col(a.rim);
  const net = col(a.net);
  const netLines: string[] = [];
  const top = 420;
  const bottom = 590;
  for (let i = 0; i <= 10; i++) {
    const t = i / 10;
    const xt = 300 + t * 200;
    const xb = 340 + t * 120;
    const xm = 320 + ((i + 1) / 10) * 160;
    netLines.push(`M${f(xt)} ${top} L${f(xb)} ${bottom}`);
    if (i < 10) netLines.push(`M${f(xt)} ${top} L${f(xm)} ${f((top + bottom) / 2)}`);
  }
  for (let k = 1; k <= 3; k++) {
    const y = top + (k * (bottom - top)) / 4;
    const w = 100 - k * 10;
    netLines.push(`M${400 - w} ${f(y)} Q400 ${f(y + 12)} ${400 + w} ${f(y)}`);
  }
  const g = [
    `<rect x="160" y="110" width="480" height="300" rx="14" fill="${board}" stroke="${shade(board, -0.4)}" stroke-width="4"/>`,
    `<rect x="160" y="110" width="480" height="300" rx="14" fill="${ctx.linear(
      [
        [0, '#ffffff', 0.5],
        [0.5, '#ffffff', 0.1],
        [1, '#000000', 0.05],
      ],
      0,
      0,
      1,
      1,
    )}"/>`,
    `<rect x="176" y="126" width="448" height="268" rx="8" fill="none" stroke="${rim}" stroke-width="10"/>`,
    `<rect x="320" y="250" width="160" height="130" fill="none" stroke="${rim}" stroke-width="10"/>`,
    `<rect x="380" y="380" width="40" height="40" fill="#6d737c"/>`,
    `<path d="${netLines.join(' ')}" fill="none" stroke="${shade(net, -0.35)}" stroke-width="7" stroke-linecap="round"/>`,
    `<path d="${netLines.join(' ')}" fill="none" stroke="${net}" stroke-width="4" stroke-linecap="round"/>`,
    `<ellipse cx="400" cy="420" rx="104" ry="22" fill="none" stroke="${shade(rim, -0.3)}" stroke-width="14"/>`,
    `<ellipse cx="400" cy="418" rx="104" ry="22" fill="none" stroke="${rim}" stroke-width="10"/>`,
  ];
  return { body: g.join(''), shadow: { cx: 400, cy: 680, rx: 240, ry: 16 }, tint: rim };
}

// ---------------------------------------------------------------------------------------------
// Swimming
// ---------------------------------------------------------------------------------------------

function goggles(ctx: Ctx, a: { lens: string; frame: string; strap: string }): Drawing {
  const lens = col(a.lens);
  const frame = col(a.frame);
  const strap = col(a.strap);
  const lensFill = ctx.linear(
    [
      [0, shade(lens, 0.45)],
      [0.45, lens],
      [1, shade(lens, -0.45)],
    ],
    0,
    0,
    1,
    1,
  );
  const eye = (cx: number, flip: number) => {
    const d = `M${cx - 92 * flip} ${440} C${cx - 100 * flip} 370 ${cx - 40 * flip} 340 ${cx + 20 * flip} 350 C${cx + 90 * flip} 360 ${cx + 104 * flip} 420 ${cx + 84 * flip} 470 C${cx + 60 * flip} 520 ${cx - 60 * flip} 520 ${cx - 92 * flip} 440Z`;
    return (
      `<path d="${d}" fill="${frame}" stroke="${shade(frame, -0.4)}" stroke-width="3" transform="translate(0 0)"/>` +
      `<path d="${d}" fill="${lensFill}" transform="translate(${cx} 432) scale(0.82) translate(${-cx} -432)"/>` +
      `<path d="M${cx - 50 * flip} 392 C${cx - 20 * flip} 372 ${cx + 20 * flip} 372 ${cx + 40 * flip} 384" fill="none" stroke="#ffffff" stroke-width="9" stroke-linecap="round" opacity="0.6"/>`
    );
  };
  const g = [
    // strap loop behind
    `<path d="M188 430 C140 330 230 250 400 250 C570 250 660 330 612 430" fill="none" stroke="${shade(strap, -0.25)}" stroke-width="30"/>`,
    `<path d="M188 430 C150 520 250 560 400 560 C550 560 650 520 612 430" fill="none" stroke="${strap}" stroke-width="30"/>`,
    `<path d="M188 430 C150 520 250 560 400 560 C550 560 650 520 612 430" fill="none" stroke="#ffffff" stroke-width="4" opacity="0.3"/>`,
    // nose bridge
    `<path d="M370 420 C385 404 415 404 430 420" fill="none" stroke="${shade(frame, -0.3)}" stroke-width="14" stroke-linecap="round"/>`,
    eye(290, 1),
    eye(510, -1),
  ];
  return { body: g.join(''), shadow: { cx: 400, cy: 610, rx: 260, ry: 18 }, tint: lens };
}

function swimCap(ctx: Ctx, a: { color: string; accent: string }): Drawing {
  const c = col(a.color);
  const accent = col(a.accent);
  const outline =
    'M170 540 C160 330 270 200 400 200 C530 200 640 330 630 540 C560 560 480 570 400 570 C320 570 240 560 170 540Z';
  const clip = ctx.clip(`<path d="${outline}"/>`);
  const g = [
    `<path d="${outline}" fill="${c}"/>`,
    `<g clip-path="${clip}">` +
      `<path d="M120 470 C260 420 340 500 460 450 C560 410 620 430 700 420 L700 470 C620 480 560 460 460 500 C340 550 260 470 120 520Z" fill="${accent}"/>` +
      `<path d="M170 540 C240 560 320 570 400 570 C480 570 560 560 630 540 L630 580 L170 580Z" fill="${shade(c, -0.2)}"/>` +
      `<rect x="140" y="180" width="520" height="420" fill="${ctx.radial(
        [
          [0, '#ffffff', 0.6],
          [0.35, '#ffffff', 0.08],
          [1, '#000000', 0.35],
        ],
        0.36,
        0.22,
        0.85,
      )}"/>` +
      `<path d="M250 300 C290 260 340 240 380 236" fill="none" stroke="#ffffff" stroke-width="14" stroke-linecap="round" opacity="0.45"/>` +
      `</g>`,
    `<path d="${outline}" fill="none" stroke="${shade(c, -0.45)}" stroke-width="3"/>`,
  ];
  return { body: g.join(''), shadow: { cx: 400, cy: 588, rx: 250, ry: 20 }, tint: c };
}

function kickboard(ctx: Ctx, a: { color: string; accent: string }): Drawing {
  const c = col(a.color);
  const accent = col(a.accent);
  const outline =
    'M240 660 L240 330 C240 200 310 140 400 140 C490 140 560 200 560 330 L560 660 C560 676 548 688 532 688 L268 688 C252 688 240 676 240 660Z';
  const clip = ctx.clip(`<path d="${outline}"/>`);
  const g = [
    `<path d="${outline}" fill="${shade(c, -0.35)}" transform="translate(16 10)"/>`,
    `<path d="${outline}" fill="${c}"/>`,
    `<g clip-path="${clip}">` +
      `<path d="M200 470 C300 430 500 510 600 470 L600 560 C500 600 300 520 200 560Z" fill="${accent}"/>` +
      `<rect x="220" y="120" width="360" height="580" fill="${ctx.linear(
        [
          [0, '#ffffff', 0.35],
          [0.5, '#ffffff', 0],
          [1, '#000000', 0.2],
        ],
        0,
        0,
        1,
        1,
      )}"/>` +
      `</g>`,
    `<path d="${outline}" fill="none" stroke="${shade(c, -0.4)}" stroke-width="3"/>`,
    `<rect x="288" y="250" width="58" height="130" rx="29" fill="${shade(c, -0.4)}"/>`,
    `<rect x="454" y="250" width="58" height="130" rx="29" fill="${shade(c, -0.4)}"/>`,
    `<rect x="294" y="256" width="46" height="118" rx="23" fill="${shade(c, -0.25)}"/>`,
    `<rect x="460" y="256" width="46" height="118" rx="23" fill="${shade(c, -0.25)}"/>`,
  ];
  return { body: g.join(''), shadow: { cx: 410, cy: 700, rx: 200, ry: 16 }, tint: c };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

function draw(ctx: Ctx, id: string, art: ProductArt): Drawing {
  switch (art.kind) {
    case 'jersey':
      return jersey(ctx, art);
    case 'shorts':
      return shorts(ctx, art);
    case 'boot':
      return boot(ctx, art);
    case 'shoe':
      return shoe(ctx, art);
    case 'football':
      return football(ctx, id, art);
    case 'basketball':
      return basketball(ctx, id, art);
    case 'tennis-balls':
      return tennisBalls(ctx, art);
    case 'racket':
      return racket(ctx, art);
    case 'bag':
      return bag(ctx, art);
    case 'helmet':
      return helmet(ctx, art);
    case 'bottle':
      return bottle(ctx, art);
    case 'dumbbell':
      return dumbbell(ctx, art);
    case 'kettlebell':
      return kettlebell(ctx, art);
    case 'mat':
      return mat(ctx, art);
    case 'bands':
      return bands(ctx, art);
    case 'jump-rope':
      return jumpRope(ctx, art);
    case 'foam-roller':
      return foamRoller(ctx, art);
    case 'hoop':
      return hoop(ctx, art);
    case 'goggles':
      return goggles(ctx, art);
    case 'swim-cap':
      return swimCap(ctx, art);
    case 'kickboard':
      return kickboard(ctx, art);
  }
}

/** Renders the product's illustration as a standalone SVG document (800x800). */
export function renderProductSvg(product: ProductSeed): string {
  const prefix = `p-${product.id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  const ctx = new Ctx(prefix);
  const d = draw(ctx, product.id, product.art);
  const tint = col(d.tint);
  const bg = ctx.radial(
    [
      [0, mix('#ffffff', tint, 0.04)],
      [0.6, mix('#f1f3f6', tint, 0.08)],
      [1, mix('#dfe3e9', tint, 0.12)],
    ],
    400,
    330,
    620,
    true,
  );
  const floor = ctx.linear(
    [
      [0, '#ffffff', 0],
      [1, mix('#c9ced6', tint, 0.1), 0.45],
    ],
    0,
    560,
    0,
    800,
    true,
  );
  const shadow = ctx.radial(
    [
      [0, '#1a1d22', 0.38],
      [0.55, '#1a1d22', 0.16],
      [1, '#1a1d22', 0],
    ],
    0.5,
    0.5,
    0.5,
  );
  const s = d.shadow;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PRODUCT_IMAGE_WIDTH} ${PRODUCT_IMAGE_HEIGHT}" width="${PRODUCT_IMAGE_WIDTH}" height="${PRODUCT_IMAGE_HEIGHT}">` +
    `<defs>${ctx.defs.join('')}</defs>` +
    `<rect width="800" height="800" fill="${bg}"/>` +
    `<rect y="560" width="800" height="240" fill="${floor}"/>` +
    (d.transform ? `<g transform="${d.transform}">` : '') +
    `<ellipse cx="${f(s.cx)}" cy="${f(s.cy)}" rx="${f(s.rx)}" ry="${f(s.ry)}" fill="${shadow}"/>` +
    d.body +
    (d.transform ? '</g>' : '') +
    `</svg>`
  );
}
