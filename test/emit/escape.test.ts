import * as assert from 'node:assert/strict';
import { cleanName, cleanText } from '../../language/emit/escape.js';

describe('plan text in rule comments and names', () => {
    it('spells arrows, dashes, § and … in ASCII and drops accents, not letters', () => {
        assert.equal(cleanText('Agents → server ← proxy ↔ repo – § 4.2 — see…'), 'Agents to server from proxy both ways repo - section 4.2 - see...');
        assert.equal(cleanName('Zürich→Genève'), 'Zurich_to_Geneve');
        assert.equal(cleanText('☃ snow'), 'snow');
    });
});
