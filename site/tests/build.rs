//! Integration tests: build fixture sites into temporary folders and check what comes out,
//! or, for broken sites, the exact finding, its location, and that nothing was written.

use std::path::{Path, PathBuf};

mod common;
use common::walk;
use site::finding::Finding;
use site::{BuildError, BuildOptions};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walk(from) {
        let rel = entry.strip_prefix(from).unwrap();
        let dest = to.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&entry, &dest).unwrap();
    }
}

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        out: out.to_path_buf(),
        today: Some("2026-11-23".parse().unwrap()),
        ..BuildOptions::new(root)
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn valid_site_builds_with_twins_assets_and_safe_html() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let summary = site::build(&options(&fixtures().join("valid"), &out)).unwrap();
    assert_eq!(summary.findings.errors(), 0);

    let housing = read(&out.join("housing/index.html"));
    // The first use of a glossary term is explained by a link, raw HTML is sanitised, internal
    // links resolve, and template syntax in content is left as text.
    assert!(
        housing.contains("href=\"https://example.org/bundle/#pictures\""),
        "{housing}"
    );
    assert!(
        housing.contains("<div class=\"note\">Raw <em>HTML</em> is kept safe.</div>"),
        "{housing}"
    );
    assert!(
        !housing.contains("onclick") && !housing.contains("<script"),
        "{housing}"
    );
    assert!(housing.contains("{{ config.title }}"), "{housing}");

    let easy = read(&out.join("housing/easy-read/index.html"));
    assert!(
        easy.contains("<span class=\"idea__picture\"><svg aria-hidden=\"true\""),
        "{easy}"
    );
    assert!(
        out.join("bundle/house.svg").is_file(),
        "page assets are copied beside the page"
    );
    assert!(!out.join("draft").exists(), "drafts are left out");
    assert!(out.join("stories/a-story/index.html").is_file());
    assert!(
        out.join("data/glossary.json").is_file(),
        "data files are published as JSON"
    );
}

#[test]
fn drafts_build_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let opts = BuildOptions {
        drafts: true,
        ..options(&fixtures().join("valid"), &out)
    };
    site::build(&opts).unwrap();
    assert!(out.join("draft/index.html").is_file());
}

#[test]
fn basic_zola_site_builds_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    site::build(&options(&fixtures().join("zola-basic"), &out)).unwrap();
    let index = read(&out.join("index.html"));
    assert!(index.contains("This is my blog made with Zola."));
    assert!(
        index.contains("List of blog posts: 0 pages listed (metadata only)"),
        "{index}"
    );
    assert!(index.contains("2 posts"), "{index}");
    let blog = read(&out.join("blog/index.html"));
    // sort_by = "date": newest first.
    let second = blog.find("My second post").unwrap();
    let first = blog.find("My first post").unwrap();
    assert!(second < first, "{blog}");
    let post = read(&out.join("blog/first/index.html"));
    assert!(
        post.contains("<title>My first post | My Zola site</title>"),
        "{post}"
    );
    assert!(
        post.contains("href=\"https://example.com/blog/second-post/\""),
        "{post}"
    );
    assert!(
        post.contains("<a href=\"https://example.com/blog/first/#a-section\">A section</a>"),
        "{post}"
    );
    assert!(
        post.contains("href=\"https://example.com/tags/intro/\""),
        "{post}"
    );
    assert!(read(&out.join("tags/more-things/index.html")).contains("My second post"));
    assert!(read(&out.join("old-second/index.html"))
        .contains("url=https://example.com/blog/second-post/"));
    assert!(out.join("blog/second-post/square.svg").is_file());
    assert!(read(&out.join("sitemap.xml")).contains("<loc>https://example.com/blog/first/</loc>"));
}

