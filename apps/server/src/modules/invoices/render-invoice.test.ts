import { describe, expect, test, vi } from 'vitest';
import { extractPdfPages } from '../../test-support/pdf.js';
import {
  formatInvoiceDate,
  formatMoney,
  type InvoiceData,
  paymentSentence,
  renderInvoicePdf,
} from './render-invoice.js';

const normalize = (text: string) => text.replace(/\s+/g, ' ');

const lines: InvoiceData['lines'] = [
  {
    title: 'Trailblazer GTX Waterproof Trail Running Shoes',
    variantLabel: 'Size EU 44 · Colour Navy',
    sku: 'IC-10042-EU44-NAVY',
    quantity: 1,
    unitPrice: '149.00',
    lineTotal: '149.00',
  },
  {
    title: 'Carbon Pro Tennis Racket 300 g',
    variantLabel: '',
    sku: 'IC-10007',
    quantity: 1,
    unitPrice: '219.00',
    lineTotal: '219.00',
  },
  {
    title: 'Merino Running Socks (3-pack)',
    variantLabel: '',
    sku: 'IC-10008',
    quantity: 2,
    unitPrice: '18.50',
    lineTotal: '37.00',
  },
  {
    title: 'Olympic Barbell 20 kg',
    variantLabel: '',
    sku: 'IC-10009',
    quantity: 1,
    unitPrice: '1289.00',
    lineTotal: '1289.00',
  },
  {
    title: 'Bumper Plates 2 × 10 kg',
    variantLabel: '',
    sku: 'IC-10010',
    quantity: 4,
    unitPrice: '75.00',
    lineTotal: '300.00',
  },
];

function invoice(overrides: Partial<InvoiceData> = {}): InvoiceData {
  return {
    shop: {
      name: 'Ironcart',
      addressLines: ['Ironcart Sports Ltd.', '221 Harbour Street', 'Portland, OR 97201'],
      email: 'support@ironcart.example',
      website: 'ironcart.example',
      taxId: 'US-84-1234567',
    },
    invoiceNumber: 'INV-100042',
    orderNumber: 100042,
    issuedAt: new Date('2025-11-21T14:03:00Z'),
    customer: { name: 'Zoë Ødegård', email: 'zoe@example.no' },
    billingAddress: {
      name: 'Zoë Ødegård',
      line1: 'Storgata 17',
      line2: 'Leilighet H0203',
      city: 'Tromsø',
      postalCode: '9008',
      country: 'NO',
    },
    lines,
    currency: 'USD',
    subtotal: '1994.00',
    tax: '159.52',
    taxLabel: 'Sales tax (8%)',
    shipping: '4.90',
    total: '2158.42',
    payment: { brand: 'visa', last4: '4242', reference: 'pi_3QfZ8kLmN2xYw91Ab' },
    status: 'paid',
    ...overrides,
  };
}

const refund = {
  refundedAt: new Date('2025-11-28T09:30:00Z'),
  amount: '2158.42',
  reference: 're_3QgA1bC2dE3fG4hI',
};

describe('formatting', () => {
  test('money: dollars for USD, the code after the amount otherwise, thousands grouped', () => {
    expect(formatMoney('75.00', 'USD')).toBe('$75.00');
    expect(formatMoney('1289.00', 'USD')).toBe('$1,289.00');
    expect(formatMoney('-12.50', 'USD')).toBe('-$12.50');
    expect(formatMoney('75.00', 'EUR')).toBe('75.00 EUR');
    expect(formatMoney('1234567.89', 'EUR')).toBe('1,234,567.89 EUR');
    expect(formatMoney('n/a', 'EUR')).toBe('n/a EUR');
  });

  test('dates are shown in UTC', () => {
    expect(formatInvoiceDate(new Date('2025-11-21T23:59:59Z'))).toBe('21 November 2025');
    expect(formatInvoiceDate(new Date('2026-01-01T00:00:00Z'))).toBe('1 January 2026');
  });

  test('the payment sentence follows the status', () => {
    const payment = { brand: 'visa', last4: '4242', reference: 'pi_1' };
    expect(paymentSentence({ payment, status: 'paid' })).toBe(
      'Paid with Visa ending in 4242, reference pi_1.',
    );
    expect(paymentSentence({ payment, status: 'failed' })).toMatch(/failed/);
    expect(paymentSentence({ payment: null, status: 'pending' })).toMatch(/pending/);
    expect(paymentSentence({ payment, status: 'paid', refund })).toMatch(/refunded/);
  });
});

