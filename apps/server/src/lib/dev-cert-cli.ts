// `npm run dev:cert`: writes a self-signed development certificate into DATA_DIR/tls and
// prints the environment that makes the server use it. See docs/operations.md, "HTTP security".
import path from 'node:path';
import { loadConfig } from '../config.js';
import { writeDevCertificate } from './dev-cert.js';

const { dataDir } = loadConfig();
const cert = await writeDevCertificate(path.join(dataDir, 'tls'));
console.log(
  `Wrote a self-signed certificate for localhost, 127.0.0.1 and ::1, valid until ${cert.notAfter.toISOString()}.`,
);
console.log(`SHA-256 fingerprint: ${cert.fingerprint256}`);
console.log('Start the server with:');
console.log(`TLS_CERT=${cert.certPath}`);
console.log(`TLS_KEY=${cert.keyPath}`);
