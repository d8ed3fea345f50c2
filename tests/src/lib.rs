//! Helpers for the end-to-end tests: real servers on free loopback ports.
