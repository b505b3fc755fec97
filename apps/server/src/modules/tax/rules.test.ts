import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ruleProblems, shareOf, type TaxRule, taxOrder } from './rules.js';

const lines = fc.array(
  fc.record({
    unitPriceCents: fc.integer({ min: 0, max: 200_000 }),
    quantity: fc.integer({ min: 1, max: 20 }),
  }),
  { maxLength: 8 },
);
const rate = fc.integer({ min: 0, max: 300_000 });
const shipping = fc.integer({ min: 0, max: 10_000 });

describe('tax added on top (US, Canada)', () => {
  test('each component is its rate of the base, rounded half up once; the total adds up', () => {
    fc.assert(
      fc.property(
        lines,
        fc.array(rate, { maxLength: 2 }),
        shipping,
        fc.boolean(),
        (ls, rates, ship, shipTaxed) => {
          const rule: TaxRule = {
            components: rates.map((ratePpm, i) => ({ name: `T${i}`, ratePpm })),
            pricesIncludeTax: false,
            shippingTaxed: shipTaxed,
          };
          const order = taxOrder(rule, ls, ship);
          const net = ls.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
          const base = net + (shipTaxed ? ship : 0);
          for (const component of order.components) {
            const exact = (base * component.ratePpm) / 1_000_000;
            expect(Math.abs(component.amountCents - exact)).toBeLessThanOrEqual(0.5);
            expect(Number.isInteger(component.amountCents)).toBe(true);
          }
          expect(order.subtotalCents).toBe(net);
          expect(order.totalCents).toBe(net + ship + order.taxCents);
          expect(order.taxCents).toBe(order.components.reduce((sum, c) => sum + c.amountCents, 0));
        },
      ),
    );
  });

  test('half a cent rounds up: 7.25 % of 10.00 is 0.725, charged 0.73', () => {
    expect(shareOf(1000, 72_500)).toBe(73);
    expect(shareOf(1000, 72_400)).toBe(72);
  });
});

describe('prices that include tax (EU, UK, Australia)', () => {
  test('the shopper pays the sum of the rounded gross prices; the tax is what they contain', () => {
    fc.assert(
      fc.property(lines, rate, shipping, fc.boolean(), (ls, ratePpm, ship, shipTaxed) => {
        const rule: TaxRule = {
          components: [{ name: 'VAT', ratePpm }],
          pricesIncludeTax: true,
          shippingTaxed: shipTaxed,
        };
        const order = taxOrder(rule, ls, ship);
        const net = ls.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
        for (const [i, line] of order.lines.entries()) {
          const unitNet = ls[i]?.unitPriceCents ?? 0;
          expect(
            Math.abs(line.unitPriceCents - unitNet * (1 + ratePpm / 1_000_000)),
          ).toBeLessThanOrEqual(0.5);
          expect(line.lineTotalCents).toBe(line.unitPriceCents * line.quantity);
        }
        expect(order.subtotalCents).toBe(order.lines.reduce((sum, l) => sum + l.lineTotalCents, 0));
        expect(order.totalCents).toBe(order.subtotalCents + order.shippingCents);
        expect(order.taxCents).toBe(order.totalCents - net - ship);
        expect(order.components).toEqual([{ name: 'VAT', ratePpm, amountCents: order.taxCents }]);
        if (!shipTaxed) expect(order.shippingCents).toBe(ship);
      }),
    );
  });

  test('a 34.99 net shirt to Germany (19 %) shows 41.64, of which 6.65 is VAT', () => {
    const order = taxOrder(
      {
        components: [{ name: 'VAT', ratePpm: 190_000 }],
        pricesIncludeTax: true,
        shippingTaxed: true,
      },
      [{ unitPriceCents: 3499, quantity: 1 }],
      0,
    );
    expect([order.subtotalCents, order.taxCents, order.totalCents]).toEqual([4164, 665, 4164]);
  });
});

test('a rule with a negative or fractional rate, a nameless component, or two included taxes is refused', () => {
  const rule = (components: TaxRule['components'], pricesIncludeTax = false): TaxRule => ({
    components,
    pricesIncludeTax,
    shippingTaxed: true,
  });
  expect(ruleProblems(rule([{ name: 'VAT', ratePpm: 190_000 }], true))).toBeNull();
  expect(ruleProblems(rule([]))).toBeNull();
  expect(ruleProblems(rule([{ name: 'X', ratePpm: -1 }]))).toMatch(/parts per million/);
  expect(ruleProblems(rule([{ name: 'X', ratePpm: 1.5 }]))).toMatch(/parts per million/);
  expect(ruleProblems(rule([{ name: ' ', ratePpm: 1 }]))).toMatch(/name/);
  expect(
    ruleProblems(
      rule(
        [
          { name: 'A', ratePpm: 1 },
          { name: 'B', ratePpm: 1 },
        ],
        true,
      ),
    ),
  ).toMatch(/one tax/);
});
