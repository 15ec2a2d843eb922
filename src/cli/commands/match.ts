import { keyMatchesCertificate, parsePrivateKey } from '../../keys/index.js';
import { parseCertificate } from '../../x509/index.js';
import type { CliCommand } from '../cli-command.js';
import { ExitCode } from '../exit-codes.js';
import { readCliInput } from '../input-files.js';
import { parseOptions, requiredOption } from '../parse-options.js';
import { PASSWORD_OPTIONS, readPasswordOption } from '../password-option.js';

const USAGE = `Usage: certkit match --key KEY --cert CERT [--password P | --password-env VAR | --password-file F] [--json]

Proves that the private key belongs to the certificate by comparing public key material.
The password (if the key is encrypted) is given by --password, or kept out of the process list
with --password-env or --password-file. Either file may be \`-\` (standard input); both may be, for
one PEM text holding the key and the certificate.
With --json a mismatch carries its code: { "matches": false, "code": "ERR_KEY_MISMATCH", "reason": … }.

Exit codes: 0 the key matches; 1 it does not; 3 a file cannot be read or parsed.
`;

/** `certkit match`: does this key belong to this certificate? */
export const matchCommand: CliCommand = {
  usage: USAGE,
  async run(args, io) {
    const parsed = parseOptions('match', args, {
      ...PASSWORD_OPTIONS,
      key: { type: 'string' },
      cert: { type: 'string' },
    });
    const keyPath = requiredOption(parsed, 'match', 'key');
    const certPath = requiredOption(parsed, 'match', 'cert');
    const password = await readPasswordOption(parsed, io, 'match');
    const key = parsePrivateKey(await readCliInput(keyPath, io), password === undefined ? {} : { password });
    const cert = parseCertificate(await readCliInput(certPath, io));
    const result = keyMatchesCertificate(key, cert);
    const json = {
      matches: result.matches,
      ...(result.matches ? {} : { code: result.code, reason: result.reason }),
      key: keyPath,
      certificate: certPath,
      subject: cert.subject.toString(),
      keyPublicKeySha256: key.publicKey.sha256Fingerprint,
      certificatePublicKeySha256: cert.publicKey.sha256Fingerprint,
    };
    if (parsed.values.json === true) {
      io.out(`${JSON.stringify(json, null, 2)}\n`);
    } else if (result.matches) {
      io.out(
        `OK: ${keyPath} matches ${certPath} (${cert.subject.toString()})\n    public key SHA-256 ${json.keyPublicKeySha256}\n`,
      );
    } else {
      io.out(
        `MISMATCH (${result.code}): ${keyPath} does not belong to ${certPath} (${cert.subject.toString()}): ${result.reason}\n` +
          `    key public key SHA-256         ${json.keyPublicKeySha256}\n` +
          `    certificate public key SHA-256 ${json.certificatePublicKeySha256}\n`,
      );
    }
    return result.matches ? ExitCode.ok : ExitCode.checkFailed;
  },
};
