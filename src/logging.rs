//! Logging to stderr, which is vx's own: stdout belongs to the command.
//!
//! Quiet by default (warnings only); `-v` info, `-vv` debug, `-vvv` trace for vx
//! itself. Other crates never log below warn: the HTTP stack's debug output can
//! carry header values, and vx logs every request it makes itself. Every line goes
//! through `redact` on its way out.

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

pub fn init(verbosity: u8) {
    let level = match verbosity {
        0 => LevelFilter::WARN,
        1 => LevelFilter::INFO,
        2 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let filter = Targets::new()
        .with_default(LevelFilter::WARN)
        .with_target(env!("CARGO_CRATE_NAME"), level);
    let format = tracing_subscriber::fmt::layer()
        .with_writer(crate::redact::Scrubbing::stderr)
        .with_target(false)
        .without_time()
        .with_ansi(false);
    tracing_subscriber::registry()
        .with(filter)
        .with(format)
        .init();
}
