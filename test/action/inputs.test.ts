import { describe, expect, it } from '@jest/globals';
import { rawInput, readInputs } from '../../src/action/inputs.js';

describe('readInputs', () => {
  it('defaults', () => {
    expect(readInputs({ 'INPUT_GITHUB-TOKEN': 'ghs_x' })).toEqual({
      token: 'ghs_x',
      config: '.github/transfer-risk.yml',
      comment: true,
      backend: 'auto',
      cache: true,
      checkRun: false,
    });
  });

  it('reads the runner form (INPUT_FAIL-ON) and the composite form (INPUT_FAIL_ON)', () => {
    expect(rawInput('fail-on', { 'INPUT_FAIL-ON': ' medium ' })).toBe('medium');
    expect(rawInput('fail-on', { INPUT_FAIL_ON: 'high' })).toBe('high');
    const i = readInputs({
      INPUT_GITHUB_TOKEN: 't',
      INPUT_CONFIG: 'ci/tr.yml',
      INPUT_FAIL_ON: 'Medium',
      INPUT_COMMENT: 'false',
      INPUT_BACKEND: 'wasm',
      INPUT_SAMPLE_SIZE: '0',
      INPUT_CACHE: 'no',
    });
    expect(i).toEqual({ token: 't', config: 'ci/tr.yml', failOn: 'medium', comment: false, backend: 'wasm', sampleSize: 0, cache: false, checkRun: false });
  });

  it('falls back to GITHUB_TOKEN', () => {
    expect(readInputs({ GITHUB_TOKEN: 'env-token' }).token).toBe('env-token');
  });

  it('rejects bad values with one clear line', () => {
    expect(() => readInputs({ 'INPUT_FAIL-ON': 'low' })).toThrow('input fail-on must be one of none, medium, high, got "low"');
    expect(() => readInputs({ INPUT_BACKEND: 'cuda' })).toThrow(
      'input backend must be one of auto, onnx-cuda, onnx, tensorflow-gpu, tensorflow, wasm, cpu, got "cuda"',
    );
    expect(() => readInputs({ 'INPUT_SAMPLE-SIZE': '1e3' })).toThrow(/sample-size must be a whole number/);
    expect(() => readInputs({ 'INPUT_SAMPLE-SIZE': '-5' })).toThrow(/sample-size must be a whole number/);
    expect(() => readInputs({ INPUT_COMMENT: 'maybe' })).toThrow('input comment must be true or false, got "maybe"');
    expect(() => readInputs({ INPUT_CONFIG: '../outside.yml' })).toThrow(/inside the repository/);
    expect(() => readInputs({ INPUT_CONFIG: '/etc/passwd' })).toThrow(/inside the repository/);
  });
});

describe('readInputs: check-run', () => {
  it('is off by default, on with true, and refuses anything else', () => {
    expect(readInputs({}).checkRun).toBe(false);
    expect(readInputs({ INPUT_CHECK_RUN: 'true' }).checkRun).toBe(true);
    expect(() => readInputs({ INPUT_CHECK_RUN: 'sometimes' })).toThrow('input check-run must be true or false, got "sometimes"');
  });
});
