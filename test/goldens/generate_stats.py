#!/usr/bin/env python3
"""Golden vectors for src/stats (transfer-risk), computed with numpy + scipy from first principles.

Generated with scipy 1.17.1 and numpy 2.4.6 (Python 3.11). Rerun from the repository root:

    /root/.pyenv/shims/python3 test/goldens/generate_stats.py      # or any python3 with numpy+scipy

It writes test/goldens/stats.json (deterministic: fixed seeds). Nothing here calls the TypeScript code:
every expected value comes from numpy/scipy or from a direct numpy transcription of the definitions in
DESIGN.md "Metric definitions".
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'stats.json')
rng = np.random.default_rng(20240501)
DECILES = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9]) / 10.0  # exactly the doubles 0.1, 0.2, ..., 0.9


def r6(x):
    """round data to 6 decimals so the JSON stays small (the metrics are computed on the rounded data)."""
    return np.round(np.asarray(x, dtype=float), 6)


# ---------------------------------------------------------------- binned divergences, by definition
def edges_of(base):
    q = np.quantile(base, DECILES)  # numpy default method='linear'
    out = []
    for e in q:
        if not out or e != out[-1]:
            out.append(float(e))
    return out


def bin_counts(values, edges, lo, hi):
    """DESIGN.md bins: [x < base min] + quantile bins of x in [min, max] (bin = #edges strictly below) + [x > base max]."""
    e = np.asarray(edges)
    v = np.asarray(values, dtype=float)
    inside = v[(v >= lo) & (v <= hi)]
    idx = np.array([int(np.sum(e < x)) for x in inside], dtype=int) if len(inside) < 5000 else np.searchsorted(e, inside, side='left')
    q = np.bincount(idx, minlength=len(edges) + 1).astype(float) if len(inside) else np.zeros(len(edges) + 1)
    return np.concatenate([[float(np.sum(v < lo))], q, [float(np.sum(v > hi))]])


def props(counts):
    c = np.asarray(counts, dtype=float)
    return c / c.sum()


def psi_def(bc, hc):
    b = props(bc); h = props(hc)
    b = np.where(b == 0, 1e-4, b); h = np.where(h == 0, 1e-4, h)
    return float(np.sum((h - b) * np.log(h / b)))


def kl_def(bc, hc):
    b = props(bc); h = props(hc)
    b = np.where(b == 0, 1e-4, b); h = np.where(h == 0, 1e-4, h)
    return float(np.sum(b * np.log(b / h)))


def js_def(bc, hc):
    return float(jensenshannon(props(bc), props(hc), base=2))


def ks_method(n, m):
    return 'exact' if max(n, m) <= 10000 else 'asymp'


def numeric_case(name, base, head):
    base = r6(base); head = r6(head)
    edges = edges_of(base)
    lo, hi = float(np.min(base)), float(np.max(base))
    bc = bin_counts(base, edges, lo, hi); hc = bin_counts(head, edges, lo, hi)
    ks = stats.ks_2samp(base, head, method='auto')
    w = stats.wasserstein_distance(base, head)
    return {
        'name': name,
        'base': base.tolist(), 'head': head.tolist(),
        'edges': edges, 'min': lo, 'max': hi, 'baseCounts': bc.tolist(), 'headCounts': hc.tolist(),
        'psi': psi_def(bc, hc), 'kl': kl_def(bc, hc), 'js': js_def(bc, hc),
        'ks': {'statistic': float(ks.statistic), 'pValue': float(ks.pvalue), 'method': ks_method(len(base), len(head))},
        'wasserstein': float(w),
        'wassersteinNormed': float(w / max(np.std(base), 0.001)),
        'describeBase': {'n': len(base), 'mean': float(np.mean(base)), 'median': float(np.median(base)),
                         'std': float(np.std(base)), 'min': float(np.min(base)), 'max': float(np.max(base))},
    }


numeric = []
numeric.append(numeric_case('normal-shift', rng.normal(0, 1, 500), rng.normal(0.3, 1, 400)))
numeric.append(numeric_case('normal-same-n-equal', rng.normal(0, 1, 300), rng.normal(0, 1, 300)))
numeric.append(numeric_case('normal-scale', rng.normal(5, 2, 700), rng.normal(5, 2.6, 650)))
numeric.append(numeric_case('lognormal', rng.lognormal(0, 1, 1000), rng.lognormal(0.1, 1.2, 800)))
numeric.append(numeric_case('uniform', rng.uniform(0, 1, 200), rng.uniform(0.05, 1.05, 250)))
numeric.append(numeric_case('ties-0..3', rng.integers(0, 4, 300), rng.integers(0, 4, 280)))
numeric.append(numeric_case('ties-0..3-equal-n', rng.integers(0, 4, 500), np.minimum(rng.integers(0, 5, 500), 3)))
numeric.append(numeric_case('ties-shifted', rng.integers(0, 4, 120), rng.integers(1, 5, 90)))
numeric.append(numeric_case('tiny-1-1', [0.5], [1.5]))
numeric.append(numeric_case('tiny-1-1-equal', [2.0], [2.0]))
numeric.append(numeric_case('tiny-1-5', [0.3], rng.normal(0, 1, 5)))
numeric.append(numeric_case('tiny-3-7', rng.normal(0, 1, 3), rng.normal(1, 1, 7)))
numeric.append(numeric_case('tiny-8-9', rng.normal(0, 1, 8), rng.normal(0, 1, 9)))
numeric.append(numeric_case('tiny-5-5', rng.normal(0, 1, 5), rng.normal(2, 1, 5)))
numeric.append(numeric_case('tiny-9-2', rng.uniform(0, 1, 9), rng.uniform(0, 1, 2)))
numeric.append(numeric_case('disjoint-40-60', rng.uniform(0, 1, 40), rng.uniform(2, 3, 60)))
numeric.append(numeric_case('disjoint-200-200', rng.uniform(0, 1, 200), rng.uniform(2, 3, 200)))
numeric.append(numeric_case('constant-base', np.full(50, 3.0), rng.normal(3, 0.5, 60)))
numeric.append(numeric_case('identical', np.arange(100) / 7.0, np.arange(100) / 7.0))
# base's range bins (DESIGN.md): a constant base, and head values below base's minimum / above its maximum
numeric.append(numeric_case('constant-base-head-lower', np.full(50, 1.0), np.full(40, 0.5)))
numeric.append(numeric_case('constant-base-head-higher', np.full(50, 1.0), np.full(40, 2.0)))
numeric.append(numeric_case('head-below-base-min', np.linspace(1, 2, 80), np.linspace(0, 1.5, 70)))
numeric.append(numeric_case('head-above-base-max', np.linspace(0, 1, 60), np.linspace(0.5, 3, 90)))
numeric.append(numeric_case('shift-small-2000', rng.normal(0, 1, 2000), rng.normal(0.1, 1, 2000)))
numeric.append(numeric_case('coprime-997-1009', rng.normal(0, 1, 997), rng.normal(0.15, 1, 1009)))
numeric.append(numeric_case('exact-10000-9000', rng.normal(0, 1, 10000), rng.normal(0.02, 1, 9000)))
numeric.append(numeric_case('exact-10000-10000', rng.normal(0, 1, 10000), rng.normal(0.03, 1, 10000)))
numeric.append(numeric_case('asymp-10001-12000', rng.normal(0, 1, 10001), rng.normal(0.02, 1, 12000)))
numeric.append(numeric_case('asymp-12000-3', rng.normal(0, 1, 12000), rng.normal(0.5, 1, 3)))
numeric.append(numeric_case('asymp-15000-40', rng.normal(0, 1, 15000), rng.normal(0.3, 1, 40)))
numeric.append(numeric_case('asymp-11000-300', rng.lognormal(0, 1, 11000), rng.lognormal(0.05, 1, 300)))


# ---------------------------------------------- large samples from an integer formula (not stored)
def formula(n, a, c, p, scale, shift):
    """x_i = ((i*a + c) mod p) / p * scale + shift, i = 0..n-1: exact IEEE ops, reproducible in TS."""
    i = np.arange(n, dtype=np.int64)
    return ((i * a + c) % p).astype(float) / p * scale + shift


formula_cases = []
for (name, bspec, hspec) in [
    ('formula-1e6-1.1e6', (1000000, 7919, 13, 1000003, 1.0, 0.0), (1100000, 104729, 7, 999983, 1.0, 0.001)),
    ('formula-1e6-1e6-same', (1000000, 7919, 13, 1000003, 1.0, 0.0), (1000000, 15485863, 3, 1000033, 1.0, 0.0)),
    ('formula-200000-50000-shift', (200000, 7919, 1, 200003, 2.0, 0.0), (50000, 104729, 5, 49999, 2.0, 0.05)),
]:
    b = formula(*bspec); h = formula(*hspec)
    ks = stats.ks_2samp(b, h, method='auto')
    w = stats.wasserstein_distance(b, h)
    formula_cases.append({'name': name, 'base': list(bspec), 'head': list(hspec),
                          'ks': {'statistic': float(ks.statistic), 'pValue': float(ks.pvalue)},
                          'wasserstein': float(w)})

# --------------------------------------------------------------------------------- quantiles
quantile_cases = []
for vals in [rng.normal(0, 1, 11), rng.normal(0, 1, 10), [1.0], [3.0, 1.0], rng.integers(0, 3, 17).astype(float),
             r6(rng.lognormal(0, 2, 101))]:
    v = np.asarray(vals, dtype=float)
    quantile_cases.append({'values': v.tolist(), 'q': [0.0, 0.05, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0],
                           'expected': [float(np.quantile(v, q)) for q in [0.0, 0.05, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9, 0.95, 1.0]]})


# ------------------------------------------------------------------------------- categorical
def categorical_case(name, base, head):
    cats = list(dict.fromkeys(list(base) + list(head)))
    bc = np.array([base.count(c) for c in cats], dtype=float)
    hc = np.array([head.count(c) for c in cats], dtype=float)
    keep = (bc + hc) > 0
    table = np.vstack([bc[keep], hc[keep]])
    if table.shape[1] <= 1:
        chi = {'statistic': 0.0, 'pValue': 1.0, 'dof': 0}
    else:
        res = stats.chi2_contingency(table, correction=False)
        chi = {'statistic': float(res.statistic), 'pValue': float(res.pvalue), 'dof': int(res.dof)}
    return {'name': name, 'base': base, 'head': head, 'categories': cats, 'baseCounts': bc.tolist(),
            'headCounts': hc.tolist(), 'psi': psi_def(bc, hc), 'kl': kl_def(bc, hc), 'js': js_def(bc, hc), 'chi2': chi}


def draw(cats, p, n):
    return [str(x) for x in rng.choice(cats, size=n, p=p)]


categorical = []
categorical.append(categorical_case('same', draw(['a', 'b', 'c'], [0.5, 0.3, 0.2], 300), draw(['a', 'b', 'c'], [0.5, 0.3, 0.2], 250)))
categorical.append(categorical_case('shifted', draw(['a', 'b', 'c'], [0.5, 0.3, 0.2], 300), draw(['a', 'b', 'c'], [0.3, 0.3, 0.4], 320)))
categorical.append(categorical_case('new-category', draw(['a', 'b'], [0.6, 0.4], 200), draw(['a', 'b', 'new'], [0.5, 0.3, 0.2], 220)))
categorical.append(categorical_case('vanished-category', draw(['a', 'b', 'gone'], [0.5, 0.3, 0.2], 150), draw(['a', 'b'], [0.6, 0.4], 140)))
categorical.append(categorical_case('single-category', ['x'] * 10, ['x'] * 7))
categorical.append(categorical_case('disjoint', ['p'] * 5 + ['q'] * 3, ['r'] * 4))
categorical.append(categorical_case('many', draw([f'c{i}' for i in range(30)], None, 2000), draw([f'c{i}' for i in range(35)], None, 1800)))
categorical.append(categorical_case('tiny', ['u', 'v'], ['v']))
categorical.append(categorical_case('huge-shift', draw(['a', 'b'], [0.99, 0.01], 5000), draw(['a', 'b'], [0.01, 0.99], 5000)))

# --------------------------------------------------------------------------- multiple testing
mt = []
for ps in [[0.01, 0.04, 0.03, 0.2, 0.5], [0.5], [0.001, 0.001, 0.2, 0.2, 0.9, 1.0],
           rng.uniform(0, 0.2, 25).tolist(), [1e-12, 0.04, 0.049, 0.051, 0.3, 0.03, 0.6]]:
    p = np.asarray(ps, dtype=float)
    mt.append({'p': p.tolist(), 'bh': np.atleast_1d(stats.false_discovery_control(p, method='bh')).tolist(),
               'bonferroni': np.minimum(1.0, p * len(p)).tolist()})

# ----------------------------------------------------------------------- special functions
sp = {}
rows = []
for a in [0.5, 1.0, 1.5, 2.0, 3.5, 5.0, 10.0, 24.5, 50.0, 100.0, 499.5, 1000.0]:
    for x in [1e-3, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 0.5 * a, a, 1.5 * a, 3 * a, a + 5 * math.sqrt(a)]:
        rows.append([a, x, float(special.gammainc(a, x)), float(special.gammaincc(a, x))])
sp['gamma'] = rows
rows = []
for k in [1, 2, 3, 4, 5, 9, 10, 29, 34, 100, 999]:
    for x in [0.0, 1e-4, 0.5, 1.0, 3.84, 10.0, 50.0, 150.0, 400.0, k, 2.0 * k]:
        rows.append([x, k, float(stats.chi2.sf(x, k))])
sp['chi2sf'] = rows
sp['lgamma'] = [[x, float(special.gammaln(x))] for x in [0.001, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 7.3, 14.9, 15.0, 15.1, 100.0, 1e4, 1e6]]
sp['ndtr'] = [[x, float(special.ndtr(x))] for x in [-38.0, -20.0, -8.0, -5.0, -2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 1.96, 3.0, 6.0, 9.0]]
sp['kolmogorov'] = [[float(x), float(special.kolmogorov(x))] for x in np.concatenate([np.linspace(0.02, 3.0, 150), [0.82, 0.8200001, 5.0, 8.0]])]
rows = []
for n in [1, 2, 3, 5, 10, 20, 50, 100, 140, 141, 500, 1000, 5000, 10000, 100000]:
    for x in [0.3 / n, 0.5 / n, 1.0 / n, 0.9 / math.sqrt(n), 1.5 / math.sqrt(n), 3.0 / math.sqrt(n), 0.25, 0.5, 0.75, 1 - 1.0 / n, 0.999]:
        x = float(min(max(x, 0.0), 1.0))
        rows.append([n, x, float(special.smirnov(n, x))])
sp['smirnov'] = rows
rows = []
for n in [1, 2, 3, 7, 10, 25, 60, 100, 139, 140, 141, 300, 1000, 5000, 20000, 99999, 100001, 400000]:
    for c in [0.3, 0.6, 0.8, 0.9, 1.0, 1.2, 1.5, 2.0, 3.0, 5.0]:
        x = float(min(c / math.sqrt(n), 1.0))
        rows.append([n, x, float(stats.kstwo.sf(x, n))])
    for x in [0.55 / n, 0.9 / n, 0.45, 0.5, 0.7, 1 - 0.5 / n]:
        x = float(min(x, 1.0))
        rows.append([n, x, float(stats.kstwo.sf(x, n))])
for n in [1500000, 3000000]:  # beyond SMIRNOV_MAX_COMPUTE_N: scipy's closed-form approximation branch
    for c in [0.5, 1.0, 1.6, 2.0, 4.0]:
        x = c / math.sqrt(n)
        rows.append([n, x, float(stats.kstwo.sf(x, n))])
sp['kstwo'] = rows
sp['smirnov'] += [[n, c / math.sqrt(n), float(special.smirnov(n, c / math.sqrt(n)))] for n in [1500000, 3000000] for c in [0.3, 1.0, 2.0]]

# ------------------------------------------------------------------------------------- PCA
def pca_case(name, X, kmax=50, target=0.9):
    X = r6(X)
    Xc = X - X.mean(axis=0)
    U, S, Vt = np.linalg.svd(Xc, full_matrices=False)
    var = S ** 2
    ratio = var / var.sum()
    cum = np.cumsum(ratio)
    kcap = min(kmax, X.shape[0] - 1, X.shape[1])
    k = min(int(np.argmax(cum >= target)) + 1, kcap)
    proj = Xc @ Vt[:k].T
    return {'name': name, 'rows': X.shape[0], 'cols': X.shape[1], 'data': X.ravel().tolist(), 'maxComponents': kmax,
            'varianceTarget': target, 'k': k, 'explainedVarianceRatio': ratio[:k].tolist(),
            'absProjections': np.abs(proj).ravel().tolist()}


lat = rng.normal(0, 1, (60, 6)) * np.array([5, 4, 3, 2, 1, 0.5])
pcas = [
    pca_case('gram-60x100', lat @ rng.normal(0, 1, (6, 100)) + rng.normal(0, 0.05, (60, 100))),
    pca_case('cov-120x8', rng.normal(0, 1, (120, 8)) @ rng.normal(0, 1, (8, 8))),
    pca_case('cap-3', rng.normal(0, 1, (40, 12)), kmax=3),
    pca_case('target-0.5', rng.normal(0, 1, (30, 5)) * np.array([3, 2, 1, 1, 1]), target=0.5),
]


# ------------------------------------------------------------ logistic regression and AUC
def fit_logistic(X, y, lam=1.0):
    mu = X.mean(axis=0)
    sd = X.std(axis=0)
    sd[sd == 0] = 1.0
    Z = np.hstack([np.ones((X.shape[0], 1)), (X - mu) / sd])
    beta = np.zeros(Z.shape[1])
    P = np.eye(Z.shape[1]) * lam
    P[0, 0] = 0.0
    for _ in range(200):
        p = special.expit(Z @ beta)
        g = Z.T @ (p - y) + P @ beta
        H = (Z * (p * (1 - p))[:, None]).T @ Z + P
        step = np.linalg.solve(H, g)
        beta = beta - step
        if np.max(np.abs(step)) < 1e-14:
            break
    return beta, mu, sd


def auc_mw(scores, labels):
    pos = scores[labels == 1]; neg = scores[labels == 0]
    u = stats.mannwhitneyu(pos, neg, alternative='two-sided').statistic
    return float(u / (len(pos) * len(neg)))


Xl = np.vstack([rng.normal(0, 1, (80, 4)), rng.normal(0.4, 1, (70, 4))]) * np.array([1, 10, 0.1, 3])
Xl = r6(Xl)
yl = np.array([0] * 80 + [1] * 70, dtype=float)
beta, mu, sd = fit_logistic(Xl, yl)
logistic = {'rows': 150, 'cols': 4, 'data': Xl.ravel().tolist(), 'y': yl.tolist(), 'l2': 1.0,
            'intercept': float(beta[0]), 'weights': beta[1:].tolist()}

auc_cases = []
for sc, lb in [(r6(rng.normal(0, 1, 50)), rng.integers(0, 2, 50)),
               (np.array([1, 1, 2, 2, 3, 3, 3, 0.5]), np.array([0, 1, 0, 1, 1, 1, 0, 0])),
               (rng.integers(0, 3, 40).astype(float), np.array([0, 1] * 20))]:
    auc_cases.append({'scores': np.asarray(sc, float).tolist(), 'labels': np.asarray(lb).tolist(), 'auc': auc_mw(np.asarray(sc, float), np.asarray(lb))})

# cross-validated AUC with explicit folds (fold i = i mod 5 within each class, in row order)
folds = np.zeros(150, dtype=int)
folds[:80] = np.arange(80) % 5
folds[80:] = np.arange(70) % 5
fold_aucs = []
for f in range(5):
    tr = folds != f; te = folds == f
    b, m_, s_ = fit_logistic(Xl[tr], yl[tr])
    z = b[0] + ((Xl[te] - m_) / s_) @ b[1:]
    fold_aucs.append(auc_mw(z, yl[te]))
cv = {'folds': folds.tolist(), 'k': 5, 'foldAucs': fold_aucs, 'meanAuc': float(np.mean(fold_aucs))}


# ---------------------------------------------------------------------------------- MMD
def mmd_ref(A, B):
    Z = np.vstack([A, B])
    D2 = ((Z[:, None, :] - Z[None, :, :]) ** 2).sum(-1)
    iu = np.triu_indices(len(Z), 1)
    bw = float(np.median(D2[iu]))
    K = np.exp(-D2 / bw)
    n, m = len(A), len(B)
    kxx = K[:n, :n]; kyy = K[n:, n:]; kxy = K[:n, n:]
    s = (kxx.sum() - np.trace(kxx)) / (n * (n - 1)) + (kyy.sum() - np.trace(kyy)) / (m * (m - 1)) - 2 * kxy.mean()
    return float(s), bw


mmd_cases = []
for name, A, B in [('null-40-50', rng.normal(0, 1, (40, 3)), rng.normal(0, 1, (50, 3))),
                   ('shift-30-30', rng.normal(0, 1, (30, 5)), rng.normal(0.8, 1, (30, 5))),
                   ('scale-60-20', rng.normal(0, 1, (60, 2)), rng.normal(0, 2, (20, 2)))]:
    A = r6(A); B = r6(B)
    s, bw = mmd_ref(A, B)
    mmd_cases.append({'name': name, 'cols': A.shape[1], 'base': A.ravel().tolist(), 'head': B.ravel().tolist(),
                      'baseRows': A.shape[0], 'headRows': B.shape[0], 'statistic': s, 'bandwidth': bw})

# -------------------------------------------------------------------------- measureColumns
NA = {'', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A',
      'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null'}


def is_missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and v in NA)


