import type { VendorCheck } from '../analysis/vendor-check.js';
import { ACRONIS_CHECKS } from './acronis-checks.js';
import { VEEAM_CHECKS } from './veeam-checks.js';
import { ZERO_NETWORKS_CHECKS } from './zero-networks-checks.js';
import { ZERTO_CHECKS } from './zerto-checks.js';

/** Every vendor's checks. A vendor adds its file here. */
export const VENDOR_CHECKS: readonly VendorCheck[] = [...ACRONIS_CHECKS, ...VEEAM_CHECKS, ...ZERO_NETWORKS_CHECKS, ...ZERTO_CHECKS];
