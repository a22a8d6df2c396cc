# Log-rank test (two groups, reference "ref" vs treatment "trt"): fixed-data values, simulated power,
# analytic expected events, rpact's Schoenfeld power / sample size, and rpact simulation timing.
#  (a) survival::survdiff(Surv(time, status) ~ g), g = factor(levels = c("ref", "trt")): chisq, p,
#      observed and expected events per group, var matrix, and the signed z = (O_trt - E_trt) / sqrt(V),
#      V = var[1, 1] (= var[2, 2] for two groups). Data sets:
#        S1 trt time c(5,8,12,12,15,20,22,30), status c(1,1,0,1,1,0,1,0);
#           ref time c(3,4,6,9,10,11,14,18,25), status c(1,1,1,1,0,1,1,1,0)
#        S2 trt time c(2.5,7.1,9.9,14.2,19.0,21.4), status c(1,0,1,1,0,0);
#           ref time c(1.2,3.3,3.3,6.0,8.8,12.5,15.1), status c(1,1,1,1,0,1,1)
#  (b) Simulated power of the two-sided log-rank test (survdiff chisq p < 0.05), n = 100 per group,
#      20000 replicates, design: entry u ~ U(0, 12) months, administrative censoring at 24 - u (follow-up
#      12 months after the last entry), loss to follow-up ~ Exp(mu), mu = -log(1 - 0.1)/12 per month;
#      observed time = min(T, L, 24 - u), event iff T <= min(L, 24 - u). Scenarios:
#        exponential T, medians 12 (ref) / 18 (trt) (rate log(2)/median); null: both medians 12;
#        Weibull T, shape 1.5, medians 12 / 18, scale = median / log(2)^(1/1.5) (true HR = (12/18)^1.5).
#      Printed: rejection rate, MC SE = sqrt(p (1 - p) / reps), mean observed events per group and total.
#      survdiff itself is used for every replicate (about 2 ms per call; run on 2 cores with mclapply; the
#      data are drawn before the fits, so results do not depend on the parallelism).
#      Draw order (each scenario, after set.seed(1)): reference group: entry times runif(reps*n, 0, 12),
#      event times (rexp(reps*n, log(2)/median) or rweibull(reps*n, 1.5, scale)), loss times
#      rexp(reps*n, mu); then the treatment group in the same order. Every vector is filled row-wise into a
#      reps x n matrix (replicate 1 = draws 1..n, ...).
#  (c) Analytic P(observed event) per subject for design (b), entry U(0, 12), admin censoring at
#      s = 24 - u ~ U(12, 24), loss hazard mu (competing risk):
#        exponential, rate lambda: P = (1/12) int_12^24 lambda/(lambda+mu) (1 - exp(-(lambda+mu) s)) ds
#          (by integrate() and in closed form lambda/a * (1 - (exp(-12 a) - exp(-24 a)) / (12 a)), a = lambda+mu)
#        Weibull: P = (1/12) int_12^24 [ int_0^s f(t) exp(-mu t) dt ] ds, f = dweibull(shape 1.5, scale);
#          by nested integrate() and as the single integral int_0^24 f(t) exp(-mu t) w(t) dt,
#          w(t) = 1 for t <= 12, (24 - t)/12 for 12 < t <= 24.
#      Expected events = 100 * P per group, and the total.
#  (d) rpact Schoenfeld power and sample size (group 1 = treatment, lambda1 = log(2)/18; group 2 = reference,
#      lambda2 = log(2)/12; dropout 10% within 12 months in each group). getPowerSurvival has no followUpTime
#      argument and needs maxNumberOfEvents, so it is called with maxNumberOfEvents = the analytic total
#      expected events of (c) at n = 200 (and with its ceiling); its analysisTime should then be 24.
#      getSampleSizeSurvival(..., followUpTime = 12, beta = 0.2): eventsFixed / maxNumberOfEvents,
#      nFixed / maxNumberOfSubjects. Repeated for Weibull kappa = 1.5 with median1 = 18, median2 = 12
#      (rpact: S(t) = exp(-(lambda t)^kappa), so lambda = log(2)^(1/kappa) / median, HR = (lambda1/lambda2)^kappa).
#      rpact 3.3.4 refuses Weibull together with a dropout rate ("use simulation instead"): the error is
#      printed, the Weibull design with dropout is done by hand (Schoenfeld power at the (c) events; events
#      for power 0.8; n_total = events / mean P(event)), and rpact is shown for Weibull without dropout.
#      By hand: Schoenfeld events = 4 (qnorm(0.975) + qnorm(0.8))^2 / log(HR)^2, HR = 12/18 (and (12/18)^1.5);
#      Schoenfeld power with D events = pnorm(sqrt(D)/2 |log HR| - qnorm(0.975)) + pnorm(-sqrt(D)/2 |log HR| - qnorm(0.975)).
#  (e) Timing of rpact::getSimulationSurvival (10000 iterations, seed = 1), 3 runs each, elapsed seconds.
#      rpact's survival simulation only implements one-sided designs, so the design is
#      getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1) with directionUpper = FALSE (HR < 1),
#      i.e. the upper half of the two-sided alpha 0.05 test. The simulation is event-driven (analysis at the
#      time of the plannedEvents-th event), not a fixed 24-month follow-up. Configurations:
#        (e1) plannedEvents = ceiling(expected events at n = 200 from (c)/(d)), maxNumberOfSubjects = 200;
#        (e2) plannedEvents = ceiling(eventsFixed from getSampleSizeSurvival in (d)), maxNumberOfSubjects = 200
#             (as literally asked; not achievable with 200 subjects, shown once);
#        (e3) plannedEvents = ceiling(eventsFixed), maxNumberOfSubjects = ceiling(nFixed) from (d).
# Run: cd tests/references && Rscript survival.R > survival.R.out   (R 4.2.2, survival, rpact; ~3 minutes on 2 cores)
suppressPackageStartupMessages({ library(survival); library(rpact); library(parallel) })
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " survival", as.character(packageVersion("survival")),
    " rpact", as.character(packageVersion("rpact")), "\n\n")

