import { describe, expect, it } from '@jest/globals';
import { missingEnv, missingEnvMessage } from '../../src/bot/env.js';

describe('missingEnv', () => {
  it('names every missing variable', () => {
    expect(missingEnv({})).toEqual(['APP_ID', 'PRIVATE_KEY (or PRIVATE_KEY_PATH)', 'WEBHOOK_SECRET']);
    expect(missingEnv({ APP_ID: ' ', PRIVATE_KEY: '', WEBHOOK_SECRET: 's' })).toEqual(['APP_ID', 'PRIVATE_KEY (or PRIVATE_KEY_PATH)']);
  });
  it('accepts PRIVATE_KEY_PATH instead of PRIVATE_KEY; APP_ID must be numeric', () => {
    expect(missingEnv({ APP_ID: '12', PRIVATE_KEY_PATH: 'k.pem', WEBHOOK_SECRET: 's' })).toEqual([]);
    expect(missingEnv({ APP_ID: 'my-app', PRIVATE_KEY: 'k', WEBHOOK_SECRET: 's' })).toEqual(['APP_ID (must be the numeric app id)']);
  });
  it('the message is one line', () => {
    expect(missingEnvMessage(['APP_ID'])).not.toContain('\n');
  });
});
