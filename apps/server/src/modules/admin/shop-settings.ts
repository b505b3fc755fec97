import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { money, parseDecimal } from '../../lib/money.js';
import { deleteZone, type ShippingService, saveZone } from '../shipping/service.js';
import { deleteRule, percentOf, ppmOfPercent, saveRule, type TaxService } from '../tax/service.js';
import { type Actor, type AuditEvent, recordAudit } from './audit.js';
import type {
  AdminShippingZone,
  AdminShippingZones,
  AdminTaxRule,
  AdminTaxRules,
  SaveShippingZoneBody,
  SaveTaxRuleBody,
} from './shop-settings-schemas.js';

export interface ShopSettingsAdminDeps {
  db: Db;
  shipping: ShippingService;
  tax: TaxService;
  currency: string;
  now: () => number;
}

/** Amounts the body's pattern already admitted. */
const cents = (decimal: string) => parseDecimal(decimal) ?? 0;

/**
 * The shop's shipping zones and tax rules as the admin edits them: each saved whole, checked by
 * the module that owns it, and recorded in the audit log in the same transaction.
 */
export class ShopSettingsAdmin {
  constructor(private readonly deps: ShopSettingsAdminDeps) {}

  async zones(): Promise<AdminShippingZones> {
    const { currency } = this.deps;
    const zones = await this.deps.shipping.zones();
    return {
      zones: zones.map(
        (zone): AdminShippingZone => ({
          id: zone.id,
          name: zone.name,
          position: zone.position,
          areas: zone.areas,
          methods: zone.methods.map((method) => ({
            id: method.id,
            name: method.name,
            minDays: method.minDays,
            maxDays: method.maxDays,
            bands: method.bands.map((band) => ({
              from: money(band.fromCents, currency),
              price: money(band.priceCents, currency),
            })),
          })),
        }),
      ),
    };
  }

  async saveZone(
    actor: Actor,
    zoneId: string,
    body: SaveShippingZoneBody,
  ): Promise<AdminShippingZone> {
    const zone = {
      id: zoneId,
      name: body.name.trim(),
      position: body.position,
      areas: body.areas,
      methods: body.methods.map((method) => ({
        id: method.id,
        name: method.name.trim(),
        minDays: method.minDays,
        maxDays: method.maxDays,
        bands: method.bands.map((band) => ({
          fromCents: cents(band.from),
          priceCents: cents(band.price),
        })),
      })),
    };
    await this.#audited(
      actor,
      {
        action: 'shipping_zone.save',
        targetType: 'shipping_zone',
        targetId: zoneId,
        details: { zone },
      },
      async (tx) => {
        await saveZone(tx, zone);
      },
    );
    const saved = (await this.zones()).zones.find((candidate) => candidate.id === zoneId);
    if (!saved) throw new Error('saved zone not found');
    return saved;
  }

  async deleteZone(actor: Actor, zoneId: string): Promise<void> {
    await this.#audited(
      actor,
      { action: 'shipping_zone.delete', targetType: 'shipping_zone', targetId: zoneId },
      async (tx) => {
        if (!(await deleteZone(tx, zoneId))) {
          throw new HttpError(404, 'not_found', 'There is no such shipping zone.');
        }
      },
    );
  }

  async taxRules(): Promise<AdminTaxRules> {
    const rules = await this.deps.tax.rules();
    return {
      rules: rules.map(
        (rule): AdminTaxRule => ({
          id: rule.id,
          country: rule.country,
          region: rule.region,
          components: rule.components.map((component) => ({
            name: component.name,
            rate: percentOf(component.ratePpm),
          })),
          pricesIncludeTax: rule.pricesIncludeTax,
          shippingTaxed: rule.shippingTaxed,
        }),
      ),
    };
  }

  async saveTaxRule(actor: Actor, ruleId: string, body: SaveTaxRuleBody): Promise<AdminTaxRule> {
    const rule = {
      id: ruleId,
      components: body.components.map((component) => ({
        name: component.name,
        ratePpm: ppmOfPercent(component.rate) ?? 0,
      })),
      pricesIncludeTax: body.pricesIncludeTax,
      shippingTaxed: body.shippingTaxed,
    };
    await this.#audited(
      actor,
      { action: 'tax_rule.save', targetType: 'tax_rule', targetId: ruleId, details: { rule } },
      async (tx) => {
        await saveRule(tx, rule);
      },
    );
    const saved = (await this.taxRules()).rules.find((candidate) => candidate.id === ruleId);
    if (!saved) throw new Error('saved rule not found');
    return saved;
  }

  async deleteTaxRule(actor: Actor, ruleId: string): Promise<void> {
    await this.#audited(
      actor,
      { action: 'tax_rule.delete', targetType: 'tax_rule', targetId: ruleId },
      async (tx) => {
        if (!(await deleteRule(tx, ruleId))) {
          throw new HttpError(404, 'not_found', 'There is no such tax rule.');
        }
      },
    );
  }

  /** A change and its audit entry, committed together or not at all. */
  #audited(actor: Actor, event: AuditEvent, change: (tx: Db) => Promise<void>): Promise<void> {
    return this.deps.db.transaction(async (tx) => {
      await change(tx);
      await recordAudit(tx, actor, event, new Date(this.deps.now()));
    });
  }
}
