import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from '../../errors/area-errors.js';
import { exportPrivateKey, keyMatchesCertificate, parsePrivateKey } from '../../keys/index.js';
import { readPkcs12, writePkcs12 } from '../../stores/index.js';
import type { CliCommand } from '../cli-command.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { readCliInput } from '../input-files.js';
import {
  badOptionValue,
  parseOptions,
  requiredOption,
  stringListOption,
  stringOption,
} from '../parse-options.js';
import {
  KEY_PASSWORD_OPTIONS,
  PASSWORD_OPTIONS,
  readKeyPasswordOption,
  readPasswordOption,
} from '../password-option.js';
import { certificateJson, readCertificateFiles } from '../read-certificates.js';

const USAGE = `Usage: certkit p12 pack --key KEY --cert CERT [--chain FILE…] --out FILE [--alias NAME] [--legacy]
                       [--password P | --password-env VAR | --password-file F]
                       [--key-password P | --key-password-env VAR | --key-password-file F] [--json]
       certkit p12 unpack FILE [--out-dir DIR] [--password …] [--json]

pack    writes a PKCS#12 file with the key, its certificate and the chain (from --cert after the
        first certificate, and from --chain). The modern profile (default: AES-256-CBC, PBKDF2-HMAC-
        SHA256, SHA-256 MAC) opens with OpenSSL 3 and Java 17; --legacy writes 3DES and a SHA-1 MAC
        for old Java and Windows. The key must match the certificate. --key-password opens an
        encrypted input key; --password protects the output file. Input files may be \`-\`
        (standard input).
unpack  lists what a PKCS#12 file holds; with --out-dir, writes each key entry as ALIAS.key.pem
        (PKCS#8, mode 0600) and ALIAS.chain.pem (leaf first), and each trusted certificate as
        ALIAS.trusted.pem.

Exit codes: 0 done; 1 the key does not match the certificate; 2 usage error; 3 input error
(including a wrong password: ERR_PKCS12_BAD_PASSWORD).
`;

async function pack(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('p12 pack', args, {
    ...PASSWORD_OPTIONS,
    key: { type: 'string' },
    cert: { type: 'string' },
    chain: { type: 'string', multiple: true },
    out: { type: 'string' },
    alias: { type: 'string' },
    legacy: { type: 'boolean' },
    ...KEY_PASSWORD_OPTIONS,
  });
  const keyPath = requiredOption(parsed, 'p12 pack', 'key');
  const certPath = requiredOption(parsed, 'p12 pack', 'cert');
  const out = requiredOption(parsed, 'p12 pack', 'out');
  const password = (await readPasswordOption(parsed, io, 'p12 pack')) ?? '';
  const keyPassword = await readKeyPasswordOption(parsed, io, 'p12 pack');
  const privateKey = parsePrivateKey(
    await readCliInput(keyPath, io),
    keyPassword === undefined ? {} : { password: keyPassword },
  );
  const reading = { command: 'p12 pack', io };
  const [leaf, ...rest] = await readCertificateFiles([certPath], reading);
  if (leaf === undefined)
    return badOptionValue('p12 pack', 'cert', `names a file without a certificate (${certPath})`);
  const chain = [leaf, ...rest, ...(await readCertificateFiles(stringListOption(parsed, 'chain'), reading))];
  const match = keyMatchesCertificate(privateKey, leaf);
  if (!match.matches) {
    io.err(
      `certkit p12 pack: ERR_KEY_MISMATCH: ${keyPath} does not belong to ${certPath} (${match.reason}); nothing written.\n`,
    );
    return ExitCode.checkFailed;
  }
  const alias = stringOption(parsed, 'alias') ?? leaf.subject.commonName ?? 'key';
  const profile = parsed.values.legacy === true ? 'legacy' : 'modern';
  const bytes = writePkcs12({ keys: [{ alias, privateKey, chain }], trusted: [] }, { password, profile });
  await writeFile(out, bytes, { mode: 0o600 });
  await chmod(out, 0o600);
  const summary = { out, alias, profile, certificates: chain.map(certificateJson) };
  if (parsed.values.json === true) io.out(`${JSON.stringify(summary, null, 2)}\n`);
  else
    io.out(
      `wrote ${out}: alias "${alias}", ${chain.length} certificate${chain.length === 1 ? '' : 's'}, ${profile} profile\n`,
    );
  return ExitCode.ok;
}

/** A file name from an alias: letters, digits, dot, dash and underscore only. */
function safeFileName(alias: string): string {
  return alias.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'entry';
}

async function unpack(args: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  const parsed = parseOptions('p12 unpack', args, { ...PASSWORD_OPTIONS, 'out-dir': { type: 'string' } });
  const [file, ...more] = parsed.positionals;
  if (file === undefined || more.length > 0)
    return badOptionValue('p12 unpack', 'file', 'must name exactly one PKCS#12 file');
  const password = await readPasswordOption(parsed, io, 'p12 unpack');
  const contents = readPkcs12(await readCliInput(file, io), password === undefined ? {} : { password });
  const outDir = stringOption(parsed, 'out-dir');
  const written: string[] = [];
  if (outDir !== undefined) {
    await mkdir(outDir, { recursive: true });
    for (const entry of contents.keys) {
      const base = join(outDir, safeFileName(entry.alias));
      await writeFile(`${base}.key.pem`, exportPrivateKey(entry.privateKey, { format: 'pkcs8-pem' }), {
        mode: 0o600,
      });
      await chmod(`${base}.key.pem`, 0o600);
      await writeFile(`${base}.chain.pem`, entry.chain.map((c) => c.pem).join(''));
      written.push(`${base}.key.pem`, `${base}.chain.pem`);
    }
    for (const trusted of contents.trusted) {
      const path = join(outDir, `${safeFileName(trusted.alias)}.trusted.pem`);
      await writeFile(path, trusted.certificate.pem);
      written.push(path);
    }
  }
  const json = {
    file,
    keys: contents.keys.map((k) => ({
      alias: k.alias,
      key: k.privateKey.toJSON(),
      chain: k.chain.map(certificateJson),
    })),
    trusted: contents.trusted.map((t) => ({ alias: t.alias, ...certificateJson(t.certificate) })),
    written,
  };
  if (parsed.values.json === true) {
    io.out(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    for (const k of json.keys) {
      io.out(
        `key entry "${k.alias}": ${k.key.algorithm.toUpperCase()} ${k.key.curve ?? k.key.bits}, ${k.chain.length} certificate(s)\n`,
      );
      for (const c of k.chain) io.out(`    ${c.subject} (until ${c.notAfter})\n`);
    }
    for (const t of json.trusted) io.out(`trusted "${t.alias}": ${t.subject} (until ${t.notAfter})\n`);
    for (const path of written) io.out(`wrote ${path}\n`);
  }
  return ExitCode.ok;
}

/** `certkit p12`: pack a key and chain into PKCS#12, or unpack one. */
export const p12Command: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'pack') return pack(rest, io);
    if (sub === 'unpack') return unpack(rest, io);
    throw new CliError('ERR_CLI_USAGE', 'say `pack` or `unpack`.', {
      details: { command: 'p12' },
    });
  },
};