/// Each folder in fixtures/invalid is laid over fixtures/base; `expected.txt` names the file,
/// line, column and rule of the finding the build must stop on.
#[test]
fn every_invalid_site_fails_with_its_exact_finding_and_writes_nothing() {
    let cases = fixtures().join("invalid");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 20, "the invalid fixtures are missing");
    for case in names {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixtures().join("base"), &root);
        copy_dir(&case, &root);
        if root.join("content/a.md.bytes").exists() {
            std::fs::remove_file(root.join("content/a.md.bytes")).unwrap();
            std::fs::write(
                root.join("content/a.md"),
                b"+++\ntitle = \"A\"\n+++\nCaf\xe9\n",
            )
            .unwrap();
        }
        let expected = read(&root.join("expected.txt"));
        let (location, rule) = expected.trim().split_once(' ').unwrap();
        let out = tmp.path().join("public");
        // Strict, so that a case may expect a warning too (strict stops on any finding).
        let strict = BuildOptions {
            mode: site::Mode::Strict,
            ..options(&root, &out)
        };
        let found: Vec<Finding> = match site::build(&strict) {
            Err(BuildError::Findings(f)) => f.0,
            Err(other) => panic!("{}: unexpected error {other}", case.display()),
            Ok(_) => panic!("{}: the build should have failed", case.display()),
        };
        let matching = found.iter().any(|f| {
            f.rule == rule && format!("{}:{}:{}", f.file.display(), f.line, f.column) == location
        });
        assert!(
            matching,
            "{}: expected {location} {rule}, got:\n{}",
            case.display(),
            found
                .iter()
                .map(|f| format!("  {}:{}:{} {}", f.file.display(), f.line, f.column, f.rule))
                .collect::<Vec<_>>()
                .join("\n")
        );
        assert!(
            found.iter().all(|f| !f.help.is_empty()),
            "{}: every finding says how to fix it",
            case.display()
        );
        assert!(
            !out.exists(),
            "{}: a failed build wrote output",
            case.display()
        );
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            leftovers,
            vec![std::ffi::OsString::from("site")],
            "{}: temporary output left behind",
            case.display()
        );
        assert_nothing_escaped(tmp.path(), &case);
    }
}

/// The hostile fixtures aim at `/tmp/throughcare-escaped-*` (and, with shorter chains, the
/// folders above the output): none of those may exist after a build.
fn assert_nothing_escaped(tmp: &Path, case: &Path) {
    let mut places: Vec<PathBuf> = tmp.ancestors().map(Path::to_path_buf).collect();
    places.push(std::env::temp_dir());
    places.push(PathBuf::from("/tmp"));
    for place in places {
        let Ok(entries) = std::fs::read_dir(&place) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                !name.starts_with("throughcare-escaped"),
                "{}: the build wrote {} outside its output folder",
                case.display(),
                entry.path().display()
            );
        }
    }
}

/// Builds `root` and returns its findings as `file:line:col rule`, checking nothing was written.
fn failed_build(root: &Path, out: &Path) -> Vec<String> {
    let found = match site::build(&options(root, out)) {
        Err(BuildError::Findings(f)) => f.0,
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("the build should have failed"),
    };
    assert!(!out.exists(), "a failed build wrote output");
    found
        .iter()
        .map(|f| format!("{}:{}:{} {}", f.file.display(), f.line, f.column, f.rule))
        .collect()
}

#[test]
fn links_out_of_the_site_are_refused_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("base"), &root);
    let secret = tmp.path().join("secret.md");
    std::fs::write(&secret, "+++\ntitle = \"Secret\"\n+++\nA private key.\n").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("static/secret.txt")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("content/secret.md")).unwrap();
    std::os::unix::fs::symlink(tmp.path(), root.join("templates/up")).unwrap();
    // A link that stays inside the site is an ordinary file.
    std::os::unix::fs::symlink(
        root.join("static/icons/home.svg"),
        root.join("static/home.svg"),
    )
    .unwrap();
    let out = tmp.path().join("public");
    let found = failed_build(&root, &out);
    for expected in [
        "content/secret.md:0:0 files::symlink_outside",
        "static/secret.txt:0:0 files::symlink_outside",
        "templates/up:0:0 files::symlink_outside",
    ] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} in {found:?}"
        );
    }
    assert_eq!(found.len(), 3, "{found:?}");
    std::fs::remove_file(root.join("static/secret.txt")).unwrap();
    std::fs::remove_file(root.join("content/secret.md")).unwrap();
    std::fs::remove_file(root.join("templates/up")).unwrap();
    site::build(&options(&root, &out)).unwrap();
    assert!(out.join("home.svg").is_file());
}

#[test]
fn file_names_that_make_unsafe_paths_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("base"), &root);
    std::fs::write(root.join("static/a\\b.css"), "body{}").unwrap();
    std::fs::write(root.join("content/bad:name.toml"), "x = 1\n").unwrap();
    std::fs::write(root.join("content/50%.png"), "not really a picture").unwrap();
    let out = tmp.path().join("public");
    let mut found = failed_build(&root, &out);
    found.sort();
    assert_eq!(
        found,
        [
            "content/50%.png:0:0 output::bad_escape",
            "content/bad:name.toml:0:0 output::drive_prefix",
            "static/a\\b.css:0:0 output::backslash",
        ]
    );
}

