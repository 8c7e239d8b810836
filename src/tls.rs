//! TLS for the client: the CA to trust (the system's, or `--ca-cert`/`--ca-path`
//! instead, as with the Vault CLI), the client certificate, skip-verify, and the
//! name the server's certificate is checked against.

use std::path::Path;

use anyhow::{Context, Result};
use reqwest::Url;

use crate::exit::Failure;
use crate::settings::{Sourced, Tls};

pub fn configure(mut builder: reqwest::ClientBuilder, tls: &Tls) -> Result<reqwest::ClientBuilder> {
    if tls.skip_verify {
        tracing::warn!("not verifying the server's TLS certificate (skip-verify is set)");
        builder = builder.danger_accept_invalid_certs(true);
    }
    let mut custom_ca = false;
    if let Some(file) = &tls.ca_cert {
        for cert in read_certificates(file, &file.value)? {
            builder = builder.add_root_certificate(cert);
        }
        custom_ca = true;
    }
    if let Some(dir) = &tls.ca_path {
        let entries = std::fs::read_dir(&dir.value).with_context(|| cannot_read(dir))?;
        let mut found = 0;
        for entry in entries {
            let path = entry.with_context(|| cannot_read(dir))?.path();
            // Other files (keys, READMEs) may share the directory.
            let certificates = path.is_file().then(|| read_certificates(dir, &path));
            if let Some(Ok(certificates)) = certificates {
                found += certificates.len();
                for cert in certificates {
                    builder = builder.add_root_certificate(cert);
                }
            }
        }
        if found == 0 {
            return Err(Failure::new(format!(
                "`{}` (from {}) holds no PEM certificate",
                dir.value.display(),
                dir.source
            ))
            .into());
        }
        custom_ca = true;
    }
    // As with the Vault CLI, a CA given by the user replaces the system's store.
    builder = builder.tls_built_in_root_certs(!custom_ca);
    match (&tls.client_cert, &tls.client_key) {
        (Some(cert), Some(key)) => {
            let mut pem = std::fs::read(&cert.value).with_context(|| cannot_read(cert))?;
            pem.push(b'\n');
            pem.extend(std::fs::read(&key.value).with_context(|| cannot_read(key))?);
            let identity = reqwest::Identity::from_pem(&pem).context(Failure::new(
                "the client certificate or key is not valid PEM",
            ))?;
            builder = builder.identity(identity);
        }
        (None, None) => {}
        _ => {
            return Err(Failure::new("a client certificate needs both a certificate and a key")
                .hint("set both VAULT_CLIENT_CERT and VAULT_CLIENT_KEY (or --client-cert and --client-key)")
                .into());
        }
    }
    Ok(builder)
}

fn read_certificates(
    setting: &Sourced<impl AsRef<Path>>,
    path: &Path,
) -> Result<Vec<reqwest::Certificate>> {
    let pem = std::fs::read(path).with_context(|| {
        format!(
            "cannot read CA certificate `{}` (from {})",
            path.display(),
            setting.source
        )
    })?;
    let certificates = reqwest::Certificate::from_pem_bundle(&pem).unwrap_or_default();
    if certificates.is_empty() {
        return Err(Failure::new(format!(
            "`{}` (from {}) holds no PEM certificate",
            path.display(),
            setting.source
        ))
        .hint("point it at the CA certificate, a file starting with -----BEGIN CERTIFICATE-----")
        .into());
    }
    Ok(certificates)
}

fn cannot_read(setting: &Sourced<impl AsRef<Path>>) -> String {
    format!(
        "cannot read `{}` (from {})",
        setting.value.as_ref().display(),
        setting.source
    )
}

/// Verifies the server's certificate against `name` instead of the address's host:
/// the URL's host becomes `name`, and `name` resolves to the address's own socket
/// addresses, so SNI and verification both use `name` while the connection goes to
/// the real host.
pub fn verify_as(
    builder: reqwest::ClientBuilder,
    address: &Url,
    name: &str,
) -> Result<(reqwest::ClientBuilder, Url)> {
    let addrs: Vec<_> = address
        .socket_addrs(|| Some(443))
        .with_context(|| format!("cannot resolve the host of `{address}`"))?;
    let mut base = address.clone();
    base.set_host(Some(name))
        .map_err(|_| Failure::new(format!("bad TLS server name `{name}`")))?;
    Ok((builder.resolve_to_addrs(name, &addrs), base))
}
