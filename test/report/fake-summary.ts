import type { SummaryLike } from '../../src/report/summary.js';

/** Records the calls the way core.summary's API receives them. */
export function fakeSummary() {
  const calls: Array<[string, ...unknown[]]> = [];
  let written = 0;
  const s: SummaryLike = {
    addHeading: (...a) => (calls.push(['heading', ...a]), s),
    addRaw: (...a) => (calls.push(['raw', ...a]), s),
    addTable: (...a) => (calls.push(['table', ...a]), s),
    addList: (...a) => (calls.push(['list', ...a]), s),
    addDetails: (...a) => (calls.push(['details', ...a]), s),
    addLink: (...a) => (calls.push(['link', ...a]), s),
    write: async () => {
      written += 1;
      return s;
    },
  };
  return { s, calls, written: () => written };
}
