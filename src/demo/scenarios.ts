/**
 * Dataset pull requests that exercise each transfer-learning risk, plus the demo's own PR.
 * Each builds a base and a head revision of a machine-parts image dataset.
 */
import type { ScenarioId, Level } from '../contracts/index.js';
import { NEW_CAMERA, REFERENCE_CAMERA } from './render.js';
import { defectImages, partImages, yoloClassesFile, yoloDefectImages, type RepoSpec } from './repo.js';

export interface ConfigOptions {
  pretrainedTask?: string;
  targetTask?: string;
  normalize?: { mean: number[]; std: number[] };
  sampleSize?: number;
  failOn?: string;
}

export function repoConfig(opts: ConfigOptions = {}): string {
  const lines = [
    '# transfer-risk configuration (see schema/transfer-risk.schema.json)',
    'datasets:',
    '  - name: parts',
    '    paths: ["data/parts/**"]',
    '    modality: image',
    '    labels: directory',
    '    augmentation: configs/augment.yaml',
    'pretrained:',
    '  model: builtin:default',
    `  task: ${opts.pretrainedTask ?? 'classification'}`,
    '  source: imagenet',
  ];
  if (opts.normalize) {
    lines.push(`  normalize: {mean: [${opts.normalize.mean.join(', ')}], std: [${opts.normalize.std.join(', ')}]}`);
  }
  lines.push('target:', `  task: ${opts.targetTask ?? 'classification'}`);
  lines.push(`sample: {size: ${opts.sampleSize ?? 150}, seed: 42}`);
  lines.push(`fail-on: ${opts.failOn ?? 'high'}`);
  return lines.join('\n') + '\n';
}

export const GENTLE_AUGMENTATION = `# augmentation applied when fine-tuning
transforms:
  - {name: horizontal_flip, p: 0.5}
  - {name: rotate, degrees: 10}
  - {name: color_jitter, brightness: 0.1, contrast: 0.1}
`;

export const HARSH_AUGMENTATION = `# augmentation applied when fine-tuning
transforms:
  - {name: horizontal_flip, p: 0.5}
  - {name: rotate, degrees: 10}
  - {name: color_jitter, brightness: 0.8, contrast: 0.8, saturation: 0.9, hue: 0.4}
  - {name: gaussian_noise, std: 0.25}
  - {name: gaussian_blur, sigma: 3.0}
`;

export const IMAGENET_NORMALIZE_AUGMENTATION = `# augmentation applied when fine-tuning
transforms:
  - {name: horizontal_flip, p: 0.5}
  - {name: rotate, degrees: 10}
  - {name: normalize, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225]}
`;

export interface RiskScenario {
  name: string;
  description: string;
  spec: RepoSpec;
  /** what the verdict must say: scenario id → minimum (atLeast) or maximum (atMost) level; `overall` → maximum overall level */
  expect: {
    atLeast?: Partial<Record<ScenarioId, Level>>;
    atMost?: Partial<Record<ScenarioId, Level>>;
    overallAtMost?: Level;
    evidenceMentions?: Record<string, string>;
  };
}

const N = 120;

function files(config: string, augmentation: string): Record<string, string> {
  return { '.github/transfer-risk.yml': config, 'configs/augment.yaml': augmentation };
}

export function riskScenarios(n = N): RiskScenario[] {
  const base = { images: partImages(n, 1), files: files(repoConfig(), GENTLE_AUGMENTATION) };
  return [
    {
      name: 'more-parts',
      description: 'more parts of the same kind from the same camera',
      spec: { base, head: { images: [...partImages(n, 1), ...partImages(Math.round(n / 2), 5001)], files: base.files } },
      expect: { overallAtMost: 'low' },
    },
    {
      name: 'new-camera',
      description: 'every image replaced by darker, noisier shots from a new camera',
      spec: { base, head: { images: partImages(n, 1, NEW_CAMERA), files: base.files } },
      expect: { atLeast: { 'data-drift': 'medium' } },
    },
    {
      name: 'harsh-augmentation',
      description: 'harsh colour jitter, noise and blur added to the augmentation config',
      spec: { base, head: { images: base.images, files: files(repoConfig(), HARSH_AUGMENTATION) } },
      expect: { atLeast: { 'augmentation-drift': 'medium' } },
    },
    {
      name: 'detection-target',
      description: 'a classification model declared for a detection target',
      spec: {
        base,
        head: { images: [...partImages(n, 1), ...partImages(12, 7001)], files: files(repoConfig({ targetTask: 'detection' }), GENTLE_AUGMENTATION) },
      },
      expect: { atLeast: { 'task-mismatch': 'medium' } },
    },
    {
      name: 'normalization',
      description: 'ImageNet mean/std normalization while the model expects mean 0.5, std 0.5',
      spec: {
        base: { images: base.images, files: files(repoConfig({ normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }), GENTLE_AUGMENTATION) },
        head: {
          images: base.images,
          files: files(repoConfig({ normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } }), IMAGENET_NORMALIZE_AUGMENTATION),
        },
      },
      expect: { atLeast: { 'augmentation-drift': 'medium' }, evidenceMentions: { 'augmentation-drift': 'normalization' } },
    },
    {
      name: 'defect-labels',
      description: 'labels switched from part type to tiny surface defects',
      spec: { base, head: { images: defectImages(n, 1), files: base.files } },
      expect: { atLeast: { 'roi-shift': 'medium' } },
    },
    ...detectionScenarios(n),
  ];
}

