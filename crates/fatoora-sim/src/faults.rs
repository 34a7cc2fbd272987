//! Fault injection per endpoint: latency, 5xx, 429 + Retry-After, a connection dropped before or
//! after processing, a malformed body. Set by configuration or `PUT /admin/faults`.

use std::collections::{HashMap, VecDeque};

use rand::Rng;
use serde::{Deserialize, Serialize};

/// The six endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    ComplianceCsid,
    ComplianceInvoices,
    ProductionCsid,
    Renewal,
    Reporting,
    Clearance,
}

impl Endpoint {
    pub const ALL: [Endpoint; 6] = [
        Self::ComplianceCsid,
        Self::ComplianceInvoices,
        Self::ProductionCsid,
        Self::Renewal,
        Self::Reporting,
        Self::Clearance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::ComplianceCsid => "compliance-csid",
            Self::ComplianceInvoices => "compliance-invoices",
            Self::ProductionCsid => "production-csid",
            Self::Renewal => "renewal",
            Self::Reporting => "reporting",
            Self::Clearance => "clearance",
        }
    }
}

/// One injected fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Fault {
    /// Wait this long before processing (longer than the client's timeout = a timeout).
    Latency { ms: u64 },
    /// Answer this 5xx status without processing.
    ServerError { status: u16 },
    /// Answer 503 with `Retry-After: secs`, without processing (maintenance).
    Unavailable { retry_after_secs: u64 },
    /// Answer 429 with `Retry-After: secs`, without processing.
    Throttle { retry_after_secs: u64 },
    /// Cut the connection without processing.
    DropBefore,
    /// Process (and commit) the request, then cut the connection: the answer is lost.
    DropAfter,
    /// Process the request, then answer its status with a broken JSON body.
    Malformed,
    /// Answer `status` with ZATCA's request refusal `{"code","message"}`, without processing
    /// (a 400 without validation results, a 403, a 413, …).
    Refuse {
        status: u16,
        code: String,
        message: String,
    },
}

impl Fault {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Latency { .. } => "latency",
            Self::ServerError { .. } => "server-error",
            Self::Unavailable { .. } => "unavailable",
            Self::Throttle { .. } => "throttle",
            Self::DropBefore => "drop-before",
            Self::DropAfter => "drop-after",
            Self::Malformed => "malformed",
            Self::Refuse { .. } => "refuse",
        }
    }
}

/// Faults of one endpoint: a queue of faults for the next requests (deterministic), then a
/// random fault with probability `rate` drawn uniformly from `kinds`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EndpointFaults {
    #[serde(default)]
    pub queue: VecDeque<Fault>,
    #[serde(default)]
    pub rate: f64,
    #[serde(default)]
    pub kinds: Vec<Fault>,
}

/// The fault plan of the whole server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FaultPlan {
    #[serde(default)]
    pub endpoints: HashMap<Endpoint, EndpointFaults>,
}

impl FaultPlan {
    /// The fault for the next request to `endpoint`, if any.
    pub fn draw(&mut self, endpoint: Endpoint) -> Option<Fault> {
        let f = self.endpoints.get_mut(&endpoint)?;
        if let Some(next) = f.queue.pop_front() {
            return Some(next);
        }
        if f.kinds.is_empty() || f.rate <= 0.0 {
            return None;
        }
        let mut rng = rand::rng();
        if rng.random_bool(f.rate.clamp(0.0, 1.0)) {
            let i = rng.random_range(0..f.kinds.len());
            Some(f.kinds[i].clone())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_first_then_rate() {
        let mut plan = FaultPlan::default();
        plan.endpoints.insert(
            Endpoint::Reporting,
            EndpointFaults {
                queue: VecDeque::from([Fault::DropAfter]),
                rate: 1.0,
                kinds: vec![Fault::Malformed],
            },
        );
        assert_eq!(plan.draw(Endpoint::Reporting), Some(Fault::DropAfter));
        assert_eq!(plan.draw(Endpoint::Reporting), Some(Fault::Malformed));
        assert_eq!(plan.draw(Endpoint::Clearance), None);
        let json =
            r#"{"endpoints":{"clearance":{"queue":[{"kind":"throttle","retry_after_secs":1}]}}}"#;
        let mut p: FaultPlan = serde_json::from_str(json).expect("plan");
        assert_eq!(
            p.draw(Endpoint::Clearance),
            Some(Fault::Throttle {
                retry_after_secs: 1
            })
        );
    }
}
