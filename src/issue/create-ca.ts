import { IssueError } from '../errors/area-errors.js';
import { isCertkitError } from '../errors/is-certkit-error.js';
import type { PrivateKey } from '../keys/private-key.js';
import type { Certificate } from '../x509/certificate.js';
import type { CaCertificateOptions, CreateCaOptions } from './ca-options.js';
import { caKeys, readState, sealKey, writeState } from './ca-state.js';
import { keyIdentifier, profileExtensions, randomSerial, validity } from './certificate-profile.js';
import { createSelfSigned } from './create-self-signed.js';
import { generatePrivateKey } from './generate-key.js';
import { loadPeculiarX509 } from './load-peculiar.js';
import { subjectName } from './names.js';
import { signCertificate } from './sign-certificate.js';
import { signingKeyOf } from './signing-key.js';

function exists(name: string): IssueError {
  return new IssueError('ERR_ISSUE_CA_EXISTS', `A CA named "${name}" already exists in this storage.`, {
    details: { name },
  });
}

async function keyOf(options: CaCertificateOptions): Promise<PrivateKey> {
  return options.key ?? generatePrivateKey(options.keyType ?? 'ec');
}

/** An intermediate CA (pathLength 0) signed by the root. */
async function makeIntermediate(
  options: CaCertificateOptions,
  root: { certificate: Certificate; key: PrivateKey },
  at: Date,
): Promise<{ certificate: Certificate; key: PrivateKey }> {
  const lib = await loadPeculiarX509();
  const key = await keyOf(options);
  const { notBefore, notAfter } = validity(at, options.days ?? 1825);
  if (notAfter > root.certificate.notAfter) {
    throw new IssueError('ERR_ISSUE_OUTLIVES_CA', 'The intermediate would outlive the root.', {
      details: { notAfter: notAfter.toISOString(), caNotAfter: root.certificate.notAfter.toISOString() },
    });
  }
  const extensions = profileExtensions(lib, {
    role: { kind: 'ca', pathLength: 0 },
    publicKey: key.publicKey,
    authorityKeyId: root.certificate.subjectKeyIdentifier ?? keyIdentifier(root.certificate.publicKey),
    names: {},
    emptySubject: false,
  });
  const certificate = await signCertificate(
    lib,
    {
      subject: subjectName(lib, options.subject),
      issuer: new lib.Name(new Uint8Array(root.certificate.subject.der)),
      publicKey: key.publicKey,
      serialNumber: randomSerial(),
      notBefore,
      notAfter,
      extensions,
    },
    signingKeyOf(root.key),
  );
  return { certificate, key };
}

/**
 * @internal Makes the root (and intermediate), then stores the sealed keys and the state. The key is
 * written first with "must not exist", so two processes creating the same CA never both succeed.
 */
export async function createCa(
  options: CreateCaOptions,
  name: string,
): Promise<{ chain: Certificate[]; key: PrivateKey }> {
  const keys = caKeys(name);
  const { storage } = options;
  if ((await readState(storage, keys.state)) !== undefined) throw exists(name);
  const at = options.at ?? new Date();
  const rootKey = await keyOf(options);
  const root = await createSelfSigned({
    key: rootKey,
    subject: options.subject,
    purpose: 'ca',
    days: options.days ?? 3650,
    at,
  });
  const issuing =
    options.intermediate === undefined
      ? { certificate: root, key: rootKey }
      : await makeIntermediate(options.intermediate, { certificate: root, key: rootKey }, at);
  const chain = issuing.certificate === root ? [root] : [issuing.certificate, root];
  const seal = (k: PrivateKey) => sealKey(k, options.passphrase, options.keyIterations);
  try {
    await storage.put(keys.key, seal(issuing.key), { expectedVersion: null, secret: true });
  } catch (e) {
    if (isCertkitError(e, 'ERR_STORAGE_CONFLICT')) throw exists(name);
    throw e;
  }
  if (issuing.key !== rootKey) {
    await storage.put(keys.rootKey, seal(rootKey), { expectedVersion: null, secret: true });
  }
  await writeState(
    storage,
    keys.state,
    { format: 1, chain: chain.map((c) => c.pem), nextCrlNumber: 1, revoked: [] },
    null,
  );
  return { chain, key: issuing.key };
}
