# Reference values for `plan effect` (tests/effect.rs): each path computed
# by hand in R with qt, qnorm and lgamma. Run from the repository root:
#   Rscript tests/references/effect.R > tests/references/effect.R.out
p <- function(...) cat(sprintf("%-28s %.15g\n", c(...)[1], as.numeric(c(...)[2])))
show <- function(name, x) cat(sprintf("%-28s %.15g\n", name, x))
cat("R", R.version$major, R.version$minor, "\n")

cat("\n# 1. two means with SDs: 122.7 (SD 20.1, n 27) vs 105.4 (SD 18.3, n 25)\n")
m <- c(122.7, 105.4); s <- c(20.1, 18.3); n <- c(27, 25); df <- sum(n) - 2
sp <- sqrt(((n[1] - 1) * s[1]^2 + (n[2] - 1) * s[2]^2) / df); d <- (m[1] - m[2]) / sp
J <- exp(lgamma(df / 2) - log(sqrt(df / 2)) - lgamma((df - 1) / 2))
show("diff", m[1] - m[2]); show("pooled_sd", sp); show("d", d); show("J", J); show("g", J * d)
show("se_d", sqrt(sum(n) / prod(n) + d^2 / (2 * sum(n))))
cat("\n# 1b. two means with SEs: 10 (SE 1.2, n 16) vs 8 (SE 1.0, n 16)\n")
s2 <- c(1.2, 1.0) * sqrt(16); sp2 <- sqrt((s2[1]^2 + s2[2]^2) / 2)
show("sd1", s2[1]); show("sd2", s2[2]); show("pooled_sd", sp2); show("d", 2 / sp2)
cat("\n# 1c. paired means: 122.7 vs 105.4, SDs 20.1 and 18.3, n 27, r 0.6\n")
sdd <- sqrt(s[1]^2 + s[2]^2 - 2 * 0.6 * s[1] * s[2])
show("sd_diff", sdd); show("d_z", 17.3 / sdd); show("d_av", 17.3 / mean(s))

cat("\n# 2. difference 4.2, 95% CI 1.1 to 7.3, n 20 and 22 (t, df 40)\n")
q <- qt(0.975, 40); se <- (7.3 - 1.1) / (2 * q); sd <- se / sqrt(1 / 20 + 1 / 22)
show("quantile", q); show("se", se); show("sd", sd); show("d", 4.2 / sd)
cat("# 2b. the same, z interval\n")
qz <- qnorm(0.975); sez <- (7.3 - 1.1) / (2 * qz); sdz <- sez / sqrt(1 / 20 + 1 / 22)
show("quantile", qz); show("se", sez); show("sd", sdz); show("d", 4.2 / sdz)
cat("# 2c. paired: difference 3.5, 95% CI 1.2 to 5.8, n 15 (t, df 14)\n")
q <- qt(0.975, 14); se <- (5.8 - 1.2) / (2 * q); sdd <- se * sqrt(15)
show("se", se); show("sd_diff", sdd); show("d_z", 3.5 / sdd)

cat("\n# 3. t statistics\n")
show("two-sample t 2.5, n 12 14: d", 2.5 * sqrt(1 / 12 + 1 / 14))
show("paired t 3.1, n 20: d_z", 3.1 / sqrt(20))
show("one-sample t 3.1, n 20: d", 3.1 / sqrt(20))
cat("# 3b. exact p\n")
t <- qt(1 - 0.012 / 2, 24); show("p 0.012, n 12 14: t", t); show("d", t * sqrt(1 / 12 + 1 / 14))
t <- qt(1 - 0.03 / 2, 19); show("p 0.03 paired n 20: t", t); show("d_z", t / sqrt(20))
t <- qt(1 - 0.03, 19); show("p 0.03 one-sided paired n 20: t", t); show("d_z", t / sqrt(20))
cat("# 3c. bound p < 0.001, paired, n 27 (the hair example; n is an example)\n")
t <- qt(1 - 0.001 / 2, 26); show("t bound", t); show("d_z lower bound", t / sqrt(27))
library(pwr)
show("pwr power at the bound, alpha 0.001", pwr.t.test(n = 27, d = t / sqrt(27), sig.level = 0.001, type = "paired")$power)
t <- qt(1 - 0.05 / 2, 18); show("p < 0.05, n 10 10: t", t); show("d lower bound", t * sqrt(0.2))

cat("\n# 4. proportions: 12 of 40 vs 5 of 40\n")
e <- c(12, 5); nn <- c(40, 40); pp <- e / nn
show("rd", pp[1] - pp[2]); show("se_rd", sqrt(sum(pp * (1 - pp) / nn)))
show("rr", pp[1] / pp[2]); show("log_rr", log(pp[1] / pp[2])); show("se_log_rr", sqrt(sum(1 / e - 1 / nn)))
or <- (e[1] / (nn[1] - e[1])) / (e[2] / (nn[2] - e[2]))
show("or", or); show("log_or", log(or)); show("se_log_or", sqrt(sum(1 / e + 1 / (nn - e))))
show("d from log OR (Chinn 2000)", log(or) * sqrt(3) / pi)
cat("# 4b. odds ratio 2.5, 95% CI 1.2 to 5.2\n")
show("log_or", log(2.5)); show("se_log_or", (log(5.2) - log(1.2)) / (2 * qnorm(0.975)))
cat("# 4c. hazard ratio 0.7, 95% CI 0.5 to 0.98\n")
show("log_hr", log(0.7)); show("se_log_hr", (log(0.98) - log(0.5)) / (2 * qnorm(0.975)))

cat("\n# 5. Wan et al. (2014): median 50, n 30\n")
n <- 30; a <- 20; q1 <- 40; m <- 50; q3 <- 62; b <- 95
show("S3 (IQR) mean", (q1 + m + q3) / 3); show("S3 sd", (q3 - q1) / (2 * qnorm((0.75 * n - 0.125) / (n + 0.25))))
show("S1 (range) mean", (a + 2 * m + b) / 4); show("S1 sd", (b - a) / (2 * qnorm((n - 0.375) / (n + 0.25))))
show("S2 (both) mean", (a + 2 * q1 + 2 * m + 2 * q3 + b) / 8)
show("S2 sd", (b - a) / (4 * qnorm((n - 0.375) / (n + 0.25))) + (q3 - q1) / (4 * qnorm((0.75 * n - 0.125) / (n + 0.25))))

cat("\n# 6. a tiny exact p: p = 1e-15, n 10 and 10 (the upper-tail quantile)\n")
show("d", qt(5e-16, 18, lower.tail = FALSE) * sqrt(0.2))
