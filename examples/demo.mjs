// certkit demo: the library's main path on the sample files in examples/files.
// Run with `npm run demo` (it builds first). Imports the package the way a user would.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildChain, orderBundle } from 'certkit/chain';
import { isCertkitError } from 'certkit/errors';
import { keyMatchesCertificate, parsePrivateKey } from 'certkit/keys';
import { decodePem } from 'certkit/pem';
import { parseCertificate, parseCertificates } from 'certkit/x509';

const files = join(dirname(fileURLToPath(import.meta.url)), 'files');
const read = (name) => readFileSync(join(files, name));
const title = (text) => console.log(`\n== ${text}`);
const now = new Date();

title('1. Inspect an uploaded bundle (unordered-bundle.pem)');
const uploaded = parseCertificates(read('unordered-bundle.pem'));
for (const cert of uploaded) {
  const { status, daysRemaining } = cert.status({ at: now, expiringWithinDays: 30 });
  console.log(`- ${cert.subject}`);
  console.log(`    issuer ${cert.issuer}; serial ${cert.serialNumber}`);
  console.log(
    `    ${cert.publicKey} signed with ${cert.signatureAlgorithm.name}; CA: ${cert.isCA ? 'yes' : 'no'}`,
  );
  console.log(
    `    valid ${cert.notBefore.toISOString().slice(0, 10)} .. ${cert.notAfter.toISOString().slice(0, 10)}: ${status}, ${daysRemaining} days left`,
  );
  console.log(`    SHA-256 ${cert.sha256Fingerprint}`);
}

title('2. Put the bundle in order (leaf -> intermediate -> root)');
const order = orderBundle(uploaded, { at: now });
order.chain.forEach((cert, depth) => console.log(`  ${depth}: ${cert.subject.commonName}`));
console.log(
  `  complete: ${order.complete}; missing: ${order.missing.length}; extra: ${order.extra.length}; duplicates: ${order.duplicates.length}`,
);

title('3. Does the key belong to the certificate?');
const leaf = order.chain[0];
for (const name of ['server.key', 'other.key']) {
  const result = keyMatchesCertificate(parsePrivateKey(read(name)), leaf);
  console.log(`  ${name}: ${result.matches ? 'matches' : `${result.code}: ${result.reason}`}`);
}

title('4. An encrypted key: without, then with its password');
try {
  parsePrivateKey(read('server-encrypted.key'));
} catch (error) {
  if (!isCertkitError(error)) throw error;
  console.log(`  ${error.code}: ${error.message}`);
}
const decrypted = parsePrivateKey(read('server-encrypted.key'), { password: 'demo-password' });
console.log(`  with the password: ${decrypted} (it printed no key material)`);

title('5. Verify the chain to the trusted root, for a hostname');
const root = parseCertificate(read('root-ca.pem'));
const chainFile = parseCertificates(read('server-chain.pem'));
for (const hostname of ['demo.example', 'www.demo.example', 'evil.example']) {
  const result = buildChain(chainFile[0], {
    intermediates: chainFile.slice(1),
    trust: [root],
    hostname,
    at: now,
  });
  const verdict = result.ok
    ? `valid (${result.chain.length} certificates)`
    : result.problems.map((p) => `${p.code} at depth ${p.depth}`).join('; ');
  console.log(`  ${hostname}: ${verdict}`);
}
const expired = parseCertificate(read('expired.pem'));
const expiredResult = buildChain(expired, { intermediates: chainFile.slice(1), trust: [root], at: now });
console.log(`  expired.pem: ${expiredResult.problems.map((p) => `${p.code}: ${p.message}`).join('; ')}`);

title('6. Broken input is explained, with a stable code and the line');
const cut = read('server-chain.pem').toString('utf8').split('\n').slice(0, 7).join('\n');
try {
  decodePem(cut);
} catch (error) {
  if (!isCertkitError(error)) throw error;
  console.log(`  ${error.code} (line ${error.details.line}): ${error.message}`);
}

title('Done. The same from the command line:');
console.log('  npx certkit inspect examples/files/unordered-bundle.pem');
console.log('  npx certkit match --key examples/files/server.key --cert examples/files/server-chain.pem');
console.log(
  '  npx certkit verify examples/files/server-chain.pem --ca examples/files/root-ca.pem --host demo.example',
);
