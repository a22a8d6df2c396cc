# Size of the negative binomial Wald test (MASS::glm.nb, summary()$coefficients p-value) in a small
# study with strong overdispersion: both arms rate 2, size theta = 0.5, n = 19 per arm, two-sided
# alpha 0.05, 20000 replicates, set.seed(3); each replicate draws the reference arm then the
# treatment arm with rnbinom(n, size = 0.5, mu = 2). Fits that fail count as not rejecting.
# Run: cd tests/references && Rscript nb_small_size.R > nb_small_size.R.out   (R 4.2.2, MASS)
suppressMessages(library(MASS))
f <- function(x) sprintf("%.15g", x)
cat(R.version.string, " MASS", as.character(packageVersion("MASS")), "\n")
set.seed(3)
reps <- 20000; n <- 19; g <- factor(rep(c("ref", "trt"), each = n))
rej <- 0; failed <- 0
for (i in 1:reps) {
  y <- c(rnbinom(n, size = 0.5, mu = 2), rnbinom(n, size = 0.5, mu = 2))
  p <- tryCatch(summary(suppressWarnings(glm.nb(y ~ g)))$coefficients[2, 4], error = function(e) { failed <<- failed + 1; 1 })
  if (!is.na(p) && p <= 0.05) rej <- rej + 1
}
rate <- rej / reps
cat("size:", f(rate), " MC SE:", f(sqrt(rate * (1 - rate) / reps)), " failed fits:", failed, "\n")
