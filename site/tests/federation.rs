//! Federation: fixture federations from local folders, git repositories and tarballs, built
//! strict and tolerant, with the exact finding asserted in each case.

use std::path::{Path, PathBuf};

mod common;
use common::{key, minisign_signed, sign_tag, tarball, walk};
use federation::tree::sha256_hex as sha256;
use site::{BuildError, BuildOptions, Mode};

const TODAY: &str = "2026-11-23";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/federated")
}

/// A fresh copy of the fixture site in a temporary folder.
fn site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    for entry in walk(&fixture()) {
        let dest = root.join(entry.strip_prefix(fixture()).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
    (tmp, root)
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const PAGE: &str = "+++\ntitle = \"Visits\"\nreview_by = 2027-05-01\n+++\nHow visits work.\n";
const SERVICES: &str = r#"[[services]]
slug = "helpline"
name = "Helpline"
description = "A helpline for families."
easy = "Call us for help."
phone = "0800 000 0000"
needs = ["family"]
eligibility = ["family-member"]
referral = ["self", "family"]
hours = [{ days = "Monday to Friday", opens = "09:00", closes = "17:00" }]
location = { name = "Community hub", address = "1 High Street", town = "Kirkcaldy", postcode = "KY1 1AA" }
assured_date = 2026-10-01
review_by = 2027-04-01
"#;

/// A member in `members/{id}` with a page and a service, and a manifest naming it.
fn folder_member(root: &Path, id: &str, extra: &str) {
    write(&root.join(format!("members/{id}/pages/visits.md")), PAGE);
    write(&root.join(format!("members/{id}/services.toml")), SERVICES);
    manifest(
        root,
        &member_entry(id, &format!("{{ dir = \"members/{id}\" }}"), extra),
    );
}

fn member_entry(id: &str, source: &str, extra: &str) -> String {
    format!("[[members]]\nid = \"{id}\"\nname = \"Member {id}\"\nkinds = [\"pages\", \"services\"]\ncouncils = [\"Fife\"]\nsource = {source}\n{extra}\n")
}

fn manifest(root: &Path, members: &str) {
    write(
        &root.join("federation.toml"),
        format!("review_grace_days = 30\n\n{members}"),
    );
}

fn update(root: &Path) -> (federation::Lock, Vec<federation::Finding>) {
    federation::update(&federation::Options::new(root, TODAY)).unwrap()
}

fn build(root: &Path, mode: Mode, offline: bool) -> Result<site::BuildSummary, BuildError> {
    site::build(&BuildOptions {
        out: root.parent().unwrap().join("public"),
        today: Some(TODAY.parse().unwrap()),
        mode,
        offline,
        ..BuildOptions::new(root)
    })
}

fn out(root: &Path) -> PathBuf {
    root.parent().unwrap().join("public")
}

/// Each finding as (file, rule).
fn found(result: Result<site::BuildSummary, BuildError>) -> Vec<(String, &'static str)> {
    match result {
        Err(BuildError::Findings(f)) => {
            f.0.iter()
                .map(|f| (f.file.display().to_string(), f.rule))
                .collect()
        }
        Err(other) => panic!("not findings: {other}"),
        Ok(_) => panic!("the build should have failed"),
    }
}

/// Strict fails with exactly `rule` on `file`, writing nothing; tolerant builds the rest,
/// leaves the item out, says so on every page, and reports it.
fn strict_fails_tolerant_quarantines(root: &Path, file: &str, rule: &str, missing: &str) {
    let strict = found(build(root, Mode::Strict, false));
    assert!(
        strict.iter().any(|(f, r)| f == file && *r == rule),
        "{strict:?}"
    );
    assert!(!out(root).exists(), "a failed build wrote something");
    let report =
        std::fs::read_to_string(root.parent().unwrap().join("federation-report/report.json"))
            .unwrap();
    assert!(report.contains(rule), "{report}");

    let summary = build(root, Mode::Tolerant, false).unwrap();
    assert!(!summary.quarantine.is_empty());
    // The build and the report say why: the same finding, now a warning.
    assert!(
        summary
            .findings
            .0
            .iter()
            .any(|f| f.file == Path::new(file) && f.rule == rule && !f.is_error()),
        "{:?}",
        summary.findings.0
    );
    let report =
        std::fs::read_to_string(root.parent().unwrap().join("federation-report/report.json"))
            .unwrap();
    assert!(
        report.contains(rule) && report.contains("left out of this build"),
        "{report}"
    );
    assert!(!out(root).join(missing).exists(), "{missing} was built");
    let home = std::fs::read_to_string(out(root).join("index.html")).unwrap();
    assert!(home.contains("Some services may be missing"), "{home}");
    assert!(std::fs::read_to_string(out(root).join("about/index.html"))
        .unwrap()
        .contains("About"));
    let html = std::fs::read_to_string(root.parent().unwrap().join("federation-report/index.html"))
        .unwrap();
    assert!(html.contains("Member"), "{html}");
}

#[test]
fn update_locks_and_the_build_uses_the_lock_with_provenance_on_every_member_page() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "sample = true");
    let (lock, problems) = update(&root);
    assert!(problems.is_empty(), "{problems:?}");
    let locked = lock.member("family-help").unwrap();
    assert_eq!(locked.revision, "local");
    assert!(locked.content_hash.starts_with("sha256:") && locked.content_hash.len() == 71);
    assert_eq!(locked.checked, TODAY);
    let text = std::fs::read_to_string(root.join("federation.lock")).unwrap();
    assert!(text.contains(&locked.content_hash), "{text}");

    // A published (strict) build leaves the sample member out, and says so.
    let summary = build(&root, Mode::Strict, false).unwrap();
    assert_eq!(summary.services, 0);
    assert_eq!(summary.samples_left_out, ["member family-help"]);
    assert!(!out(&root).join("family-help").exists());
    // Asked to keep samples, as a demonstration site may be.
    let summary = site::build(&BuildOptions {
        out: out(&root),
        today: Some(TODAY.parse().unwrap()),
        mode: Mode::Strict,
        include_samples: true,
        ..BuildOptions::new(&root)
    })
    .unwrap();
    assert_eq!(summary.services, 1);
    assert!(summary.samples_left_out.is_empty());
    let page = std::fs::read_to_string(out(&root).join("family-help/visits/index.html")).unwrap();
    assert!(page.contains("Provided by Member family-help (sample); revision local; checked 2026-11-23; review due 2027-05-01"), "{page}");
    let service =
        std::fs::read_to_string(out(&root).join("family-help/services/helpline/index.html"))
            .unwrap();
    assert!(service.contains("Member family-help"), "{service}");
    assert!(out(&root)
        .join("family-help/services/helpline/easy-read/index.html")
        .is_file());
    assert!(out(&root)
        .join("services/council/fife/index.html")
        .is_file());
    assert!(out(&root)
        .join("services/need/family/easy-read/index.html")
        .is_file());
    assert!(out(&root)
        .join("services/prison/barlinnie/index.html")
        .is_file());
    let api = std::fs::read_to_string(out(&root).join("api/services.json")).unwrap();
    assert!(api.contains("\"S12000047\""), "{api}");
}

