# Count outcomes: Poisson and negative-binomial Wald tests for the treatment effect (log rate ratio)
# in a two-group model y ~ g, g a factor with reference level "ref" (coefficient 2 = log(rate_trt / rate_ref)).
#  (a) Fixed data, glm(y ~ g, family = poisson): treatment coefficient, SE, z, two-sided p
#      (summary()$coefficients row 2) and one-sided p for "greater" = pnorm(-z); without offset and with
#      offset(log(rep(2.5, N))) (exposure 2.5 for every subject). Data sets:
#        P1 ref = c(3,5,2,4,6,3), trt = c(6,8,5,7,9,4);  P2 ref = c(0,1,0,2,1), trt = c(2,3,1,4,2,3,5).
#  (b) Fixed data, MASS::glm.nb(y ~ g): fit$theta, fit$SE.theta, treatment coefficient, SE, z, two-sided p
#      (summary()$coefficients row 2), fit$twologlik; warnings are captured and printed. Each set is fitted
#      with the default control (epsilon 1e-8) and again with glm.control(epsilon = 1e-13, maxit = 200)
#      (tighter convergence, closer to the exact MLE). Data sets:
#        NB1 ref = c(0,3,1,7,2,0,5,12,1,4), trt = c(4,9,2,15,6,1,11,20,3,8,0,14)
#        NB2 ref = c(10,2,0,25,3,8,1,0,14,6), trt = c(30,5,2,41,12,0,9,22,3,17)
#        NB3 (underdispersed) ref = c(4,5,4,5,4,6), trt = c(6,7,6,7,6,8)
#  (c) Simulated power of the two-sided Poisson Wald test (alpha 0.05): rates ref 4.0 / trt 5.5, exposure 1,
#      n = 20 per group, 100000 replicates; size under H0 (4 vs 4). The GLM MLEs are the group means, so
#      z = log(mean_t / mean_r) / sqrt(1/sum_t + 1/sum_r) (vectorized), checked against
#      summary(glm(poisson))$coefficients[2, 3] on the first 1000 replicates (default glm.control and
#      glm.control(epsilon = 1e-15, maxit = 100): with the default tolerance glm's z is only ~1e-4
#      accurate). Replicates with a group sum of 0 count as not rejecting.
#      Closed form: power = pnorm(D - qnorm(0.975)) + pnorm(-D - qnorm(0.975)),
#      D = |log(5.5/4)| / sqrt(1/(20*4) + 1/(20*5.5)).
#  (d) Simulated power of the two-sided NB Wald test (alpha 0.05): p = summary(glm.nb)$coefficients[2, 4];
#      rnbinom(size = 2, mu) (var = mu + mu^2/2), rates ref 4 / trt 6, n = 30 per group, 20000 replicates;
#      size under H0 (4 vs 4). Warnings and errors are counted; errors (and NA p) count as not rejecting.
#      Rejection rates are given counting all replicates (warned fits used as they are).
#  (e) Zhu & Lakkis (2014, Stat Med 33:376-387) closed-form power / sample size for the NB rate ratio,
#      rates mu0 = 4 (ref), mu1 = 6 (trt), theta = 2 (k = 1/theta = 0.5), exposure t = 1, equal allocation
#      (r = n1/n0 = 1), two-sided alpha 0.05. Implemented as in MKmisc::power.nb.test (MKmisc is not
#      installable here: no Debian package r-cran-mkmisc), for all three V0 choices:
#        V1           = (1/t) (1/mu0 + 1/(r mu1)) + (1 + r) k / r
#        V0, approach 1 (null rate = reference rate mu0):  (1 + r)/(t r mu0) + (1 + r) k / r
#        V0, approach 2 (V0 = V1):                          (1/t) (1/mu0 + 1/(r mu1)) + (1 + r) k / r
#        V0, approach 3 (restricted MLE, pooled rate (mu0 + r mu1)/(1 + r)):
#                                                           (1 + r)^2/(t r (mu0 + r mu1)) + (1 + r) k / r
#        power(n) = pnorm((sqrt(n) |log(mu1/mu0)| - z_{1-a/2} sqrt(V0)) / sqrt(V1))   (n = per group)
#        n        = ((z_{1-a/2} sqrt(V0) + z_{1-b} sqrt(V1)) / log(mu1/mu0))^2            (unrounded)
# Simulation draw order (each scenario, after set.seed(1)): all reference counts (reps * n draws, filled
# row-wise into a reps x n matrix: replicate 1 = draws 1..n, ...), then all treatment counts likewise.
# Monte Carlo SE = sqrt(p (1 - p) / reps).
# Run: cd tests/references && Rscript counts.R > counts.R.out   (R 4.2.2, MASS; ~3-5 minutes on 2 cores)
library(MASS)
library(parallel)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " MASS", as.character(packageVersion("MASS")), "\n\n")

