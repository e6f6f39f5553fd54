import { describe, expect, it } from '@jest/globals';
import { CHECK_LIMITS, annotationBatches, conclusionFor, renderCheckOutput, safeRepoPath } from '../../src/report/check-output.js';
import { validateReport } from '../../src/report/validate.js';
import type { FailOn, Level, Report } from '../../src/contracts/index.js';
import { bigReport } from './big.js';
import { FIXTURES, loadFixture } from './fixtures.js';
import { hostileReport } from './hostile.js';
import { expectWellFormed } from './markdown-checks.js';

function withLevel(r: Report, level: Level): Report {
  r.risk.scenarios.forEach((s, i) => (s.level = i === 1 ? level : 'low'));
  r.risk.level = level;
  return r;
}

describe('renderCheckOutput', () => {
  it.each(FIXTURES)('renders %s (snapshot)', (name) => {
    const out = renderCheckOutput(validateReport(loadFixture(name)));
    expectWellFormed(out.summary);
    expectWellFormed(out.text);
    expect(out).toMatchSnapshot();
  });

  it('titles the run with the verdict in one line of at most 255 characters', () => {
    const out = renderCheckOutput(loadFixture('one-dataset'));
    expect(out.title).toBe(
      '🔴 HIGH transfer-learning risk — Data drift: 3 of 7 image features drift in parts; the strongest is brightness (PSI 0.842, KS 0.412, mean 0.412 → 0.571).',
    );
    const long = loadFixture('one-dataset');
    long.risk.scenarios[1].evidence[0] = 'x'.repeat(3000);
    const t = renderCheckOutput(long).title;
    expect(t.length).toBe(CHECK_LIMITS.title);
    expect(t.endsWith('…')).toBe(true);
    expect(renderCheckOutput(loadFixture('zero-datasets')).title).toBe('🟢 LOW transfer-learning risk — no dataset or augmentation config changed');
  });

  it('puts the overview in the summary and the datasets in the text, each within 65,535 characters', () => {
    const out = renderCheckOutput(loadFixture('many-datasets'));
    expect(out.summary).toContain('| Scenario | Level | Score | Strongest evidence |');
    expect(out.summary).toContain('```mermaid');
    expect(out.summary).not.toContain('<details>');
    expect(out.summary.startsWith('<!--')).toBe(false);
    expect(out.text).toContain('<details><summary><b>voice-commands</b>');
    expect(out.text).not.toContain('| Scenario |');

    const big = renderCheckOutput(validateReport(bigReport(300, 150, 120)));
    expect(big.summary.length).toBeLessThanOrEqual(CHECK_LIMITS.summary);
    expect(big.text.length).toBeLessThanOrEqual(CHECK_LIMITS.text);
    expect(big.text).toContain('Shortened to fit');
    expectWellFormed(big.text);
  });

  it('annotates the locations of meta.annotations, strongest first, and drops paths outside the repository', () => {
    const out = renderCheckOutput(loadFixture('many-datasets')); // failOn medium from meta
    expect(out.annotations).toEqual([
      {
        path: 'configs/augment.yaml',
        start_line: 4,
        end_line: 4,
        annotation_level: 'failure',
        title: 'Strong colour jitter',
        message: expect.stringContaining('color_jitter brightness 0.8'),
      },
      {
        path: 'configs/augment.yaml',
        start_line: 7,
        end_line: 8,
        annotation_level: 'failure',
        title: "Normalization differs from the model's",
        message: expect.stringContaining('normalize mean [0.5, 0.5, 0.5]'),
      },
      {
        path: 'data/sensors/2026-q4.csv',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        title: 'transfer-risk: medium risk',
        message: expect.stringContaining('temp_c'),
      },
    ]);
    // with policy "high", medium locations are warnings
    const lenient = renderCheckOutput(loadFixture('many-datasets'), { failOn: 'high' });
    expect(lenient.annotations.map((a) => a.annotation_level)).toEqual(['failure', 'warning', 'warning']);
    expect(renderCheckOutput(loadFixture('zero-datasets')).annotations).toEqual([]);
  });

  it('without hints, annotates the config lines that the augmentation evidence names', () => {
    const r = loadFixture('many-datasets');
    delete r.meta.annotations;
    const aug = r.risk.scenarios[3];
    aug.evidence = [
      'configs/augment.yaml: adds gaussian_noise (line 6), gaussian_blur (line 7); changes color_jitter (line 5)',
      'harsh transform: color_jitter hue 0.4, brightness 0.8 (line 5)',
      'normalize mean/std differ from the model (lines 9-11)',
    ];
    const out = renderCheckOutput(r, { failOn: 'high' });
    expect(out.annotations.map((a) => [a.path, a.start_line, a.end_line, a.annotation_level])).toEqual([
      ['configs/augment.yaml', 6, 6, 'failure'],
      ['configs/augment.yaml', 7, 7, 'failure'],
      ['configs/augment.yaml', 5, 5, 'failure'],
      ['configs/augment.yaml', 5, 5, 'failure'],
      ['configs/augment.yaml', 9, 11, 'failure'],
    ]);
    expect(out.annotations[3].message).toBe('harsh transform: color_jitter hue 0.4, brightness 0.8 (line 5)');
    // a low augmentation risk, or evidence naming no file, annotates nothing
    aug.level = 'low';
    expect(renderCheckOutput(r).annotations).toEqual([]);
    aug.level = 'high';
    aug.evidence = ['color_jitter is harsh (line 5)', 'see ../../etc/passwd.yaml (line 1)'];
    expect(renderCheckOutput(r).annotations).toEqual([]);
  });

  it('keeps annotation text plain and bounded', () => {
    const r = loadFixture('one-dataset');
    r.meta.annotations = [{ path: 'data/x.csv', line: 3, level: 'low', message: `a\nb${'m'.repeat(10000)}`, title: 't'.repeat(400) }];
    const [a] = renderCheckOutput(r).annotations;
    expect(a.annotation_level).toBe('notice');
    expect(a.message.length).toBe(CHECK_LIMITS.message);
    expect(a.message.startsWith('a b')).toBe(true);
    expect(a.title!.length).toBe(255);
  });

  it('survives hostile data', () => {
    const out = renderCheckOutput(validateReport(hostileReport()));
    expect(out.title).not.toContain('\n');
    expect(out.summary + out.text).not.toMatch(/<img|<script/i);
    expectWellFormed(out.text);
  });
});

