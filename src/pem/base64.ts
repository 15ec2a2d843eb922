/** Whether `c` (a char code) is in the base64 alphabet (excluding `=`). */
function isBase64Char(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    (c >= 48 && c <= 57) || // 0-9
    c === 43 || // +
    c === 47 // /
  );
}

/**
 * Validates base64 body lines strictly (alphabet, padding only at the very end, no stray characters)
 * and returns the index of the first bad line, or -1 when all are good.
 */
export function findBadBase64Line(lines: readonly string[]): number {
  let padded = 0;
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    for (let j = 0; j < line.length; j++) {
      const c = line.charCodeAt(j);
      if (c === 61) {
        if (++padded > 2) return i;
        total++;
        continue;
      }
      if (padded > 0 || !isBase64Char(c)) return i;
      total++;
    }
  }
  if (total % 4 === 1 || (padded > 0 && total % 4 !== 0)) return lines.length - 1;
  return -1;
}
