# Farrington-Manning (FM) score test for the risk difference p_t - p_r, non-inferiority with
# higher = better: H0: p_t - p_r <= -margin vs H1: p_t - p_r > -margin (one-sided), i.e. null
# difference delta0 = -margin. z = (phat_t - phat_r - delta0) / sqrt(pt~(1-pt~)/n_t + pr~(1-pr~)/n_r)
# where (pt~, pr~) is the MLE restricted to pt~ - pr~ = delta0, computed with the closed-form cubic
# solution of Farrington & Manning (1990, Stat Med 9:1447-1454, section 2; same as the
# Miettinen-Nurminen 1985 solution but without their n/(n-1) variance factor).
# Also: rpact sample sizes (getSampleSizeRates, normalApproximation = TRUE) and power
# (getPowerRates), and exact power of the level-0.025 one-sided FM test by full enumeration.
# Run: cd tests/references && Rscript farrington_manning.R > farrington_manning.R.out
#      (R 4.2.2, rpact 3.3.4 from Debian package r-cran-rpact)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, "\n\n")

# FM restricted MLE, group 1 = treatment, group 2 = reference, delta = p1 - p2 under H0.
# theta = n2/n1; a = 1 + theta; b = -(1 + theta + p1 + theta p2 + delta (theta + 2));
# c = delta^2 + delta (2 p1 + theta + 1) + p1 + theta p2; d = -p1 delta (1 + delta);
# v = b^3/(3a)^3 - b c/(6 a^2) + d/(2a); u = sign(v) sqrt(b^2/(3a)^2 - c/(3a));
# w = (pi + acos(v/u^3))/3; p1~ = 2 u cos(w) - b/(3a); p2~ = p1~ - delta.  (vectorized)
fm_restricted <- function(x1, n1, x2, n2, delta) {
  p1 <- x1 / n1; p2 <- x2 / n2; theta <- n2 / n1
  a <- 1 + theta
  b <- -(1 + theta + p1 + theta * p2 + delta * (theta + 2))
  c <- delta^2 + delta * (2 * p1 + theta + 1) + p1 + theta * p2
  d <- -p1 * delta * (1 + delta)
  v <- b^3 / (3 * a)^3 - b * c / (6 * a^2) + d / (2 * a)
  s <- ifelse(v == 0, 1, sign(v))
  u <- s * sqrt(pmax(b^2 / (3 * a)^2 - c / (3 * a), 0))
  w <- ifelse(v == 0, pi / 2, (pi + acos(pmin(pmax(v / u^3, -1), 1))) / 3)
  r1 <- pmin(pmax(2 * u * cos(w) - b / (3 * a), 0), 1)
  r2 <- pmin(pmax(r1 - delta, 0), 1)
  list(p1 = r1, p2 = r2)
}
fm_z <- function(x1, n1, x2, n2, delta) {
  r <- fm_restricted(x1, n1, x2, n2, delta)
  (x1 / n1 - x2 / n2 - delta) / sqrt(r$p1 * (1 - r$p1) / n1 + r$p2 * (1 - r$p2) / n2)
}
# Independent check: numeric maximisation of the restricted binomial log-likelihood.
fm_restricted_numeric <- function(x1, n1, x2, n2, delta) {
  ll <- function(q1) { q2 <- q1 - delta
    dbinom(x1, n1, q1, log = TRUE) + dbinom(x2, n2, q2, log = TRUE) }
  lo <- max(0, delta); hi <- min(1, 1 + delta)
  o <- optimize(ll, c(lo, hi), maximum = TRUE, tol = 1e-13)
  # compare with the endpoints (the maximum may be on the boundary)
  cand <- c(lo, o$maximum, hi); q1 <- cand[which.max(sapply(cand, ll))]
  c(q1, q1 - delta)
}

cat("== FM z statistics (null difference delta0 = -margin) ==\n")
tabs <- list(c(40, 50, 42, 50, 0.1), c(30, 50, 35, 50, 0.15), c(70, 100, 72, 100, 0.10), c(18, 20, 20, 20, 0.2))
for (tb in tabs) {
  x1 <- tb[1]; n1 <- tb[2]; x2 <- tb[3]; n2 <- tb[4]; m <- tb[5]
  r <- fm_restricted(x1, n1, x2, n2, -m); z <- fm_z(x1, n1, x2, n2, -m)
  num <- fm_restricted_numeric(x1, n1, x2, n2, -m)
  cat(sprintf("x_t=%g n_t=%g x_r=%g n_r=%g margin=%g\n", x1, n1, x2, n2, m))
  cat("  restricted MLE p_t~, p_r~:       ", f(r$p1), f(r$p2), "\n")
  cat("  numeric-optimize restricted MLE: ", f(num[1]), f(num[2]), "\n")
  cat("  z:                               ", f(z), "\n")
  cat("  one-sided p = 1 - pnorm(z):      ", f(pnorm(z, lower.tail = FALSE)), "\n")
}

# Check closed form against the numeric MLE over every table with n_t = 20, n_r = 25, margin 0.1
g <- expand.grid(x1 = 0:20, x2 = 0:25)
cf <- fm_restricted(g$x1, 20, g$x2, 25, -0.1)
nm <- t(mapply(function(a, b) fm_restricted_numeric(a, 20, b, 25, -0.1), g$x1, g$x2))
cat("\nmax |closed-form - numeric| restricted p_t~ over all 21x26 tables (n_t=20, n_r=25, margin 0.1):",
    format(max(abs(cf$p1 - nm[, 1])), digits = 3), "\n")

