import * as assert from 'node:assert/strict';
import type { AstNode, LangiumDocument, ValidationAcceptor } from 'langium';
import { URI } from 'langium';
import type { PlanAnalyzer } from '../../language/analysis/plan-analyzer.js';
import type { Finding, FindingSeverity } from '../../language/analysis/finding.js';
import { checkPlanFindings, FINDINGS_NOT_SHOWN, MAX_PUBLISHED_FINDINGS } from '../../language/validation/plan-validation.js';

/**
 * A file with more plan findings than an editor can list publishes the most severe first, in plan
 * order within a severity, and counts the rest. The ordering asks each finding its severity a
 * fixed number of times: a finding of a large plan writes it when read (a missing flow reads its
 * flow), and a sort asked it at every comparison. The work is counted, never timed.
 */
describe('the findings a file publishes (counted)', () => {
    const SEVERITIES: FindingSeverity[] = ['hint', 'warning', 'error', 'info'];

    /** A plan file of `count` findings, severities in turn, each counting how often its severity is read. */
    function planWithFindings(count: number) {
        const document = { uri: URI.parse('file:///plan.segplan'), parseResult: { value: {} } } as unknown as LangiumDocument;
        const node = { $document: document } as unknown as AstNode;
        (document.parseResult as { value: AstNode }).value = node;
        const asked = { severity: 0 };
        const findings: Finding[] = Array.from({ length: count }, (_, i) => ({
            code: 'missing-flow', message: `finding ${i}`, node,
            get severity() { asked.severity++; return SEVERITIES[i % SEVERITIES.length]; }
        }));
        const analysis = { findings, views: { findingsByFile: new Map([[document.uri.toString(), findings]]) } };
        const analyzer = {
            plansIncluding: () => [document],
            analysis: () => analysis,
            recordReported: () => undefined,
            reported: () => undefined
        } as unknown as PlanAnalyzer;
        return { document, analyzer, asked };
    }

    function publish(count: number) {
        const { document, analyzer, asked } = planWithFindings(count);
        const published: { severity: string; message: string; code?: string }[] = [];
        const accept = ((severity: string, message: string, info: { code?: string }) => { published.push({ severity, message, code: info.code }); }) as ValidationAcceptor;
        checkPlanFindings(document, analyzer, finding => finding.severity, accept);
        return { published, asked: asked.severity };
    }

    it('publishes the most severe first, in plan order within a severity, and counts the rest by severity', () => {
        const count = 3 * MAX_PUBLISHED_FINDINGS;
        const { published } = publish(count);
        assert.equal(published.length, MAX_PUBLISHED_FINDINGS + 1);
        const shown = published.slice(0, MAX_PUBLISHED_FINDINGS);
        const number = (p: { message: string }) => Number(p.message.replace('finding ', ''));
        // Errors (every fourth finding from the third): all of them, then warnings from the second.
        const errors = count / 4;
        assert.deepEqual(shown.slice(0, errors).map(number), Array.from({ length: errors }, (_, i) => 4 * i + 2));
        assert.ok(shown.slice(0, errors).every(p => p.severity === 'error'));
        assert.deepEqual(shown.slice(errors).map(number), Array.from({ length: MAX_PUBLISHED_FINDINGS - errors }, (_, i) => 4 * i + 1));
        assert.ok(shown.slice(errors).every(p => p.severity === 'warning'));
        const notShown = published[MAX_PUBLISHED_FINDINGS];
        assert.equal(notShown.code, FINDINGS_NOT_SHOWN);
        assert.equal(notShown.severity, 'warning', 'the worst of those not shown');
        const warningsLeft = count / 4 - (MAX_PUBLISHED_FINDINGS - errors);
        assert.match(notShown.message, new RegExp(`^${count - MAX_PUBLISHED_FINDINGS} more findings of this file are not shown \\(0 errors, ${warningsLeft} warnings, ${count / 2} others\\)`));
    });

    it('asks each finding its severity a fixed number of times, however many there are', () => {
        for (const count of [2 * MAX_PUBLISHED_FINDINGS, 8 * MAX_PUBLISHED_FINDINGS]) {
            const { asked } = publish(count);
            // Once for the settings, once to compare, once to order, once more for those shown.
            assert.ok(asked <= 4 * count, `${asked} reads of ${count} findings' severities`);
        }
    });
});
