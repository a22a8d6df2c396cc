# Reference values for the "mixed" analysis of a clustered (random-intercept) design.
#
# Model: arm a has clusters (animals); cluster i of arm a has m_i measurements
#   y_ij = mu_a + b_i + e_ij,  b_i ~ N(0, icc * sigma^2),  e_ij ~ N(0, (1 - icc) * sigma^2),
# sigma = 1 is the total SD of one measurement.
# "mixed": lmer(y ~ arm + (1 | cluster), REML = TRUE), arm a factor with the control arm as
#   reference level; the test of a treatment coefficient uses t = estimate / SE from
#   summary(fit) with between-within df = C - k (C = clusters in the study, k = arms),
#   two-sided p = 2 * pt(-|t|, df).
# "means": pooled two-sample t test, t.test(var.equal = TRUE), on the unweighted cluster means,
#   df = C - 2.
#
# Sections
#   1. Fixed (typed-in) data sets: (a) 3 arms with unequal cluster sizes, (b) 2 arms, a singular
#      fit (REML variance component 0). Estimates, SEs, t, sigma, random-intercept SD, theta,
#      REMLcrit, p with df = C - k, and lmerTest's Satterthwaite df and p.
#   2. Simulated power, equal cluster sizes: 2 arms x 8 clusters x 5 measurements, icc 0.1,
#      difference 0.5, alpha 0.05 two-sided; mixed vs means; singular-fit fraction; pwr.t.test
#      closed form for the means test; Satterthwaite power on the first 2000 studies;
#      null size (difference 0).
#   3. Simulated power, varying cluster sizes m_i = max(1, round(5 * Gamma(shape 4, scale 0.25)))
#      (cv 0.5), 2 arms x 10 clusters, icc 0.2, difference 0.6; null sizes; exact mean and E[1/m]
#      of the discretised size distribution.
#   4. Multi-arm: 4 arms (differences 0.3, 0.5, 0.7 vs control), 6 clusters x 4, icc 0.15:
#      power of each mixed-model t test (df 20).
#   5. Median wall time of one lmer fit (section 2's design), 200 fits.
#
# Run (from the repository root; R 4.2.2, lme4 1.1-31, lmerTest 3.1-3, pbkrtest 0.5.2, pwr 1.3-0):
#   Rscript tests/references/mixed.R > tests/references/mixed.out 2>&1
# Run time: about 26 minutes on a shared 2-core machine (sections 2 and 3 take ~10-12 min each).
#
# Implementation note. In the simulations (sections 2-4) each lmer fit is done with lme4's own
# modular steps, exactly the code path inside lme4::lmer (lFormula -> mkLmerDevfun ->
# optimizeLmer -> checkConv -> mkMerMod, default lmerControl(), REML), with lFormula called
# once per design when the design is fixed and only the response replaced. The SE is
# sigma(fit) * sqrt(diag(fit@pp$unsc())), which is what vcov()/summary() return for an lmerMod.
# The script checks this against plain lmer() + vcov() on the studies it also fits with
# lmerTest::lmer (section 2) and on the first 200 studies of section 3, and prints the maximum
# absolute differences. Everything except section 5 and the elapsed times is reproducible
# (set.seed at the top of each simulation; default RNG kinds).

suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)   # only used through lmerTest::lmer / summary on lmerModLmerTest objects
  library(pwr)
})
f <- function(x) sprintf("%.12g", x)
fv <- function(x) paste(f(x), collapse = ", ")
t_script <- proc.time()[["elapsed"]]

cat(R.version.string, "| lme4", as.character(packageVersion("lme4")),
    "| lmerTest", as.character(packageVersion("lmerTest")),
    "| pbkrtest", as.character(packageVersion("pbkrtest")),
    "| pwr", as.character(packageVersion("pwr")),
    "| Matrix", as.character(packageVersion("Matrix")), "\n")
cat("RNGkind:", paste(RNGkind(), collapse = ", "), "\n")
cat("lmerControl() optimizer:", lmerControl()$optimizer, "\n\n")

ctrl <- lmerControl()   # lmer's default control

# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------

