//! Members' sources over HTTPS, from a server these tests start on 127.0.0.1 with a
//! certificate from a private authority they make, trusted through `SSL_CERT_FILE`, and
//! reached through a proxy named by `HTTPS_PROXY`, as an operator's machine would (its own
//! process: the variables are set once). No request leaves the machine.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

mod common;
use common::{key, minisign_signed, sign_tag, tarball, walk};
use federation::tree::sha256_hex as sha256;
use site::{BuildError, BuildOptions, Mode};

const TODAY: &str = "2026-11-23";
const PAGE: &str = "+++\ntitle = \"Visits\"\nreview_by = 2099-05-01\n+++\nHow visits work.\n";

/// What the test server answers for a path.
enum Reply {
    Body(Vec<u8>),
    Redirect(String),
    /// Accept, then say nothing for longer than any fetch waits.
    Hang,
    NotFound,
    /// `git http-backend` (git's smart HTTP) serving the repositories in this folder, the
    /// request's path within it.
    Git(PathBuf, String),
}

/// A request as the server read it.
struct Request {
    method: String,
    path: String,
    query: String,
    content_type: String,
    body: Vec<u8>,
}

/// Run `git http-backend` as a CGI program: its headers (with an optional `Status:`) and body.
fn git_http_backend(projects: &Path, path: &str, request: &Request) -> (String, String, Vec<u8>) {
    use std::process::{Command, Stdio};
    let mut child = Command::new("git")
        .arg("http-backend")
        .env("GIT_PROJECT_ROOT", projects)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("REQUEST_METHOD", &request.method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", &request.query)
        .env("CONTENT_TYPE", &request.content_type)
        .env("CONTENT_LENGTH", request.body.len().to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&request.body)
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let split = output
        .stdout
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap();
    let head = String::from_utf8_lossy(&output.stdout[..split]).to_string();
    let mut status = "200 OK".to_string();
    let mut headers = String::new();
    for line in head.split("\r\n") {
        match line.strip_prefix("Status: ") {
            Some(s) => status = s.to_string(),
            None => headers.push_str(&format!("{line}\r\n")),
        }
    }
    (status, headers, output.stdout[split + 4..].to_vec())
}

type Route = Box<dyn Fn(&Request) -> Reply + Send + Sync>;
static ROUTES: Mutex<Vec<(String, Route)>> = Mutex::new(Vec::new());
static SERVER: OnceLock<String> = OnceLock::new();
/// Where the proxy was asked to connect, in order.
static TUNNELS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The tests' one HTTPS server, with one private authority trusted through `SSL_CERT_FILE`
/// and a proxy every fetch goes through, named by `HTTPS_PROXY` (both set once: tests run
/// side by side in this process); `route` answers under `/{prefix}/`, given the rest of the
/// path and its query. The address of that prefix.
fn serve(prefix: &str, route: impl Fn(&str) -> Reply + Send + Sync + 'static) -> String {
    let under = format!("/{prefix}/");
    let cut = under.len();
    ROUTES.lock().unwrap().push((
        under,
        Box::new(move |r: &Request| {
            let rest = &r.path[cut..];
            match r.query.as_str() {
                "" => route(rest),
                query => route(&format!("{rest}?{query}")),
            }
        }),
    ));
    let base = SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let (base, ca_file) = serve_requests(&dir, |r: &Request| {
            let routes = ROUTES.lock().unwrap();
            match routes.iter().find(|(p, _)| r.path.starts_with(p.as_str())) {
                Some((_, route)) => route(r),
                None => Reply::NotFound,
            }
        });
        std::env::set_var("SSL_CERT_FILE", ca_file);
        std::env::set_var("HTTPS_PROXY", tunnel_proxy());
        for bypass in ["NO_PROXY", "no_proxy"] {
            std::env::remove_var(bypass);
        }
        base
    });
    format!("{base}/{prefix}")
}