cat("== (a) fixed data, survdiff(Surv(time, status) ~ g) ==\n")
lr_show <- function(label, t_trt, s_trt, t_ref, s_ref) {
  time <- c(t_ref, t_trt); status <- c(s_ref, s_trt)
  g <- factor(c(rep("ref", length(t_ref)), rep("trt", length(t_trt))), levels = c("ref", "trt"))
  sd <- survdiff(Surv(time, status) ~ g)
  V <- sd$var[1, 1]
  z <- (sd$obs[2] - sd$exp[2]) / sqrt(V)
  cat(label, "\n")
  cat("  chisq:", f(sd$chisq), "  p:", f(pchisq(sd$chisq, 1, lower.tail = FALSE)), "\n")
  cat("  O ref:", f(sd$obs[1]), "  E ref:", f(sd$exp[1]), "\n")
  cat("  O trt:", f(sd$obs[2]), "  E trt:", f(sd$exp[2]), "\n")
  cat("  var[1,1]:", f(V), "  var[1,2]:", f(sd$var[1, 2]), "\n")
  cat("  signed z = (O_trt - E_trt)/sqrt(V):", f(z), "  z^2:", f(z^2), "\n")
}
lr_show("S1 trt c(5,8,12,12,15,20,22,30)/c(1,1,0,1,1,0,1,0); ref c(3,4,6,9,10,11,14,18,25)/c(1,1,1,1,0,1,1,1,0)",
        c(5, 8, 12, 12, 15, 20, 22, 30), c(1, 1, 0, 1, 1, 0, 1, 0),
        c(3, 4, 6, 9, 10, 11, 14, 18, 25), c(1, 1, 1, 1, 0, 1, 1, 1, 0))
lr_show("S2 trt c(2.5,7.1,9.9,14.2,19.0,21.4)/c(1,0,1,1,0,0); ref c(1.2,3.3,3.3,6.0,8.8,12.5,15.1)/c(1,1,1,1,0,1,1)",
        c(2.5, 7.1, 9.9, 14.2, 19.0, 21.4), c(1, 0, 1, 1, 0, 0),
        c(1.2, 3.3, 3.3, 6.0, 8.8, 12.5, 15.1), c(1, 1, 1, 1, 0, 1, 1))

accrual <- 12; follow <- 12; total <- accrual + follow
mu <- -log(1 - 0.1) / 12
cat("\nloss hazard mu = -log(0.9)/12 =", f(mu), "\n")

