import type { LangiumDocument, URI } from 'langium';
import { createTestServices } from '../helpers/services.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { apply, assertLikeScratch, cancelAfter, CATALOG, EDGE, openWorkspace, PLAN, ZONES, type Workspace } from '../helpers/review-workspace.js';

/**
 * Review: random edits in a workspace of several files (imports, a catalog, files importing the
 * edited one), with two files changed in one update, files deleted and restored, no-op updates,
 * and builds cancelled at random points. After each completed update, what the editor holds must
 * be what a from-scratch build of the same texts holds.
 */

const PIECES = [
    'zone zq 10.77.0.0/24\n', 'zone dmz 10.41.0.0/24\n', 'zone lab 10.51.0.0/24\n', 'w1 : acme.Db in lab at 10.50.0.77\n', 'd1 : acme.Web in dmz\n',
    'vbr : veeam.BackupServer in prod\n', 'allow e1 -> w1 tcp 80\n', 'allow w1 -> vbr tcp 443\n', 'site s3 zones lab\n', 'pair main -> edge\n',
    'component Api "Api"\n', 'port AdminPort 9443 "Other"\n', 'feature Fast "again"\n', 'use acme.Fast\n', 'set acme.AdminPort = 9000 for w1\n',
    'require w1 -> d1 tcp 22 "ssh"\n', 'import "zones.segplan"\n', 'import "edge.segplan"\n', '//', '/*', '*/', '"', '\n', ' ', ':', 'in', 'acme.', 'Web', 'dmz',
    'lab', 'w1', 'd1', 'mgmt', 'x', '}', '{', 'vendor', 'platform p "P"\n'
];

function randomEdit(next: () => number, text: string, pieces: readonly string[] = PIECES): string {
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const kind = next();
    if (kind < 0.5) {
        const at = Math.floor(next() * (text.length + 1));
        return text.slice(0, at) + pick(pieces) + text.slice(at);
    }
    if (kind < 0.8) {
        const at = Math.floor(next() * text.length);
        const length = 1 + Math.floor(next() * (next() < 0.8 ? 4 : 40));
        return text.slice(0, at) + text.slice(at + length);
    }
    const lines = text.split('\n');
    const from = Math.floor(next() * lines.length), to = Math.floor(next() * lines.length);
    const [line] = lines.splice(from, 1);
    lines.splice(to, 0, line);
    return lines.join('\n');
}

function trace(ws: Workspace): void {
    const linker = ws.services.references.Linker as unknown as Record<string, (...args: unknown[]) => unknown>;
    const builder = ws.services.shared.workspace.DocumentBuilder as unknown as Record<string, (...args: unknown[]) => unknown>;
    const short = (d: LangiumDocument) => d.uri.path.split('/').pop();
    for (const [obj, name] of [[linker, 'link'], [linker, 'unlink'], [builder, 'resetToState'], [builder, 'update'], [linker, 'linkAfterEdit']] as const) {
        const original = obj[name].bind(obj);
        obj[name] = (...args: unknown[]) => {
            const d = args[0] as LangiumDocument;
            if (name === 'linkAfterEdit') console.log('linkAfterEdit', short(d));
            else if (name === 'update') console.log('UPDATE', (args[0] as URI[]).map(u => u.path), (args[1] as URI[]).map(u => u.path));
            else console.log(name, short(d), 'state', d.state, 'refs', d.references.length, name === 'resetToState' ? args[1] : '');
            return original(...args);
        };
    }
}

async function fuzz(seed: number, steps: number, initial: Record<string, string> = { 'acme.segplan': CATALOG, 'zones.segplan': ZONES, 'main.segplan': PLAN, 'edge.segplan': EDGE },
    pieces: readonly string[] = PIECES, maxLooks = 60): Promise<void> {
    const next = mulberry32(seed);
    const ws = await openWorkspace(await createTestServices(), initial);
    if (process.env.MF_TRACE) trace(ws);
    const removed = new Map<string, string>();
    for (let step = 0; step < steps; step++) {
        const names = [...ws.texts.keys()];
        const pickName = () => names[Math.floor(next() * names.length)];
        const kind = next();
        let note: string;
        if (kind < 0.5) {
            const name = pickName();
            note = `edit ${name}`;
            await apply(ws, { [name]: randomEdit(next, ws.texts.get(name)!, pieces) });
        } else if (kind < 0.65) {
            const a = pickName(), b = pickName();
            note = `edit ${a} and ${b}`;
            const changes: Record<string, string> = { [a]: randomEdit(next, ws.texts.get(a)!, pieces) };
            changes[b] = randomEdit(next, changes[b] ?? ws.texts.get(b)!, pieces);
            await apply(ws, changes);
        } else if (kind < 0.85) {
            const a = pickName();
            const looks = 1 + Math.floor(next() * maxLooks);
            note = `edit ${a} cancelled after ${looks} looks, then `;
            await apply(ws, { [a]: randomEdit(next, ws.texts.get(a)!, pieces) }, cancelAfter(looks));
            const b = next() < 0.5 ? a : pickName();
            note += `edit ${b}`;
            await apply(ws, { [b]: randomEdit(next, ws.texts.get(b)!, pieces) });
        } else if (kind < 0.92 && names.length > 2) {
            const name = pickName();
            note = `delete ${name}`;
            removed.set(name, ws.texts.get(name)!);
            await apply(ws, { [name]: undefined });
        } else if (removed.size > 0) {
            const [name, text] = [...removed][0];
            removed.delete(name);
            note = `restore ${name}`;
            await apply(ws, { [name]: text });
        } else {
            const name = pickName();
            note = `no-op update of ${name}`;
            await apply(ws, { [name]: ws.texts.get(name)! });
        }
        await assertLikeScratch(ws, `seed ${seed} step ${step}: ${note}`);
    }
}

