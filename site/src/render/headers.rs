//! `_headers`: the HTTP security headers of the site, in the format Netlify and Cloudflare
//! Pages read (docs/hosting.md gives the same for nginx and Caddy). A `<meta>` policy cannot
//! set `frame-ancestors`, so without these any site could frame the self-assessment.
//!
//! The policy is made from the pages' own `<meta>` policies, so it cannot drift from them:
//! one policy for every path (hosts join the values of overlapping rules, which would
//! tighten pages such as the self-assessment past working), allowing what any page allows,
//! while each page's `<meta>` policy still holds it to its own. Browsers apply both.

use std::sync::LazyLock;

use regex::Regex;

/// Headers every response carries, after the Content-Security-Policy.
pub const FIXED: &[(&str, &str)] = &[
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
];

static META_CSP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<meta http-equiv="Content-Security-Policy" content="([^"]*)""#)
        .expect("a valid pattern")
});

/// The site's Content-Security-Policy header: every page's `<meta>` policy joined, directive
/// by directive, plus `frame-ancestors 'none'`.
pub fn policy<'a>(pages: impl IntoIterator<Item = &'a [u8]>) -> String {
    let mut directives: Vec<(String, Vec<String>)> = Vec::new();
    for page in pages {
        let html = String::from_utf8_lossy(page);
        let Some(found) = META_CSP.captures(&html) else {
            continue;
        };
        for directive in found[1].split(';') {
            let mut words = directive.split_whitespace();
            let Some(name) = words.next() else { continue };
            let at = match directives.iter().position(|(n, _)| n == name) {
                Some(i) => i,
                None => {
                    directives.push((name.to_string(), Vec::new()));
                    directives.len() - 1
                }
            };
            for source in words {
                if !directives[at].1.iter().any(|s| s == source) {
                    directives[at].1.push(source.to_string());
                }
            }
        }
    }
    directives.retain(|(name, _)| name != "frame-ancestors");
    let mut parts: Vec<String> = directives
        .into_iter()
        .map(|(name, mut sources)| {
            // 'none' means nothing only when it stands alone.
            if sources.len() > 1 {
                sources.retain(|s| s != "'none'");
            }
            if sources.is_empty() {
                name
            } else {
                format!("{name} {}", sources.join(" "))
            }
        })
        .collect();
    parts.push("frame-ancestors 'none'".into());
    parts.join("; ")
}

/// Every header, in order: the policy first.
pub fn headers(policy: &str) -> Vec<(&'static str, String)> {
    std::iter::once(("Content-Security-Policy", policy.to_string()))
        .chain(FIXED.iter().map(|(k, v)| (*k, v.to_string())))
        .collect()
}

/// The `_headers` file: one rule for every path.
pub fn headers_file(policy: &str) -> String {
    let mut text = String::from(
        "# Security headers for hosts that read this file (Netlify, Cloudflare Pages).\n\
         # Made by throughcare from the pages' own policies; docs/hosting.md has nginx and Caddy.\n\
         /*\n",
    );
    for (name, value) in headers(policy) {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    text
}

/// The headers a `_headers` file gives for `url`: the rules whose pattern matches, in order.
/// Patterns are paths with `*` matching anything (the subset of the format this site writes).
pub fn parse_for(file: &str, url: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut applies = false;
    for line in file.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            applies = matches(trimmed, url);
        } else if let (true, Some((name, value))) = (applies, trimmed.split_once(':')) {
            found.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    found
}

fn matches(pattern: &str, url: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == url,
        Some((head, tail)) => {
            url.len() >= head.len() + tail.len() && url.starts_with(head) && url.ends_with(tail)
        }
    }
}

/// A page's security policy `<meta>`, all `_headers` needs of a page written before the end.
pub fn policy_meta(html: &[u8]) -> Vec<u8> {
    META_CSP
        .find(&String::from_utf8_lossy(html))
        .map(|m| m.as_str().as_bytes().to_vec())
        .unwrap_or_default()
}

/// `_headers`, from the HTML files made so far.
pub fn file(files: &[crate::output::OutputFile]) -> crate::output::OutputFile {
    use crate::output::OutputFile;
    let policy = policy(files.iter().filter_map(|f| match f {
        OutputFile::Made { path, bytes } if path.ends_with(".html") => Some(bytes.as_slice()),
        OutputFile::Written { path, kept } if path.ends_with(".html") => Some(kept.as_slice()),
        _ => None,
    }));
    OutputFile::Made {
        path: "_headers".into(),
        bytes: headers_file(&policy).into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_what_some_page_allows_and_no_framing() {
        let page = br#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'none'; base-uri 'none'">"#;
        let app = br#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'">"#;
        let alias = br#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'">"#;
        assert_eq!(
            policy([&page[..], &app[..], &alias[..]]),
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'"
        );
    }

    #[test]
    fn the_file_reads_back_for_every_path() {
        let file = headers_file("default-src 'none'; frame-ancestors 'none'");
        let got = parse_for(&file, "/assessment/");
        assert_eq!(got[0].0, "Content-Security-Policy");
        assert_eq!(got[0].1, "default-src 'none'; frame-ancestors 'none'");
        assert!(got.contains(&("X-Content-Type-Options".into(), "nosniff".into())));
        assert_eq!(got.len(), 1 + FIXED.len());
    }
}