def as_number(v):
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    try:
        return float(v)  # python's float() accepts ' 2.5', '+3', '1e3', '-inf' like pandas' parser
    except (TypeError, ValueError):
        return None


def expected_feature(name, bvals, hvals):
    bp = [v for v in bvals if not is_missing(v)]
    hp = [v for v in hvals if not is_missing(v)]
    miss = {'base': len(bvals) - len(bp), 'head': len(hvals) - len(hp)}
    bn = [as_number(v) for v in bp]; hn = [as_number(v) for v in hp]
    if all(x is not None for x in bn + hn):
        b = np.array([x for x in bn if math.isfinite(x)]); h = np.array([x for x in hn if math.isfinite(x)])
        # a numeric column's infinite values carry no number: they count as missing too
        miss = {'base': len(bvals) - len(b), 'head': len(hvals) - len(h)}
        edges = edges_of(b)
        bc = bin_counts(b, edges, float(np.min(b)), float(np.max(b))); hc = bin_counts(h, edges, float(np.min(b)), float(np.max(b)))
        ks = stats.ks_2samp(b, h)
        w = stats.wasserstein_distance(b, h)
        return {'name': name, 'kind': 'numeric', 'missing': miss,
                'metrics': {'psi': psi_def(bc, hc), 'kl': kl_def(bc, hc), 'js': js_def(bc, hc),
                            'ks': {'statistic': float(ks.statistic), 'pValue': float(ks.pvalue)},
                            'wasserstein': float(w), 'wassersteinNormed': float(w / max(np.std(b), 0.001))},
                'p': float(ks.pvalue)}
    bs = [v if isinstance(v, str) else repr(v) for v in bp]; hs = [v if isinstance(v, str) else repr(v) for v in hp]
    c = categorical_case(name, bs, hs)
    return {'name': name, 'kind': 'categorical', 'missing': miss,
            'metrics': {'psi': c['psi'], 'kl': c['kl'], 'js': c['js'], 'chi2': c['chi2']}, 'p': c['chi2']['pValue']}


