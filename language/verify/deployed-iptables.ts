import { SEGPLAN_CHAINS } from '../emit/iptables.js';

/**
 * SegPlan's iptables file as a machine holds it once loaded: its header asks for a one-time jump
 * from FORWARD (INPUT on a host) into SegPlan's own chain, and `iptables-restore --noflush` adds
 * the chain. Read back as `iptables-save` prints that machine, with the built-in chains at policy
 * ACCEPT, the worst case: SegPlan's chain alone must enforce the plan.
 */
export function deployedIptables(fileText: string): string {
    const owned = Object.values(SEGPLAN_CHAINS).find(c => fileText.includes(`:${c.chain} - [0:0]`));
    if (!owned) throw new Error('not SegPlan iptables output: no chain of its own is declared');
    return fileText.replace(`*filter\n:${owned.chain} - [0:0]\n`,
        `*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:${owned.chain} - [0:0]\n-A ${owned.from} -j ${owned.chain}\n`);
}

/**
 * A file that is SegPlan's iptables output itself (its chain declared, no built-in chain, no jump
 * into it): the text as deployed, and a note saying it was read so. Undefined for any other file,
 * such as `iptables-save` of a machine, which is read as it is.
 */
export function asDeployed(text: string): { text: string; note: (file: string) => string } | undefined {
    const owned = Object.values(SEGPLAN_CHAINS).find(c => text.includes(`*filter\n:${c.chain} - [0:0]\n`));
    if (!owned || new RegExp(`^:${owned.from} `, 'm').test(text)) return undefined;
    return {
        text: deployedIptables(text),
        note: file => `${file} is SegPlan's iptables file: read as loaded on a machine where ${owned.from} jumps to ${owned.chain} first and the built-in chains accept (the file alone must enforce the plan).`
    };
}
