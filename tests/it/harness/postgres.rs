//! The PostgreSQL server shared by every test in the process, and OpenBao's
//! database secrets engine configured against it.
//!
//! PostgreSQL refuses to run as root, so when the tests run as root the
//! server runs as the `postgres` user that Debian's package creates.

use std::fs::{self, File};
use std::os::unix::fs::{PermissionsExt, chown};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use serde_json::json;

use super::bao::bao;
use super::process::{on_free_port, once, spawn_owned, wait_ready};
use super::scratch::{random_hex, scratch_dir};

const SUPERUSER: &str = "postgres";
const PSQL: &str = "/usr/bin/psql";
const INSTALL_HINT: &str = "install Debian's postgresql package (apt-get install postgresql)";

/// Where the engine is mounted; its role `app` hands out PostgreSQL logins.
const ENGINE_MOUNT: &str = "database";

/// The OpenBao plugin fills in `{{username}}` and `{{password}}`.
const CONNECTION_URL: &str =
    "postgresql://{{username}}:{{password}}@127.0.0.1:PORT/postgres?sslmode=disable";

const CREATE_ROLE: &str = "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' \
     VALID UNTIL '{{expiration}}'; \
     GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";";

/// Server settings on top of initdb's.
const SETTINGS: [&str; 5] = [
    // TCP on loopback only. No Unix socket: it would need a directory the
    // `postgres` user can write, shared by every test process.
    "listen_addresses=127.0.0.1",
    "unix_socket_directories=",
    // Throwaway data: durability only costs time.
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
];

pub struct Postgres {
    port: u16,
    password: String,
    /// Held, never read: the server lives as long as the process.
    _server: Child,
}

/// The uid and gid to run the server as; `None` when we are not root.
type Owner = Option<(u32, u32)>;

impl Postgres {
    /// The port on 127.0.0.1.
    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn superuser(&self) -> &str {
        SUPERUSER
    }

    pub fn superuser_password(&self) -> &str {
        &self.password
    }
}

/// The shared server, started on first use.
pub fn postgres() -> &'static Postgres {
    static POSTGRES: OnceLock<Result<Postgres, String>> = OnceLock::new();
    once(&POSTGRES, start)
}

/// Mounts the database secrets engine on the shared OpenBao server, once,
/// with a connection to the shared PostgreSQL and a role `app` whose leases
/// last an hour by default. Returns the mount path.
pub fn database_engine() -> &'static str {
    static CONFIGURED: OnceLock<Result<(), String>> = OnceLock::new();
    once(&CONFIGURED, configure_engine);
    ENGINE_MOUNT
}

/// Whether this user and password can log in to the shared PostgreSQL.
pub fn pg_login(user: &str, password: &str) -> bool {
    login(postgres().port, user, password)
}

fn configure_engine() {
    let (pg, bao) = (postgres(), bao());
    bao.api(
        "POST",
        &format!("sys/mounts/{ENGINE_MOUNT}"),
        Some(json!({ "type": "database" })),
    );
    let connection = json!({
        "plugin_name": "postgresql-database-plugin",
        "connection_url": CONNECTION_URL.replace("PORT", &pg.port.to_string()),
        "username": SUPERUSER,
        "password": pg.password,
        "allowed_roles": "*",
    });
    bao.api(
        "POST",
        &format!("{ENGINE_MOUNT}/config/pg"),
        Some(connection),
    );
    let role = json!({
        "db_name": "pg",
        "creation_statements": [CREATE_ROLE],
        "default_ttl": "1h",
        "max_ttl": "24h",
    });
    bao.api("POST", &format!("{ENGINE_MOUNT}/roles/app"), Some(role));
}

fn login(port: u16, user: &str, password: &str) -> bool {
    let port = port.to_string();
    Command::new(PSQL)
        .args(["-X", "-w", "-q", "-h", "127.0.0.1", "-p", &port, "-U", user])
        .args(["-d", "postgres", "-c", "select 1"])
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("PGPASSWORD", password)
        .env("PGCONNECT_TIMEOUT", "5")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("cannot run {PSQL}: {e}; {INSTALL_HINT}"))
        .success()
}

fn start() -> Postgres {
    let bin = bin_dir();
    let owner = owner();
    let dir = scratch_dir().join("pg");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    give_to(&dir, owner);
    let password = random_hex();
    init_cluster(&bin, &dir, owner, &password);
    on_free_port("PostgreSQL", |port| {
        launch(&bin, &dir, owner, port, &password)
    })
}

