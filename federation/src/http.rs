//! Partners' sources over HTTPS. TLS is rustls, trusting Mozilla's roots, or exactly the
//! certificates in `SSL_CERT_FILE` (as curl and git read it) for a partner behind a private
//! authority; `HTTPS_PROXY` is honoured; redirects go only to HTTPS; every fetch has a time
//! limit and a size limit, so a partner's server can neither hang a build nor fill its disk.
//! Credentials in an address (`user:token@`, a query string) are never shown: see [`redact`].

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::source::FetchError;

/// How fetches over the network may go.
#[derive(Debug, Clone)]
pub struct Http {
    /// Trust exactly the certificates in this PEM file instead of Mozilla's roots.
    pub ca_file: Option<PathBuf>,
    /// The longest a fetch may take, from connecting to the last byte.
    pub timeout: Duration,
}

impl Default for Http {
    fn default() -> Self {
        Http {
            ca_file: std::env::var_os("SSL_CERT_FILE").map(PathBuf::from),
            timeout: Duration::from_secs(60),
        }
    }
}

/// Whether `location` is fetched over the network rather than read from this machine.
pub fn is_remote(location: &str) -> bool {
    location.starts_with("https://") || location.starts_with("http://")
}

/// An address as it may be shown: no `user:password@`, no query string (tokens live there).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let path = match path.split_once('?') {
        Some((p, _)) => format!("{p}?…"),
        None => path.to_string(),
    };
    format!("{scheme}://{host}{path}")
}

/// The body at `url`, at most `max_bytes`. `insecure` allows plain `http://` (test manifests).
/// A server that cannot be reached, times out or answers with an error is `Unreachable` (the
/// cache may stand in); a refused address, redirect or size is `Invalid`.
pub fn get(
    http: &Http,
    member: &str,
    url: &str,
    insecure: bool,
    max_bytes: u64,
) -> Result<Vec<u8>, FetchError> {
    let shown = redact(url);
    let refuse = |rule, message, help| FetchError::refused(member, rule, message, help);
    let allowed = url.starts_with("https://") || (insecure && url.starts_with("http://"));
    if !allowed {
        return Err(refuse(
            "federation::insecure_source",
            format!("`{shown}` is not an HTTPS address"),
            "use the https:// address; plain http:// is accepted only with insecure = true, in test manifests",
        ));
    }
    let agent = agent(http, insecure).map_err(FetchError::Unreachable)?;
    let unreachable = |why: String| FetchError::Unreachable(format!("{shown}: {why}"));
    let response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::RequireHttpsOnly(_) => insecure_redirect(member, &shown),
        other => unreachable(error_text(&other, http)),
    })?;
    let status = response.status();
    if !status.is_success() {
        return Err(unreachable(format!("the server answered {status}")));
    }
    let too_big = || {
        refuse(
            "federation::oversize",
            format!(
                "`{shown}` is larger than this member's limit of {} MB",
                max_bytes.div_ceil(1024 * 1024)
            ),
            "ask the partner to make the source smaller, or raise max_mb for this member in federation.toml",
        )
    };
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max_bytes) {
        return Err(too_big());
    }
    response
        .into_body()
        .with_config()
        .limit(max_bytes)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => too_big(),
            other => unreachable(error_text(&other, http)),
        })
}

fn insecure_redirect(member: &str, shown: &str) -> FetchError {
    FetchError::refused(
        member,
        "federation::insecure_redirect",
        format!("`{shown}` redirects to an address that is not HTTPS"),
        "ask the partner to serve it over HTTPS all the way, or give the final https:// address",
    )
}

/// An HTTP client with this module's rules.
fn agent(http: &Http, insecure: bool) -> Result<ureq::Agent, String> {
    Ok(ureq::Agent::config_builder()
        .https_only(!insecure)
        .max_redirects(5)
        .timeout_global(Some(http.timeout))
        .proxy(ureq::Proxy::try_from_env())
        .tls_config(tls_config(http)?)
        .http_status_as_error(false)
        .build()
        .into())
}

