/**
 * The schema matches src/contracts/report.ts exactly: the property names and required names of every object
 * are compared at the type level (checked by `tsc -p tsconfig.test.json`, part of `npm run lint`), and a
 * report with every optional field set validates at run time.
 */
import { describe, expect, it } from '@jest/globals';
import { REPORT_SCHEMA } from '../../src/report/schema.js';
import type {
  BaselinedScore,
  CardinalityReport,
  DuplicatesReport,
  FillReport,
  LabelDistributionReport,
  MissingnessReport,
  TypeChangeReport,
  BoxesReport,
  BoxSideReport,
  BoxSizeQuantiles,
  UnreadableAnnotation,
  ConfigChange,
  ConfigReport,
  DatasetReport,
  EmbeddingReport,
  FeatureMetrics,
  FeatureReport,
  FeatureSummary,
  ObjectsReport,
  Report,
  ReportMeta,
  Scenario,
  SideTransferability,
  SkippedItem,
  SubsetReport,
  TransferabilityReport,
  UnreadableSide,
} from '../../src/contracts/index.js';
import { validateReport } from '../../src/report/validate.js';
import type { ReportAnnotationHint } from '../../src/report/check-output.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** T without its index signature (keeps `?` modifiers). */
type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };
type KnownKeys<T> = keyof Known<T>;
type OptionalKeys<U> = { [K in keyof U]-?: undefined extends U[K] ? K : never }[keyof U];
type RequiredKeys<T> = Exclude<keyof Known<T>, OptionalKeys<Known<T>>>;
type Props<S> = S extends { properties: infer P } ? keyof P : never;
type Req<S> = S extends { required: readonly (infer R)[] } ? R : never;
/** Compile-time check: fails `tsc` when the schema and the type disagree. */
type Matches<S, T> =
  Equal<Props<S>, KnownKeys<T>> extends true ? (Equal<Req<S>, RequiredKeys<T>> extends true ? true : 'required differ') : 'properties differ';
function assertTrue<T extends true>(): T | undefined {
  return undefined;
}

const S = REPORT_SCHEMA;
const _D = S.definitions;
type MetricsS = typeof _D.feature.properties.metrics;

