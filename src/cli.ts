#!/usr/bin/env node
/** `transfer-risk` (dist/cli.js): see src/cli/main.ts. */
import { ignoreClosedPipe, main } from './cli/main.js';

// `transfer-risk … | head`: the reader may close the pipe early; the verdict's exit code stands, without a stack trace
ignoreClosedPipe(process.stdout);
ignoreClosedPipe(process.stderr);
process.exitCode = await main(process.argv.slice(2));