#[test]
fn a_change_after_locking_is_a_hash_mismatch() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    update(&root);
    write(
        &root.join("members/family-help/pages/visits.md"),
        PAGE.replace("How visits", "Changed: how visits"),
    );
    let f = found(build(&root, Mode::Normal, false));
    assert_eq!(
        f,
        [("federation.lock".to_string(), "federation::hash_mismatch")]
    );
    // Tolerant: the member is left out, the site's own pages are built.
    let summary = build(&root, Mode::Tolerant, false).unwrap();
    assert!(summary.quarantine.members.contains("family-help"));
    assert!(!out(&root).join("family-help/visits/index.html").exists());
}

#[test]
fn offline_builds_use_the_cache_and_an_unreachable_source_falls_back_with_a_warning() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    update(&root);
    std::fs::remove_dir_all(root.join("members")).unwrap();
    let summary = build(&root, Mode::Normal, true).unwrap();
    assert_eq!(summary.findings.warnings(), 0);
    assert!(out(&root).join("family-help/visits/index.html").is_file());

    let summary = build(&root, Mode::Normal, false).unwrap();
    let rules: Vec<&str> = summary.findings.0.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["federation::offline_fallback"]);
    assert!(out(&root).join("family-help/visits/index.html").is_file());
    // Strict counts the warning.
    assert!(found(build(&root, Mode::Strict, false))
        .iter()
        .any(|(_, r)| *r == "federation::offline_fallback"));
}

