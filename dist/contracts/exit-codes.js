/**
 * Exit codes of every entry (DESIGN.md "CLI"): 0 done and below fail-on; 1 done and at or above
 * fail-on; 2 usage, config or input error (one line on stderr); 3 internal error (a bug).
 */
export const EXIT = { ok: 0, failOn: 1, usage: 2, internal: 3 };
