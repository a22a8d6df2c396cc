# Mann-Whitney / Wilcoxon rank-sum test (two independent samples), normal approximation with
# continuity correction and tie-corrected variance, i.e. R's wilcox.test(x, y, exact = FALSE, correct = TRUE):
#   W = sum(ranks of x in c(x, y)) - m(m+1)/2,  z = W - m n / 2,
#   SIGMA = sqrt((m n / 12) * ((m + n + 1) - sum(t^3 - t) / ((m + n)(m + n - 1)))),
#   z = (z - CORRECTION) / SIGMA, CORRECTION = sign(z)/2 (two-sided), +1/2 (greater), -1/2 (less).
#  (1) W and p-values (two-sided, greater, less) for three fixed data sets (b, c with ties);
#  (2) simulated two-sided power, alpha 0.05: reference ~ N(0, 1), treatment ~ N(0.5, 1),
#      n = 20 and n = 64 per group, 200000 replicates each, set.seed(1) before each n;
#  (3) simulated size, both groups N(0, 1), n = 20, 200000 replicates, set.seed(1);
#  (4) simulated two-sided power for ordinal data, categories 0..4, reference probs
#      (0.1, 0.2, 0.4, 0.2, 0.1), treatment probs (0.05, 0.1, 0.3, 0.3, 0.25), n = 30 per group,
#      100000 replicates, set.seed(1) (many ties: tie-corrected SIGMA);
#  (5) Noether's approximation: p1 = P(Y > X) = pnorm(delta / sqrt(2)), delta = 0.5, SD 1,
#      power ~ pnorm(sqrt(12 m n / (m + n + 1)) * |p1 - 1/2| - qnorm(0.975)), m = n = 20, 64;
#  (6) lognormal data analysed as a t test on the log scale: geometric means 100 / 125, cv = 0.5,
#      sdlog = sqrt(log(1 + cv^2)), d = log(125/100) / sdlog, pwr::pwr.t.test power for
#      n = 20, 40, 60 per group, and unrounded n for power 0.8 (uniroot, tol 1e-10).
# Simulation draw order (for each scenario, after set.seed(1)): first all reference values
# (reps * n draws, filled row-wise into a reps x n matrix: replicate 1 = draws 1..n, ...), then all
# treatment values in the same way. The test is wilcox.test(treatment, reference), so W counts
# treatment > reference pairs (two-sided p is symmetric anyway). W and the p-value are computed
# vectorized, mirroring stats:::wilcox.test.default operation by operation (average ranks, tie
# term); the first 2000 (ordinal: 1000) replicates are checked against wilcox.test itself.
# Monte Carlo SE = sqrt(p (1 - p) / reps).
# Run: cd tests/references && Rscript mann_whitney.R > mann_whitney.R.out   (R 4.2.2, pwr)
library(pwr)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " pwr", as.character(packageVersion("pwr")), "\n\n")

cat("== (1) fixed data sets, wilcox.test(x, y, exact = FALSE, correct = TRUE) ==\n")
show <- function(label, x, y) {
  t2 <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE))
  tg <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE, alternative = "greater"))
  tl <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE, alternative = "less"))
  tt <- as.vector(table(c(x, y)))
  cat(label, "\n")
  cat("  m =", length(x), " n =", length(y), " tie term sum(t^3 - t) =", f(sum(tt^3 - tt)), "\n")
  cat("  W =", f(unname(t2$statistic)), "\n")
  cat("  p two-sided:", f(t2$p.value), "\n")
  cat("  p greater:  ", f(tg$p.value), "\n")
  cat("  p less:     ", f(tl$p.value), "\n")
}
show("(a) x = c(1.83,0.50,1.62,2.48,1.68,1.88,1.55,3.06,1.30), y = c(0.878,0.647,0.598,2.05,1.06,1.29,1.06,3.14,1.29)",
     c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30),
     c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29))
show("(b) x = c(1,2,2,3,3,3,4,5), y = c(2,3,4,4,5,5,6,7,7)",
     c(1, 2, 2, 3, 3, 3, 4, 5), c(2, 3, 4, 4, 5, 5, 6, 7, 7))
show("(c) x = c(0.8,1.2,1.2,2.5), y = c(0.1,0.5,0.8,0.9,1.0,1.2)",
     c(0.8, 1.2, 1.2, 2.5), c(0.1, 0.5, 0.8, 0.9, 1.0, 1.2))

