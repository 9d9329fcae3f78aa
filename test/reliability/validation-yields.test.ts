import * as assert from 'node:assert/strict';
import { Cancellation, isOperationCancelled, setInterruptionPeriod, URI } from 'langium';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';

/**
 * Validation runs most checks without awaiting (segplan-document-validator.ts), but the editor's
 * build of a large plan must still give the event loop its turn every few dozen nodes: that is
 * when the notification of a new edit arrives and cancels the build. A count of nodes kept per
 * statement never reached the threshold (statements have a few nodes), and a 10,000-statement
 * validation ran to its end without a turn.
 */
describe('validating a large plan in a build that can be cancelled', () => {
    afterEach(() => setInterruptionPeriod(10)); // Langium's default

    it('gives the event loop turns while it checks statements, and stops when cancelled', async () => {
        const services = await createTestServices();
        const workspace = services.shared.workspace;
        const document = workspace.LangiumDocumentFactory.fromString(generateBenchPlan(1500, { sites: true }).text, URI.parse('file:///yields/plan.segplan'));
        workspace.LangiumDocuments.addDocument(document);
        await workspace.DocumentBuilder.build([document], { validation: false });
        const statements = (document.parseResult.value as unknown as { elements: unknown[] }).elements.length;
        assert.ok(statements > 1500);

        // Every look at the token yields (no time slice), so each chance the walk gives is a turn.
        setInterruptionPeriod(0);
        const source = new Cancellation.CancellationTokenSource();
        let turns = 0, finished = false;
        const tick = () => {
            if (finished) return;
            if (++turns === 20) source.cancel();
            else setImmediate(tick);
        };
        setImmediate(tick);
        const outcome = await services.validation.DocumentValidator.validateDocument(document, { categories: ['built-in', 'fast', 'slow'] }, source.token)
            .then(() => 'finished', (error: unknown) => isOperationCancelled(error) ? 'cancelled' : error);
        finished = true;
        assert.equal(outcome, 'cancelled', `validation of ${statements} statements ran to its end in ${turns} turns of the event loop`);
    });
});
