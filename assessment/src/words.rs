//! What the app says, in the page's language: every word a person sees or hears in the app
//! comes from config.toml's `app_<name>` strings, which the generator embeds in the page as a
//! list in `KEYS` order. Code asks for a string by its `Key`; the app's markup names its
//! strings as `{name}` holes (`markup!`), which become the key's place in the list when the
//! app compiles: a hole that is no key's does not compile, and no name reaches the page.
//!
//! A string may hold `{name}` where a value goes in, and several forms separated by `|` when
//! it counts something (`{n} week|{n} weeks`): which form a number takes is the language's
//! plural rule (`plural`).

macro_rules! keys {
    ($($key:ident = $name:literal,)*) => {
        /// A string the app says: config.toml's `app_<name>` (see `KEYS`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($key,)*
        }

        /// Every key's name, in `Key`'s order: the order of the page's list of words.
        pub const KEYS: &[&str] = &[$($name,)*];
    };
}

keys! {
    AboutYou = "about_you",
    Back = "back",
    ByBeforeCourt = "by_before_court",
    ByDay = "by_day",
    ByDayFromCourt = "by_day_from_court",
    ByDaysAfter = "by_days_after",
    ByDaysBefore = "by_days_before",
    ByNowCourt = "by_now_court",
    BySoon = "by_soon",
    ByWeeksAfter = "by_weeks_after",
    ByWeeksBefore = "by_weeks_before",
    CanChange = "can_change",
    Change = "change",
    ChangeAnswers = "change_answers",
    ChangeWhat = "change_what",
    ChartFurther = "chart_further",
    ChartNotDrawn = "chart_not_drawn",
    ChartTable = "chart_table",
    CheckAnswers = "check_answers",
    Clear = "clear",
    CodeBadSymbol = "code_bad_symbol",
    CodeDamaged = "code_damaged",
    CodeEmpty = "code_empty",
    CodeHint = "code_hint",
    CodeOtherQuestionnaire = "code_other_questionnaire",
    CodeText = "code_text",
    CodeTitle = "code_title",
    CodeUnknownVersion = "code_unknown_version",
    CodeWrongCheck = "code_wrong_check",
    ColByWhen = "col_by_when",
    ColDone = "col_done",
    ColHow = "col_how",
    ColPart = "col_part",
    ColStands = "col_stands",
    ColWhat = "col_what",
    ColWho = "col_who",
    Continue = "continue",
    DateLabel = "date_label",
    DateLong = "date_long",
    DateMissing = "date_missing",
    DatePassed = "date_passed",
    DoFirst = "do_first",
    EasyOff = "easy_off",
    EasyOn = "easy_on",
    EnterCode = "enter_code",
    ErrorMessage = "error_message",
    ErrorTitle = "error_title",
    FromCode = "from_code",
    GoingWellTitle = "going_well_title",
    HaveCode = "have_code",
    Hide = "hide",
    HideHint = "hide_hint",
    HolidaysUnknown = "holidays_unknown",
    IdleLeft = "idle_left",
    IdleText = "idle_text",
    IdleTitle = "idle_title",
    InWeeks = "in_weeks",
    Lead = "lead",
    LeaveSoon = "leave_soon",
    Listen = "listen",
    Minutes = "minutes",
    Months = "months",
    NoLocal = "no_local",
    NoLocalEasy = "no_local_easy",
    NotDone = "not_done",
    NotProvided = "not_provided",
    NothingKept = "nothing_kept",
    NothingKeptMore = "nothing_kept_more",
    NothingNeeded = "nothing_needed",
    PageTitle = "page_title",
    Part = "part",
    Phone = "phone",
    Print = "print",
    Problem = "problem",
    QrLabel = "qr_label",
    QuestionTitle = "question_title",
    ReleaseMoved = "release_moved",
    ReleaseOn = "release_on",
    SeePlan = "see_plan",
    ShowAnswers = "show_answers",
    SkipAny = "skip_any",
    StandingDeclined = "standing_declined",
    StandingDoesNotApply = "standing_does_not_apply",
    StandingGoingWell = "standing_going_well",
    StandingNotSure = "standing_not_sure",
    StandingSomeHelp = "standing_some_help",
    StandingUrgent = "standing_urgent",
    Standings = "standings",
    StartAgainNow = "start_again_now",
    StartNow = "start_now",
    StartSaid = "start_said",
    StartTitle = "start_title",
    StepsFor = "steps_for",
    StillHere = "still_here",
    Voice = "voice",
    Weekdays = "weekdays",
    WeeksLabel = "weeks_label",
    WeeksWrong = "weeks_wrong",
    WhoCanHelp = "who_can_help",
    YourPlan = "your_plan",
}

