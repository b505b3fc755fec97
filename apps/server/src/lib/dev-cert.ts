import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

/** The names a development certificate is valid for. */
export const DEV_CERT_HOSTS = { dns: ['localhost'], ip: ['127.0.0.1', '::1'] } as const;

export interface DevCertificate {
  certPath: string;
  keyPath: string;
  notAfter: Date;
  /** SHA-256 fingerprint of the certificate, colon-separated hex. */
  fingerprint256: string;
}

/**
 * Writes a self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1 into `dir`
 * (`cert.pem`, and `key.pem` with mode 0600), valid `days` days from now. For development and
 * tests only: browsers warn about it, and nothing trusts it unless told to. Generated in
 * process (WebCrypto), no openssl needed.
 */
export async function writeDevCertificate(dir: string, days = 90): Promise<DevCertificate> {
  const notBefore = new Date(Date.now() - 60_000); // a little slack for clock skew
  const notAfter = new Date(notBefore.getTime() + days * 24 * 3_600_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...DEV_CERT_HOSTS.dns.map((value) => ({ type: 2 as const, value })),
          ...DEV_CERT_HOSTS.ip.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const certPath = path.join(dir, 'cert.pem');
  const keyPath = path.join(dir, 'key.pem');
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  chmodSync(keyPath, 0o600); // an existing file keeps its old mode through writeFileSync
  writeFileSync(certPath, pems.cert, { mode: 0o644 });
  return {
    certPath,
    keyPath,
    notAfter,
    fingerprint256: new X509Certificate(pems.cert).fingerprint256,
  };
}
