//! Per-process scratch space: one directory under the system temp dir that
//! holds the servers' data and logs and each run's HOME, plus unique names.
//!
//! Nothing removes the directory when the process exits (servers may still
//! be dying then); the next test process removes it instead. A directory's
//! `lock` file stays locked while its process lives, so a lock that we can
//! take marks an abandoned directory, whatever became of its PID.

use std::fs::{self, File};
use std::hash::{BuildHasher, RandomState};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::postgres;

struct Scratch {
    dir: PathBuf,
    /// Held, never read: the open file keeps the directory's lock.
    _lock: File,
}

/// The directory owned by this test process.
pub fn scratch_dir() -> &'static Path {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    &SCRATCH.get_or_init(create).dir
}

/// A name no other call in this process returns, for secret paths, policy
/// names and the like. Every test process has its own OpenBao server, so
/// uniqueness within the process is enough.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A random hex string, for passwords of throwaway servers.
pub fn random_hex() -> String {
    let state = RandomState::new();
    format!("{:016x}{:016x}", state.hash_one(1u8), state.hash_one(2u8))
}

fn create() -> Scratch {
    let base = std::env::temp_dir().join("vx-it");
    fs::create_dir_all(&base).unwrap_or_else(|e| panic!("cannot create {}: {e}", base.display()));
    remove_abandoned(&base);
    let dir = tempfile::Builder::new()
        .prefix("run-")
        .tempdir_in(&base)
        .unwrap_or_else(|e| panic!("cannot create a directory in {}: {e}", base.display()))
        .keep();
    // PostgreSQL runs as its own user and must reach its data dir in here.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o711))
        .unwrap_or_else(|e| panic!("cannot chmod {}: {e}", dir.display()));
    let lock = lock(&dir);
    Scratch { dir, _lock: lock }
}

/// Locks `dir/lock` for the life of the process. The file is locked under
/// another name and then renamed, so that no cleaner ever finds an unlocked
/// `lock` in a live process's directory.
fn lock(dir: &Path) -> File {
    let fresh = dir.join("lock.new");
    let file = File::create(&fresh).expect("cannot create the scratch lock file");
    file.lock().expect("cannot lock the scratch lock file");
    fs::rename(&fresh, dir.join("lock")).expect("cannot rename the scratch lock file");
    file
}

fn remove_abandoned(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for dir in entries.flatten().map(|entry| entry.path()) {
        if is_abandoned(&dir) {
            postgres::release_orphaned_memory(&dir);
            // Two processes may clean up at once; whichever removes it wins.
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

/// A directory without a `lock` file is still being set up: it is left alone.
fn is_abandoned(dir: &Path) -> bool {
    File::open(dir.join("lock")).is_ok_and(|file| file.try_lock().is_ok())
}