/// An HTTP proxy on 127.0.0.1 that tunnels `CONNECT`s, as a prison's or council's outbound
/// proxy does, noting each target in `TUNNELS`. Its address.
fn tunnel_proxy() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut client in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).to_string();
                let Some(target) = head
                    .strip_prefix("CONNECT ")
                    .and_then(|r| r.split(' ').next())
                else {
                    let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n");
                    return;
                };
                TUNNELS.lock().unwrap().push(target.to_string());
                let Ok(server) = std::net::TcpStream::connect(target) else {
                    let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n");
                    return;
                };
                let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                let (mut up_from, mut up_to) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut up_from, &mut up_to);
                    let _ = up_to.shutdown(std::net::Shutdown::Write);
                });
                let (mut down_from, mut down_to) = (server, client);
                let _ = std::io::copy(&mut down_from, &mut down_to);
                let _ = down_to.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    address
}

/// An HTTPS server on 127.0.0.1 whose certificate is signed by a fresh private authority,
/// written as PEM to the returned file.
fn serve_requests(
    dir: &Path,
    route: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (String, PathBuf) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &issuer)
        .unwrap();
    let ca_file = dir.join("private-ca.pem");
    std::fs::write(&ca_file, ca_cert.pem()).unwrap();

    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der()).into(),
        )
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let route = Arc::new(route);
    std::thread::spawn(move || {
        for tcp in listener.incoming().flatten() {
            let (config, route) = (config.clone(), route.clone());
            std::thread::spawn(move || {
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(conn, tcp);
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match tls.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                let head = String::from_utf8_lossy(&head).to_string();
                let mut words = head.split(' ');
                let method = words.next().unwrap_or("GET").to_string();
                let target = words.next().unwrap_or("/").to_string();
                let (path, query) = target.split_once('?').unwrap_or((&target, ""));
                let header = |name: &str| {
                    head.lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
                        })
                        .unwrap_or_default()
                };
                let mut body = vec![0u8; header("content-length").parse().unwrap_or(0)];
                if tls.read_exact(&mut body).is_err() {
                    return;
                }
                let request = Request {
                    method,
                    path: path.to_string(),
                    query: query.to_string(),
                    content_type: header("content-type"),
                    body,
                };
                let (status, extra, body) = match route(&request) {
                    Reply::Body(b) => ("200 OK".to_string(), String::new(), b),
                    Reply::Redirect(to) => (
                        "302 Found".to_string(),
                        format!("Location: {to}\r\n"),
                        Vec::new(),
                    ),
                    Reply::NotFound => ("404 Not Found".to_string(), String::new(), Vec::new()),
                    Reply::Git(projects, path) => git_http_backend(&projects, &path, &request),
                    Reply::Hang => {
                        std::thread::sleep(Duration::from_secs(5));
                        return;
                    }
                };
                let _ = write!(
                    tls,
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
                    body.len()
                );
                let _ = tls.write_all(&body);
                tls.conn.send_close_notify();
                let _ = tls.flush();
            });
        }
    });
    (base, ca_file)
}

