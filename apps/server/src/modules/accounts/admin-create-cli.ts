// `npm run admin:create -- --email owner@shop.example [--name "Shop Owner"]`
// Creates an administrator. The password is read from standard input when it is piped in
// (one line), or asked for at the terminal without echo; never from the command line, where it
// would end up in the shell history and the process list.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config.js';
import { databaseTargetFor, openDatabase } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { HttpError } from '../../lib/errors.js';
import { createUser } from './service.js';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) return line;
    fail('No password on standard input.');
  }
  process.stdout.write('Password for the new administrator: ');
  process.stdin.setRawMode(true);
  let password = '';
  for await (const chunk of process.stdin) {
    for (const char of String(chunk)) {
      if (char === '\r' || char === '\n') {
        process.stdin.setRawMode(false);
        process.stdout.write('\n');
        return password;
      }
      if (char === '\u0003') fail('\nCancelled.');
      password = char === '\u007f' ? password.slice(0, -1) : password + char;
    }
  }
  return password;
}

let values: { email?: string; name?: string };
try {
  ({ values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } }));
} catch (error) {
  fail(
    `${(error as Error).message}\nUsage: npm run admin:create -- --email owner@shop.example [--name "Shop Owner"]`,
  );
}
if (!values.email)
  fail('Usage: npm run admin:create -- --email owner@shop.example [--name "Shop Owner"]');

const password = await readPassword();
const database = await openDatabase(databaseTargetFor(loadConfig()));
try {
  await runMigrations(database);
  const user = await createUser(database.db, {
    email: values.email,
    password,
    name: values.name ?? 'Administrator',
    role: 'admin',
  });
  console.log(`Created administrator ${user.email}.`);
} catch (error) {
  if (error instanceof HttpError) fail(error.message);
  throw error;
} finally {
  await database.close();
}
