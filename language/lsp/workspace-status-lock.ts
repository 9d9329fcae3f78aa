import { DefaultWorkspaceLock, DocumentState, type WorkspaceLock } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { isBuiltinUri } from '../workspace/builtin-catalogs.js';
import { WORKSPACE_STATUS_METHOD, type WorkspaceChecked, type WorkspaceStatus } from './workspace-status-protocol.js';

/**
 * The workspace's lock, telling the editor when the workspace is being checked and when it is
 * checked (workspace-status-protocol.ts). Every build of the workspace — the first one, each
 * update after an edit or a watched file, the re-check after a settings change — runs as a write
 * under this lock, and Langium runs a (normal) read only once no write is running or queued: a
 * read queued behind a write therefore sees the workspace with nothing left to build. One such
 * read is queued at a time, so the editor hears of the workspace once per round of builds, not
 * once per file or per keystroke.
 */
export class WorkspaceStatusLock extends DefaultWorkspaceLock implements WorkspaceLock {
    private readonly shared: LangiumSharedServices;
    private told?: WorkspaceStatus['state'];
    private reportQueued = false;

    constructor(shared: LangiumSharedServices) {
        super();
        this.shared = shared;
    }

    override write(action: Parameters<WorkspaceLock['write']>[0]): Promise<void> {
        const done = super.write(action);
        this.queued();
        return done;
    }

    /** A build was queued: the editor hears "checking" (once), and "checked" once it has run. */
    private queued(): void {
        const connection = this.shared.lsp.Connection;
        if (!connection) return;
        if (this.told !== 'checking') {
            this.told = 'checking';
            void connection.sendNotification(WORKSPACE_STATUS_METHOD, { state: 'checking' } satisfies WorkspaceStatus);
        }
        if (this.reportQueued) return;
        this.reportQueued = true;
        void this.read(() => {
            this.reportQueued = false;
            this.told = 'checked';
            return connection.sendNotification(WORKSPACE_STATUS_METHOD, this.checked());
        });
    }

    /** The workspace as built now: its files and their findings. */
    private checked(): WorkspaceChecked {
        let files = 0, errors = 0, warnings = 0, infos = 0, hints = 0, unchecked = 0;
        for (const document of this.shared.workspace.LangiumDocuments.all) {
            if (isBuiltinUri(document.uri)) continue;
            files++;
            // A build that failed (not one overtaken by a newer one: that one ran after it) left it unchecked.
            if (document.state < DocumentState.Validated) unchecked++;
            for (const diagnostic of document.diagnostics ?? []) {
                switch (diagnostic.severity ?? DiagnosticSeverity.Error) {
                    case DiagnosticSeverity.Error: errors++; break;
                    case DiagnosticSeverity.Warning: warnings++; break;
                    case DiagnosticSeverity.Information: infos++; break;
                    default: hints++;
                }
            }
        }
        return { state: 'checked', files, errors, warnings, infos, hints, unchecked };
    }
}