/// Without search, pages go to the staging folder as they are rendered; a clash found after
/// that still publishes nothing and leaves no staging folder behind.
#[test]
fn pages_written_as_rendered_are_not_published_when_a_later_step_fails() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("zola-basic"), &root);
    let out = tmp.path().join("public");
    site::build(&options(&root, &out)).unwrap();
    let before = read(&out.join("blog/first/index.html"));
    // A static file at a page's place: only the final check over every path sees it.
    std::fs::create_dir_all(root.join("static/blog/first")).unwrap();
    std::fs::write(root.join("static/blog/first/index.html"), "clash").unwrap();
    std::fs::write(
        root.join("content/blog/first.md"),
        std::fs::read_to_string(root.join("content/blog/first.md"))
            .unwrap()
            .replace("My first post", "My changed post"),
    )
    .unwrap();
    let found = match site::build(&options(&root, &out)) {
        Err(BuildError::Findings(f)) => f.0,
        other => panic!("the clash should stop the build: {other:?}"),
    };
    assert!(
        found.iter().any(|f| f.rule == "output::collision"),
        "{found:?}"
    );
    assert_eq!(read(&out.join("blog/first/index.html")), before);
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["public", "site"], "no staging folder left behind");
}

#[test]
fn a_failed_build_keeps_the_previous_site() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("base"), &root);
    let out = tmp.path().join("public");
    site::build(&options(&root, &out)).unwrap();
    let before = read(&out.join("ok/index.html"));
    std::fs::write(root.join("content/ok.md"), "+++\ntitle = \"Broken\n+++\n").unwrap();
    assert!(site::build(&options(&root, &out)).is_err());
    assert_eq!(read(&out.join("ok/index.html")), before);
}

/// `serve` after a page is saved: the page, its other reading level and the sections listing
/// it are written over the site as a full build would make them; anything else asks for a
/// full build, and a save with an error changes nothing.
#[test]
fn saved_pages_are_rebuilt_as_a_full_build_makes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("valid"), &root);
    let out = tmp.path().join("served");
    let opts = options(&root, &out);
    site::build(&opts).unwrap();

    let page = root.join("content/housing.md");
    std::fs::write(
        &page,
        read(&page).replace("title = \"Housing\"", "title = \"Homes\""),
    )
    .unwrap();
    let changed = site::rebuild_pages(&opts, std::slice::from_ref(&page)).unwrap();
    let full = tmp.path().join("full");
    site::build(&options(&root, &full)).unwrap();
    for made in [
        "housing/index.html",
        "housing/easy-read/index.html",
        "index.html",
    ] {
        assert_eq!(
            read(&out.join(made)),
            read(&full.join(made)),
            "{made} differs from a full build"
        );
    }
    assert!(read(&out.join("index.html")).contains("Homes"));
    assert!(
        changed.is_some_and(|n| n >= 2),
        "the page and the home page's list changed: {changed:?}"
    );

    // A new page is a saved page too; a section or a file that is not a page: a full build.
    let new_page = root.join("content/new.md");
    std::fs::write(&new_page, "+++\ntitle = \"New\"\n+++\nNew.\n").unwrap();
    assert!(site::rebuild_pages(&opts, std::slice::from_ref(&new_page))
        .unwrap()
        .is_some());
    assert!(read(&out.join("new/index.html")).contains("New"));
    assert!(read(&out.join("index.html")).contains("New"));
    std::fs::remove_file(&new_page).unwrap();
    for other in [
        &new_page,
        &root.join("content/_index.md"),
        &root.join("config.toml"),
    ] {
        assert_eq!(
            site::rebuild_pages(&opts, std::slice::from_ref(other)).unwrap(),
            None,
            "{}",
            other.display()
        );
    }

    // A save with an error: its finding, and the served page as it was.
    let before = read(&out.join("housing/index.html"));
    std::fs::write(&page, "+++\ntitle = \n+++\nBroken.\n").unwrap();
    match site::rebuild_pages(&opts, std::slice::from_ref(&page)) {
        Err(BuildError::Findings(found)) => assert!(
            found
                .0
                .iter()
                .any(|f| f.file.ends_with("content/housing.md")),
            "{found:?}"
        ),
        other => panic!("expected findings, got {other:?}"),
    }
    assert_eq!(read(&out.join("housing/index.html")), before);
}