describe('safeRepoPath', () => {
  it.each([
    ['data/a.csv', 'data/a.csv'],
    ['./configs/augment.yaml', 'configs/augment.yaml'],
    ['configs\\augment.yaml', 'configs/augment.yaml'],
    ['/etc/passwd', undefined],
    ['../secret', undefined],
    ['data/../../x', undefined],
    ['C:/x', undefined],
    ['a//b', undefined],
    ['a\u0000b', undefined],
    ['', undefined],
  ])('%j → %j', (input, expected) => {
    expect(safeRepoPath(input)).toBe(expected);
  });
});

describe('conclusionFor', () => {
  const cases: Array<[Level, FailOn, string]> = [
    ['high', 'high', 'failure'],
    ['high', 'medium', 'failure'],
    ['medium', 'medium', 'failure'],
    ['medium', 'high', 'success'],
    ['low', 'medium', 'success'],
    ['high', 'none', 'success'],
  ];
  it.each(cases)('level %s with fail-on %s → %s', (level, failOn, expected) => {
    expect(conclusionFor(withLevel(loadFixture('one-dataset'), level), failOn)).toBe(expected);
  });

  it('is neutral when nothing was analyzed, unless the level reaches fail-on', () => {
    expect(conclusionFor(loadFixture('zero-datasets'), 'high')).toBe('neutral');
    expect(conclusionFor(withLevel(loadFixture('zero-datasets'), 'high'), 'high')).toBe('failure');
  });

  it('does not turn a failed dataset analysis into a pass', () => {
    const r = withLevel(loadFixture('one-dataset'), 'high');
    r.datasets[0].error = 'more than 20% of head failed';
    expect(conclusionFor(r, 'high')).toBe('failure');
  });
});

describe('annotationBatches', () => {
  it('splits into requests of at most 50, in order, without losing any', () => {
    const xs = Array.from({ length: 123 }, (_, i) => i);
    const batches = annotationBatches(xs, 50);
    expect(batches.map((b) => b.length)).toEqual([50, 50, 23]);
    expect(batches.flat()).toEqual(xs);
    expect(annotationBatches([], 50)).toEqual([]);
    expect(annotationBatches(xs.slice(0, 50), 50)).toHaveLength(1);
    expect(annotationBatches(xs.slice(0, 51)).map((b) => b.length)).toEqual([50, 1]);
  });

  it('rejects a batch size below 1', () => {
    expect(() => annotationBatches([1], 0)).toThrow(RangeError);
  });
});