mkdata <- function(ref, trt) {
  data.frame(y = c(ref, trt),
             g = factor(c(rep("ref", length(ref)), rep("trt", length(trt))), levels = c("ref", "trt")))
}

cat("== (a) fixed data, glm(y ~ g, family = poisson) ==\n")
pois_show <- function(label, ref, trt) {
  d <- mkdata(ref, trt); N <- nrow(d)
  for (off in c(FALSE, TRUE)) {
    fit <- if (!off) glm(y ~ g, family = poisson, data = d) else
      glm(y ~ g + offset(log(rep(2.5, N))), family = poisson, data = d)
    cf <- summary(fit)$coefficients
    z <- cf[2, 3]
    cat(sprintf("%s%s\n", label, if (off) "  [offset log(2.5), exposure 2.5 each]" else "  [no offset]"))
    cat("  intercept (log ref rate):", f(cf[1, 1]), "\n")
    cat("  coef trt (log RR):", f(cf[2, 1]), "\n")
    cat("  SE:               ", f(cf[2, 2]), "\n")
    cat("  z:                ", f(z), "\n")
    cat("  p two-sided:      ", f(cf[2, 4]), "\n")
    cat("  p greater pnorm(-z):", f(pnorm(-z)), "\n")
  }
  st <- sum(trt); sr <- sum(ref)
  zc <- log(mean(trt) / mean(ref)) / sqrt(1 / st + 1 / sr)
  cat("  exact MLE closed form (same with/without the common offset): log RR = log(mean_t/mean_r) =",
      f(log(mean(trt) / mean(ref))), "\n")
  cat("    SE = sqrt(1/sum_t + 1/sum_r) =", f(sqrt(1 / st + 1 / sr)), "  z =", f(zc),
      "  p two-sided =", f(2 * pnorm(-abs(zc))), "  p greater =", f(pnorm(-zc)), "\n")
  cat("    (glm stops IRLS at relative deviance change < 1e-8, so its SE/z differ from the exact MLE values in late digits)\n")
}
pois_show("P1 ref = c(3,5,2,4,6,3), trt = c(6,8,5,7,9,4)", c(3, 5, 2, 4, 6, 3), c(6, 8, 5, 7, 9, 4))
pois_show("P2 ref = c(0,1,0,2,1), trt = c(2,3,1,4,2,3,5)", c(0, 1, 0, 2, 1), c(2, 3, 1, 4, 2, 3, 5))

