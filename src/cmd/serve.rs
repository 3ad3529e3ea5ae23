//! `throughcare serve`: build into a temporary folder, serve it on 127.0.0.1 (another address
//! only when asked, with a warning), rebuild when a source changes, and let open pages reload
//! themselves. Requests go through the same path gate as the build's output, so no URL
//! (`..`, `%2e%2e`, backslashes) reaches a file outside the built site; responses carry the
//! site's `_headers`, as a real host would send them.
//!
//! Watching polls file times twice a second: no platform watcher to install or to miss events
//! on network drives. Live reload is a small script, served only here, that asks for the build
//! number once a second; the site's own files are never changed for it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Response, Server};

use site::output::OutputPath;
use site::render::headers;
use site::{build, BuildError, BuildOptions};

const RELOAD_PATH: &str = "/__throughcare/build";
const RELOAD_SCRIPT_PATH: &str = "/__throughcare/livereload.js";
const RELOAD_SCRIPT: &str = "(function(){var seen=null;function poll(){fetch('/__throughcare/build',{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){if(seen!==null&&n!==seen){location.reload()}seen=n}).catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();\n";

pub fn serve(options: BuildOptions, bind: IpAddr, port: u16) -> Result<(), String> {
    let root = options.root.clone();
    let out_dir = tempfile::Builder::new()
        .prefix("throughcare-serve-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let out = out_dir.path().join("site");
    let address = SocketAddr::new(bind, port);
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {address}, which other machines may reach. This is a preview \
             server, not for the public: use a real host (docs/hosting.md) for that."
        );
    }
    let opts = BuildOptions {
        out: out.clone(),
        base_url: Some(format!("http://{address}/")),
        ..options
    };
    let server = Server::http(address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
    let build_number = Arc::new(AtomicU64::new(0));
    rebuild(&opts, &build_number);
    eprintln!(
        "Serving http://{address}/ (Ctrl+C to stop). Watching {} for changes.",
        root.display()
    );

    let watched = root.clone();
    let counter = build_number.clone();
    std::thread::spawn(move || {
        let mut last = fingerprint(&watched);
        loop {
            std::thread::sleep(Duration::from_millis(500));
            let now = fingerprint(&watched);
            if now != last {
                last = now;
                eprintln!("Change seen: rebuilding.");
                rebuild(&opts, &counter);
            }
        }
    });

    for request in server.incoming_requests() {
        let url = request
            .url()
            .split(['?', '#'])
            .next()
            .unwrap_or("/")
            .to_string();
        let response = if url == RELOAD_PATH {
            text(
                build_number.load(Ordering::SeqCst).to_string(),
                "text/plain",
            )
        } else if url == RELOAD_SCRIPT_PATH {
            text(RELOAD_SCRIPT.to_string(), "text/javascript")
        } else {
            file_response(&out, &url)
        };
        let _ = request.respond(response);
    }
    Ok(())
}

fn rebuild(opts: &BuildOptions, counter: &AtomicU64) {
    match build(opts) {
        Ok(summary) => {
            for f in &summary.findings.0 {
                eprintln!("{f}");
            }
            counter.fetch_add(1, Ordering::SeqCst);
            eprintln!(
                "Built {} pages in {} ms.",
                summary.pages,
                summary.elapsed.as_millis()
            );
        }
        Err(BuildError::Findings(found)) => {
            for f in &found.0 {
                eprintln!("{:?}", f.to_report());
            }
            eprintln!("The build failed; still serving the last good site.");
        }
        Err(e) => eprintln!("The build failed: {e}"),
    }
}

/// Paths, sizes and modification times of everything a build reads.
fn fingerprint(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in ["config.toml", "content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(part))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            entry.path().hash(&mut hasher);
            if let Ok(meta) = entry.metadata() {
                meta.len().hash(&mut hasher);
                meta.modified().ok().hash(&mut hasher);
            }
        }
    }
    hasher.finish()
}

fn text(body: String, content_type: &str) -> Response<Cursor<Vec<u8>>> {
    with_type(Response::from_data(body.into_bytes()), content_type)
}

fn with_type(response: Response<Cursor<Vec<u8>>>, content_type: &str) -> Response<Cursor<Vec<u8>>> {
    let mut response = response;
    for (k, v) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
    ] {
        if let Ok(h) = Header::from_bytes(k, v) {
            response.add_header(h);
        }
    }
    response
}

/// Serve a file of the built site with its `_headers`; HTML gets the reload script and a CSP
/// that lets it poll.
fn file_response(out: &Path, url: &str) -> Response<Cursor<Vec<u8>>> {
    let Some(path) = resolve(out, url) else {
        return text("Not found".into(), "text/plain").with_status_code(404);
    };
    let (bytes, rules) = match (std::fs::read(&path), read_if_there(&out.join("_headers"))) {
        (Ok(bytes), Ok(rules)) => (bytes, rules),
        (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => {
            return text("Not found".into(), "text/plain").with_status_code(404);
        }
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("serve: cannot read {}: {e}", path.display());
            return text(format!("Cannot read the file: {e}"), "text/plain").with_status_code(500);
        }
    };
    let mut response = typed_file(&path, bytes);
    for (name, value) in headers::parse_for(&rules, url) {
        let value = value.replace("connect-src 'none'", "connect-src 'self'");
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(h);
        }
    }
    response
}

/// A file's text; empty when there is no such file (a site built without `_headers`).
fn read_if_there(path: &Path) -> std::io::Result<String> {
    match std::fs::read_to_string(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        read => read,
    }
}

fn typed_file(path: &Path, bytes: Vec<u8>) -> Response<Cursor<Vec<u8>>> {
    let content_type = content_type(path);
    if content_type.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes)
            .replacen("connect-src 'none'", "connect-src 'self'", 1)
            .replacen(
                "</body>",
                &format!("<script src=\"{RELOAD_SCRIPT_PATH}\"></script></body>"),
                1,
            );
        return with_type(Response::from_data(html.into_bytes()), content_type);
    }
    with_type(Response::from_data(bytes), content_type)
}

/// The file for a URL path, never outside `out`: the path passes the output gate (which sees
/// through percent-encoding), and what it names, links resolved, must still be inside `out`.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let checked = OutputPath::from_url(url).ok()?;
    let decoded = percent_encoding::percent_decode_str(checked.as_str())
        .decode_utf8()
        .ok()?;
    let mut path = out.join(decoded.as_ref());
    if path.is_dir() {
        path.push("index.html");
    }
    let real = path.canonicalize().ok()?;
    let inside = out.canonicalize().is_ok_and(|out| real.starts_with(out));
    (inside && real.is_file()).then_some(path)
}

pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "woff2" => "font/woff2",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "x").unwrap();
        assert_eq!(
            resolve(dir.path(), "/a/"),
            Some(dir.path().join("a/index.html"))
        );
        assert_eq!(resolve(dir.path(), "/a/../../etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/missing"), None);
        assert_eq!(resolve(dir.path(), "/a%2f..%2f..%2fetc/passwd"), None);
        assert_eq!(resolve(dir.path(), "/..%5c..%5cetc/passwd"), None);
        assert_eq!(resolve(dir.path(), "//etc/passwd"), None);
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "key").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("secret"))
            .unwrap();
        assert_eq!(resolve(dir.path(), "/secret"), None);
    }
}
