#!/usr/bin/env python3
"""Golden vectors for src/transfer (LogME, shrinkage H-score, LEEP, NCE, kNN probe).

Reference implementations written from the papers' formulas with numpy only:
- LogME: You et al. 2021 (ICML), evidence maximisation per one-hot class target; the fixed-point
  alpha/beta iteration of You et al., "Ranking and Tuning Pre-trained Models" (arXiv 2110.10545),
  as in the authors' reference numpy code (alpha = beta = 1, at most 11 steps, stop when the ratio
  alpha/beta changes by <= 1e-3, epsilon 1e-5). log|A| runs over all D eigenvalues of F^T F
  (zero eigenvalues contribute log alpha), as in the paper's evidence.
- Shrinkage H-score: Ibrahim et al. 2022, tr(cov_alpha(f)^-1 (1 - alpha) cov(E[f|y])) with the
  Ledoit-Wolf estimate (empirical covariance 1/n, target mu*I, sklearn's shrinkage formula);
  cov(E[f|y]) with ddof 1 as np.cov.
- LEEP: Nguyen et al. 2020. NCE: Tran et al. 2019 (negative conditional entropy H(Y|Z), natural log).
- kNN probe: k = 5, cosine similarity, stratified folds (the j-th item of class c, in input order,
  goes to fold (j + offset_c) mod K where offset_c is the number of items of earlier classes),
  majority vote with ties broken by the nearest tied neighbour; neighbour ties by lower index.

Run: /root/.pyenv/shims/python3 test/goldens/generate_transfer.py > test/goldens/transfer.json
"""
import json
import math
import sys

import numpy as np


def logme_class(f, y):
    n, d = f.shape
    u, sv, vh = np.linalg.svd(f, full_matrices=False)
    s = sv ** 2
    keep = sv > 1e-10 * max(1.0, sv.max())
    s = s[keep]
    u = u[:, keep]
    k = s.shape[0]
    x = u.T @ y
    x2 = x ** 2
    res_x2 = (y ** 2).sum() - x2.sum()
    alpha, beta = 1.0, 1.0

    def ev(alpha, beta, m2, res2):
        return (d / 2.0 * math.log(alpha) + n / 2.0 * math.log(beta)
                - 0.5 * (np.sum(np.log(alpha + beta * s)) + (d - k) * math.log(alpha))
                - beta / 2.0 * res2 - alpha / 2.0 * m2 - n / 2.0 * math.log(2 * math.pi)) / n

    for _ in range(11):
        t = alpha / beta
        gamma = (s / (s + t)).sum()
        m2 = (s * x2 / ((t + s) ** 2)).sum()
        res2 = (x2 / ((1 + s / t) ** 2)).sum() + res_x2
        alpha = gamma / (m2 + 1e-5)
        beta = (n - gamma) / (res2 + 1e-5)
        t_ = alpha / beta
        if abs(t_ - t) / t <= 1e-3:
            break
    return ev(alpha, beta, m2, res2)


def logme(f, codes):
    f = np.asarray(f, dtype=np.float64)
    classes = sorted(set(codes.tolist()))
    return float(np.mean([logme_class(f, (codes == c).astype(np.float64)) for c in classes]))


def logme_thuml_style(f, codes):
    """The authors' truncated form (valid when N > D and F has full column rank): log|A| over k values."""
    n, d = f.shape
    u, sv, vh = np.linalg.svd(f, full_matrices=False)
    s = sv ** 2
    out = []
    for c in sorted(set(codes.tolist())):
        y = (codes == c).astype(np.float64).reshape(-1, 1)
        x = u.T @ y
        x2 = x ** 2
        res_x2 = (y ** 2).sum() - x2.sum()
        alpha, beta = 1.0, 1.0
        for _ in range(11):
            t = alpha / beta
            gamma = (s / (s + t)).sum()
            m2 = (s * x2.ravel() / ((t + s) ** 2)).sum()
            res2 = (x2.ravel() / ((1 + s / t) ** 2)).sum() + res_x2
            alpha = gamma / (m2 + 1e-5)
            beta = (n - gamma) / (res2 + 1e-5)
            t_ = alpha / beta
            if abs(t_ - t) / t <= 1e-3:
                break
        e = (d / 2.0 * np.log(alpha) + n / 2.0 * np.log(beta) - 0.5 * np.sum(np.log(alpha + beta * s))
             - beta / 2.0 * res2 - alpha / 2.0 * m2 - n / 2.0 * np.log(2 * np.pi)) / n
        out.append(e)
    return float(np.mean(out))


