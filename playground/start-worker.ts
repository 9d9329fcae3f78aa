// The page's first script, small: it starts the language server's worker and opens the plan in the
// address on it while the editor's script (the larger of the two) is still being read (early-start.ts).
import { earlyStart } from './early-start.js';

earlyStart();
