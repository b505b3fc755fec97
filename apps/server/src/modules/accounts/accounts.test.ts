import { readFileSync } from 'node:fs';
import { ENDPOINT_TUNNEL, ENVELOPE_MEDIA_TYPE } from '@ironcart/channel';
import { type ClientChannelSession, sealRequest } from '@ironcart/channel/client';
import {
  type ApiError,
  type IroncartClient,
  MemoryDeviceTokenStore,
  MemorySessionStore,
} from '@ironcart/sdk';
import { hash } from '@node-rs/argon2';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { App } from '../../app.js';
import type { AppConfig } from '../../config.js';
import { createTestApp, type TestApp, TestClock } from '../../test-support/app.js';
import { testDrivers } from '../../test-support/databases.js';
import { expectApiError, sdkFor } from '../../test-support/sdk.js';
import { recordStatements } from '../../test-support/statements.js';
import { ARGON2_PARAMS } from './passwords.js';
import { createUser } from './service.js';
import { deviceTokens, users } from './tables.js';

const MINUTE = 60_000;
const PASSWORD = 'correct horse battery staple';

const quietConfig = (overrides: Partial<AppConfig> = {}): Partial<AppConfig> => ({
  seedDemoCatalog: false,
  ...overrides,
});

/** Sends one request sealed with a given (possibly dead) channel session. */
async function rawCall(app: App, session: ClientChannelSession, now: number) {
  const { envelope } = await sealRequest(
    session,
    { method: 'GET', path: '/api/v1/session' },
    { now },
  );
  return app.inject({
    method: 'POST',
    url: ENDPOINT_TUNNEL,
    headers: { 'content-type': ENVELOPE_MEDIA_TYPE },
    payload: Buffer.from(envelope),
  });
}

let emailCounter = 0;
const freshEmail = () => `shopper${++emailCounter}@example.com`;

