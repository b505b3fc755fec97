// `npm run seed` seeds an empty database; `npm run seed -- --reset` restores the demo catalog.
import { loadConfig } from '../config.js';
import { databaseTargetFor, openDatabase } from './client.js';
import { runMigrations } from './migrate.js';
import { seedDemoCatalog } from './seed/seed.js';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--reset');
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(' ')}. Usage: npm run seed [-- --reset]`);
  process.exit(2);
}

const database = await openDatabase(databaseTargetFor(loadConfig()));
try {
  await runMigrations(database);
  const result = await seedDemoCatalog(database.db, { reset: args.includes('--reset') });
  console.log(
    result.products === 0
      ? 'The catalog already has products; nothing seeded (use --reset to restore the demo catalog).'
      : `Seeded ${result.categories} categories and ${result.products} products.`,
  );
} finally {
  await database.close();
}
