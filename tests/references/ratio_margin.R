# Ratio margins on the log scale (lognormal outcome): non-inferiority of the ratio of geometric
# means with margin 0.8 is a one-sided t test of mean log difference > log(0.8); with true
# ratio 1 (geometric means 100 and 100), cv 0.5 (sdlog = sqrt(log(1.25))):
#   power = pwr.t.test(n, d = -log(0.8) / sdlog, sig.level = 0.05, alternative = "greater")$power;
# equivalence (0.8 to 1.25) by TOST at the same n, by numerical integration over the pooled SD
# as in Owen's method: P(both one-sided t tests reject), true ratio 1.
# Run: cd tests/references && Rscript ratio_margin.R > ratio_margin.R.out   (R 4.2.2, pwr)
library(pwr)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " pwr", as.character(packageVersion("pwr")), "\n")
sdlog <- sqrt(log(1.25))
d <- -log(0.8) / sdlog
cat("sdlog =", f(sdlog), " d =", f(d), "\n")
for (n in c(20, 40, 60)) cat("NI n =", n, " power =", f(pwr.t.test(n = n, d = d, sig.level = 0.05, alternative = "greater")$power), "\n")
# TOST, exact: s^2 (n_total - 2)/sigma^2 ~ chisq(df); given s, P(-m + t se < dhat < m - t se)
tost <- function(n, delta, sigma, m, alpha) {
  df <- 2 * n - 2; se0 <- sigma * sqrt(2 / n); q <- qt(1 - alpha, df)
  integrand <- function(u) {
    s <- sigma * sqrt(u / df); se <- s * sqrt(2 / n)
    w <- pmax(0, (m - q * se))
    (pnorm((w - delta) / se0) - pnorm((-w - delta) / se0)) * dchisq(u, df)
  }
  integrate(integrand, 0, Inf, rel.tol = 1e-12)$value
}
for (n in c(40, 60)) cat("TOST n =", n, " power =", f(tost(n, 0, sdlog, -log(0.8), 0.05)), "\n")
# Poisson counts, Wald test of the log rate ratio against a ratio margin 0.8 (non-inferiority,
# higher is better): reject when (log(Xt/Xr) - log(0.8)) / sqrt(1/Xt + 1/Xr) > qnorm(0.95), Xt and
# Xr the arms' totals ~ Poisson(n * rate). Exact power by summing dpois over both totals
# (0 to 2000), rates 4 and 4, and 4 and 3.6, at 30 per arm.
for (rt in c(4, 3.6)) {
  n <- 30; x <- 0:2000
  pt <- dpois(x, n * rt); pr <- dpois(x, n * 4)
  z <- outer(x, x, function(a, b) ifelse(a > 0 & b > 0, (log(a / b) - log(0.8)) / sqrt(1 / a + 1 / b), -Inf))
  cat("Poisson NI, rates", rt, "vs 4, n = 30: exact power =", f(sum(outer(pt, pr) * (z > qnorm(0.95)))), "\n")
}
