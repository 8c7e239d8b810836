//! A TCP forwarding proxy that counts client connections, so that tests can
//! see how many connections `vx` opens to the server, and how many at once.

use std::io;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

/// Forwards every connection made to [`ConnCounter::addr`] to the target,
/// until dropped.
pub struct ConnCounter {
    addr: SocketAddr,
    stats: Arc<Stats>,
}

#[derive(Default)]
struct Stats {
    open: AtomicUsize,
    max: AtomicUsize,
    total: AtomicUsize,
    stopped: AtomicBool,
}

impl ConnCounter {
    /// Starts forwarding to `target`: `host:port` or `http://host:port`.
    pub fn start(target: &str) -> ConnCounter {
        let target = target
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind the proxy");
        let addr = listener.local_addr().expect("bound socket has an address");
        let stats = Arc::new(Stats::default());
        let shared = Arc::clone(&stats);
        thread::spawn(move || accept(&listener, &target, &shared));
        ConnCounter { addr, stats }
    }

    /// The proxy's URL, such as `http://127.0.0.1:41234`, for `VAULT_ADDR`.
    pub fn addr(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The most client connections that were open at the same time.
    pub fn max_concurrent(&self) -> usize {
        self.stats.max.load(Ordering::SeqCst)
    }

    /// How many client connections were accepted in all.
    pub fn total(&self) -> usize {
        self.stats.total.load(Ordering::SeqCst)
    }
}

impl Drop for ConnCounter {
    fn drop(&mut self) {
        self.stats.stopped.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the flag and exits.
        let _ = TcpStream::connect(self.addr);
    }
}

fn accept(listener: &TcpListener, target: &str, stats: &Arc<Stats>) {
    for client in listener.incoming() {
        if stats.stopped.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        stats.total.fetch_add(1, Ordering::SeqCst);
        let open = stats.open.fetch_add(1, Ordering::SeqCst) + 1;
        stats.max.fetch_max(open, Ordering::SeqCst);
        let (target, stats) = (target.to_owned(), Arc::clone(stats));
        thread::spawn(move || {
            forward(client, &target);
            stats.open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Copies both ways until both sides are done. If the target is down, the
/// client's connection is just closed.
fn forward(client: TcpStream, target: &str) {
    let Ok(server) = TcpStream::connect(target) else {
        return;
    };
    let (Ok(client_reader), Ok(server_writer)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    let upstream = thread::spawn(move || pipe(client_reader, server_writer));
    pipe(server, client);
    let _ = upstream.join();
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let _ = io::copy(&mut from, &mut to);
    // Passes the end of one direction on, as a direct connection would.
    let _ = to.shutdown(Shutdown::Write);
}
