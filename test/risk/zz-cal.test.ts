import { it } from '@jest/globals';
import { falsePositiveRates, detectionRates } from '../../src/risk/calibration.js';
it('x', () => {
  let t0 = Date.now();
  console.log(JSON.stringify(falsePositiveRates({ trials: 30, n: 100 }), null, 0), Date.now() - t0);
  t0 = Date.now();
  console.log(JSON.stringify(detectionRates({ trials: 4, sizes: [50, 200] }).map(r => [r.shift, r.severity, r.n, r.anyFeatureDrift, r.mmd, r.classifier, r.embeddingVerdict, r.dataDriftVerdict].join(' ')), null, 1), Date.now() - t0);
}, 900000);
