/**
 * The project's shared vocabulary: the report contract, changed paths, backend names, fail-on policy
 * and exit codes. Every layer imports these from here; this folder imports nothing from the others.
 */
export * from './backends.js';
export * from './changes.js';
export * from './exit-codes.js';
export * from './policy.js';
export * from './report.js';
export * from './names.js';
