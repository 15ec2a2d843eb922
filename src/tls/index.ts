/**
 * TLS and mTLS profiles in the shape API gateways use, turned into Node servers, clients and agents
 * that rotate live, and rendered for nginx and Envoy.
 * @packageDocumentation
 */
export {};
