// The page's first script, small: it starts the language server's worker and opens the plan in the
// address on it (early-start.ts), then runs the editor's script (the larger of the two, fetched
// meanwhile: index.html preloads it). The editor's script keeps the page's thread busy while it
// runs, and every message between the page and the worker waits for that thread: so a plan from
// the address is checked and its findings listed first, and the editor comes right after.
import { asset, earlyStart } from './early-start.js';

void earlyStart().editorWanted.then(() => {
    const script = document.createElement('script');
    script.src = asset('playground.js');
    document.body.append(script);
});