suppressPackageStartupMessages(ok <- requireNamespace("rpact", quietly = TRUE))
if (!ok) { cat("rpact not installed: rpact part skipped\n"); quit(save = "no") }
library(rpact)
cat("rpact version:", as.character(packageVersion("rpact")), "\n")

cat("\n== Cross-check with rpact ==\n")
for (tb in tabs) {
  x1 <- tb[1]; n1 <- tb[2]; x2 <- tb[3]; n2 <- tb[4]; m <- tb[5]
  ml <- rpact:::.getFarringtonManningValues(rate1 = x1 / n1, rate2 = x2 / n2, theta = -m, allocation = n1 / n2, method = "diff")
  cat(sprintf("x_t=%g n_t=%g x_r=%g n_r=%g margin=%g: rpact:::.getFarringtonManningValues ml1, ml2 = %s %s\n",
              x1, n1, x2, n2, m, f(ml$ml1), f(ml$ml2)))
}
design1 <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
for (tb in tabs[1:2]) {
  sr <- suppressMessages(getStageResults(design1, getDataset(n1 = tb[2], n2 = tb[4], events1 = tb[1], events2 = tb[3]),
                        thetaH0 = -tb[5], normalApproximation = TRUE, directionUpper = TRUE))
  cat(sprintf("rpact getStageResults(x_t=%g n_t=%g x_r=%g n_r=%g, thetaH0=%g): testStatistic = %s, pValue = %s\n",
              tb[1], tb[2], tb[3], tb[4], -tb[5], f(sr$testStatistics[1]), f(sr$pValues[1])))
}

cat("\n== rpact getSampleSizeRates(alpha=0.025, sided=1, beta=0.2, normalApproximation=TRUE) ==\n")
ss_cases <- list(c(0.7, 0.7, -0.1), c(0.75, 0.7, -0.1), c(0.5, 0.5, -0.15))
nround <- numeric(0)
for (cs in ss_cases) {
  s <- getSampleSizeRates(pi1 = cs[1], pi2 = cs[2], thetaH0 = cs[3], alpha = 0.025, sided = 1, beta = 0.2, normalApproximation = TRUE)
  # same formula by hand: n1 = (z_a sqrt(var0) + z_b sqrt(var1))^2 / (pi1 - pi2 - thetaH0)^2, var at H0 = FM restricted values
  r <- fm_restricted(cs[1], 1, cs[2], 1, cs[3])
  nh <- (qnorm(0.975) * sqrt(r$p1 * (1 - r$p1) + r$p2 * (1 - r$p2)) + qnorm(0.8) * sqrt(cs[1] * (1 - cs[1]) + cs[2] * (1 - cs[2])))^2 /
        (cs[1] - cs[2] - cs[3])^2
  cat(sprintf("pi1=%g pi2=%g thetaH0=%g\n", cs[1], cs[2], cs[3]))
  cat("  nFixed1, nFixed2 (per group, unrounded):", f(s$nFixed1), f(s$nFixed2), "\n")
  cat("  nFixed (total, unrounded):              ", f(s$nFixed), "\n")
  cat("  per group rounded up:                   ", ceiling(s$nFixed1), "\n")
  cat("  hand formula per group (FM H0 variance):", f(nh), "\n")
  nround <- c(nround, ceiling(s$nFixed1))
}

cat("\n== rpact getPowerRates(alpha=0.025, sided=1, maxNumberOfSubjects = 2 n) at rounded-up n ==\n")
for (i in seq_along(ss_cases)) {
  cs <- ss_cases[[i]]; n <- nround[i]
  p <- getPowerRates(pi1 = cs[1], pi2 = cs[2], thetaH0 = cs[3], alpha = 0.025, sided = 1, maxNumberOfSubjects = 2 * n)
  cat(sprintf("pi1=%g pi2=%g thetaH0=%g n per group=%d (total %d): power = %s\n", cs[1], cs[2], cs[3], n, 2 * n, f(p$overallReject)))
}

cat("\n== Exact power of the one-sided FM test (reject when z >= qnorm(0.975)) by full enumeration ==\n")
exact_power <- function(n, p1, p2, delta) {
  x <- 0:n
  z <- outer(x, x, function(a, b) fm_z(a, n, b, n, delta))
  w <- outer(dbinom(x, n, p1), dbinom(x, n, p2))
  sum(w[z >= qnorm(0.975)])
}
n <- nround[1]
cat(sprintf("pi1=pi2=0.7, margin 0.1, n = %d per group: exact power = %s\n", n, f(exact_power(n, 0.7, 0.7, -0.1))))
cat(sprintf("(extra) exact size at the H0 boundary pi1=0.6, pi2=0.7, n = %d per group: %s\n", n, f(exact_power(n, 0.6, 0.7, -0.1))))

# Exact power (enumeration) where plan enumerates too (at most ~200 per
# group), for the other two rpact cases at rpact's rounded-up n, and
# getPowerRates (normal approximation) at those n for comparison.
cat("\nExact power of the one-sided level-0.025 FM test, other cases:\n")
for (cs in list(c(0.75, 0.7, 0.1, 140), c(0.5, 0.5, 0.15, 172))) {
  n <- cs[4]
  pw <- getPowerRates(pi1 = cs[1], pi2 = cs[2], thetaH0 = -cs[3], alpha = 0.025, sided = 1,
                      maxNumberOfSubjects = 2 * n)$overallReject
  cat(sprintf("pi1=%g pi2=%g margin %g n=%d: exact %s, getPowerRates %s\n", cs[1], cs[2], cs[3], n,
              f(exact_power(n, cs[1], cs[2], -cs[3])), f(pw)))
}
