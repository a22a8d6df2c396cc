# ANCOVA: lm(y ~ group + baseline), group a factor whose reference level is the control arm; the test of a
# treatment is the t test of its group coefficient, df = N - k - 1 (k arms, N subjects in all).
# Vectorized formulas (checked against summary(lm(...))$coefficients t value on the first 1000 replicates of
# each simulation; printed: how many agree within 1e-8 (absolute), and the max |t diff|):
#   per arm g: xbar_g, ybar_g, Sxx_g = sum (x - xbar_g)^2, Sxy_g = sum (x - xbar_g)(y - ybar_g), Syy_g;
#   pooled over arms: Sxx, Sxy, Syy; slope b = Sxy / Sxx; SSE = Syy - Sxy^2 / Sxx; s2 = SSE / (N - k - 1);
#   treatment t vs control r: est = (ybar_t - ybar_r) - b (xbar_t - xbar_r),
#   se = sqrt(s2 (1/n_t + 1/n_r + (xbar_t - xbar_r)^2 / Sxx)), t = est / se;
#   two-sided p = 2 pt(-|t|, df), one-sided (treatment greater) p = pt(t, df, lower.tail = FALSE);
#   rejection: p <= alpha.
# Data generation (each simulation, after set.seed(1)): arms generated in order control, then the treatments
# (A, then B); within an arm first all baselines x ~ N(mu_b, sd^2) (reps * n draws, filled row-wise into a
# reps x n matrix: replicate 1 = draws 1..n, ...), then all residuals e ~ N(0, sd^2 (1 - rho^2)) the same way;
# y = mu_g + rho (x - mu_b) + e (within an arm Var(y) = sd^2, corr(x, y) = rho). mu_b = 100 throughout.
#  (1) fixed data set (control x/y, treatment x/y, n = 8 each): lm's treatment coefficient, SE, t,
#      two-sided p, one-sided p (treatment greater), slope on baseline, residual df;
#  (2) two arms, sd 20, rho 0.6, means control 100 / treatment 115, n = 10, 20, 30 per arm, 100000 replicates
#      each, simulated two-sided power at alpha 0.05; closed-form approximations:
#      (a) noncentral t, ncp = 15 / (20 sqrt((1 - 0.36) 2 / n)), df = 2n - 3, q = qt(0.975, 2n - 3),
#          power = pt(q, df, ncp, lower.tail = FALSE) + pt(-q, df, ncp) (upper tail alone also printed);
#      (b) pwr.t.test(n, d = 15 / (20 sqrt(1 - 0.36)))$power (df 2n - 2), for comparison;
#      (c) unadjusted two-sample t test, pwr.t.test(n, d = 15 / 20)$power;
#  (3) size: both means 100, sd 20, rho 0.6, n = 10 per arm, 200000 replicates, two-sided alpha 0.05, and
#      one-sided (treatment greater) alpha 0.05 (same replicates);
#  (4) three arms control 100 / A 110 / B 110, sd 20, rho 0.5, n = 15 per arm, one model on all three arms
#      (df = 45 - 3 - 1 = 41), 50000 replicates: simulated two-sided power of A's coefficient and of B's,
#      unadjusted alpha 0.05, and P(Holm rejects A) = P(p.adjust(c(pA, pB), "holm")[1] <= 0.05)
#      (vectorized: adjA = min(1, 2 pA) if pA <= pB else min(1, max(2 pB, pA)); checked against p.adjust);
#  (5) non-inferiority, margin 10, higher is better: reject when (est + 10) / se > qt(0.95, df);
#      sd 20, rho 0.6, n = 20 per arm, 100000 replicates: power with means 100 / 100, and size at the
#      margin with treatment mean 90 (control 100).
# Monte Carlo SE = sqrt(p (1 - p) / reps).
# Run: cd tests/references && Rscript ancova.R > ancova.R.out   (R 4.2.2, pwr)
library(pwr)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " pwr", as.character(packageVersion("pwr")), "\n\n")

