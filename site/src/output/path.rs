//! The one gate every output path goes through. A content file, a partner's folder or a
//! copied theme names URLs; only this module turns a URL path into a place on disk, and it
//! refuses anything that could land outside the output folder or clash with another output
//! on a case-insensitive file system.

use std::fmt;

use unicode_normalization::UnicodeNormalization;

/// A file's place inside the output folder, checked: `a/b/index.html`. Relative, `/`-separated,
/// with no empty, `.` or `..` segments, no backslashes, colons or control characters, even
/// after percent-decoding. The only way to make one is [`OutputPath::from_url`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OutputPath(String);

/// Why a path was refused. Each has its own rule name, so a finding says exactly what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UnsafePath {
    #[error("it has a `..` or `.` segment, which would climb out of the site's folder")]
    DotSegment,
    #[error("it is an absolute path, which would name a place outside the site")]
    Absolute,
    #[error("it has a backslash, which some systems read as a folder separator")]
    Backslash,
    #[error("it has a colon, which names a drive (C:) or a hidden stream on Windows")]
    DrivePrefix,
    #[error("it has a control character (such as NUL or a line break)")]
    ControlCharacter,
    #[error("it has an empty segment (`//`), or is empty, so it would collapse to another path")]
    EmptySegment,
    #[error("it has a `%` that does not start an escape such as %20, or an escaped slash (%2F), which servers read in different ways")]
    BadEscape,
}

impl UnsafePath {
    /// The rule name findings carry.
    pub fn rule(self) -> &'static str {
        match self {
            UnsafePath::DotSegment => "output::dot_segment",
            UnsafePath::Absolute => "output::absolute_path",
            UnsafePath::Backslash => "output::backslash",
            UnsafePath::DrivePrefix => "output::drive_prefix",
            UnsafePath::ControlCharacter => "output::control_character",
            UnsafePath::EmptySegment => "output::empty_segment",
            UnsafePath::BadEscape => "output::bad_escape",
        }
    }

    /// How to fix it, in words a content editor can follow.
    pub fn help(self) -> &'static str {
        match self {
            UnsafePath::DotSegment => "name the page's place from the site's root, without `..` or `.`: for example `after-release/housing`",
            UnsafePath::Absolute => "write a path inside the site without a leading slash, for example `after-release/housing`; a path never names a place on the computer",
            UnsafePath::Backslash => "use forward slashes (/) between folders",
            UnsafePath::DrivePrefix => "leave out the colon: paths name places in the site, not drives",
            UnsafePath::ControlCharacter => "remove the invisible character; retype the value if you cannot see it",
            UnsafePath::EmptySegment => "remove the doubled slash, or give the path a name",
            UnsafePath::BadEscape => "write `%25` for a percent sign, or leave it out; write a slash as /",
        }
    }
}

impl OutputPath {
    /// The output path of a site URL path: `/a/b/` -> `a/b/index.html`, `/a/feed.xml` ->
    /// `a/feed.xml`, `/` -> `index.html`. One leading slash is the site's root, as in every URL
    /// of the site; two (`//host/x`, a UNC path) are refused.
    pub fn from_url(url: &str) -> Result<OutputPath, UnsafePath> {
        check_text(url)?;
        let decoded = percent_encoding::percent_decode_str(url).decode_utf8_lossy();
        check_text(&decoded)?;
        let rooted = url.strip_prefix('/').unwrap_or(url);
        if rooted.starts_with('/') {
            return Err(UnsafePath::Absolute);
        }
        if url.is_empty() {
            return Err(UnsafePath::EmptySegment);
        }
        // Decoded, so that `%2e%2e` and `a%2f..` are seen as the `..` a server would see.
        let rooted_decoded = decoded.strip_prefix('/').unwrap_or(&decoded);
        let rooted_decoded = rooted_decoded.strip_suffix('/').unwrap_or(rooted_decoded);
        check_segments(rooted_decoded)?;
        let path = if rooted.is_empty() || rooted.ends_with('/') {
            format!("{rooted}index.html")
        } else {
            rooted.to_string()
        };
        Ok(OutputPath(path))
    }