# One REML fit through lme4's internal steps (identical to lme4::lmer) given an lFormula result
# whose response column is named y; the response is replaced by `y`.
fastfit <- function(lmod, y) {
  lmod$fr$y <- y
  devfun <- mkLmerDevfun(lmod$fr, lmod$X, lmod$reTrms, REML = lmod$REML, control = ctrl)
  opt <- optimizeLmer(devfun, optimizer = ctrl$optimizer, restart_edge = ctrl$restart_edge,
                      boundary.tol = ctrl$boundary.tol, control = ctrl$optCtrl, verbose = 0L,
                      start = NULL, calc.derivs = ctrl$calc.derivs,
                      use.last.params = ctrl$use.last.params)
  cc <- withCallingHandlers(
    suppressMessages(checkConv(attr(opt, "derivs"), opt$par, ctrl = ctrl$checkConv,
                               lbound = environment(devfun)$lower)),
    warning = function(w) {   # lmer's convergence warning: counted and recorded, not printed
      conv_log$n <- conv_log$n + 1
      conv_log$msg <- c(conv_log$msg, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  mkMerMod(environment(devfun), opt, lmod$reTrms, fr = lmod$fr,
           mc = quote(lmer(formula = y ~ arm + (1 | cluster))), lme4conv = cc)
}
conv_log <- new.env()
reset_conv <- function() { conv_log$n <- 0; conv_log$msg <- character(0) }
report_conv <- function() {
  cat("  lmer convergence warnings (checkConv, default tolerances) in these fits:", conv_log$n, "\n")
  for (m in conv_log$msg) cat("    ", m, "\n")
  reset_conv()
}
reset_conv()
fe_se <- function(fit) setNames(sigma(fit) * sqrt(diag(fit@pp$unsc())), names(fixef(fit)))

# Mixed-model test of every non-intercept fixed effect with df = C - k: list(est, se, t, p).
mixed_test <- function(fit, df) {
  est <- fixef(fit)[-1]
  se <- fe_se(fit)[-1]
  t <- est / se
  list(est = est, se = se, t = t, p = 2 * pt(-abs(t), df))
}

mcse <- function(p, R) sqrt(p * (1 - p) / R)
prt_rate <- function(label, x) {
  R <- length(x); p <- mean(x)
  cat(sprintf("  %-58s %s  (MC SE %s, %d of %d)\n", label, f(p), f(mcse(p, R)), sum(x), R))
}

# Print an lmer fit's quantities for section 1.
report_fit <- function(fit, C, k) {
  cf <- coef(summary(fit))
  df <- C - k
  cat("fixef:                ", fv(fixef(fit)), "\n")
  cat("  names:              ", paste(names(fixef(fit)), collapse = ", "), "\n")
  cat("SE (summary):         ", fv(cf[, "Std. Error"]), "\n")
  cat("SE (sqrt diag vcov):  ", fv(sqrt(diag(as.matrix(vcov(fit))))), "\n")
  cat("t values:             ", fv(cf[, "t value"]), "\n")
  cat("sigma(fit) residual SD:", f(sigma(fit)), "\n")
  vc <- as.data.frame(VarCorr(fit))
  cat("VarCorr (as.data.frame):\n")
  for (r in seq_len(nrow(vc)))
    cat(sprintf("  grp=%-8s var1=%-12s vcov=%s sdcor=%s\n", vc$grp[r],
                ifelse(is.na(vc$var1[r]), "NA", vc$var1[r]), f(vc$vcov[r]), f(vc$sdcor[r])))
  cat("random-intercept SD:  ", f(vc$sdcor[vc$grp == "cluster"]), "\n")
  cat("theta = getME(fit, 'theta'):", f(getME(fit, "theta")), "\n")
  cat("REMLcrit(fit):        ", f(REMLcrit(fit)), "\n")
  cat("logLik (REML):        ", f(as.numeric(logLik(fit))), "\n")
  cat("isSingular(fit):      ", isSingular(fit), "\n")
  cat("ICC estimate s_b^2/(s_b^2+s^2):",
      f(vc$vcov[vc$grp == "cluster"] / sum(vc$vcov)), "\n")
  tt <- cf[-1, "t value"]
  cat(sprintf("p-values, df = C - k = %d - %d = %d (treatment coefficients %s):\n",
              C, k, df, paste(rownames(cf)[-1], collapse = ", ")))
  cat("  ", fv(2 * pt(-abs(tt), df)), "\n")
}

report_satterthwaite <- function(fit_lt) {
  cs <- coef(summary(fit_lt, ddf = "Satterthwaite"))
  cat("lmerTest Satterthwaite (treatment coefficients", paste(rownames(cs)[-1], collapse = ", "), "):\n")
  cat("  estimate:", fv(cs[-1, "Estimate"]), "\n")
  cat("  SE:      ", fv(cs[-1, "Std. Error"]), "\n")
  cat("  df:      ", fv(cs[-1, "df"]), "\n")
  cat("  p:       ", fv(cs[-1, "Pr(>|t|)"]), "\n")
}

print_data <- function(arm, cluster, y) {
  cat("arm <- c(", paste0('"', arm, '"', collapse = ", "), ")\n", sep = "")
  cat("cluster <- c(", paste(cluster, collapse = ", "), ")\n", sep = "")
  cat("y <- c(", paste(sprintf("%.2f", y), collapse = ", "), ")\n", sep = "")
}

# =============================================================================================
cat("=============================================================================\n")
cat("SECTION 1. Fixed data sets\n")
cat("=============================================================================\n\n")
set.seed(1)   # nothing random here; kept for uniformity

# ---- (a) 3 arms, unequal cluster sizes -------------------------------------------------------
# Clusters are numbered 1..10 across the study (arm A: 1-3, arm B: 4-7, arm C: 8-10).
ya <- list(
  A = list(c(10.42, 11.15, 10.87),
           c(12.31, 11.96, 12.74, 12.08, 12.55),
           c(11.02, 10.61, 11.48, 10.93)),
  B = list(c(12.84, 13.27),
           c(11.73, 12.19, 11.95, 12.40, 11.58, 12.06),
           c(13.62, 13.15, 13.89),
           c(12.47, 12.92, 12.21, 12.70)),
  C = list(c(13.41, 13.88, 13.12, 13.65, 13.30),
           c(12.26, 12.71, 12.49, 12.05, 12.83),
           c(14.02, 13.57, 13.93))
)
build <- function(lst) {
  arm <- character(0); cluster <- integer(0); y <- numeric(0); id <- 0L
  for (a in names(lst)) for (v in lst[[a]]) {
    id <- id + 1L
    arm <- c(arm, rep(a, length(v))); cluster <- c(cluster, rep(id, length(v))); y <- c(y, v)
  }
  list(arm = arm, cluster = cluster, y = y)
}
da <- build(ya)
cat("---- (a) 3 arms (A reference), cluster sizes A: 3,5,4; B: 2,6,3,4; C: 5,5,3 ----\n")
cat("N =", length(da$y), " C =", max(da$cluster), " k = 3\n")
print_data(da$arm, da$cluster, da$y)
dfa <- data.frame(arm = factor(da$arm), cluster = factor(da$cluster), y = da$y)
cat("\nPer-cluster summaries (cluster, arm, m_i, ybar_i, within SS = sum((y - ybar_i)^2)):\n")
for (i in sort(unique(da$cluster))) {
  yi <- da$y[da$cluster == i]
  cat(sprintf("  cluster %2d  arm %s  m = %d  ybar = %s  SSW = %s\n", i, da$arm[da$cluster == i][1],
              length(yi), f(mean(yi)), f(sum((yi - mean(yi))^2))))
}
fa <- lme4::lmer(y ~ arm + (1 | cluster), data = dfa, REML = TRUE)
cat("\nlme4::lmer(y ~ arm + (1 | cluster), REML = TRUE):\n")
report_fit(fa, C = 10, k = 3)
fa_lt <- lmerTest::lmer(y ~ arm + (1 | cluster), data = dfa, REML = TRUE)
report_satterthwaite(fa_lt)
cat("\n")

# ---- (b) 2 arms, singular fit ----------------------------------------------------------------
yb <- list(
  A = list(c(9.00, 11.00, 10.50, 9.70),
           c(11.20, 8.90, 10.10, 9.90),
           c(10.40, 9.30, 11.10, 9.40)),
  B = list(c(11.50, 9.80, 10.90, 11.10),
           c(10.20, 12.00, 10.60, 10.40),
           c(11.80, 9.90, 10.30, 11.30))
)
db <- build(yb)
cat("---- (b) 2 arms (A reference), 3 clusters x 4 measurements each: singular fit ----\n")
cat("N =", length(db$y), " C =", max(db$cluster), " k = 2\n")
print_data(db$arm, db$cluster, db$y)
dfb <- data.frame(arm = factor(db$arm), cluster = factor(db$cluster), y = db$y)
cm <- tapply(db$y, db$cluster, mean)
carm <- tapply(db$arm, db$cluster, `[`, 1)
ssw <- sum((db$y - cm[as.character(db$cluster)])^2)
ssb <- 4 * sum((cm - ave(cm, carm))^2)
msw <- ssw / (length(db$y) - 6); msb <- ssb / (6 - 2)
cat("\nPer-cluster summaries (cluster, arm, m_i, ybar_i, within SS):\n")
for (i in sort(unique(db$cluster))) {
  yi <- db$y[db$cluster == i]
  cat(sprintf("  cluster %2d  arm %s  m = %d  ybar = %s  SSW = %s\n", i, db$arm[db$cluster == i][1],
              length(yi), f(mean(yi)), f(sum((yi - mean(yi))^2))))
}
cat("between-cluster-within-arm MS (df 4) =", f(msb), "  within-cluster MS (df 18) =", f(msw),
    "  MSB < MSW:", msb < msw, "\n")
fb <- lme4::lmer(y ~ arm + (1 | cluster), data = dfb, REML = TRUE)
cat("\nlme4::lmer(y ~ arm + (1 | cluster), REML = TRUE):\n")
report_fit(fb, C = 6, k = 2)
cat("isSingular(fb) =", isSingular(fb), "\n")
ols <- lm(y ~ arm, data = dfb)
cat("For comparison, lm(y ~ arm) (what the singular REML fit reduces to):\n")
cat("  coef:", fv(coef(ols)), "\n  SE:  ", fv(coef(summary(ols))[, "Std. Error"]),
    "\n  residual SD (df N - 2 = 22):", f(summary(ols)$sigma), "\n")
fb_lt <- suppressWarnings(lmerTest::lmer(y ~ arm + (1 | cluster), data = dfb, REML = TRUE))
report_satterthwaite(fb_lt)
cat("\n")

# =============================================================================================
# Simulation helper for equal cluster sizes: k arms, n clusters per arm, m per cluster.
# Per study, random numbers are drawn in this order: b <- rnorm(C, 0, sqrt(icc)) (clusters in
# order arm 1 clusters 1..n, arm 2 clusters 1..n, ...), then e <- rnorm(C * m, 0, sqrt(1 - icc))
# (measurements cluster by cluster).
# =============================================================================================
make_design <- function(k, n, m) {
  C <- k * n
  d <- data.frame(arm = factor(rep(LETTERS[1:k], each = n * m)),
                  cluster = factor(rep(seq_len(C), each = m)),
                  y = rnorm(C * m))   # placeholder response, replaced in every study
  list(k = k, n = n, m = m, C = C, d = d,
       lmod = lFormula(y ~ arm + (1 | cluster), data = d, REML = TRUE, control = ctrl))
}
gen_equal <- function(des, mu, icc) {
  b <- rnorm(des$C, 0, sqrt(icc))
  e <- rnorm(des$C * des$m, 0, sqrt(1 - icc))
  rep(rep(mu, each = des$n), each = des$m) + rep(b, each = des$m) + e
}

sim_two_arm_equal <- function(R, delta, icc, n, m, alpha, n_satt = 0) {
  des <- make_design(2, n, m)
  df <- des$C - des$k
  rej_mixed <- rej_means <- sing <- logical(R)
  p_satt <- df_satt <- numeric(0)
  chk <- c(est = 0, se = 0, p = 0)
  ctl_idx <- seq_len(n); trt_idx <- n + seq_len(n)
  for (r in seq_len(R)) {
    y <- gen_equal(des, c(0, delta), icc)
    fit <- fastfit(des$lmod, y)
    mt <- mixed_test(fit, df)
    rej_mixed[r] <- mt$p < alpha
    sing[r] <- isSingular(fit)
    ybar <- colMeans(matrix(y, nrow = m))
    rej_means[r] <- t.test(ybar[trt_idx], ybar[ctl_idx], var.equal = TRUE)$p.value < alpha
    if (r <= n_satt) {
      d <- des$d; d$y <- y
      flt <- suppressMessages(suppressWarnings(
        lmerTest::lmer(y ~ arm + (1 | cluster), data = d, REML = TRUE)))
      cs <- coef(summary(flt, ddf = "Satterthwaite"))
      p_satt <- c(p_satt, cs["armB", "Pr(>|t|)"]); df_satt <- c(df_satt, cs["armB", "df"])
      # check of the fast path against the plain lmer fit inside lmerTest::lmer
      se_plain <- sqrt(diag(as.matrix(vcov(flt))))[["armB"]]
      chk <- pmax(chk, c(abs(fixef(flt)[["armB"]] - mt$est[["armB"]]),
                         abs(se_plain - mt$se[["armB"]]),
                         abs(2 * pt(-abs(fixef(flt)[["armB"]] / se_plain), df) - mt$p[["armB"]])))
    }
  }
  list(rej_mixed = rej_mixed, rej_means = rej_means, sing = sing, p_satt = p_satt,
       df_satt = df_satt, chk = chk, df = df)
}

# =============================================================================================
cat("=============================================================================\n")
cat("SECTION 2. Power, equal cluster sizes: 2 arms, n = 8 clusters/arm, m = 5, icc = 0.1,\n")
cat("           sigma = 1, difference 0.5, alpha = 0.05 two-sided; mixed df = C - k = 14\n")
cat("=============================================================================\n")
t0 <- proc.time()[["elapsed"]]
R2 <- 10000; R2_satt <- 2000
set.seed(20240201)
s2 <- sim_two_arm_equal(R2, delta = 0.5, icc = 0.1, n = 8, m = 5, alpha = 0.05, n_satt = R2_satt)
cat(sprintf("set.seed(20240201); R = %d studies; difference 0.5\n", R2))
prt_rate("power, mixed (lmer REML, t with df 14)", s2$rej_mixed)
prt_rate("power, means (pooled t test on cluster means, df 14)", s2$rej_means)
prt_rate("fraction of singular fits (isSingular)", s2$sing)
report_conv()
prt_rate("fraction of studies where the two decisions differ", s2$rej_mixed != s2$rej_means)
cat("  mixed rejects & means does not:", sum(s2$rej_mixed & !s2$rej_means),
    "  means rejects & mixed does not:", sum(!s2$rej_mixed & s2$rej_means), "\n")
prt_rate("power, mixed, among singular fits", s2$rej_mixed[s2$sing])
prt_rate("power, mixed, among non-singular fits", s2$rej_mixed[!s2$sing])
prt_rate("power, means, among singular fits", s2$rej_means[s2$sing])
prt_rate("power, means, among non-singular fits", s2$rej_means[!s2$sing])
dd <- 0.5 / sqrt(0.1 + 0.9 / 5)
cat("  closed form for the means test: d = 0.5/sqrt(0.1 + 0.9/5) =", f(dd), "\n")
cat("  pwr.t.test(n = 8, d, sig.level = 0.05)$power =",
    f(pwr.t.test(n = 8, d = dd, sig.level = 0.05)$power), "\n")
cat(sprintf("Satterthwaite (lmerTest::lmer, summary ddf = 'Satterthwaite'), first %d studies:\n", R2_satt))
prt_rate("power, lmerTest Satterthwaite p < 0.05", s2$p_satt < 0.05)
prt_rate("power, mixed df 14, same first studies", s2$rej_mixed[seq_len(R2_satt)])
prt_rate("power, means, same first studies", s2$rej_means[seq_len(R2_satt)])
cat("  Satterthwaite df over those studies: median", f(median(s2$df_satt)), " mean",
    f(mean(s2$df_satt)), " min", f(min(s2$df_satt)), " max", f(max(s2$df_satt)), "\n")
cat("  check, fast path vs plain lmer (in lmerTest::lmer) on those studies: max |diff| estimate",
    f(s2$chk[["est"]]), " SE", f(s2$chk[["se"]]), " p(df 14)", f(s2$chk[["p"]]), "\n")

set.seed(20240202)
s2n <- sim_two_arm_equal(R2, delta = 0, icc = 0.1, n = 8, m = 5, alpha = 0.05)
cat(sprintf("\nNull: set.seed(20240202); R = %d studies; difference 0\n", R2))
prt_rate("size, mixed (df 14)", s2n$rej_mixed)
prt_rate("size, means", s2n$rej_means)
prt_rate("fraction of singular fits", s2n$sing)
prt_rate("fraction of studies where the two decisions differ", s2n$rej_mixed != s2n$rej_means)
prt_rate("size, mixed, among singular fits", s2n$rej_mixed[s2n$sing])
prt_rate("size, mixed, among non-singular fits", s2n$rej_mixed[!s2n$sing])
report_conv()
cat(sprintf("section 2 elapsed: %.1f s\n\n", proc.time()[["elapsed"]] - t0))

# =============================================================================================
cat("=============================================================================\n")
cat("SECTION 3. Power, varying cluster sizes m_i = max(1, round(5 * G)), G ~ Gamma(shape 1/cv^2,\n")
cat("           scale cv^2), cv = 0.5; 2 arms, n = 10 clusters/arm, icc = 0.2, sigma = 1,\n")
cat("           difference 0.6, alpha 0.05 two-sided; mixed df = C - k = 18\n")
cat("=============================================================================\n")
t0 <- proc.time()[["elapsed"]]
cv <- 0.5; shp <- 1 / cv^2; scl <- cv^2
kk <- 1:200
pk <- pgamma((kk + 0.5) / 5, shape = shp, scale = scl) - pgamma((kk - 0.5) / 5, shape = shp, scale = scl)
pk[1] <- pgamma(1.5 / 5, shape = shp, scale = scl)
cat("Exact discretised size distribution (sum over k = 1..200):\n")
cat("  sum P(m = k) =", f(sum(pk)), "  tail P(5G >= 200.5) =",
    f(pgamma(200.5 / 5, shape = shp, scale = scl, lower.tail = FALSE)), "\n")
cat("  E[m]   =", f(sum(kk * pk)), "\n")
cat("  E[1/m] =", f(sum(pk / kk)), "\n")
cat("  E[m^2] =", f(sum(kk^2 * pk)), "  SD(m) =", f(sqrt(sum(kk^2 * pk) - sum(kk * pk)^2)), "\n")
cat("  P(m = k), k = 1..15:", fv(pk[1:15]), "\n")

sim_varying <- function(R, delta, icc, n, alpha, n_check = 0) {
  C <- 2 * n; k <- 2; df <- C - k
  rej_mixed <- rej_means <- sing <- logical(R)
  chk <- c(est = 0, se = 0)
  msum <- 0; mcount <- 0
  for (r in seq_len(R)) {
    # order of draws per study: sizes (C gamma draws, control clusters first), then b (C), then e (N)
    sizes <- pmax(1, round(5 * rgamma(C, shape = shp, scale = scl)))
    b <- rnorm(C, 0, sqrt(icc))
    N <- sum(sizes)
    e <- rnorm(N, 0, sqrt(1 - icc))
    mu <- rep(c(0, delta), each = n)
    y <- rep(mu + b, sizes) + e
    cl <- rep(seq_len(C), sizes)
    d <- data.frame(arm = factor(rep(rep(c("A", "B"), each = n), sizes)),
                    cluster = factor(cl), y = y)
    lmod <- lFormula(y ~ arm + (1 | cluster), data = d, REML = TRUE, control = ctrl)
    fit <- fastfit(lmod, y)
    mt <- mixed_test(fit, df)
    rej_mixed[r] <- mt$p < alpha
    sing[r] <- isSingular(fit)
    ybar <- as.vector(rowsum(y, cl)) / sizes
    rej_means[r] <- t.test(ybar[n + seq_len(n)], ybar[seq_len(n)], var.equal = TRUE)$p.value < alpha
    msum <- msum + sum(sizes); mcount <- mcount + C
    if (r <= n_check) {
      fp <- suppressMessages(lme4::lmer(y ~ arm + (1 | cluster), data = d, REML = TRUE))
      chk <- pmax(chk, c(abs(fixef(fp)[["armB"]] - mt$est[["armB"]]),
                         abs(sqrt(diag(as.matrix(vcov(fp))))[["armB"]] - mt$se[["armB"]])))
    }
  }
  list(rej_mixed = rej_mixed, rej_means = rej_means, sing = sing, chk = chk,
       mean_size = msum / mcount)
}

R3 <- 10000
set.seed(20240301)
s3 <- sim_varying(R3, delta = 0.6, icc = 0.2, n = 10, alpha = 0.05, n_check = 200)
cat(sprintf("\nset.seed(20240301); R = %d studies; difference 0.6\n", R3))
prt_rate("power, mixed (lmer REML, t with df 18)", s3$rej_mixed)
prt_rate("power, means (unweighted pooled t test on cluster means)", s3$rej_means)
prt_rate("fraction of singular fits", s3$sing)
prt_rate("fraction of studies where the two decisions differ", s3$rej_mixed != s3$rej_means)
report_conv()
cat("  mean simulated cluster size:", f(s3$mean_size), "\n")
cat("  check, fast path vs plain lme4::lmer on the first 200 studies: max |diff| estimate",
    f(s3$chk[["est"]]), " SE", f(s3$chk[["se"]]), "\n")
set.seed(20240302)
s3n <- sim_varying(R3, delta = 0, icc = 0.2, n = 10, alpha = 0.05)
cat(sprintf("\nNull: set.seed(20240302); R = %d studies; difference 0\n", R3))
prt_rate("size, mixed (df 18)", s3n$rej_mixed)
prt_rate("size, means", s3n$rej_means)
prt_rate("fraction of singular fits", s3n$sing)
prt_rate("fraction of studies where the two decisions differ", s3n$rej_mixed != s3n$rej_means)
report_conv()
cat(sprintf("section 3 elapsed: %.1f s\n\n", proc.time()[["elapsed"]] - t0))

# =============================================================================================
cat("=============================================================================\n")
cat("SECTION 4. Multi-arm: 4 arms (A control; B, C, D differences 0.3, 0.5, 0.7), n = 6\n")
cat("           clusters/arm, m = 4, icc = 0.15, sigma = 1; mixed t test of each treatment\n")
cat("           coefficient vs control, df = C - k = 24 - 4 = 20, alpha 0.05 two-sided\n")
cat("=============================================================================\n")
t0 <- proc.time()[["elapsed"]]
R4 <- 5000
set.seed(20240401)
des4 <- make_design(4, 6, 4)
rej4 <- matrix(FALSE, R4, 3, dimnames = list(NULL, c("armB", "armC", "armD")))
sing4 <- logical(R4)
for (r in seq_len(R4)) {
  y <- gen_equal(des4, c(0, 0.3, 0.5, 0.7), 0.15)
  fit <- fastfit(des4$lmod, y)
  rej4[r, ] <- mixed_test(fit, des4$C - des4$k)$p < 0.05
  sing4[r] <- isSingular(fit)
}
cat(sprintf("set.seed(20240401); R = %d studies (one lmer fit per study, all three tests from it)\n", R4))
prt_rate("power, B (difference 0.3) vs A, mixed df 20", rej4[, "armB"])
prt_rate("power, C (difference 0.5) vs A, mixed df 20", rej4[, "armC"])
prt_rate("power, D (difference 0.7) vs A, mixed df 20", rej4[, "armD"])
prt_rate("fraction of singular fits", sing4)
report_conv()
cat(sprintf("section 4 elapsed: %.1f s\n\n", proc.time()[["elapsed"]] - t0))

# =============================================================================================
cat("=============================================================================\n")
cat("SECTION 5. Timing of one lme4::lmer fit, section 2's design (2 x 8 clusters x 5, N = 80)\n")
cat("=============================================================================\n")
set.seed(20240501)
des5 <- make_design(2, 8, 5)
ys5 <- lapply(1:200, function(i) gen_equal(des5, c(0, 0.5), 0.1))
d5 <- des5$d
invisible(suppressMessages(lme4::lmer(y ~ arm + (1 | cluster), data = d5)))   # warm-up
tm_fit <- tm_fit_sum <- numeric(200)
for (i in 1:200) {
  d5$y <- ys5[[i]]
  tm_fit[i] <- system.time(suppressMessages(
    lme4::lmer(y ~ arm + (1 | cluster), data = d5, REML = TRUE)))[["elapsed"]]
  tm_fit_sum[i] <- system.time({
    fx <- suppressMessages(lme4::lmer(y ~ arm + (1 | cluster), data = d5, REML = TRUE))
    cs <- coef(summary(fx)); isSingular(fx)
  })[["elapsed"]]
}
cat("200 fits, system.time elapsed per fit (machine shared with other jobs; not reproducible):\n")
cat(sprintf("  lmer() alone:                          median %.1f ms  mean %.2f ms\n",
            1000 * median(tm_fit), 1000 * mean(tm_fit)))
cat(sprintf("  lmer() + coef(summary()) + isSingular: median %.1f ms  mean %.2f ms\n",
            1000 * median(tm_fit_sum), 1000 * mean(tm_fit_sum)))
cat("  (system.time resolution is 1 ms)\n")
cat("  CPU:", tryCatch(sub(".*: ", "", grep("model name", readLines("/proc/cpuinfo"), value = TRUE)[1]),
                      error = function(e) "unknown"), "\n\n")

cat(sprintf("Total script elapsed: %.1f s\n", proc.time()[["elapsed"]] - t_script))
