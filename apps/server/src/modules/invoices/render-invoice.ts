import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';
import { formatCents, parseDecimal } from '../../lib/money.js';

/**
 * Everything an invoice shows. The caller gathers it from the order; this module only draws.
 * Amounts are decimal strings ("75.00") in `currency`.
 */
export interface InvoiceData {
  shop: { name: string; addressLines: string[]; email: string; website?: string; taxId?: string };
  /** E.g. 'INV-100001', derived from the order number by the caller. */
  invoiceNumber: string;
  orderNumber: number;
  /** The order's paid time: it is also the PDF's creation date, so one order gives one file. */
  issuedAt: Date;
  customer: { name: string; email: string };
  billingAddress: {
    name: string;
    line1: string;
    line2?: string;
    city: string;
    postalCode: string;
    country: string;
  };
  lines: {
    title: string;
    /** "Size M · Colour Navy", or '' for a product without options. */
    variantLabel: string;
    sku: string;
    quantity: number;
    unitPrice: string;
    lineTotal: string;
  }[];
  /** ISO 4217 code, e.g. 'USD'. */
  currency: string;
  subtotal: string;
  tax: string;
  /** E.g. 'Sales tax (8%)'. */
  taxLabel: string;
  shipping: string;
  total: string;
  payment: { brand: string; last4: string; reference: string } | null;
  status: 'paid' | 'refunded' | 'cancelled' | 'pending' | 'failed';
  /** Shown as a credit note section when present (and the badge then reads REFUNDED). */
  refund?: { refundedAt: Date; amount: string; reference: string };
}

// Inter (SIL Open Font License 1.1, see resources/fonts/OFL.txt): pdfkit's built-in Helvetica
// only covers WinAnsi, Inter covers Latin-1 and Latin Extended ("Zoë Ødegård", "Łódź").
// pdfkit embeds only the glyphs used. The same relative path works from src/ and dist/.
const fontsDir = new URL('../../../resources/fonts/', import.meta.url);
const FONT_FILES = {
  regular: 'Inter-Regular.ttf',
  semibold: 'Inter-SemiBold.ttf',
  bold: 'Inter-Bold.ttf',
  wordmark: 'Inter-ExtraBoldItalic.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;
/** The names the fonts are registered under in each document. */
const FONT: { readonly [name in FontName]: name } = {
  regular: 'regular',
  semibold: 'semibold',
  bold: 'bold',
  wordmark: 'wordmark',
};

let parsedFonts: Record<FontName, Font> | undefined;

/**
 * Parsed once and shared by every document (pdfkit 0.20 takes fontkit fonts): parsing is most
 * of the cost of a render. Each document still builds its own subsets of them.
 */
function fonts(): Record<FontName, Font> {
  parsedFonts ??= Object.fromEntries(
    Object.entries(FONT_FILES).map(([name, file]) => {
      const font = create(readFileSync(new URL(file, fontsDir)));
      if ('fonts' in font) throw new Error(`${file} is a font collection`);
      return [name, font];
    }),
  ) as Record<FontName, Font>;
  return parsedFonts;
}

const COLOR = {
  ink: '#111827',
  text: '#374151',
  muted: '#6b7280',
  faint: '#9ca3af',
  rule: '#e5e7eb',
  zebra: '#f5f6f8',
  navy: '#0f1b2d',
  accent: '#f26a1b',
  white: '#ffffff',
} as const;

const STATUS_BADGE: Record<InvoiceData['status'], { label: string; fg: string; bg: string }> = {
  paid: { label: 'PAID', fg: '#166534', bg: '#dcfce7' },
  refunded: { label: 'REFUNDED', fg: '#9f1239', bg: '#ffe4e6' },
  cancelled: { label: 'CANCELLED', fg: '#374151', bg: '#e5e7eb' },
  pending: { label: 'PAYMENT PENDING', fg: '#92400e', bg: '#fef3c7' },
  failed: { label: 'PAYMENT FAILED', fg: '#991b1b', bg: '#fee2e2' },
};

// A4 in points, and the frame everything is drawn in.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 48;
const LEFT = MARGIN_X;
const RIGHT = PAGE_WIDTH - MARGIN_X;
const CONTENT_WIDTH = RIGHT - LEFT;
/** The footer starts here; body content stays above BODY_BOTTOM. */
const FOOTER_TOP = PAGE_HEIGHT - 52;
const BODY_BOTTOM = FOOTER_TOP - 14;

// The line-item table: description, quantity, unit price, amount.
const CELL_PAD = 10;
const COL_AMOUNT_W = 92;
const COL_UNIT_W = 92;
const COL_QTY_W = 48;
const COL_AMOUNT_X = RIGHT - COL_AMOUNT_W;
const COL_UNIT_X = COL_AMOUNT_X - COL_UNIT_W;
const COL_QTY_X = COL_UNIT_X - COL_QTY_W;
const COL_DESC_X = LEFT;
const COL_DESC_W = COL_QTY_X - COL_DESC_X;
const TABLE_HEADER_H = 24;
const ROW_PAD = 7;
const TITLE_SIZE = 9.5;
const TITLE_MAX_LINES = 6;
const PRODUCT_ID_SIZE = 7.5;

/**
 * Letter-spacing of small capitals, in ems. Text extractors (search, copy, screen readers) read
 * wider gaps as spaces, "P A I D", so it stays below a tenth of an em.
 */
const TRACKING = 0.07;

/** Figures line up in columns. */
const NUMERIC: PDFKit.Mixins.TextOptions = { features: ['tnum'] };

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "21 November 2025", in UTC so that the server's time zone never changes the file. */
export function formatInvoiceDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * "$1,234.50" for USD, "1,234.50 EUR" for any other code. A string that is not a plain
 * decimal is shown as it is, followed by the code.
 */
export function formatMoney(amount: string, currency: string): string {
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return `${amount} ${currency}`;
  const [, minus, whole = '0', fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const number = fraction === undefined ? grouped : `${grouped}.${fraction}`;
  const sign = minus ? '-' : '';
  return currency === 'USD' ? `${sign}$${number}` : `${sign}${number} ${currency}`;
}

const CARD_BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  american_express: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
  maestro: 'Maestro',
};

function cardBrand(brand: string): string {
  const known =
    CARD_BRANDS[
      brand
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, '_')
    ];
  if (known) return known;
  return brand.charAt(0).toUpperCase() + brand.slice(1);
}

