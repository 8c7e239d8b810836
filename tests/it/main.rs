//! Integration tests of the `vx` binary against real servers: an OpenBao dev
//! server and PostgreSQL, both started on first use by [`harness`].

#[allow(
    dead_code,
    unused_imports,
    reason = "each test module uses only part of the harness"
)]
mod harness;
mod harness_selftest;

mod auth;
mod check;
mod errors;
mod generated;
mod login;
mod run;
mod supervise;
mod tls;
mod watch;