def fmt(x):
    return repr(float(x))


nb, nh = 400, 380
col_base = {
    'num_shift': [fmt(x) for x in r6(rng.normal(0, 1, nb))],
    'num_same': [fmt(x) for x in r6(rng.normal(10, 2, nb))],
    'num_tokens': [],
    'cat_shift': draw(['red', 'green', 'blue'], [0.6, 0.3, 0.1], nb),
    'cat_same': draw(['x', 'y'], [0.5, 0.5], nb),
    'mixed': [],
    'only_base': ['1'] * nb,
}
col_head = {
    'num_shift': [fmt(x) for x in r6(rng.normal(0.6, 1, nh))],
    'num_same': [fmt(x) for x in r6(rng.normal(10, 2, nh))],
    'num_tokens': [],
    'cat_shift': draw(['red', 'green', 'blue', 'violet'], [0.3, 0.3, 0.2, 0.2], nh),
    'cat_same': draw(['x', 'y'], [0.5, 0.5], nh),
    'mixed': [],
    'only_head': ['a'] * nh,
}
tokens = sorted(NA)
for i in range(nb):
    r = rng.uniform()
    col_base['num_tokens'].append(tokens[i % len(tokens)] if r < 0.1 else (' 2.5' if r < 0.15 else ('+3' if r < 0.2 else ('1e3' if r < 0.22 else ('-inf' if r < 0.23 else fmt(r6(rng.uniform(0, 5))))))))
    col_base['mixed'].append(tokens[i % len(tokens)] if r < 0.05 else ('7' if r < 0.5 else 'seven'))
