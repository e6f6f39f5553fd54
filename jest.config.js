/**
 * Jest in ESM mode with ts-jest; run through `npm test` (node --experimental-vm-modules).
 * `npm test` runs everything that needs only Node and git; tests that drive a system program (Debian's
 * Chromium) are named `*.browser.test.ts` and run under `npm run test:browser` (jest.browser.config.js).
 */
export const base = {
  testEnvironment: '<rootDir>/test/environment.mjs',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/global-setup.mjs',
};

export default {
  ...base,
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '\\.browser\\.test\\.ts$'],
};
