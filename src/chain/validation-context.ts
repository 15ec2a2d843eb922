import type { ConstraintBudget } from './name-constraints.js';
import type { ChainProfile, ChainPurpose, KeyUsageName } from './options.js';
import type { PolicyInputs } from './policy-processing.js';
import type { LinkChecker } from './signature-cache.js';

/** Resolved validation settings (internal). */
export interface ValidationContext {
  readonly at: Date;
  readonly profile: ChainProfile;
  readonly purpose: ChainPurpose;
  readonly pedantic: boolean;
  readonly allowSha1: boolean;
  readonly minRsaBits: number;
  readonly allowCommonNameFallback: boolean;
  readonly requiredKeyUsage: readonly KeyUsageName[];
  readonly hostname: string | undefined;
  readonly ip: string | undefined;
  readonly email: string | undefined;
  /** Where signature checks are done and remembered (none: each verified where needed). */
  readonly cache: LinkChecker | undefined;
  readonly policy: PolicyInputs;
  /** Name-constraint comparisons left for the whole call (shared by every path considered). */
  readonly constraintBudget: ConstraintBudget;
  readonly allowEncodingDeviations: boolean;
}