describe.each(testDrivers)('accounts on %s', (driver) => {
  let t: TestApp;
  const clock = new TestClock();
  const client = (store = new MemorySessionStore()): IroncartClient =>
    sdkFor(t.app, { store, now: clock.now });

  beforeAll(async () => {
    t = await createTestApp(driver, quietConfig(), { now: clock.now });
    t.app.get('/api/v1/test/admin-only', { config: { access: 'admin' } }, async () => ({
      ok: true,
    }));
    t.app.get('/api/v1/test/undeclared', async () => ({ ok: true }));
  });
  afterAll(() => t.close());

  test('the whole account lifecycle through the SDK', async () => {
    const store = new MemorySessionStore();
    const shopper = client(store);
    const email = freshEmail();
    expect(await shopper.session()).toMatchObject({ authenticated: false, user: null });

    const created = await shopper.signUp({
      email: `  ${email.toUpperCase()} `,
      password: PASSWORD,
      name: 'Ada',
    });
    expect(created).toMatchObject({ email, name: 'Ada', role: 'customer' });
    expect(await shopper.me()).toEqual(created);
    expect(await shopper.session()).toMatchObject({ authenticated: true, user: created });

    await shopper.logout();
    expect(await store.load()).toBeUndefined(); // the SDK dropped its key
    await expectApiError(shopper.me(), 401, 'unauthenticated');

    await expect(shopper.login({ email, password: PASSWORD })).resolves.toEqual(created);
    await shopper.changePassword({ currentPassword: PASSWORD, newPassword: `${PASSWORD}!` });
    expect(await shopper.me()).toEqual(created);
    await shopper.logoutEverywhere();
    await expectApiError(shopper.me(), 401, 'unauthenticated');
    await expectApiError(shopper.login({ email, password: PASSWORD }), 401, 'invalid_credentials');
    await expect(shopper.login({ email, password: `${PASSWORD}!` })).resolves.toEqual(created);
  });

  test('login rotates the channel and logout kills it', async () => {
    const store = new MemorySessionStore();
    const shopper = client(store);
    const email = freshEmail();
    await shopper.signUp({ email, password: PASSWORD, name: 'Bo' });
    await shopper.logout();
    await shopper.session();
    const beforeLogin = await store.load();
    if (!beforeLogin) throw new Error('no channel');

    await shopper.login({ email, password: PASSWORD });
    const afterLogin = await store.load();
    if (!afterLogin) throw new Error('no channel');
    expect(afterLogin.sid).not.toBe(beforeLogin.sid);
    expect((await rawCall(t.app, beforeLogin, clock.time)).statusCode).toBe(401);
    expect((await rawCall(t.app, afterLogin, clock.time)).statusCode).toBe(200);

    await shopper.logout();
    expect((await rawCall(t.app, afterLogin, clock.time)).statusCode).toBe(401);
  });

  test('the session token binds one fresh channel, once, and only soon after login', async () => {
    const email = freshEmail();
    const shopper = client();
    await shopper.signUp({ email, password: PASSWORD, name: 'Cy' });
    await shopper.logout();
    const answer = await shopper.channel.request<{ sessionToken: string }>(
      'POST',
      '/api/v1/auth/login',
      {
        json: { email, password: PASSWORD },
      },
    );
    await shopper.channel.close();
    await shopper.channel.request('POST', '/api/v1/auth/bind', {
      json: { token: answer.sessionToken },
    });
    // The token is spent, and a bound channel cannot be rebound.
    const thief = client();
    await expectApiError(
      thief.channel.request('POST', '/api/v1/auth/bind', { json: { token: answer.sessionToken } }),
      401,
      'invalid_session_token',
    );

    const late = await thief.channel.request<{ sessionToken: string }>(
      'POST',
      '/api/v1/auth/login',
      {
        json: { email, password: PASSWORD },
      },
    );
    await thief.channel.close();
    clock.advance(3 * MINUTE);
    await expectApiError(
      thief.channel.request('POST', '/api/v1/auth/bind', { json: { token: late.sessionToken } }),
      401,
      'invalid_session_token',
    );
  });

  test('a login is read once, then served from memory until its use is due to be written', async () => {
    const recorder = recordStatements(t.testDatabase.database);
    const loginReads = async (work: () => Promise<unknown>) => {
      const { statements } = await recorder.record(work);
      return statements.filter((s) => s.includes('from "sessions"')).length;
    };
    const email = freshEmail();
    const shopper = client();
    await shopper.signUp({ email, password: PASSWORD, name: 'Mem' });
    expect(await loginReads(() => shopper.me())).toBeLessThanOrEqual(1);
    expect(await loginReads(() => shopper.me())).toBe(0);
    // A minute on, the use must be written: the row is read (and touched) again.
    clock.advance(MINUTE);
    expect(await loginReads(() => shopper.me())).toBe(1);
    expect(await loginReads(() => shopper.me())).toBe(0);
    await shopper.logout();
    await expectApiError(shopper.me(), 401, 'unauthenticated');
  });

  test('idle and over-age logins are refused', async () => {
    const email = freshEmail();
    const shopper = client();
    await shopper.signUp({ email, password: PASSWORD, name: 'Di' });
    clock.advance(31 * MINUTE);
    await expectApiError(shopper.me(), 401, 'unauthenticated');

    await shopper.login({ email, password: PASSWORD });
    for (let minutes = 20; minutes <= 160; minutes += 20) {
      clock.advance(20 * MINUTE);
      await expect(shopper.me()).resolves.toMatchObject({ email });
    }
    clock.advance(40 * MINUTE);
    await expectApiError(shopper.me(), 401, 'unauthenticated');
  });

  test('a password change ends every other login; logging out everywhere ends all', async () => {
    const email = freshEmail();
    const laptop = client();
    const phone = client();
    await laptop.signUp({ email, password: PASSWORD, name: 'Ed' });
    await phone.login({ email, password: PASSWORD });
    await laptop.changePassword({
      currentPassword: PASSWORD,
      newPassword: 'a brand new passphrase',
    });
    await expect(laptop.me()).resolves.toMatchObject({ email });
    await expectApiError(phone.me(), 401, 'unauthenticated');

    await phone.login({ email, password: 'a brand new passphrase' });
    await laptop.logoutEverywhere();
    await expectApiError(phone.me(), 401, 'unauthenticated');
    await expectApiError(laptop.me(), 401, 'unauthenticated');
  });

  test('a password change needs the current password and a good new one', async () => {
    const shopper = client();
    await shopper.signUp({ email: freshEmail(), password: PASSWORD, name: 'Fa' });
    await expectApiError(
      shopper.changePassword({
        currentPassword: 'not my password',
        newPassword: 'another passphrase',
      }),
      400,
      'wrong_password',
    );
    await expectApiError(
      shopper.changePassword({ currentPassword: PASSWORD, newPassword: 'football' }),
      400,
      'weak_password',
    );
    await expectApiError(
      shopper.changePassword({ currentPassword: PASSWORD, newPassword: PASSWORD }),
      400,
      'same_password',
    );
  });

  test('unknown email and wrong password get the very same answer', async () => {
    const email = freshEmail();
    const shopper = client();
    await shopper.signUp({ email, password: PASSWORD, name: 'Gil' });
    await shopper.logout();
    const wrongPassword = await expectApiError(
      shopper.login({ email, password: 'wrong password!' }),
      401,
      'invalid_credentials',
    );
    const unknownEmail = await expectApiError(
      shopper.login({ email: 'nobody-here@example.com', password: 'wrong password!' }),
      401,
      'invalid_credentials',
    );
    expect(unknownEmail.message).toBe(wrongPassword.message);
  });

  test('sign-up rules: normalised unique emails, length, common passwords', async () => {
    const email = freshEmail();
    await client().signUp({ email, password: PASSWORD, name: 'Hu' });
    await expectApiError(
      client().signUp({ email: email.toUpperCase(), password: PASSWORD, name: 'X' }),
      409,
      'email_taken',
    );
    await expectApiError(
      client().signUp({ email: freshEmail(), password: 'short', name: 'X' }),
      400,
      'weak_password',
    );
    await expectApiError(
      client().signUp({ email: freshEmail(), password: 'x'.repeat(129), name: 'X' }),
      400,
      'weak_password',
    );
    await expectApiError(
      client().signUp({ email: freshEmail(), password: 'Baseball', name: 'X' }),
      400,
      'weak_password',
    );
    await expectApiError(
      client().signUp({ email: 'not-an-email', password: PASSWORD, name: 'X' }),
      400,
      'invalid_request',
    );
    // No composition rules: a long lower-case passphrase, or emoji, are fine.
    await expect(
      client().signUp({ email: freshEmail(), password: '🔒🔒🔒🔒🔒🔒🔒🔒', name: 'Em' }),
    ).resolves.toBeDefined();
    await expect(
      client().signUp({ email: freshEmail(), password: 'y'.repeat(128), name: 'Long' }),
    ).resolves.toBeDefined();
  });

  test('look-alike emails: compatibility forms are one account, invisible characters refused', async () => {
    const shopper = client();
    // Fullwidth letters (NFKC folds them to ASCII) and an upper-case domain.
    const created = await shopper.signUp({
      email: '\uff4c\uff4f\uff4f\uff4b@EXAMPLE.com',
      password: PASSWORD,
      name: 'Lo',
    });
    expect(created.email).toBe('look@example.com');
    await expectApiError(
      client().signUp({ email: 'look@example.com', password: PASSWORD, name: 'X' }),
      409,
      'email_taken',
    );
    await shopper.logout();
    await expect(
      shopper.login({ email: '\uff4cook@example.com', password: PASSWORD }),
    ).resolves.toEqual(created);
    for (const invisible of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u00ad',
      '\u202e',
      '\u3164',
    ]) {
      await expectApiError(
        client().signUp({ email: `lo${invisible}ok@example.com`, password: PASSWORD, name: 'X' }),
        400,
        'invalid_request',
      );
    }
    // A fullwidth at sign passes the pattern but folds into a second '@': refused, not a 500.
    await expectApiError(
      client().signUp({ email: 'a\uff20b@example.com', password: PASSWORD, name: 'X' }),
      400,
      'invalid_request',
    );
  });

  test('passwords are compared in NFC: an accented letter typed either way logs in', async () => {
    const email = freshEmail();
    const composed = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const shopper = client();
    await shopper.signUp({ email, password: decomposed, name: 'Na' });
    await shopper.logout();
    await expect(shopper.login({ email, password: composed })).resolves.toMatchObject({ email });
    await shopper.logout();
    await expect(shopper.login({ email, password: decomposed })).resolves.toMatchObject({ email });
    await shopper.changePassword({ currentPassword: composed, newPassword: `${decomposed}!` });
    await shopper.logout();
    await expect(shopper.login({ email, password: `${composed}!` })).resolves.toMatchObject({
      email,
    });
  });

  test('a hash made before NFC from a decomposed password still logs in, and is rehashed', async () => {
    const email = freshEmail();
    const decomposed = 'cafe\u0301 cre\u0300me brule\u0301e';
    const { db } = t.testDatabase.database;
    // As the code before NFC normalisation stored it: the hash of the raw input.
    const legacyHash = await hash(decomposed, ARGON2_PARAMS);
    await db.insert(users).values({ email, name: 'Old', passwordHash: legacyHash });
    const shopper = client();
    await expectApiError(
      shopper.login({ email, password: decomposed.normalize('NFC') }),
      401,
      'invalid_credentials',
    );
    await expect(shopper.login({ email, password: decomposed })).resolves.toMatchObject({ email });
    const [row] = await db.select().from(users).where(eq(users.email, email));
    expect(row?.passwordHash).not.toBe(legacyHash);
    await shopper.logout();
    // Rehashed from the NFC form: both ways of typing it work from now on.
    await expect(
      shopper.login({ email, password: decomposed.normalize('NFC') }),
    ).resolves.toMatchObject({ email });
  });

  test('migration 0007 folds stored emails to NFKC, except where two would become one', async () => {
    const { db } = t.testDatabase.database;
    const stored = {
      folds: '\uff46\uff4f\uff4c\uff44@example.com',
      twinAscii: 'twin@example.com',
      twinWide: '\uff54win@example.com',
      wouldBreak: 'a\uff20b@example.com',
    };
    for (const email of Object.values(stored)) {
      await db.insert(users).values({ email, name: 'M', passwordHash: 'x' });
    }
    const migration = readFileSync(
      new URL('../../../drizzle/0007_device_tokens.sql', import.meta.url),
      'utf8',
    );
    const dataStatement = migration.split('--> statement-breakpoint').at(-1) ?? '';
    expect(dataStatement).toContain('UPDATE "users"');
    await db.execute(sql.raw(dataStatement));
    const emailsNow = (await db.select({ email: users.email }).from(users)).map((r) => r.email);
    expect(emailsNow).toEqual(
      expect.arrayContaining([
        'fold@example.com',
        stored.twinAscii,
        stored.twinWide,
        stored.wouldBreak,
      ]),
    );
    expect(emailsNow).not.toContain(stored.folds);
  });

  test('routes are closed by default, and admin routes do not exist for customers', async () => {
    const admin = await createUser(t.testDatabase.database.db, {
      email: freshEmail(),
      password: PASSWORD,
      name: 'Admin',
      role: 'admin',
    });
    const customer = client();
    await customer.signUp({ email: freshEmail(), password: PASSWORD, name: 'Cu' });
    const anonymous = client();
    const boss = client();
    await boss.login({ email: admin.email, password: PASSWORD });

    await expectApiError(anonymous.me(), 401, 'unauthenticated');
    await expectApiError(
      customer.channel.request('GET', '/api/v1/test/admin-only'),
      404,
      'not_found',
    );
    await expectApiError(
      anonymous.channel.request('GET', '/api/v1/test/admin-only'),
      404,
      'not_found',
    );
    await expect(boss.channel.request('GET', '/api/v1/test/admin-only')).resolves.toEqual({
      ok: true,
    });
    await expectApiError(
      anonymous.channel.request('GET', '/api/v1/test/undeclared'),
      401,
      'unauthenticated',
    );
  });

  test('passwords are argon2id with the required parameters; no secret is stored or logged', async () => {
    const email = freshEmail();
    const secretPassword = 'unmistakable-secret-passphrase-4711';
    const shopper = client();
    await shopper.signUp({ email, password: secretPassword, name: 'Ivy' });
    const { sessionToken: token, deviceToken } = await shopper.channel.request<{
      sessionToken: string;
      deviceToken: string;
    }>('POST', '/api/v1/auth/login', { json: { email, password: secretPassword } });
    const { db } = t.testDatabase.database;
    // Both drivers answer execute() with { rows }; drizzle's shared type leaves it unknown.
    const rowsOf = async <T>(query: ReturnType<typeof sql>) =>
      ((await db.execute(query)) as unknown as { rows: T[] }).rows;
    const hashes = await rowsOf<{ password_hash: string }>(
      sql`select password_hash from users where email = ${email}`,
    );
    expect(hashes[0]?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const tables = await rowsOf<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public'`,
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await rowsOf(sql`select * from ${sql.identifier(table_name)}`);
      dump += JSON.stringify(rows, (_key, value) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
      );
    }
    const tokenHex = Buffer.from(token, 'base64url').toString('hex');
    const deviceTokenHex = Buffer.from(deviceToken, 'base64url').toString('hex');
    expect(dump).toContain(email);
    for (const secret of [secretPassword, token, tokenHex, deviceToken, deviceTokenHex]) {
      expect(dump).not.toContain(secret);
      expect(t.logs.text).not.toContain(secret);
    }
  });
});

