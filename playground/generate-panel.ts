import type { LanguageClient } from './language-client.js';

interface Target { id: string; label: string; detail: string; fileSuffix?: string }

type Outcome =
    | { kind: 'generated'; target: string; fileSuffix: string; text: string; warnings: string[]; verification?: string }
    | { kind: 'blocked'; errors: string[] }
    | { kind: 'unknown-target' | 'not-a-plan' | 'not-an-earlier-version' | 'not-verified'; message: string };

/**
 * Generate: the rule set for a target, made by the language server in the page and downloaded as
 * a file (nothing is sent anywhere). A plan with errors is refused with what blocks it, unless the
 * user asks again; the file then starts with a warning.
 */
export class GeneratePanel {
    constructor(private readonly client: LanguageClient, private readonly select: HTMLSelectElement, private readonly status: HTMLElement,
        private readonly uri: () => string, private readonly planName: () => string) { }

    async listTargets(): Promise<void> {
        const targets = await this.client.executeCommand<Target[]>('segplan.server.listRuleTargets', [{ uri: this.uri() }]);
        this.select.replaceChildren(...targets.map(t => Object.assign(new Option(`${t.id} — ${t.label}`, t.id), { title: t.detail })));
    }

    async generate(force = false): Promise<void> {
        const target = this.select.value;
        this.status.replaceChildren(`Generating ${target} rules…`);
        const outcome = await this.client.executeCommand<Outcome>('segplan.server.generateRules', [{ uri: this.uri(), target, force, verify: true }]);
        if (outcome.kind === 'blocked') {
            const anyway = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Generate anyway' });
            anyway.addEventListener('click', () => void this.generate(true));
            const list = Object.assign(document.createElement('ul'), { className: 'blocked' });
            list.append(...outcome.errors.slice(0, 5).map(e => Object.assign(document.createElement('li'), { textContent: e })));
            this.status.replaceChildren(`The plan has ${outcome.errors.length} error(s), so no rules were generated. Rules generated anyway may be incomplete or wrong; the file will start with a warning.`, list, anyway);
            return;
        }
        if (outcome.kind !== 'generated') {
            this.status.replaceChildren(outcome.message);
            return;
        }
        const file = `${this.planName()}.${outcome.fileSuffix}`;
        download(file, outcome.text);
        const verified = outcome.verification ? ` ${outcome.verification.replace(/^./, c => c.toUpperCase())}.` : '';
        const notes = outcome.warnings.length ? ` ${outcome.warnings.length} note(s) on what was left out are at the top of the file.` : '';
        this.status.replaceChildren(`Downloaded ${file}.${verified}${notes}`);
    }
}

function download(name: string, text: string): void {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
