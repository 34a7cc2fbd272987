//! Where the client sends its requests: one of ZATCA's environments ([`Environment`]), at ZATCA's
//! host or at any base URL that plays it (the local simulator).

use zatca::api::Environment;

/// An environment and the base URL the client reaches it at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    environment: Environment,
    base_url: String,
}

impl Target {
    /// ZATCA's own gateway for `environment`.
    pub fn zatca(environment: Environment) -> Self {
        Self {
            environment,
            base_url: environment.base_url(),
        }
    }

    /// Another base URL playing `environment`, e.g. the local simulator
    /// `http://127.0.0.1:8080/e-invoicing/simulation`. The endpoints (`/compliance`, …) are
    /// appended to it.
    pub fn custom(environment: Environment, base_url: impl Into<String>) -> Self {
        Self {
            environment,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
        }
    }

    /// The environment played.
    pub fn environment(&self) -> Environment {
        self.environment
    }

    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The `certificateTemplateName` a CSR for this target must carry.
    pub fn template_name(&self) -> &'static str {
        self.environment.template_name()
    }
}

impl From<Environment> for Target {
    fn from(environment: Environment) -> Self {
        Self::zatca(environment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zatca_and_custom_targets() {
        assert_eq!(
            Target::zatca(Environment::Production).base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/core"
        );
        let local = Target::custom(
            Environment::Simulation,
            "http://127.0.0.1:9/e-invoicing/simulation/",
        );
        assert_eq!(
            local.base_url(),
            "http://127.0.0.1:9/e-invoicing/simulation"
        );
        assert_eq!(local.template_name(), "PREZATCA-Code-Signing");
    }
}
