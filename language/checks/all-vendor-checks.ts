import type { VendorCheck } from './vendor-check.js';

/** Every vendor's checks. A vendor adds its file here. */
export const VENDOR_CHECKS: readonly VendorCheck[] = [];
