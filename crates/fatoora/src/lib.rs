//! FATOORA HTTP client: the six endpoints, typed outcomes, retry policy.
