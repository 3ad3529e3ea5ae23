//! Federation alone, with no site: members' sources are locked, fetched from the lock,
//! verified, and vetted before a byte is read, and every finding names its member and says
//! what a tolerant build would leave out. The site's tests build with these sources.

use std::path::Path;

use federation::{Finding, LeavesOut, Options, Severity};

const TODAY: &str = "2026-11-23";

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A site folder with one member, `family-help`, read from `members/family-help`.
fn site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        &root.join("federation.toml"),
        "[[members]]\nid = \"family-help\"\nname = \"Family Help\"\nkinds = [\"pages\"]\ncouncils = [\"Fife\"]\nsource = { dir = \"members/family-help\" }\n",
    );
    write(
        &root.join("members/family-help/pages/visits.md"),
        "+++\ntitle = \"Visits\"\n+++\nHow visits work.\n",
    );
    tmp
}

fn rules(found: &[Finding]) -> Vec<(String, &'static str)> {
    found
        .iter()
        .map(|f| (f.file.display().to_string(), f.rule))
        .collect()
}

#[test]
fn a_locked_member_resolves_to_exactly_its_files() {
    let tmp = site();
    let opts = Options::new(tmp.path(), TODAY);
    let (lock, found) = federation::update(&opts).unwrap();
    assert!(found.is_empty(), "{:?}", rules(&found));
    assert_eq!(lock.members.len(), 1);
    assert_eq!(lock.members[0].checked, TODAY);
    assert!(tmp.path().join(federation::LOCKFILE).is_file());
    let resolved = federation::resolve(&opts).unwrap().unwrap();
    assert!(
        resolved.problems.is_empty(),
        "{:?}",
        rules(&resolved.problems)
    );
    let files: Vec<&String> = resolved.members[0].tree.files.keys().collect();
    assert_eq!(files, ["pages/visits.md"]);
}

#[test]
fn a_change_after_locking_takes_the_whole_member_out() {
    let tmp = site();
    let opts = Options::new(tmp.path(), TODAY);
    federation::update(&opts).unwrap();
    write(
        &tmp.path().join("members/family-help/pages/visits.md"),
        "+++\ntitle = \"Visits\"\n+++\nChanged after review.\n",
    );
    let resolved = federation::resolve(&opts).unwrap().unwrap();
    assert!(resolved.members.is_empty(), "unverified content was used");
    let f = &resolved.problems[0];
    assert_eq!(
        (f.rule, f.severity, f.file.as_path()),
        (
            "federation::hash_mismatch",
            Severity::Error,
            Path::new(federation::LOCKFILE)
        )
    );
    let member = f.member.as_ref().expect("the finding names its member");
    assert_eq!(
        (member.id.as_str(), &member.leaves_out),
        ("family-help", &LeavesOut::Member)
    );
}

#[test]
fn links_and_oversized_files_are_refused_before_they_are_read() {
    let tmp = site();
    let pages = tmp.path().join("members/family-help/pages");
    std::os::unix::fs::symlink("/etc/passwd", pages.join("link.md")).unwrap();
    let big = std::fs::File::create(pages.join("big.md")).unwrap();
    big.set_len(federation::MAX_FILE_BYTES + 1).unwrap();
    let (_, found) = federation::update(&Options::new(tmp.path(), TODAY)).unwrap();
    assert_eq!(
        rules(&found),
        [
            ("pages/big.md".to_string(), "federation::oversize"),
            ("pages/link.md".to_string(), "federation::symlink"),
        ]
    );
    assert!(found.iter().all(|f| f.member_id() == Some("family-help")));
}

#[test]
fn a_manifest_mistake_points_at_its_line() {
    let tmp = site();
    write(
        &tmp.path().join("federation.toml"),
        "[[members]]\nid = \"Family Help!\"\nname = \"x\"\nkinds = [\"pages\"]\ncouncils = [\"Fife\"]\nsource = { dir = \"m\" }\n",
    );
    let found = federation::update(&Options::new(tmp.path(), TODAY)).unwrap_err();
    assert_eq!(found[0].file, Path::new(federation::MANIFEST));
    assert_eq!((found[0].line, found[0].column), (2, 6), "{}", found[0]);
}