/** The config of a detection dataset with YOLO boxes (data/defects: images/, labels/, classes.txt). */
export function detectionConfig(opts: ConfigOptions = {}): string {
  const lines = [
    '# transfer-risk configuration (see schema/transfer-risk.schema.json)',
    'datasets:',
    '  - name: defects',
    '    paths: ["data/defects/**"]',
    '    modality: image',
    '    labels: yolo:data/defects',
    '    augmentation: configs/augment.yaml',
    'pretrained:',
    '  model: builtin:default',
    `  task: ${opts.pretrainedTask ?? 'classification'}`,
    '  source: imagenet',
    'target:',
    `  task: ${opts.targetTask ?? 'detection'}`,
    `sample: {size: ${opts.sampleSize ?? 150}, seed: 42}`,
    `fail-on: ${opts.failOn ?? 'high'}`,
  ];
  return lines.join('\n') + '\n';
}

/** Coarse defects: at 160 px images and a 224 px model input, most boxes are 20–50 px. */
export const COARSE_DEFECTS = 2.5;
/** Hairline defects: most boxes end up under 16 px at the model's input. */
export const FINE_DEFECTS = 0.4;

/**
 * Detection scenarios on a YOLO defect dataset (scratch, dent, crack boxes on part photographs;
 * clean parts have no boxes): the defects shrink below the model's input resolution, more of the
 * same, or a new object class.
 */
export function detectionScenarios(n = N): RiskScenario[] {
  const files = { '.github/transfer-risk.yml': detectionConfig(), 'configs/augment.yaml': GENTLE_AUGMENTATION, 'data/defects/classes.txt': yoloClassesFile() };
  const base = { images: yoloDefectImages(n, 1, { defectScale: COARSE_DEFECTS }), files };
  return [
    {
      name: 'defects-shrink',
      description: 'the same parts re-annotated with hairline defects: most boxes fall under 16 px at the 224×224 input',
      spec: { base, head: { images: yoloDefectImages(n, 1, { defectScale: FINE_DEFECTS }), files } },
      expect: { atLeast: { 'roi-shift': 'high' }, evidenceMentions: { 'roi-shift': 'small' } },
    },
    {
      name: 'same-boxes',
      description: 'more parts with the same kind of defects and boxes',
      spec: { base, head: { images: [...base.images, ...yoloDefectImages(Math.round(n / 2), 5001, { defectScale: COARSE_DEFECTS })], files } },
      expect: { atMost: { 'roi-shift': 'low', 'data-drift': 'low' } },
    },
    {
      name: 'new-object-class',
      description: 'a new defect class (spots) appears in the boxes',
      spec: {
        base,
        head: { images: [...base.images, ...yoloDefectImages(Math.round(n / 2), 7001, { defectScale: COARSE_DEFECTS, defects: ['spot'] })], files },
      },
      expect: { atLeast: { 'roi-shift': 'medium' }, evidenceMentions: { 'roi-shift': 'spot' } },
    },
  ];
}

/** The demo's pull request: a new camera (darker, noisier), defect labels and a harsher augmentation. */
export function demoSpec(n = N): RepoSpec {
  return {
    base: { images: partImages(n, 1, REFERENCE_CAMERA), files: files(repoConfig(), GENTLE_AUGMENTATION) },
    head: { images: defectImages(n, 1, NEW_CAMERA), files: files(repoConfig(), HARSH_AUGMENTATION) },
  };
}

const ORDER: Record<Level, number> = { low: 0, medium: 1, high: 2 };

/** How a verdict falls short of a scenario's expectation: one line per miss (empty = as expected). */
export function verdictMisses(s: RiskScenario, risk: { level: Level; scenarios: Array<{ id: ScenarioId; level: Level; evidence: string[] }> }): string[] {
  const misses: string[] = [];
  for (const [id, min] of Object.entries(s.expect.atLeast ?? {}) as Array<[ScenarioId, Level]>) {
    const got = risk.scenarios.find((x) => x.id === id);
    if (!got || ORDER[got.level] < ORDER[min]) misses.push(`${s.name}: ${id} is ${got?.level ?? 'missing'}, expected at least ${min}`);
  }
  for (const [id, max] of Object.entries(s.expect.atMost ?? {}) as Array<[ScenarioId, Level]>) {
    const got = risk.scenarios.find((x) => x.id === id);
    if (!got || ORDER[got.level] > ORDER[max])
      misses.push(`${s.name}: ${id} is ${got?.level ?? 'missing'}, expected at most ${max} (${got?.evidence[0] ?? ''})`);
  }
  if (s.expect.overallAtMost && ORDER[risk.level] > ORDER[s.expect.overallAtMost]) {
    const high = risk.scenarios.filter((x) => ORDER[x.level] > ORDER[s.expect.overallAtMost!]).map((x) => `${x.id}=${x.level} (${x.evidence[0] ?? ''})`);
    misses.push(`${s.name}: overall ${risk.level}, expected at most ${s.expect.overallAtMost}: ${high.join('; ')}`);
  }
  for (const [id, word] of Object.entries(s.expect.evidenceMentions ?? {})) {
    const got = risk.scenarios.find((x) => x.id === id);
    if (!got?.evidence.some((e) => e.toLowerCase().includes(word.toLowerCase()))) misses.push(`${s.name}: ${id} evidence does not mention "${word}"`);
  }
  return misses;
}
