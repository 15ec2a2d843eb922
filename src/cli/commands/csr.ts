import { writeFile } from 'node:fs/promises';
import { createCsr, generatePrivateKey } from '../../issue/index.js';
import { exportPrivateKey, parsePrivateKey } from '../../keys/index.js';
import type { CliCommand } from '../cli-command.js';
import { ExitCode } from '../exit-codes.js';
import { readCliInput } from '../input-files.js';
import { altNameOptions, keyTypeOption, NAME_OPTIONS, writeSecretFile } from '../issue-options.js';
import { badOptionValue, parseOptions, requiredOption, stringOption } from '../parse-options.js';
import { PASSWORD_OPTIONS, readPasswordOption } from '../password-option.js';

const USAGE = `Usage: certkit csr --key KEY [--password P | --password-env VAR | --password-file F] --subject DN
                   [--dns NAME…] [--ip ADDR…] [--email ADDR…] [--uri URI…] --out FILE [--json]
       certkit csr --new-key TYPE --key-out FILE --subject DN [names…] --out FILE [--password …] [--json]

Writes a PKCS#10 certificate signing request for a key, signed with it (proof of possession). The
subject is RFC 4514 text, most specific first ("CN=api.internal,O=Example,C=DE"); the names go in a
subjectAltName extension request. Any key certkit reads can sign: RSA, RSA-PSS, EC P-256/P-384/P-521,
Ed25519, Ed448. --out ending in .der writes DER, anything else PEM.

--new-key makes the key too (ec = P-256, ec-p384, ec-p521, rsa = 2048 bits, rsa-3072, rsa-4096,
ed25519, ed448) and writes it to --key-out as PKCS#8 (mode 0600), encrypted when a password is given.
With --key, the password opens an encrypted key.

Exit codes: 0 written; 2 usage error; 3 input error (unreadable key, wrong password, a name that
cannot be encoded: ERR_ISSUE_BAD_NAME).
`;

/** `certkit csr`: make a certificate signing request (and optionally its key). */
export const csrCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('csr', args, {
      ...PASSWORD_OPTIONS,
      ...NAME_OPTIONS,
      key: { type: 'string' },
      'new-key': { type: 'string' },
      'key-out': { type: 'string' },
      subject: { type: 'string' },
      out: { type: 'string' },
    });
    const subject = requiredOption(parsed, 'csr', 'subject');
    const out = requiredOption(parsed, 'csr', 'out');
    const keyPath = stringOption(parsed, 'key');
    const newKey = keyTypeOption(parsed, 'csr', 'new-key');
    const keyOut = stringOption(parsed, 'key-out');
    if ((keyPath === undefined) === (newKey === undefined)) {
      return badOptionValue('csr', 'key', 'or --new-key: give exactly one');
    }
    if ((newKey === undefined) !== (keyOut === undefined)) {
      return badOptionValue('csr', 'key-out', 'goes with --new-key (and --new-key needs it)');
    }
    const password = await readPasswordOption(parsed, io, 'csr');
    const key =
      keyPath !== undefined
        ? parsePrivateKey(await readCliInput(keyPath, io), password === undefined ? {} : { password })
        : await generatePrivateKey(newKey);
    const csr = await createCsr({ key, subject, ...altNameOptions(parsed) });
    if (keyOut !== undefined) {
      await writeSecretFile(
        keyOut,
        exportPrivateKey(
          key,
          password === undefined ? { format: 'pkcs8-pem' } : { format: 'pkcs8-pem', password },
        ),
      );
    }
    await writeFile(out, out.toLowerCase().endsWith('.der') ? csr.der : csr.pem);
    const json = {
      out,
      keyOut: keyOut ?? null,
      subject: csr.subject.toString(),
      subjectAltNames: csr.subjectAltNames.map((n) => `${n.type}:${String(n.value)}`),
      key: key.toJSON(),
      signatureAlgorithm: csr.signatureAlgorithm.name,
    };
    if (parsed.values.json === true) io.out(`${JSON.stringify(json, null, 2)}\n`);
    else {
      io.out(`wrote ${out}: CSR for ${json.subject || '(empty subject)'}, ${json.signatureAlgorithm}\n`);
      if (json.subjectAltNames.length > 0) io.out(`    names ${json.subjectAltNames.join(', ')}\n`);
      if (keyOut !== undefined) io.out(`wrote ${keyOut}: new ${key.algorithm} key (mode 0600)\n`);
    }
    return ExitCode.ok;
  },
};