/** The sentence of the payment block, by order status. */
export function paymentSentence(data: Pick<InvoiceData, 'payment' | 'status' | 'refund'>): string {
  const { payment } = data;
  const card = payment ? `${cardBrand(payment.brand)} ending in ${payment.last4}` : null;
  const reference = payment ? `, reference ${payment.reference}` : '';
  const status = data.refund ? 'refunded' : data.status;
  switch (status) {
    case 'paid':
      return card ? `Paid with ${card}${reference}.` : 'Paid in full.';
    case 'refunded': {
      const refunded = data.refund
        ? 'The payment was refunded: see the credit note below.'
        : 'The payment was refunded.';
      return card ? `Paid with ${card}${reference}. ${refunded}` : refunded;
    }
    case 'pending':
      return card
        ? `Payment with ${card} is pending${reference}.`
        : 'Payment is pending. This invoice is not a receipt until it is paid.';
    case 'failed':
      return card
        ? `Payment with ${card} failed${reference}. Nothing was charged.`
        : 'Payment failed. Nothing was charged.';
    case 'cancelled':
      return card
        ? `The order was cancelled. Card on file: ${card}${reference}.`
        : 'The order was cancelled. No payment was taken.';
  }
}

/** Countries whose addresses put the city before the postal code (others: "9008 Tromsø"). */
const CITY_FIRST = new Set(
  [
    'US',
    'USA',
    'United States',
    'CA',
    'Canada',
    'AU',
    'Australia',
    'GB',
    'UK',
    'United Kingdom',
  ].map((name) => name.toUpperCase()),
);

function countryName(country: string): string {
  const code = country.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return country;
  try {
    return new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' }).of(code) ?? country;
  } catch {
    return country;
  }
}