/// Git's smart HTTP protocol (what git hosts and `git http-backend` speak) for `https://`
/// remotes, over the same client: libgit2 drives the protocol, this carries its requests.
/// Registered with libgit2 once; each fetch says how it may go in [`with_git_rules`].
mod git {
    use std::io::{self, Read, Write};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Mutex, Once};

    use git2::transport::{Service, SmartSubtransport, SmartSubtransportStream, Transport};

    /// The fetch under way: the client, the size limit, the rules and the address's
    /// `user:password`.
    #[allow(clippy::type_complexity)]
    pub(super) static RULES: Mutex<Option<(ureq::Agent, u64, super::Http, Option<String>)>> =
        Mutex::new(None);
    /// Held for the whole of a fetch, so that concurrent fetches (two builds in one process)
    /// do not take each other's rules.
    pub(super) static FETCH: Mutex<()> = Mutex::new(());
    /// Whether the fetch under way was redirected to an address that is not HTTPS: libgit2
    /// hears only that it failed, and the member is told why.
    pub(super) static REDIRECT_REFUSED: AtomicBool = AtomicBool::new(false);

    /// A request's failure in words, noting a refused redirect.
    fn failure(error: &ureq::Error, http: &super::Http) -> String {
        if matches!(error, ureq::Error::RequireHttpsOnly(_)) {
            REDIRECT_REFUSED.store(true, Ordering::SeqCst);
        }
        super::error_text(error, http)
    }

    pub(super) fn register() -> Result<(), String> {
        static ONCE: Once = Once::new();
        let mut result = Ok(());
        ONCE.call_once(|| {
            // SAFETY: called once, before any fetch over https, as git2 asks.
            result = unsafe {
                git2::transport::register("https", |remote| {
                    Transport::smart(remote, true, SmartHttp)
                })
            }
            .map_err(|e| e.message().to_string());
        });
        result
    }

    struct SmartHttp;

    #[allow(clippy::type_complexity)]
    fn rules() -> Result<(ureq::Agent, u64, super::Http, Option<String>), git2::Error> {
        RULES
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .ok_or_else(|| git2::Error::from_str("no fetch over https is under way"))
    }

    impl SmartSubtransport for SmartHttp {
        fn action(
            &self,
            url: &str,
            action: Service,
        ) -> Result<Box<dyn SmartSubtransportStream>, git2::Error> {
            let (agent, limit, http, userinfo) = rules()?;
            let url = match (userinfo, url.split_once("://")) {
                (Some(user), Some((scheme, rest))) => format!("{scheme}://{user}@{rest}"),
                _ => url.to_string(),
            };
            let base = url.trim_end_matches('/');
            match action {
                Service::UploadPackLs => {
                    let response = agent
                        .get(format!("{base}/info/refs?service=git-upload-pack"))
                        .call()
                        .map_err(|e| git2::Error::from_str(&failure(&e, &http)))?;
                    Ok(Box::new(Exchange::answered(response, limit)?))
                }
                Service::UploadPack => Ok(Box::new(Exchange {
                    post: Some((agent, http, format!("{base}/git-upload-pack"))),
                    sent: Vec::new(),
                    answer: None,
                    limit,
                })),
                Service::ReceivePackLs | Service::ReceivePack => Err(git2::Error::from_str(
                    "sources are only read, never pushed to",
                )),
            }
        }

        fn close(&self) -> Result<(), git2::Error> {
            Ok(())
        }
    }

    /// One request and its answer: what libgit2 writes is the request's body, sent at its
    /// first read.
    struct Exchange {
        post: Option<(ureq::Agent, super::Http, String)>,
        sent: Vec<u8>,
        answer: Option<ureq::BodyReader<'static>>,
        limit: u64,
    }

    impl Exchange {
        fn answered(
            response: ureq::http::Response<ureq::Body>,
            limit: u64,
        ) -> Result<Exchange, git2::Error> {
            if !response.status().is_success() {
                return Err(git2::Error::from_str(&format!(
                    "the server answered {}",
                    response.status()
                )));
            }
            Ok(Exchange {
                post: None,
                sent: Vec::new(),
                answer: Some(
                    response
                        .into_body()
                        .into_with_config()
                        .limit(limit)
                        .reader(),
                ),
                limit,
            })
        }
    }

    impl Read for Exchange {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.answer.is_none() {
                let (agent, http, url) = self
                    .post
                    .take()
                    .ok_or_else(|| io::Error::other("nothing to send"))?;
                let response = agent
                    .post(url)
                    .header("Content-Type", "application/x-git-upload-pack-request")
                    .header("Accept", "application/x-git-upload-pack-result")
                    .send(&self.sent[..])
                    .map_err(|e| io::Error::other(failure(&e, &http)))?;
                let answered = Exchange::answered(response, self.limit)
                    .map_err(|e| io::Error::other(e.message().to_string()))?;
                self.answer = answered.answer;
            }
            match &mut self.answer {
                Some(answer) => answer.read(buf),
                None => Ok(0),
            }
        }
    }

    impl Write for Exchange {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.sent.extend_from_slice(data);
            Ok(data.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}

/// Run `fetch` (a git fetch from an `https://` remote) for `member` under this module's rules:
/// the trusted roots, proxy, time limit, redirects only to HTTPS, and at most `max_bytes` per
/// answer. `fetch` is given the address without its `user:password@`: libgit2 writes the
/// address it fetched into the mirror (FETCH_HEAD), so the credentials go only into the
/// requests. A redirect to an address that is not HTTPS is refused whatever `fetch` made of it.
pub fn with_git_rules<T>(
    http: &Http,
    member: &str,
    insecure: bool,
    max_bytes: u64,
    url: &str,
    fetch: impl FnOnce(&str) -> T,
) -> Result<T, FetchError> {
    git::register().map_err(FetchError::Unreachable)?;
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user.to_string()), host),
        None => (None, authority),
    };
    let agent = agent(http, insecure).map_err(FetchError::Unreachable)?;
    // libgit2's transport is process-wide: one fetch over https at a time, each with its rules.
    let _one_at_a_time = git::FETCH.lock().unwrap_or_else(|e| e.into_inner());
    *git::RULES.lock().unwrap_or_else(|e| e.into_inner()) =
        Some((agent, max_bytes, http.clone(), userinfo));
    git::REDIRECT_REFUSED.store(false, std::sync::atomic::Ordering::SeqCst);
    let result = fetch(&format!("{scheme}://{host}{path}"));
    *git::RULES.lock().unwrap_or_else(|e| e.into_inner()) = None;
    if git::REDIRECT_REFUSED.swap(false, std::sync::atomic::Ordering::SeqCst) {
        return Err(insecure_redirect(member, &redact(url)));
    }
    Ok(result)
}

