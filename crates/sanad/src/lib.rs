//! Application services shared by the desktop app, the CLI and the tests.

pub mod check;
pub mod explain;
pub mod outcome;