function addressLines(address: InvoiceData['billingAddress']): string[] {
  const cityLine = CITY_FIRST.has(address.country.trim().toUpperCase())
    ? `${address.city} ${address.postalCode}`
    : `${address.postalCode} ${address.city}`;
  return [address.line1, address.line2 ?? '', cityLine.trim(), countryName(address.country)].filter(
    (line) => line.trim() !== '',
  );
}

type Doc = PDFKit.PDFDocument;
type TextOptions = PDFKit.Mixins.TextOptions;

/** Draws the invoice into a document, top to bottom, keeping track of the cursor. */
class InvoiceLayout {
  private y = 0;

  constructor(
    private readonly doc: Doc,
    private readonly data: InvoiceData,
  ) {}

  draw(): void {
    this.firstPageHeader();
    this.lineItems();
    this.summary();
    if (this.data.refund) this.creditNote(this.data.refund);
    this.footers();
  }

  // ---- primitives -------------------------------------------------------------------------

  private text(
    str: string,
    x: number,
    y: number,
    font: string,
    size: number,
    color: string,
    options: TextOptions = {},
  ): void {
    this.doc.font(font).fontSize(size).fillColor(color).text(str, x, y, options);
  }

  private heightOf(str: string, font: string, size: number, width: number): number {
    return this.doc.font(font).fontSize(size).heightOfString(str, { width });
  }

  private widthOf(str: string, font: string, size: number, options: TextOptions = {}): number {
    return this.doc.font(font).fontSize(size).widthOfString(str, options);
  }

  /**
   * One line of text that never wraps: shrunk (to `minScale` of its size at most) until it fits
   * `width`, then cut with an ellipsis. The baseline stays where it would be at full size.
   */
  private line(
    str: string,
    x: number,
    y: number,
    width: number,
    font: string,
    size: number,
    color: string,
    options: TextOptions & { minScale?: number } = {},
  ): void {
    const { minScale = 0.6, ...textOptions } = options;
    const fits = (text: string, at: number) => this.widthOf(text, font, at, textOptions) <= width;
    let fitted = size;
    while (fitted - 0.25 >= size * minScale && !fits(str, fitted)) fitted -= 0.25;
    let shown = str;
    if (!fits(shown, fitted)) {
      const chars = [...str];
      let keep = chars.length;
      while (keep > 0 && !fits(`${chars.slice(0, keep).join('').trimEnd()}…`, fitted)) keep--;
      shown = `${chars.slice(0, keep).join('').trimEnd()}…`;
    }
    const baselineShift = (size - fitted) * 0.97; // Inter's ascender, in ems
    // One point of slack, so that rounding never makes pdfkit wrap what was measured to fit.
    const slackX = textOptions.align === 'right' ? x - 1 : x;
    this.text(shown, slackX, y + baselineShift, font, fitted, color, {
      ...textOptions,
      width: width + 1,
      lineBreak: false,
    });
  }

  private hrule(y: number, color: string = COLOR.rule, width = 0.75): void {
    this.doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(width).strokeColor(color).stroke();
  }

  /** A small upper-case label such as "BILL TO". */
  private label(str: string, x: number, y: number, width: number, align: 'left' | 'right'): void {
    this.text(str.toUpperCase(), x, y, FONT.semibold, 7, COLOR.muted, {
      width,
      align,
      characterSpacing: 7 * TRACKING,
      lineBreak: false,
    });
  }

  /**
   * Two slanted bars and the shop name in heavy italics: the shop's wordmark, at `size` or
   * smaller to stay within `maxWidth`.
   */
  private wordmark(x: number, y: number, size: number, maxWidth: number): void {
    const name = this.data.shop.name.toUpperCase();
    const textOffset = (at: number) => at * 0.99; // the bars and a gap
    const widthAt = (at: number) =>
      textOffset(at) + this.widthOf(name, FONT.wordmark, at, { characterSpacing: at * 0.02 });
    let fitted = size;
    while (fitted > size / 2 && widthAt(fitted) > maxWidth) fitted -= 0.5;
    const baseline = y + size * 0.97;
    const h = fitted * 0.72;
    const top = baseline - fitted * 0.77;
    const slant = h * 0.35;
    const bar = fitted * 0.2;
    const gap = fitted * 0.12;
    for (const [i, color] of [COLOR.accent, COLOR.navy].entries()) {
      const bx = x + i * (bar + gap);
      this.doc
        .polygon([bx + slant, top], [bx + slant + bar, top], [bx + bar, top + h], [bx, top + h])
        .fill(color);
    }
    this.line(
      name,
      x + textOffset(fitted),
      baseline - fitted * 0.97,
      maxWidth - textOffset(fitted),
      FONT.wordmark,
      fitted,
      COLOR.navy,
      { characterSpacing: fitted * 0.02, minScale: 1 },
    );
  }

