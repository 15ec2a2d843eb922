import { TlsError } from '../../errors/index.js';
import { parseTlsProfile, parseTlsProfileXml, type TlsProfile } from '../../tls/index.js';

/** Reads a profile file: XML when it starts with `<`, JSON otherwise. */
export function parseProfileText(text: string): TlsProfile {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('<')) return parseTlsProfileXml(text);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (cause) {
    throw new TlsError(
      'ERR_TLS_PROFILE_INVALID',
      `The profile is neither XML (<SSLInfo>) nor JSON: ${(cause as Error).message}.`,
      { cause, details: { field: '(root)' } },
    );
  }
  return parseTlsProfile(json);
}
