/**
 * certkit: the whole life of an X.509 certificate in Node. The root entry re-exports the most used
 * names of each layer; every layer is also its own subpath (`certkit/pem`, `certkit/x509`, …).
 * @packageDocumentation
 */
export { CertkitError, type CertkitErrorCode, isCertkitError } from './errors/index.js';
