import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT, readText, segplanFiles } from '../helpers/fixtures.js';

/**
 * The hover on a component lists the required flows between zones it starts and ends. They are
 * read from an index built once per analysis (filtering every pair flow at each hover cost ~20 ms
 * on a 10,000-component plan); for every component of every example, including the plan with
 * mistakes, the index must hold exactly what the filter gives, in the same order.
 */
describe('required flows of one component (hover)', function () {
    this.timeout(300000);

    it('are, for every component of the examples, the required cross-zone pair flows from it and to it, in analysis order', async function () {
        let components = 0, withFlows = 0;
        for (const file of segplanFiles(path.join(PROJECT_ROOT, 'examples'))) {
            const services = await createTestServices();
            const [document] = await buildDocuments(services, { [path.basename(file)]: readText(file) });
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            const required = analysis.flows.filter(f => f.flow.required && f.flow.crossesZones);
            for (const instance of analysis.plan.facts.instances.values()) {
                const flows = analysis.requiredFlowsOf(instance);
                assert.deepEqual(flows.out, required.filter(f => f.flow.source === instance), `${path.basename(file)}: flows out of ${instance.name}`);
                assert.deepEqual(flows.in, required.filter(f => f.flow.destination === instance), `${path.basename(file)}: flows into ${instance.name}`);
                components++;
                if (flows.out.length + flows.in.length > 0) withFlows++;
            }
        }
        assert.ok(components > 50 && withFlows > 40, `${components} components, ${withFlows} with flows`);
    });
});
