//! The `hatsugen` command.
fn main() {}
