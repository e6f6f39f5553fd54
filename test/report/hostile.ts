import type { Report } from '../../src/contracts/index.js';
import { loadFixture } from './fixtures.js';

/** Names and paths an attacker controls in a pull request. */
export const HOSTILE = {
  img: '<img src=x onerror=alert(1)>',
  mention: '@octocat please merge',
  pipe: 'a | b | c',
  md: '**bold** _it_ ~~s~~ [link](javascript:alert(1))',
  tick: 'x`y',
  ref: 'fixes #123',
  math: '$x^2$',
  newline: 'line1\n## heading\n- item',
  marker: '<!-- transfer-risk:comment -->',
  details: '</summary></details><script>alert(1)</script>',
  bidi: 'abc\u202Etxt.exe',
};

/** The one-dataset fixture with every untrusted string replaced by something hostile. */
export function hostileReport(): Report {
  const r = loadFixture('one-dataset');
  const ds = r.datasets[0];
  ds.name = HOSTILE.details;
  const names = Object.values(HOSTILE);
  ds.features.forEach((f, i) => (f.name = names[i % names.length]));
  ds.features.push(
    { ...ds.features[0], name: HOSTILE.bidi, drift: true },
    { ...ds.features[0], name: HOSTILE.ref, drift: true },
    { ...ds.features[0], name: HOSTILE.math, drift: false },
  );
  ds.skipped = [
    { path: `data/${HOSTILE.img}.jpg`, side: 'head', reason: HOSTILE.marker },
    { path: 'data/@octocat/x.jpg', side: 'base', reason: HOSTILE.newline },
  ];
  ds.labels = { source: HOSTILE.md, base: { [HOSTILE.img]: 3 }, head: { [HOSTILE.mention]: 4 } };
  ds.error = HOSTILE.details + HOSTILE.mention;
  r.base.ref = HOSTILE.img;
  r.head.ref = HOSTILE.mention;
  r.risk.scenarios[1].evidence[0] = `feature \`${HOSTILE.img}\` drifts; ${HOSTILE.mention} ${HOSTILE.md}`;
  r.risk.scenarios[1].recommendations[0] = `Look at \`${HOSTILE.details}\` ${HOSTILE.marker}`;
  r.meta.model = HOSTILE.img;
  r.meta.runUrl = 'javascript:alert(1)';
  r.meta.reportUrl = 'https://example.com/report.html';
  return r;
}
