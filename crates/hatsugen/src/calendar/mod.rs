//! Japanese calendar.