for i in range(nh):
    r = rng.uniform()
    col_head['num_tokens'].append(tokens[(i * 7) % len(tokens)] if r < 0.2 else (' 2.5' if r < 0.25 else ('inf' if r < 0.26 else fmt(r6(rng.uniform(0.5, 6))))))
    col_head['mixed'].append('7' if r < 0.3 else ('seven' if r < 0.9 else '8'))
col_base['all_missing_head'] = [fmt(x) for x in r6(rng.normal(0, 1, nb))]
col_head['all_missing_head'] = ['NA'] * nh

common = [k for k in col_base if k in col_head]
feats = []
for k in common:
    if k == 'all_missing_head':
        continue
    feats.append(expected_feature(k, col_base[k], col_head[k]))
padj = stats.false_discovery_control(np.array([f['p'] for f in feats]), method='bh')
for f, pa in zip(feats, padj):
    f['metrics']['pAdjusted'] = float(pa)
    m = f['metrics']
    effect = (m['wassersteinNormed'] >= 0.1 or m['psi'] >= 0.1) if f['kind'] == 'numeric' else (m['js'] >= 0.1 or m['psi'] >= 0.1)
    f['drift'] = bool(pa < 0.05 and effect)
    del f['p']
measure = {'base': col_base, 'head': col_head, 'features': feats,
           'emptySide': 'all_missing_head', 'onlyIn': {'base': ['only_base'], 'head': ['only_head']}}