/// The federated fixture site with a manifest of `members`.
fn site(tmp: &Path, members: &str) -> PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/federated");
    let root = tmp.join("site");
    for entry in walk(&fixture) {
        let dest = root.join(entry.strip_prefix(&fixture).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
    std::fs::write(root.join("federation.toml"), members).unwrap();
    root
}

fn member(id: &str, source: &str, extra: &str) -> String {
    format!("[[members]]\nid = \"{id}\"\nname = \"Member {id}\"\nkinds = [\"pages\"]\ncouncils = [\"Fife\"]\nsource = {source}\n{extra}\n")
}

fn update(root: &Path) -> (federation::Lock, Vec<(String, &'static str)>) {
    let mut opts = federation::Options::new(root, TODAY);
    opts.http.timeout = Duration::from_secs(2);
    let (lock, problems) = federation::update(&opts).unwrap();
    let problems = problems
        .iter()
        .map(|p| (p.member_id().unwrap_or("").to_string(), p.rule))
        .collect();
    (lock, problems)
}

fn build(root: &Path, offline: bool) -> Result<site::BuildSummary, BuildError> {
    site::build(&BuildOptions {
        out: root.parent().unwrap().join("public"),
        today: Some(TODAY.parse().unwrap()),
        mode: Mode::Strict,
        offline,
        ..BuildOptions::new(root)
    })
}

#[test]
fn https_tarballs_are_fetched_signed_limited_and_never_downgraded() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tarball(&[("pages/visits.md", PAGE.as_bytes())]);
    let (keys, signature) = minisign_signed(&good);
    let big = vec![7u8; 2 * 1024 * 1024];
    let served = good.clone();
    let base = serve("tar", move |path| match path {
        "member.tar.gz" => Reply::Body(served.clone()),
        "member.tar.gz.minisig" => Reply::Body(signature.clone().into_bytes()),
        "big.tar.gz" => Reply::Body(big.clone()),
        "moved.tar.gz" => Reply::Redirect("http://127.0.0.1:9/member.tar.gz".into()),
        "slow.tar.gz" => Reply::Hang,
        _ => Reply::NotFound,
    });

    let at = |file: &str| format!("{base}/{file}");
    let signed = format!("signers = [\"{}\"]", keys.pk.to_base64());
    // Credentials in the address never reach the lock.
    let with_token = format!(
        "https://partner:s3cret@{}/member.tar.gz",
        base.trim_start_matches("https://")
    );
    let root = site(
        tmp.path(),
        &member(
            "tarred",
            &format!(
                "{{ tarball = \"{with_token}\", sha256 = \"{}\" }}",
                sha256(&good)
            ),
            &signed,
        ),
    );
    let (lock, problems) = update(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lock.members.len(), 1);
    let lock_text = std::fs::read_to_string(root.join("federation.lock")).unwrap();
    assert!(
        !lock_text.contains("s3cret") && !lock_text.contains("partner:"),
        "{lock_text}"
    );
    build(&root, false).unwrap();
    let page = root
        .parent()
        .unwrap()
        .join("public/tarred/visits/index.html");
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("How visits work."));

    // Offline, the locked copy comes from the cache, and the page says so.
    std::fs::remove_dir_all(root.parent().unwrap().join("public")).unwrap();
    build(&root, true).unwrap();
    assert!(std::fs::read_to_string(&page)
        .unwrap()
        .contains("(from the saved copy)"));

    // A signature by another key.
    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let tarred = |file: &str, sha: &str, extra: &str| {
        member(
            "tarred",
            &format!("{{ tarball = \"{}\", sha256 = \"{sha}\" }}", at(file)),
            extra,
        )
    };
    std::fs::write(
        root.join("federation.toml"),
        tarred(
            "member.tar.gz",
            &sha256(&good),
            &format!("signers = [\"{}\"]", other.pk.to_base64()),
        ),
    )
    .unwrap();
    assert_eq!(
        update(&root).1,
        [("tarred".into(), "federation::bad_signature")]
    );

    // Each of these is refused, with its rule, and never hangs.
    for (file, extra, rule) in [
        ("big.tar.gz", "max_mb = 1", "federation::oversize"),
        ("moved.tar.gz", "", "federation::insecure_redirect"),
        ("slow.tar.gz", "", "federation::unreachable"),
        ("missing.tar.gz", "", "federation::unreachable"),
    ] {
        std::fs::write(
            root.join("federation.toml"),
            tarred(file, &sha256(&good), extra),
        )
        .unwrap();
        let started = std::time::Instant::now();
        assert_eq!(update(&root).1, [("tarred".into(), rule)], "{file}");
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{file} took too long"
        );
    }
    // Plain HTTP is refused unless a test manifest says insecure.
    std::fs::write(
        root.join("federation.toml"),
        member(
            "tarred",
            &format!(
                "{{ tarball = \"http://127.0.0.1:9/member.tar.gz\", sha256 = \"{}\" }}",
                sha256(&good)
            ),
            "",
        ),
    )
    .unwrap();
    assert_eq!(
        update(&root).1,
        [("tarred".into(), "federation::insecure_source")]
    );
}