cat("\n== (b) fixed data, MASS::glm.nb(y ~ g) ==\n")
nb_show <- function(label, ref, trt) {
  d <- mkdata(ref, trt)
  w <- character(0)
  fit <- withCallingHandlers(glm.nb(y ~ g, data = d),
                             warning = function(wn) { w <<- c(w, conditionMessage(wn)); invokeRestart("muffleWarning") })
  cf <- summary(fit)$coefficients
  cat(label, "\n")
  cat("  warnings:", if (length(w)) paste0("\"", w, "\"", collapse = "; ") else "none", "\n")
  cat("  theta:        ", f(fit$theta), "\n")
  cat("  SE.theta:     ", f(fit$SE.theta), "\n")
  cat("  iterations:   ", fit$iter, "\n")
  cat("  intercept:    ", f(cf[1, 1]), "\n")
  cat("  coef trt:     ", f(cf[2, 1]), "\n")
  cat("  SE:           ", f(cf[2, 2]), "\n")
  cat("  z:            ", f(cf[2, 3]), "\n")
  cat("  p two-sided:  ", f(cf[2, 4]), "\n")
  cat("  twologlik:    ", f(fit$twologlik), "\n")
  w2 <- character(0)
  fit2 <- tryCatch(withCallingHandlers(glm.nb(y ~ g, data = d, control = glm.control(epsilon = 1e-13, maxit = 200)),
                              warning = function(wn) { w2 <<- c(w2, conditionMessage(wn)); invokeRestart("muffleWarning") }),
                   error = function(e) e)
  if (inherits(fit2, "error")) {
    cat("  tight convergence glm.control(epsilon = 1e-13, maxit = 200): ERROR \"", conditionMessage(fit2),
        "\"; warnings before it:", if (length(w2)) paste0("\"", w2, "\"", collapse = "; ") else "none", "\n")
    return(invisible(fit))
  }
  c2 <- summary(fit2)$coefficients
  cat("  tight convergence glm.control(epsilon = 1e-13, maxit = 200): warnings:",
      if (length(w2)) paste0("\"", w2, "\"", collapse = "; ") else "none", "\n")
  cat("    theta", f(fit2$theta), " coef", f(c2[2, 1]), " SE", f(c2[2, 2]), " z", f(c2[2, 3]),
      " p", f(c2[2, 4]), " twologlik", f(fit2$twologlik), "\n")
  invisible(fit)
}
nb_show("NB1 ref = c(0,3,1,7,2,0,5,12,1,4), trt = c(4,9,2,15,6,1,11,20,3,8,0,14)",
        c(0, 3, 1, 7, 2, 0, 5, 12, 1, 4), c(4, 9, 2, 15, 6, 1, 11, 20, 3, 8, 0, 14))
nb_show("NB2 ref = c(10,2,0,25,3,8,1,0,14,6), trt = c(30,5,2,41,12,0,9,22,3,17)",
        c(10, 2, 0, 25, 3, 8, 1, 0, 14, 6), c(30, 5, 2, 41, 12, 0, 9, 22, 3, 17))
u_ref <- c(4, 5, 4, 5, 4, 6); u_trt <- c(6, 7, 6, 7, 6, 8)
nb_show("NB3 (underdispersed) ref = c(4,5,4,5,4,6), trt = c(6,7,6,7,6,8)", u_ref, u_trt)
local({
  d <- mkdata(u_ref, u_trt)
  pf <- glm(y ~ g, family = poisson, data = d)
  cf <- summary(pf)$coefficients
  cat("  for comparison, Poisson glm on NB3: coef", f(cf[2, 1]), " SE", f(cf[2, 2]), " z", f(cf[2, 3]),
      " p", f(cf[2, 4]), " 2*logLik", f(2 * as.numeric(logLik(pf))), "\n")
  cat("  group variances: ref", f(var(u_ref)), " trt", f(var(u_trt)), " (means", f(mean(u_ref)), f(mean(u_trt)), ")\n")
})

