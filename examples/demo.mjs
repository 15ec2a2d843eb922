// certkit demo: the library's main path on the sample files in examples/files.
// Run with `npm run demo` (it builds first). Imports the package the way a user would.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ariCertId, decideRenewal, problemToError } from 'certkit/acme';
import { buildChain, orderBundle } from 'certkit/chain';
import { isCertkitError } from 'certkit/errors';
import { CertificateAuthority } from 'certkit/issue';
import { keyMatchesCertificate, parsePrivateKey } from 'certkit/keys';
import { decodePem } from 'certkit/pem';
import { MemoryStorage } from 'certkit/storage';
import { Keystore, StoreRegistry, Truststore } from 'certkit/stores';
import { connectTls, createTlsServer, parseTlsProfile } from 'certkit/tls';
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

title('7. Keystores: pack the key and chain as PKCS#12, read it back');
const keystore = Keystore.empty().withEntry(
  'api',
  { privateKey: read('server.key'), chain: read('server-chain.pem') },
  { trust: [root], at: now }, // the upload checks: key matches, chain complete to a trusted root, not expired
);
const p12 = keystore.toPkcs12({ password: 'demo-store-password' });
const reread = Keystore.fromPkcs12(p12, { password: 'demo-store-password' });
console.log(
  `  ${p12.length} bytes of PKCS#12 (AES-256-CBC, PBKDF2-HMAC-SHA256, SHA-256 MAC); same entries after a round trip: ${reread.equals(keystore)}`,
);
try {
  Keystore.empty().withEntry(
    'api',
    { privateKey: read('other.key'), chain: read('server-chain.pem') },
    { trust: [root], at: now },
  );
} catch (error) {
  if (!isCertkitError(error)) throw error;
  console.log(`  an upload with the wrong key: ${error.code}`);
}

title('8. References and rotation: re-point ref://api-keystore only after a check');
const registry = new StoreRegistry();
registry.putTruststore('demo-roots', Truststore.fromCertificates([root]));
registry.putKeystore('api-2025', keystore);
registry.putKeystore('api-2026', Keystore.fromPemBundle(read('renewed-bundle.pem'), { alias: 'api' }));
registry.putKeystore('api-careless', Keystore.fromPemBundle(read('narrow-bundle.pem'), { alias: 'api' }));
registry.defineReference('ref://api-keystore', 'api-2025', {
  role: 'server',
  keyAlias: 'api',
  trustStore: 'demo-roots',
});
registry.on('change', (e) =>
  console.log(`  event: ${e.type} ${e.reference}: ${e.from} -> ${e.to} by ${e.actor}`),
);
const careless = registry.checkRotation('ref://api-keystore', 'api-careless', { at: now });
for (const f of careless.findings) console.log(`  api-careless: ${f.severity} ${f.code}: ${f.message}`);
try {
  registry.repoint('ref://api-keystore', 'api-careless', { actor: 'deploy-bot', at: now });
} catch (error) {
  if (!isCertkitError(error)) throw error;
  console.log(
    `  repoint refused: ${error.code}; the reference still points at ${registry.target('ref://api-keystore')}`,
  );
}
registry.repoint('ref://api-keystore', 'api-2026', {
  actor: 'deploy-bot',
  reason: 'yearly renewal',
  at: now,
});
console.log(
  `  ref://api-keystore now serves ${registry.resolveKeystore('ref://api-keystore').entry('api').leaf.notAfter.toISOString().slice(0, 10)}`,
);
registry.rollback('ref://api-keystore', { actor: 'on-call' });

