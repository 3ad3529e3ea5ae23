//! `throughcare serve`: build into a temporary folder, serve it on 127.0.0.1 (another address
//! only when asked, with a warning), rebuild when a source changes, and let open pages reload
//! themselves. Requests go through the same path gate as the build's output, so no URL
//! (`..`, `%2e%2e`, backslashes) reaches a file outside the built site; responses carry the
//! site's `_headers`, as a real host would send them.
//!
//! Changes are seen through the file system's notifications (the `notify` crate, as Zola
//! does), falling back to polling file times twice a second where there are none. Live reload
//! is a small script, served only here, that asks for the build number and is answered when
//! the next build is done (a long poll); the site's own files are never changed for it.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::Cursor;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use notify::Watcher;
use tiny_http::{Header, Request, Response, Server};

use site::output::OutputPath;
use site::render::headers;
use site::{build, BuildError, BuildOptions};

const RELOAD_PATH: &str = "/__throughcare/build";
const RELOAD_SCRIPT_PATH: &str = "/__throughcare/livereload.js";
/// Asks for the build after the one the page has seen; the answer comes when there is one.
const RELOAD_SCRIPT: &str = "(function(){var seen=null;function poll(){fetch('/__throughcare/build?after='+(seen===null?'':seen),{cache:'no-store'}).then(function(r){return r.text()}).then(function(n){if(seen!==null&&n!==seen){location.reload();return}seen=n;poll()}).catch(function(){setTimeout(poll,1000)})}poll()})();\n";
/// How long a reload request waits for a build before it is answered anyway.
const LONG_POLL: Duration = Duration::from_secs(25);
/// Editors save in several steps (write, rename, change times): one build for all of them.
const SETTLE: Duration = Duration::from_millis(15);
/// What a site is built from; a change to any of it rebuilds.
const WATCHED: [&str; 6] = [
    "config.toml",
    "content",
    "templates",
    "static",
    "federation.toml",
    "federation.lock",
];

pub fn serve(options: BuildOptions, bind: IpAddr, port: u16) -> Result<(), String> {
    if !bind.is_loopback() {
        eprintln!(
            "warning: serving on {bind}, which other machines may reach. This is a preview \
             server, not for the public: use a real host (docs/hosting.md) for that."
        );
    }
    let root = options.root.clone();
    let preview = Preview::start(options, bind, port)?;
    eprintln!(
        "Serving http://{}/ (Ctrl+C to stop). Watching {} for changes.",
        preview.address,
        root.display()
    );
    preview.answer();
    Ok(())
}

/// The number of the last good build, and a way to wait for the next one.
#[derive(Default)]
pub struct Builds {
    number: Mutex<u64>,
    done: Condvar,
}

impl Builds {
    pub fn number(&self) -> u64 {
        *self.number.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn finished(&self) {
        *self.number.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.done.notify_all();
    }

    /// The build number once it is not `after` (a restarted server counts from 1 again), or
    /// after `limit` whatever it is.
    pub fn after(&self, after: u64, limit: Duration) -> u64 {
        let number = self.number.lock().unwrap_or_else(|e| e.into_inner());
        let (number, _) = self
            .done
            .wait_timeout_while(number, limit, |n| *n == after)
            .unwrap_or_else(|e| e.into_inner());
        *number
    }
}

/// A running preview: the first build made, the watcher started, the server listening.
pub struct Preview {
    pub address: SocketAddr,
    pub builds: Arc<Builds>,
    server: Server,
    out: PathBuf,
    // Kept for as long as the preview runs: dropping them stops the watching and removes the
    // built site.
    _watching: Option<notify::RecommendedWatcher>,
    _out_dir: tempfile::TempDir,
}

impl Preview {
    /// Build, then listen on `bind:port` (port 0: any free port) and watch the sources.
    pub fn start(options: BuildOptions, bind: IpAddr, port: u16) -> Result<Preview, String> {
        let out_dir = tempfile::Builder::new()
            .prefix("throughcare-serve-")
            .tempdir()
            .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
        let out = out_dir.path().join("site");
        let server = Server::http(SocketAddr::new(bind, port))
            .map_err(|e| format!("cannot listen on {bind}:{port}: {e}"))?;
        let address = server
            .server_addr()
            .to_ip()
            .ok_or("the server has no IP address")?;
        // The watcher reports whole paths: a relative root (the default, `.`) would match none
        // of them, and no save would be seen.
        let root = options
            .root
            .canonicalize()
            .map_err(|e| format!("cannot open {}: {e}", options.root.display()))?;
        let opts = BuildOptions {
            root: root.clone(),
            out: out.clone(),
            base_url: Some(format!("http://{address}/")),
            ..options
        };
        let builds = Arc::new(Builds::default());
        first_build(&opts, &builds);

        let (changes, changed) = mpsc::channel::<Change>();
        let watching = watch(&root, changes.clone());
        if watching.is_none() {
            // No notifications here (a network drive, a container without inotify): poll.
            let watched = root.clone();
            std::thread::spawn(move || {
                let mut last = fingerprint(&watched);
                loop {
                    std::thread::sleep(Duration::from_millis(500));
                    let now = fingerprint(&watched);
                    if now != last && changes.send(Change::Unknown).is_err() {
                        return;
                    }
                    last = now;
                }
            });
        }
        let counter = builds.clone();
        std::thread::spawn(move || {
            while let Ok(first) = changed.recv() {
                // Let the rest of a save arrive, then build once for all of it.
                let mut change = first;
                while let Ok(more) = changed.recv_timeout(SETTLE) {
                    change = change.and(more);
                }
                eprintln!("Change seen: rebuilding.");
                rebuild(&opts, &counter, &change);
            }
        });
        Ok(Preview {
            address,
            builds,
            server,
            out,
            _watching: watching,
            _out_dir: out_dir,
        })
    }

