import { listErrorCodes } from '../src/errors/index.js';

/** Renders docs/errors.md from the error catalogue, so every code is documented by construction. */
export function renderErrorsDoc(): string {
  const codes = listErrorCodes();
  const areas = [...new Set(codes.map((c) => c.area))];
  let out = '# Error codes\n\n';
  out +=
    'Every error certkit throws for bad data or a failed check is a `CertkitError` with one of these stable codes ' +
    '(`isCertkitError(e, code)` tests for one). Structured facts are in `error.details`; secrets never are. ' +
    'This page is generated from `src/errors/catalogue/` by `npm run docs:errors`; a test keeps it current.\n\n';
  out += 'Misuse of the API (an argument of the wrong type) throws a plain `TypeError` instead.\n\n';
  out += `## Contents\n\n${areas.map((a) => `- [${a}](#${a})`).join('\n')}\n`;
  for (const area of areas) {
    out += `\n## ${area}\n`;
    for (const c of codes.filter((x) => x.area === area)) {
      out += `\n### \`${c.code}\`\n\n${c.summary}\n\n- **Cause:** ${c.cause}\n- **What to do:** ${c.action}\n`;
    }
  }
  return out;
}
