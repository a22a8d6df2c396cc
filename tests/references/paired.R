# Power and sample size of the paired t-test (pwr::pwr.t.test, type = "paired"; dz = mean diff / SD of diffs).
# Includes the hair example: baseline mean 105.4, week-12 mean 122.7, both SD 20, correlation 0.5
# => sd_diff = sqrt(20^2 + 20^2 - 2*0.5*20*20) = 20, dz = 17.3/20 = 0.865.
# pwr.t.test solves for n with uniroot's default tol (~1.2e-4), so n is also solved here with the same
# power function (nu = n - 1, ncp = sqrt(n) dz, two-sided: P(T > q) + P(T < -q)) and uniroot tol 1e-12.
# Run: cd tests/references && Rscript paired.R > paired.R.out   (R 4.2.2, pwr 1.3-0)
library(pwr)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " pwr", as.character(packageVersion("pwr")), "\n\n")
cat("== power, two-sided, sig.level 0.05 ==\n")
for (cs in list(c(0.5, 34), c(0.3, 90), c(0.8, 15), c(0.25, 128)))
  cat(sprintf("pwr.t.test(d=%g, n=%g, type='paired')$power = %s\n", cs[1], cs[2],
              f(pwr.t.test(d = cs[1], n = cs[2], sig.level = 0.05, type = "paired")$power)))
pw_paired <- function(n, d, alpha = 0.05) { q <- qt(alpha / 2, n - 1, lower.tail = FALSE)
  pt(q, n - 1, ncp = sqrt(n) * d, lower.tail = FALSE) + pt(-q, n - 1, ncp = sqrt(n) * d) }
n_tight <- function(d, power) uniroot(function(n) pw_paired(n, d) - power, c(2 + 1e-10, 1e9), tol = 1e-12)$root
cat("\n== n for power 0.8, two-sided 0.05 (unrounded) ==\n")
for (d in c(0.5, 0.3)) {
  cat(sprintf("pwr.t.test(d=%g, power=0.8, type='paired')$n = %s (pwr's default uniroot tol)\n", d,
              f(pwr.t.test(d = d, power = 0.8, sig.level = 0.05, type = "paired")$n)))
  cat(sprintf("  same power function, uniroot tol 1e-12: n = %s (rounded up %d)\n", f(n_tight(d, 0.8)), ceiling(n_tight(d, 0.8))))
}
cat("\n== one-sided ==\n")
cat(sprintf("pwr.t.test(d=0.5, n=27, type='paired', alternative='greater')$power = %s\n",
            f(pwr.t.test(d = 0.5, n = 27, sig.level = 0.05, type = "paired", alternative = "greater")$power)))

cat("\n== hair example ==\n")
sd_diff <- sqrt(20^2 + 20^2 - 2 * 0.5 * 20 * 20)
dz <- (122.7 - 105.4) / sd_diff
cat("sd_diff =", f(sd_diff), " dz =", f(dz), "\n")
for (n in c(8, 10, 12))
  cat(sprintf("n=%d: power = %s\n", n, f(pwr.t.test(d = dz, n = n, sig.level = 0.05, type = "paired")$power)))
cat("check: pw_paired(8, dz) =", f(pw_paired(8, dz)), "\n")
for (pw in c(0.8, 0.9)) {
  nn <- pwr.t.test(d = dz, power = pw, sig.level = 0.05, type = "paired")$n
  nt <- n_tight(dz, pw)
  cat(sprintf("n for power %g: pwr.t.test %s; tol 1e-12: %s (rounded up %d)\n", pw, f(nn), f(nt), ceiling(nt)))
}
