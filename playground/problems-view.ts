import type { Diagnostic } from 'vscode-languageserver-protocol/browser';

const SEVERITY_NAME: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/**
 * The Problems list beside the editor, as text in the page (a screen reader, a search in the page
 * and a copy all see it): per finding its line, severity, code, message and the citation of the
 * vendor document behind it. A click puts the cursor on the line.
 */
export function renderProblems(host: HTMLElement, summary: HTMLElement, diagnostics: readonly Diagnostic[], reveal: (line: number, character: number) => void): void {
    const sorted = [...diagnostics].sort((a, b) => a.range.start.line - b.range.start.line || (a.severity ?? 1) - (b.severity ?? 1));
    const counts = [1, 2, 3, 4].map(s => sorted.filter(d => (d.severity ?? 1) === s).length);
    summary.textContent = sorted.length === 0 ? 'No problems.'
        : [[counts[0], 'error'], [counts[1], 'warning'], [counts[2], 'information'], [counts[3], 'hint']].filter(([n]) => n).map(([n, w]) => `${n} ${w}${n === 1 || w === 'information' ? '' : 's'}`).join(', ');
    host.replaceChildren(...sorted.map(d => {
        const row = document.createElement('li');
        row.className = `problem ${SEVERITY_NAME[d.severity ?? 1]}`;
        row.tabIndex = 0;
        const cell = (className: string, text: string) => Object.assign(document.createElement('span'), { className, textContent: text });
        const code = d.code === undefined ? '' : String(d.code);
        const parts = [
            cell('line', `line ${d.range.start.line + 1}`),
            cell('severity', SEVERITY_NAME[d.severity ?? 1]),
            d.codeDescription ? Object.assign(document.createElement('a'), { className: 'code', textContent: code, href: d.codeDescription.href, target: '_blank', rel: 'noreferrer noopener' }) : cell('code', code),
            cell('message', typeof d.message === 'string' ? d.message : d.message.value)
        ];
        const citation = (d.relatedInformation ?? []).map(r => r.message).join('; ');
        if (citation) parts.push(cell('citation', citation));
        row.append(...parts);
        const go = () => reveal(d.range.start.line, d.range.start.character);
        row.addEventListener('click', event => {
            if (!(event.target instanceof HTMLAnchorElement)) go();
        });
        row.addEventListener('keydown', event => {
            if (event.key === 'Enter') go();
        });
        return row;
    }));
}
