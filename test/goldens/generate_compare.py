"""Golden cases for `transfer-risk compare --sample-size 0` (test/compare.golden.test.ts).

Writes CSV pairs into test/fixtures/tables/golden/ and, beside them, expected.json with the per-feature
metrics computed here from DESIGN.md "Metric definitions", independently of the TypeScript code:

- CSV read with the csv module; a cell is missing when empty or one of pandas' default NA tokens
  (pandas 2.x list, with "None"); a column is numeric when every non-missing cell on both sides is a
  number literal as pandas' C parser reads it (spaces around, sign, digits, point, exponent, inf),
  else categorical with the raw cell texts as categories; numeric metrics use the finite values;
- bins: edges = np.quantile(base, 0.1..0.9) (linear), duplicates removed; bin = #edges strictly below,
  plus one bin for values below base's minimum and one for values above base's maximum;
- PSI/KL with zero proportions replaced by 1e-4; JS = scipy jensenshannon(base=2) on raw proportions;
- KS = scipy.stats.ks_2samp(method='auto'); W1 = scipy.stats.wasserstein_distance,
  normed = W1 / max(std(base, ddof=0), 0.001);
- chi2 = scipy.stats.chi2_contingency(2xK, correction=False); K = 1 -> 0, p 1, dof 0;
- Benjamini-Hochberg over the features' test p-values; drift = p_adj < 0.05 and
  (normed W1 >= 0.1 or PSI >= 0.1) numeric, (JS >= 0.1 or PSI >= 0.1) categorical.

Run: /root/.pyenv/shims/python3 test/goldens/generate_compare.py   (numpy + scipy)
"""
import csv
import json
import math
import os
import re

import numpy as np
from scipy import stats
from scipy.spatial.distance import jensenshannon

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "tables", "golden")

NA = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN", "<NA>", "N/A",
      "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
NUM = re.compile(r"^[ \t]*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity)[ \t]*$", re.IGNORECASE)
EPS = 1e-4


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f) if len(r) > 0]
    header, data = rows[0], rows[1:]
    return {name: [r[j] for r in data] for j, name in enumerate(header)}


def to_float(s):
    t = s.strip(" \t").lower().lstrip("+-")
    if t in ("inf", "infinity"):
        return -math.inf if s.strip(" \t").startswith("-") else math.inf
    return float(s)


def replace_zeros(p):
    return np.where(p == 0, EPS, p)


def binned(b, h):
    b = np.asarray(b, dtype=float)
    h = np.asarray(h, dtype=float)
    pb = replace_zeros(b / b.sum())
    ph = replace_zeros(h / h.sum())
    psi = float(np.sum((ph - pb) * np.log(ph / pb)))
    kl = float(np.sum(pb * np.log(pb / ph)))
    js = float(jensenshannon(b / b.sum(), h / h.sum(), base=2))
    return psi, kl, js


def measure(base, head):
    features = []
    for name, bcol in base.items():
        if name not in head:
            continue
        hcol = head[name]
        bp = [c for c in bcol if c not in NA]
        hp = [c for c in hcol if c not in NA]
        missing = {"base": len(bcol) - len(bp), "head": len(hcol) - len(hp)}
        numeric = all(NUM.match(c) for c in bp) and all(NUM.match(c) for c in hp)
        if len(bp) == 0 or len(hp) == 0:
            # a side with no values: no test, nothing to bin (the convention of src/stats/feature-drift.ts)
            kind = "numeric" if numeric else "categorical"
            features.append({"name": name, "kind": kind, "missing": missing,
                             "metrics": {"psi": 0.0, "kl": 0.0, "js": 0.0}, "p": None})
            continue
        if numeric:
            b = np.array([to_float(c) for c in bp])
            h = np.array([to_float(c) for c in hp])
            b = b[np.isfinite(b)]
            h = h[np.isfinite(h)]
            edges = np.unique(np.quantile(b, np.arange(1, 10) / 10))
            lo, hi = float(np.min(b)), float(np.max(b))

            def bins(v):
                inside = v[(v >= lo) & (v <= hi)]
                q = np.bincount(np.searchsorted(edges, inside, side="left"), minlength=len(edges) + 1)
                return np.concatenate([[np.sum(v < lo)], q, [np.sum(v > hi)]])

            cb = bins(b)
            ch = bins(h)
            psi, kl, js = binned(cb, ch)
            ks = stats.ks_2samp(b, h, method="auto")
            w = float(stats.wasserstein_distance(b, h))
            metrics = {"psi": psi, "kl": kl, "js": js,
                       "ks": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
                       "wasserstein": w, "wassersteinNormed": w / max(float(np.std(b)), 0.001)}
            p = float(ks.pvalue)
            kind = "numeric"
        else:
            cats = sorted(set(bp) | set(hp))
            cb = np.array([bp.count(c) for c in cats], dtype=float)
            ch = np.array([hp.count(c) for c in cats], dtype=float)
            psi, kl, js = binned(cb, ch)
            if len(cats) == 1:
                chi2 = {"statistic": 0.0, "pValue": 1.0, "dof": 0}
            else:
                r = stats.chi2_contingency(np.vstack([cb, ch]), correction=False)
                chi2 = {"statistic": float(r[0]), "pValue": float(r[1]), "dof": int(r[2])}
            metrics = {"psi": psi, "kl": kl, "js": js, "chi2": chi2}
            p = chi2["pValue"]
            kind = "categorical"
        features.append({"name": name, "kind": kind, "missing": missing, "metrics": metrics, "p": p})
    tested = [f for f in features if f["p"] is not None]
    padj = stats.false_discovery_control([f["p"] for f in tested], method="bh")
    for f in features:
        if f["p"] is None:
            f["drift"] = False
            del f["p"]
    for f, pa in zip(tested, padj):
        m = f["metrics"]
        m["pAdjusted"] = float(pa)
        if f["kind"] == "numeric":
            effect = m["wassersteinNormed"] >= 0.1 or m["psi"] >= 0.1
        else:
            effect = m["js"] >= 0.1 or m["psi"] >= 0.1
        f["drift"] = bool(pa < 0.05 and effect)
        del f["p"]
    only = {"base": [n for n in base if n not in head], "head": [n for n in head if n not in base]}
    return {"features": features, "onlyIn": only}


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def fmt(x, style):
    if style == "repr":
        return repr(float(x))
    return f"{x:.4f}"


