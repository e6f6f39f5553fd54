"""Writes examples/tables/base.csv and head.csv: per-image camera metadata of a parts-inspection
dataset before and after a camera swap (seeded; run with numpy: python3 generate.py).

base: 400 images from the reference camera (Basler acA2440, 2448x2048, studio lighting).
head: 360 images, two thirds from a new camera (FLIR BFS-U3, 1920x1200, shorter exposure, higher ISO),
a few rows with a missing exposure, a new lighting category.
"""
import csv
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["camera_model", "exposure_ms", "iso", "width", "height", "focal_length_mm", "mean_brightness", "lighting"]


def rows(rng, n, new_camera_share, start):
    out = []
    for i in range(n):
        new = rng.random() < new_camera_share
        if new:
            model, w, h = "FLIR BFS-U3-23S3C", 1920, 1200
            exposure = rng.lognormal(np.log(4.0), 0.35)
            iso = int(rng.choice([400, 800, 1600], p=[0.3, 0.5, 0.2]))
            brightness = rng.normal(0.41, 0.08)
            lighting = str(rng.choice(["ring", "dome", "ambient"], p=[0.5, 0.2, 0.3]))
        else:
            model, w, h = "Basler acA2440-20gc", 2448, 2048
            exposure = rng.lognormal(np.log(12.0), 0.25)
            iso = int(rng.choice([100, 200, 400], p=[0.6, 0.3, 0.1]))
            brightness = rng.normal(0.52, 0.06)
            lighting = str(rng.choice(["ring", "dome"], p=[0.7, 0.3]))
        focal = float(rng.choice([16.0, 25.0], p=[0.4, 0.6]))
        exp_cell = "" if new and rng.random() < 0.04 else f"{exposure:.2f}"
        out.append([model, exp_cell, iso, w, h, focal, f"{min(max(brightness, 0), 1):.3f}", lighting])
    return out


def write(name, data):
    with open(os.path.join(HERE, name), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(FIELDS)
        wr.writerows(data)


if __name__ == "__main__":
    rng = np.random.default_rng(20260101)
    write("base.csv", rows(rng, 400, 0.0, 0))
    write("head.csv", rows(rng, 360, 0.67, 400))
