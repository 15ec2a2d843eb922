/**
 * Private and public keys: parse every common format, export, and prove a key matches a certificate.
 * @packageDocumentation
 */
export { type KeyAlgorithm, PublicKey, parseSubjectPublicKeyInfo } from './public-key.js';
