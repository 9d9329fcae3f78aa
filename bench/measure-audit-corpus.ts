// One measurement in a process of its own (`npm run bench -- audit` runs it): what the audit's
// readers evaluate of the corpus of public configurations (test/fixtures/audit/corpus). A figure,
// not a time.
import { CORPUS_EVALUATED_FLOOR_PERCENT, corpusShares, evaluatedPercent } from '../test/helpers/audit-corpus.js';

const corpus = await corpusShares();
console.log(JSON.stringify({ ...corpus, evaluatedPercent: evaluatedPercent(corpus.shares), floorPercent: CORPUS_EVALUATED_FLOOR_PERCENT }));
