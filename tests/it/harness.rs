//! The test harness: owns the servers every test in this binary shares
//! (OpenBao, PostgreSQL), the runner for the `vx` binary, and the helpers
//! tests use to look at what `vx` did.
//!
//! Servers start on first use and die with the test process, even when it
//! panics or is killed: see [`process`] for how.

mod bao;
mod bao_file;
mod bao_tls;
mod conn_counter;
mod postgres;
mod process;
mod scratch;
mod terminal;
mod vx;
mod wait;

pub use bao::{Bao, bao};
pub use bao_file::BaoFile;
pub use bao_tls::{BaoTls, bao_tls};
pub use conn_counter::ConnCounter;
pub use postgres::{Postgres, database_engine, pg_login, postgres};
pub use scratch::unique;
pub use terminal::{on_a_terminal, wait_exit};
pub use vx::{Out, Running, Vx, parse_env0, vx, vx_no_server};
pub use wait::{lines, wait_lines, wait_until};
