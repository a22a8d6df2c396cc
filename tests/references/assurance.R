# References for tests/assurance.rs:
#   Rscript tests/references/assurance.R > tests/references/assurance.R.out   (R 4.2)
# Assurance of a two-arm Student t test, n per arm, two-sided alpha = 0.05 with
# success = significant in the better direction (one-sided at 0.025), SD 1,
# the difference delta ~ Normal(mu, tau): the noncentral-t power integrated
# over the prior by adaptive quadrature (O'Hagan, Stevens & Campbell 2005).
power1 <- function(delta, n) {
  df <- 2 * n - 2
  pt(qt(0.975, df), df, ncp = delta * sqrt(n / 2), lower.tail = FALSE)
}
assurance <- function(n, mu, tau) {
  integrate(function(d) power1(d, n) * dnorm(d, mu, tau), -Inf, Inf, rel.tol = 1e-10)$value
}
cat(sprintf("normal prior mu 0.5 tau 0.2, n 40: assurance %.6f, point power %.6f, ceiling %.6f\n",
            assurance(40, 0.5, 0.2), power1(0.5, 40), pnorm(0.5 / 0.2)))
n <- 2; while (assurance(n, 0.5, 0.2) < 0.8) n <- n + 1
cat(sprintf("normal prior mu 0.5 tau 0.2: smallest n with assurance >= 0.8: %d (%.6f; n - 1: %.6f)\n",
            n, assurance(n, 0.5, 0.2), assurance(n - 1, 0.5, 0.2)))
# A wide prior: ceiling pnorm(0.5 / 0.6) = 0.797671 < 0.8, so no n reaches 0.8.
cat(sprintf("normal prior mu 0.5 tau 0.6: ceiling %.6f, assurance at n = 1000 %.6f\n",
            pnorm(0.5 / 0.6), assurance(1000, 0.5, 0.6)))
# Lognormal outcome, CV 0.5 (SD of logs sqrt(log(1.25))), geometric means 1 and
# 1.3, the treated one with a lognormal prior of log-SD 0.1: on the log scale
# delta ~ Normal(log 1.3, 0.1), standardized by the SD of logs.
s <- sqrt(log(1 + 0.5^2))
cat(sprintf("lognormal cv 0.5, ratio 1.3, log-sd 0.1, n 30: assurance %.6f\n",
            integrate(function(d) power1(d / s, 30) * dnorm(d, log(1.3), 0.1), -Inf, Inf, rel.tol = 1e-10)$value))
# The window for a simulated target n at 20,000 replicates: assurance within
# 4 Monte Carlo SE of 0.8 (SE = sqrt(0.8 * 0.2 / 20000) = 0.00283).
lo <- 2; while (assurance(lo, 0.5, 0.2) < 0.8 - 4 * 0.00283) lo <- lo + 1
hi <- 2; while (assurance(hi, 0.5, 0.2) < 0.8 + 4 * 0.00283) hi <- hi + 1
cat(sprintf("window for the simulated target n: %d to %d\n", lo, hi))
