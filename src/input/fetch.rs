//! `--fetch`: photos given as web addresses (ninjs renditions, WordPress featured media, feed
//! enclosures) downloaded into a cache folder, then checked like any photo file.
//!
//! Off by default: a build that reads the network is no longer the same bytes from the same
//! input. With it, every download is bounded: `http`/`https` only; no private, loopback or
//! link-local address unless allowed (`--fetch-allow-local`, for a newsroom's own server and for
//! tests); a timeout for the whole exchange; redirects followed here, at most
//! [`MAX_REDIRECTS`], each hop's address checked again; the body cut at the photo size limit;
//! the type the server gives and the first bytes must both say image. Downloads run on the
//! threads that load the articles, so as many at a time as there are (`-j`). A photo is stored
//! under a hash of its address, so a second run reads it from the cache instead.
//!
//! The address check resolves the name before ureq connects; a name that resolves differently
//! between the two (DNS rebinding) is not caught.

use std::io::Write;
use std::net::{IpAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

use sha2::{Digest, Sha256};

use crate::model::defaults::MAX_INPUT_BYTES;

/// Redirects followed before a download gives up.
pub const MAX_REDIRECTS: usize = 5;

/// How long one download may take, connection to last byte.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// Settings of `--fetch`.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Where downloaded photos are kept, by a hash of their address.
    pub cache: PathBuf,
    /// Allow addresses on this machine and private networks.
    pub allow_local: bool,
    pub timeout: Duration,
}

impl FetchOptions {
    /// The cache in `$XDG_CACHE_HOME/sahifa/photos` (else `~/.cache/sahifa/photos`).
    pub fn default_cache() -> PathBuf {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .unwrap_or_else(std::env::temp_dir);
        base.join("sahifa").join("photos")
    }
}

/// Downloads photos; one per run, shared by the loading threads.
pub struct Fetcher {
    agent: ureq::Agent,
    options: FetchOptions,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(options.timeout))
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .user_agent(concat!("sahifa/", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher {
            agent: config.into(),
            options,
        }
    }

    /// The photo at `url` in the cache, downloaded first if it is not there. The error says
    /// what went wrong in words for the article's message.
    pub fn get(&self, url: &str) -> Result<PathBuf, String> {
        let key = format!("{:x}", Sha256::digest(url.as_bytes()));
        let path = self.options.cache.join(&key[..32]);
        if path.is_file() {
            return Ok(path);
        }
        let bytes = self.download(url)?;
        std::fs::create_dir_all(&self.options.cache)
            .map_err(|e| format!("the cache folder cannot be made: {e}"))?;
        // Whole or absent: written beside, then renamed.
        let mut staged = tempfile::NamedTempFile::new_in(&self.options.cache)
            .map_err(|e| format!("the cache cannot be written: {e}"))?;
        staged
            .write_all(&bytes)
            .map_err(|e| format!("the cache cannot be written: {e}"))?;
        staged
            .persist(&path)
            .map_err(|e| format!("the cache cannot be written: {e}"))?;
        Ok(path)
    }

    fn download(&self, url: &str) -> Result<Vec<u8>, String> {
        let mut at = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            self.check_address(&at)?;
            let mut response = self
                .agent
                .get(&at)
                .call()
                .map_err(|e| format!("the download failed: {e}"))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get("location")
                    .and_then(|l| l.to_str().ok())
                    .ok_or_else(|| format!("HTTP {status} without a Location"))?;
                at = resolve(&at, location);
                continue;
            }
            if !status.is_success() {
                return Err(format!("the server answered HTTP {status}"));
            }
            let served = response
                .headers()
                .get("content-type")
                .and_then(|t| t.to_str().ok())
                .unwrap_or("")
                .to_ascii_lowercase();
            if !served.is_empty() && !served.starts_with("image/") {
                return Err(format!("the server sent `{served}`, not an image"));
            }
            let bytes = response
                .body_mut()
                .with_config()
                .limit(MAX_INPUT_BYTES)
                .read_to_vec()
                .map_err(|e| match e {
                    ureq::Error::BodyExceedsLimit(_) => {
                        format!("the photo is over the {} MiB limit", MAX_INPUT_BYTES >> 20)
                    }
                    e => format!("the download failed: {e}"),
                })?;
            if !looks_like_image(&bytes) {
                return Err("what the server sent is not an image (its first bytes)".into());
            }
            return Ok(bytes);
        }
        Err(format!("more than {MAX_REDIRECTS} redirects"))
    }

    /// `http`/`https` only, and not an address on this machine or a private network unless
    /// allowed.
    fn check_address(&self, url: &str) -> Result<(), String> {
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| format!("`{url}` is not a web address"))?;
        let port = match scheme.to_ascii_lowercase().as_str() {
            "http" => 80,
            "https" => 443,
            other => return Err(format!("`{other}:` addresses are not fetched")),
        };
        if self.options.allow_local {
            return Ok(());
        }
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let (host, port) = match host_port.strip_prefix('[') {
            Some(v6) => {
                let (h, p) = v6.split_once(']').unwrap_or((v6, ""));
                (
                    h.to_string(),
                    p.strip_prefix(':')
                        .and_then(|p| p.parse().ok())
                        .unwrap_or(port),
                )
            }
            None => match host_port.rsplit_once(':') {
                Some((h, p)) => (h.to_string(), p.parse().unwrap_or(port)),
                None => (host_port.to_string(), port),
            },
        };
        let addrs = (host.as_str(), port)
            .to_socket_addrs()
            .map_err(|e| format!("`{host}` cannot be found: {e}"))?;
        for addr in addrs {
            if !is_public(addr.ip()) {
                return Err(format!(
                    "`{host}` is on this machine or a private network ({})",
                    addr.ip()
                ));
            }
        }
        Ok(())
    }
}

/// Whether an address is on the public internet.
fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

/// A redirect's `Location` against the address it came from.
fn resolve(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if location.starts_with("//") {
        format!("{scheme}:{location}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else {
        let path = &rest[authority.len()..];
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{scheme}://{authority}{dir}/{location}")
    }
}

/// The first bytes of a JPEG, PNG, GIF, WebP, BMP or TIFF file.
fn looks_like_image(b: &[u8]) -> bool {
    b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"\x89PNG\r\n\x1a\n")
        || b.starts_with(b"GIF87a")
        || b.starts_with(b"GIF89a")
        || (b.len() >= 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP")
        || b.starts_with(b"BM")
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
}

/// Whether `src` names a photo on the web rather than a file.
pub fn is_url(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_addresses_and_redirect_targets() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:2800:220:1::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
        assert_eq!(
            resolve("http://a.org/x/y.jpg", "z.jpg"),
            "http://a.org/x/z.jpg"
        );
        assert_eq!(
            resolve("http://a.org/x/y.jpg", "/z.jpg"),
            "http://a.org/z.jpg"
        );
        assert_eq!(resolve("https://a.org/x", "//b.org/z"), "https://b.org/z");
        assert_eq!(
            resolve("http://a.org/x", "https://c.org/"),
            "https://c.org/"
        );
    }

    #[test]
    fn local_hosts_are_refused_unless_allowed() {
        let options = FetchOptions {
            cache: std::env::temp_dir(),
            allow_local: false,
            timeout: TIMEOUT,
        };
        let f = Fetcher::new(options);
        let e = f.check_address("http://127.0.0.1:9/a.jpg").unwrap_err();
        assert!(e.contains("on this machine or a private network"), "{e}");
        let e = f.check_address("ftp://example.org/a.jpg").unwrap_err();
        assert!(e.contains("`ftp:` addresses are not fetched"), "{e}");
    }
}
