import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { HttpError } from '../../lib/errors.js';
import { requireOwned } from '../../lib/ownership.js';
import { COUNTRIES } from './countries.js';
import type { CountryList, SaveAddressBody, SavedAddress } from './schemas.js';
import { savedAddresses } from './tables.js';
import { validateAddress } from './validation.js';

/** More than a shopper needs (home, work, family...), few enough to show in one list. */
export const MAX_SAVED_ADDRESSES = 20;

type Row = typeof savedAddresses.$inferSelect;

function savedAddress(row: Row): SavedAddress {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    line1: row.line1,
    line2: row.line2,
    city: row.city,
    region: row.region,
    postalCode: row.postalCode,
    country: row.country,
    phone: row.phone,
    isDefault: row.isDefault,
  };
}

/** The countries an address may name, for forms (GET /api/v1/countries). */
export function countryList(): CountryList {
  return {
    countries: COUNTRIES.map((country) => ({
      code: country.code,
      name: country.name,
      regionLabel: country.regionLabel ?? null,
      regions: country.regions ? [...country.regions] : [],
      postalCodeLabel: country.postalCodeLabel,
      postalCodeExample: country.postalCodeExample,
    })),
  };
}

/**
 * Logged-in shoppers' saved addresses. Every change to one user's book runs under that user's
 * advisory lock, so "the first address becomes the default" and the size limit hold when two
 * tabs save at once; the partial unique index would turn a slip into an error, never into two
 * defaults.
 */
export class AddressBookService {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** The default first, then the most recently saved. */
  async list(userId: string): Promise<SavedAddress[]> {
    const rows = await this.db
      .select()
      .from(savedAddresses)
      .where(eq(savedAddresses.userId, userId))
      .orderBy(
        desc(savedAddresses.isDefault),
        desc(savedAddresses.updatedAt),
        desc(savedAddresses.id),
      );
    return rows.map(savedAddress);
  }

  /** Saves a new address; the first one, or one saved with makeDefault, is the default. */
  async add(userId: string, body: SaveAddressBody): Promise<SavedAddress> {
    const address = validateAddress(body);
    return this.db.transaction(async (tx) => {
      await lockBook(tx, userId);
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(savedAddresses)
        .where(eq(savedAddresses.userId, userId));
      const saved = count?.n ?? 0;
      if (saved >= MAX_SAVED_ADDRESSES) {
        throw new HttpError(
          409,
          'address_book_full',
          `An address book holds ${MAX_SAVED_ADDRESSES} addresses. Delete one you no longer use first.`,
        );
      }
      const isDefault = saved === 0 || body.makeDefault === true;
      if (isDefault) await clearDefault(tx, userId);
      const now = new Date(this.now());
      const [row] = await tx
        .insert(savedAddresses)
        .values({ ...address, userId, isDefault, createdAt: now, updatedAt: now })
        .returning();
      if (!row) throw new Error('address insert returned nothing');
      return savedAddress(row);
    });
  }

  /** Replaces a saved address; makeDefault true makes it the default (false changes nothing). */
  async update(userId: string, addressId: string, body: SaveAddressBody): Promise<SavedAddress> {
    const address = validateAddress(body);
    return this.db.transaction(async (tx) => {
      await lockBook(tx, userId);
      await this.#owned(tx, userId, addressId);
      if (body.makeDefault === true) await clearDefault(tx, userId, addressId);
      const [row] = await tx
        .update(savedAddresses)
        .set({
          ...address,
          ...(body.makeDefault === true ? { isDefault: true } : {}),
          updatedAt: new Date(this.now()),
        })
        .where(eq(savedAddresses.id, addressId))
        .returning();
      if (!row) throw new Error('address update returned nothing');
      return savedAddress(row);
    });
  }

  async makeDefault(userId: string, addressId: string): Promise<SavedAddress> {
    return this.db.transaction(async (tx) => {
      await lockBook(tx, userId);
      await this.#owned(tx, userId, addressId);
      await clearDefault(tx, userId, addressId);
      const [row] = await tx
        .update(savedAddresses)
        .set({ isDefault: true })
        .where(eq(savedAddresses.id, addressId))
        .returning();
      if (!row) throw new Error('address update returned nothing');
      return savedAddress(row);
    });
  }

  /** Deletes a saved address; when it was the default, the most recently saved one takes over. */
  async remove(userId: string, addressId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await lockBook(tx, userId);
      const row = await this.#owned(tx, userId, addressId);
      await tx.delete(savedAddresses).where(eq(savedAddresses.id, addressId));
      if (!row.isDefault) return;
      const [next] = await tx
        .select({ id: savedAddresses.id })
        .from(savedAddresses)
        .where(eq(savedAddresses.userId, userId))
        .orderBy(desc(savedAddresses.updatedAt), desc(savedAddresses.id))
        .limit(1);
      if (next) {
        await tx
          .update(savedAddresses)
          .set({ isDefault: true })
          .where(eq(savedAddresses.id, next.id));
      }
    });
  }

  async #owned(tx: Db, userId: string, addressId: string): Promise<Row> {
    const [row] = await tx.select().from(savedAddresses).where(eq(savedAddresses.id, addressId));
    return requireOwned(row && { ...row, ownerId: row.userId }, userId, 'saved address');
  }
}

/** Changes to one user's address book, one at a time (until the transaction ends). */
async function lockBook(tx: Db, userId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`ironcart.address_book:${userId}`}, 0))`,
  );
}

async function clearDefault(tx: Db, userId: string, except?: string): Promise<void> {
  await tx
    .update(savedAddresses)
    .set({ isDefault: false })
    .where(
      and(
        eq(savedAddresses.userId, userId),
        eq(savedAddresses.isDefault, true),
        except ? ne(savedAddresses.id, except) : undefined,
      ),
    );
}