#[test]
fn revocation_removes_an_item_even_from_a_cached_build() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    update(&root);
    build(&root, Mode::Normal, false).unwrap();
    assert!(out(&root)
        .join("family-help/services/helpline/index.html")
        .is_file());
    std::fs::remove_dir_all(root.join("members")).unwrap();
    let text = std::fs::read_to_string(root.join("federation.toml")).unwrap();
    write(&root.join("federation.toml"), format!("{text}\n[[revoked]]\nid = \"family-help:service/helpline\"\nreason = \"closed\"\n\n[[revoked]]\nid = \"family-help:page/visits\"\nreason = \"out of date\"\n"));
    let summary = build(&root, Mode::Strict, true).unwrap();
    assert_eq!(summary.services, 0);
    assert!(!out(&root)
        .join("family-help/services/helpline/index.html")
        .exists());
    assert!(!out(&root).join("family-help/visits/index.html").exists());
    let api = std::fs::read_to_string(out(&root).join("api/services.json"));
    assert!(api.is_err() || !api.unwrap().contains("Helpline"));
}

#[test]
fn a_member_cannot_write_outside_its_namespace() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    write(
        &root.join("members/family-help/pages/sneaky.md"),
        "+++\ntitle = \"Sneaky\"\npath = \"about\"\n+++\nMine now.\n",
    );
    update(&root);
    strict_fails_tolerant_quarantines(
        &root,
        "federation/family-help/pages/sneaky.md",
        "federation::outside_namespace",
        "family-help/sneaky/index.html",
    );
    // The site's own page is the site's.
    let about = std::fs::read_to_string(out(&root).join("about/index.html")).unwrap();
    assert!(about.contains("The site's own page"), "{about}");
}

#[test]
fn a_member_cannot_take_a_core_name() {
    let (_tmp, root) = site();
    folder_member(&root, "about", "");
    update(&root);
    let f = found(build(&root, Mode::Strict, false));
    assert_eq!(
        f,
        [("federation/about".to_string(), "federation::core_prefix")]
    );
    let summary = build(&root, Mode::Tolerant, false).unwrap();
    assert!(summary.quarantine.members.contains("about"));
    let about = std::fs::read_to_string(out(&root).join("about/index.html")).unwrap();
    assert!(about.contains("The site's own page"), "{about}");
}

#[test]
fn a_member_cannot_publish_a_kind_it_is_not_allowed() {
    let (_tmp, root) = site();
    write(&root.join("members/svc/pages/visits.md"), PAGE);
    write(&root.join("members/svc/services.toml"), SERVICES);
    manifest(
        &root,
        &member_entry("svc", "{ dir = \"members/svc\" }", "").replace(
            "kinds = [\"pages\", \"services\"]",
            "kinds = [\"services\"]",
        ),
    );
    update(&root);
    strict_fails_tolerant_quarantines(
        &root,
        "federation/svc/pages/visits.md",
        "federation::kind_not_allowed",
        "svc/visits/index.html",
    );
    assert!(out(&root)
        .join("svc/services/helpline/index.html")
        .is_file());
}

