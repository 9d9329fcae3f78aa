import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// `vsce package` refuses a relative link in the Markdown it ships when the extension names no
// repository, so a link written as in the rest of docs/ breaks the .vsix. This catches it before
// the slow packaging tests do.
const SHIPPED_MARKDOWN = ['CHANGELOG.md', 'docs/marketplace-README.md'];

function relativeLinks(markdown: string): string[] {
    const links: string[] = [];
    for (const match of markdown.matchAll(/\]\(([^)\s]+)[^)]*\)|^\[[^\]]+\]:\s*(\S+)/gm)) {
        const target = match[1] ?? match[2];
        if (!/^(?:https?:|mailto:|#)/.test(target)) links.push(target);
    }
    return links;
}

describe('the Markdown the .vsix carries', () => {
    it('finds a relative link where there is one', () => {
        assert.deepEqual(relativeLinks('see [x](docs/a.md#b) and [y](https://e.org/a) and [z](#top)\n[r]: docs/c.md\n'), ['docs/a.md#b', 'docs/c.md']);
    });

    for (const file of SHIPPED_MARKDOWN) {
        it(`${file} links only to absolute addresses`, () => {
            const text = fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
            assert.deepEqual(relativeLinks(text), [], `${file}: write these as plain text or as https: links`);
        });
    }
});
