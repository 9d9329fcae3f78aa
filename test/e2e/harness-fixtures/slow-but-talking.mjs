// A harness that takes longer than its caller's mocha timeout and says something every step.
import { writeFileSync } from 'node:fs';
const resultsFile = process.argv.find((a) => a.startsWith('--results='))?.slice('--results='.length);
const steps = Number(process.argv.find((a) => a.startsWith('--steps='))?.slice('--steps='.length) ?? 10);
for (let i = 1; i <= steps; i++) {
    await new Promise((done) => setTimeout(done, 100));
    console.log(`step ${i} happened`);
}
writeFileSync(resultsFile, JSON.stringify({ steps }));
