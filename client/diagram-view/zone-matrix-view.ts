import type { ZoneMatrix, ZoneMatrixCell } from '../../language/diagram/zone-matrix.js';

/** The zone matrix: zones × zones, each cell allowed/required, coloured; a click lists the flows. */
export function renderZoneMatrix(host: HTMLElement, matrix: ZoneMatrix): void {
    host.replaceChildren();
    if (matrix.cells.length === 0) {
        host.append(Object.assign(document.createElement('p'), { textContent: 'The plan has no required flows, allow rules or denies.' }));
        return;
    }
    const cells = new Map(matrix.cells.map(c => [`${c.source}\u0000${c.destination}`, c]));
    const table = document.createElement('table');
    table.className = 'matrix';
    table.setAttribute('aria-label', 'Required flows by source zone (rows) and destination zone (columns)');
    const head = table.createTHead().insertRow();
    head.append(Object.assign(document.createElement('th'), { textContent: 'from \\ to' }));
    for (const z of matrix.zones) head.append(Object.assign(document.createElement('th'), { textContent: z, scope: 'col' }));
    const body = table.createTBody();
    const list = document.createElement('div');
    list.className = 'cell-flows';
    for (const from of matrix.zones) {
        const row = body.insertRow();
        row.append(Object.assign(document.createElement('th'), { textContent: from, scope: 'row' }));
        for (const to of matrix.zones) {
            const td = row.insertCell();
            const cell = cells.get(`${from}\u0000${to}`);
            if (!cell) continue;
            td.className = cellClass(cell);
            td.dataset.source = from;
            td.dataset.destination = to;
            const button = document.createElement('button');
            const crossing = cell.required - cell.sameZone;
            const counts = crossing > 0 ? `${cell.allowed}/${crossing}` : cell.sameZone > 0 ? `${cell.sameZone} host` : '';
            const marks = [cell.denies.length ? `${cell.denies.length} deny` : '', cell.conflicts.length ? `${cell.conflicts.length} conflict` : '', cell.unread.length ? 'cannot tell' : ''].filter(Boolean);
            button.textContent = [counts, ...marks].filter(Boolean).join(' · ') || `${cell.allows.length} allow`;
            button.title = `${from} → ${to}: ${cell.required} required flow(s): ${cell.allowed} allowed, ${cell.partial} partly, ${cell.missing} missing, ${cell.sameZone} inside the zone; `
                + `${cell.allows.length} allow rule(s), ${cell.denies.length} deny(s), ${cell.conflicts.length} conflict(s)`;
            button.addEventListener('click', () => {
                for (const other of table.querySelectorAll('td.current')) other.classList.remove('current');
                td.classList.add('current');
                showFlows(list, cell);
            });
            td.append(button);
        }
    }
    host.append(table, list);
}

function cellClass(cell: ZoneMatrixCell): string {
    if (cell.conflicts.length > 0) return 'conflict';
    const crossing = cell.required - cell.sameZone;
    if (crossing === 0) return 'same';
    if (cell.allowed === crossing) return 'ok';
    return cell.allowed === 0 && cell.partial === 0 ? 'missing' : 'partial';
}

function showFlows(host: HTMLElement, cell: ZoneMatrixCell): void {
    host.replaceChildren();
    host.append(Object.assign(document.createElement('h3'), { textContent: `${cell.source} → ${cell.destination}` }));
    const ul = document.createElement('ul');
    for (const f of cell.flows) {
        const li = document.createElement('li');
        li.className = f.status;
        li.textContent = `${f.from} → ${f.to} ${f.protocol} ${f.ports}: ${f.purpose} (${f.status}${f.installOnly ? ', install only' : ''}${f.deniedBy ? `, denied at line ${f.deniedBy.line}` : ''}${f.cannotTell ? `, cannot tell: the deny at line ${f.cannotTell.line} was not read` : ''})`;
        ul.append(li);
    }
    host.append(ul);
    const section = (title: string, lines: readonly { text: string; className: string }[]) => {
        if (lines.length === 0) return;
        const list = document.createElement('ul');
        for (const l of lines) list.append(Object.assign(document.createElement('li'), { textContent: l.text, className: l.className }));
        host.append(Object.assign(document.createElement('h4'), { textContent: title }), list);
    };
    const at = (w: { file: string; line: number; text: string }) => `${w.file}:${w.line}: ${w.text}`;
    section('Allow rules', cell.allows.map(a => ({ text: `${a.traffic}${a.expired ? ` (expired ${a.expired})` : ''} — ${at(a.where)}`, className: 'allow' })));
    section('Denied', cell.denies.map(d => ({ text: `${d.traffic}${d.guardrail ? ` (guardrail ${d.guardrail})` : ''} — ${at(d.where)}`, className: 'deny' })));
    section('Cannot tell what passes', cell.unread.map(u => ({ text: `The deny ${u.why} — ${at(u.where)}`, className: 'conflict' })));
    section('Conflicts', cell.conflicts.map(c => ({
        text: c.kind === 'allow-overlaps-deny'
            ? `The allow rule at line ${c.allow!.line} lets denied traffic through: ${c.traffic} from ${c.sources} to ${c.destinations} (deny at line ${c.deny.line})`
            : `Required flow ${c.flow} falls inside the deny at line ${c.deny.line}`,
        className: 'conflict'
    })));
}
