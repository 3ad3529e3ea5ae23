//! The care lint: where people are most at risk, the words must leave them a way to help.
//! A page that mentions suicide, self-harm, overdose, violence or abuse gives a crisis route on
//! the same page; a page for people already out never sends them only to prison staff; easy
//! read writes numbers as digits; a sample listing never carries a real number.

use std::sync::LazyLock;

use regex::Regex;

use super::regex;
use crate::config::Config;
use crate::content::directory::Listing;
use crate::content::Document;
use crate::finding::{Finding, Severity};
use crate::markdown::{BlockKind, Outline};

/// Words that mean a person may be at risk now.
static RISK: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:suicid\w*|self[- ]harm\w*|kill (?:yourself|myself|themselves)|overdos\w*|violen\w*|abus\w*)\b",
    )
});

/// A crisis route: the emergency number or Samaritans.
static CRISIS: LazyLock<Regex> = LazyLock::new(|| regex(r"\b999\b|\b116 ?123\b"));

/// Telling a person to go to prison staff, which only works inside.
static PRISON_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:prison staff|(?:ask|tell|talk to|speak to) (?:the )?staff|links centre|prison health ?care)\b",
    )
});

/// Routes that work in the community.
static COMMUNITY_ROUTE: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(?:upside|council|GP|doctor|justice social work\w*|social worker|supervising officer|pharmac\w+|999|116 ?123|helpline|Citizens Advice|NHS 24|111)\b",
    )
});

/// Numbers written as words: easy read writes them as digits ("one" stays: it is as often a
/// pronoun as a number).
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)\b",
    )
});

/// National numbers that are real: a sample (invented) listing must not use one.
pub const NATIONAL_NUMBERS: [&str; 7] = [
    "999",
    "101",
    "111",
    "116 123",
    "0800 83 85 87",
    "0800 027 1234",
    "0800 254 0088",
];

pub(super) fn check(doc: &Document, outline: &Outline, config: &Config, out: &mut Vec<Finding>) {
    // These rules read English words (risk, routes, numbers in words): another language's
    // page is not checked by them rather than checked wrongly.
    if !super::is_english(doc) {
        return;
    }
    crisis_route(doc, outline, out);
    if after_release(doc, config) {
        prison_only_route(doc, outline, out);
    }
    if doc.easy_read {
        numbers_as_digits(doc, outline, out);
    }
}

fn crisis_route(doc: &Document, outline: &Outline, out: &mut Vec<Finding>) {
    let text_blocks = || {
        outline
            .blocks
            .iter()
            .filter(|b| !matches!(b.kind, BlockKind::Heading(_)))
    };
    if text_blocks().any(|b| CRISIS.is_match(&b.text)) {
        return;
    }
    let first = text_blocks().find_map(|b| RISK.find(&b.text).map(|m| (b, m)));
    if let Some((block, m)) = first {
        out.push(doc.file.finding(
            Severity::Error,
            "care::no_crisis_route",
            block.source_span(m.range()),
            format!(
                "this page mentions `{}` but gives no crisis route",
                m.as_str()
            ),
            "say on this page who to call now: 999 in an emergency, and Samaritans on 116 123 (free, any time, day or night)",
        ));
    }
}

/// Pages in the sections config.toml lists as being for people already out.
fn after_release(doc: &Document, config: &Config) -> bool {
    let top = doc.rel_path.split('/').next().unwrap_or_default();
    doc.rel_path.contains('/') && config.lint.after_release_sections.iter().any(|s| s == top)
}

fn prison_only_route(doc: &Document, outline: &Outline, out: &mut Vec<Finding>) {
    for block in &outline.blocks {
        if matches!(block.kind, BlockKind::Heading(_)) || COMMUNITY_ROUTE.is_match(&block.text) {
            continue;
        }
        if let Some(m) = PRISON_ROUTE.find(&block.text) {
            out.push(doc.file.finding(
                Severity::Error,
                "care::prison_only_route",
                block.source_span(m.range()),
                format!("`{}`: a person who is already out cannot ask prison staff", m.as_str()),
                "give a route that works in the community in the same paragraph: Upside, the council, the GP or the justice social worker",
            ));
        }
    }
}

fn numbers_as_digits(doc: &Document, outline: &Outline, out: &mut Vec<Finding>) {
    for block in &outline.blocks {
        for m in NUMBER_WORD.find_iter(&block.text) {
            out.push(doc.file.finding(
                Severity::Error,
                "easy_read::number_in_words",
                block.source_span(m.range()),
                format!("`{}` is a number written in words", m.as_str()),
                "write numbers as digits in easy read: 3, not three",
            ));
        }
    }
}

/// A sample listing is invented: a real number on it would send people to a service that
/// does not exist, or to a real one under a false name.
pub fn sample_listing_number(listing: &Listing, config: &Config, out: &mut Vec<Finding>) {
    let (Some(phone), true, Some((file, span))) = (&listing.phone, listing.sample, &listing.source)
    else {
        return;
    };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let known = NATIONAL_NUMBERS
        .iter()
        .copied()
        .chain(config.lint.allowed_phone_numbers.iter().map(String::as_str))
        .any(|n| digits(n) == digits(phone));
    if known {
        out.push(file.finding(
            Severity::Error,
            "care::sample_real_number",
            span.clone(),
            format!(
                "the sample listing `{}` has the real number {phone}",
                listing.id
            ),
            "an invented service has no phone number: remove it",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patterns_find_what_they_mean() {
        assert!(RISK.is_match("If you think about suicide"));
        assert!(
            RISK.is_match("self-harm") && RISK.is_match("an overdose") && RISK.is_match("Abuse")
        );
        assert!(!RISK.is_match("the bus"));
        assert!(CRISIS.is_match("call 999 now") && CRISIS.is_match("Samaritans on 116 123"));
        assert!(!CRISIS.is_match("19990"));
        assert!(
            PRISON_ROUTE.is_match("Ask staff how to sign up")
                && PRISON_ROUTE.is_match("the Links Centre")
        );
        assert!(COMMUNITY_ROUTE.is_match("Ask your GP") && !COMMUNITY_ROUTE.is_match("Ask staff"));
        assert!(NUMBER_WORD.is_match("three weeks") && !NUMBER_WORD.is_match("No one knows"));
    }
}
