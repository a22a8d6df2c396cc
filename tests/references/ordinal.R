# Ordinal (ordered categorical) outcomes compared by the Wilcoxon rank-sum test with ties,
# R's wilcox.test(x, y, exact = FALSE, correct = TRUE):
#  (1) size under the null: both arms with probabilities (0.1, 0.2, 0.4, 0.2, 0.1) over scores 0..4,
#      n = 30 per arm, 100000 replicates, set.seed(2), two-sided alpha 0.05; also n = 10 per arm;
#  (2) theta = P(X_t > X_r) + P(X_t = X_r)/2 for treatment (0.05, 0.1, 0.3, 0.3, 0.25) against
#      reference (0.1, 0.2, 0.4, 0.2, 0.1), by summing over all 25 pairs of categories.
# Replicates draw the reference arm then the treatment arm, each as sample(0:4, n, TRUE, prob);
# W and p are computed by wilcox.test itself.
# Run: cd tests/references && Rscript ordinal.R > ordinal.R.out   (R 4.2.2)
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, "\n\n")
pr <- c(0.1, 0.2, 0.4, 0.2, 0.1)
for (n in c(30, 10)) {
  set.seed(2)
  reps <- 100000
  rej <- 0
  for (i in 1:reps) {
    y <- sample(0:4, n, TRUE, pr)
    x <- sample(0:4, n, TRUE, pr)
    p <- suppressWarnings(wilcox.test(x, y, exact = FALSE, correct = TRUE)$p.value)
    if (!is.na(p) && p <= 0.05) rej <- rej + 1
  }
  rate <- rej / reps
  cat("(1) null, n =", n, "per arm, reps", reps, ": rejection rate", f(rate), " MC SE", f(sqrt(rate * (1 - rate) / reps)), "\n")
}
pt <- c(0.05, 0.1, 0.3, 0.3, 0.25)
theta <- 0
for (i in 1:5) for (j in 1:5) theta <- theta + pt[i] * pr[j] * ((i > j) + 0.5 * (i == j))
cat("(2) theta =", f(theta), "\n")
