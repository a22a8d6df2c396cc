"""Times plan's raw-data models against their peers, whole process against
whole process, runs alternating, all in one run (not run in CI):

    bash benches/peers/compare.sh   # once: creates the venv with SciPy
    benches/peers/.venv/bin/python benches/peers/models.py [REPEATS [PAIR ...]]

PAIR is any of mann-whitney, negative-binomial, logrank, mixed (default: all).

- Mann-Whitney: SciPy's vectorized mannwhitneyu(axis=1) on 10^5 studies of
  2 x 64 normal observations (shift 0.5 SD), against plan on
  benches/peers/mann_whitney.toml with the same 10^5 studies;

- negative binomial: MASS::glm.nb(y ~ arm) and its Wald p-value, in a loop
  over 1,000 simulated studies of 2 x 30 (rates 4 and 6, size k = 2), against
  plan on benches/peers/negative_binomial.toml with 100,000 studies; the
  ratio is per simulated study (R's 1,000 fits take seconds);
- log-rank: rpact::getSimulationSurvival, 10,000 iterations of 200 patients
  (uniform accrual over 12 months, medians 12 and 18, 10% lost within a
  year; rpact analyses at a planned 107 events, the events plan's fixed
  follow-up of 12 months expects), against plan on
  benches/peers/logrank.toml with 10,000 studies at 100 per arm;
- random-intercept model: lme4::lmer(y ~ arm + (1 | cluster)) and the t test
  of the arm on C - k degrees of freedom, in a loop over 1,000 studies of
  2 x 8 clusters of 5 (ICC 0.1, difference 0.5 SD), against plan on
  benches/peers/mixed.toml with 100,000 studies; the ratio is per study.

Needs Rscript with MASS, rpact and lme4 (apt-get install r-base-core
r-cran-rpact r-cran-lme4),
and a release build of plan (cargo build --release).
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
NB_R_STUDIES, NB_PLAN_STUDIES = 1_000, 100_000

GLM_NB = f"""
suppressMessages(library(MASS))
set.seed(1)
reps <- {NB_R_STUDIES}; n <- 30; g <- factor(rep(c("control", "treated"), each = n))
hits <- 0
for (i in 1:reps) {{
  y <- c(rnbinom(n, size = 2, mu = 4), rnbinom(n, size = 2, mu = 6))
  p <- tryCatch(summary(suppressWarnings(glm.nb(y ~ g)))$coefficients[2, 4], error = function(e) 1)
  if (p <= 0.05) hits <- hits + 1
}}
cat("power", hits / reps, "MASS", as.character(packageVersion("MASS")), "\\n")
"""

LMER_R_STUDIES, LMER_PLAN_STUDIES = 1_000, 100_000

LMER = f"""
suppressMessages(library(lme4))
set.seed(1)
reps <- {LMER_R_STUDIES}; n <- 8; m <- 5; icc <- 0.1
arm <- factor(rep(c("control", "treated"), each = n * m)); cluster <- factor(rep(1:(2 * n), each = m))
hits <- 0
for (i in 1:reps) {{
  b <- rnorm(2 * n, 0, sqrt(icc))[as.integer(cluster)]
  y <- 0.5 * (arm == "treated") + b + rnorm(2 * n * m, 0, sqrt(1 - icc))
  fit <- suppressMessages(lmer(y ~ arm + (1 | cluster)))
  t <- coef(summary(fit))[2, 3]
  if (2 * pt(-abs(t), 2 * n - 2) <= 0.05) hits <- hits + 1
}}
cat("power", hits / reps, "lme4", as.character(packageVersion("lme4")), "\\n")
"""

RPACT = """
suppressMessages(library(rpact))
s <- getSimulationSurvival(design = getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1),
  directionUpper = FALSE, lambda1 = log(2) / 18, lambda2 = log(2) / 12, accrualTime = c(0, 12),
  plannedEvents = 107, maxNumberOfSubjects = 200, dropoutRate1 = 0.1, dropoutRate2 = 0.1,
  dropoutTime = 12, maxNumberOfIterations = 10000, seed = 1)
cat("power", s$overallReject, "rpact", as.character(packageVersion("rpact")), "\\n")
"""

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

PLAN = "target/release/plan"
# Each pair: (peer, plan, what the ratio is).
PAIRS = {
    "mann-whitney": (("SciPy mannwhitneyu(axis=1)", [sys.executable, "-c", SCIPY], 100_000),
                     ("plan mann-whitney", [PLAN, "benches/peers/mann_whitney.toml", "--n", "64", "--replicates",
                                            "100000", "-q"], 100_000),
                     "Mann-Whitney: SciPy / plan (same 10^5 studies)"),
    "negative-binomial": (("R MASS::glm.nb loop", ["Rscript", "-e", GLM_NB], NB_R_STUDIES),
                          ("plan negative-binomial wald", [PLAN, "benches/peers/negative_binomial.toml", "--n", "30",
                                                           "--replicates", str(NB_PLAN_STUDIES), "-q"],
                           NB_PLAN_STUDIES),
                          "negative binomial: glm.nb / plan per study"),
    "logrank": (("rpact getSimulationSurvival", ["Rscript", "-e", RPACT], 10_000),
                ("plan logrank", [PLAN, "benches/peers/logrank.toml", "--n", "100", "--replicates", "10000", "-q"],
                 10_000),
                "log-rank: rpact / plan (same 10,000 studies)"),
    "mixed": (("R lme4::lmer loop", ["Rscript", "-e", LMER], LMER_R_STUDIES),
              ("plan mixed", [PLAN, "benches/peers/mixed.toml", "--n", "8", "--replicates", str(LMER_PLAN_STUDIES),
                              "-q"], LMER_PLAN_STUDIES),
              "random-intercept model: lmer / plan per study"),
}
# `models.py REPEATS mixed logrank` runs only those pairs.
chosen = [k for k in PAIRS if len(sys.argv) <= 2 or k in sys.argv[2:]]
RUNS = {}
for k in chosen:
    for name, cmd, studies in PAIRS[k][:2]:
        RUNS[name] = (cmd, studies)


def once(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


times = {k: [] for k in RUNS}
for _ in range(REPEATS):
    for name, (cmd, _) in RUNS.items():
        times[name].append(once(cmd))
med = {k: statistics.median(v) for k, v in times.items()}
per = {k: med[k] / RUNS[k][1] for k in RUNS}
print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
      f"{time.strftime('%Y-%m-%d')}; median of {REPEATS} alternating runs, whole process")
for k in RUNS:
    print(f"{k:<30} {med[k]:>8.3f} s (min {min(times[k]):.3f}) for {RUNS[k][1]:>7,} studies: "
          f"{1e6 * per[k]:9.2f} us per study")
for k in chosen:
    (peer, _, _), (mine, _, _), what = PAIRS[k]
    print(f"{what} = {per[peer] / per[mine]:.1f}x")
for k in chosen:
    print(subprocess.run(PAIRS[k][0][1], check=True, capture_output=True, text=True).stdout.strip())
    cmd = PAIRS[k][1][1]
    out = subprocess.run(cmd[:-1] + ["--json", "-"], check=True, capture_output=True, text=True).stdout
    c = json.loads(out)["comparisons"][0]
    print(f"{PAIRS[k][1][0]}: power {c['power']:.4f} ± {c['mc_se']:.4f}")
