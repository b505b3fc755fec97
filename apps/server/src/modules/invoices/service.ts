import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppConfig } from '../../config.js';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import type { OrderDetail } from '../orders/schemas.js';
import type { OrderService } from '../orders/service.js';
import { payments } from '../payments/tables.js';
import { renderInvoicePdf } from './render-invoice.js';

export interface InvoiceDeps {
  db: Db;
  orders: OrderService;
  shop: AppConfig['shop'];
}

export interface Invoice {
  fileName: string;
  pdf: Uint8Array;
}

/** Invoices of paid (and refunded) orders; the same order always gives the same document. */
export class InvoiceService {
  constructor(private readonly deps: InvoiceDeps) {}

  async forOrder(
    customer: { id: string; name: string; email: string },
    orderId: string | 'latest',
  ): Promise<Invoice> {
    const order =
      orderId === 'latest'
        ? await this.deps.orders.latest(customer.id)
        : await this.deps.orders.detail(customer.id, orderId);
    if (
      !order.paidAt ||
      !order.billing ||
      (order.status !== 'paid' && order.status !== 'refunded')
    ) {
      throw new HttpError(409, 'no_invoice', 'This order has no invoice: it was not paid.');
    }
    const records = await this.deps.db
      .select({
        status: payments.status,
        reference: payments.gatewayReference,
      })
      .from(payments)
      .where(
        and(eq(payments.orderId, order.id), inArray(payments.status, ['captured', 'refunded'])),
      )
      .orderBy(desc(payments.createdAt));
    const capture = records.find((record) => record.status === 'captured');
    const refund = records.find((record) => record.status === 'refunded');
    const invoiceNumber = `INV-${order.number}`;
    const pdf = await renderInvoicePdf({
      shop: {
        name: this.deps.shop.name,
        addressLines: this.deps.shop.addressLines,
        email: this.deps.shop.email,
      },
      invoiceNumber,
      orderNumber: order.number,
      issuedAt: new Date(order.paidAt),
      customer: { name: customer.name, email: customer.email },
      billingAddress: order.billing,
      lines: order.lines.map((line) => ({
        title: line.title,
        variantLabel: line.variantLabel,
        sku: line.sku,
        quantity: line.quantity,
        unitPrice: line.unitPrice.amount,
        lineTotal: line.lineTotal.amount,
      })),
      currency: order.total.currency,
      subtotal: order.subtotal.amount,
      tax: order.tax.amount,
      taxLabel: taxLabel(this.deps.shop.taxBasisPoints),
      shipping: order.shipping.amount,
      total: order.total.amount,
      payment: paymentOf(order, capture?.reference ?? null),
      status: order.status,
      // The credit note of the refund made through the gateway.
      ...(order.refundedAt && refund?.reference
        ? {
            refund: {
              refundedAt: new Date(order.refundedAt),
              amount: order.total.amount,
              reference: refund.reference,
            },
          }
        : {}),
    });
    return { fileName: `ironcart-${invoiceNumber.toLowerCase()}.pdf`, pdf };
  }
}

function paymentOf(order: OrderDetail, reference: string | null) {
  if (!order.payment || !reference) return null;
  return { brand: order.payment.brand, last4: order.payment.last4, reference };
}

/** "Sales tax (8%)", "Sales tax (8.25%)". */
function taxLabel(basisPoints: number): string {
  return `Sales tax (${Number((basisPoints / 100).toFixed(2))}%)`;
}