def ledoit_wolf(x):
    n, d = x.shape
    xc = x - x.mean(0)
    emp = xc.T @ xc / n
    if d == 1:
        return emp, 0.0
    x2 = xc ** 2
    emp_cov_trace = x2.sum(0) / n
    mu = emp_cov_trace.sum() / d
    beta_ = (x2.T @ x2).sum()
    delta_ = ((xc.T @ xc) ** 2).sum() / n ** 2
    beta_ = 1.0 / (d * n) * (beta_ / n - delta_)
    delta_ = delta_ - 2.0 * mu * emp_cov_trace.sum() + d * mu ** 2
    delta_ /= d
    beta_ = min(beta_, delta_)
    shrink = 0.0 if beta_ == 0 else beta_ / delta_
    mu_full = np.trace(emp) / d
    cov = (1 - shrink) * emp + shrink * mu_full * np.eye(d)
    return cov, shrink


def hscore_shrinkage(f, codes):
    f = np.asarray(f, dtype=np.float64)
    f = f - f.mean(0, keepdims=True)
    cov_a, alpha = ledoit_wolf(f)
    g = np.zeros_like(f)
    for c in set(codes.tolist()):
        g[codes == c] = f[codes == c].mean(0)
    covg = np.cov(g, rowvar=False).reshape(f.shape[1], f.shape[1])
    return float(np.trace(np.linalg.pinv(cov_a, rcond=1e-15) @ ((1 - alpha) * covg))), float(alpha)


def leep(probs, codes):
    probs = np.asarray(probs, dtype=np.float64)
    n, z = probs.shape
    classes = sorted(set(codes.tolist()))
    joint = np.zeros((len(classes), z))
    for i, c in enumerate(classes):
        joint[i] = probs[codes == c].sum(0) / n
    pz = joint.sum(0)
    cond = np.divide(joint, pz, out=np.zeros_like(joint), where=pz > 0)
    idx = np.array([classes.index(c) for c in codes])
    eep = (probs * cond[idx]).sum(1)
    return float(np.mean(np.log(eep)))


def nce(probs, codes):
    probs = np.asarray(probs, dtype=np.float64)
    z = probs.argmax(1)
    n = len(codes)
    total = 0.0
    for zz in set(z.tolist()):
        mask = z == zz
        pz = mask.sum() / n
        for c in set(codes[mask].tolist()):
            pyz = (mask & (codes == c)).sum() / n
            total += pyz * math.log(pyz / pz)
    return float(total)


def knn_probe(f, codes, k=5, folds=5):
    f = np.asarray(f, dtype=np.float64)
    n = f.shape[0]
    norms = np.linalg.norm(f, axis=1)
    fn = f / np.where(norms > 0, norms, 1.0)[:, None]
    sim = fn @ fn.T
    classes = sorted(set(codes.tolist()))
    fold = np.zeros(n, dtype=int)
    offset = 0
    for c in classes:
        members = np.where(codes == c)[0]
        for j, i in enumerate(members):
            fold[i] = (j + offset) % folds
        offset += len(members)
    correct = 0
    for i in range(n):
        cand = [j for j in range(n) if fold[j] != fold[i]]
        cand.sort(key=lambda j: (-sim[i, j], j))
        nb = cand[:k]
        votes = {}
        for j in nb:
            votes[codes[j]] = votes.get(codes[j], 0) + 1
        best = max(votes.values())
        tied = {c for c, v in votes.items() if v == best}
        pred = next(codes[j] for j in nb if codes[j] in tied)
        correct += int(pred == codes[i])
    counts = np.bincount(codes)
    return correct / n, counts.max() / n