cat("\n== (b) simulated power of the two-sided log-rank test (survdiff), alpha 0.05 ==\n")
draw_group <- function(reps, n, rdist) {
  U <- matrix(runif(reps * n, 0, accrual), nrow = reps, byrow = TRUE)
  Tt <- matrix(rdist(reps * n), nrow = reps, byrow = TRUE)
  L <- matrix(rexp(reps * n, mu), nrow = reps, byrow = TRUE)
  C <- pmin(L, total - U)
  list(time = pmin(Tt, C), status = (Tt <= C) * 1)
}
lr_sim <- function(label, rdist_ref, rdist_trt, n = 100, reps = 20000) {
  set.seed(1)
  R <- draw_group(reps, n, rdist_ref)
  Tr <- draw_group(reps, n, rdist_trt)
  g <- factor(rep(c("ref", "trt"), each = n), levels = c("ref", "trt"))
  p <- unlist(mclapply(seq_len(reps), function(i) {
    sd <- survdiff(Surv(c(R$time[i, ], Tr$time[i, ]), c(R$status[i, ], Tr$status[i, ])) ~ g)
    pchisq(sd$chisq, 1, lower.tail = FALSE)
  }, mc.cores = 2))
  er <- rowSums(R$status); et <- rowSums(Tr$status)
  pw <- mean(p < 0.05)
  cat(label, sprintf(" (n = %d per group, reps = %d)\n", n, reps))
  cat("  rejection rate:", f(pw), "  MC SE:", f(sqrt(pw * (1 - pw) / reps)), "\n")
  cat("  mean events ref:", f(mean(er)), "  trt:", f(mean(et)), "  total:", f(mean(er + et)),
      "  (SD of total:", f(sd(er + et)), ")\n")
}
shp <- 1.5
wscale <- function(med) med / log(2)^(1 / shp)
print(system.time(lr_sim("exponential, medians ref 12 / trt 18 (HR 2/3)",
                         function(m) rexp(m, log(2) / 12), function(m) rexp(m, log(2) / 18))))
print(system.time(lr_sim("exponential, null, medians 12 / 12",
                         function(m) rexp(m, log(2) / 12), function(m) rexp(m, log(2) / 12))))
cat("Weibull scale = median / log(2)^(1/1.5): ref", f(wscale(12)), " trt", f(wscale(18)),
    "  true HR = (12/18)^1.5 =", f((12 / 18)^1.5), "\n")
print(system.time(lr_sim("Weibull shape 1.5, medians ref 12 / trt 18",
                         function(m) rweibull(m, shp, wscale(12)), function(m) rweibull(m, shp, wscale(18)))))

cat("\n== (c) analytic expected events, design (b), n = 100 per group ==\n")
p_exp <- function(lambda) {
  a <- lambda + mu
  num <- integrate(function(s) lambda / a * (1 - exp(-a * s)), 12, 24, rel.tol = 1e-13)$value / 12
  closed <- lambda / a * (1 - (exp(-12 * a) - exp(-24 * a)) / (12 * a))
  c(num = num, closed = closed)
}
p_weib <- function(scale) {
  dens <- function(t) dweibull(t, shp, scale) * exp(-mu * t)
  inner <- function(s) vapply(s, function(ss) integrate(dens, 0, ss, rel.tol = 1e-13)$value, 0)
  nested <- integrate(inner, 12, 24, rel.tol = 1e-12)$value / 12
  single <- integrate(dens, 0, 12, rel.tol = 1e-13)$value +
    integrate(function(t) dens(t) * (24 - t) / 12, 12, 24, rel.tol = 1e-13)$value
  c(num = nested, closed = single)
}
pe_r <- p_exp(log(2) / 12); pe_t <- p_exp(log(2) / 18)
cat("exponential: P(event) ref (median 12): integrate", f(pe_r[["num"]]), " closed form", f(pe_r[["closed"]]), "\n")
cat("             P(event) trt (median 18): integrate", f(pe_t[["num"]]), " closed form", f(pe_t[["closed"]]), "\n")
D_exp <- 100 * (pe_r[["closed"]] + pe_t[["closed"]])
cat("             expected events: ref", f(100 * pe_r[["closed"]]), " trt", f(100 * pe_t[["closed"]]),
    " total", f(D_exp), "\n")
cat("             null (both median 12): total", f(200 * pe_r[["closed"]]), "\n")
pw_r <- p_weib(wscale(12)); pw_t <- p_weib(wscale(18))
cat("Weibull 1.5: P(event) ref (median 12): nested integrate", f(pw_r[["num"]]), " single integral", f(pw_r[["closed"]]), "\n")
cat("             P(event) trt (median 18): nested integrate", f(pw_t[["num"]]), " single integral", f(pw_t[["closed"]]), "\n")
D_weib <- 100 * (pw_r[["closed"]] + pw_t[["closed"]])
cat("             expected events: ref", f(100 * pw_r[["closed"]]), " trt", f(100 * pw_t[["closed"]]),
    " total", f(D_weib), "\n")

