import { describe, expect, it } from 'vitest';
import { isValidMailbox } from '../../src/chain/mailbox.js';

describe('isValidMailbox (RFC 5321 4.1.2, as RFC 5280 4.2.1.6 requires of rfc822Name)', () => {
  it.each([
    'alice@example.com',
    'a.b.c@example.com',
    "!#$%&'*+-/=?^_`{|}~@example.com",
    '"quoted local"@example.com',
    '"with \\"escape\\""@example.com',
    '"a@b"@example.com',
    'root@[192.0.2.1]',
    'root@[IPv6:2001:db8::1]',
    `${'a'.repeat(64)}@example.com`,
  ])('accepts %s', (m) => {
    expect(isValidMailbox(m)).toBe(true);
  });
  it.each([
    '',
    'alice',
    '@example.com',
    'alice@',
    'alice@@example.com',
    'al ice@example.com',
    '.alice@example.com',
    'alice.@example.com',
    'a..b@example.com',
    '"unterminated@example.com',
    'alice@example..com',
    'alice@-example.com',
    'alice@exa_mple.com',
    'alice@[300.0.0.1]',
    'alice@[IPv6:192.0.2.1]',
    'älice@example.com',
    `${'a'.repeat(65)}@example.com`,
  ])('refuses %s', (m) => {
    expect(isValidMailbox(m)).toBe(false);
  });
});
