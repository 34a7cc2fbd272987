//! Closed sets of words: enums whose every value has one text form, used alike in JSON, in the
//! ledger's columns (and their `CHECK` lists), in the CLI and in the UI's types.
//!
//! [`words!`](crate::words!) declares such an enum once: its variants and their text. It derives
//! serde with exactly that text, and gives `ALL` (every value, in order), `as_str`, `parse`,
//! `Display` and `FromStr`. A variant may accept other spellings on input
//! (`Sandbox = "sandbox" | "developer-portal"`); it always writes its first one.

/// A word that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{found}` is not a known {what} (expected one of: {expected})")]
pub struct UnknownWord {
    /// What the word was meant to name (`document kind`, `environment`, …).
    pub what: &'static str,
    /// The word as given.
    pub found: String,
    /// The accepted words, comma-separated.
    pub expected: String,
}

/// Declares an enum of words; see the [module documentation](crate::words).
///
/// ```
/// zatca::words! {
///     /// How a coffee is served.
///     #[derive(PartialOrd, Ord)]
///     pub enum Serving ("serving") {
///         /// In a cup.
///         Cup = "cup",
///         TakeAway = "take_away" | "to-go",
///     }
/// }
/// assert_eq!(Serving::TakeAway.as_str(), "take_away");
/// assert_eq!("to-go".parse::<Serving>(), Ok(Serving::TakeAway));
/// assert_eq!(Serving::ALL, &[Serving::Cup, Serving::TakeAway]);
/// assert_eq!(serde_json::to_string(&Serving::Cup).unwrap(), "\"cup\"");
/// assert!("mug".parse::<Serving>().unwrap_err().to_string().contains("cup, take_away"));
/// ```
#[macro_export]
macro_rules! words {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $text $(, alias = $alias)*)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value's text (as serialized and stored).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The value for a text (its own or one of its other spellings).
            pub fn parse(s: &str) -> ::core::option::Option<Self> {
                match s {
                    $($text $(| $alias)* => ::core::option::Option::Some($name::$variant),)+
                    _ => ::core::option::Option::None,
                }
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = $crate::words::UnknownWord;

            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| $crate::words::UnknownWord {
                    what: $what,
                    found: s.to_owned(),
                    expected: [$($text),+].join(", "),
                })
            }
        }
    };
}
