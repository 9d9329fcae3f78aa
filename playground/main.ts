import './monaco-setup.js';
import './playground.css';
import * as monaco from 'monaco-editor/editor/editor.api.js';
import examples from 'segplan:examples';
import { DiagramPanel } from './diagram-panel.js';
import { editsFor, registerEditorFeatures, toMarker, toRange } from './editor-features.js';
import { GeneratePanel } from './generate-panel.js';
import { registerHighlighting } from './highlighting.js';
import { asset, earlyStart, LINKED_PLAN, markFirstDiagnostics } from './early-start.js';
import type { PlanDocument } from './language-client.js';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { languageConfiguration } from './language-configuration.js';
import { planFragment, planOfFragment } from './plan-link.js';
import { renderProblems } from './problems-view.js';

/**
 * SegPlan's playground: a plan in Monaco, checked as it is typed by the language server in a
 * worker of this page. Everything it loads comes from the page's own folder; a plan travels only
 * in the address's fragment (`#plan=`, `#zplan=`), which browsers never send.
 */

const LANGUAGE = 'segplan';
const FIRST_EXAMPLE = 'veeam-mistakes';
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function say(message: string): void {
    element('status').textContent = message;
}

async function main(): Promise<void> {
    // The server was started before this script was read (start-worker.ts), with the plan in the address.
    performance.mark('segplan:editor-script-read');
    const { client, capabilities: starting, linkedPlan, handOver } = earlyStart();
    const fromAddress = linkedPlan.catch(() => {
        say('The plan in this link is damaged: showing an example instead.');
        return undefined;
    });
    monaco.languages.register({ id: LANGUAGE, extensions: ['.segplan'], aliases: ['SegPlan'] });
    monaco.languages.setLanguageConfiguration(LANGUAGE, languageConfiguration());
    const highlighting = registerHighlighting(LANGUAGE, asset('onig.wasm')).catch(error => say(`Highlighting is off: ${error instanceof Error ? error.message : String(error)}`));
    const editor = monaco.editor.create(element('editor'), {
        model: null, automaticLayout: true, minimap: { enabled: false }, wordBasedSuggestions: 'off', fixedOverflowWidgets: true,
        theme: 'segplan-light', fontSize: 14, renderWhitespace: 'none', 'semanticHighlighting.enabled': false, lightbulb: { enabled: monaco.editor.ShowLightbulbIconMode.On }
    });
    performance.mark('segplan:editor-created');
    const capabilities = await starting;

    let plan: PlanDocument | undefined;
    let planName = FIRST_EXAMPLE;
    let contentListener: monaco.IDisposable | undefined;
    const reveal = (line: number, character: number) => {
        editor.setPosition({ lineNumber: line + 1, column: character + 1 });
        editor.revealLineInCenter(line + 1);
        editor.focus();
    };
    const diagram = new DiagramPanel(element('diagram-frame'), client, () => plan?.uri ?? '', reveal);
    const generate = new GeneratePanel(client, element('target'), element('generate-status'), () => plan?.uri ?? '', () => planName);

    /** Shows a plan in the editor, as a document of its own name (the rule sets name the plan's file). */
    const openPlan = (name: string, text: string) => {
        const previous = editor.getModel();
        if (plan) client.close(plan.uri);
        contentListener?.dispose();
        planName = name.replace(/[^\w.-]+/g, '-') || 'plan';
        const model = monaco.editor.createModel(text, LANGUAGE, monaco.Uri.parse(`file:///playground/${planName}.segplan`));
        const document: PlanDocument = plan = { uri: model.uri.toString(), languageId: LANGUAGE, version: model.getVersionId(), text };
        // Opened on the server before the editor shows it and asks about it.
        client.open(document);
        editor.setModel(model);
        previous?.dispose();
        // The start script may have had the plan checked before this editor existed.
        const known = client.lastPublished(document.uri);
        if (known) showDiagnostics(known);
        else {
            element('problems').replaceChildren();
            element('problems-summary').textContent = 'checking…';
        }
        element<HTMLSelectElement>('examples').value = examples.some(e => e.name === planName) ? planName : '';
        contentListener = model.onDidChangeContent(event => {
            document.version = event.versionId;
            client.change(document, event.changes.map(c => ({ range: { start: { line: c.range.startLineNumber - 1, character: c.range.startColumn - 1 }, end: { line: c.range.endLineNumber - 1, character: c.range.endColumn - 1 } }, rangeLength: c.rangeLength, text: c.text })));
            diagram.scheduleRefresh();
        });
        diagram.scheduleRefresh();
    };

    /** Shows the findings of the text on screen; a check overtaken by an edit is followed by its own. */
    const showDiagnostics = (params: PublishDiagnosticsParams) => {
        const model = editor.getModel();
        if (!model || !plan || params.uri !== plan.uri || (params.version !== undefined && params.version !== model.getVersionId())) return;
        monaco.editor.setModelMarkers(model, 'segplan', params.diagnostics.map(toMarker));
        renderProblems(element('problems'), element('problems-summary'), params.diagnostics, reveal);
        markFirstDiagnostics();
        // For `npm run bench`: from the page's navigation to the first findings in the editor.
        document.body.dataset.editorDiagnosticsMs ??= String(Math.round(performance.now()));
    };
    handOver();
    client.onDiagnostics(showDiagnostics);
    client.onApplyEdit(params => {
        if (!plan) return false;
        editor.executeEdits('segplan', editsFor(params.edit, plan.uri).map(e => ({ range: toRange(e.range), text: e.newText })));
        return true;
    });
    registerEditorFeatures(client, capabilities, LANGUAGE);

    const picker = element<HTMLSelectElement>('examples');
    picker.append(...examples.map(e => new Option(e.name, e.name)));
    picker.addEventListener('change', () => {
        const example = examples.find(e => e.name === picker.value);
        if (!example) return;
        history.replaceState(null, '', window.location.pathname + window.location.search);
        openPlan(example.name, example.text);
    });

    const openFromAddress = (text: string | undefined) => {
        if (text !== undefined) openPlan(LINKED_PLAN.name, text);
        else if (!plan) openPlan(FIRST_EXAMPLE, examples.find(e => e.name === FIRST_EXAMPLE)?.text ?? '');
    };
    window.addEventListener('hashchange', async () => {
        try {
            openFromAddress(await planOfFragment(window.location.hash));
        } catch {
            say('The plan in this link is damaged.');
        }
    });
    openFromAddress(await fromAddress);
    await highlighting;

    element('share').addEventListener('click', async () => {
        const link = `${window.location.origin}${window.location.pathname}${window.location.search}#${await planFragment(editor.getValue())}`;
        history.replaceState(null, '', link);
        const field = element<HTMLInputElement>('share-link');
        field.value = link;
        field.hidden = false;
        field.select();
        try {
            await navigator.clipboard.writeText(link);
            say('The link to this plan is copied. It holds the whole plan; nothing is stored anywhere else.');
        } catch {
            say('The link to this plan is selected above: copy it. It holds the whole plan; nothing is stored anywhere else.');
        }
    });

    await generate.listTargets();
    element('generate').addEventListener('click', () => void generate.generate());

    const diagramButton = element('show-diagram');
    diagramButton.addEventListener('click', () => {
        const shown = !diagram.shown;
        element('diagram').hidden = !shown;
        diagramButton.setAttribute('aria-pressed', String(shown));
        diagram.show(shown);
    });
    say('');
}

main().catch(error => say(`The playground could not start: ${error instanceof Error ? error.message : String(error)}`));
