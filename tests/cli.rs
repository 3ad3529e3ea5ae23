//! The `throughcare` command: exit codes and messages, `check`'s report, and `serve`. The
//! generator's own tests are in `site/tests/`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The fixture sites, which live with the generator's tests.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("site/tests/fixtures")
}

/// Copy a fixture folder, file by file.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let dest = to.join(entry.path().strip_prefix(from).unwrap());
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn cli_exits_1_with_location_and_fix_never_101() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("base"), &root);
    copy_dir(&fixtures().join("invalid/broken-link"), &root);
    let output = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .args(["build", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("content/a.md:6:5"), "{stderr}");
    assert!(stderr.contains("links::broken_internal"), "{stderr}");
    assert!(stderr.contains("Nothing was written"), "{stderr}");
    assert!(!root.join("public").exists());
}

#[test]
fn cli_check_prints_reading_ease_and_fails_on_errors() {
    let output = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .args(["check", "--root"])
        .arg(fixtures().join("valid"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.contains("easy") && l.ends_with("content/housing.easy.md")),
        "{stdout}"
    );
}

/// One HTTP/1.0 request to the preview server: the status line and headers, then the body.
fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_answers_on_loopback_with_headers_and_never_outside_its_folder() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(fixtures().join("base"))
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut up = false;
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            up = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let responses: Vec<String> = if up {
        [
            "/ok/",
            "/%2e%2e/%2e%2e/Cargo.toml",
            "/..%2f..%2fCargo.toml",
            "/a/../../Cargo.toml",
            "//etc/passwd",
        ]
        .iter()
        .map(|p| http_get(port, p))
        .collect()
    } else {
        Vec::new()
    };
    let _ = child.kill();
    let _ = child.wait();
    assert!(up, "serve did not answer on 127.0.0.1:{port}");
    let page = &responses[0];
    let status = |r: &str| r.lines().next().unwrap_or("").to_string();
    assert!(status(page).ends_with(" 200 OK"), "{page}");
    assert!(page.contains("frame-ancestors 'none'"), "{page}");
    assert!(page.contains("X-Content-Type-Options: nosniff"), "{page}");
    for (response, path) in responses[1..].iter().zip(["%2e%2e", "..%2f", "a/..", "//"]) {
        assert!(status(response).contains(" 404 "), "{path}: {response}");
        assert!(
            !response.contains("[package]"),
            "{path} served a file outside the site"
        );
    }
}