cat("\n== (d) rpact Schoenfeld power and sample size ==\n")
schoen_power <- function(D, hr) {
  s <- sqrt(D) / 2 * abs(log(hr))
  pnorm(s - qnorm(0.975)) + pnorm(-s - qnorm(0.975))
}
show_power <- function(label, D, hr_hand, ...) {
  pw <- getPowerSurvival(typeOfComputation = "Schoenfeld", sided = 2, alpha = 0.05,
                         accrualTime = c(0, 12), maxNumberOfSubjects = 200, maxNumberOfEvents = D,
                         dropoutRate1 = 0.1, dropoutRate2 = 0.1, dropoutTime = 12, ...)
  cat(label, "\n")
  cat("  maxNumberOfEvents passed:", f(D), "\n")
  cat("  lambda1:", f(pw$lambda1), " lambda2:", f(pw$lambda2), " hazardRatio:", f(pw$hazardRatio), "\n")
  cat("  overallReject (power):", f(pw$overallReject), "\n")
  cat("  expectedNumberOfEvents:", f(pw$expectedNumberOfEvents), "  analysisTime:", f(pw$analysisTime),
      "  studyDuration:", f(pw$studyDuration), "\n")
  cat("  by hand pnorm(sqrt(D)/2 |log HR| - z) + pnorm(-sqrt(D)/2 |log HR| - z):", f(schoen_power(D, hr_hand)), "\n")
  invisible(pw)
}
show_ss <- function(label, hr_hand, ...) {
  a <- modifyList(list(typeOfComputation = "Schoenfeld", sided = 2, alpha = 0.05, beta = 0.2,
                        accrualTime = c(0, 12), followUpTime = 12,
                        dropoutRate1 = 0.1, dropoutRate2 = 0.1, dropoutTime = 12), list(...))
  ss <- do.call(getSampleSizeSurvival, a)
  cat(label, "\n")
  cat("  lambda1:", f(ss$lambda1), " lambda2:", f(ss$lambda2), " hazardRatio:", f(ss$hazardRatio), "\n")
  cat("  eventsFixed:", f(ss$eventsFixed), "  maxNumberOfEvents:", f(ss$maxNumberOfEvents), "\n")
  cat("  nFixed:", f(ss$nFixed), " (nFixed1", f(ss$nFixed1), " nFixed2", f(ss$nFixed2), ")  maxNumberOfSubjects:",
      f(ss$maxNumberOfSubjects), "\n")
  cat("  accrualIntensity:", f(ss$accrualIntensity), "  analysisTime:", f(ss$analysisTime), "\n")
  ev <- 4 * (qnorm(0.975) + qnorm(0.8))^2 / log(hr_hand)^2
  cat("  by hand Schoenfeld events 4 (qnorm(0.975) + qnorm(0.8))^2 / log(HR)^2, HR =", f(hr_hand), ":", f(ev), "\n")
  invisible(ss)
}
hr_e <- 12 / 18; hr_w <- (12 / 18)^1.5
pe <- show_power("getPowerSurvival, exponential lambda1 = log(2)/18, lambda2 = log(2)/12", D_exp, hr_e,
                 lambda1 = log(2) / 18, lambda2 = log(2) / 12)
show_power("  same with maxNumberOfEvents = ceiling(D)", ceiling(D_exp), hr_e,
           lambda1 = log(2) / 18, lambda2 = log(2) / 12)
se <- show_ss("getSampleSizeSurvival, exponential lambda1 = log(2)/18, lambda2 = log(2)/12", hr_e,
              lambda1 = log(2) / 18, lambda2 = log(2) / 12)
cat("rpact Weibull: lambda = log(2)^(1/kappa) / median: trt", f(log(2)^(1 / 1.5) / 18), " ref", f(log(2)^(1 / 1.5) / 12),
    "  (= 1 / R's rweibull scale)\n")
cat("n_total = events / mean P(event), P from (c): exponential", f(se$eventsFixed / ((pe_r[["closed"]] + pe_t[["closed"]]) / 2)),
    " (compare rpact nFixed above)\n")
err <- function(expr) tryCatch({ expr; "no error" }, error = function(e) conditionMessage(e))
cat("getPowerSurvival, Weibull kappa = 1.5, median1 = 18, median2 = 12, dropout 0.1/12 months:\n  ERROR:",
    err(getPowerSurvival(typeOfComputation = "Schoenfeld", sided = 2, alpha = 0.05, median1 = 18, median2 = 12,
                         kappa = 1.5, accrualTime = c(0, 12), maxNumberOfSubjects = 200, maxNumberOfEvents = D_weib,
                         dropoutRate1 = 0.1, dropoutRate2 = 0.1, dropoutTime = 12)), "\n")