/// The prefix of the app's strings in config.toml's `[translations]`.
pub const PREFIX: &str = "app_";

/// The app's words in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// The language's code, for its plural rule.
    pub lang: String,
    /// Each key's string, in `KEYS` order.
    list: Vec<String>,
}

impl Words {
    /// `None` unless there is one string per key.
    pub fn new(lang: String, list: Vec<String>) -> Option<Words> {
        (list.len() == KEYS.len()).then_some(Words { lang, list })
    }

    /// Every key's string from `lookup` (given a key's name without the prefix), or the names
    /// of the keys it has no string for.
    pub fn from_lookup(
        lang: &str,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Words, Vec<&'static str>> {
        let mut list = Vec::new();
        let mut missing = Vec::new();
        for key in KEYS {
            match lookup(key) {
                Some(text) => list.push(text),
                None => missing.push(*key),
            }
        }
        if missing.is_empty() {
            Ok(Words {
                lang: lang.to_string(),
                list,
            })
        } else {
            Err(missing)
        }
    }

    /// Each key's string, in `KEYS` order, for the page.
    pub fn list(&self) -> &[String] {
        &self.list
    }

    /// The string of `key`, as written (with every form, for a counted one).
    pub fn get(&self, key: Key) -> &str {
        self.at(key as usize)
    }

    /// The string of the key at `index` of `KEYS`.
    #[inline(never)]
    pub fn at(&self, index: usize) -> &str {
        self.list.get(index).map_or("", String::as_str)
    }

    /// The string of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: Key, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// The form of `key` that counts `n` (`{n}` replaced too).
    pub fn count(&self, key: Key, n: i64) -> String {
        let form = nth(self.get(key), b'|', plural(&self.lang, n.unsigned_abs()));
        fill(form, &[("n", &digits(n))])
    }

    /// The `at`th of the comma-separated names of `key` (months, weekdays).
    pub fn nth(&self, key: Key, at: usize) -> &str {
        nth(self.get(key), b',', at)
    }
}

/// Where a hole starts in compiled markup (`markup!`): this byte, then the key's place in
/// `KEYS` plus one, as one byte (so that the markup stays ASCII where the hole is).
pub const HOLE: u8 = 1;

const _: () = assert!(KEYS.len() < 127, "a hole's byte holds at most 126 keys");

/// Markup with `{name}` holes, each a key's name, made at compile time into markup whose holes
/// are `HOLE` and the key's place (`Html::tpl` in the app fills them). A hole that is not a
/// key's name stops the compilation.
#[macro_export]
macro_rules! markup {
    ($text:expr) => {{
        const LEN: usize = $crate::words::compiled_len($text);
        const BYTES: [u8; LEN] = $crate::words::compile::<LEN>($text);
        const TEXT: &str = match ::core::str::from_utf8(&BYTES) {
            Ok(text) => text,
            Err(_) => panic!("markup is not UTF-8"),
        };
        TEXT
    }};
}

/// Where the `{name}` hole that opens at `open` closes, if a name (small letters and `_`)
/// and a `}` follow.
const fn hole_end(text: &[u8], open: usize) -> Option<usize> {
    let mut i = open + 1;
    while i < text.len() && (text[i].is_ascii_lowercase() || text[i] == b'_') {
        i += 1;
    }
    if i > open + 1 && i < text.len() && text[i] == b'}' {
        Some(i)
    } else {
        None
    }
}