/// A saved page is rebuilt and an open page's reload request is answered with the new build,
/// which shows the change. (No timing is asserted: `throughcare bench` measures it.)
#[test]
fn serve_rebuilds_on_save_and_answers_the_waiting_reload_request() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("base"), &root);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // From the site's folder with the default root, `.`, as the README says to run it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_throughcare"))
        .args(["serve", "--port", &port.to_string()])
        .current_dir(&root)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let body = |r: String| r.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    let mut first = 0;
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            first = body(http_get(port, "/__throughcare/build"))
                .trim()
                .parse()
                .unwrap_or(0);
            if first > 0 {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let waiting = std::thread::spawn(move || {
        body(http_get(
            port,
            &format!("/__throughcare/build?after={first}"),
        ))
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let page = root.join("content/ok.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("A good page", "A page saved again")).unwrap();
    let answer = waiting.join().unwrap();
    let served = http_get(port, "/ok/");
    let listed = http_get(port, "/");
    // config.toml saved as editors often do: a new file renamed over the old one, twice.
    let mut after_config = Vec::new();
    for round in 0..2 {
        let seen = body(http_get(port, "/__throughcare/build"))
            .trim()
            .to_string();
        let waiting = std::thread::spawn(move || {
            body(http_get(
                port,
                &format!("/__throughcare/build?after={seen}"),
            ))
        });
        std::thread::sleep(std::time::Duration::from_millis(300));
        let config = root.join("config.toml");
        let text = std::fs::read_to_string(&config).unwrap();
        std::fs::write(
            root.join("config.toml.new"),
            format!("{text}\n# saved {round}\n"),
        )
        .unwrap();
        std::fs::rename(root.join("config.toml.new"), &config).unwrap();
        after_config.push(waiting.join().unwrap().trim().to_string());
    }
    // A save with an error changes nothing that is served.
    let before_error = body(http_get(port, "/__throughcare/build"));
    std::fs::write(&page, "+++\ntitle = \n+++\nBroken.\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let after_error = body(http_get(port, "/__throughcare/build"));
    let served_after_error = http_get(port, "/ok/");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first > 0, "the first build never finished");
    assert_eq!(
        after_config,
        [(first + 2).to_string(), (first + 3).to_string()],
        "each save of config.toml by rename rebuilds"
    );
    assert_eq!(
        answer.trim(),
        (first + 1).to_string(),
        "the reload request waits for the next build"
    );
    assert!(served.contains("A page saved again"), "{served}");
    assert!(
        listed.contains("A page saved again"),
        "the section listing the page shows its new title: {listed}"
    );
    assert_eq!(
        before_error, after_error,
        "a save with an error is no build"
    );
    assert!(
        served_after_error.contains("A page saved again"),
        "{served_after_error}"
    );
}

/// `federation check`: a partner's folder, outside the site, through a member's rules, with
/// findings at paths in that folder; nothing is written; a fixed folder passes.
#[test]
fn federation_check_runs_a_members_rules_on_a_partners_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("federated"), &root);
    std::fs::write(
        root.join("federation.toml"),
        "[[members]]\nid = \"fife-help\"\nname = \"Fife Help\"\nkinds = [\"pages\"]\ncouncils = [\"Fife\"]\nsource = { git = \"https://example.org/fife-help.git\", tag = \"v1\" }\n",
    )
    .unwrap();
    let partner = tmp.path().join("partner");
    std::fs::create_dir_all(partner.join("pages")).unwrap();
    std::fs::create_dir_all(partner.join("stories")).unwrap();
    let page = partner.join("pages/visits.md");
    std::fs::write(
        &page,
        "+++\ntitle = \"Visits\"\nreview_by = 2099-05-01\n+++\nHow visits work.\n\nAn offender may <script>alert(1)</script> visit.\n",
    )
    .unwrap();
    std::fs::write(
        partner.join("stories/me.md"),
        "+++\ntitle = \"Me\"\n+++\nA story.\n",
    )
    .unwrap();
    let check = |member: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_throughcare"))
            .args(["federation", "check"])
            .arg(&partner)
            .args(["--member", member, "--root"])
            .arg(&root)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (code, stderr) = check("fife-help");
    assert_eq!(code, Some(1), "{stderr}");
    let at = format!("{}:7:", page.display());
    assert!(
        stderr.contains(&at),
        "findings point into the partner's folder: {stderr}"
    );
    for rule in [
        "language::stigmatising_word",
        "federation::unsafe_html",
        "federation::kind_not_allowed",
    ] {
        assert!(stderr.contains(rule), "{rule}: {stderr}");
    }
    let (code, stderr) = check("someone-else");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("use one of: fife-help"), "{stderr}");

    std::fs::remove_dir_all(partner.join("stories")).unwrap();
    std::fs::write(
        &page,
        "+++\ntitle = \"Visits\"\nreview_by = 2099-05-01\n+++\nHow visits work.\n",
    )
    .unwrap();
    let (code, stderr) = check("fife-help");
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("Ready to publish"), "{stderr}");
    assert!(!root.join("public").exists() && !root.join("federation.lock").exists());
}

/// `publish`: update, a strict build, then the swap; a partner's broken update leaves the last
/// good site live, the lock as that site was built from, and a report naming the partner;
/// `--tolerant` publishes the rest without the broken page.
#[test]
fn publish_keeps_the_last_good_site_when_a_partner_breaks() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("federated"), &root);
    std::fs::write(
        root.join("federation.toml"),
        "[[members]]\nid = \"fife-help\"\nname = \"Fife Help\"\nkinds = [\"pages\"]\ncouncils = [\"Fife\"]\nsource = { dir = \"members/fife-help\" }\n",
    )
    .unwrap();
    let page = root.join("members/fife-help/pages/visits.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(
        &page,
        "+++\ntitle = \"Visits\"\nreview_by = 2099-05-01\n+++\nHow visits work.\n",
    )
    .unwrap();
    let out = tmp.path().join("live");
    let publish = |extra: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_throughcare"))
            .args(["publish", "--root"])
            .arg(&root)
            .arg("--out")
            .arg(&out)
            .args(extra)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).to_string(),
        )
    };
    let (code, stderr) = publish(&[]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("Published"), "{stderr}");
    let live_page = out.join("fife-help/visits/index.html");
    let good = std::fs::read_to_string(&live_page).unwrap();
    assert!(good.contains("How visits work."));
    let good_lock = std::fs::read(root.join("federation.lock")).unwrap();

    std::fs::write(
        &page,
        "+++\ntitle = \"Visits\"\nreview_by = 2099-05-01\n+++\nHow visits work. <script>alert(1)</script>\n",
    )
    .unwrap();
    let (code, stderr) = publish(&[]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("federation::unsafe_html"), "{stderr}");
    assert!(stderr.contains("Not published"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&live_page).unwrap(), good);
    assert_eq!(
        std::fs::read(root.join("federation.lock")).unwrap(),
        good_lock,
        "the lock is the one the live site was built from"
    );
    let report = std::fs::read_to_string(tmp.path().join("federation-report/report.json")).unwrap();
    assert!(
        report.contains("fife-help") && report.contains("federation::unsafe_html"),
        "{report}"
    );

    let (code, stderr) = publish(&["--tolerant"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(!live_page.exists(), "the broken page is left out");
    assert!(out.join("index.html").exists());
}