/// A bare repository `partner.git` in `projects` with the member's page, committed unsigned
/// and tagged `v1` by an annotated tag SSH-signed with `key`, as `git tag -s` makes it.
fn signed_repository(projects: &Path, page: &str, key: &ssh_key::PrivateKey) -> String {
    let repo = git2::Repository::init_bare(projects.join("partner.git")).unwrap();
    let blob = repo.blob(page.as_bytes()).unwrap();
    let mut pages = repo.treebuilder(None).unwrap();
    pages.insert("visits.md", blob, 0o100644).unwrap();
    let pages = pages.write().unwrap();
    let mut top = repo.treebuilder(None).unwrap();
    top.insert("pages", pages, 0o040000).unwrap();
    let tree = repo.find_tree(top.write().unwrap()).unwrap();
    let who = git2::Signature::new(
        "Partner",
        "partner@example.org",
        &git2::Time::new(1_700_000_000, 0),
    )
    .unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let commit = repo
        .commit(Some("HEAD"), &who, &who, "content", &tree, &parents)
        .unwrap();
    let commit = commit.to_string();
    sign_tag(&repo, &commit, key);
    commit
}

#[test]
fn https_git_sources_speak_smart_http_with_signed_tags() {
    let tmp = tempfile::tempdir().unwrap();
    let projects = tmp.path().join("git");
    let partner = key(7);
    let commit = signed_repository(&projects, PAGE, &partner);
    let base = serve("git", move |path| {
        let path = path.split('?').next().unwrap_or(path);
        Reply::Git(projects.clone(), format!("/{path}"))
    });
    let entry = |signer: &str| {
        member(
            "gitted",
            &format!(
                "{{ git = \"https://partner:s3cret@{}/partner.git\", tag = \"v1\" }}",
                base.trim_start_matches("https://")
            ),
            &format!("signers = [\"{signer}\"]"),
        )
    };
    let root = site(
        tmp.path(),
        &entry(&partner.public_key().to_openssh().unwrap()),
    );
    let (lock, problems) = update(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lock.member("gitted").unwrap().revision, commit);
    // The credentials went into the requests, not into the lock or the cache's mirror.
    let written: Vec<PathBuf> = walk(&root)
        .into_iter()
        .filter(|f| !f.ends_with("federation.toml"))
        .collect();
    assert!(
        written.iter().any(|f| f.ends_with("FETCH_HEAD")),
        "{written:?}"
    );
    for file in written {
        let bytes = std::fs::read(&file).unwrap();
        assert!(
            !bytes.windows(6).any(|w| w == b"s3cret"),
            "{} holds the password",
            file.display()
        );
    }
    build(&root, false).unwrap();
    assert!(root
        .parent()
        .unwrap()
        .join("public/gitted/visits/index.html")
        .is_file());

    // Another key only: the tag's signature is refused.
    let stranger = key(9);
    std::fs::write(
        root.join("federation.toml"),
        entry(&stranger.public_key().to_openssh().unwrap()),
    )
    .unwrap();
    assert_eq!(
        update(&root).1,
        [("gitted".into(), "federation::bad_signature")]
    );

    // A git host that redirects to plain HTTP is refused for that, not merely unreachable.
    let moved = serve("git-moved", |path| {
        Reply::Redirect(format!("http://127.0.0.1:9/{path}"))
    });
    std::fs::write(
        root.join("federation.toml"),
        member(
            "gitted",
            &format!("{{ git = \"{moved}/partner.git\", tag = \"v1\" }}"),
            "",
        ),
    )
    .unwrap();
    assert_eq!(
        update(&root).1,
        [("gitted".into(), "federation::insecure_redirect")]
    );
}

