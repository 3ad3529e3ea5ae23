//! Radio scripts: each easy-read page as plain text written to be spoken on in-prison radio.
//! No pictures, no links, no "click"; numbers in words; a short introduction and ending.

use crate::markdown::{BlockKind, Outline};

/// The script for an easy-read page titled `title`, from its outline.
pub fn script(site: &str, title: &str, outline: &Outline) -> String {
    let mut out = format!(
        "Hello. This is {site}, with easy information about: {}.\n\n",
        spoken(title).trim_end_matches('.')
    );
    for block in &outline.blocks {
        let text = spoken(block.text.trim());
        if text.is_empty() {
            continue;
        }
        match block.kind {
            BlockKind::Heading(_) => out.push_str(&format!(
                "Next: {}.\n\n",
                text.trim_end_matches(['.', '?', ':'])
            )),
            _ => {
                out.push_str(&text);
                out.push_str("\n\n");
            }
        }
    }
    out.push_str(&format!(
        "That was: {}. If you want to know more, ask staff, or the Links Centre in your prison. Thank you for listening.\n",
        spoken(title).trim_end_matches('.')
    ));
    out
}

/// Text as it should be said: screen words replaced, numbers in words.
pub fn spoken(text: &str) -> String {
    let text = text
        .replace("Click", "Choose")
        .replace("click", "choose")
        .replace("Tap ", "Choose ")
        .replace("tap ", "choose ");
    let mut out = String::with_capacity(text.len() + 32);
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            // A run of digits, with single spaces inside (phone numbers: 0800 254 0088).
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || (chars[i] == ' '
                        && i + 1 < chars.len()
                        && chars[i + 1].is_ascii_digit()
                        && chars[i - 1].is_ascii_digit()))
            {
                i += 1;
            }
            let run: String = chars[start..i].iter().collect();
            let before = out
                .trim_end()
                .rsplit(' ')
                .next()
                .unwrap_or("")
                .to_lowercase();
            let phone = matches!(
                before.as_str(),
                "phone" | "call" | "ring" | "dial" | "on" | "number" | "text"
            );
            out.push_str(&number_words(&run, phone));
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// Phone numbers and other long codes digit by digit, in their groups; amounts as words.
fn number_words(run: &str, after_phone_word: bool) -> String {
    let groups: Vec<&str> = run.split(' ').collect();
    let is_code = after_phone_word
        || groups.len() > 1
        || run.starts_with('0') && run.len() > 1
        || run.len() > 4;
    if is_code {
        return groups
            .iter()
            .map(|g| {
                g.chars()
                    .map(|d| ONES[d.to_digit(10).unwrap_or(0) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    run.parse::<u32>().map_or_else(|_| run.to_string(), say)
}

fn say(n: u32) -> String {
    match n {
        0..=19 => ONES[n as usize].to_string(),
        20..=99 => {
            let (t, o) = (n / 10, n % 10);
            if o == 0 {
                TENS[t as usize].to_string()
            } else {
                format!("{}-{}", TENS[t as usize], ONES[o as usize])
            }
        }
        100..=999 => {
            let (h, rest) = (n / 100, n % 100);
            if rest == 0 {
                format!("{} hundred", ONES[h as usize])
            } else {
                format!("{} hundred and {}", ONES[h as usize], say(rest))
            }
        }
        _ => {
            let (th, rest) = (n / 1000, n % 1000);
            match rest {
                0 => format!("{} thousand", say(th)),
                1..=99 => format!("{} thousand and {}", say(th), say(rest)),
                _ => format!("{} thousand, {}", say(th), say(rest)),
            }
        }
    }
}

/// Easy-read pages as radio scripts, from the same text: `path/radio.txt`.
pub fn scripts(
    site: &str,
    docs: &[&crate::content::Document],
    rendered: &[(String, Outline, crate::lint::PageReport)],
    excluded: &std::collections::HashSet<String>,
) -> Vec<crate::output::OutputFile> {
    docs.iter()
        .zip(rendered)
        .filter(|(doc, (_, _, report))| {
            doc.easy_read
                && doc.kind == crate::content::Kind::Page
                && report.words > 0
                && !excluded.contains(&doc.rel_path)
        })
        .map(|(doc, (_, outline, _))| crate::output::OutputFile::Made {
            path: format!("{}radio.txt", doc.path.trim_start_matches('/')),
            bytes: script(site, &doc.title, outline).into_bytes(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_said_in_words_and_phone_numbers_digit_by_digit() {
        assert_eq!(
            spoken("Call 0800 254 0088 free."),
            "Call zero eight zero zero, two five four, zero zero eight eight free."
        );
        assert_eq!(
            spoken("Up to 12 months, about 4 weeks."),
            "Up to twelve months, about four weeks."
        );
        assert_eq!(
            spoken("Since 1 April 2025."),
            "Since one April two thousand and twenty-five."
        );
        assert_eq!(
            spoken("Phone 111 or 116 123."),
            "Phone one one one or one one six, one two three."
        );
        assert_eq!(spoken("Click the button."), "Choose the button.");
    }
}