    /// Stop `answer` (for the benchmark, which starts a preview of its own).
    pub fn stop(&self) {
        self.server.unblock();
    }

    /// Answer requests until the process ends, or `stop`.
    pub fn answer(&self) {
        for request in self.server.incoming_requests() {
            self.respond(request);
        }
    }

    /// Answer one request; a reload request that has to wait does so on its own thread.
    pub fn respond(&self, request: Request) {
        let url = request.url().to_string();
        let path = url.split(['?', '#']).next().unwrap_or("/");
        if path == RELOAD_PATH {
            let after = url
                .split_once("?after=")
                .and_then(|(_, n)| n.parse::<u64>().ok());
            let builds = self.builds.clone();
            match after {
                Some(after) if builds.number() == after => {
                    std::thread::spawn(move || {
                        let number = builds.after(after, LONG_POLL);
                        let _ = request.respond(text(number.to_string(), "text/plain"));
                    });
                }
                _ => {
                    let _ = request.respond(text(builds.number().to_string(), "text/plain"));
                }
            }
            return;
        }
        let response = if path == RELOAD_SCRIPT_PATH {
            text(RELOAD_SCRIPT.to_string(), "text/javascript")
        } else {
            file_response(&self.out, path)
        };
        let _ = request.respond(response);
    }
}

/// Watch what a site is built from; `None` when the platform gives no notifications.
fn watch(root: &Path, changes: mpsc::Sender<Change>) -> Option<notify::RecommendedWatcher> {
    let root_path = root.to_path_buf();
    let watched = move |path: &Path| {
        path.strip_prefix(&root_path)
            .ok()
            .and_then(|rel| rel.components().next())
            .is_some_and(|first| WATCHED.iter().any(|w| first.as_os_str() == *w))
    };
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Anything but a read; an event the watcher could not say more about (it may have
        // missed some) rebuilds too.
        let change = match event {
            Ok(e) if e.kind.is_access() => return,
            Ok(e) if e.paths.is_empty() => Change::Unknown,
            Ok(e) => {
                let paths: Vec<PathBuf> = e.paths.into_iter().filter(|p| watched(p)).collect();
                if paths.is_empty() {
                    return;
                }
                Change::Paths(paths)
            }
            Err(_) => Change::Unknown,
        };
        let _ = changes.send(change);
    })
    .ok()?;
    // The site's folder itself, not recursively: a single file (config.toml) saved by writing
    // a new file and renaming it over the old one is seen there, where a watch on the file
    // would end with the old file; so is a watched folder made after the start.
    watcher
        .watch(root, notify::RecursiveMode::NonRecursive)
        .ok()?;
    for part in WATCHED {
        let path = root.join(part);
        if path.is_dir() {
            watcher
                .watch(&path, notify::RecursiveMode::Recursive)
                .ok()?;
        }
    }
    Some(watcher)
}

/// What the watcher saw.
enum Change {
    /// These files or folders changed.
    Paths(Vec<PathBuf>),
    /// Something did, the watcher cannot say what (the polling fallback, a lost event).
    Unknown,
}

impl Change {
    fn and(self, other: Change) -> Change {
        match (self, other) {
            (Change::Paths(mut a), Change::Paths(b)) => {
                a.extend(b);
                a.sort();
                a.dedup();
                Change::Paths(a)
            }
            _ => Change::Unknown,
        }
    }
}

/// After a change, what open pages need first, and they reload: when only pages were saved,
/// those pages and what lists them, written over the served site; otherwise every page, without
/// the search index and the packs' PDFs (most of a build's time), into a scratch folder, and
/// what changed copied over the served site. Then the full build, which replaces the served
/// site in place.
fn rebuild(opts: &BuildOptions, builds: &Builds, change: &Change) {
    let started = Instant::now();
    let pages = match change {
        Change::Paths(paths) => site::rebuild_pages(opts, paths),
        Change::Unknown => Ok(None),
    };
    match pages {
        Ok(Some(files)) => eprintln!(
            "Saved pages rebuilt in {} ms ({files} files changed).",
            started.elapsed().as_millis()
        ),
        Ok(None) => {
            let scratch = opts.out.with_extension("quick");
            let quick = BuildOptions {
                out: scratch.clone(),
                quick: true,
                ..opts.clone()
            };
            if !report(build(&quick)) {
                return;
            }
            if let Err(e) = copy_changes(&scratch, &opts.out) {
                eprintln!("serve: cannot update the served site: {e}");
                return;
            }
            eprintln!("Pages rebuilt in {} ms.", started.elapsed().as_millis());
        }
        Err(e) => {
            report(Err(e));
            return;
        }
    }
    builds.finished();
    if report(build(opts)) {
        eprintln!(
            "Search and PDFs rebuilt: {} ms in all.",
            started.elapsed().as_millis()
        );
    }
}

