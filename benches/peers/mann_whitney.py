"""Times plan's Mann–Whitney simulation against SciPy's vectorized
`mannwhitneyu(axis=1)`, whole process against whole process, alternating
runs: 10^5 studies of 2 × 64 normal observations, shift 0.5 SD, two-sided
asymptotic test with continuity correction (the same test as R's
wilcox.test(exact = FALSE, correct = TRUE)). Not run in CI:

    benches/peers/.venv/bin/python benches/peers/mann_whitney.py [REPEATS]

(compare.sh creates the venv with SciPy and builds plan.)
"""
import os
import platform
import statistics
import subprocess
import sys
import time

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PY = sys.executable

SCIPY = """
import numpy as np, scipy
from scipy import stats
rng = np.random.default_rng(1)
reps, n, chunk = 100_000, 64, 10_000
hits = 0
for start in range(0, reps, chunk):
    k = min(chunk, reps - start)
    a = rng.standard_normal((k, n)) + 0.5
    b = rng.standard_normal((k, n))
    p = stats.mannwhitneyu(a, b, axis=1, method="asymptotic", use_continuity=True).pvalue
    hits += int((p <= 0.05).sum())
print("power", hits / reps, "scipy", scipy.__version__)
"""

RUNS = {
    "SciPy mannwhitneyu(axis=1)": [PY, "-c", SCIPY],
    "plan mann-whitney": ["target/release/plan", "benches/peers/mann_whitney.toml", "--n", "64",
                          "--replicates", "100000", "-q"],
}


def once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


times = {k: [] for k in RUNS}
for _ in range(REPEATS):
    for name, cmd in RUNS.items():
        times[name].append(once(cmd))
med = {k: statistics.median(v) for k, v in times.items()}
print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
      f"{time.strftime('%Y-%m-%d')}; median of {REPEATS} alternating runs, whole process")
for k in RUNS:
    print(f"{k:<28} {med[k]:>8.3f} s (min {min(times[k]):.3f})  SciPy ÷ this {med['SciPy mannwhitneyu(axis=1)'] / med[k]:.1f}x")
print(subprocess.run(RUNS["SciPy mannwhitneyu(axis=1)"], check=True, capture_output=True, text=True).stdout.strip())
import json
out = subprocess.run(RUNS["plan mann-whitney"][:-1] + ["--json", "-"], check=True, capture_output=True, text=True).stdout
print("plan: power", json.loads(out)["comparisons"][0]["power"])