title('9. A TLS server from a gateway-style profile, rotating live on 127.0.0.1');
const listener = parseTlsProfile({ enabled: true, keyStore: 'ref://api-keystore', keyAlias: 'api' });
const target = parseTlsProfile({ enabled: true, enforce: true, trustStore: 'demo-roots', serverName: 'demo.example' });
const server = createTlsServer(listener, registry, {}, (socket) => socket.end('hello from certkit\n'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const served = async () => {
  const socket = await connectTls(target, registry, { host: '127.0.0.1', port, tls: { servername: 'demo.example' } });
  const leafServed = parseCertificate(socket.getPeerCertificate().raw);
  socket.destroy();
  return `serves the certificate valid until ${leafServed.notAfter.toISOString().slice(0, 10)}`;
};
console.log(`  before: ${await served()}`);
registry.repoint('ref://api-keystore', 'api-2026', { actor: 'deploy-bot', at: now });
console.log(`  after re-pointing ref://api-keystore (no restart): ${await served()}`);
try {
  const strict = parseTlsProfile({ enabled: true, enforce: true, trustStore: 'demo-roots', serverName: 'evil.example' });
  await connectTls(strict, registry, { host: '127.0.0.1', port, tls: { servername: 'evil.example' } });
} catch (error) {
  if (!isCertkitError(error)) throw error;
  console.log(`  a client expecting evil.example: ${error.code} (${error.details.codes.join(', ')})`);
}
await new Promise((resolve) => server.close(resolve));

title('10. ACME: when would each certificate renew, and what a CA refusal looks like');
for (const file of ['server-chain.pem', 'renewed-bundle.pem']) {
  const cert = parseCertificate(readFileSync(join(files, file)));
  const window = decideRenewal(cert, { at: now });
  const lead = decideRenewal(cert, { at: now, policy: { leadTimeMs: 14 * 86_400_000 } });
  console.log(
    `  ${file}: ${window.due ? 'due now' : 'renews'} at ${window.renewAt.toISOString().slice(0, 10)} (a third of its lifetime left); ` +
      `with a 14-day lead: ${lead.renewAt.toISOString().slice(0, 10)}; ARI certID ${ariCertId(cert)}`,
  );
}
const refusal = problemToError(
  { type: 'urn:ietf:params:acme:error:rateLimited', detail: 'too many certificates for demo.example' },
  { status: 429, retryAfter: new Date(now.getTime() + 3_600_000) },
);
console.log(`  a CA's rateLimited problem becomes ${refusal.code}, retry after ${refusal.details.retryAfter}`);
console.log('  (ordering itself needs a CA: see `certkit order` in the README; the tests use Pebble)');

title('11. Make certificates: a private CA, a server and a client certificate, two-way TLS on 127.0.0.1');
const ca = await CertificateAuthority.create({ storage: new MemoryStorage(), subject: 'CN=Demo Private Root,O=Demo' });
const mtlsServer = await ca.issue({ dnsNames: ['api.internal'], ipAddresses: ['127.0.0.1'], purpose: 'server' });
const mtlsClient = await ca.issue({ subject: 'CN=billing-service', purpose: 'client', days: 7 });
for (const issued of [mtlsServer, mtlsClient]) {
  const c = issued.certificate;
  console.log(
    `  issued ${c.subject} (${c.extendedKeyUsage.names.join(', ')}, ${c.publicKey}, serial ${c.serialNumber}, until ${c.notAfter.toISOString().slice(0, 10)})`,
  );
}
const mtls = new StoreRegistry();
mtls.putTruststore('private-root', Truststore.fromCertificates([ca.root]));
for (const [name, issued] of [['api', mtlsServer], ['billing', mtlsClient]]) {
  mtls.putKeystore(name, Keystore.empty().withEntry('main', { privateKey: issued.privateKey, chain: issued.chain }, { trust: [ca.root] }));
}
const mtlsListener = parseTlsProfile({ enabled: true, keyStore: 'api', clientAuthEnabled: true, trustStore: 'private-root', enforce: true });
const mtlsServerSocket = createTlsServer(mtlsListener, mtls, {}, (socket) =>
  socket.end(`hello ${socket.getPeerCertificate().subject.CN}, from a certificate of the private CA\n`),
);
await new Promise((resolve) => mtlsServerSocket.listen(0, '127.0.0.1', resolve));
const mtlsTarget = parseTlsProfile({
  enabled: true,
  enforce: true,
  trustStore: 'private-root',
  serverName: 'api.internal',
  clientAuthEnabled: true,
  keyStore: 'billing',
});
const mtlsSocket = await connectTls(mtlsTarget, mtls, { host: '127.0.0.1', port: mtlsServerSocket.address().port });
let reply = '';
for await (const chunk of mtlsSocket) reply += chunk;
console.log(`  two-way TLS: the server said "${reply.trim()}"`);
await ca.revoke(mtlsClient.serialNumber, { reason: 'keyCompromise' });
const caCrl = await ca.crl();
console.log(`  revoked the client certificate; CRL number ${caCrl.crlNumber} lists ${caCrl.revoked.length} serial(s)`);
await new Promise((resolve) => mtlsServerSocket.close(resolve));

title('Done. The same from the command line:');
console.log('  npx certkit inspect examples/files/unordered-bundle.pem');
console.log('  npx certkit match --key examples/files/server.key --cert examples/files/server-chain.pem');
console.log(
  '  npx certkit verify examples/files/server-chain.pem --ca examples/files/root-ca.pem --host demo.example',
);
console.log(
  '  npx certkit p12 pack --key examples/files/server.key --cert examples/files/server-chain.pem --out server.p12 --password-env P12_PASSWORD',
);
console.log(
  '  npx certkit ca init --dir demo-ca --subject "CN=Demo Root" && npx certkit ca issue --dir demo-ca --dns api.internal --out api.pem --key-out api.key',
);
