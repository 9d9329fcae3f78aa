// Run as a child process by the locale test: prints, as JSON, every target's rules for the plan file
// named on the command line and the command line's `check` order of its findings' codes. The
// process's locale comes from its environment (LC_ALL), which a test cannot change in-process.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EMITTERS } from '../../language/emit/registry.js';
import { loadPlanText } from '../emit/plan-fixture.js';

const file = process.argv[2];
const plan = await loadPlanText(path.basename(file), readFileSync(file, 'utf8'));
const outputs: Record<string, string> = {};
for (const emitter of EMITTERS) outputs[emitter.id] = plan.emit(emitter.id, true);
process.stdout.write(JSON.stringify({ locale: Intl.DateTimeFormat().resolvedOptions().locale, outputs }));