#[test]
fn injected_script_is_refused() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    write(&root.join("members/family-help/pages/bad.md"), "+++\ntitle = \"Bad\"\n+++\nHello.\n\n<script>steal()</script>\n\n<img src=x onerror=\"steal()\">\n");
    update(&root);
    strict_fails_tolerant_quarantines(
        &root,
        "federation/family-help/pages/bad.md",
        "federation::unsafe_html",
        "family-help/bad/index.html",
    );
    assert!(out(&root).join("family-help/visits/index.html").is_file());
}

#[test]
fn a_symlink_and_a_50_mb_file_are_refused_before_they_are_read() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    std::os::unix::fs::symlink(
        "/etc/passwd",
        root.join("members/family-help/pages/link.md"),
    )
    .unwrap();
    let big = std::fs::File::create(root.join("members/family-help/pages/big.md")).unwrap();
    big.set_len(50 * 1024 * 1024).unwrap();
    let (_, problems) = update(&root);
    let rules: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.file.to_str().unwrap_or_default(), p.rule))
        .collect();
    assert_eq!(
        rules,
        [
            ("pages/big.md", "federation::oversize"),
            ("pages/link.md", "federation::symlink")
        ]
    );
    let f = found(build(&root, Mode::Strict, false));
    assert!(
        f.contains(&(
            "federation/family-help/pages/link.md".to_string(),
            "federation::symlink"
        )),
        "{f:?}"
    );
    assert!(
        f.contains(&(
            "federation/family-help/pages/big.md".to_string(),
            "federation::oversize"
        )),
        "{f:?}"
    );
    // A source that tries this is not trusted at all.
    let summary = build(&root, Mode::Tolerant, false).unwrap();
    assert!(summary.quarantine.members.contains("family-help"));
    assert!(!out(&root).join("family-help/visits/index.html").exists());
}

/// A gzip tarball from (raw name, bytes) pairs: names are written as given, `..` included.
#[test]
fn tarballs_are_checksummed_signed_and_cannot_traverse() {
    let (_tmp, root) = site();
    let good = tarball(&[
        ("pages/visits.md", PAGE.as_bytes()),
        ("services.toml", SERVICES.as_bytes()),
    ]);
    write(&root.join("dl/member.tar.gz"), &good);
    let (keys, signature) = minisign_signed(&good);
    write(&root.join("dl/member.tar.gz.minisig"), signature);
    let entry = |sha: &str, signer: &str| {
        member_entry(
            "tarred",
            &format!("{{ tarball = \"dl/member.tar.gz\", sha256 = \"{sha}\" }}"),
            &format!("signers = [\"{signer}\"]"),
        )
    };
    manifest(&root, &entry(&sha256(&good), &keys.pk.to_base64()));
    let (lock, problems) = update(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        lock.member("tarred").unwrap().revision,
        format!("sha256:{}", sha256(&good))
    );
    build(&root, Mode::Strict, false).unwrap();
    assert!(out(&root).join("tarred/visits/index.html").is_file());

    // Signed by someone else.
    let other = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    manifest(&root, &entry(&sha256(&good), &other.pk.to_base64()));
    let (_, problems) = update(&root);
    assert_eq!(
        problems.iter().map(|p| p.rule).collect::<Vec<_>>(),
        ["federation::bad_signature"]
    );

    // A name that climbs out of the folder.
    let evil = tarball(&[
        ("../../evil.md", PAGE.as_bytes()),
        ("services.toml", SERVICES.as_bytes()),
    ]);
    write(&root.join("dl/member.tar.gz"), &evil);
    std::fs::remove_file(root.join("dl/member.tar.gz.minisig")).unwrap();
    manifest(
        &root,
        &member_entry(
            "tarred",
            &format!(
                "{{ tarball = \"dl/member.tar.gz\", sha256 = \"{}\" }}",
                sha256(&evil)
            ),
            "",
        ),
    );
    let (_, problems) = update(&root);
    assert_eq!(
        problems.iter().map(|p| p.rule).collect::<Vec<_>>(),
        ["federation::path_traversal"]
    );
    let f = found(build(&root, Mode::Strict, false));
    assert_eq!(
        f,
        [(
            "federation/tarred/../../evil.md".to_string(),
            "federation::path_traversal"
        )]
    );
    assert!(!root.parent().unwrap().join("evil.md").exists());
    let summary = build(&root, Mode::Tolerant, false).unwrap();
    assert!(summary.quarantine.members.contains("tarred"));
}