# Vectorized W and two-sided p-value. X: reps x m (first sample, "x"), Y: reps x n (second sample).
# Average ranks within each row of cbind(X, Y); tie term sum(t^3 - t) per row.
vec_mw <- function(X, Y) {
  R <- nrow(X); m <- ncol(X); n <- ncol(Y); N <- m + n
  Z <- cbind(X, Y)
  o <- order(row(Z), Z)                       # row by row, ascending values
  s <- Z[o]; rm(Z)
  rw <- rep(seq_len(R), each = N)             # row of each sorted element
  pos <- rep(seq_len(N), R)                   # position 1..N within its row
  L <- length(s)
  start <- c(TRUE, s[-1] != s[-L] | rw[-1] != rw[-L])   # start of a run of equal values in a row
  len <- tabulate(cumsum(start))              # run lengths = tie group sizes t
  avg <- pos[start] + (len - 1) / 2           # average rank of each run
  rk <- numeric(L); rk[o] <- rep(avg, len)
  rk <- matrix(rk, R, N)
  tie <- as.vector(rowsum(len^3 - len, rw[start]))      # sum(t^3 - t) per row
  n.x <- as.double(m); n.y <- as.double(n)
  W <- rowSums(rk[, seq_len(m), drop = FALSE]) - n.x * (n.x + 1) / 2
  z <- W - n.x * n.y / 2
  SIGMA <- sqrt((n.x * n.y / 12) * ((n.x + n.y + 1) - tie / ((n.x + n.y) * (n.x + n.y - 1))))
  z <- (z - sign(z) * 0.5) / SIGMA
  p <- 2 * pmin(pnorm(z), pnorm(z, lower.tail = FALSE))
  list(W = W, p = p, ties = sum(tie > 0))
}
report <- function(label, X, Y, reps, chk, alpha = 0.05) {
  r <- vec_mw(Y, X)                           # x = treatment, y = reference
  same_p <- 0; same_W <- 0; maxdiff <- 0
  for (i in seq_len(chk)) {
    w <- wilcox.test(Y[i, ], X[i, ], exact = FALSE, correct = TRUE)
    same_p <- same_p + identical(w$p.value, r$p[i]); same_W <- same_W + identical(unname(w$statistic), r$W[i])
    maxdiff <- max(maxdiff, abs(w$p.value - r$p[i]))
  }
  pw <- mean(r$p <= alpha)
  cat(label, "\n")
  cat(sprintf("  check on first %d reps vs wilcox.test: p identical %d/%d, W identical %d/%d, max |p diff| %s\n",
              chk, same_p, chk, same_W, chk, f(maxdiff)))
  cat(sprintf("  replicates with ties: %d of %d\n", r$ties, reps))
  cat("  rejection rate:", f(pw), "  MC SE:", f(sqrt(pw * (1 - pw) / reps)), "\n")
  invisible(pw)
}
sim_normal <- function(n, mu_ref, mu_trt, reps = 200000) {
  set.seed(1)
  X <- matrix(rnorm(reps * n, mu_ref, 1), nrow = reps, byrow = TRUE)   # reference
  Y <- matrix(rnorm(reps * n, mu_trt, 1), nrow = reps, byrow = TRUE)   # treatment
  report(sprintf("n = %d per group, means ref %g / trt %g, SD 1, reps = %d, alpha 0.05 two-sided",
                 n, mu_ref, mu_trt, reps), X, Y, reps, 2000)
}
cat("\n== (2) simulated power, N(0,1) vs N(0.5,1) ==\n")
sim_normal(20, 0, 0.5)
sim_normal(64, 0, 0.5)
cat("\n== (3) simulated size, N(0,1) vs N(0,1) ==\n")
sim_normal(20, 0, 0)

cat("\n== (4) simulated power, ordinal categories 0..4 ==\n")
local({
  reps <- 100000; n <- 30
  p_ref <- c(0.1, 0.2, 0.4, 0.2, 0.1); p_trt <- c(0.05, 0.1, 0.3, 0.3, 0.25)
  set.seed(1)
  X <- matrix(sample(0:4, reps * n, replace = TRUE, prob = p_ref), nrow = reps, byrow = TRUE)
  Y <- matrix(sample(0:4, reps * n, replace = TRUE, prob = p_trt), nrow = reps, byrow = TRUE)
  storage.mode(X) <- "double"; storage.mode(Y) <- "double"
  report(sprintf("n = %d per group, probs ref (%s) / trt (%s), reps = %d, alpha 0.05 two-sided, sample(0:4, replace = TRUE, prob)",
                 n, paste(p_ref, collapse = ", "), paste(p_trt, collapse = ", "), reps), X, Y, reps, 1000)
})

cat("\n== (5) Noether's approximation, normal shift delta = 0.5, SD 1 ==\n")
delta <- 0.5
p1 <- pnorm(delta / sqrt(2))
cat("  p1 = pnorm(0.5 / sqrt(2)) =", f(p1), "\n")
for (nn in c(20, 64)) {
  m <- nn; n <- nn
  cat(sprintf("  m = n = %d: power = %s\n", nn,
              f(pnorm(sqrt(12 * m * n / (m + n + 1)) * abs(p1 - 0.5) - qnorm(0.975)))))
}

cat("\n== (6) lognormal, log-scale two-sample t test (pwr.t.test, two-sided, alpha 0.05) ==\n")
cv <- 0.5
sdlog <- sqrt(log(1 + cv^2))
d <- log(125 / 100) / sdlog
cat("  sdlog =", f(sdlog), "\n")
cat("  d =", f(d), "\n")
for (n in c(20, 40, 60))
  cat(sprintf("  n = %d per group: power = %s\n", n, f(pwr.t.test(n = n, d = d, sig.level = 0.05)$power)))
ur <- uniroot(function(n) pwr.t.test(n = n, d = d, sig.level = 0.05)$power - 0.8,
              c(2.5, 1000), tol = 1e-10)
cat("  n for power 0.8 (uniroot, tol 1e-10):", f(ur$root), "\n")
cat("  (pwr.t.test(power = 0.8, d = d)$n with its default tol:",
    f(pwr.t.test(power = 0.8, d = d, sig.level = 0.05)$n), ")\n")

# Noether's approximation with both rejection tails (as plan reports it):
# pnorm(s - z) + pnorm(-s - z), s = sqrt(12 m n / (m + n + 1)) |p1 - 1/2|.
for (m in c(20, 64)) {
  s <- sqrt(12 * m * m / (2 * m + 1)) * abs(pnorm(0.5 / sqrt(2)) - 0.5)
  cat(sprintf("Noether two tails, m = n = %d: %s\n", m, sprintf("%.15g", pnorm(s - qnorm(0.975)) + pnorm(-s - qnorm(0.975)))))
}
