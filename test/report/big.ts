import type { DatasetReport, FeatureReport, Report } from '../../src/contracts/index.js';
import { loadFixture } from './fixtures.js';

/** A deterministic, schema-valid report with many datasets, features and skipped items. */
export function bigReport(datasets: number, features: number, skipped: number): Report {
  const r = loadFixture('many-datasets');
  let seed = 12345;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  r.datasets = Array.from({ length: datasets }, (_, d): DatasetReport => {
    const feats = Array.from({ length: features }, (_, i): FeatureReport => {
      const psi = rand() * (d % 3 === 0 ? 1.2 : 0.3);
      const drift = psi >= 0.1 && rand() < 0.7;
      return {
        name: `ds${d}_feature_${String(i).padStart(3, '0')}`,
        kind: i % 5 === 0 ? 'categorical' : 'numeric',
        metrics:
          i % 5 === 0
            ? {
                psi,
                kl: psi * 0.8,
                js: Math.min(1, Math.sqrt(psi) / 2),
                chi2: { statistic: psi * 200, pValue: drift ? 1e-4 * rand() : rand(), dof: 3 },
                pAdjusted: drift ? 1e-3 : 0.5,
              }
            : {
                psi,
                kl: psi * 0.8,
                js: Math.min(1, Math.sqrt(psi) / 2),
                ks: { statistic: Math.sqrt(psi) / 2, pValue: drift ? 1e-8 * rand() : rand() },
                wasserstein: psi * 3,
                wassersteinNormed: psi * 2,
                pAdjusted: drift ? 1e-6 : 0.6,
              },
        drift,
      };
    });
    return {
      name: `dataset-${String(d).padStart(3, '0')}`,
      modality: d % 2 === 0 ? 'image' : 'tabular',
      sample: { base: 500, head: 500 },
      total: { base: 10000 + d, head: 10500 + d },
      changes: { added: d, modified: 1, deleted: 0, renamed: 0 },
      labels: { source: 'directory', base: { ok: 400, ng: 100 }, head: { ok: 380, ng: 120 } },
      features: feats,
      embedding:
        d % 2 === 0
          ? {
              dims: 1024,
              components: 40,
              explainedVariance: 0.9,
              mmd: { statistic: rand() * 0.1, pValue: rand() },
              classifierAuc: 0.5 + rand() / 2,
              driftShare: rand(),
              outsideCoverage: rand() / 4,
            }
          : undefined,
      skipped: Array.from({ length: skipped }, (_, s) => ({
        path: `data/ds${d}/broken_${s}.jpg`,
        side: s % 2 ? 'base' : 'head',
        reason: 'truncated JPEG: premature end of data segment',
      })),
    };
  });
  for (const ds of r.datasets) if (ds.embedding === undefined) delete ds.embedding;
  return r;
}