/// A git repository with the member's files, committed (signed when a key is given) and
/// tagged `v1`.
fn git_member(dir: &Path, page: &str, key: Option<&ssh_key::PrivateKey>) -> String {
    let repo = git2::Repository::init(dir).unwrap();
    write(&dir.join("pages/visits.md"), page);
    write(&dir.join("services.toml"), SERVICES);
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let who = git2::Signature::new(
        "Partner",
        "partner@example.org",
        &git2::Time::new(1_700_000_000, 0),
    )
    .unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit> = parent.iter().collect();
    let buffer = repo
        .commit_create_buffer(&who, &who, "content", &tree, &parents)
        .unwrap();
    let buffer = std::str::from_utf8(&buffer).unwrap().to_string();
    let oid = match key {
        Some(key) => {
            let sig = key
                .sign("git", ssh_key::HashAlg::Sha512, buffer.as_bytes())
                .unwrap();
            repo.commit_signed(
                &buffer,
                &sig.to_pem(ssh_key::LineEnding::LF).unwrap(),
                Some("gpgsig"),
            )
            .unwrap()
        }
        None => repo
            .commit(None, &who, &who, "content", &tree, &parents)
            .unwrap(),
    };
    let object = repo.find_object(oid, None).unwrap();
    repo.tag_lightweight("v1", &object, true).unwrap();
    repo.reference("refs/heads/main", oid, true, "content")
        .unwrap();
    oid.to_string()
}

#[test]
fn git_sources_lock_a_commit_and_their_ssh_signatures_are_checked() {
    let (_tmp, root) = site();
    let partner = key(7);
    let commit = git_member(&root.parent().unwrap().join("repo"), PAGE, Some(&partner));
    let public = partner.public_key().to_openssh().unwrap();
    let entry = |signer: &str| {
        member_entry(
            "gitted",
            "{ git = \"../repo\", tag = \"v1\" }",
            &format!("signers = [\"{signer}\"]"),
        )
    };
    manifest(&root, &entry(&public));
    let (lock, problems) = update(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lock.member("gitted").unwrap().revision, commit);
    build(&root, Mode::Strict, false).unwrap();
    assert!(out(&root).join("gitted/visits/index.html").is_file());

    // The manifest now trusts another key only: the locked commit's signature fails.
    let stranger = key(9).public_key().to_openssh().unwrap();
    manifest(&root, &entry(&stranger));
    let f = found(build(&root, Mode::Strict, false));
    assert_eq!(
        f,
        [(
            format!("federation/gitted/commit {commit}"),
            "federation::bad_signature"
        )]
    );
    let summary = build(&root, Mode::Tolerant, false).unwrap();
    assert!(summary.quarantine.members.contains("gitted"));

    // The tag moves to an unsigned commit: update refuses it.
    manifest(&root, &entry(&public));
    let unsigned = git_member(
        &root.parent().unwrap().join("repo"),
        &PAGE.replace("How", "Now"),
        None,
    );
    let (_, problems) = update(&root);
    assert_eq!(
        problems
            .iter()
            .map(|p| (p.file.clone(), p.rule))
            .collect::<Vec<_>>(),
        [(
            PathBuf::from(format!("commit {unsigned}")),
            "federation::unsigned"
        )]
    );

    // Update dropped the member's lock entry, so builds refuse it until it is signed.
    let f = found(build(&root, Mode::Strict, false));
    assert_eq!(
        f,
        [("federation.toml".to_string(), "federation::not_locked")]
    );
}