  private newPage(): void {
    this.doc.addPage();
    this.continuationHeader();
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensureSpace(height: number): void {
    if (this.y + height > BODY_BOTTOM) this.newPage();
  }

  // ---- page headers -------------------------------------------------------------------------

  private topBand(): void {
    this.doc.rect(0, 0, PAGE_WIDTH, 5).fill(COLOR.accent);
  }

  private firstPageHeader(): void {
    const { doc, data } = this;
    this.topBand();

    // Wordmark left, the shop's address and contacts right.
    const top = 40;
    const shopW = 220;
    const shopX = RIGHT - shopW;
    this.wordmark(LEFT, top, 24, shopX - 24 - LEFT);
    this.text('SPORTS GOODS', LEFT, top + 32, FONT.semibold, 7, COLOR.muted, {
      characterSpacing: 7 * TRACKING,
      lineBreak: false,
    });

    let sy = top + 2;
    this.text(data.shop.name, shopX, sy, FONT.semibold, 9, COLOR.ink, {
      width: shopW,
      align: 'right',
    });
    sy = doc.y + 1;
    const contact = [
      ...data.shop.addressLines,
      data.shop.email,
      ...(data.shop.website ? [data.shop.website] : []),
      ...(data.shop.taxId ? [`Tax ID ${data.shop.taxId}`] : []),
    ];
    for (const line of contact) {
      this.text(line, shopX, sy, FONT.regular, 8, COLOR.muted, {
        width: shopW,
        align: 'right',
        lineGap: 1,
      });
      sy = doc.y;
    }

    this.y = Math.max(sy, top + 48) + 18;
    this.hrule(this.y);
    this.y += 22;

    // "Invoice" and the status badge, the invoice's numbers and date on the right.
    const titleY = this.y;
    this.text('Invoice', LEFT, titleY, FONT.bold, 26, COLOR.ink, { lineBreak: false });
    const badge = STATUS_BADGE[data.refund ? 'refunded' : data.status];
    const badgeX = LEFT + this.widthOf('Invoice', FONT.bold, 26) + 12;
    const badgeText = this.widthOf(badge.label, FONT.bold, 7.5, {
      characterSpacing: 7.5 * TRACKING,
    });
    const badgeY = titleY + 10;
    doc.roundedRect(badgeX, badgeY, badgeText + 18, 17, 8.5).fill(badge.bg);
    this.text(badge.label, badgeX + 9, badgeY + 5, FONT.bold, 7.5, badge.fg, {
      characterSpacing: 7.5 * TRACKING,
      lineBreak: false,
    });

    const meta: [string, string][] = [
      ['Invoice number', data.invoiceNumber],
      ['Order number', `#${data.orderNumber}`],
      ['Invoice date', formatInvoiceDate(data.issuedAt)],
    ];
    if (data.refund) meta.push(['Refund date', formatInvoiceDate(data.refund.refundedAt)]);
    const metaLabelX = RIGHT - 230;
    let my = titleY + 2;
    for (const [name, value] of meta) {
      this.text(name, metaLabelX, my, FONT.regular, 8.5, COLOR.muted, { lineBreak: false });
      this.line(value, metaLabelX + 90, my, 140, FONT.semibold, 8.5, COLOR.ink, { align: 'right' });
      my += 15;
    }

    // Bill to.
    let by = titleY + 48;
    this.label('Bill to', LEFT, by, 250, 'left');
    by += 13;
    const billW = 260;
    this.text(data.customer.name, LEFT, by, FONT.semibold, 10.5, COLOR.ink, { width: billW });
    by = doc.y + 1;
    this.text(data.customer.email, LEFT, by, FONT.regular, 8.5, COLOR.muted, { width: billW });
    by = doc.y + 5;
    const address = addressLines(data.billingAddress);
    if (data.billingAddress.name.trim() !== data.customer.name.trim()) {
      address.unshift(data.billingAddress.name);
    }
    for (const line of address) {
      this.text(line, LEFT, by, FONT.regular, 9, COLOR.text, { width: billW, lineGap: 1.5 });
      by = doc.y;
    }

    this.y = Math.max(by, my) + 22;
  }

  private continuationHeader(): void {
    this.topBand();
    const top = 32;
    this.wordmark(LEFT, top, 14, CONTENT_WIDTH / 2);
    this.text(
      `Invoice ${this.data.invoiceNumber} (continued)`,
      LEFT,
      top + 3,
      FONT.regular,
      8.5,
      COLOR.muted,
      { width: CONTENT_WIDTH, align: 'right', lineBreak: false },
    );
    this.y = top + 26;
    this.hrule(this.y);
    this.y += 18;
  }

  // ---- line items -------------------------------------------------------------------------

  private tableHeader(): void {
    const y = this.y;
    this.doc.rect(LEFT, y, CONTENT_WIDTH, TABLE_HEADER_H).fill(COLOR.navy);
    const ty = y + 9;
    const cell = (str: string, x: number, w: number, align: 'left' | 'right') =>
      this.text(str, x + CELL_PAD, ty, FONT.semibold, 7, COLOR.white, {
        width: w - 2 * CELL_PAD,
        align,
        characterSpacing: 7 * TRACKING,
        lineBreak: false,
      });
    cell('DESCRIPTION', COL_DESC_X, COL_DESC_W, 'left');
    cell('QTY', COL_QTY_X, COL_QTY_W, 'right');
    cell('UNIT PRICE', COL_UNIT_X, COL_UNIT_W, 'right');
    cell('AMOUNT', COL_AMOUNT_X, COL_AMOUNT_W, 'right');
    this.y += TABLE_HEADER_H;
  }

  private lineItems(): void {
    const { data } = this;
    const titleW = COL_DESC_W - 2 * CELL_PAD;
    const lineHeight = this.heightOf('X', FONT.regular, TITLE_SIZE, titleW);
    const maxTitleH = lineHeight * TITLE_MAX_LINES;

    // The header and at least one row stay together.
    this.ensureSpace(TABLE_HEADER_H + 44);
    this.tableHeader();

    data.lines.forEach((line, index) => {
      const titleH = Math.min(
        this.heightOf(line.title, FONT.regular, TITLE_SIZE, titleW),
        maxTitleH,
      );
      const rowH = ROW_PAD + titleH + 2 + PRODUCT_ID_SIZE * 1.25 + ROW_PAD;
      if (this.y + rowH > BODY_BOTTOM) {
        // Close the table on this page; the header is repeated on the next.
        this.hrule(this.y, COLOR.navy, 1);
        this.newPage();
        this.tableHeader();
      }

      const y = this.y;
      if (index % 2 === 1) this.doc.rect(LEFT, y, CONTENT_WIDTH, rowH).fill(COLOR.zebra);
      const ty = y + ROW_PAD;
      this.text(line.title, COL_DESC_X + CELL_PAD, ty, FONT.regular, TITLE_SIZE, COLOR.ink, {
        width: titleW,
        height: maxTitleH,
        ellipsis: true,
      });
      // What the warehouse picks by: the variant and its SKU, under the product's title.
      this.line(
        line.variantLabel === '' ? `SKU ${line.sku}` : `${line.variantLabel} · SKU ${line.sku}`,
        COL_DESC_X + CELL_PAD,
        ty + titleH + 2,
        titleW,
        FONT.regular,
        PRODUCT_ID_SIZE,
        COLOR.faint,
        { minScale: 1 },
      );
      const number = (str: string, x: number, w: number, font: string = FONT.regular) =>
        this.line(str, x + 4, ty, w - 4 - CELL_PAD, font, TITLE_SIZE, COLOR.ink, {
          ...NUMERIC,
          align: 'right',
        });
      number(String(line.quantity), COL_QTY_X, COL_QTY_W);
      number(formatMoney(line.unitPrice, data.currency), COL_UNIT_X, COL_UNIT_W);
      number(formatMoney(line.lineTotal, data.currency), COL_AMOUNT_X, COL_AMOUNT_W, FONT.semibold);
      this.y += rowH;
    });

    if (data.lines.length === 0) {
      this.text('No items.', LEFT + CELL_PAD, this.y + 10, FONT.regular, 9, COLOR.muted);
      this.y += 30;
    }
    this.hrule(this.y, COLOR.navy, 1);
  }

  // ---- totals and payment -------------------------------------------------------------------

  private summary(): void {
    const { data } = this;
    const rows: [string, string][] = [
      ['Subtotal', data.subtotal],
      [data.taxLabel, data.tax],
      ['Shipping', data.shipping],
    ];
    const boxW = 240;
    const boxX = RIGHT - boxW;
    const valueW = 120;
    const labelW = boxW - 2 * CELL_PAD - valueW - 8;
    const rowHeights = rows.map(([name]) =>
      Math.max(19, this.heightOf(name, FONT.regular, 9, labelW) + 10),
    );
    const totalH = 32;
    const totalsH = rowHeights.reduce((sum, h) => sum + h, 0) + 8 + totalH;
    const paymentW = boxX - LEFT - 36;
    const sentence = paymentSentence(data);
    const paymentH = 17 + this.heightOf(sentence, FONT.regular, 9, paymentW) + 4;
    this.ensureSpace(14 + Math.max(totalsH, paymentH));

    // Payment on the left.
    const top = this.y + 14;
    this.label('Payment', LEFT, top + 4, paymentW, 'left');
    this.text(sentence, LEFT, top + 17, FONT.regular, 9, COLOR.text, {
      width: paymentW,
      lineGap: 2,
    });

    // Totals on the right.
    let y = top;
    rows.forEach(([name, amount], index) => {
      this.text(name, boxX + CELL_PAD, y + 4, FONT.regular, 9, COLOR.muted, { width: labelW });
      this.line(
        formatMoney(amount, data.currency),
        RIGHT - CELL_PAD - valueW,
        y + 4,
        valueW,
        FONT.regular,
        9,
        COLOR.ink,
        { ...NUMERIC, align: 'right' },
      );
      y += rowHeights[index] ?? 19;
    });
    y += 8;
    this.doc.rect(boxX, y, boxW, totalH).fill(COLOR.navy);
    this.doc.rect(boxX, y, 4, totalH).fill(COLOR.accent);
    this.text('Total', boxX + CELL_PAD + 4, y + 10, FONT.semibold, 10, COLOR.white, {
      lineBreak: false,
    });
    this.line(
      formatMoney(data.total, data.currency),
      boxX + 60,
      y + 8,
      boxW - 60 - CELL_PAD,
      FONT.bold,
      13,
      COLOR.white,
      { ...NUMERIC, align: 'right' },
    );
    this.y = top + Math.max(totalsH, paymentH) + 10;
  }

  // ---- credit note --------------------------------------------------------------------------

  private creditNote(refund: NonNullable<InvoiceData['refund']>): void {
    const { data } = this;
    const refunded = formatMoney(refund.amount, data.currency);
    const total = parseDecimal(data.total);
    const amount = parseDecimal(refund.amount);
    const net =
      total !== undefined && amount !== undefined
        ? formatMoney(formatCents(total - amount), data.currency)
        : null;

    const boxH = 84;
    this.y += 18;
    this.ensureSpace(boxH);
    const x = LEFT;
    const y = this.y;
    const red = STATUS_BADGE.refunded.fg;
    this.doc.rect(x, y, CONTENT_WIDTH, boxH).fill('#fff1f2');
    this.doc.rect(x, y, 4, boxH).fill(red);

    const innerX = x + 18;
    const textW = CONTENT_WIDTH - 18 - 200;
    this.text('CREDIT NOTE · REFUND', innerX, y + 14, FONT.bold, 8, red, {
      characterSpacing: 8 * TRACKING,
      lineBreak: false,
    });
    this.text(
      `Credit note for invoice ${data.invoiceNumber}, order #${data.orderNumber}`,
      innerX,
      y + 30,
      FONT.semibold,
      10,
      COLOR.ink,
      { width: textW, lineBreak: false, ellipsis: true },
    );
    const to = data.payment
      ? `to ${cardBrand(data.payment.brand)} ending in ${data.payment.last4}`
      : 'to the original payment method';
    this.text(
      `Refunded on ${formatInvoiceDate(refund.refundedAt)} ${to}, refund reference ${refund.reference}.`,
      innerX,
      y + 47,
      FONT.regular,
      8.5,
      COLOR.text,
      { width: textW, lineGap: 1.5, height: 30, ellipsis: true },
    );

    const amountsX = RIGHT - 190;
    const amountsW = 190 - 16;
    this.text('Amount refunded', amountsX, y + 16, FONT.regular, 8.5, COLOR.muted, {
      width: amountsW,
      align: 'right',
      lineBreak: false,
    });
    this.line(`-${refunded}`, amountsX, y + 29, amountsW, FONT.bold, 15, red, { align: 'right' });
    if (net) {
      this.text(`Net amount paid  ${net}`, amountsX, y + 57, FONT.regular, 8.5, COLOR.text, {
        ...NUMERIC,
        width: amountsW,
        align: 'right',
        lineBreak: false,
      });
    }
    this.y = y + boxH;
  }

  // ---- footers ------------------------------------------------------------------------------

  private footers(): void {
    const { doc, data } = this;
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      // Drawing below the bottom margin would otherwise start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      this.hrule(FOOTER_TOP);
      const y = FOOTER_TOP + 10;
      this.text(
        `Thank you for shopping with ${data.shop.name}!`,
        LEFT,
        y,
        FONT.semibold,
        8,
        COLOR.ink,
        {
          lineBreak: false,
        },
      );
      this.text(
        `Questions about this invoice? Write to ${data.shop.email}.`,
        LEFT,
        y + 12,
        FONT.regular,
        7.5,
        COLOR.muted,
        { width: CONTENT_WIDTH - 150, lineBreak: false, ellipsis: true },
      );
      this.text(`${data.invoiceNumber}`, RIGHT - 150, y, FONT.regular, 7.5, COLOR.muted, {
        width: 150,
        align: 'right',
        lineBreak: false,
      });
      this.text(
        `Page ${i + 1} of ${range.count}`,
        RIGHT - 150,
        y + 12,
        FONT.semibold,
        7.5,
        COLOR.ink,
        {
          width: 150,
          align: 'right',
          lineBreak: false,
        },
      );
      doc.page.margins.bottom = bottom;
    }
  }
}

