//! vx puts secrets from OpenBao or HashiCorp Vault into a program that knows nothing
//! about Vault. The binary is a thin `main`; everything lives here so that tests and
//! the generated man page and completions see the same definitions.

pub mod app;
pub mod assignment;
pub mod auth;
pub mod child;
pub mod childenv;
pub mod cli;
pub mod client;
pub mod envfile;
pub mod evaluate;
pub mod exec;
pub mod exit;
pub mod format;
pub mod logging;
pub mod redact;
pub mod reference;
pub mod resolve;
pub mod schedule;
pub mod secret;
pub mod settings;
pub mod signals;
pub mod supervise;
pub mod template;
pub mod tls;
pub mod token_cache;
pub mod watch;
