import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { formatRunTitle, parseRunTitle, RUN_NAME_TEMPLATE } from '../../src/bot/run-title.js';

const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';

/** Expands `${{ inputs.x }}` the way Actions does for a run-name. */
function expand(template: string, inputs: Record<string, string>): string {
  return template.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, k: string) => inputs[k] ?? '');
}

describe('run title', () => {
  it("the example workflow's run-name, expanded with the bot's inputs, parses back to them", () => {
    const wf = parse(readFileSync(new URL('../../examples/workflows/transfer-risk.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(wf['run-name']).toBe(RUN_NAME_TEMPLATE);
    const title = expand(String(wf['run-name']), { pr: '12', 'base-sha': 'b'.repeat(40), 'head-sha': SHA, 'check-run-id': '4567' });
    expect(parseRunTitle(title)).toEqual({ pr: 12, headSha: SHA, checkRunId: 4567 });
  });

  it('round-trips', () => {
    expect(parseRunTitle(formatRunTitle({ pr: 3, headSha: SHA, checkRunId: 9 }))).toEqual({ pr: 3, headSha: SHA, checkRunId: 9 });
    expect(parseRunTitle(formatRunTitle({ pr: 3, headSha: SHA }))).toEqual({ pr: 3, headSha: SHA });
  });

  it.each([
    null,
    undefined,
    '',
    'transfer-risk',
    'CI',
    `transfer-risk PR #0 head ${SHA}`,
    `transfer-risk PR #3 head ${SHA.slice(0, 39)}`,
    `transfer-risk PR #3 head ${SHA.toUpperCase()}`,
    `x transfer-risk PR #3 head ${SHA}`,
  ])('not ours: %j', (t) => {
    expect(parseRunTitle(t)).toBeUndefined();
  });
});
