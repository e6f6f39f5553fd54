import { it } from '@jest/globals';
import { falsePositiveRates, detectionRates } from '../../src/risk/calibration.js';
it('x', () => {
  let t0 = Date.now();
  console.log(JSON.stringify(falsePositiveRates({ trials: 20, n: 100 }), null, 0), Date.now() - t0);
  t0 = Date.now();
  console.log(JSON.stringify(detectionRates({ trials: 5, sizes: [50, 200] }), null, 0), Date.now() - t0);
}, 600000);
