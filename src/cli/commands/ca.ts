import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../../errors/area-errors.js';
import { isCertkitError } from '../../errors/is-certkit-error.js';
import {
  CertificateAuthority,
  type CertificatePurpose,
  REASON_CODES,
  type RevocationReason,
} from '../../issue/index.js';
import { exportPrivateKey } from '../../keys/index.js';
import { FileStorage } from '../../storage/index.js';
import type { CliCommand } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { readCliInput } from '../input-files.js';
import {
  altNameOptions,
  daysOption,
  keyTypeOption,
  NAME_OPTIONS,
  writeSecretFile,
} from '../issue-options.js';
import {
  badOptionValue,
  type ParsedCommandLine,
  parseOptions,
  requiredOption,
  stringOption,
} from '../parse-options.js';
import { PASSWORD_OPTIONS, readPasswordOption } from '../password-option.js';
import { certificateJson } from '../read-certificates.js';

const USAGE = `Usage: certkit ca init --dir DIR --subject DN [--key-type ec|ec-p384|rsa|ed25519] [--days N]
                       [--intermediate DN [--intermediate-days N]] [--json]
       certkit ca issue --dir DIR [--subject DN] (--dns NAME | --ip ADDR | --email ADDR | --uri URI)…
                        [--server | --client | --both] [--csr FILE | --key-type TYPE] [--days N]
                        --out CERT [--key-out KEY] [--json]
       certkit ca revoke --dir DIR --serial HEX [--reason R] [--json]
       certkit ca crl --dir DIR --out FILE [--days N] [--json]
       (each with [--password P | --password-env VAR | --password-file F] for a sealed CA key)

A small private CA for mTLS and internal endpoints, kept in DIR.
init    makes a self-signed root (default EC P-256, 3650 days) and writes DIR/ca.pem, DIR/ca.key
        (mode 0600; encrypted when a password is given) and the CA's state in DIR/state.
        --intermediate also makes an intermediate CA (pathLength 0, default 1825 days) signed by
        the root, which then issues every certificate and CRL: DIR/intermediate.pem is written,
        DIR/ca.key is the intermediate's key, and the root's key stays sealed in DIR/state only.
issue   issues a leaf certificate (default --server, 30 days): for the key of --csr (its signature
        must verify; its subject and names are used unless given), or for a fresh key of --key-type
        (default ec) written to --key-out (0600). --out gets the chain: leaf, then the CA.
revoke  records a revocation (serial as \`certkit inspect\` or \`openssl x509 -serial\` print it; reason
        one of ${Object.keys(REASON_CODES).join(', ')}).
crl     writes a CRL of every revocation, with the next CRL number (nextUpdate in --days, default 7).

Exit codes: 0 done; 1 the CA refused the CSR (ERR_ISSUE_CSR_REFUSED); 2 usage error; 3 input error
(no CA in DIR, wrong password, unknown serial, a name that cannot be encoded).
`;

const COMMON = { ...PASSWORD_OPTIONS, dir: { type: 'string' } } as const;

/** Opens the CA of --dir, runs `use`, and closes the storage. */
async function withCa<T>(
  parsed: ParsedCommandLine,
  io: CliIo,
  command: string,
  use: (ca: CertificateAuthority) => Promise<T>,
): Promise<T> {
  const dir = requiredOption(parsed, command, 'dir');
  const passphrase = await readPasswordOption(parsed, io, command);
  const storage = new FileStorage({ dir: join(dir, 'state') });
  try {
    const ca = await CertificateAuthority.open({
      storage,
      ...(passphrase === undefined ? {} : { passphrase }),
    });
    return await use(ca);
  } finally {
    await storage.close();
  }
}

function print(parsed: ParsedCommandLine, io: CliIo, json: object, text: string): ExitCodeValue {
  io.out(parsed.values.json === true ? `${JSON.stringify(json, null, 2)}\n` : text);
  return ExitCode.ok;
}

