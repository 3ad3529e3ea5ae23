//! Snapshots of what people read: an easy-read page's Markdown as HTML (ideas with their
//! pictures, glossary terms, headings, links, untrusted HTML made safe) and the federation
//! report's pages. A change shows as a diff to review: `cargo insta review`, or run with
//! `INSTA_UPDATE=always` and read the diff in git.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use site::content::glossary::Glossary;
use site::finding::{Finding, InMember, LeavesOut, Severity, SourceFile};
use site::icons::Icons;
use site::markdown::{self, MarkdownContext};
use site::report::{MemberReport, Report};

/// The bundled site: the workspace's root, above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const EASY_READ: &str = r#"## Where you will live

:bed: You need a place to live.
Ask about housing before you leave.

:device-mobile: Call the council on the day you get out.

## Money

:cash: You may get money on the day.
It is called a discretionary grant.

- Take your ID.
- Take your [release papers](@/after-release/_index.md).

If you were **on remand**, tell them.

<p onclick="steal()">Raw HTML <script>alert(1)</script>is made safe.</p>
"#;

#[test]
fn easy_read_markdown() {
    let glossary_text = std::fs::read_to_string(root().join("content/glossary.toml")).unwrap();
    let glossary =
        Glossary::parse(&SourceFile::new("content/glossary.toml", glossary_text)).unwrap();
    let icons = Icons::load(&root().join("static")).unwrap();
    let permalinks = HashMap::from([(
        "after-release/_index.md".to_string(),
        "/after-release/".to_string(),
    )]);
    let cx = MarkdownContext {
        permalinks: &permalinks,
        glossary: &glossary,
        glossary_url: Some("/glossary/"),
        icons: &icons,
        easy_read: true,
    };
    let file = SourceFile::new("content/x.easy.md", EASY_READ.to_string());
    let rendered = markdown::render(&file, 0..EASY_READ.len(), &cx);
    let rules: Vec<&str> = rendered.findings.iter().map(|f| f.rule).collect();
    assert!(rules.is_empty(), "{rules:?}");
    insta::assert_snapshot!(rendered.html);
}

fn finding(rule: &'static str, file: &str, member: Option<InMember>) -> Finding {
    let mut f = Finding::about_file(
        Severity::Error,
        rule,
        file,
        "it says <script> & \"quotes\"",
        "fix it",
    );
    f.member = member;
    f
}

#[test]
fn federation_report_pages() {
    let report = Report {
        mode: "tolerant",
        built: true,
        members: vec![
            MemberReport {
                id: "family-help".into(),
                name: "Family Help & Co".into(),
                revision: Some("4f2a9c1".into()),
                checked: Some("2026-11-23".into()),
                status: "partly built",
                left_out: vec!["pages/visits.md".into()],
                findings: vec![finding(
                    "language::stigmatising_word",
                    "federation/family-help/pages/visits.md",
                    Some(InMember::new("family-help", LeavesOut::File)),
                )],
            },
            MemberReport {
                id: "new-start".into(),
                name: "New Start".into(),
                revision: None,
                checked: None,
                status: "left out",
                left_out: Vec::new(),
                findings: Vec::new(),
            },
        ],
        site: vec![finding("links::broken_internal", "content/a.md", None)],
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("report");
    report.write(&site::render::builtin::tera(), &dir).unwrap();
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    insta::assert_snapshot!("report_index", read("index.html"));
    insta::assert_snapshot!("report_member", read("family-help.html"));
    insta::assert_snapshot!("report_left_out_member", read("new-start.html"));
}
