// The rule-heavy shape of the benchmark: many zones, components and hand-written allow rules, and
// the same policy for Capirca (`aclgen`), so `segplan generate` can be compared with it.
export interface RuleHeavyPlan {
    readonly text: string;
    /** Capirca's definitions and policy: file name (relative to its base folder) → text. */
    readonly capirca: ReadonlyMap<string, string>;
    readonly zones: number;
    readonly components: number;
    readonly rules: number;
}

const PORT_SETS = [['443'], ['22'], ['3389'], ['443', '8443'], ['6160', '6162'], ['2500-3300'], ['1433'], ['53'], ['80', '443'], ['9392', '9419']];

/** Park–Miller: the same plan on every run. */
function random(seed: number): () => number {
    let state = seed;
    return () => (state = (state * 48271) % 2147483647) / 2147483647;
}

export function generateRuleHeavyPlan(zones: number, components: number, rules: number): RuleHeavyPlan {
    const next = random(11);
    const lines = [`plan "Rule-heavy ${rules}"`, ''];
    const network = [`# ${zones} zones and ${components} components of the SegPlan benchmark plan`];
    const endpoints: Array<{ name: string; def: string }> = [];
    for (let z = 0; z < zones; z++) {
        lines.push(`zone z${z} 10.${z}.0.0/16`);
        network.push(`Z${z} = 10.${z}.0.0/16`);
        endpoints.push({ name: `z${z}`, def: `Z${z}` });
    }
    for (let c = 0; c < components; c++) {
        const z = c % zones, host = `10.${z}.${Math.floor(c / zones) % 250}.${10 + Math.floor(c / zones / 250)}`;
        lines.push(`vm${c} : infra.VmGuest in z${z} at ${host} os linux`);
        network.push(`VM${c} = ${host}/32`);
        endpoints.push({ name: `vm${c}`, def: `VM${c}` });
    }
    lines.push('');
    const services = PORT_SETS.map((ports, i) => `P${i} = ${ports.map(p => `${p}/tcp`).join('\n     ')}`);
    const policy = ['header {', '  target:: iptables FORWARD DROP', '}', ''];
    for (let r = 0; r < rules; r++) {
        const from = endpoints[Math.floor(next() * endpoints.length)];
        let to = endpoints[Math.floor(next() * endpoints.length)];
        if (to === from) to = endpoints[(endpoints.indexOf(from) + 1) % endpoints.length];
        const ports = Math.floor(next() * PORT_SETS.length);
        lines.push(`allow ${from.name} -> ${to.name} tcp ${PORT_SETS[ports].join(', ')} "rule ${r}"`);
        policy.push(`term rule-${r} {`, `  source-address:: ${from.def}`, `  destination-address:: ${to.def}`,
            `  destination-port:: P${ports}`, '  protocol:: tcp', '  action:: accept', '}', '');
    }
    const capirca = new Map([
        ['def/NETWORK.net', network.join('\n') + '\n'],
        ['def/SERVICES.svc', services.join('\n') + '\n'],
        ['policies/pol/plan.pol', policy.join('\n')]
    ]);
    return { text: lines.join('\n') + '\n', capirca, zones, components, rules };
}

/** The smallest policy: one zone pair, one rule — the cold start of both tools. */
export function generateSmallPolicy(): RuleHeavyPlan {
    return generateRuleHeavyPlan(2, 0, 1);
}