describe('renderInvoicePdf', () => {
  test('renders a one-page A4 PDF with every line, total and party on it', async () => {
    const pdf = await renderInvoicePdf(invoice());
    expect(new TextDecoder('latin1').decode(pdf.subarray(0, 5))).toBe('%PDF-');

    const pages = await extractPdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = normalize(pages[0] ?? '');

    for (const line of lines) {
      expect(text).toContain(line.title);
      expect(text).toContain(
        line.variantLabel === '' ? `SKU ${line.sku}` : `${line.variantLabel} · SKU ${line.sku}`,
      );
      expect(text).toContain(formatMoney(line.unitPrice, 'USD'));
      expect(text).toContain(formatMoney(line.lineTotal, 'USD'));
    }
    // Quantities: each row reads "<title> ... <qty> <unit price> <line total>".
    for (const line of lines) {
      const unit = formatMoney(line.unitPrice, 'USD').replace(/[$.]/g, '\\$&');
      expect(text).toMatch(new RegExp(`\\b${line.quantity} ${unit} `));
    }
    expect(text).toContain('$1,289.00');

    for (const expected of [
      'Subtotal $1,994.00',
      'Sales tax (8%) $159.52',
      'Shipping $4.90',
      'Total $2,158.42',
      'INV-100042',
      '#100042',
      '21 November 2025',
      'Zoë Ødegård',
      'zoe@example.no',
      'Storgata 17',
      'Leilighet H0203',
      '9008 Tromsø',
      'Norway',
      'Paid with Visa ending in 4242, reference pi_3QfZ8kLmN2xYw91Ab',
      'PAID',
      'Ironcart Sports Ltd.',
      'support@ironcart.example',
      'Tax ID US-84-1234567',
      'Thank you for shopping with Ironcart!',
      'Page 1 of 1',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('CREDIT NOTE');
    expect(text).not.toContain('REFUNDED');

    // Inter is embedded (as subsets); pdfkit's WinAnsi-only Helvetica is not used at all.
    const raw = new TextDecoder('latin1').decode(pdf);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Inter-Regular/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toContain('Helvetica');
  });

  test('renders accented names in any position, and other currencies after the amount', async () => {
    const pdf = await renderInvoicePdf(
      invoice({
        customer: { name: 'José Núñez', email: 'jose@example.es' },
        billingAddress: {
          name: 'Łukasz Żółć-Müller',
          line1: 'Calle de Alcalá 42',
          city: 'Málaga',
          postalCode: '29001',
          country: 'ES',
        },
        currency: 'EUR',
      }),
    );
    const text = normalize((await extractPdfPages(pdf)).join('\n'));
    for (const expected of [
      'José Núñez',
      'Łukasz Żółć-Müller',
      'Calle de Alcalá 42',
      '29001 Málaga',
      'Spain',
      '149.00 EUR',
      '1,289.00 EUR',
      'Total 2,158.42 EUR',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('$');
  });

  test('a 60-line order spans several pages, repeating the table header, with every line', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({
      title:
        i % 7 === 3
          ? `Item ${i + 1}: Ultralight Carbon Trekking Poles with Cork Grips, Flick-Lock Adjustment and Tungsten Tips, pair`
          : `Item ${i + 1}: Training Cone Set`,
      variantLabel: i % 2 === 0 ? 'Size M' : '',
      sku: `IC-${11000 + i}`,
      quantity: (i % 5) + 1,
      unitPrice: `${10 + i}.25`,
      lineTotal: `${((10 + i) * 100 + 25) * ((i % 5) + 1)}`.replace(/(\d\d)$/, '.$1'),
    }));
    const pdf = await renderInvoicePdf(invoice({ lines: many }));
    const pages = await extractPdfPages(pdf);
    const count = pages.length;
    expect(count).toBeGreaterThanOrEqual(3);

    const all = normalize(pages.join('\n'));
    for (const line of many) {
      // Long titles wrap: compare with the whitespace normalised.
      expect(all).toContain(line.title);
      expect(all).toContain(`SKU ${line.sku}`);
      expect(all).toContain(formatMoney(line.unitPrice, 'USD'));
      expect(all).toContain(formatMoney(line.lineTotal, 'USD'));
    }
    pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} of ${count}`);
      expect(page).toContain('INV-100042');
    });
    // The table header is on every page that holds rows.
    const withRows = pages.filter((page) => page.includes('Item '));
    expect(withRows.length).toBeGreaterThanOrEqual(2);
    for (const page of withRows) {
      expect(page).toMatch(/DESCRIPTION QTY UNIT PRICE AMOUNT/);
    }
    expect(normalize(pages.at(-1) ?? '')).toContain('Total $2,158.42');
    // Each row appears exactly once.
    expect(all.match(/SKU IC-\d+/g)).toHaveLength(60);
  });

  test('shows a credit note only when there is a refund', async () => {
    const refunded = await renderInvoicePdf(invoice({ status: 'refunded', refund }));
    const text = normalize((await extractPdfPages(refunded)).join('\n'));
    expect(text).toContain('REFUNDED');
    expect(text).toContain('CREDIT NOTE');
    expect(text).toContain('Credit note for invoice INV-100042, order #100042');
    expect(text).toContain('Refunded on 28 November 2025 to Visa ending in 4242');
    expect(text).toContain('re_3QgA1bC2dE3fG4hI');
    expect(text).toContain('-$2,158.42');
    expect(text).toContain('Net amount paid $0.00');
    expect(text).toContain('Refund date 28 November 2025');

    for (const status of ['paid', 'pending', 'failed', 'cancelled'] as const) {
      const other = normalize(
        (await extractPdfPages(await renderInvoicePdf(invoice({ status })))).join(),
      );
      expect(other).not.toContain('CREDIT NOTE');
      expect(other).not.toContain('re_3QgA1bC2dE3fG4hI');
    }
  });

  test('the totals and the credit note move to a new page whole rather than being cut', async () => {
    let creditNoteAlone = false;
    let totalsAlone = false;
    for (let count = 4; count <= 14; count++) {
      const many = Array.from({ length: count }, (_, i) => ({
        title: `Item ${i + 1}: Trailblazer GTX Waterproof Trail Running Shoes, Size 44`,
        variantLabel: 'Size UK 9',
        sku: `IC-${12000 + i}`,
        quantity: 1,
        unitPrice: '149.00',
        lineTotal: '149.00',
      }));
      const pdf = await renderInvoicePdf(invoice({ lines: many, status: 'refunded', refund }));
      const pages = (await extractPdfPages(pdf)).map(normalize);

      const withTotals = pages.filter((page) => page.includes('Subtotal'));
      expect(withTotals).toHaveLength(1);
      expect(withTotals[0]).toContain('Shipping $4.90 Total $2,158.42');
      expect(withTotals[0]).toContain('Paid with Visa ending in 4242');
      const withCreditNote = pages.filter((page) => page.includes('CREDIT NOTE'));
      expect(withCreditNote).toHaveLength(1);
      expect(withCreditNote[0]).toContain('-$2,158.42');
      expect(withCreditNote[0]).toContain('Net amount paid $0.00');
      expect(pages.join().match(/SKU IC-\d+/g)).toHaveLength(count);

      const totalsPage = pages.indexOf(withTotals[0] ?? '');
      if (totalsPage > 0 && !pages[totalsPage]?.includes('Item ')) totalsAlone = true;
      if (!withCreditNote[0]?.includes('Subtotal')) creditNoteAlone = true;
    }
    // Both page breaks did happen somewhere in the range.
    expect(totalsAlone).toBe(true);
    expect(creditNoteAlone).toBe(true);
  });

  test('the same data gives byte-identical PDFs, whenever it is rendered', async () => {
    const data = invoice({ refund, status: 'refunded' });
    const first = await renderInvoicePdf(data);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past a whole second
    expect(Buffer.from(await renderInvoicePdf(data)).equals(Buffer.from(first))).toBe(true);

    // Nor does the shared, parsed font state matter: a fresh module (fonts parsed anew) and
    // renders running side by side give the same bytes.
    vi.resetModules();
    const fresh = await import('./render-invoice.js');
    expect(fresh.renderInvoicePdf).not.toBe(renderInvoicePdf);
    const [cold, bigger, again] = await Promise.all([
      fresh.renderInvoicePdf(data),
      fresh.renderInvoicePdf(invoice({ lines: [...lines, ...lines, ...lines] })),
      fresh.renderInvoicePdf(data),
    ]);
    expect(Buffer.from(cold).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(again).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(bigger).equals(Buffer.from(first))).toBe(false);

    // The dates in the file are the invoice's, not the time of rendering.
    const raw = new TextDecoder('latin1').decode(first);
    const dates = new Set(raw.match(/D:\d{14}Z/g));
    expect([...dates]).toEqual(['D:20251121140300Z']);

    // A different invoice gives a different document ID.
    const other = await renderInvoicePdf(invoice({ invoiceNumber: 'INV-100043' }));
    const id = (pdf: Uint8Array) =>
      /\/ID \[<([0-9a-f]+)>/.exec(new TextDecoder('latin1').decode(pdf))?.[1];
    expect(id(first)).toMatch(/^[0-9a-f]{32}$/);
    expect(id(other)).not.toBe(id(first));
  });

  test('rejects an invalid date', async () => {
    await expect(renderInvoicePdf(invoice({ issuedAt: new Date('nope') }))).rejects.toThrow(
      RangeError,
    );
  });
});
