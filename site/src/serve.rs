//! `throughcare serve`: build into a temporary folder, serve it on 127.0.0.1, rebuild when a
//! source changes, and let open pages reload themselves.
//!
//! Watching polls file times twice a second: no platform watcher to install or to miss events
//! on network drives. Live reload is a small script, served only here, that asks for the build
//! number once a second; the site's own files are never changed for it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Response, Server};

use crate::{build, BuildError, BuildOptions};

const RELOAD_PATH: &str = "/__throughcare/build";
const RELOAD_SCRIPT_PATH: &str = "/__throughcare/livereload.js";
const RELOAD_SCRIPT: &str = "(function(){var seen=null;function poll(){fetch('/__throughcare/build',{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){if(seen!==null&&n!==seen){location.reload()}seen=n}).catch(function(){}).then(function(){setTimeout(poll,1000)})}poll()})();\n";

pub fn serve(options: BuildOptions, port: u16) -> Result<(), String> {
    let root = options.root.clone();
    let out_dir = tempfile::Builder::new()
        .prefix("throughcare-serve-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let out = out_dir.path().join("site");
    let opts = BuildOptions {
        out: out.clone(),
        base_url: Some(format!("http://127.0.0.1:{port}/")),
        ..options
    };
    let address = format!("127.0.0.1:{port}");
    let server = Server::http(&address).map_err(|e| format!("cannot listen on {address}: {e}"))?;
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

/// Serve a file of the built site; HTML gets the reload script and a CSP that lets it poll.
fn file_response(out: &Path, url: &str) -> Response<Cursor<Vec<u8>>> {
    let Some(path) = resolve(out, url) else {
        return text("Not found".into(), "text/plain").with_status_code(404);
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return text("Not found".into(), "text/plain").with_status_code(404);
    };
    let content_type = content_type(&path);
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

/// The file for a URL path, never outside `out`.
fn resolve(out: &Path, url: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url)?;
    let mut path = out.to_path_buf();
    for part in decoded.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part == "." || part.contains('\\') {
            return None;
        }
        path.push(part);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    path.is_file().then_some(path)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
    }
}
