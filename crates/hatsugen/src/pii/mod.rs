//! Personal-data detectors.
