//! Radio scripts: each easy-read page as plain text written to be spoken on in-prison radio.
//! No pictures, no links, no "click"; numbers in words; a short introduction and ending.

use crate::markdown::{BlockKind, Outline};

/// How a language's scripts speak: its framing sentences (the string table's `radio_intro`,
/// `radio_next` and `radio_outro`, with `{site}`, `{title}` and `{heading}`) and its numbers.
pub struct Voice {
    intro: String,
    next: String,
    outro: String,
    numbers: Numbers,
}

/// Numbers in words: English and Polish have them here; another language's scripts keep the
/// digits (the build says so) rather than read them in the wrong language.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    English,
    Polish,
    Digits,
}

impl Voice {
    /// The voice of `lang`, from its strings.
    pub fn of(lang: &str, strings: &std::collections::BTreeMap<String, String>) -> Voice {
        let get = |k: &str| strings.get(k).cloned().unwrap_or_default();
        Voice {
            intro: get("radio_intro"),
            next: get("radio_next"),
            outro: get("radio_outro"),
            numbers: match lang.split('-').next() {
                Some("en") => Numbers::English,
                Some("pl") => Numbers::Polish,
                _ => Numbers::Digits,
            },
        }
    }
}

/// The script for an easy-read page titled `title`, from its outline.
pub fn script(site: &str, title: &str, outline: &Outline, voice: &Voice) -> String {
    let title = spoken(title, voice.numbers);
    let title = title.trim_end_matches('.');
    let mut out = voice
        .intro
        .replace("{site}", site)
        .replace("{title}", title);
    out.push_str("\n\n");
    for block in &outline.blocks {
        let text = spoken(block.text.trim(), voice.numbers);
        if text.is_empty() {
            continue;
        }
        match block.kind {
            BlockKind::Heading(_) => {
                let heading = text.trim_end_matches(['.', '?', ':']);
                out.push_str(&voice.next.replace("{heading}", heading));
                out.push_str("\n\n");
            }
            _ => {
                out.push_str(&text);
                out.push_str("\n\n");
            }
        }
    }
    out.push_str(&voice.outro.replace("{title}", title));
    out.push('\n');
    out
}