cat("== (1) fixed data set, lm(y ~ group + baseline), control = reference level ==\n")
local({
  xc <- c(98, 105, 110, 92, 101, 99, 120, 88);  yc <- c(101, 104, 115, 95, 99, 103, 118, 93)
  xt <- c(102, 95, 111, 107, 90, 100, 97, 104); yt <- c(112, 103, 121, 116, 96, 110, 104, 115)
  d <- data.frame(y = c(yc, yt), baseline = c(xc, xt),
                  group = factor(rep(c("control", "treatment"), each = 8), levels = c("control", "treatment")))
  fit <- lm(y ~ group + baseline, data = d)
  cf <- summary(fit)$coefficients
  tv <- cf["grouptreatment", "t value"]; df <- fit$df.residual
  cat("  control   x =", paste(xc, collapse = ", "), "  y =", paste(yc, collapse = ", "), "\n")
  cat("  treatment x =", paste(xt, collapse = ", "), "  y =", paste(yt, collapse = ", "), "\n")
  cat("  group coefficient (treatment - control, adjusted):", f(cf["grouptreatment", "Estimate"]), "\n")
  cat("  SE:                ", f(cf["grouptreatment", "Std. Error"]), "\n")
  cat("  t:                 ", f(tv), "\n")
  cat("  p two-sided:       ", f(cf["grouptreatment", "Pr(>|t|)"]), "\n")
  cat("  p one-sided (treatment greater):", f(pt(tv, df, lower.tail = FALSE)), "\n")
  cat("  slope on baseline: ", f(cf["baseline", "Estimate"]), "\n")
  cat("  residual df:       ", df, "\n")
  cat("  (unadjusted difference of means:", f(mean(yt) - mean(yc)), ")\n")
})

# ---- simulation helpers ----
gen_arm <- function(reps, n, mu, sd, rho, mu_b = 100) {
  X <- matrix(rnorm(reps * n, mu_b, sd), nrow = reps, byrow = TRUE)
  E <- matrix(rnorm(reps * n, 0, sd * sqrt(1 - rho^2)), nrow = reps, byrow = TRUE)
  list(X = X, Y = mu + rho * (X - mu_b) + E)
}
arm_stats <- function(a) {
  xb <- rowMeans(a$X); yb <- rowMeans(a$Y)
  Xc <- a$X - xb; Yc <- a$Y - yb
  list(n = ncol(a$X), xb = xb, yb = yb, Sxx = rowSums(Xc * Xc), Sxy = rowSums(Xc * Yc), Syy = rowSums(Yc * Yc))
}
# arms: list of generated arms, arms[[1]] = control. Returns est, se, t for each treatment, and df.
vec_ancova <- function(arms) {
  st <- lapply(arms, arm_stats)
  k <- length(arms); N <- sum(sapply(st, `[[`, "n")); df <- N - k - 1
  Sxx <- Reduce(`+`, lapply(st, `[[`, "Sxx")); Sxy <- Reduce(`+`, lapply(st, `[[`, "Sxy"))
  Syy <- Reduce(`+`, lapply(st, `[[`, "Syy"))
  b <- Sxy / Sxx; s2 <- (Syy - Sxy^2 / Sxx) / df
  r <- st[[1]]
  out <- lapply(st[-1], function(s) {
    dx <- s$xb - r$xb
    est <- (s$yb - r$yb) - b * dx
    se <- sqrt(s2 * (1 / s$n + 1 / r$n + dx^2 / Sxx))
    list(est = est, se = se, t = est / se)
  })
  list(trt = out, df = df)
}
lm_check <- function(arms, res, chk = 1000) {
  k <- length(arms); lev <- c("control", LETTERS[seq_len(k - 1)])
  ns <- sapply(arms, function(a) ncol(a$X))
  group <- factor(rep(lev, ns), levels = lev)
  agree <- integer(k - 1); maxd <- numeric(k - 1)
  for (i in seq_len(chk)) {
    d <- data.frame(y = unlist(lapply(arms, function(a) a$Y[i, ])),
                    baseline = unlist(lapply(arms, function(a) a$X[i, ])), group = group)
    cf <- summary(lm(y ~ group + baseline, data = d))$coefficients
    for (j in seq_len(k - 1)) {
      dd <- abs(cf[paste0("group", lev[j + 1]), "t value"] - res$trt[[j]]$t[i])
      agree[j] <- agree[j] + (dd <= 1e-8); maxd[j] <- max(maxd[j], dd)
    }
  }
  for (j in seq_len(k - 1))
    cat(sprintf("  check vs lm on first %d reps (treatment %s): t agrees within 1e-8 in %d/%d, max |t diff| %s\n",
                chk, lev[j + 1], agree[j], chk, f(maxd[j])))
}
rate <- function(label, rej, reps) {
  p <- mean(rej)
  cat(sprintf("  %s %s   MC SE: %s\n", label, f(p), f(sqrt(p * (1 - p) / reps))))
  invisible(p)
}
p2 <- function(t, df) 2 * pt(-abs(t), df)

