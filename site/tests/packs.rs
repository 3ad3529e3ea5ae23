//! Printable packs: every pack has a print page and, built with the `pdf` feature, a PDF that
//! opens, has a sensible number of pages and carries the pack's words (read back with
//! poppler's pdftotext, as a person's PDF reader would).

#![cfg(feature = "pdf")]

use std::path::{Path, PathBuf};
use std::process::Command;

use site::BuildOptions;

fn built_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    // The bundled site: the workspace's root, above this crate.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let summary = site::build(&BuildOptions {
        out: out.clone(),
        ..BuildOptions::new(root)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        summary.pack_pdfs.len() >= 3,
        "only {} PDFs",
        summary.pack_pdfs.len()
    );
    (tmp, out)
}

fn run(tool: &str, args: &[&Path]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) is needed: {e}"));
    assert!(
        output.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn every_pack_pdf_opens_with_its_pages_and_words() {
    let (_tmp, out) = built_site();
    let expected = [
        (
            "getting-ready",
            "Getting ready for release",
            "Who can help",
            12..=40,
        ),
        (
            "for-families",
            "For families and friends",
            "Families Outside",
            8..=30,
        ),
        (
            "local-glasgow-city",
            "Leaving prison: help in Glasgow City",
            "Glasgow City Council justice social work",
            8..=30,
        ),
        (
            "local-fife",
            "Leaving prison: help in Fife",
            "Fife Council justice social work",
            8..=30,
        ),
    ];
    for (id, title, phrase, pages) in expected {
        let pdf = out.join(format!("packs/{id}/{id}.pdf"));
        assert!(pdf.is_file(), "no PDF for {id}");
        let info = run("pdfinfo", &[&pdf]);
        let count: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .map(|n| n.trim().parse().unwrap())
            .unwrap();
        assert!(
            pages.contains(&count),
            "{id}: {count} pages, expected {pages:?}"
        );
        assert!(
            info.contains("A4") || info.contains("595."),
            "{id} is not A4: {info}"
        );
        let text = run("pdftotext", &[&pdf, Path::new("-")])
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains(title), "{id}: title missing");
        assert!(text.contains(phrase), "{id}: `{phrase}` missing");
        assert!(text.contains("Page 2 of"), "{id}: no page numbers");
        let fonts = run("pdffonts", &[&pdf]);
        assert!(
            fonts.contains("AtkinsonHyperlegible")
                && fonts.lines().skip(2).all(|l| l.contains(" yes ")),
            "{id}: fonts not embedded:\n{fonts}"
        );
    }
}

#[test]
fn the_same_pack_gives_the_same_pdf_bytes() {
    let (_a, first) = built_site();
    let (_b, second) = built_site();
    let path = "packs/getting-ready/getting-ready.pdf";
    assert!(std::fs::read(first.join(path)).unwrap() == std::fs::read(second.join(path)).unwrap());
}