/// The place in `KEYS` of the name `text[start..end]`.
const fn key_index(text: &[u8], start: usize, end: usize) -> usize {
    let mut k = 0;
    while k < KEYS.len() {
        let key = KEYS[k].as_bytes();
        if key.len() == end - start {
            let mut i = 0;
            while i < key.len() && key[i] == text[start + i] {
                i += 1;
            }
            if i == key.len() {
                return k;
            }
        }
        k += 1;
    }
    panic!("a hole in markup! names no key of assessment::words::KEYS")
}

/// How long `markup` is once compiled (each hole two bytes).
pub const fn compiled_len(markup: &str) -> usize {
    let text = markup.as_bytes();
    let (mut i, mut len) = (0, 0);
    while i < text.len() {
        if text[i] == b'{' {
            if let Some(end) = hole_end(text, i) {
                len += 2;
                i = end + 1;
                continue;
            }
        }
        len += 1;
        i += 1;
    }
    len
}

/// `markup` with each hole as `HOLE` and the key's place plus one.
pub const fn compile<const LEN: usize>(markup: &str) -> [u8; LEN] {
    let text = markup.as_bytes();
    let mut out = [0; LEN];
    let (mut i, mut at) = (0, 0);
    while i < text.len() {
        if text[i] == b'{' {
            if let Some(end) = hole_end(text, i) {
                out[at] = HOLE;
                out[at + 1] = key_index(text, i + 1, end) as u8 + 1;
                at += 2;
                i = end + 1;
                continue;
            }
        }
        out[at] = text[i];
        at += 1;
        i += 1;
    }
    out
}

/// The `at`th part of `text` between `separator`s, or the last part when there are fewer.
///
/// Here and in `each_piece`, `str::get` rather than indexing: the splits are at ASCII bytes,
/// so neither can fail, but an index's panic brings core's formatting into the wasm (3 KB
/// brotli, with the same in `wasm-app`).
#[inline(never)]
fn nth(text: &str, separator: u8, at: usize) -> &str {
    let mut start = 0;
    let mut part = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b == separator {
            if part == at {
                return text.get(start..i).unwrap_or_default();
            }
            part += 1;
            start = i + 1;
        }
    }
    text.get(start..).unwrap_or_default()
}

/// `put` is given each piece of `text` in turn: words as written (`false`), or the name
/// between a `{` and the next `}` (`true`).
#[inline]
fn each_piece(text: &str, mut put: impl FnMut(&str, bool)) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut open = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (b, open) {
            (b'{', _) => open = Some(i),
            (b'}', Some(at)) => {
                put(text.get(start..at).unwrap_or_default(), false);
                put(text.get(at + 1..i).unwrap_or_default(), true);
                start = i + 1;
                open = None;
            }
            _ => {}
        }
    }
    put(text.get(start..).unwrap_or_default(), false);
}

/// `text` with each `{name}` of `values` replaced by its value (other braces kept).
#[inline(never)]
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::new();
    each_piece(text, |piece, hole| {
        match values.iter().find(|(name, _)| hole && *name == piece) {
            Some((_, value)) => out.push_str(value),
            None if hole => {
                out.push('{');
                out.push_str(piece);
                out.push('}');
            }
            None => out.push_str(piece),
        }
    });
    out
}

/// A whole number in digits (without `format!`, whose code the app does not otherwise need).
#[inline(never)]
pub fn digits(n: i64) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    let rest = n.unsigned_abs();
    let mut place = 1;
    while rest / place >= 10 {
        place *= 10;
    }
    while place > 0 {
        out.push(char::from(b'0' + (rest / place % 10) as u8));
        place /= 10;
    }
    out
}

