import { DefaultServiceRegistry, type LangiumCoreServices, type URI } from 'langium';

/**
 * Finds the SegPlan services for any document the server is given. Langium looks a URI up by the
 * language id of its open editor, else by its file extension; an untitled editor, a `.txt` file
 * switched to SegPlan, a notebook cell or a diff view has neither once it is closed, and the
 * lookup threw — which ended the whole server. This server serves one language: whatever it was
 * given is SegPlan.
 */
export class SegplanServiceRegistry extends DefaultServiceRegistry {
    override getServices(uri: URI): LangiumCoreServices {
        // One language registered: the look-up below can only find it or fall back to it, so it
        // is not made. It read the URI's open editor and split its name for every document of
        // the workspace at every edit.
        if (this.languageIdMap.size === 1) return this.languageIdMap.values().next().value!;
        try {
            return super.getServices(uri);
        } catch (error) {
            const [only] = this.all;
            if (only && this.all.length === 1) return only;
            throw error;
        }
    }

    /**
     * Whether a file is SegPlan's: by its extension or its editor's language, strictly. (The
     * fallback above must not make every file of a workspace folder — a README, a segplan.json —
     * a plan to parse.)
     */
    override hasServices(uri: URI): boolean {
        try {
            super.getServices(uri);
            return true;
        } catch {
            return false;
        }
    }
}
