import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import type { AppConfig } from '../../config.js';
import { ErrorResponse } from '../../lib/errors.js';
import { currentUser } from '../accounts/plugin.js';
import { type Invoice, InvoiceService } from './service.js';

export interface InvoicesPluginOptions {
  config: AppConfig;
}

const pdfAnswer = Type.Any({ description: 'application/pdf', contentMediaType: 'application/pdf' });
const errors = { 401: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };

/** PDF invoices; through the channel they travel encrypted as binary like any answer. */
const invoicesPlugin: FastifyPluginAsyncTypebox<InvoicesPluginOptions> = async (app, options) => {
  const invoices = new InvoiceService({
    db: app.database.db,
    orders: app.orders,
    shop: options.config.shop,
  });

  const send = (reply: FastifyReply, invoice: Invoice) =>
    reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${invoice.fileName}"`)
      .send(Buffer.from(invoice.pdf.buffer, invoice.pdf.byteOffset, invoice.pdf.byteLength));

  app.get(
    '/api/v1/orders/latest/invoice',
    {
      schema: {
        summary: 'The invoice (PDF) of my latest paid order',
        tags: ['orders'],
        response: { 200: pdfAnswer, ...errors },
      },
    },
    async (request, reply) => send(reply, await invoices.forOrder(currentUser(request), 'latest')),
  );

  app.get(
    '/api/v1/orders/:orderId/invoice',
    {
      schema: {
        summary: 'The invoice (PDF) of one of my paid orders',
        tags: ['orders'],
        params: Type.Object({ orderId: Type.String({ format: 'uuid' }) }),
        response: { 200: pdfAnswer, ...errors },
      },
    },
    async (request, reply) =>
      send(reply, await invoices.forOrder(currentUser(request), request.params.orderId)),
  );
};

export const invoicesModule = fp(invoicesPlugin, { name: 'invoices', dependencies: ['checkout'] });
