import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { classifyDer, decodeInput } from '../../../src/pem/index.js';
import { parseCertificate } from '../../../src/x509/index.js';
import { buildOcspRequest } from '../../../src/x509/ocsp-request.js';

/** Real objects to mutate, by kind, read from the test fixtures (and the system CA bundle). */
export interface Seeds {
  readonly certificates: Uint8Array[];
  readonly crls: Uint8Array[];
  readonly csrs: Uint8Array[];
  readonly ocsp: Uint8Array[];
  readonly pkcs12: Uint8Array[];
  readonly pkcs7: Uint8Array[];
  readonly keys: Uint8Array[];
  readonly jks: Uint8Array[];
}

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

function files(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir)).map((f) => join(FIXTURES, dir, f));
}

/** Every DER block of a PEM or DER file, with its PEM label ('DER' for a DER file). */
function blocks(file: string): { label: string; bytes: Uint8Array }[] {
  try {
    const d = decodeInput(readFileSync(file), { checkContent: false });
    return d.kind === 'der'
      ? [{ label: 'DER', bytes: d.bytes }]
      : d.blocks.map((b) => ({ label: b.label, bytes: b.bytes }));
  } catch {
    return [];
  }
}

function unique(list: Uint8Array[]): Uint8Array[] {
  const seen = new Set<string>();
  return list.filter((b) => {
    const k = Buffer.from(b).toString('base64');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** An OCSP response from `openssl ocsp` for the revocation fixtures, or a bare status when openssl is missing. */
function ocspResponses(): Uint8Array[] {
  const out: Uint8Array[] = [Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03)];
  const rev = join(FIXTURES, 'revocation');
  const dir = mkdtempSync(join(tmpdir(), 'certkit-fuzz-ocsp-'));
  try {
    for (const name of ['leaf-good', 'leaf-revoked']) {
      const ca = parseCertificate(readFileSync(join(rev, 'ca.pem')));
      const leaf = parseCertificate(readFileSync(join(rev, `${name}.pem`)));
      writeFileSync(
        join(dir, 'req.der'),
        buildOcspRequest(leaf, ca, { nonce: new Uint8Array(16).fill(7) }).der,
      );
      const r = spawnSync('openssl', [
        'ocsp',
        '-index',
        join(rev, 'index.txt'),
        '-CA',
        join(rev, 'ca.pem'),
        '-rsigner',
        join(rev, 'ocsp-responder.pem'),
        '-rkey',
        join(rev, 'ocsp-responder.key'),
        '-reqin',
        join(dir, 'req.der'),
        '-respout',
        join(dir, 'resp.der'),
        '-ndays',
        '1',
      ]);
      if (r.status === 0) out.push(new Uint8Array(readFileSync(join(dir, 'resp.der'))));
    }
  } catch {
    // openssl missing: the bare response is the only seed
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/** Legacy PEM encryption (Proc-Type/DEK-Info): the block is ciphertext, not DER. */
function encrypted(file: string): boolean {
  return readFileSync(file, 'latin1').includes('DEK-Info:');
}

let cached: Seeds | undefined;

/** The seeds (read once per process). `systemRoots` caps how many system CA certificates are added. */
export function loadSeeds(systemRoots = 40): Seeds {
  if (cached) return cached;
  const certificates: Uint8Array[] = [];
  const crls: Uint8Array[] = [];
  const csrs: Uint8Array[] = [];
  const keys: Uint8Array[] = [];
  const pkcs7: Uint8Array[] = [];
  const pkcs12: Uint8Array[] = [];
  const jks: Uint8Array[] = [];
  const all = [...files('x509'), ...files('revocation'), ...files('stores'), ...files('keys')];
  // bundle-bad-block.pem holds a deliberately damaged block: not a real object.
  for (const file of all.filter((f) => !/-bad-/.test(f))) {
    if (/\.p12$/.test(file)) pkcs12.push(new Uint8Array(readFileSync(file)));
    else if (/\.(jks|jceks)$/.test(file)) jks.push(new Uint8Array(readFileSync(file)));
    else if (/\.p7c$/.test(file)) pkcs7.push(new Uint8Array(readFileSync(file)));
    else if (/\.(pem|der|crt|crl|csr|key)$/.test(file)) {
      for (const { label, bytes } of blocks(file)) {
        const kind = label === 'DER' ? classifyDer(bytes) : undefined;
        if (label === 'CERTIFICATE' || kind === 'certificate') certificates.push(bytes);
        else if (label === 'X509 CRL' || kind === 'crl') crls.push(bytes);
        else if (label === 'CERTIFICATE REQUEST' || kind === 'csr') csrs.push(bytes);
        else if (/^(RSA |EC |ENCRYPTED )?PRIVATE KEY$/.test(label) && !encrypted(file)) keys.push(bytes);
        else if (kind !== undefined && /private-key$/.test(kind)) keys.push(bytes);
      }
    }
  }
  if (existsSync(SYSTEM_BUNDLE)) {
    certificates.push(
      ...blocks(SYSTEM_BUNDLE)
        .slice(0, systemRoots)
        .map((b) => b.bytes),
    );
  }
  cached = {
    certificates: unique(certificates),
    crls: unique(crls),
    csrs: unique(csrs),
    ocsp: ocspResponses(),
    pkcs12: unique(pkcs12),
    pkcs7: unique(pkcs7),
    keys: unique(keys),
    jks: unique(jks),
  };
  return cached;
}
