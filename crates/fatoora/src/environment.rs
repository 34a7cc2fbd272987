//! The FATOORA environments and their base URLs.

/// The host of every ZATCA environment.
pub const ZATCA_HOST: &str = "https://gw-fatoora.zatca.gov.sa";

/// Where the client sends its requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Environment {
    /// The developer portal: fixed test OTP, ZATCA's test VAT numbers only.
    Sandbox,
    /// The simulation environment (OTP from the Fatoora simulation portal).
    Simulation,
    /// The production environment (OTP from the Fatoora portal).
    Production,
    /// Any base URL, e.g. the local simulator `http://127.0.0.1:8080/e-invoicing/simulation`.
    /// The endpoints (`/compliance`, …) are appended to it.
    Custom(String),
}

impl Environment {
    /// The base URL, without a trailing slash.
    pub fn base_url(&self) -> String {
        match self {
            Self::Sandbox => format!("{ZATCA_HOST}/e-invoicing/developer-portal"),
            Self::Simulation => format!("{ZATCA_HOST}/e-invoicing/simulation"),
            Self::Production => format!("{ZATCA_HOST}/e-invoicing/core"),
            Self::Custom(url) => url.trim_end_matches('/').to_owned(),
        }
    }

    /// The `certificateTemplateName` a CSR for this environment must carry (unknown for a custom
    /// URL: the server behind it decides).
    pub fn template_name(&self) -> Option<&'static str> {
        match self {
            Self::Sandbox => Some("TSTZATCA-Code-Signing"),
            Self::Simulation => Some("PREZATCA-Code-Signing"),
            Self::Production => Some("ZATCA-Code-Signing"),
            Self::Custom(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_follow_zatca_paths() {
        assert_eq!(
            Environment::Sandbox.base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/developer-portal"
        );
        assert_eq!(
            Environment::Simulation.base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/simulation"
        );
        assert_eq!(
            Environment::Production.base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/core"
        );
        assert_eq!(
            Environment::Custom("http://127.0.0.1:9/e-invoicing/core/".into()).base_url(),
            "http://127.0.0.1:9/e-invoicing/core"
        );
        assert_eq!(
            Environment::Production.template_name(),
            Some("ZATCA-Code-Signing")
        );
    }
}
