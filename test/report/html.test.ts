import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ReportExtras } from '../../src/report/extras.js';
import { renderHtml } from '../../src/report/html.js';
import { validateReport } from '../../src/report/validate.js';
import { bigReport } from './big.js';
import { decileHistogram, partsExtras } from './extras-fixture.js';
import { FIXTURES, loadFixture } from './fixtures.js';
import { HOSTILE, hostileReport } from './hostile.js';

let extras: ReportExtras;
beforeAll(async () => {
  extras = await partsExtras();
});

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

describe('renderHtml', () => {
  it('is one self-contained, responsive page that cannot reach the network', () => {
    const html = renderHtml(validateReport(loadFixture('one-dataset')), extras);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain(`content="default-src 'none'; img-src data:; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<iframe|<object|@import|url\(/i);
    // the only URLs are the run link (an <a>) and SVG's namespace
    const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls.filter((u) => !u.startsWith('data:image/png;base64,'))).toEqual(['https://github.com/acme/inspection-data/actions/runs/11873400921']);
  });

  it('titles the page with the verdict and shows the scenario cards with level colour, score, evidence and recommendations', () => {
    const html = renderHtml(loadFixture('one-dataset'), extras);
    expect(html).toMatch(/<title>transfer-risk: HIGH — Data drift: 3 of 7 image features drift in parts; the strongest is brightness \(PSI 0\.842/);
    expect(count(html, /<article class="card"/g)).toBe(4);
    const at = html.indexOf('id="scenario-data-drift"');
    const card = html.slice(html.lastIndexOf('<article', at), html.indexOf('</article>', at));
    expect(card).toContain('style="--lvl:#c9302c"');
    expect(card).toContain('<div style="width:91%"></div>');
    expect(card).toContain('score 0.91');
    expect(card).toContain('<li>Check the exposure settings of the new camera (line 3): head images are 38% brighter on average.</li>');
    expect(card).toContain('the strongest is <code>brightness</code>');
  });

  it('draws the plots: PSI overview, base-vs-head histograms ordered by PSI, PCA scatter, thumbnails', () => {
    const html = renderHtml(loadFixture('one-dataset'), extras);
    expect(count(html, /<svg class="plot-psi"/g)).toBe(1);
    expect(count(html, /<svg class="plot-hist"/g)).toBe(4);
    expect(count(html, /<svg class="plot-scatter"/g)).toBe(1);
    expect(count(html, /<img src="data:image\/png;base64,/g)).toBe(6);
    const order = [...html.matchAll(/<figcaption><b>(\w+)<\/b> PSI/g)].map((m) => m[1]);
    expect(order).toEqual(['brightness', 'contrast', 'sharpness', 'saturation']);
    const scatter = html.slice(html.indexOf('<svg class="plot-scatter"'));
    expect(count(scatter.slice(0, scatter.indexOf('</svg>')), /<circle /g)).toBe(1000);
  });

  it('draws histogram bars proportional to the bin shares', () => {
    const h = { dataset: 'parts', feature: 'brightness', edges: [1, 2, 3], base: [10, 20, 30, 40], head: [40, 30, 20, 10] };
    const html = renderHtml(loadFixture('one-dataset'), { histograms: [h] });
    const svg = html.slice(html.indexOf('<svg class="plot-hist"'), html.indexOf('</svg>', html.indexOf('<svg class="plot-hist"')));
    const heights = (cls: string) => [...svg.matchAll(new RegExp(`<rect class="${cls}" [^>]*height="([\\d.]+)"`, 'g'))].map((m) => Number(m[1]));
    const b = heights('b');
    const hh = heights('h');
    expect(b).toHaveLength(4);
    // shares 0.1 : 0.2 : 0.3 : 0.4 (within rounding of the drawn coordinates)
    for (let i = 0; i < 4; i++) expect(b[i] / b[3]).toBeCloseTo((i + 1) / 4, 2);
    expect(hh).toEqual([...b].reverse());
  });

  it('drops malformed plot data and unsafe image URIs', () => {
    const bad: ReportExtras = {
      histograms: [
        { dataset: 'parts', feature: 'brightness', edges: [1, 2], base: [1, 2], head: [1, 2] }, // wrong bin count
        { dataset: 'parts', feature: 'contrast', edges: [1, 2], base: [1, NaN, 3], head: [1, 2, 3] },
        decileHistogram('other-dataset', 'x', [1, 2, 3], [1, 2, 3]),
      ],
      scatter: [{ dataset: 'parts', base: [[NaN, 1] as [number, number]], head: [] }],
      thumbnails: [
        { dataset: 'parts', path: 'a.svg', dataUri: 'data:image/svg+xml;base64,PHN2Zy8+', note: '' },
        { dataset: 'parts', path: 'b.png', dataUri: 'javascript:alert(1)', note: '' },
        { dataset: 'parts', path: 'c.png', dataUri: 'data:image/png;base64,AAAA" onerror="x', note: '' },
        { dataset: 'parts', path: 'd.png', dataUri: 'https://evil.example/p.png', note: '' },
      ],
    };
    const html = renderHtml(loadFixture('one-dataset'), bad);
    expect(count(html, /<svg class="plot-hist"/g)).toBe(0);
    expect(count(html, /<img /g)).toBe(0);
    expect(html).toContain('No embedding points.');
    expect(html).not.toContain('evil.example');
  });

  it('escapes everything from the data', () => {
    const r = validateReport(hostileReport());
    const html = renderHtml(r, {
      histograms: [{ ...decileHistogram(HOSTILE.details, HOSTILE.img, [1, 2, 3, 4], [2, 3, 4, 5]) }],
      thumbnails: [{ dataset: HOSTILE.details, path: HOSTILE.img, dataUri: 'data:image/png;base64,iVBORw0KGgo=', note: HOSTILE.details }],
      scatter: [{ dataset: HOSTILE.details, base: [[0, 0]], head: [[1, 1]], axes: [HOSTILE.img, HOSTILE.details] }],
    });
    expect(html).not.toMatch(/<img src=x|<script|<\/summary><\/details>|onerror=alert\(1\)>/);
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]));
    expect(
      [...tags].filter(
        (t) =>
          ![
            'html',
            'head',
            'meta',
            'title',
            'style',
            'body',
            'header',
            'div',
            'span',
            'h1',
            'h2',
            'h3',
            'h4',
            'p',
            'code',
            'b',
            'main',
            'section',
            'article',
            'ul',
            'li',
            'figure',
            'figcaption',
            'svg',
            'rect',
            'text',
            'line',
            'g',
            'circle',
            'img',
            'br',
            'table',
            'thead',
            'tbody',
            'tr',
            'th',
            'td',
            'details',
            'summary',
            'footer',
          ].includes(t),
      ),
    ).toEqual([]);
    expect(count(html, /<img /g)).toBe(1);
    expect(html).not.toContain('\u202E');
    expect(html).not.toContain('javascript:alert(1)"'); // the run URL is not a link
  });

  it.each(FIXTURES)('renders %s without extras', (name) => {
    const html = renderHtml(validateReport(loadFixture(name)));
    expect(html).toContain('</html>');
    expect(count(html, /<section class="dataset"/g)).toBe(loadFixture(name).datasets.length);
  });

  it('caps huge reports', () => {
    const html = renderHtml(validateReport(bigReport(20, 800, 900)));
    expect(count(html, /<section class="dataset"/g)).toBe(20);
    expect(html).toContain('…and 300 more features (see report.json).');
    expect(html).toContain('…and 400 more (see report.json).');
  });
});
