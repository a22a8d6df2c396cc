# Clustered design analysed on the cluster means: n clusters per arm, m = 5 measurements per cluster,
# intraclass correlation 0.1, total SD of a measurement 10, means 50 and 55. A cluster mean has SD
# 10 * sqrt(0.1 + 0.9 / 5) = 10 * sqrt(0.28); the two-sample t test on cluster means has power
# pwr.t.test(n, d = 5 / (10 * sqrt(0.28))). Also n for 80%, and the design effect 1 + (m - 1) ICC.
# Run: cd tests/references && Rscript clustered.R > clustered.R.out   (R 4.2.2, pwr)
library(pwr)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " pwr", as.character(packageVersion("pwr")), "\n")
d <- 5 / (10 * sqrt(0.28))
cat("d on cluster means =", f(d), " design effect =", f(1 + 4 * 0.1), "\n")
for (n in c(12, 20)) cat("n =", n, " power =", f(pwr.t.test(n = n, d = d)$power), "\n")
cat("n for power 0.8 =", f(pwr.t.test(power = 0.8, d = d)$n), "\n")
# A simulation of the measurements themselves (cluster effect + residual), t.test on cluster means,
# n = 12, 20000 replicates, set.seed(1): checks that the cluster-mean model is the measurement model.
set.seed(1)
reps <- 20000; rej <- 0
for (i in 1:reps) {
  g <- function(mu) { u <- rnorm(12, 0, sqrt(10)); e <- matrix(rnorm(60, 0, sqrt(90)), 12); mu + u + rowMeans(e) }
  a <- g(50); b <- g(55)
  if (t.test(b, a, var.equal = TRUE)$p.value <= 0.05) rej <- rej + 1
}
cat("simulated from measurements, n = 12: power =", f(rej / reps), " MC SE =", f(sqrt(rej / reps * (1 - rej / reps) / reps)), "\n")
