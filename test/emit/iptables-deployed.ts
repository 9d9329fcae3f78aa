import { SEGPLAN_CHAINS } from '../../language/emit/iptables.js';

/**
 * What `iptables-save` prints on a machine after the one-time setup the header of SegPlan's
 * iptables output asks for (the jump into SegPlan's chain, first in FORWARD or INPUT) and a load
 * of the file with `iptables-restore --noflush`. The built-in chains keep policy ACCEPT here, the
 * worst case: SegPlan's chain alone must enforce the plan. Tests that read the output back with
 * the audit's iptables-save importer read it as deployed.
 */
export function deployedIptables(fileText: string): string {
    const owned = Object.values(SEGPLAN_CHAINS).find(c => fileText.includes(`:${c.chain} - [0:0]`));
    if (!owned) throw new Error('not SegPlan iptables output: no chain of its own is declared');
    return fileText.replace(`*filter\n:${owned.chain} - [0:0]\n`,
        `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:${owned.chain} - [0:0]\n-A ${owned.from} -j ${owned.chain}\n`);
}