describe.each(testDrivers)('the login throttle on %s', (driver) => {
  let t: TestApp;
  const clock = new TestClock();
  const email = 'target@example.com';

  beforeAll(async () => {
    t = await createTestApp(
      driver,
      quietConfig({ login: { freeFailures: 3, maxDelayMs: 60_000, maxFailuresPerHour: 10 } }),
      { now: clock.now },
    );
    await createUser(t.testDatabase.database.db, {
      email,
      password: PASSWORD,
      name: 'T',
      role: 'customer',
    });
  });
  afterAll(() => t.close());

  const attempt = (password: string, who = sdkFor(t.app, { now: clock.now })) =>
    who.login({ email, password });

  const newAccount = async (address: string) => {
    await createUser(t.testDatabase.database.db, {
      email: address,
      password: PASSWORD,
      name: 'O',
      role: 'customer',
    });
    return address;
  };
  /** A client on a device of its own (no device token unless `device` is shared). */
  const onDevice = (device = new MemoryDeviceTokenStore()) =>
    sdkFor(t.app, { now: clock.now, deviceTokens: device });

  /**
   * The attack of the review: one wrong guess per lock period, each from a fresh device, until
   * the account has had its hourly cap of failures (10 in this suite).
   */
  async function lockOut(address: string): Promise<void> {
    let failures = 0;
    for (let i = 0; i < 100 && failures < 10; i++) {
      const code = await onDevice()
        .login({ email: address, password: 'a wrong guess' })
        .catch((e: ApiError) => e.code);
      if (code === 'invalid_credentials') failures++;
      clock.advance(20_000);
    }
    expect(failures).toBe(10);
    await expectApiError(
      onDevice().login({ email: address, password: PASSWORD }),
      429,
      'too_many_attempts',
    );
  }

  test("a typed login email cannot name a device's bucket", async () => {
    const owner = await newAccount('namespaced@example.com');
    const laptop = onDevice();
    await laptop.login({ email: owner, password: PASSWORD });
    await laptop.logout();
    const [device] = await t.testDatabase.database.db
      .select({ id: deviceTokens.id })
      .from(deviceTokens)
      .innerJoin(users, eq(users.id, deviceTokens.userId))
      .where(eq(users.email, owner));
    await lockOut(`device:${device?.id}`);
    await expect(laptop.login({ email: owner, password: PASSWORD })).resolves.toMatchObject({
      email: owner,
    });
  });

  test('failures from elsewhere do not lock out a device the owner has logged in from', async () => {
    const owner = await newAccount('owner@example.com');
    const ownerDevice = new MemoryDeviceTokenStore();
    const laptop = onDevice(ownerDevice);
    await laptop.login({ email: owner, password: PASSWORD });
    await laptop.logout();

    await lockOut(owner);
    // The untrusted bucket stays as strict as ever (checked in lockOut); the owner's device:
    await expect(laptop.login({ email: owner, password: PASSWORD })).resolves.toMatchObject({
      email: owner,
    });
    // ... and its password change is not held up by the account's failures either.
    await laptop.changePassword({ currentPassword: PASSWORD, newPassword: `${PASSWORD} 2` });
    await laptop.logout();
    // Each login rotates the token; the SDK kept the new one, the old one is spent.
    const rotated = await ownerDevice.load(owner);
    await expect(
      onDevice(ownerDevice).login({ email: owner, password: `${PASSWORD} 2` }),
    ).resolves.toMatchObject({ email: owner });
    expect(await ownerDevice.load(owner)).not.toBe(rotated);
    await expectApiError(
      onDevice().login({ email: owner, password: `${PASSWORD} 2`, deviceToken: rotated }),
      429,
      'too_many_attempts',
    );
  });

  test("another account's, a forged or an expired device token counts as untrusted", async () => {
    const owner = await newAccount('owner2@example.com');
    const attacker = await newAccount('attacker@example.com');
    const ownerDevice = new MemoryDeviceTokenStore();
    await onDevice(ownerDevice).login({ email: owner, password: PASSWORD });
    const attackerDevice = new MemoryDeviceTokenStore();
    await onDevice(attackerDevice).login({ email: attacker, password: PASSWORD });
    const attackersToken = await attackerDevice.load(attacker);

    clock.advance(91 * 24 * 3_600_000); // the owner's device token has expired
    await lockOut(owner);
    for (const deviceToken of [attackersToken, 'A'.repeat(43), await ownerDevice.load(owner)]) {
      await expectApiError(
        onDevice().login({ email: owner, password: PASSWORD, deviceToken }),
        429,
        'too_many_attempts',
      );
    }
    // A malformed token is a malformed request.
    await expectApiError(
      onDevice().login({ email: owner, password: PASSWORD, deviceToken: 'short' }),
      400,
      'invalid_request',
    );
  });

  test("a device's own failures lock that device alone, with the same growing delay", async () => {
    clock.advance(2 * 3_600_000);
    const owner = await newAccount('owner3@example.com');
    const device = new MemoryDeviceTokenStore();
    await onDevice(device).login({ email: owner, password: PASSWORD });
    for (let i = 0; i < 4; i++) {
      await expectApiError(
        onDevice(device).login({ email: owner, password: 'wrong' }),
        401,
        'invalid_credentials',
      );
    }
    const locked = await onDevice(device).channel.send('POST', '/api/v1/auth/login', {
      json: { email: owner, password: PASSWORD, deviceToken: await device.load(owner) },
    });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('1');
    // The account's own bucket saw none of it.
    await expect(onDevice().login({ email: owner, password: PASSWORD })).resolves.toMatchObject({
      email: owner,
    });
  });

  test('growing delays after the free failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) await expectApiError(attempt('wrong'), 401, 'invalid_credentials');
    // The 4th failure locks for 1 s, the 5th for 2 s, the 6th for 4 s.
    for (const lockSeconds of [1, 2, 4]) {
      await expectApiError(attempt('wrong'), 401, 'invalid_credentials');
      const locked = await sdkFor(t.app, { now: clock.now }).channel.send(
        'POST',
        '/api/v1/auth/login',
        {
          json: { email, password: PASSWORD },
        },
      );
      expect(locked.status).toBe(429);
      expect(locked.headers['retry-after']).toBe(String(lockSeconds));
      clock.advance(lockSeconds * 1000);
    }
    await expect(attempt(PASSWORD)).resolves.toMatchObject({ email });
    // Success resets the delay: the next failures are free again.
    for (let i = 0; i < 3; i++) await expectApiError(attempt('wrong'), 401, 'invalid_credentials');
  });

  test('no more failures than the hourly cap, and a burst cannot slip past the lock', async () => {
    clock.advance(2 * 3_600_000); // a new hour, nothing locked
    await expect(attempt(PASSWORD)).resolves.toMatchObject({ email });
    const burst = await Promise.all(
      Array.from({ length: 12 }, () => attempt('wrong').catch((e: ApiError) => e.code)),
    );
    const failures = burst.filter((code) => code === 'invalid_credentials').length;
    expect(failures).toBe(4); // 3 free, then the 4th locks everything else out
    expect(burst.filter((code) => code === 'too_many_attempts')).toHaveLength(8);

    let counted = failures;
    for (let i = 0; i < 40 && counted < 10; i++) {
      clock.advance(60_000);
      const code = await attempt('wrong').catch((e: ApiError) => e.code);
      if (code === 'invalid_credentials') counted++;
    }
    expect(counted).toBe(10);
    clock.advance(60_000);
    const capped = await expectApiError(attempt(PASSWORD), 429, 'too_many_attempts');
    expect(capped.status).toBe(429);
    clock.advance(3_600_000);
    await expect(attempt(PASSWORD)).resolves.toMatchObject({ email });
  });
});