# ---------------------------------------------------------------- Fisher's exact test (2×2), scipy
fisher_tables = [
    [[0, 100], [30, 70]], [[5, 95], [5, 95]], [[3, 1], [1, 3]], [[10, 10], [10, 10]], [[0, 0], [5, 5]],
    [[1, 9], [11, 3]], [[50, 950], [80, 920]], [[0, 400], [400, 0]], [[2, 398], [9, 391]], [[7, 0], [0, 7]],
    [[120, 9880], [150, 9850]], [[1, 0], [0, 1]], [[20, 180], [20, 180]], [[0, 10], [1, 9]], [[300, 200], [200, 300]],
]
for _ in range(15):
    nb = int(rng.integers(5, 3000)); nh = int(rng.integers(5, 3000))
    pb = float(rng.uniform(0, 0.5)); ph = float(np.clip(pb + rng.normal(0, 0.05), 0, 1))
    mb = int(rng.binomial(nb, pb)); mh = int(rng.binomial(nh, ph))
    fisher_tables.append([[mb, nb - mb], [mh, nh - mh]])
fisher = [{'table': t, 'pValue': float(stats.fisher_exact(np.array(t)).pvalue)} for t in fisher_tables]

# ---------------------------------------------------------------- band-limited resampling, scipy.signal.resample_poly
from scipy import signal  # noqa: E402
resample_cases = []
for (sr_in, sr_out, n) in [(48000, 16000, 2400), (44100, 16000, 2205), (22050, 16000, 1103), (8000, 16000, 400), (16000, 16000, 100), (32000, 16000, 1601), (11025, 16000, 552), (96000, 16000, 4801)]:
    t = np.arange(n) / sr_in
    x = 0.5 * np.sin(2 * np.pi * 440 * t) + 0.3 * np.sin(2 * np.pi * 7000 * t) + 0.05 * rng.normal(0, 1, n)
    x = np.round(x, 6)
    g = math.gcd(sr_out, sr_in)
    y = signal.resample_poly(x, sr_out // g, sr_in // g) if sr_in != sr_out else x
    resample_cases.append({'from': sr_in, 'to': sr_out, 'x': x.tolist(), 'y': np.asarray(y).tolist()})

out = {
    'meta': {'generator': 'test/goldens/generate_stats.py', 'python': sys.version.split()[0],
             'numpy': np.__version__, 'scipy': scipy.__version__},
    'quantile': quantile_cases,
    'numeric': numeric,
    'formula': formula_cases,
    'categorical': categorical,
    'multipleTesting': mt,
    'special': sp,
    'pca': pcas,
    'logistic': logistic,
    'auc': auc_cases,
    'cvAuc': cv,
    'mmd': mmd_cases,
    'measureColumns': measure,
    'fisher': fisher,
    'resamplePoly': resample_cases,
}
with open(OUT, 'w') as fh:
    json.dump(out, fh, separators=(',', ':'))
print(f'wrote {OUT} ({os.path.getsize(OUT) / 1e6:.2f} MB)')