#[test]
fn a_git_source_pinned_by_an_ssh_signed_tag_needs_no_signed_commit() {
    let (_tmp, root) = site();
    let repo = root.parent().unwrap().join("repo");
    let partner = key(7);
    let commit = git_member(&repo, PAGE, None);
    sign_tag(&git2::Repository::open(&repo).unwrap(), &commit, &partner);
    let entry = |signer: &str| {
        member_entry(
            "gitted",
            "{ git = \"../repo\", tag = \"v1\" }",
            &format!("signers = [\"{signer}\"]"),
        )
    };
    manifest(&root, &entry(&partner.public_key().to_openssh().unwrap()));
    let (lock, problems) = update(&root);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(lock.member("gitted").unwrap().revision, commit);
    build(&root, Mode::Strict, false).unwrap();
    assert!(out(&root).join("gitted/visits/index.html").is_file());

    // Only another key is trusted: the tag's signature fails.
    manifest(&root, &entry(&key(9).public_key().to_openssh().unwrap()));
    assert_eq!(
        found(build(&root, Mode::Strict, false)),
        [(
            "federation/gitted/tag v1".to_string(),
            "federation::bad_signature"
        )]
    );

    // The tag moves, signed, to a new commit: still not what was locked.
    manifest(&root, &entry(&partner.public_key().to_openssh().unwrap()));
    let moved = git_member(&repo, &PAGE.replace("How", "Now"), None);
    sign_tag(&git2::Repository::open(&repo).unwrap(), &moved, &partner);
    assert_eq!(
        found(build(&root, Mode::Strict, false)),
        [("federation.lock".to_string(), "federation::hash_mismatch")]
    );
}

#[test]
fn the_hsds_export_validates_against_the_official_schema() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    update(&root);
    build(&root, Mode::Strict, false).unwrap();
    let api: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out(&root).join("api/services.json")).unwrap(),
    )
    .unwrap();
    let services = api.as_array().unwrap();
    assert_eq!(services.len(), 1);
    let validator = common::hsds_validator();
    for s in services {
        let errors: Vec<String> = validator
            .iter_errors(s)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    // The validator is not a formality: a service without a UUID id fails.
    let mut broken = services[0].clone();
    broken["id"] = serde_json::json!("not-a-uuid");
    assert!(!validator.is_valid(&broken));
    let package: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out(&root).join("api/datapackage.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(package["resources"][0]["path"], "services.json");
}

#[test]
fn overdue_listings_are_marked_and_leave_kiosk_builds_after_the_grace_period() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    // Due on 1 October: 53 days overdue on the test's today, past the 30 days' grace.
    write(
        &root.join("members/family-help/services.toml"),
        SERVICES.replace("review_by = 2027-04-01", "review_by = 2026-10-01"),
    );
    update(&root);
    let summary = build(&root, Mode::Normal, false).unwrap();
    let rules: Vec<&str> = summary.findings.0.iter().map(|f| f.rule).collect();
    assert_eq!(rules, ["directory::review_overdue"]);
    let page = std::fs::read_to_string(out(&root).join("family-help/services/helpline/index.html"))
        .unwrap();
    assert!(page.contains("Overdue for review"), "{page}");
    assert!(found(build(&root, Mode::Strict, false)).contains(&(
        "federation/family-help/services.toml".to_string(),
        "directory::review_overdue"
    )));

    let kiosk = site::build(&BuildOptions {
        out: out(&root),
        today: Some(TODAY.parse().unwrap()),
        mode: Mode::Tolerant,
        kiosk: Some("fife-kiosk".into()),
        ..BuildOptions::new(&root)
    })
    .unwrap();
    assert_eq!(kiosk.services, 0);
    assert!(!out(&root)
        .join("family-help/services/helpline/index.html")
        .exists());
    // Within the grace period it stays, marked.
    let within = site::build(&BuildOptions {
        out: out(&root),
        today: Some("2026-10-20".parse().unwrap()),
        kiosk: Some("fife-kiosk".into()),
        ..BuildOptions::new(&root)
    })
    .unwrap();
    assert_eq!(within.services, 1);
}

