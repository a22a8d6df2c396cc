//! Special functions and distributions, separate from the tests that use
//! them: the incomplete beta and gamma ([`special`]), the central t and F
//! tails and quantiles ([`central`]), the normal tails ([`normal`]), the noncentral t ([`noncentral_t`])
//! and F ([`noncentral_f`]), and the multivariate t of many-to-one
//! comparisons ([`multivariate_t`], with its quadrature), and Brent's root finder
//! ([`roots`]).
//! Tolerances and iteration limits are named here, in one place.

pub mod central;
pub mod multivariate_t;
pub mod noncentral_f;
pub mod noncentral_t;
pub mod normal;
pub(crate) mod roots;
pub(crate) mod special;

/// Hard cap on the iterations of a series or continued fraction: never
/// reached for valid input, it guards against a hang on a pathological one.
pub(crate) const MAX_ITER: usize = 10_000_000;