/// A fetch's failure in words, without the address (it may hold credentials).
fn error_text(error: &ureq::Error, http: &Http) -> String {
    match error {
        ureq::Error::Timeout(_) => {
            format!("no complete answer within {} s", http.timeout.as_secs_f32())
        }
        ureq::Error::Io(e) => format!("{}", e.kind()),
        ureq::Error::Tls(why) => format!("TLS: {why}"),
        ureq::Error::Rustls(e) => format!("TLS: {e}"),
        ureq::Error::HostNotFound => "the host was not found".into(),
        ureq::Error::ConnectionFailed => "the connection failed".into(),
        ureq::Error::TooManyRedirects => "too many redirects".into(),
        ureq::Error::RequireHttpsOnly(_) => {
            "a redirect to an address that is not HTTPS was refused".into()
        }
        _ => "the request failed".into(),
    }
}

/// Mozilla's roots, or exactly the certificates in `ca_file`.
fn tls_config(http: &Http) -> Result<ureq::tls::TlsConfig, String> {
    let roots = match &http.ca_file {
        None => ureq::tls::RootCerts::WebPki,
        Some(path) => {
            let pem = std::fs::read(path)
                .map_err(|e| format!("cannot read SSL_CERT_FILE {}: {e}", path.display()))?;
            let certs: Vec<ureq::tls::Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(ureq::tls::PemItem::Certificate(c)) => Some(c),
                    _ => None,
                })
                .collect();
            if certs.is_empty() {
                return Err(format!(
                    "SSL_CERT_FILE {} holds no certificate",
                    path.display()
                ));
            }
            ureq::tls::RootCerts::Specific(Arc::new(certs))
        }
    };
    Ok(ureq::tls::TlsConfig::builder().root_certs(roots).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_never_shown() {
        assert_eq!(
            redact("https://user:s3cret@git.example.org/p/c.tar.gz?token=abc"),
            "https://git.example.org/p/c.tar.gz?…"
        );
        assert_eq!(
            redact("https://example.org/a.tar.gz"),
            "https://example.org/a.tar.gz"
        );
        assert_eq!(redact("members/x"), "members/x");
    }
}