def main():
    rng = np.random.default_rng(20260127)
    cases = []

    def add(name, f, codes, probs=None, knn=True):
        f = np.asarray(f, dtype=np.float64)
        codes = np.asarray(codes, dtype=np.int64)
        case = {"name": name, "rows": int(f.shape[0]), "cols": int(f.shape[1]),
                "features": f.ravel().tolist(), "labels": codes.tolist(),
                "logme": logme(f, codes)}
        h, a = hscore_shrinkage(f, codes)
        case["hscore"] = h
        case["shrinkage"] = a
        if knn and f.shape[0] > 5:
            acc, chance = knn_probe(f, codes)
            case["knn"] = {"accuracy": acc, "chance": chance}
        if probs is not None:
            probs = np.asarray(probs, dtype=np.float64)
            case["probs"] = probs.ravel().tolist()
            case["probCols"] = int(probs.shape[1])
            case["leep"] = leep(probs, codes)
            case["nce"] = nce(probs, codes)
        cases.append(case)

    # 1. separable gaussian classes, N > D
    n, d, c = 90, 6, 3
    codes = np.repeat(np.arange(c), n // c)
    means = rng.normal(0, 2, size=(c, d))
    f = means[codes] + rng.normal(0, 1, size=(n, d))
    logits = f[:, :4] @ rng.normal(0, 1, size=(4, 5))
    probs = np.exp(logits - logits.max(1, keepdims=True)); probs /= probs.sum(1, keepdims=True)
    add("separable-n90-d6-c3", f, codes, probs)
    # the authors' truncated form agrees when N > D and rank is full
    assert abs(logme_thuml_style(f, codes) - cases[-1]["logme"]) <= 1e-12 * abs(cases[-1]["logme"]), "thuml mismatch"

    # 2. pure noise labels, N > D, unbalanced classes
    n, d = 70, 5
    f = rng.normal(0, 1, size=(n, d))
    codes = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
    probs = rng.dirichlet(np.ones(4), size=n)
    add("noise-n70-d5-unbalanced", f, codes, probs)
    assert abs(logme_thuml_style(f, codes) - cases[-1]["logme"]) <= 1e-12 * abs(cases[-1]["logme"]), "thuml mismatch"

    # 3. N < D (embedding-like: more dims than items)
    n, d, c = 24, 40, 2
    codes = np.array([0] * 14 + [1] * 10)
    rng.shuffle(codes)
    f = rng.normal(0, 1, size=(n, d)) + 0.8 * codes[:, None] * rng.normal(0, 1, size=(1, d))
    add("wide-n24-d40-c2", np.maximum(f, 0), codes)

    # 4. nonnegative ReLU-like features, 4 classes, offset and scale
    n, d, c = 60, 12, 4
    codes = np.tile(np.arange(c), n // c)
    f = np.maximum(0, rng.normal(0.3, 1, size=(n, d)) + 0.6 * np.eye(c, d)[codes] * 3) * 5 + 1
    probs = rng.dirichlet(np.ones(6) * 0.3, size=n)
    add("relu-n60-d12-c4", f, codes, probs)

    # 5. one dimension
    n = 30
    codes = np.array([0] * 15 + [1] * 15)
    f = (codes * 1.5 + rng.normal(0, 1, size=n)).reshape(-1, 1)
    add("one-dim-n30", f, codes)

    # 6. tiny LEEP/NCE case with hand-checkable numbers
    probs = np.array([[0.9, 0.1], [0.8, 0.2], [0.3, 0.7], [0.2, 0.8]])
    codes = np.array([0, 0, 1, 1])
    f = np.array([[1.0, 0.0], [0.9, 0.1], [0.1, 1.0], [0.0, 0.8]])
    add("tiny-n4", f, codes, probs, knn=False)

    json.dump({"generator": "test/goldens/generate_transfer.py", "numpy": np.__version__, "cases": cases},
              sys.stdout, indent=None)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