cat("getSampleSizeSurvival, Weibull kappa = 1.5, median1 = 18, median2 = 12, dropout 0.1/12 months:\n  ERROR:",
    err(getSampleSizeSurvival(typeOfComputation = "Schoenfeld", sided = 2, alpha = 0.05, beta = 0.2,
                              median1 = 18, median2 = 12, kappa = 1.5, accrualTime = c(0, 12), followUpTime = 12,
                              dropoutRate1 = 0.1, dropoutRate2 = 0.1, dropoutTime = 12)), "\n")
cat("Weibull with the design's dropout, by hand: D (from (c)) =", f(D_weib), " HR = (12/18)^1.5 =", f(hr_w), "\n")
cat("  Schoenfeld power at D:", f(schoen_power(D_weib, hr_w)), "\n")
ev_w <- 4 * (qnorm(0.975) + qnorm(0.8))^2 / log(hr_w)^2
cat("  Schoenfeld events for power 0.8:", f(ev_w), "  n_total = events / mean P(event) (P from (c)):",
    f(ev_w / ((pw_r[["closed"]] + pw_t[["closed"]]) / 2)),
    " (valid only if the events are reached by 24 months with n_total subjects accrued over 12 months)\n")
cat("Weibull WITHOUT dropout (dropoutRate1 = dropoutRate2 = 0; a different design, shown because rpact refuses the one above):\n")
show_power <- function(label, D, hr_hand, drop = 0.1, ...) {
  pw <- getPowerSurvival(typeOfComputation = "Schoenfeld", sided = 2, alpha = 0.05,
                         accrualTime = c(0, 12), maxNumberOfSubjects = 200, maxNumberOfEvents = D,
                         dropoutRate1 = drop, dropoutRate2 = drop, dropoutTime = 12, ...)
  cat(label, "\n")
  cat("  maxNumberOfEvents passed:", f(D), "\n")
  cat("  lambda1:", f(pw$lambda1), " lambda2:", f(pw$lambda2), " hazardRatio:", f(pw$hazardRatio), "\n")
  cat("  overallReject (power):", f(pw$overallReject), "\n")
  cat("  expectedNumberOfEvents:", f(pw$expectedNumberOfEvents), "  analysisTime:", f(pw$analysisTime),
      "  studyDuration:", f(pw$studyDuration), "\n")
  cat("  by hand pnorm(sqrt(D)/2 |log HR| - z) + pnorm(-sqrt(D)/2 |log HR| - z):", f(schoen_power(D, hr_hand)), "\n")
  invisible(pw)
}
show_power("getPowerSurvival, Weibull kappa = 1.5, median1 = 18, median2 = 12, no dropout, maxNumberOfEvents = D (Weibull, with dropout, from (c))",
           D_weib, hr_w, drop = 0, median1 = 18, median2 = 12, kappa = 1.5)
show_ss("getSampleSizeSurvival, Weibull kappa = 1.5, median1 = 18, median2 = 12, no dropout", hr_w,
        median1 = 18, median2 = 12, kappa = 1.5, dropoutRate1 = 0, dropoutRate2 = 0)

cat("\n== (e) timing rpact::getSimulationSurvival, 10000 iterations, seed = 1 ==\n")
des <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
sim_time <- function(label, ev, nmax, runs = 3) {
  cat(label, sprintf(" plannedEvents = %g, maxNumberOfSubjects = %g\n", ev, nmax))
  for (k in seq_len(runs)) {
    w <- character(0)
    st <- system.time(s <- withCallingHandlers(
      getSimulationSurvival(design = des, lambda1 = log(2) / 18, lambda2 = log(2) / 12, directionUpper = FALSE,
                            accrualTime = c(0, 12), plannedEvents = ev, maxNumberOfSubjects = nmax,
                            dropoutRate1 = 0.1, dropoutRate2 = 0.1, dropoutTime = 12,
                            maxNumberOfIterations = 10000, seed = 1),
      warning = function(wn) { w <<- c(w, conditionMessage(wn)); invokeRestart("muffleWarning") }))
    cat(sprintf("  run %d: elapsed %.3f s  overallReject %s  iterations %s  eventsNotAchieved %s  analysisTime %s  expectedNumberOfEvents %s\n",
                k, st[["elapsed"]], f(s$overallReject), f(s$iterations), f(s$eventsNotAchieved),
                f(s$analysisTime), f(s$expectedNumberOfEvents)))
    if (length(w)) cat("    warnings:", paste0("\"", w, "\"", collapse = "; "), "\n")
  }
}
sim_time("(e1)", ceiling(D_exp), 200)
sim_time("(e2)", ceiling(se$eventsFixed), 200, runs = 1)
sim_time("(e3)", ceiling(se$eventsFixed), ceiling(se$nFixed))
