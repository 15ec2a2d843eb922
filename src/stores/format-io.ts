/**
 * @internal The serialisation functions of `./formats/`, gathered in one place so the model imports
 * them from a single module.
 */
export { readJks, readPemBundle, readPkcs12, writePemBundle, writePkcs12 } from './formats/index.js';