async function init(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('ca init', args, {
    ...COMMON,
    subject: { type: 'string' },
    'key-type': { type: 'string' },
    days: { type: 'string' },
    intermediate: { type: 'string' },
    'intermediate-days': { type: 'string' },
  });
  const dir = requiredOption(parsed, 'ca init', 'dir');
  const intermediate = stringOption(parsed, 'intermediate');
  const intermediateDays = daysOption(parsed, 'ca init', 'intermediate-days');
  if (intermediateDays !== undefined && intermediate === undefined)
    badOptionValue('ca init', 'intermediate-days', 'needs --intermediate');
  const subject = requiredOption(parsed, 'ca init', 'subject');
  const keyType = keyTypeOption(parsed, 'ca init', 'key-type');
  const days = daysOption(parsed, 'ca init');
  const passphrase = await readPasswordOption(parsed, io, 'ca init');
  await mkdir(dir, { recursive: true });
  const storage = new FileStorage({ dir: join(dir, 'state') });
  const ca = await CertificateAuthority.create({
    storage,
    subject,
    at: io.now(),
    ...(keyType === undefined ? {} : { keyType }),
    ...(days === undefined ? {} : { days }),
    ...(passphrase === undefined ? {} : { passphrase }),
    ...(intermediate === undefined
      ? {}
      : {
          intermediate: {
            subject: intermediate,
            ...(keyType === undefined ? {} : { keyType }),
            ...(intermediateDays === undefined ? {} : { days: intermediateDays }),
          },
        }),
  });
  // ca.key is the sealed copy the storage holds (PKCS#8, encrypted when a password was given).
  const sealed = await storage.get('ca/default/key.pem');
  await storage.close();
  await writeSecretFile(join(dir, 'ca.key'), new TextDecoder().decode(sealed?.value));
  await writeFile(join(dir, 'ca.pem'), ca.root.pem);
  const issuing = ca.chain.length > 1 ? ca.certificate : undefined;
  if (issuing !== undefined) await writeFile(join(dir, 'intermediate.pem'), issuing.pem);
  const json = {
    dir,
    certificate: join(dir, 'ca.pem'),
    key: join(dir, 'ca.key'),
    ...certificateJson(ca.root),
    ...(issuing === undefined
      ? {}
      : { intermediate: { certificate: join(dir, 'intermediate.pem'), ...certificateJson(issuing) } }),
  };
  const also =
    issuing === undefined
      ? ''
      : `wrote ${join(dir, 'intermediate.pem')} (${issuing.subject.toString()}, until ${issuing.notAfter.toISOString()}), which issues; ${json.key} is its key\n`;
  return print(
    parsed,
    io,
    json,
    `wrote ${json.certificate} (${json.subject}, until ${json.notAfter}) and ${json.key} (mode 0600)\n${also}`,
  );
}

function purposeOption(parsed: ParsedCommandLine): CertificatePurpose {
  const given = (['server', 'client', 'both'] as const).filter((p) => parsed.values[p] === true);
  if (given.length > 1)
    return badOptionValue('ca issue', given[1] as string, 'cannot go with another purpose');
  return given[0] ?? 'server';
}