cat("\n== (c) simulated power of the Poisson Wald test, two-sided alpha 0.05, n = 20 per group ==\n")
pois_sim <- function(rate_r, rate_t, n = 20, reps = 100000, chk = 1000) {
  set.seed(1)
  R <- matrix(rpois(reps * n, rate_r), nrow = reps, byrow = TRUE)
  Tm <- matrix(rpois(reps * n, rate_t), nrow = reps, byrow = TRUE)
  sr <- rowSums(R); st <- rowSums(Tm)
  zero <- sr == 0 | st == 0
  z <- log((st / n) / (sr / n)) / sqrt(1 / st + 1 / sr)
  agree <- 0; maxd <- 0; agree_t <- 0; maxd_t <- 0; same_dec <- 0
  g <- factor(rep(c("ref", "trt"), each = n), levels = c("ref", "trt"))
  for (i in seq_len(chk)) {
    yy <- c(R[i, ], Tm[i, ])
    zg <- summary(glm(yy ~ g, family = poisson))$coefficients[2, 3]
    zt <- summary(glm(yy ~ g, family = poisson,
                      control = glm.control(epsilon = 1e-15, maxit = 100)))$coefficients[2, 3]
    agree <- agree + (abs(zg - z[i]) <= 1e-8); maxd <- max(maxd, abs(zg - z[i]))
    agree_t <- agree_t + (abs(zt - z[i]) <= 1e-8); maxd_t <- max(maxd_t, abs(zt - z[i]))
    same_dec <- same_dec + ((abs(zg) > qnorm(0.975)) == (abs(z[i]) > qnorm(0.975)))
  }
  rej <- !zero & abs(z) > qnorm(0.975)
  p <- mean(rej)
  cat(sprintf("rates ref %g / trt %g, exposure 1, n = %d per group, reps = %d\n", rate_r, rate_t, n, reps))
  cat(sprintf("  closed-form z vs glm summary z (default glm.control, epsilon 1e-8) on first %d reps: %d agree within 1e-8 (max |diff| %s); same reject decision %d/%d\n",
              chk, agree, f(maxd), same_dec, chk))
  cat(sprintf("  closed-form z vs glm summary z (glm.control(epsilon = 1e-15, maxit = 100)) on first %d reps: %d agree within 1e-8 (max |diff| %s)\n",
              chk, agree_t, f(maxd_t)))
  cat("  replicates with a group sum of 0 (not rejecting):", sum(zero), "\n")
  cat("  rejection rate:", f(p), "  MC SE:", f(sqrt(p * (1 - p) / reps)), "\n")
}
pois_sim(4, 5.5)
pois_sim(4, 4)
D <- abs(log(5.5 / 4)) / sqrt(1 / (20 * 4) + 1 / (20 * 5.5))
cat("closed form: D = |log(5.5/4)| / sqrt(1/80 + 1/110) =", f(D), "\n")
cat("  power = pnorm(D - qnorm(0.975)) + pnorm(-D - qnorm(0.975)) =",
    f(pnorm(D - qnorm(0.975)) + pnorm(-D - qnorm(0.975))), "\n")

cat("\n== (d) simulated power of the NB Wald test (MASS::glm.nb), two-sided alpha 0.05 ==\n")
nb_fit1 <- function(y, g) {
  w <- character(0)
  res <- tryCatch(withCallingHandlers({
    fit <- glm.nb(y ~ g)
    cf <- summary(fit)$coefficients
    list(p = cf[2, 4], err = NA_character_)
  }, warning = function(wn) { w <<- c(w, conditionMessage(wn)); invokeRestart("muffleWarning") }),
  error = function(e) list(p = NA_real_, err = conditionMessage(e)))
  res$warn <- w
  res
}
nb_sim <- function(mu_r, mu_t, size = 2, n = 30, reps = 20000) {
  set.seed(1)
  R <- matrix(rnbinom(reps * n, size = size, mu = mu_r), nrow = reps, byrow = TRUE)
  Tm <- matrix(rnbinom(reps * n, size = size, mu = mu_t), nrow = reps, byrow = TRUE)
  g <- factor(rep(c("ref", "trt"), each = n), levels = c("ref", "trt"))
  out <- mclapply(seq_len(reps), function(i) nb_fit1(c(R[i, ], Tm[i, ]), g), mc.cores = 2)
  p <- vapply(out, `[[`, 0, "p")
  nwarn <- vapply(out, function(o) length(o$warn), 0L)
  err <- vapply(out, function(o) !is.na(o$err), NA)
  rej <- !is.na(p) & p < 0.05
  pr <- mean(rej)
  cat(sprintf("rates ref %g / trt %g, size (theta) %g, n = %d per group, reps = %d\n", mu_r, mu_t, size, n, reps))
  cat("  replicates with >= 1 warning:", sum(nwarn > 0), " total warnings:", sum(nwarn), "\n")
  if (any(nwarn > 0)) {
    tw <- table(unlist(lapply(out, `[[`, "warn")))
    for (k in names(tw)) cat(sprintf("    %6d x \"%s\"\n", tw[[k]], k))
  }
  cat("  replicates with an error (not rejecting):", sum(err), "\n")
  if (any(err)) {
    te <- table(vapply(out[err], `[[`, "", "err"))
    for (k in names(te)) cat(sprintf("    %6d x \"%s\"\n", te[[k]], k))
  }
  cat("  replicates with NA p (incl. errors):", sum(is.na(p)), "\n")
  cat("  rejection rate (all reps):", f(pr), "  MC SE:", f(sqrt(pr * (1 - pr) / reps)), "\n")
  ok <- nwarn == 0 & !err
  pw <- mean(rej[ok])
  cat("  rejection rate among warning-free fits:", f(pw), " (", sum(ok), "fits )  MC SE:",
      f(sqrt(pw * (1 - pw) / sum(ok))), "\n")
}
print(system.time(nb_sim(4, 6)))
print(system.time(nb_sim(4, 4)))

