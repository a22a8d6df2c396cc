# Exact power of two-sample binary tests by full enumeration of both binomials:
#   P(reject) = sum_{x_t=0..n_t} sum_{x_r=0..n_r} dbinom(x_t,n_t,p_t) dbinom(x_r,n_r,p_r) 1[p-value <= alpha]
# for (a) two-sided Fisher exact test (R default), (b) two-sided Pearson chi-square without
# continuity correction, (c) one-sided Fisher alternative = "greater".
# Table layout: matrix(c(x_t, n_t - x_t, x_r, n_r - x_r), 2), i.e. column 1 = treatment,
# column 2 = reference, row 1 = events; x_t is the [1,1] cell. The sample odds ratio is
# x_t (n_r - x_r) / ((n_t - x_t) x_r) = odds_t / odds_r, so "greater" is H1: OR > 1,
# i.e. treatment has MORE events than reference.
# (Extra, not in the brief: one-sided Fisher alternative = "less" power, the direction that matters when p_t < p_r.)
# Chi-square: when a row margin is zero (x_t + x_r == 0 or == n_t + n_r) chisq.test returns
# NaN; such tables are counted as NOT rejected.
# Run: cd tests/references && Rscript binary_exact.R > binary_exact.R.out   (R 4.2.2)
f <- function(x) sprintf("%.15g", x)
mk <- function(xt, nt, xr, nr) matrix(c(xt, nt - xt, xr, nr - xr), 2)

cat(R.version.string, "\n\n")
cat("Table layout: matrix(c(x_t, n_t-x_t, x_r, n_r-x_r), 2); Fisher 'greater' = OR > 1 = treatment has more events.\n")
cat("Chi-square NaN (zero row margin) is treated as NOT rejected.\n\n")

cases <- list(c(20, 20, 0.30, 0.70, 0.05), c(30, 30, 0.30, 0.60, 0.05), c(25, 40, 0.10, 0.35, 0.05),
              c(50, 50, 0.50, 0.50, 0.05), c(12, 15, 0.2, 0.2, 0.05), c(40, 40, 0.30, 0.55, 0.01))
cat("== Exact power by enumeration ==\n")
for (cs in cases) {
  nt <- cs[1]; nr <- cs[2]; pt <- cs[3]; pr <- cs[4]; alpha <- cs[5]
  pw_f2 <- 0; pw_chi <- 0; pw_fg <- 0; pw_fl <- 0; n_nan <- 0; p_nan <- 0
  for (xt in 0:nt) for (xr in 0:nr) {
    w <- dbinom(xt, nt, pt) * dbinom(xr, nr, pr)
    m <- mk(xt, nt, xr, nr)
    p2 <- fisher.test(m)$p.value
    pg <- fisher.test(m, alternative = "greater")$p.value
    pc <- suppressWarnings(chisq.test(m, correct = FALSE)$p.value)
    if (p2 <= alpha) pw_f2 <- pw_f2 + w
    if (pg <= alpha) pw_fg <- pw_fg + w
    if (fisher.test(m, alternative = "less")$p.value <= alpha) pw_fl <- pw_fl + w
    if (is.nan(pc)) { n_nan <- n_nan + 1; p_nan <- p_nan + w } else if (pc <= alpha) pw_chi <- pw_chi + w
  }
  cat(sprintf("case n_t=%g n_r=%g p_t=%g p_r=%g alpha=%g\n", nt, nr, pt, pr, alpha))
  cat("  fisher two-sided power:        ", f(pw_f2), "\n")
  cat("  chisq (correct=FALSE) power:   ", f(pw_chi), "\n")
  cat("  fisher one-sided greater power:", f(pw_fg), "\n")
  cat("  (extra) fisher one-sided less power:", f(pw_fl), "\n")
  cat(sprintf("  (chisq NaN tables: %d, their total probability %s, counted as not rejected)\n", n_nan, f(p_nan)))
}

cat("\n== Single tables (x_t, n_t, x_r, n_r) ==\n")
tabs <- list(c(3, 20, 10, 20), c(7, 12, 2, 15), c(0, 10, 5, 10), c(15, 30, 15, 30))
for (tb in tabs) {
  m <- mk(tb[1], tb[2], tb[3], tb[4])
  ch <- suppressWarnings(chisq.test(m, correct = FALSE))
  cat(sprintf("table x_t=%g n_t=%g x_r=%g n_r=%g\n", tb[1], tb[2], tb[3], tb[4]))
  cat("  fisher two-sided p:      ", f(fisher.test(m)$p.value), "\n")
  cat("  fisher greater p:        ", f(fisher.test(m, alternative = "greater")$p.value), "\n")
  cat("  chisq correct=FALSE p:   ", f(ch$p.value), "\n")
  cat("  chisq correct=FALSE stat:", f(unname(ch$statistic)), "\n")
}

# Exact size of chisq.test(correct = FALSE) at 13 per arm with p = 0.5 in
# both arms (tables with a zero margin, NaN in R, not rejected), and exact
# power of the same test at 14 per arm, p 0.7 vs 0.2 (a dip below 13's).
exact_chisq <- function(n, pt, pr, alpha = 0.05) {
  s <- 0
  for (xt in 0:n) for (xr in 0:n) {
    p <- suppressWarnings(chisq.test(matrix(c(xt, n - xt, xr, n - xr), 2), correct = FALSE)$p.value)
    if (!is.nan(p) && p <= alpha) s <- s + dbinom(xt, n, pt) * dbinom(xr, n, pr)
  }
  s
}
cat(sprintf("chisq size n=13 p=0.5: %s\n", f(exact_chisq(13, 0.5, 0.5))))
for (n in 12:15) cat(sprintf("chisq power n=%d 0.7 vs 0.2: %s\n", n, f(exact_chisq(n, 0.7, 0.2))))
