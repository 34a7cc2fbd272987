//! One module per command.

pub mod bench;
pub mod books;
pub mod company;
pub mod csr;
pub mod ctx;
pub mod device;
pub mod documents;
pub mod explain;
pub mod hash;
pub mod issue;
pub mod keygen;
pub mod prepare;
pub mod print;
pub mod sign;
pub mod sim;
pub mod verify;

use std::fmt;

/// An error a command reports to the user: a readable message and an exit code.
#[derive(Debug)]
pub struct CliError {
    pub message: String,
    pub code: u8,
}

impl CliError {
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            code: 1,
        }
    }

    pub fn exit_code(&self) -> u8 {
        self.code
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
