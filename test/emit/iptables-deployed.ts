// The emitter tests read SegPlan's iptables output as deployed, the way `segplan verify` does.
export { deployedIptables } from '../../language/verify/deployed-iptables.js';
