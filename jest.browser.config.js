/** `npm run test:browser`: the tests that need Debian's headless Chromium (/usr/bin/chromium, or $CHROMIUM). */
import { base } from './jest.config.js';

export default { ...base, testMatch: ['<rootDir>/test/**/*.browser.test.ts'] };
