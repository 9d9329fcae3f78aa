import * as assert from 'node:assert/strict';
import { formatPorts, intersectPorts, isPortNumber, parsePortText, portSetOf, subtractPorts, unionPorts } from '../../language/network/ports.js';

const set = (text: string) => portSetOf(text.split(',').map(p => {
    const parsed = parsePortText(p.trim());
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed.range;
}));

describe('ports', () => {
    it('parses single ports, ranges and "N and up"', () => {
        assert.deepEqual(parsePortText('6160'), { range: { from: 6160, to: 6160 }, openEnded: false });
        assert.deepEqual(parsePortText('2500-3300'), { range: { from: 2500, to: 3300 }, openEnded: false });
        assert.deepEqual(parsePortText('9082+'), { range: { from: 9082, to: 9082 }, openEnded: true });
    });

    it('rejects what is not a port, with the reason', () => {
        assert.match((parsePortText('0') as { error: string }).error, /outside 1-65535/);
        assert.match((parsePortText('65536') as { error: string }).error, /outside 1-65535/);
        assert.match((parsePortText('3300-2500') as { error: string }).error, /write 2500-3300/);
        assert.match((parsePortText('1-2-3') as { error: string }).error, /not a port/);
        assert.match((parsePortText('65535+') as { error: string }).error, /no room to grow/);
        assert.match((parsePortText('99999999999999999999999') as { error: string }).error, /^Port 999999999999… is outside 1-65535\.$/);
        assert.deepEqual(parsePortText('65534+'), { range: { from: 65534, to: 65534 }, openEnded: true });
        assert.ok(isPortNumber('1') && isPortNumber('65535') && !isPortNumber('0') && !isPortNumber('65536') && !isPortNumber('Infinity') && !isPortNumber('1e3'));
    });

    it('merges overlapping and adjacent ranges', () => {
        assert.equal(formatPorts(set('445, 135, 137-139, 136, 6160')), '135-139, 445, 6160');
        assert.equal(formatPorts(set('1-65535')), 'all ports');
    });

    it('computes union, intersection and difference', () => {
        assert.equal(formatPorts(unionPorts(set('22'), set('2500-3300, 23'))), '22-23, 2500-3300');
        assert.equal(formatPorts(intersectPorts(set('1-1000, 2000-3000'), set('500-2500'))), '500-1000, 2000-2500');
        assert.equal(formatPorts(subtractPorts(set('2500-3300'), set('2600-2699, 3300'))), '2500-2599, 2700-3299');
        assert.deepEqual(subtractPorts(set('443'), set('1-65535')), []);
    });
});
