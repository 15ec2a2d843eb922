declare const __CERTKIT_VERSION__: string | undefined;

/** The package version, injected by the build (tsup `define`) and by the test config. */
export const VERSION: string = typeof __CERTKIT_VERSION__ === 'string' ? __CERTKIT_VERSION__ : '0.0.0-dev';
