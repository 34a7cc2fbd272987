//! A faithful local FATOORA server for tests and practice mode.
