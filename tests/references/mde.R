# References for tests/mde.rs: Rscript tests/references/mde.R > tests/references/mde.R.out
# (R 4.2, pwr 1.3-0).
library(pwr)
print(pwr.t.test(n=20, power=0.8, sig.level=0.05)$d, digits=10)
print(pwr.t.test(n=15, power=0.9, sig.level=0.05, type="paired")$d, digits=10)
# exact power of the two-sided chi-square test (prop.test, correct = FALSE) at level 0.05,
# n = 50 per arm, control p1 = 0.3; the treated p2 where it is 0.8.
n <- 50; p1 <- 0.3
x <- 0:n
rej <- outer(x, x, Vectorize(function(a, b) {
  if ((a + b) == 0 || (a + b) == 2 * n) return(FALSE)
  suppressWarnings(prop.test(c(a, b), c(n, n), correct = FALSE)$p.value) < 0.05
}))
power <- function(p2) sum(outer(dbinom(x, n, p2), dbinom(x, n, p1)) * rej)
print(uniroot(function(p2) power(p2) - 0.8, c(0.31, 0.99), tol = 1e-12)$root, digits = 10)
print(power.prop.test(n = 50, p1 = 0.3, power = 0.8)$p2, digits = 10)