cat("\n== (2) two arms, power: control 100 / treatment 115, sd 20, rho 0.6, two-sided alpha 0.05 ==\n")
for (n in c(10, 20, 30)) {
  reps <- 100000
  set.seed(1)
  arms <- list(gen_arm(reps, n, 100, 20, 0.6), gen_arm(reps, n, 115, 20, 0.6))
  res <- vec_ancova(arms)
  cat(sprintf("n = %d per arm, reps = %d, df = %d\n", n, reps, res$df))
  lm_check(arms, res)
  rate("simulated power:", p2(res$trt[[1]]$t, res$df) <= 0.05, reps)
  df <- 2 * n - 3; q <- qt(0.975, df); ncp <- 15 / (20 * sqrt((1 - 0.36) * 2 / n))
  cat("  (a) noncentral t, ncp =", f(ncp), " df =", df, " q = qt(0.975, df) =", f(q), "\n")
  cat("      power (both tails):", f(pt(q, df, ncp, lower.tail = FALSE) + pt(-q, df, ncp)),
      "  upper tail only:", f(pt(q, df, ncp, lower.tail = FALSE)), "\n")
  cat("  (b) pwr.t.test(n, d = 15 / (20 sqrt(0.64)) =", f(15 / (20 * sqrt(0.64))), ")$power (df 2n - 2):",
      f(pwr.t.test(n = n, d = 15 / (20 * sqrt(1 - 0.36)), sig.level = 0.05)$power), "\n")
  cat("  (c) unadjusted t test, pwr.t.test(n, d = 0.75)$power:",
      f(pwr.t.test(n = n, d = 15 / 20, sig.level = 0.05)$power), "\n")
  rm(arms, res); invisible(gc())
}

cat("\n== (3) size: both means 100, sd 20, rho 0.6, n = 10 per arm ==\n")
local({
  reps <- 200000; n <- 10
  set.seed(1)
  arms <- list(gen_arm(reps, n, 100, 20, 0.6), gen_arm(reps, n, 100, 20, 0.6))
  res <- vec_ancova(arms)
  cat(sprintf("n = %d per arm, reps = %d, df = %d\n", n, reps, res$df))
  lm_check(arms, res)
  t <- res$trt[[1]]$t
  rate("size, two-sided alpha 0.05:", p2(t, res$df) <= 0.05, reps)
  rate("size, one-sided (treatment greater) alpha 0.05:", pt(t, res$df, lower.tail = FALSE) <= 0.05, reps)
})

cat("\n== (4) three arms: control 100, A 110, B 110, sd 20, rho 0.5, n = 15 per arm, one model ==\n")
local({
  reps <- 50000; n <- 15
  set.seed(1)
  arms <- list(gen_arm(reps, n, 100, 20, 0.5), gen_arm(reps, n, 110, 20, 0.5), gen_arm(reps, n, 110, 20, 0.5))
  res <- vec_ancova(arms)
  cat(sprintf("n = %d per arm, reps = %d, df = %d\n", n, reps, res$df))
  lm_check(arms, res)
  pA <- p2(res$trt[[1]]$t, res$df); pB <- p2(res$trt[[2]]$t, res$df)
  adjA <- pmin(1, ifelse(pA <= pB, 2 * pA, pmax(2 * pB, pA)))
  same <- 0
  for (i in 1:1000) same <- same + (abs(p.adjust(c(pA[i], pB[i]), "holm")[1] - adjA[i]) <= 1e-15)
  cat(sprintf("  check Holm-adjusted p for A vs p.adjust on first 1000 reps: %d/1000 agree\n", same))
  rate("power A, unadjusted two-sided 0.05:", pA <= 0.05, reps)
  rate("power B, unadjusted two-sided 0.05:", pB <= 0.05, reps)
  rate("P(Holm rejects A), two-sided 0.05:", adjA <= 0.05, reps)
})

cat("\n== (5) non-inferiority, margin 10 (higher is better): reject when (est + 10)/se > qt(0.95, df) ==\n")
for (mt in c(100, 90)) {
  reps <- 100000; n <- 20
  set.seed(1)
  arms <- list(gen_arm(reps, n, 100, 20, 0.6), gen_arm(reps, n, mt, 20, 0.6))
  res <- vec_ancova(arms)
  cat(sprintf("control 100 / treatment %g, sd 20, rho 0.6, n = %d per arm, reps = %d, df = %d, qt(0.95, df) = %s\n",
              mt, n, reps, res$df, f(qt(0.95, res$df))))
  lm_check(arms, res)
  r <- res$trt[[1]]
  rate(if (mt == 100) "NI power:" else "NI size at the margin:", (r$est + 10) / r$se > qt(0.95, res$df), reps)
}