def case_mixed(rng):
    """small samples (exact KS), missing tokens, quoting, a mixed column, one-sided columns"""
    def side(n, shift, cats, extra):
        rows = []
        for i in range(n):
            x = rng.normal(10 + shift, 2)
            xs = fmt(x, "repr") if i % 3 else fmt(x, "4")
            if rng.random() < 0.05:
                xs = str(rng.choice(["", "NA", "null", "n/a", "NaN"]))
            count = int(rng.poisson(3 + shift))
            count_s = f" {count}" if i % 17 == 0 else str(count)
            cat = str(rng.choice(cats))
            code = str(rng.choice(["1", "1.0", "2", "abc"] if extra else ["1", "2", "2.0"]))
            note = str(rng.choice(['plain', 'with, comma', 'quote "q"', 'line\nbreak']))
            row = [xs, count_s, cat, code, note]
            rows.append(row + ([f"{rng.random():.3f}"] if extra else [str(i)]))
        return rows
    base = side(300, 0.0, ["ring", "dome", "ambient"], True)
    head = side(280, 0.8, ["ring", "dome", "backlight"], False)
    return (["exposure", "count", "lighting", "code", "note", "only_base"], base,
            ["exposure", "count", "lighting", "code", "note", "only_head"], head)


def case_large(rng):
    """large samples (asymptotic KS), lognormal, uniform, heavy ties, a categorical with many levels"""
    def side(n, scale, hi, levels):
        rows = []
        for _ in range(n):
            rows.append([fmt(rng.lognormal(0, scale), "repr"), fmt(rng.uniform(0, hi), "4"),
                         str(int(rng.integers(0, 5))), f"c{int(rng.integers(0, levels))}"])
        return rows
    return (["lognormal", "uniform", "ties", "category"], side(12000, 0.5, 1.0, 30),
            ["lognormal", "uniform", "ties", "category"], side(15000, 0.52, 1.02, 32))


def case_tiny(rng):
    """n < 10, a constant column, a column missing entirely on one side"""
    base = [[fmt(rng.normal(), "4"), "5", "a", "NA"] for _ in range(7)]
    head = [[fmt(rng.normal(1), "4"), "5", str(rng.choice(["a", "b"])), str(rng.integers(0, 3))] for _ in range(6)]
    return (["x", "constant", "cat", "sparse"], base, ["x", "constant", "cat", "sparse"], head)


def case_same(rng):
    """no drift: both sides from the same distributions"""
    def side(n):
        return [[fmt(rng.normal(0, 1), "repr"), str(rng.choice(["a", "b", "c"])), str(int(rng.integers(0, 100)))] for _ in range(n)]
    return (["v", "c", "k"], side(2000), ["v", "c", "k"], side(2100))


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20260427)
    expected = {}
    for name, make in [("mixed", case_mixed), ("large", case_large), ("tiny", case_tiny), ("same", case_same)]:
        bh, brows, hh, hrows = make(rng)
        bpath = os.path.join(OUT, f"{name}-base.csv")
        hpath = os.path.join(OUT, f"{name}-head.csv")
        write_csv(bpath, bh, brows)
        write_csv(hpath, hh, hrows)
        expected[name] = measure(read_csv(bpath), read_csv(hpath))
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print(f"wrote {len(expected)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