async function issue(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('ca issue', args, {
    ...COMMON,
    ...NAME_OPTIONS,
    subject: { type: 'string' },
    server: { type: 'boolean' },
    client: { type: 'boolean' },
    both: { type: 'boolean' },
    csr: { type: 'string' },
    'key-type': { type: 'string' },
    days: { type: 'string' },
    out: { type: 'string' },
    'key-out': { type: 'string' },
  });
  const out = requiredOption(parsed, 'ca issue', 'out');
  const csrPath = stringOption(parsed, 'csr');
  const keyOut = stringOption(parsed, 'key-out');
  const keyType = keyTypeOption(parsed, 'ca issue', 'key-type');
  if (csrPath !== undefined && (keyType !== undefined || keyOut !== undefined)) {
    return badOptionValue('ca issue', 'csr', 'cannot go with --key-type or --key-out (the key is the CSR’s)');
  }
  if (csrPath === undefined && keyOut === undefined) {
    return badOptionValue('ca issue', 'key-out', 'is required when the CA makes the key (no --csr)');
  }
  const purpose = purposeOption(parsed);
  const days = daysOption(parsed, 'ca issue');
  const subject = stringOption(parsed, 'subject');
  const csr = csrPath === undefined ? undefined : await readCliInput(csrPath, io);
  let issued: Awaited<ReturnType<CertificateAuthority['issue']>>;
  try {
    issued = await withCa(parsed, io, 'ca issue', (ca) =>
      ca.issue({
        ...altNameOptions(parsed),
        purpose,
        at: io.now(),
        ...(subject === undefined ? {} : { subject }),
        ...(csr === undefined ? {} : { csr }),
        ...(keyType === undefined ? {} : { keyType }),
        ...(days === undefined ? {} : { days }),
      }),
    );
  } catch (e) {
    if (!isCertkitError(e, 'ERR_ISSUE_CSR_REFUSED')) throw e;
    if (parsed.values.json === true) io.out(`${JSON.stringify({ error: e.toJSON() }, null, 2)}\n`);
    else io.err(`certkit ca issue: ${e.code}: ${e.message}\n`);
    return ExitCode.checkFailed;
  }
  if (keyOut !== undefined && issued.privateKey !== undefined) {
    await writeSecretFile(keyOut, exportPrivateKey(issued.privateKey, { format: 'pkcs8-pem' }));
  }
  await writeFile(out, issued.chain.map((c) => c.pem).join(''));
  const json = {
    out,
    keyOut: keyOut ?? null,
    purpose,
    ...certificateJson(issued.certificate),
    chain: issued.chain.map(certificateJson),
  };
  return print(
    parsed,
    io,
    json,
    `wrote ${out}: ${json.subject} (${purpose}, serial ${json.serialNumber}, until ${json.notAfter})\n`,
  );
}

async function revoke(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('ca revoke', args, {
    ...COMMON,
    serial: { type: 'string' },
    reason: { type: 'string' },
  });
  const serial = requiredOption(parsed, 'ca revoke', 'serial');
  if (!/^(0x)?[0-9A-Fa-f:]+$/.test(serial)) return badOptionValue('ca revoke', 'serial', 'must be hex');
  const reason = stringOption(parsed, 'reason') ?? 'unspecified';
  if (!Object.hasOwn(REASON_CODES, reason)) {
    return badOptionValue('ca revoke', 'reason', `must be one of ${Object.keys(REASON_CODES).join(', ')}`);
  }
  const r = await withCa(parsed, io, 'ca revoke', (ca) =>
    ca.revoke(serial, { reason: reason as RevocationReason, at: io.now() }),
  );
  const json = {
    serialNumber: r.serialNumber,
    reason: r.reason,
    revokedAt: r.revokedAt.toISOString(),
    isNew: r.isNew,
  };
  return print(
    parsed,
    io,
    json,
    `${r.isNew ? 'revoked' : 'already revoked'}: serial ${r.serialNumber} (${r.reason}, ${json.revokedAt})\n`,
  );
}

async function crl(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('ca crl', args, {
    ...COMMON,
    out: { type: 'string' },
    days: { type: 'string' },
  });
  const out = requiredOption(parsed, 'ca crl', 'out');
  const days = daysOption(parsed, 'ca crl');
  const list = await withCa(parsed, io, 'ca crl', (ca) =>
    ca.crl({ at: io.now(), ...(days === undefined ? {} : { days }) }),
  );
  await writeFile(out, list.pem);
  const json = {
    out,
    crlNumber: String(list.crlNumber),
    thisUpdate: list.thisUpdate.toISOString(),
    nextUpdate: list.nextUpdate?.toISOString() ?? null,
    revoked: list.revoked.map((e) => ({ serialNumber: e.serialNumber, reason: e.reason ?? 'unspecified' })),
  };
  return print(
    parsed,
    io,
    json,
    `wrote ${out}: CRL number ${json.crlNumber}, ${json.revoked.length} revoked, next update ${json.nextUpdate}\n`,
  );
}

/** `certkit ca`: a small private CA in a directory. */
export const caCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'init') return init(rest, io);
    if (sub === 'issue') return issue(rest, io);
    if (sub === 'revoke') return revoke(rest, io);
    if (sub === 'crl') return crl(rest, io);
    throw new CliError('ERR_CLI_USAGE', 'certkit ca: say `init`, `issue`, `revoke` or `crl`.', {
      details: { command: 'ca' },
    });
  },
};