/// Text as it should be said: screen words replaced, numbers in words.
pub fn spoken(text: &str, numbers: Numbers) -> String {
    let text = if numbers == Numbers::English {
        text.replace("Click", "Choose")
            .replace("click", "choose")
            .replace("Tap ", "Choose ")
            .replace("tap ", "choose ")
    } else {
        text.to_string()
    };
    if numbers == Numbers::Digits {
        return text;
    }
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
                "phone"
                    | "call"
                    | "ring"
                    | "dial"
                    | "on"
                    | "number"
                    | "text"
                    | "zadzwoń"
                    | "dzwoń"
                    | "pod"
                    | "numer"
                    | "telefon"
                    | "numerem"
            );
            out.push_str(&number_words(&run, phone, numbers));
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
fn number_words(run: &str, after_phone_word: bool, numbers: Numbers) -> String {
    let groups: Vec<&str> = run.split(' ').collect();
    let is_code = after_phone_word
        || groups.len() > 1
        || run.starts_with('0') && run.len() > 1
        || run.len() > 4;
    let digits = match numbers {
        Numbers::Polish => &PL_ONES[..10],
        _ => &ONES[..10],
    };
    if is_code {
        return groups
            .iter()
            .map(|g| {
                g.chars()
                    .map(|d| digits[d.to_digit(10).unwrap_or(0) as usize])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(", ");
    }
    let say_in = match numbers {
        Numbers::Polish => say_pl,
        _ => say,
    };
    run.parse::<u32>().map_or_else(|_| run.to_string(), say_in)
}

const PL_ONES: [&str; 20] = [
    "zero",
    "jeden",
    "dwa",
    "trzy",
    "cztery",
    "pięć",
    "sześć",
    "siedem",
    "osiem",
    "dziewięć",
    "dziesięć",
    "jedenaście",
    "dwanaście",
    "trzynaście",
    "czternaście",
    "piętnaście",
    "szesnaście",
    "siedemnaście",
    "osiemnaście",
    "dziewiętnaście",
];
const PL_TENS: [&str; 10] = [
    "",
    "",
    "dwadzieścia",
    "trzydzieści",
    "czterdzieści",
    "pięćdziesiąt",
    "sześćdziesiąt",
    "siedemdziesiąt",
    "osiemdziesiąt",
    "dziewięćdziesiąt",
];
const PL_HUNDREDS: [&str; 10] = [
    "",
    "sto",
    "dwieście",
    "trzysta",
    "czterysta",
    "pięćset",
    "sześćset",
    "siedemset",
    "osiemset",
    "dziewięćset",
];

/// A whole number in Polish words (cardinal, as amounts are said).
fn say_pl(n: u32) -> String {
    let below_thousand = |n: u32| -> Vec<&'static str> {
        let (h, rest) = (n / 100, n % 100);
        let mut words = Vec::new();
        if h > 0 {
            words.push(PL_HUNDREDS[h as usize]);
        }
        match rest {
            0 => {}
            1..=19 => words.push(PL_ONES[rest as usize]),
            _ => {
                words.push(PL_TENS[(rest / 10) as usize]);
                if rest % 10 > 0 {
                    words.push(PL_ONES[(rest % 10) as usize]);
                }
            }
        }
        words
    };
    if n == 0 {
        return "zero".into();
    }
    let (th, rest) = (n / 1000, n % 1000);
    let mut words: Vec<&str> = Vec::new();
    match th {
        0 => {}
        1 => words.push("tysiąc"),
        _ => {
            words.extend(below_thousand(th));
            // 2-4 (but not 12-14) take "tysiące"; every other count "tysięcy".
            let (last, tens) = (th % 10, th % 100);
            words.push(if (2..=4).contains(&last) && !(12..=14).contains(&tens) {
                "tysiące"
            } else {
                "tysięcy"
            });
        }
    }
    words.extend(below_thousand(rest));
    words.join(" ")
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

/// Easy-read pages as radio scripts, from the same text: `path/radio.txt`, each in its
/// page's language (`voices`, by code).
pub fn scripts(
    site: &str,
    voices: &std::collections::HashMap<String, Voice>,
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
        .filter_map(|(doc, (_, outline, _))| {
            Some(crate::output::OutputFile::Made {
                path: format!("{}radio.txt", doc.path.trim_start_matches('/')),
                bytes: script(site, &doc.title, outline, voices.get(&doc.lang)?).into_bytes(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_said_in_words_and_phone_numbers_digit_by_digit() {
        assert_eq!(
            spoken("Call 0800 254 0088 free.", Numbers::English),
            "Call zero eight zero zero, two five four, zero zero eight eight free."
        );
        assert_eq!(
            spoken("Up to 12 months, about 4 weeks.", Numbers::English),
            "Up to twelve months, about four weeks."
        );
        assert_eq!(
            spoken("Since 1 April 2025.", Numbers::English),
            "Since one April two thousand and twenty-five."
        );
        assert_eq!(
            spoken("Phone 111 or 116 123.", Numbers::English),
            "Phone one one one or one one six, one two three."
        );
        assert_eq!(
            spoken("Click the button.", Numbers::English),
            "Choose the button."
        );
    }

    #[test]
    fn polish_scripts_say_numbers_in_polish() {
        assert_eq!(
            spoken("Zadzwoń pod 116 123 za darmo.", Numbers::Polish),
            "Zadzwoń pod jeden jeden sześć, jeden dwa trzy za darmo."
        );
        assert_eq!(
            spoken(
                "Do 12 miesięcy, około 4 tygodni, 25 funtów.",
                Numbers::Polish
            ),
            "Do dwanaście miesięcy, około cztery tygodni, dwadzieścia pięć funtów."
        );
        assert_eq!(say_pl(2025), "dwa tysiące dwadzieścia pięć");
        assert_eq!(say_pl(1000), "tysiąc");
        assert_eq!(say_pl(5312), "pięć tysięcy trzysta dwanaście");
        assert_eq!(say_pl(12000), "dwanaście tysięcy");
        assert_eq!(say_pl(22000), "dwadzieścia dwa tysiące");
        // A language with no number words here keeps the digits.
        assert_eq!(spoken("Gairm 999.", Numbers::Digits), "Gairm 999.");
    }
}
