import type { Emitter } from './emitter.js';
import { nftablesEmitter, nftablesHostEmitter } from './nftables.js';
import { ip6tablesEmitter, ip6tablesHostEmitter, iptablesEmitter, iptablesHostEmitter } from './iptables.js';

/** Every target, in the order the quick pick and `--list-targets` show them. */
export const EMITTERS: readonly Emitter[] = [
    nftablesEmitter, nftablesHostEmitter,
    iptablesEmitter, ip6tablesEmitter, iptablesHostEmitter, ip6tablesHostEmitter
];

export function findEmitter(id: string): Emitter | undefined {
    return EMITTERS.find(e => e.id === id);
}