// One line per object of the contract.
assertTrue<Matches<typeof S, Report>>();
assertTrue<Matches<typeof S.properties.tool, Report['tool']>>();
assertTrue<Matches<typeof _D.revision, Report['base']>>();
assertTrue<Matches<typeof S.properties.risk, Report['risk']>>();
assertTrue<Matches<typeof _D.scenario, Scenario>>();
assertTrue<Matches<typeof _D.dataset, DatasetReport>>();
assertTrue<Matches<typeof _D.feature, FeatureReport>>();
assertTrue<Matches<MetricsS, FeatureMetrics>>();
assertTrue<Matches<typeof _D.feature.properties.metrics.properties.chi2, NonNullable<FeatureMetrics['chi2']>>>();
assertTrue<Matches<typeof _D.feature.properties.metrics.properties.ks, NonNullable<FeatureMetrics['ks']>>>();
assertTrue<Matches<typeof _D.feature.properties.summary.properties.base, FeatureSummary>>();
assertTrue<Matches<typeof _D.embedding, EmbeddingReport>>();
assertTrue<Matches<typeof _D.embedding.properties.confidence, NonNullable<EmbeddingReport['confidence']>>>();
assertTrue<Matches<typeof _D.dataset.properties.skipped.items, SkippedItem>>();
assertTrue<Matches<typeof _D.dataset.properties.labels, NonNullable<DatasetReport['labels']>>>();
assertTrue<Matches<typeof _D.dataset.properties.changes, NonNullable<DatasetReport['changes']>>>();
assertTrue<Matches<typeof _D.dataset.properties.onlyIn, NonNullable<DatasetReport['onlyIn']>>>();
assertTrue<Matches<typeof S.properties.meta.properties.annotations.items, ReportAnnotationHint>>();
assertTrue<Matches<typeof S.properties.config, ConfigReport>>();
assertTrue<Matches<typeof S.properties.config.properties.changes.items, ConfigChange>>();
assertTrue<Matches<typeof S.properties.config.properties.error, NonNullable<ConfigReport['error']>>>();
assertTrue<Matches<typeof _D.dataset.properties.unreadable, NonNullable<DatasetReport['unreadable']>>>();
assertTrue<Matches<typeof _D.dataset.properties.unreadable.properties.base, UnreadableSide>>();
assertTrue<Matches<typeof _D.dataset.properties.unreadable.properties.base.properties.rows, NonNullable<UnreadableSide['rows']>>>();
assertTrue<Matches<typeof _D.baselinedScore, BaselinedScore>>();
assertTrue<Matches<typeof _D.sideTransferability, SideTransferability>>();
assertTrue<Matches<typeof _D.sideTransferability.properties.knn, SideTransferability['knn']>>();
assertTrue<Matches<typeof _D.dataset.properties.transferability, TransferabilityReport>>();
assertTrue<Matches<typeof _D.dataset.properties.transferability.properties.notes, NonNullable<TransferabilityReport['notes']>>>();
assertTrue<Matches<typeof _D.dataset.properties.subsets, SubsetReport>>();
assertTrue<Matches<typeof _D.dataset.properties.subsets.properties.counts, SubsetReport['counts']>>();
assertTrue<Matches<typeof _D.dataset.properties.subsets.properties.tests.items, SubsetReport['tests'][number]>>();
assertTrue<Matches<typeof _D.feature.properties.missingness, MissingnessReport>>();
assertTrue<Matches<typeof _D.feature.properties.fill, FillReport>>();
assertTrue<Matches<typeof _D.feature.properties.typeChange, TypeChangeReport>>();
assertTrue<Matches<typeof _D.feature.properties.cardinality, CardinalityReport>>();
assertTrue<Matches<typeof _D.feature.properties.cardinality.properties.distinct, CardinalityReport['distinct']>>();
assertTrue<Matches<typeof _D.feature.properties.cardinality.properties.topK, CardinalityReport['topK']>>();
assertTrue<Matches<typeof _D.dataset.properties.labelDistribution, LabelDistributionReport>>();
assertTrue<Matches<typeof _D.dataset.properties.labelDistribution.properties.classes, LabelDistributionReport['classes']>>();
assertTrue<Matches<typeof _D.dataset.properties.labelDistribution.properties.largest, NonNullable<LabelDistributionReport['largest']>>>();
assertTrue<Matches<typeof _D.dataset.properties.duplicates, DuplicatesReport>>();
assertTrue<Matches<typeof _D.dataset.properties.duplicates.properties.exact, DuplicatesReport['exact']>>();
assertTrue<Matches<typeof _D.dataset.properties.duplicates.properties.near, NonNullable<DuplicatesReport['near']>>>();
assertTrue<Matches<typeof _D.dataset.properties.duplicates.properties.test, DuplicatesReport['test']>>();
assertTrue<Matches<typeof _D.dataset.properties.duplicates.properties.sharedWithBase, DuplicatesReport['sharedWithBase']>>();
assertTrue<Matches<typeof _D.dataset.properties.duplicates.properties.examples.items, DuplicatesReport['examples'][number]>>();
assertTrue<Matches<typeof _D.dataset.properties.delimiters, NonNullable<DatasetReport['delimiters']>>>();
// box statistics of detection datasets
type BoxesS = typeof _D.boxes;
type ObjectsS = BoxesS['properties']['objects'];
type SepS = ObjectsS['properties']['separability']['properties']['base'];
assertTrue<Matches<BoxesS, BoxesReport>>();
assertTrue<Matches<BoxesS['properties']['input'], NonNullable<BoxesReport['input']>>>();
assertTrue<Matches<BoxesS['properties']['sizeHistogram'], NonNullable<BoxesReport['sizeHistogram']>>>();
assertTrue<Matches<BoxesS['properties']['newClasses']['items'], BoxesReport['newClasses'][number]>>();
assertTrue<Matches<BoxesS['properties']['base'], BoxSideReport>>();
assertTrue<Matches<BoxesS['properties']['base']['properties']['atInput'], NonNullable<BoxSideReport['atInput']>>>();
assertTrue<Matches<BoxesS['properties']['base']['properties']['atInput']['properties']['size'], BoxSizeQuantiles>>();
assertTrue<Matches<BoxesS['properties']['base']['properties']['unreadable'], NonNullable<BoxSideReport['unreadable']>>>();
assertTrue<Matches<BoxesS['properties']['unreadable']['items'], UnreadableAnnotation>>();
assertTrue<Matches<ObjectsS, ObjectsReport>>();
assertTrue<Matches<ObjectsS['properties']['crops'], ObjectsReport['crops']>>();
assertTrue<Matches<ObjectsS['properties']['separability'], ObjectsReport['separability']>>();
assertTrue<Matches<SepS, NonNullable<ObjectsReport['separability']['base']>>>();
assertTrue<Matches<ObjectsS['properties']['drift'], NonNullable<ObjectsReport['drift']>>>();
// meta: every typed key is in the schema; the schema adds `annotations` (the check-output hints)
assertTrue<Equal<Exclude<Props<typeof S.properties.meta>, 'annotations'>, KnownKeys<ReportMeta>>>();

