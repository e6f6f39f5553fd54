/**
 * docs/config.md states the limits a pull request runs into (issue 12): the numbers there are the
 * code's constants.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AUG_LIMITS } from '../../src/augment/registry.js';
import { MAX_CONFIG_BYTES, MAX_YAML_ALIASES } from '../../src/data/config.js';
import { DEFAULT_THRESHOLDS } from '../../src/risk/thresholds.js';
import { COCO_CONTAINERS_PER_ENTRY, cocoContainerLimit } from '../../src/data/annotations/coco.js';
import { DEFAULT_ANNOTATION_LIMITS } from '../../src/data/annotations/types.js';
import { MAX_PARQUET_CHUNK_PAGES } from '../../src/data/table/parquet-pages.js';
import { MAX_CELL_BYTES } from '../../src/data/table/types.js';
import { MAX_TEXT_BYTES } from '../../src/data/text.js';

const doc = readFileSync(path.join(process.cwd(), 'docs', 'config.md'), 'utf8');
const limits = doc.slice(doc.indexOf('## Limits'), doc.indexOf('## Full example'));

describe('docs/config.md: trust and limits', () => {
  it('describes what comes from base and what from head', () => {
    expect(doc).toContain('## Trust: what comes from base, what from head');
    expect(doc).toMatch(/`pretrained\.task`, `pretrained\.source`, `target\.task` \| base \*\*and\*\* head/);
  });

  it("states the code's limits", () => {
    expect(limits).toContain(`${MAX_CONFIG_BYTES} characters`);
    expect(limits).toContain(`expanded at most ${MAX_YAML_ALIASES} times`);
    expect(limits).toContain(`| ${AUG_LIMITS.maxTransforms} (after flattening albumentations Compose/OneOf, nested at most ${AUG_LIMITS.maxNesting} deep)`);
    expect(limits).toContain(
      `gaussian_blur sigma ${AUG_LIMITS.blurSigma}, cutout holes ${AUG_LIMITS.cutoutHoles}, gaussian_noise std ${AUG_LIMITS.noiseStd}, RandAugment magnitude ${AUG_LIMITS.magnitude}`,
    );
    expect(limits).toContain(`medium from ${DEFAULT_THRESHOLDS.unreadableShareMedium * 100}%, high from ${DEFAULT_THRESHOLDS.unreadableShareHigh * 100}%`);
    expect(DEFAULT_THRESHOLDS.unanalyzableLevel).toBe(2);
    expect(limits).toContain('fails closed: high (`unanalyzableLevel`)');
    const entries = DEFAULT_ANNOTATION_LIMITS.maxCocoEntries;
    expect(limits).toContain(
      `| ${COCO_CONTAINERS_PER_ENTRY} per allowed entry plus 64 (${cocoContainerLimit(entries).toLocaleString('en-US')} at the default ${entries.toLocaleString('en-US')} entries), counted before parsing |`,
    );
    expect(limits).toContain(
      `| a table cell (CSV/TSV; a JSON Lines string or nested value; a Parquet text, bytes or nested value) | ${MAX_CELL_BYTES / 1024} KiB (${MAX_CELL_BYTES} bytes) kept`,
    );
    expect(limits).toContain(`| pages of a Parquet column chunk (counted as its headers are checked) | ${MAX_PARQUET_CHUNK_PAGES.toLocaleString('en-US')}; `);
    expect(limits).toContain(`| its first ${MAX_TEXT_BYTES / 1024 / 1024} MiB (${MAX_TEXT_BYTES} bytes, at a character boundary)`);
  });
});
