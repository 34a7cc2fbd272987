//! The XML layer every UBL reader of the engine shares ([`crate::ubl::parse`] into a draft,
//! [`crate::read`] into a view): ZATCA's namespaces and walking the elements of a parsed
//! document. (The document kind and type name are read by [`crate::model`].)

use roxmltree::Node;

/// Namespace URIs of a ZATCA document.
pub mod ns {
    /// The root `Invoice` (also for credit and debit notes).
    pub const INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
    /// `cac:`
    pub const CAC: &str =
        "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    /// `cbc:`
    pub const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    /// `ext:`
    pub const EXT: &str =
        "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
    /// `ds:` (XML signature).
    pub const DS: &str = "http://www.w3.org/2000/09/xmldsig#";

    /// The usual prefix of a namespace (`cbc` for anything unknown).
    pub fn prefix(ns: &str) -> &'static str {
        match ns {
            CAC => "cac",
            EXT => "ext",
            DS => "ds",
            _ => "cbc",
        }
    }
}

/// A `cbc:` step of a [`path`].
pub fn cbc(name: &'static str) -> (&'static str, &'static str) {
    (ns::CBC, name)
}

/// A `cac:` step of a [`path`].
pub fn cac(name: &'static str) -> (&'static str, &'static str) {
    (ns::CAC, name)
}

/// The child elements of `n` with this namespace and local name.
pub fn children<'a, 'i>(
    n: Node<'a, 'i>,
    ns: &'static str,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children().filter(move |c| c.has_tag_name((ns, name)))
}

/// The first child element of `n` with this namespace and local name.
pub fn child<'a, 'i>(
    n: Node<'a, 'i>,
    ns: &'static str,
    name: &'static str,
) -> Option<Node<'a, 'i>> {
    children(n, ns, name).next()
}

/// The first element reached by following `steps` (each a child's namespace and name) from `n`.
pub fn path<'a, 'i>(n: Node<'a, 'i>, steps: &[(&str, &str)]) -> Option<Node<'a, 'i>> {
    let mut cur = n;
    for step in steps {
        cur = cur.children().find(|c| c.has_tag_name(*step))?;
    }
    Some(cur)
}

/// All text of an element (text and CDATA children), as written.
pub fn text(n: Node) -> String {
    n.children()
        .filter(Node::is_text)
        .filter_map(|c| c.text())
        .collect()
}

/// The trimmed text of an element; `None` when it is empty.
pub fn trimmed(n: Node) -> Option<String> {
    let t = text(n);
    let t = t.trim();
    (!t.is_empty()).then(|| t.to_owned())
}