/// An HSDS 3.0 service as a directory's feed publishes it.
fn hsds_service(n: u32, name: &str) -> serde_json::Value {
    serde_json::json!({
        "id": format!("6f1c2a53-8d4e-4b7a-9a61-37c0e2d5b1{n:02}"),
        "name": name,
        "status": "active",
        "description": "A helpline for families.",
        "service_areas": [{
            "id": format!("6f1c2a53-8d4e-4b7a-9a61-37c0e2d5c1{n:02}"),
            "name": "Fife",
        }],
        "attributes": [{
            "id": format!("6f1c2a53-8d4e-4b7a-9a61-37c0e2d5d1{n:02}"),
            "link_id": format!("6f1c2a53-8d4e-4b7a-9a61-37c0e2d5b1{n:02}"),
            "link_type": "throughcare-needs",
            "link_entity": "service",
            "taxonomy_term_id": "6f1c2a53-8d4e-4b7a-9a61-37c0e2d5e100",
            "taxonomy_term": {
                "id": "6f1c2a53-8d4e-4b7a-9a61-37c0e2d5e100",
                "code": "family",
                "name": "Family",
                "description": "Family",
                "taxonomy": "throughcare-needs",
            },
        }],
    })
}

/// An HSDS API page.
fn feed_page(services: Vec<serde_json::Value>, page: u32, last: bool) -> Reply {
    Reply::Body(
        serde_json::json!({
            "total_items": services.len(),
            "page_number": page,
            "last_page": last,
            "contents": services,
        })
        .to_string()
        .into_bytes(),
    )
}

#[test]
fn open_referral_uk_feeds_are_read_page_by_page_validated_and_locked() {
    let tmp = tempfile::tempdir().unwrap();
    let base = serve("oruk", |path| {
        let page: u32 = path
            .rsplit_once("page=")
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(1);
        match path.split('?').next().unwrap_or("") {
            "services" if page == 1 => {
                feed_page(vec![hsds_service(1, "Family helpline")], 1, false)
            }
            "services" if page == 2 => feed_page(
                vec![
                    hsds_service(2, "Visits advice"),
                    serde_json::json!({"id": "not-a-uuid", "name": "Broken", "status": "open"}),
                ],
                2,
                true,
            ),
            "forever" => feed_page(vec![hsds_service(3, "Again")], page, false),
            "huge" => Reply::Body(vec![b' '; 2 * 1024 * 1024]),
            "garbled" => Reply::Body(b"{\"contents\": [".to_vec()),
            _ => Reply::NotFound,
        }
    });
    let feed = |path: &str, extra: &str| {
        member(
            "directory",
            &format!("{{ oruk = \"{base}/{path}\" }}"),
            extra,
        )
        .replace("kinds = [\"pages\"]", "kinds = [\"services\"]")
    };
    let root = site(tmp.path(), &feed("services", ""));
    let (lock, problems) = update(&root);
    assert_eq!(
        problems,
        [("directory".into(), "federation::invalid_hsds")],
        "the service that is not HSDS is left out with a finding"
    );
    assert_eq!(lock.members.len(), 1);
    // The feed's content is locked: a build reads the locked copy, not the live feed.
    let summary = build(&root, false).unwrap();
    assert_eq!(summary.services, 2, "both pages' valid services");
    let public = root.parent().unwrap().join("public");
    assert!(public
        .join("directory/services/family-helpline/index.html")
        .is_file());
    assert!(public
        .join("directory/services/visits-advice/index.html")
        .is_file());

    for (path, extra, rule) in [
        ("forever", "", "federation::feed_too_long"),
        ("huge", "max_mb = 1", "federation::oversize"),
        ("garbled", "", "federation::bad_feed"),
    ] {
        std::fs::write(root.join("federation.toml"), feed(path, extra)).unwrap();
        let started = std::time::Instant::now();
        assert_eq!(update(&root).1, [("directory".into(), rule)], "{path}");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{path} took too long"
        );
    }
}

/// Every file of a folder and its bytes: the live site, to see that a failed publish left it.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    walk(dir)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(&f).unwrap()))
        .collect()
}

