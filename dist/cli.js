#!/usr/bin/env node
/** `transfer-risk` (dist/cli.js): see src/cli/main.ts. */
import { main } from './cli/main.js';
process.exitCode = await main(process.argv.slice(2));
