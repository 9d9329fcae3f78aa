import { awsTerraformEmitter } from './aws-terraform.js';
import { azureTerraformEmitter } from './azure-terraform.js';
import { csvEmitter, markdownEmitter } from './change-request.js';
import { ciscoAsaEmitter } from './cisco-asa.js';
import type { Emitter, ReadBack } from './emitter.js';
import { fortigateEmitter } from './fortigate.js';
import { ip6tablesEmitter, ip6tablesHostEmitter, iptablesEmitter, iptablesHostEmitter } from './iptables.js';
import { nftablesEmitter, nftablesHostEmitter } from './nftables.js';
import { panosEmitter } from './panos.js';
import { windowsFirewallEmitter } from './windows-firewall.js';

/** Every target, in the order the quick pick and `--list-targets` show them. */
export const EMITTERS: readonly Emitter[] = [
    nftablesEmitter, nftablesHostEmitter,
    iptablesEmitter, ip6tablesEmitter, iptablesHostEmitter, ip6tablesHostEmitter,
    windowsFirewallEmitter,
    ciscoAsaEmitter, panosEmitter, fortigateEmitter,
    awsTerraformEmitter, azureTerraformEmitter,
    csvEmitter, markdownEmitter
];

export function findEmitter(id: string): Emitter | undefined {
    return EMITTERS.find(e => e.id === id);
}

/** What a target says of reading its output back (Emitter.readBack); undefined: SegPlan cannot read it back. */
export function readBackOf(target: string): ReadBack | undefined {
    return findEmitter(target)?.readBack;
}