/// The newest installed server's binaries, such as `/usr/lib/postgresql/15/bin`.
fn bin_dir() -> PathBuf {
    let versions = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten();
    versions
        .filter_map(|entry| {
            Some((
                entry.file_name().to_str()?.parse::<u32>().ok()?,
                entry.path(),
            ))
        })
        .filter(|(_, path)| path.join("bin/postgres").is_file())
        .max()
        .map(|(_, path)| path.join("bin"))
        .unwrap_or_else(|| panic!("no PostgreSQL server in /usr/lib/postgresql: {INSTALL_HINT}"))
}

fn owner() -> Owner {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let passwd = fs::read_to_string("/etc/passwd").expect("cannot read /etc/passwd");
    let entry = passwd
        .lines()
        .map(|line| line.split(':').collect::<Vec<_>>())
        .find(|f| f[0] == "postgres");
    let ids = entry.and_then(|f| Some((f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?)));
    Some(ids.unwrap_or_else(|| panic!("no `postgres` user to run PostgreSQL as: {INSTALL_HINT}")))
}

fn give_to(path: &Path, owner: Owner) {
    if let Some((uid, gid)) = owner {
        chown(path, Some(uid), Some(gid))
            .unwrap_or_else(|e| panic!("cannot chown {}: {e}", path.display()));
    }
}

/// A command that runs as the server's owner, in `dir`, with a clean
/// environment (so the C locale), dying with the test process.
fn server_command(program: PathBuf, dir: &Path, owner: Owner) -> Command {
    let mut cmd = Command::new(program);
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .current_dir(dir)
        .stdin(Stdio::null());
    if let Some((uid, gid)) = owner {
        cmd.uid(uid).gid(gid);
    }
    cmd
}

fn init_cluster(bin: &Path, dir: &Path, owner: Owner, password: &str) {
    let pwfile = dir.join("superuser-password");
    fs::write(&pwfile, password).expect("cannot write the superuser password file");
    fs::set_permissions(&pwfile, fs::Permissions::from_mode(0o600))
        .expect("chmod the password file");
    give_to(&pwfile, owner);
    let mut initdb = server_command(bin.join("initdb"), dir, owner);
    initdb
        .args(["-D", "data", "-U", SUPERUSER, "-E", "UTF8", "--locale=C"])
        .args(["--auth=scram-sha-256", "--no-sync", "--no-instructions"])
        .arg(format!("--pwfile={}", pwfile.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let out = spawn_owned(initdb)
        .and_then(Child::wait_with_output)
        .unwrap_or_else(|e| panic!("cannot run initdb: {e}"));
    let _ = fs::remove_file(&pwfile);
    assert!(
        out.status.success(),
        "initdb failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
}

fn launch(
    bin: &Path,
    dir: &Path,
    owner: Owner,
    port: u16,
    password: &str,
) -> Result<Postgres, String> {
    let log_path = dir.join("server.log");
    let log = File::create(&log_path).map_err(|e| format!("cannot create the log: {e}"))?;
    let mut cmd = server_command(bin.join("postgres"), dir, owner);
    cmd.args(["-D", "data", "-p", &port.to_string()])
        .stdout(log.try_clone().map_err(|e| e.to_string())?)
        .stderr(log);
    for setting in SETTINGS {
        cmd.args(["-c", setting]);
    }
    let mut server = spawn_owned(cmd).unwrap_or_else(|e| panic!("cannot run postgres: {e}"));
    // Logging in, not just connecting: the server accepts TCP before it accepts logins.
    wait_ready(&mut server, &log_path, || login(port, SUPERUSER, password))?;
    let password = password.to_owned();
    Ok(Postgres {
        port,
        password,
        _server: server,
    })
}

/// Frees the System V shared memory segment of a PostgreSQL server that
/// died in the abandoned scratch directory `run_dir`. A SIGKILLed postmaster
/// leaves its (small) segment behind; line 7 of `postmaster.pid` holds the
/// segment's key and id. The segment is removed only if it still has that
/// key and nothing is attached to it.
pub fn release_orphaned_memory(run_dir: &Path) {
    let pid_file = run_dir.join("pg/data/postmaster.pid");
    let Ok(text) = fs::read_to_string(pid_file) else {
        return;
    };
    let Some((key, id)) = text.lines().nth(6).and_then(parse_segment) else {
        return;
    };
    // SAFETY: shmid_ds is plain data, which IPC_STAT only fills in; IPC_RMID
    // takes no buffer.
    unsafe {
        let mut info: libc::shmid_ds = std::mem::zeroed();
        let orphaned = libc::shmctl(id, libc::IPC_STAT, &mut info) == 0
            && info.shm_perm.__key == key
            && info.shm_nattch == 0;
        if orphaned {
            libc::shmctl(id, libc::IPC_RMID, std::ptr::null_mut());
        }
    }
}

fn parse_segment(line: &str) -> Option<(libc::key_t, libc::c_int)> {
    let mut fields = line.split_whitespace();
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}
