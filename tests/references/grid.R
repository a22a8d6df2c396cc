# References for tests/grid.rs: Rscript tests/references/grid.R > tests/references/grid.R.out
# (R 4.2, pwr 1.3-0). Two arms, Student t, two-sided 0.05, power 0.8;
# planned d = 0.5 scaled by effect factor e and SD factor s: d = 0.5 e / s.
library(pwr)
for (e in c(0.8, 1)) for (s in c(1, 1.25)) {
  d <- 0.5 * e / s
  n <- pwr.t.test(d = d, power = 0.8, sig.level = 0.05)$n
  cat(sprintf("e = %.2f s = %.2f d = %.4f n = %.4f ceiling = %d\n", e, s, d, n, ceiling(n)))
}
# Lognormal outcome, ratio of geometric means 1.3, CV 0.5 scaled by the
# spread factor c (the grid's CV axis): t test on the logs, d = log(1.3) /
# sqrt(log(1 + (0.5 c)^2)).
for (c in c(1, 1.25)) {
  d <- log(1.3) / sqrt(log(1 + (0.5 * c)^2))
  n <- pwr.t.test(d = d, power = 0.8, sig.level = 0.05)$n
  cat(sprintf("lognormal cv factor %.2f d = %.4f n = %.4f ceiling = %d\n", c, d, n, ceiling(n)))
}