cat("\n== (e) Zhu & Lakkis (2014) closed form, mu0 = 4 (ref), mu1 = 6 (trt), theta = 2, t = 1, r = 1, two-sided alpha 0.05 ==\n")
zl <- function(mu0, mu1, theta, t = 1, r = 1, alpha = 0.05, n = NULL, power = NULL, approach) {
  k <- 1 / theta
  V1 <- (1 / t) * (1 / mu0 + 1 / (r * mu1)) + (1 + r) * k / r
  V0 <- switch(approach,
               (1 + r) / (t * r * mu0) + (1 + r) * k / r,
               V1,
               (1 + r)^2 / (t * r * (mu0 + r * mu1)) + (1 + r) * k / r)
  za <- qnorm(1 - alpha / 2)
  lrr <- abs(log(mu1 / mu0))
  list(V0 = V0, V1 = V1,
       power = if (!is.null(n)) pnorm((sqrt(n) * lrr - za * sqrt(V0)) / sqrt(V1)),
       n = if (!is.null(power)) ((za * sqrt(V0) + qnorm(power) * sqrt(V1)) / lrr)^2)
}
cat("V1 = (1/t)(1/mu0 + 1/(r mu1)) + (1+r) k / r, k = 1/theta  ->  with t = r = 1: 1/mu0 + 1/mu1 + 2/theta\n")
cat("power(n) = pnorm((sqrt(n)|log(mu1/mu0)| - z_{0.975} sqrt(V0)) / sqrt(V1));  n = ((z_{0.975} sqrt(V0) + z_{0.8} sqrt(V1)) / log(mu1/mu0))^2\n")
lab <- c("approach 1: V0 = (1+r)/(t r mu0) + (1+r)k/r  [null rate = reference rate mu0] -> 2/mu0 + 2/theta",
         "approach 2: V0 = V1  [true rates]",
         "approach 3: V0 = (1+r)^2/(t r (mu0 + r mu1)) + (1+r)k/r  [restricted MLE, pooled rate] -> 4/(mu0+mu1) + 2/theta")
for (a in 1:3) {
  r1 <- zl(4, 6, 2, n = 30, approach = a)
  r2 <- zl(4, 6, 2, power = 0.8, approach = a)
  cat(lab[a], "\n")
  cat("  V0 =", f(r1$V0), "  V1 =", f(r1$V1), "\n")
  cat("  power at n = 30 per group:", f(r1$power), "\n")
  cat("  n per group for power 0.8 (unrounded):", f(r2$n), "\n")
}
cat("Pure Wald with V1 and both tails, n = 30: pnorm(s - z) + pnorm(-s - z), s = sqrt(30)|log 1.5|/sqrt(V1):",
    local({ V1 <- 1/4 + 1/6 + 1; s <- sqrt(30) * log(1.5) / sqrt(V1)
            f(pnorm(s - qnorm(0.975)) + pnorm(-s - qnorm(0.975))) }), "\n")