/**
 * Renders an A4 invoice PDF. Pure: no database, no network, no files written (the fonts are
 * read from resources/). The same data always gives the same bytes: the PDF's dates and
 * document ID derive from `issuedAt`, and dates are shown in UTC.
 */
export function renderInvoicePdf(data: InvoiceData): Promise<Uint8Array> {
  if (Number.isNaN(data.issuedAt.getTime())) {
    return Promise.reject(new RangeError('issuedAt is not a valid date'));
  }
  if (data.refund && Number.isNaN(data.refund.refundedAt.getTime())) {
    return Promise.reject(new RangeError('refund.refundedAt is not a valid date'));
  }
  return new Promise<Uint8Array>((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: 40, bottom: 40, left: MARGIN_X, right: MARGIN_X },
      bufferPages: true,
      lang: 'en',
      displayTitle: true,
      info: {
        Title: `Invoice ${data.invoiceNumber}`,
        Subject: `Invoice for order #${data.orderNumber}`,
        Author: data.shop.name,
        Creator: data.shop.name,
        Producer: data.shop.name,
        // pdfkit would use the current time, and derives the document ID from these fields.
        CreationDate: data.issuedAt,
        ModDate: data.issuedAt,
      },
    });
    const chunks: Uint8Array[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('error', reject);
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    try {
      for (const [name, font] of Object.entries(fonts())) {
        // The types lag behind pdfkit 0.20, which accepts parsed fontkit fonts.
        doc.registerFont(name, font as unknown as PDFKit.Mixins.PDFFontSource);
      }
      doc.font(FONT.regular);
      new InvoiceLayout(doc, data).draw();
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
