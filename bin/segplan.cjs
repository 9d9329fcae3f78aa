#!/usr/bin/env node
// The `segplan` command: the bundled CLI, built by `npm run build` (the package's prepare step).
require('../out/cli/segplan.cjs');
