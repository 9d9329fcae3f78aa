import { viewMessageOf, type DiagramOutcome, type FromView, type ToView } from '../client/diagram-view/messages.js';
import type { LanguageClient } from './language-client.js';

/**
 * The plan's diagram in a frame beside the editor: the extension's diagram view, given the graph
 * the language server lays out (the layout engine is loaded by the worker the first time). It
 * follows edits while it is shown; a click on an element puts the cursor where it is written.
 */
export class DiagramPanel {
    private ready = false;
    private pending: ToView | undefined;
    private zone: string | undefined;
    private request = 0;
    private timer: ReturnType<typeof setTimeout> | undefined;
    private shownOnce = false;
    shown = false;

    constructor(private readonly frame: HTMLIFrameElement, private readonly client: LanguageClient, private readonly uri: () => string,
        private readonly reveal: (line: number, character: number) => void) {
        window.addEventListener('message', (event: MessageEvent<FromView>) => {
            if (event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
            this.receive(event.data);
        });
    }

    private receive(message: FromView): void {
        switch (message.type) {
            case 'ready':
                this.ready = true;
                if (this.pending) this.post(this.pending);
                break;
            case 'reveal':
                this.reveal(message.location.line, message.location.character);
                break;
            case 'open-zone':
                this.zone = message.zone;
                void this.refresh();
                break;
        }
    }

    private post(message: ToView): void {
        if (!this.ready) {
            this.pending = message;
            return;
        }
        this.pending = undefined;
        this.frame.contentWindow?.postMessage(message, window.location.origin);
    }

    /** Shows or hides the diagram; its page is loaded when it is first shown (the page's start is not slowed by it). */
    show(shown: boolean): void {
        this.shown = shown;
        if (shown && !this.shownOnce) {
            this.shownOnce = true;
            this.frame.src = 'diagram.html';
        }
        if (shown) void this.refresh();
    }

    /** Draws again a moment after the last edit. */
    scheduleRefresh(): void {
        if (!this.shown) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.refresh(), 300);
    }

    async refresh(): Promise<void> {
        const request = ++this.request;
        let outcome: DiagramOutcome;
        try {
            outcome = await this.client.executeCommand<DiagramOutcome>('segplan.server.planDiagram', [{ uri: this.uri(), zone: this.zone }]);
        } catch (error) {
            outcome = { kind: 'not-a-plan', message: `The plan could not be drawn: ${error instanceof Error ? error.message : String(error)}` };
        }
        if (request !== this.request) return;
        this.post(viewMessageOf(outcome, this.zone));
    }
}
