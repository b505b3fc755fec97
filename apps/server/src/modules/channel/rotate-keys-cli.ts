// `npm run channel:rotate-keys`: makes a new current channel key now. Older keys keep serving
// the sessions made under them; see docs/secure-channel.md, "Key ids and rotation".
import { loadConfig } from '../../config.js';
import { databaseTargetFor, openDatabase } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { loadKeyEncryptionKey } from './key-encryption.js';
import { ChannelKeyStore, keyPolicyFrom } from './key-store.js';

const config = loadConfig();
const database = await openDatabase(databaseTargetFor(config));
try {
  await runMigrations(database);
  const { kek } = loadKeyEncryptionKey(config.channel.kek);
  const keys = new ChannelKeyStore(database.db, kek, keyPolicyFrom(config));
  const key = await keys.rotate();
  console.log(
    `New current channel key ${key.kid}; older keys retire within ${config.channel.keyRetireGraceMs / 60_000} minutes.`,
  );
} finally {
  await database.close();
}
