import { Cancellation, DocumentState, isOperationCancelled, OperationCancelled } from 'langium';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';

/**
 * Every request that waits for the workspace to reach a build state is answered. Langium's wait
 * listens for the event of that build phase, which a build sends only when some document goes
 * through the phase: a build that starts further on (the re-check after a settings change starts
 * every file at its references) passes the state without a word, and `workspace/symbol`, waiting
 * for the files' contents to be indexed, was never answered. Here a wait ends when the state is
 * reached, however it is reached — or, when the build fails, with an error: after a failure,
 * waiting requests and new ones get that error until the next build starts.
 */
export class WorkspaceStateWaits {
    private failure?: ResponseError;
    private readonly failing = new Set<(failure: ResponseError) => void>();
    private waiting: { state: DocumentState; resolve: () => void }[] = [];

    /** Runs a build; a failure that is not a cancellation answers the requests waiting for it. */
    async run(build: () => Promise<void>): Promise<void> {
        this.failure = undefined;
        try {
            await build();
        } catch (error) {
            if (!isOperationCancelled(error)) this.fail(error);
            throw error;
        }
    }

    /** The workspace has reached `state`: the waits for it, or for an earlier one, end. */
    reached(state: DocumentState): void {
        if (this.waiting.length === 0) return;
        const done = this.waiting.filter(w => w.state <= state);
        this.waiting = this.waiting.filter(w => w.state > state);
        for (const w of done) w.resolve();
    }

    /** Until the workspace is at `state` (it is at `current` now), the request is cancelled, or the build fails. */
    until(state: DocumentState, current: DocumentState, cancelToken: Cancellation.CancellationToken): Promise<void> {
        if (current >= state) return Promise.resolve();
        if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
        return this.answered(new Promise<void>((resolve, reject) => {
            const entry = { state, resolve: () => { cancelled.dispose(); resolve(); } };
            const cancelled = cancelToken.onCancellationRequested(() => {
                cancelled.dispose();
                this.waiting = this.waiting.filter(w => w !== entry);
                reject(OperationCancelled);
            });
            this.waiting.push(entry);
        }));
    }

    /** `wait`, or the failure of the build it waits for, whichever comes first (a wait already over wins). */
    answered<T>(wait: Promise<T>): Promise<T> {
        if (this.failure) return Promise.race([wait, Promise.reject(this.failure)]);
        let stop: ((failure: ResponseError) => void) | undefined;
        const failed = new Promise<never>((_, reject) => { stop = reject; this.failing.add(reject); });
        // The wait's own outcome settles this too; the listener must not outlive it.
        return Promise.race([wait, failed]).finally(() => this.failing.delete(stop!));
    }

    private fail(error: unknown): void {
        const reason = error instanceof Error ? error.message : String(error);
        this.failure = new ResponseError(LSPErrorCodes.RequestFailed, `SegPlan could not finish checking the workspace (${reason}); edit or save a file to check it again. Please report this.`);
        for (const reject of [...this.failing]) reject(this.failure);
        this.failing.clear();
    }
}
