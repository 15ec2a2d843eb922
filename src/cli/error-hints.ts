/** A hint printed under some errors: the option of the command line that fixes them. */
const HINTS: Readonly<Record<string, string>> = {
  ERR_JKS_BAD_KEY_PASSWORD:
    'The key password differs from the store password: give it with --key-password, --key-password-env or --key-password-file.',
  ERR_JKS_BAD_PASSWORD: 'Give the store password with --password, --password-env or --password-file.',
  ERR_PKCS12_PASSWORD_REQUIRED: 'Give the password with --password, --password-env or --password-file.',
};

/** The hint for an error code, if the command line has an option that fixes it. */
export function errorHint(code: string): string | undefined {
  return HINTS[code];
}