#[test]
fn a_zola_site_in_two_languages_builds_each_under_its_own_path() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    site::build(&options(&fixtures().join("zola-languages"), &out)).unwrap();
    let about = read(&out.join("about/index.html"));
    let about_fr = read(&out.join("fr/about/index.html"));
    assert!(about.contains("<html lang=\"en\">"), "{about}");
    assert!(about_fr.contains("<html lang=\"fr\">"), "{about_fr}");
    assert!(about_fr.contains("À propos de ce site."), "{about_fr}");
    // Zola's language-aware config, and trans() from each language's table.
    assert!(about_fr.contains("<title>Mon site</title>"), "{about_fr}");
    assert!(about.contains("<title>My site</title>"), "{about}");
    assert!(about_fr.contains("Lire la suite") && about.contains("Read more"));
    // Each version names every version, itself included, and links to the others.
    for html in [&about, &about_fr] {
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/about/\">"
        ));
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.com/fr/about/\">"
        ));
    }
    assert!(about.contains("<a href=\"https://example.com/fr/about/\" lang=\"fr\">À propos</a>"));
    assert!(about_fr.contains("<a href=\"https://example.com/about/\" lang=\"en\">About</a>"));
    // A page only in English is its only version, and is listed only in English.
    let notes = read(&out.join("notes/index.html"));
    assert!(!notes.contains("hreflang"), "{notes}");
    let home = read(&out.join("index.html"));
    let home_fr = read(&out.join("fr/index.html"));
    assert!(
        home.contains("Only in English") && home.contains(">About<"),
        "{home}"
    );
    assert!(home_fr.contains(">À propos<"), "{home_fr}");
    assert!(
        !home_fr.contains("Only in English") && !home_fr.contains(">About<"),
        "{home_fr}"
    );

    // The sitemap names each page's versions in every language.
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<url><loc>https://example.com/fr/about/</loc><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.com/about/\"/><xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.com/fr/about/\"/></url>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<url><loc>https://example.com/notes/</loc></url>"),
        "a page in one language has no alternates: {sitemap}"
    );

    // A string missing in one language stops the build before any page, naming it and its
    // table's line in config.toml.
    let root = tmp.path().join("site");
    copy_dir(&fixtures().join("zola-languages"), &root);
    let config = read(&root.join("config.toml")).replace("read_more = \"Lire la suite\"\n", "");
    std::fs::write(root.join("config.toml"), config).unwrap();
    let Err(BuildError::Findings(found)) = site::build(&options(&root, &tmp.path().join("out")))
    else {
        panic!("built without the French string");
    };
    assert!(
        found
            .0
            .iter()
            .any(|f| f.rule == "config::missing_translation"
                && f.message
                    .contains("[languages.fr.translations] has no string `read_more`")
                && f.line > 1),
        "{found:?}"
    );
}

/// The bundled site's own files, copied to `to` (content, templates, static, config).
fn copy_bundled_site(to: &Path) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for dir in ["content", "templates", "static"] {
        copy_dir(&repo.join(dir), &to.join(dir));
    }
    std::fs::copy(repo.join("config.toml"), to.join("config.toml")).unwrap();
}

/// Build `root`, expecting it to stop; its findings.
fn findings_of(root: &Path, out: &Path) -> Vec<Finding> {
    match site::build(&BuildOptions {
        mode: site::Mode::Strict,
        ..options(root, out)
    }) {
        Err(BuildError::Findings(found)) => found.0,
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("built"),
    }
}

#[test]
fn a_translation_is_checked_against_its_english_source() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_bundled_site(&root);
    let out = tmp.path().join("public");
    let edit = |rel: &str, from: &str, to: &str| {
        let path = root.join(rel);
        let text = read(&path);
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };

    // The English page changes after the translation was made: stale, naming both files, and
    // the new hash to record. Nothing is published.
    edit(
        "content/day-of-release/phone.md",
        "A phone is one of",
        "A mobile phone is one of",
    );
    // A Polish word that labels a person, in an easy-read Polish page.
    edit(
        "content/day-of-release/id.easy.pl.md",
        "+++\n\n",
        "+++\n\n:user: Każdy więzień może zapytać o ID.\n\n",
    );
    // A question's words missing from the Polish questionnaire, and an id the English lacks.
    edit(
        "content/assessment/housing.pl.toml",
        "id = \"housing-now\"",
        "id = \"housing-later\"",
    );
    // An easy-read translation named the wrong way round.
    std::fs::copy(
        root.join("content/day-of-release/phone.easy.pl.md"),
        root.join("content/day-of-release/phone.pl.easy.md"),
    )
    .unwrap();

    let found = findings_of(&root, &out);
    let has = |rule: &str, file: &str, words: &[&str]| {
        found.iter().any(|f| {
            f.rule == rule
                && f.file.ends_with(file)
                && words
                    .iter()
                    .all(|w| f.message.contains(w) || f.help.contains(w))
        })
    };
    assert!(
        has(
            "translation::stale",
            "day-of-release/phone.pl.md",
            &["day-of-release/phone.md", "source_hash = \""]
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "language::stigmatising_word",
            "day-of-release/id.easy.pl.md",
            &["więzień", "osoba w więzieniu"]
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "assessment::translation",
            "assessment/housing.pl.toml",
            &["housing-later"]
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "assessment::translation",
            "assessment/housing.pl.toml",
            &["housing-now"]
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "content::language",
            "day-of-release/phone.pl.easy.md",
            &["easy"]
        ),
        "{found:#?}"
    );
    assert!(!out.exists(), "a build that stops publishes nothing");
}