describe('schema ↔ types', () => {
  it('accepts a report with every optional field of the types set', () => {
    const full: Report = {
      schemaVersion: 1,
      tool: { name: 'transfer-risk', version: '0.1.0' },
      createdAt: '2026-11-20T10:00:00Z',
      base: { ref: 'main', sha: 'a'.repeat(40) },
      head: { ref: 'pr', sha: 'b'.repeat(40) },
      meta: {
        backend: 'cpu',
        device: 'cpu',
        model: 'builtin:default',
        sampleSize: 10,
        seconds: 1,
        seed: 1,
        failOn: 'high',
        runUrl: 'https://x',
        reportUrl: 'https://y',
        annotations: [{ path: 'a.yaml', line: 1, endLine: 2, level: 'high', title: 't', message: 'm' }],
        custom: { any: 'thing' },
      },
      config: {
        path: '.github/transfer-risk.yml',
        source: 'base',
        head: 'invalid',
        changes: [{ key: 'datasets[d].paths', change: 'changed', base: '["a/**"]', head: '["b/**"]', line: 3, effect: 'after-merge' }],
        error: { line: 4, message: 'datasets[0].modality must be one of image, tabular, audio, text, auto' },
      },
      datasets: [
        {
          name: 'd',
          modality: 'image',
          sample: { base: 1, head: 1 },
          total: { base: 2, head: 2 },
          changes: { added: 1, modified: 0, deleted: 0, renamed: 0 },
          labels: { source: 'directory', base: { a: 1 }, head: { a: 1 } },
          onlyIn: { base: ['x'], head: [] },
          labelDistribution: {
            classes: { base: 1, head: 1, shared: 1 },
            added: [],
            removed: [],
            addedShare: 0,
            removedShare: 0,
            chi2: { statistic: 0, pValue: 1, dof: 0 },
            js: 0,
            largest: { label: 'a', base: 1, head: 1 },
          },
          duplicates: {
            exact: { base: { items: 0, share: 0, groups: 0 }, head: { items: 0, share: 0, groups: 0 } },
            sharedWithBase: { items: 0, share: 0 },
            near: { threshold: 0.97, base: { items: 0, share: 0, groups: 0 }, head: { items: 0, share: 0, groups: 0 } },
            test: { pValue: 1, excess: 0 },
            examples: [{ kind: 'near', paths: ['a', 'b'] }],
          },
          delimiters: { base: [','], head: [';'] },
          contentForm: '224×224',
          features: [
            {
              name: 'f',
              kind: 'numeric',
              missing: { base: 0, head: 0 },
              metrics: {
                psi: 0.1,
                kl: 0.1,
                js: 0.1,
                ks: { statistic: 0.1, pValue: 0.5 },
                wasserstein: 0.1,
                wassersteinNormed: 0.1,
                chi2: { statistic: 1, pValue: 0.5, dof: 1 },
                pAdjusted: 0.5,
              },
              drift: false,
              role: 'content',
              summary: { base: { n: 1, mean: 0, median: 0, std: 0, min: 0, max: 0, top: [{ value: 'a', share: 1 }] }, head: { n: 1 } },
              missingness: { share: { base: 0, head: 0.5 }, pValue: 0.01, pAdjusted: 0.02, drift: true },
              fill: { value: '0', share: { base: 0, head: 0.2 }, pValue: 0.01, pAdjusted: 0.02, kind: 'imputed' },
              typeChange: { base: 'numeric', head: 'text', nonNumericShare: { base: 0, head: 0.5 }, examples: ['n/a'] },
              cardinality: {
                distinct: { base: 60, head: 70, union: 100 },
                unseenShare: { base: 0.5, head: 0.6 },
                unseenPValue: 0.1,
                topK: { k: 20, js: 0.1, chi2: { statistic: 3, pValue: 0.2, dof: 20 } },
                pValue: 0.2,
                pAdjusted: 0.2,
              },
            },
          ],
          embedding: {
            dims: 8,
            components: 2,
            explainedVariance: 0.9,
            mmd: { statistic: 0, pValue: 1 },
            classifierAuc: 0.5,
            classifierPValue: 1,
            driftShare: 0,
            outsideCoverage: 0.05,
            confidence: { base: 0.9, head: 0.8, ks: { statistic: 0.1, pValue: 0.5 }, caveat: 'c' },
            extension: [1, 2],
          },
          subsets: {
            counts: { added: 1, modified: 0, other: 0 },
            tests: [{ name: 'added', n: 1, embedding: { dims: 8, mmd: { statistic: 0, pValue: 1 }, classifierAuc: 0.5, driftShare: 0 } }],
          },
          transferability: {
            base: {
              n: 1,
              classes: ['a'],
              dropped: [],
              knn: { k: 5, folds: 5, accuracy: 1, chance: 0.5, lift: 1, baseline: 0 },
              logme: { score: 1, baseline: 0, baselineStd: 0, gain: 1, shuffles: 5 },
              hscore: { score: 1, baseline: 0, baselineStd: 0, gain: 1, shuffles: 5 },
              leep: { score: -1, baseline: -2, baselineStd: 0, gain: 1, shuffles: 5 },
              nce: { score: -1, baseline: -2, baselineStd: 0, gain: 1, shuffles: 5 },
            },
            notes: { base: 'b', head: 'h' },
            labelsChanged: false,
            labelsSame: true,
          },
          boxes: {
            format: 'yolo',
            source: 'yolo:data',
            classes: ['a'],
            input: { width: 224, height: 224, resize: 'fill' },
            smallObjectPx: 16,
            base: {
              images: 1,
              boxes: 1,
              imagesWithoutBoxes: 0,
              unannotated: 0,
              malformed: 0,
              classes: { a: 1 },
              atInput: {
                width: { p10: 1, median: 2, p90: 3 },
                height: { p10: 1, median: 2, p90: 3 },
                size: { p10: 1, median: 2, p90: 3 },
                small: 1,
                smallShare: 1,
                croppedOut: 0,
              },
            },
            head: { images: 1, boxes: 0, imagesWithoutBoxes: 1, unannotated: 0, malformed: 1, classes: {}, unreadable: { images: 1, of: 2, share: 0.5 } },
            newClasses: [{ name: 'b', boxes: 1, share: 0.5 }],
            goneClasses: [],
            features: [],
            sizeHistogram: { edges: [0, 2], base: [1, 0], head: [0, 0] },
            objects: {
              crops: { base: 1, head: 1 },
              margin: 0.5,
              separability: {
                base: {
                  crops: {
                    n: 10,
                    classes: ['a', 'b'],
                    dropped: [],
                    knn: { k: 5, folds: 5, accuracy: 0.9, chance: 0.5, lift: 0.8, baseline: 0 },
                    logme: { score: 1, baseline: 0.5, baselineStd: 0.1, gain: 0.5, shuffles: 5 },
                  },
                  images: {
                    n: 10,
                    classes: ['a', 'b'],
                    dropped: ['c'],
                    knn: { k: 5, folds: 5, accuracy: 0.6, chance: 0.5, lift: 0.2, baseline: 0 },
                    logme: { score: 1, baseline: 0.9, baselineStd: 0.1, gain: 0.1, shuffles: 5 },
                  },
                },
                head: {},
              },
              drift: { mmd: { statistic: 0, pValue: 1 }, classifierAuc: 0.5, classifierPValue: 1 },
              notes: ['n'],
            },
            notes: ['x'],
            unreadable: [{ side: 'head', file: 'data/labels/a.txt', line: 2, reason: 'r', images: 1 }],
            error: 'e',
          },
          skipped: [{ path: 'p', side: 'base', reason: 'r' }],
          unreadable: { base: { items: 1, of: 2, rows: { unreadable: 3, of: 10 }, share: 0.3 }, head: { items: 0, of: 2, share: 0 } },
          error: 'e',
        },
      ],
      risk: {
        level: 'low',
        scenarios: (['task-mismatch', 'data-drift', 'roi-shift', 'augmentation-drift'] as const).map((id) => ({
          id,
          level: 'low' as const,
          applicable: false,
          score: 0,
          evidence: [],
          recommendations: [],
        })),
      },
    };
    expect(validateReport(full)).toBe(full);
  });
});
