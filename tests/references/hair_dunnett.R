# Reference values for tests/reference.rs (not run by the test suite).
# Run: Rscript tests/references/hair_dunnett.R   (R 4.2.2, mvtnorm 1.1-3)
# Dunnett per-comparison level of scenarios/hair.toml at n = 57: 3 treatments
# vs vehicle, equal n, correlation 0.5, df = 4*57 - 4 = 224, two-sided 0.05.
library(mvtnorm)
set.seed(1)
S <- matrix(0.5, 3, 3); diag(S) <- 1
q <- qmvt(0.95, tail = "both.tails", df = 224, corr = S, algorithm = GenzBretz(maxpts = 2e6, abseps = 1e-7))
cat(sprintf("qmvt c = %.6f  level = 2*pt(-c,224) = %.6f\n", q$quantile, 2 * pt(-q$quantile, 224)))
# root-find on pmvt for a check
f <- function(c) 1 - pmvt(lower = rep(-c, 3), upper = rep(c, 3), df = 224, corr = S, algorithm = GenzBretz(maxpts = 2e6, abseps = 1e-8)) - 0.05
c2 <- uniroot(f, c(2, 3), tol = 1e-10)$root
cat(sprintf("uniroot pmvt c = %.6f  level = %.6f\n", c2, 2 * pt(-c2, 224)))
# Closed-form power of "exosome vs vehicle" (difference 11.5, SD 19) at that c:
for (cc in c(q$quantile, c2)) {
  ncp <- 11.5 / (19 * sqrt(2 / 57))
  cat(sprintf("c = %.6f: exosome power %.6f\n", cc, pt(cc, 224, ncp, lower.tail = FALSE) + pt(-cc, 224, ncp)))
}
