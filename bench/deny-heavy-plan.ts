// The deny-heavy shape of the benchmark: a plan whose denies far outnumber its allow rules (a
// guardrail list kept next to a small plan), for the cost of generating with denies.

/** A plan of four zones, `components` components and as many allow rules, and `denies` denies between components on ports no allow rule opens. */
export function generateDenyHeavyPlan(denies: number, components = 100): string {
    const lines = [`plan "Deny-heavy ${denies}"`];
    for (let z = 0; z < 4; z++) lines.push(`zone z${z} 10.${z}.0.0/16, fd0${z}::/64`);
    const at = (c: number) => `10.${c % 4}.${Math.floor(c / 200)}.${10 + (c % 200)}, fd0${c % 4}::${(c + 10).toString(16)}`;
    for (let c = 0; c < components; c++) lines.push(`vm${c} : infra.VmGuest in z${c % 4} at ${at(c)} os ${c % 2 ? 'linux' : 'windows'}`);
    for (let r = 0; r < components; r++) lines.push(`allow vm${r} -> vm${(r * 7 + 1) % components} tcp ${443 + (r % 50)}`);
    for (let d = 0; d < denies; d++) lines.push(`deny vm${d % components} -> vm${(d * 5 + 3) % components} ${d % 3 ? 'tcp' : 'udp'} ${50000 + (d % 10000)}`);
    return lines.join('\n') + '\n';
}