/// The first build, in full.
fn first_build(opts: &BuildOptions, builds: &Builds) {
    let started = Instant::now();
    if report(build(opts)) {
        builds.finished();
        eprintln!("Built in {} ms.", started.elapsed().as_millis());
    }
}

/// Print a build's findings; whether it succeeded.
fn report(built: Result<site::BuildSummary, BuildError>) -> bool {
    match built {
        Ok(summary) => {
            for f in &summary.findings.0 {
                eprintln!("{f}");
            }
            true
        }
        Err(BuildError::Findings(found)) => {
            for f in &found.0 {
                eprintln!("{:?}", f.to_report());
            }
            eprintln!("The build failed; still serving the last good site.");
            false
        }
        Err(e) => {
            eprintln!("The build failed: {e}");
            false
        }
    }
}

/// Copy each file of `from` whose bytes differ from (or are missing in) `to`.
fn copy_changes(from: &Path, to: &Path) -> std::io::Result<()> {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        let bytes = std::fs::read(entry.path())?;
        if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            // Written beside it, then renamed over it: a request never reads half a file.
            let folder = target.parent().unwrap_or(to);
            std::fs::create_dir_all(folder)?;
            let mut part = tempfile::NamedTempFile::new_in(folder)?;
            std::io::Write::write_all(&mut part, &bytes)?;
            part.persist(&target).map_err(|e| e.error)?;
        }
    }
    Ok(())
}

/// Paths, sizes and modification times of everything a build reads (the polling fallback).
fn fingerprint(root: &Path) -> u64 {
    let mut hasher = DefaultHasher::new();
    for part in WATCHED {
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

/// For `bench`: from saving a page to the moment an open page is told to reload, on a copy of
/// the site at `options.root`; the median of `runs` saves.
pub fn edit_to_reload(options: BuildOptions, runs: usize) -> Result<String, String> {
    let copy = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let from = options.root.clone();
    for part in WATCHED.iter().chain(&["members"]) {
        copy_tree(&from.join(part), &copy.path().join(part))
            .map_err(|e| format!("cannot copy {part}: {e}"))?;
    }
    let page = walkdir::WalkDir::new(copy.path().join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .find(|p| {
            p.extension().is_some_and(|e| e == "md")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('_'))
        })
        .ok_or("the site has no page to edit")?;
    let preview = Arc::new(Preview::start(
        BuildOptions {
            root: copy.path().to_path_buf(),
            ..options
        },
        IpAddr::from([127, 0, 0, 1]),
        0,
    )?);
    let server = preview.clone();
    let answering = std::thread::spawn(move || server.answer());
    let mut times = Vec::new();
    for run in 0..runs {
        let seen = preview.builds.number();
        let (told, reload) = mpsc::channel();
        let address = preview.address;
        std::thread::spawn(move || {
            let answer = http_get(address, &format!("{RELOAD_PATH}?after={seen}"));
            let _ = told.send((Instant::now(), answer));
        });
        // The page's request is waiting before the save, as it would be in a browser.
        std::thread::sleep(Duration::from_millis(200));
        let saved = Instant::now();
        let mut text = std::fs::read_to_string(&page).map_err(|e| e.to_string())?;
        text.push_str(&format!(
            "\nA sentence added by the benchmark, number {run}.\n"
        ));
        std::fs::write(&page, text).map_err(|e| e.to_string())?;
        let (at, answer) = reload
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| "no reload within 30 s of the save".to_string())?;
        if answer.trim_end().ends_with(&seen.to_string()) {
            return Err("the page was answered without a new build".into());
        }
        times.push(at - saved);
        // The full build (search, PDFs) runs on after the reload; a person reads the page
        // before saving again.
        std::thread::sleep(Duration::from_millis(1500));
    }
    // The preview goes (its watcher, its built site) before the copy it watches.
    preview.stop();
    let _ = answering.join();
    drop(preview);
    drop(copy);
    times.sort();
    let ms = |d: Duration| d.as_millis();
    Ok(format!(
        "serve: a saved page to the reload signal: median {} ms (fastest {} ms, slowest {} ms, {} saves; the saved page and what lists it are rebuilt first, then the whole site)\n",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    ))
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_file() {
        std::fs::copy(from, to)?;
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// A bare HTTP/1.1 GET; the whole response as text.
fn http_get(address: SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(address) else {
        return String::new();
    };
    let _ = write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer
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