describe('review: incremental editing in a workspace of several files', function () {
    this.timeout(1200000);
    const seeds = Number(process.env.MF_SEEDS ?? 4);
    const base = Number(process.env.MF_SEED_BASE ?? 1);
    for (let seed = base; seed < base + seeds; seed++) {
        it(`seed ${seed}`, async () => { await fuzz(seed, Number(process.env.MF_STEPS ?? 30)); });
    }
});

const BIG_PIECES = [
    'zone s0mgmt 10.200.0.0/24\n', 'zone s1prod 10.201.0.0/24\n', 's0vbr : veeam.BackupServer in s1mgmt at 10.4.0.99\n', 's1vcenter : vmware.VCenter in s0prod\n',
    'allow e1 -> s0vbr tcp 443\n', 'allow s0vbr -> s1repo1 tcp 6162\n', 'site s9 zones s0mgmt\n', 'pair s0 -> s1\n', 'zone zq 10.77.0.0/24\n',
    '//', '/*', '*/', '"', '\n', ' ', ':', 'in', 's0mgmt', 's1prod', 's0vbr', 's1vbr', 'x', 'veeam.', 'import "edge.segplan"\n'
];

describe('review: incremental editing of a large file in a workspace', function () {
    this.timeout(1200000);
    const seeds = Number(process.env.MF_BIG_SEEDS ?? 2);
    const base = Number(process.env.MF_SEED_BASE ?? 1);
    const big = generateBenchPlan(Number(process.env.MF_BIG_SIZE ?? 300)).text;
    const edge = 'plan "Edge"\nimport "big.segplan"\n\ne1 : infra.VmGuest in s0prod at 10.0.4.200 os linux\nallow e1 -> s0vbr tcp 443\nallow s1vbr -> e1 tcp 22\n';
    for (let seed = base; seed < base + seeds; seed++) {
        it(`seed ${seed}`, async () => { await fuzz(seed, Number(process.env.MF_STEPS ?? 15), { 'big.segplan': big, 'edge.segplan': edge }, BIG_PIECES, 12); });
    }
});

const OWN = `plan "Own catalog"

platform kvm "KVM"

vendor shop "Shop" {
    component Front "Front end"
    component Back "Back end" is Front
    feature Cache "Cache"
    port ApiPort 8080 "API"
}

zone web 10.1.0.0/24
zone app 10.2.0.0/24
zone data 10.3.0.0/24
f1 : shop.Front in web at 10.1.0.5 on kvm
b1 : shop.Back in app at 10.2.0.5
b2 : shop.Back in app at 10.2.0.6 on kvm
db : infra.VmGuest in data at 10.3.0.5 os linux
use shop.Cache
set shop.ApiPort = 9090 for b1
allow f1 -> b1, b2 tcp shop.ApiPort
allow b1 -> db tcp 5432
allow b2 -> db tcp 5432
require f1 -> db tcp 22 "admin"
allow web -> app tcp 443
`;

const USER = `plan "User"
import "own.segplan"

u1 : shop.Front in web at 10.1.0.9
allow u1 -> b1 tcp shop.ApiPort
allow u1 -> db tcp 5432
`;

const OWN_PIECES = [
    'platform kvm "Other"\n', 'platform xen "Xen"\n', 'component Front "Again"\n', 'feature Cache "Again"\n', 'port ApiPort 7070 "Again"\n',
    'zone web 10.9.0.0/24\n', 'b1 : shop.Front in web\n', 'f2 : shop.Back in data on kvm\n', 'allow f1 -> db tcp shop.ApiPort\n', 'use shop.Cache\n',
    'vendor shop2 "S2" {\n component Front "F"\n}\n', '}', '{', 'shop.', 'Front', 'Back', 'kvm', 'web', 'b1', '//', '/*', '*/', '"', '\n', ' ', ':', 'x'
];

describe('review: incremental editing of a plan with its own vendor and platform', function () {
    this.timeout(1200000);
    const seeds = Number(process.env.MF_OWN_SEEDS ?? 4);
    const base = Number(process.env.MF_SEED_BASE ?? 1);
    for (let seed = base; seed < base + seeds; seed++) {
        it(`seed ${seed}`, async () => { await fuzz(seed, Number(process.env.MF_STEPS ?? 30), { 'own.segplan': OWN, 'user.segplan': USER }, OWN_PIECES, 40); });
    }
});