/// Each member's status and rules in the federation report.
fn reported(report: &Path) -> Vec<(String, String, Vec<String>)> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report.join("report.json")).unwrap())
            .unwrap();
    json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let rules = m["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["rule"].as_str().unwrap().to_string())
                .collect();
            (
                m["id"].as_str().unwrap().to_string(),
                m["status"].as_str().unwrap().to_string(),
                rules,
            )
        })
        .collect()
}

#[test]
fn a_federation_of_network_members_publishes_and_keeps_the_last_good_site() {
    let tmp = tempfile::tempdir().unwrap();
    // A git repository with an SSH-signed tag.
    let projects = tmp.path().join("git");
    let partner = key(3);
    signed_repository(&projects, PAGE, &partner);
    let served_projects = projects.clone();
    let git = serve("fed-git", move |path| {
        let path = path.split('?').next().unwrap_or(path);
        Reply::Git(served_projects.clone(), format!("/{path}"))
    });
    // A tarball signed with minisign, and its failing neighbours.
    let leaflet = "+++\ntitle = \"Benefits\"\nreview_by = 2099-05-01\n+++\nHow benefits work.\n";
    let good = tarball(&[("pages/benefits.md", leaflet.as_bytes())]);
    let (keys, signature) = minisign_signed(&good);
    let served = good.clone();
    let tar = serve("fed-tar", move |path| match path {
        "member.tar.gz" => Reply::Body(served.clone()),
        "member.tar.gz.minisig" => Reply::Body(signature.clone().into_bytes()),
        "big.tar.gz" => Reply::Body(vec![7u8; 2 * 1024 * 1024]),
        "moved.tar.gz" => Reply::Redirect("http://127.0.0.1:9/member.tar.gz".into()),
        "slow.tar.gz" => Reply::Hang,
        _ => Reply::NotFound,
    });
    // An Open Referral UK feed of two pages, and one that never ends.
    let oruk = serve("fed-oruk", |path| {
        let page: u32 = path
            .rsplit_once("page=")
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(1);
        match path.split('?').next().unwrap_or("") {
            "services" => feed_page(
                vec![hsds_service(10 + page, &format!("Helpline {page}"))],
                page,
                page == 2,
            ),
            "forever" => feed_page(vec![hsds_service(30, "Again")], page, false),
            _ => Reply::NotFound,
        }
    });

    let manifest = |git_signer: &str, tarball: &str, tar_extra: &str, feed: &str| {
        [
            member(
                "gitted",
                &format!("{{ git = \"{git}/partner.git\", tag = \"v1\" }}"),
                &format!("signers = [\"{git_signer}\"]"),
            ),
            member(
                "tarred",
                &format!(
                    "{{ tarball = \"{tar}/{tarball}\", sha256 = \"{}\" }}",
                    sha256(&good)
                ),
                &format!("signers = [\"{}\"]\n{tar_extra}", keys.pk.to_base64()),
            ),
            member("directory", &format!("{{ oruk = \"{oruk}/{feed}\" }}"), "")
                .replace("kinds = [\"pages\"]", "kinds = [\"services\"]"),
        ]
        .concat()
    };
    let signer = partner.public_key().to_openssh().unwrap();
    let root = site(
        tmp.path(),
        &manifest(&signer, "member.tar.gz", "", "services"),
    );
    let public = tmp.path().join("public");
    let report = tmp.path().join("federation-report");
    let opts = BuildOptions {
        out: public.clone(),
        today: Some(TODAY.parse().unwrap()),
        mode: Mode::Strict,
        fetch_timeout: Some(Duration::from_secs(2)),
        ..BuildOptions::new(&root)
    };

    // All three update, lock, build strictly and publish.
    let summary = site::publish(&opts).unwrap();
    assert_eq!(summary.services, 2, "both pages of the feed");
    assert!(summary.findings.0.is_empty(), "{:?}", summary.findings);
    for page in [
        "directory/services/helpline-1/index.html",
        "directory/services/helpline-2/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page}");
    }
    for page in ["gitted/visits/index.html", "tarred/benefits/index.html"] {
        // Fetched by this publish: not a saved copy standing in for a source out of reach.
        let html = std::fs::read_to_string(public.join(page)).unwrap();
        assert!(html.contains("; revision "), "{page}");
        assert!(!html.contains("from the saved copy"), "{page}");
    }
    let lock = federation::Lock::load(&root).unwrap().unwrap();
    let ids: Vec<&str> = lock.members.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["gitted", "tarred", "directory"]);
    // Every fetch went through the proxy HTTPS_PROXY names.
    let server = git
        .trim_start_matches("https://")
        .split('/')
        .next()
        .unwrap();
    assert!(
        TUNNELS.lock().unwrap().iter().any(|t| t == server),
        "no tunnel to {server} through the proxy"
    );
    assert!(reported(&report)
        .iter()
        .all(|(_, status, rules)| status == "built" && rules.is_empty()));
    let live = snapshot(&public);
    let live_lock = std::fs::read(root.join("federation.lock")).unwrap();

    // Each failure names its partner and rule, and leaves the last good site and its lock.
    let stranger = key(4).public_key().to_openssh().unwrap();
    for (case, member_id, rule) in [
        (
            manifest(&stranger, "member.tar.gz", "", "services"),
            "gitted",
            "federation::bad_signature",
        ),
        (
            manifest(&signer, "big.tar.gz", "max_mb = 1", "services"),
            "tarred",
            "federation::oversize",
        ),
        (
            manifest(&signer, "moved.tar.gz", "", "services"),
            "tarred",
            "federation::insecure_redirect",
        ),
        (
            manifest(&signer, "slow.tar.gz", "", "services"),
            "tarred",
            "federation::unreachable",
        ),
        (
            manifest(&signer, "member.tar.gz", "", "forever"),
            "directory",
            "federation::feed_too_long",
        ),
    ] {
        std::fs::write(root.join("federation.toml"), &case).unwrap();
        let started = std::time::Instant::now();
        let Err(BuildError::Findings(found)) = site::publish(&opts) else {
            panic!("{rule}: published");
        };
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{rule} took too long"
        );
        assert!(
            found
                .0
                .iter()
                .any(|f| f.rule == rule && f.member_id() == Some(member_id)),
            "{rule}: {found:?}"
        );
        assert!(snapshot(&public) == live, "{rule}: the live site changed");
        assert_eq!(
            std::fs::read(root.join("federation.lock")).unwrap(),
            live_lock,
            "{rule}: the lock was not put back"
        );
        let partners = reported(&report);
        let (_, status, rules) = partners.iter().find(|(id, ..)| id == member_id).unwrap();
        assert_eq!(status, "failed", "{rule}: {partners:?}");
        assert!(rules.iter().any(|r| r == rule), "{rule}: {partners:?}");
    }

    // Tolerant, the partners that passed are published and the one that failed is left out.
    std::fs::write(
        root.join("federation.toml"),
        manifest(&stranger, "member.tar.gz", "", "services"),
    )
    .unwrap();
    let tolerant = BuildOptions {
        mode: Mode::Tolerant,
        ..opts.clone()
    };
    site::publish(&tolerant).unwrap();
    assert!(!public.join("gitted/visits/index.html").exists());
    assert!(public.join("tarred/benefits/index.html").is_file());
    assert!(public
        .join("directory/services/helpline-1/index.html")
        .is_file());

    // A tag moved after the lock: the build that reads the source refuses it.
    std::fs::write(
        root.join("federation.toml"),
        manifest(&signer, "member.tar.gz", "", "services"),
    )
    .unwrap();
    site::publish(&opts).unwrap();
    let live = snapshot(&public);
    signed_repository(
        &projects,
        &PAGE.replace("How visits", "Moved: how visits"),
        &partner,
    );
    let Err(BuildError::Findings(found)) = build(&root, false) else {
        panic!("a moved tag was built");
    };
    assert!(
        found
            .0
            .iter()
            .any(|f| f.rule == "federation::hash_mismatch" && f.member_id() == Some("gitted")),
        "{found:?}"
    );
    assert!(
        snapshot(&public) == live,
        "a moved tag changed the live site"
    );
}