    /// A path relative to the site's root, as front matter's `path` is: the same rules, and a
    /// leading slash is refused, since there it looks like a place on the computer.
    pub fn from_relative(path: &str) -> Result<OutputPath, UnsafePath> {
        if path.starts_with('/') {
            return Err(UnsafePath::Absolute);
        }
        if path.trim_end_matches('/').is_empty() {
            return Err(UnsafePath::EmptySegment);
        }
        // Front matter's `path` names a page, so a folder: `a/b` is `a/b/index.html`.
        if path.ends_with('/') {
            OutputPath::from_url(&format!("/{path}"))
        } else {
            OutputPath::from_url(&format!("/{path}/"))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key two outputs clash on where a file system ignores case or Unicode form
    /// (macOS, Windows): `About/index.html` and `about/index.html` are one file there.
    pub fn clash_key(&self) -> String {
        clash_key(&self.0)
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Case-folded, NFC-normalised: equal keys are one file on a case-insensitive file system.
pub fn clash_key(path: &str) -> String {
    path.nfc().flat_map(char::to_lowercase).collect()
}

fn check_text(text: &str) -> Result<(), UnsafePath> {
    if text.chars().any(char::is_control) {
        return Err(UnsafePath::ControlCharacter);
    }
    if text.contains('\\') {
        return Err(UnsafePath::Backslash);
    }
    if text.contains(':') {
        return Err(UnsafePath::DrivePrefix);
    }
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('%') {
        let hex = bytes.get(i + 1..i + 3);
        if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
            || hex.is_some_and(|h| h.eq_ignore_ascii_case(b"2f"))
        {
            return Err(UnsafePath::BadEscape);
        }
    }
    Ok(())
}

fn check_segments(rooted: &str) -> Result<(), UnsafePath> {
    if rooted.is_empty() {
        return Ok(());
    }
    for segment in rooted.split('/') {
        match segment {
            "" => return Err(UnsafePath::EmptySegment),
            "." | ".." => return Err(UnsafePath::DotSegment),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::path::{Component, Path};

    fn ok(url: &str) -> String {
        OutputPath::from_url(url).unwrap().0
    }

    fn refused(url: &str) -> UnsafePath {
        OutputPath::from_url(url).unwrap_err()
    }

    #[test]
    fn site_urls_become_files_in_the_output_folder() {
        assert_eq!(ok("/"), "index.html");
        assert_eq!(ok("/a/b/"), "a/b/index.html");
        assert_eq!(ok("a/b/"), "a/b/index.html");
        assert_eq!(ok("/404.html"), "404.html");
        assert_eq!(ok("/data/x.json"), "data/x.json");
        assert_eq!(ok("/caf%C3%A9/"), "caf%C3%A9/index.html");
        assert_eq!(ok("/Łódź/"), "Łódź/index.html");
    }

    #[test]
    fn every_kind_of_escape_is_refused() {
        assert_eq!(refused("/../x/"), UnsafePath::DotSegment);
        assert_eq!(refused("/a/../../x"), UnsafePath::DotSegment);
        assert_eq!(refused("/a/./b/"), UnsafePath::DotSegment);
        assert_eq!(refused("/%2e%2e/x/"), UnsafePath::DotSegment);
        assert_eq!(refused("/%2E./x/"), UnsafePath::DotSegment);
        assert_eq!(refused("/a%2f..%2fb/"), UnsafePath::BadEscape);
        assert_eq!(refused("//tmp/x"), UnsafePath::Absolute);
        assert_eq!(refused("/a\\..\\b/"), UnsafePath::Backslash);
        assert_eq!(refused("/a%5cb/"), UnsafePath::Backslash);
        assert_eq!(refused("C:/Windows/x"), UnsafePath::DrivePrefix);
        assert_eq!(refused("/c:/x/"), UnsafePath::DrivePrefix);
        assert_eq!(refused("/a\0b/"), UnsafePath::ControlCharacter);
        assert_eq!(refused("/a%00b/"), UnsafePath::ControlCharacter);
        assert_eq!(refused("/a\nb/"), UnsafePath::ControlCharacter);
        assert_eq!(refused("/a//b/"), UnsafePath::EmptySegment);
        assert_eq!(refused(""), UnsafePath::EmptySegment);
        assert_eq!(refused("/%2f/x"), UnsafePath::BadEscape);
        assert_eq!(refused("/100%/"), UnsafePath::BadEscape);
    }

    #[test]
    fn a_relative_path_may_not_start_at_the_computers_root() {
        assert_eq!(
            OutputPath::from_relative("tmp/x").unwrap().0,
            "tmp/x/index.html"
        );
        assert_eq!(
            OutputPath::from_relative("/tmp/x").unwrap_err(),
            UnsafePath::Absolute
        );
        assert_eq!(
            OutputPath::from_relative("").unwrap_err(),
            UnsafePath::EmptySegment
        );
        assert_eq!(
            OutputPath::from_relative("../../../tmp/x").unwrap_err(),
            UnsafePath::DotSegment
        );
    }

    #[test]
    fn case_and_unicode_form_clash() {
        let nfc = OutputPath::from_url("/caf\u{e9}/").unwrap();
        let nfd = OutputPath::from_url("/Cafe\u{301}/").unwrap();
        assert_ne!(nfc, nfd);
        assert_eq!(nfc.clash_key(), nfd.clash_key());
    }

    /// Strings made of the characters that matter to paths, in any order.
    fn hostile() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("/".to_string()),
            Just("..".to_string()),
            Just(".".to_string()),
            Just("%2e".to_string()),
            Just("%2E".to_string()),
            Just("%2f".to_string()),
            Just("%5c".to_string()),
            Just("%00".to_string()),
            Just("%".to_string()),
            Just("\\".to_string()),
            Just("C:".to_string()),
            Just("\0".to_string()),
            Just("\u{e9}".to_string()),
            Just("e\u{301}".to_string()),
            "[a-zA-Z0-9_-]{1,4}",
            any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..12).prop_map(|p| p.concat())
    }

    /// What a checked path means on disk, whichever way a server or OS reads it.
    fn stays_inside(path: &str) -> bool {
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        [path, decoded.as_ref()].iter().all(|p| {
            !p.contains('\\')
                && !p.contains(':')
                && !p.chars().any(char::is_control)
                && Path::new(p)
                    .components()
                    .all(|c| matches!(c, Component::Normal(_)))
                && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..")
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn every_checked_path_is_inside_the_output_folder(url in hostile()) {
            if let Ok(path) = OutputPath::from_url(&url) {
                prop_assert!(stays_inside(path.as_str()), "{url:?} -> {path}");
                let out = Path::new("/srv/public");
                prop_assert!(out.join(path.as_str()).starts_with(out));
            }
            if let Ok(path) = OutputPath::from_relative(&url) {
                prop_assert!(stays_inside(path.as_str()), "{url:?} -> {path}");
            }
        }
    }
}
