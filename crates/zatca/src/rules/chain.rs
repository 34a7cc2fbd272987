//! The chain values the ledger gives a document: the previous invoice hash.

use super::fields::Findings;
use super::registry as r;
use crate::model::ChainFields;

/// Checks the chain values: a PIH is base64 text.
pub fn check_chain(chain: &ChainFields) -> Vec<crate::Problem> {
    let mut f = Findings::new();
    let pih = chain.pih.as_bytes();
    let valid = !pih.is_empty()
        && pih.len().is_multiple_of(4)
        && pih
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
    if !valid {
        f.add(&r::PIH, "chain.pih");
    }
    f.0
}
