# Wilcoxon signed-rank test (normal approximation with continuity correction, R's
# wilcox.test(..., exact = FALSE, correct = TRUE)):
#  (a) V and p-values for fixed small data sets with ties and zero differences
#      (zeros are dropped, tie-corrected variance n(n+1)(2n+1)/24 - sum(t^3 - t)/48);
#  (b) simulated power: pairs (X, Y) bivariate normal, means (0, 0.5), SDs (1, 1), correlation 0.5,
#      test on d = Y - X ~ N(0.5, 1), alpha 0.05 two-sided, n = 20 and n = 30, 200000 replicates each,
#      set.seed(1) before each n, pairs drawn with mvtnorm::rmvnorm (rows 1..n = replicate 1, etc.);
#  (c) simulated size with means (0, 0) (d ~ N(0, 1)), n = 20, 200000 replicates, set.seed(1).
# The simulation computes V and the p-value vectorized, mirroring stats:::wilcox.test.default
# operation by operation; the first 2000 replicates are checked for exact equality with wilcox.test.
# Monte Carlo SE = sqrt(p (1 - p) / reps).
# Run: cd tests/references && Rscript wilcoxon_signed.R > wilcoxon_signed.R.out   (R 4.2.2, mvtnorm)
library(mvtnorm)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " mvtnorm", as.character(packageVersion("mvtnorm")), "\n\n")

cat("== (a) fixed data sets, wilcox.test(exact = FALSE, correct = TRUE) ==\n")
show <- function(label, ...) {
  t2 <- suppressWarnings(wilcox.test(..., exact = FALSE, correct = TRUE))
  tg <- suppressWarnings(wilcox.test(..., exact = FALSE, correct = TRUE, alternative = "greater"))
  tl <- suppressWarnings(wilcox.test(..., exact = FALSE, correct = TRUE, alternative = "less"))
  cat(label, "\n")
  cat("  V =", f(unname(t2$statistic)), "\n")
  cat("  p two-sided:", f(t2$p.value), "\n")
  cat("  p greater:  ", f(tg$p.value), "\n")
  cat("  p less:     ", f(tl$p.value), "\n")
}
x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
show("Hollander & Wolfe depression data: wilcox.test(x, y, paired = TRUE) (d = x - y, n = 9, no zeros/ties)", x, y, paired = TRUE)
d <- c(1, 2, 2, 3, 0, -1, 4, 4, 4, 5, -2, 6)
show("d = c(1,2,2,3,0,-1,4,4,4,5,-2,6): wilcox.test(d) (one zero dropped -> n = 11; tie groups |d|: 1 x2, 2 x3, 4 x3)", d)
x2 <- c(5, 3, 4, 6, 7, 8, 2, 5, 9, 4)
y2 <- c(5, 1, 4, 3, 7, 4, 3, 2, 6, 6)
show("paired integers x2 = c(5,3,4,6,7,8,2,5,9,4), y2 = c(5,1,4,3,7,4,3,2,6,6): d = 0,2,0,3,0,4,-1,3,3,-2 (3 zeros dropped -> n = 7)", x2, y2, paired = TRUE)

# Vectorized V and two-sided p-value for a reps x n matrix D of differences without zeros/ties.
vec_wilcox <- function(D) {
  R <- nrow(D); n <- ncol(D)
  A <- abs(D)
  o <- order(row(A), A)                 # row-wise ascending |d|
  rk <- matrix(0, R, n); rk[o] <- rep(seq_len(n), R)   # within-row ranks (row-major walk of o)
  V <- rowSums(rk * (D > 0))
  nn <- as.double(n)
  z <- V - nn * (nn + 1) / 4
  SIGMA <- sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - 0 / 48)
  z <- (z - sign(z) * 0.5) / SIGMA
  p <- 2 * pmin(pnorm(z), pnorm(z, lower.tail = FALSE))
  list(V = V, p = p, ties = sum(apply(A, 1, function(r) anyDuplicated(r) > 0)), zeros = sum(D == 0))
}
simulate <- function(n, mu, reps = 200000, alpha = 0.05) {
  set.seed(1)
  S <- matrix(c(1, 0.5, 0.5, 1), 2)
  XY <- rmvnorm(n * reps, mean = mu, sigma = S)
  D <- matrix(XY[, 2] - XY[, 1], nrow = reps, byrow = TRUE)
  r <- vec_wilcox(D)
  # exact-equality check against wilcox.test on the first 2000 replicates
  chk <- 2000; same_p <- 0; same_V <- 0; maxdiff <- 0
  for (i in seq_len(chk)) {
    rows <- ((i - 1) * n + 1):(i * n)
    w <- wilcox.test(XY[rows, 2], XY[rows, 1], paired = TRUE, exact = FALSE, correct = TRUE)
    same_p <- same_p + identical(w$p.value, r$p[i]); same_V <- same_V + identical(unname(w$statistic), r$V[i])
    maxdiff <- max(maxdiff, abs(w$p.value - r$p[i]))
  }
  pw <- mean(r$p <= alpha)
  cat(sprintf("n = %d, means (%g, %g), reps = %d, alpha = %g two-sided\n", n, mu[1], mu[2], reps, alpha))
  cat(sprintf("  check on first %d reps: p-values identical %d/%d, V identical %d/%d, max |diff| %g\n",
              chk, same_p, chk, same_V, chk, maxdiff))
  cat(sprintf("  replicates with tied |d|: %d, zero d: %d\n", r$ties, r$zeros))
  cat("  rejection rate:", f(pw), "  MC SE:", f(sqrt(pw * (1 - pw) / reps)), "\n")
  invisible(pw)
}
cat("\n== (b) simulated power, d ~ N(0.5, 1) ==\n")
simulate(20, c(0, 0.5))
simulate(30, c(0, 0.5))
cat("\n== (c) simulated size, d ~ N(0, 1) ==\n")
simulate(20, c(0, 0))
