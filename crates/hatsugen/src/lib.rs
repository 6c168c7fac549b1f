//! hatsugen (発言): a pre-posting policy checker for Japanese public servants.
#![cfg_attr(not(test), forbid(unsafe_code))]

pub mod calendar;
pub mod pii;
pub mod report;
