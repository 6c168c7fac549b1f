//! The report returned by a check.

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered: `Info < Warn < Block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Advisory only; does not change the verdict from `allow`.
    Info,
    /// The post may go out after the author confirms.
    Warn,
    /// The post must not go out as it is.
    Block,
}