#[test]
fn a_member_can_publish_its_services_as_hsds_json() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    update(&root);
    build(&root, Mode::Strict, false).unwrap();
    let exported = std::fs::read_to_string(out(&root).join("api/services.json")).unwrap();
    // Another member publishes the same services from an HSDS file.
    write(
        &root.join("members/imported/hsds.json"),
        exported.replace("\"Helpline\"", "\"Imported helpline\""),
    );
    let text = std::fs::read_to_string(root.join("federation.toml")).unwrap();
    manifest(
        &root,
        &format!(
            "{}\n{}",
            text.trim_start_matches("review_grace_days = 30\n\n"),
            member_entry("imported", "{ dir = \"members/imported\" }", "").replace(
                "kinds = [\"pages\", \"services\"]",
                "kinds = [\"services\"]"
            )
        ),
    );
    update(&root);
    let summary = build(&root, Mode::Strict, false).unwrap();
    assert_eq!(summary.services, 2);
    let page =
        std::fs::read_to_string(out(&root).join("imported/services/imported-helpline/index.html"))
            .unwrap();
    assert!(page.contains("Member imported"), "{page}");
    let family =
        std::fs::read_to_string(out(&root).join("services/need/family/index.html")).unwrap();
    assert!(
        family.contains("imported:service&#x2F;imported-helpline"),
        "needs come from the HSDS attributes: {family}"
    );
    let fife =
        std::fs::read_to_string(out(&root).join("services/council/fife/index.html")).unwrap();
    assert!(
        fife.contains("imported:service&#x2F;imported-helpline"),
        "areas come from service_areas: {fife}"
    );
}

#[test]
fn references_between_members_resolve_after_every_member_loads() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    write(&root.join("members/mentors/services.toml"), SERVICES.replace("slug = \"helpline\"", "slug = \"mentoring\"").replace("assured_date", "related = [\"family-help:service/helpline\", \"nobody:service/missing\"]\nassured_date"));
    let text = std::fs::read_to_string(root.join("federation.toml")).unwrap();
    manifest(
        &root,
        &format!(
            "{}\n{}",
            text.trim_start_matches("review_grace_days = 30\n\n"),
            member_entry("mentors", "{ dir = \"members/mentors\" }", "")
        ),
    );
    update(&root);
    let f = found(build(&root, Mode::Strict, false));
    assert_eq!(
        f,
        [(
            "federation/mentors/services.toml".to_string(),
            "federation::unknown_reference"
        )]
    );
    // Tolerant: the one listing with the broken reference is left out, not its member's others.
    let summary = build(&root, Mode::Tolerant, false).unwrap();
    assert!(
        summary
            .quarantine
            .items
            .contains("mentors:service/mentoring"),
        "{:?}",
        summary.quarantine
    );
    assert!(summary.quarantine.members.is_empty());
    assert!(!out(&root)
        .join("mentors/services/mentoring/index.html")
        .exists());
    assert!(out(&root)
        .join("family-help/services/helpline/index.html")
        .is_file());
}

#[test]
fn members_listings_follow_the_language_rules() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "");
    write(
        &root.join("members/family-help/services.toml"),
        SERVICES
            .replace("A helpline for families.", "A helpline for families of offenders.")
            .replace("Call us for help.", "Call us for help with anything at all that worries you about the person you love while they are away."),
    );
    update(&root);
    let f = found(build(&root, Mode::Strict, false));
    let file = "federation/family-help/services.toml".to_string();
    assert_eq!(
        f,
        [
            (file.clone(), "easy_read::sentence_too_long"),
            (file, "language::stigmatising_word")
        ]
    );
}

/// A sample listing is invented: a real national number on it is refused, with its place.
#[test]
fn a_sample_listing_with_a_real_number_is_refused() {
    let (_tmp, root) = site();
    folder_member(&root, "family-help", "sample = true");
    let services = SERVICES.replace("0800 000 0000", "116 123");
    write(&root.join("members/family-help/services.toml"), services);
    update(&root);
    let f = found(build(&root, Mode::Normal, false));
    assert!(
        f.contains(&(
            "federation/family-help/services.toml".to_string(),
            "care::sample_real_number"
        )),
        "{f:?}"
    );
}
