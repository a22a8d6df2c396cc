"""Times plan against MCPower and a NumPy/SciPy baseline, alternating runs.

Each measurement is a whole process started from scratch (interpreter or
binary start-up, imports, simulation, exit), so the ratios are what a user
waits for. Called by compare.sh, which prepares the venv and the build.
"""
import os
import tempfile
import platform
import statistics
import subprocess
import sys
import time

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
PY = sys.executable
PLAN = "target/release/plan"

MCPOWER = """
from mcpower import MCPower
m = MCPower("y = group")
m.set_variable_type("group=(factor,2)")
m.set_effects("group[2]=0.5")
m.set_simulations(1_000_000)
r = m.find_power(sample_size=128, verbose=False, progress_callback=False)
print("power", r["power_uncorrected"])
"""

NUMPY = """
import numpy as np
from scipy import stats
rng = np.random.default_rng(1)
reps, n, d, chunk = 1_000_000, 64, 0.5, 20_000
hits = 0
for start in range(0, reps, chunk):
    k = min(chunk, reps - start)
    a = rng.standard_normal((k, n))
    b = rng.standard_normal((k, n)) + d
    ma, mb = a.mean(1), b.mean(1)
    va, vb = a.var(1, ddof=1) / n, b.var(1, ddof=1) / n
    t = (mb - ma) / np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (n - 1))
    p = 2 * stats.t.sf(np.abs(t), df)
    hits += int((p <= 0.05).sum())
print("power", hits / reps)
"""

# The hair scenario without its priors: the fast path an older build can
# also run (priors came with assurance), so the two builds do the same work.
HAIR_PLAIN = os.path.join(tempfile.mkdtemp(), "hair.toml")
with open("scenarios/hair.toml") as src, open(HAIR_PLAIN, "w") as dst:
    dst.writelines(line for line in src if not line.startswith("prior ="))

PLAN_RUNS = {
    "plan (summary path)": ["benches/peers/two_group.toml", "--n", "64", "--replicates", "1000000", "-q"],
    "plan --raw-data": ["benches/peers/two_group.toml", "--n", "64", "--replicates", "1000000", "-q", "--raw-data"],
    "plan hair.toml search (no priors)": [HAIR_PLAIN, "-q"],
}
RUNS = {
    "MCPower 1.4.1": [PY, "-c", MCPOWER],
    "NumPy/SciPy Welch": [PY, "-c", NUMPY],
    **{k: [PLAN] + v for k, v in PLAN_RUNS.items()},
    "plan binary search": [PLAN, "scenarios/wound-healing.toml", "-q"],
    "plan paired search": [PLAN, "scenarios/hair-prepost.toml", "-q"],
    "plan hair.toml with priors (assurance)": [PLAN, "scenarios/hair.toml", "-q"],
}
# PLAN_PREVIOUS=/path/to/an/older/plan: the same plan runs with that build,
# alternating with this one, to measure a change's cost on the fast path.
PREVIOUS = os.environ.get("PLAN_PREVIOUS")
if PREVIOUS:
    RUNS.update({f"previous: {k}": [PREVIOUS] + v for k, v in PLAN_RUNS.items()})


def once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main():
    times = {k: [] for k in RUNS}
    for _ in range(REPEATS):
        for name, cmd in RUNS.items():  # alternate: one of each per round
            times[name].append(once(cmd))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"{time.strftime('%Y-%m-%d')}; median of {REPEATS} alternating runs, whole process")
    print(f"{'run':<24} {'median s':>9} {'min s':>8}  vs MCPower  vs NumPy")
    for k in RUNS:
        print(f"{k:<24} {med[k]:>9.3f} {min(times[k]):>8.3f}  "
              f"{med['MCPower 1.4.1'] / med[k]:>8.1f}x  {med['NumPy/SciPy Welch'] / med[k]:>6.1f}x")
    if PREVIOUS:
        print(f"this build against {PREVIOUS} (median time ratio, < 1 is faster):")
        for k in PLAN_RUNS:
            print(f"  {k:<24} {med[k] / med['previous: ' + k]:.3f}")
    for name in ("MCPower 1.4.1", "NumPy/SciPy Welch"):
        out = subprocess.run(RUNS[name], check=True, capture_output=True, text=True).stdout.strip()
        print(f"{name}: {out.splitlines()[-1]}")
    out = subprocess.run(RUNS["plan (summary path)"][:-1] + ["--json", "-"], check=True, capture_output=True, text=True).stdout
    import json
    print("plan: power", json.loads(out)["comparisons"][0]["power"])


main()
