# Reference values for tests/null_size.rs (not run by the test suite).
# Run: Rscript tests/references/lower_is_better.R   (R 4.2.2, pwr 1.3-0, mvtnorm 1.1-3)
library(pwr)
library(mvtnorm)
# Student one-sided, n = 20 per arm, alpha = 0.05. "Lower is better": the
# treatment 0.5 SD lower is the effect in the favoured direction, so the
# power is that of a one-sided test in the direction of the effect.
cat(sprintf("student n=20 d=0.5 greater: %.7f\n", pwr.t.test(n = 20, d = 0.5, alternative = "greater")$power))
cat(sprintf("student n=20 d=-0.5 greater (wrong direction): %.7f\n", pwr.t.test(n = 20, d = -0.5, alternative = "greater")$power))
# Dunnett one-sided, 3 treatments vs control, n = 10 per arm, df = 4*10-4 = 36.
set.seed(1)
S <- matrix(0.5, 3, 3); diag(S) <- 1
c1 <- qmvt(0.95, tail = "lower.tail", df = 36, corr = S, algorithm = GenzBretz(maxpts = 2e6, abseps = 1e-7))$quantile
ncp <- 0.8 / sqrt(2 / 10)
cat(sprintf("dunnett one-sided c = %.6f, marginal level %.7f\n", c1, pt(c1, 36, lower.tail = FALSE)))
cat(sprintf("treatment 0.8 lower (better): %.7f\n", pt(-c1, 36, ncp = -ncp)))
cat(sprintf("treatment 0.8 higher (worse): %.3g\n", pt(-c1, 36, ncp = ncp)))