/// Which form a count of `n` takes in `lang` (CLDR's plural rules for whole numbers): the
/// forms of a counted string are in the order listed here. A language not listed counts as
/// English does: one, then every other number.
pub fn plural(lang: &str, n: u64) -> usize {
    match lang {
        // one: 1; few: 2-4, 22-24, ... but not 12-14; many: the rest.
        "pl" => match (n % 10, n % 100) {
            _ if n == 1 => 0,
            (2..=4, m) if !(12..=14).contains(&m) => 1,
            _ => 2,
        },
        // one: 1, 11; two: 2, 12; few: 3-10, 13-19; other: the rest (0, 20 and up).
        "gd" => match n {
            1 | 11 => 0,
            2 | 12 => 1,
            3..=10 | 13..=19 => 2,
            _ => 3,
        },
        _ => usize::from(n != 1),
    }
}

/// How many forms a counted string has in `lang`.
pub fn plural_forms(lang: &str) -> usize {
    (0..200).map(|n| plural(lang, n)).max().unwrap_or(0) + 1
}

/// Keys whose strings count something, and so have `plural_forms` forms.
pub const COUNTED: &[Key] = &[
    Key::IdleLeft,
    Key::Minutes,
    Key::InWeeks,
    Key::ByWeeksBefore,
    Key::ByDaysBefore,
    Key::ByWeeksAfter,
    Key::ByDaysAfter,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_holes_become_the_keys_places_when_it_compiles() {
        const COMPILED: &str = markup!("<h1>{check_answers}</h1>{back}{ not a hole } {x");
        let back = [HOLE, Key::Back as u8 + 1];
        let check = [HOLE, Key::CheckAnswers as u8 + 1];
        let expected = [&b"<h1>"[..], &check, b"</h1>", &back, b"{ not a hole } {x"].concat();
        assert_eq!(COMPILED.as_bytes(), expected);
    }

    #[test]
    fn plural_rules_pick_the_form_each_language_needs() {
        let forms =
            |lang: &str, ns: &[u64]| ns.iter().map(|&n| plural(lang, n)).collect::<Vec<_>>();
        assert_eq!(forms("en", &[0, 1, 2, 21]), [1, 0, 1, 1]);
        assert_eq!(
            forms("pl", &[1, 2, 4, 5, 12, 14, 21, 22, 25, 104]),
            [0, 1, 1, 2, 2, 2, 2, 1, 2, 1]
        );
        assert_eq!(
            forms("gd", &[1, 2, 3, 11, 12, 19, 20, 21]),
            [0, 1, 2, 0, 1, 2, 3, 3]
        );
        assert_eq!(
            (plural_forms("en"), plural_forms("pl"), plural_forms("gd")),
            (2, 3, 4)
        );
    }

    #[test]
    fn values_go_in_by_name_and_a_count_takes_its_form() {
        let mut list = vec![String::new(); KEYS.len()];
        list[Key::InWeeks as usize] = "za {n} tydzień|za {n} tygodnie|za {n} tygodni".into();
        list[Key::Part as usize] = "Część {n} z {total}: {area} {x} {".into();
        list[Key::Months as usize] = "stycznia,lutego".into();
        let w = Words::new("pl".into(), list).unwrap();
        assert_eq!(w.count(Key::InWeeks, 1), "za 1 tydzień");
        assert_eq!(w.count(Key::InWeeks, 3), "za 3 tygodnie");
        assert_eq!(w.count(Key::InWeeks, 12), "za 12 tygodni");
        assert_eq!(
            w.fill(Key::Part, &[("n", "2"), ("total", "13"), ("area", "Dom")]),
            "Część 2 z 13: Dom {x} {",
            "a name without a value, and a lone brace, stay as written"
        );
        assert_eq!(w.nth(Key::Months, 1), "lutego");
        for (n, text) in [(0, "0"), (-42, "-42"), (2027, "2027"), (10, "10")] {
            assert_eq!(digits(n), text);
        }
        assert_eq!(digits(i64::MIN), "-9223372036854775808");
        assert!(Words::new("pl".into(), vec![]).is_none());
    }
}
