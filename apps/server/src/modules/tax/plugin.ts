import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import type { AppConfig } from '../../config.js';
import { ErrorResponse, HttpError } from '../../lib/errors.js';
import { money } from '../../lib/money.js';
import { countryByCode } from '../addresses/countries.js';
import { cartOwnerOf } from '../cart/plugin.js';
import { subtotalOf } from '../cart/pricing.js';
import { shippingOption } from '../shipping/service.js';
import { taxOrder } from './rules.js';
import { CartEstimate, EstimateQuery } from './schemas.js';
import { percentOf, TaxService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    tax: TaxService;
  }
}

export interface TaxPluginOptions {
  config: AppConfig;
}

const taxPlugin: FastifyPluginAsyncTypebox<TaxPluginOptions> = async (app, options) => {
  const service = new TaxService(app.database.db);
  app.decorate('tax', service);
  const { currency } = options.config.shop;
  const cents = (amount: number) => money(amount, currency);

  app.get(
    '/api/v1/cart/estimate',
    {
      config: { access: 'public' },
      schema: {
        summary: "This session's cart delivered to a destination: shipping, tax and total",
        description:
          'An estimate until checkout: the region must be given where the country has regions ' +
          '(400 region_required); prices include tax where the destination shows them so.',
        tags: ['cart'],
        querystring: EstimateQuery,
        response: { 200: CartEstimate, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { country, shippingMethod } = request.query;
      const region = request.query.region?.toUpperCase() ?? null;
      const known = countryByCode(country);
      if (known?.regions && region === null) {
        throw new HttpError(
          400,
          'region_required',
          `Choose a ${known.regionLabel?.toLowerCase()} to estimate tax in ${known.name}.`,
        );
      }
      const lines = await app.carts.buyableLines(cartOwnerOf(request));
      const quote = await app.shipping.quote({ country, region }, subtotalOf(lines));
      const method = shippingMethod
        ? quote.methods.find((candidate) => candidate.id === shippingMethod)
        : quote.methods[0];
      if (!method) {
        throw new HttpError(
          400,
          'unknown_shipping_method',
          'Choose one of the delivery methods offered.',
        );
      }
      const rule = await service.ruleFor(quote.destination);
      const order = taxOrder(rule, lines, method.priceCents);
      return {
        destination: quote.destination,
        pricesIncludeTax: rule.pricesIncludeTax,
        lines: order.lines.map((line, index) => ({
          variantId: lines[index]?.variantId ?? '',
          unitPrice: cents(line.unitPriceCents),
          quantity: line.quantity,
          lineTotal: cents(line.lineTotalCents),
        })),
        subtotal: cents(order.subtotalCents),
        shipping: { method: shippingOption(method, currency), price: cents(order.shippingCents) },
        tax: {
          included: order.taxIncluded,
          components: order.components.map((component) => ({
            name: component.name,
            rate: percentOf(component.ratePpm),
            amount: cents(component.amountCents),
          })),
          total: cents(order.taxCents),
        },
        total: cents(order.totalCents),
      };
    },
  );
};

export const taxModule = fp(taxPlugin, { name: 'tax', dependencies: ['cart', 'shipping'] });
