//! Sentences, words, syllables and the Flesch reading ease score.

use std::ops::Range;

/// Sentences of `text` as byte ranges: split after `.`, `!` or `?` followed by a space or the
/// end, and keep only those with a word in them.
pub fn sentences(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') {
            let next = bytes.get(i + 1).copied();
            if next.is_none()
                || next.is_some_and(|b| b == b' ' || b == b'\n' || b == b'"' || b == b')')
            {
                out.push(start..i + 1);
                start = i + 1;
            }
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.into_iter()
        .map(|r| trim_range(text, r))
        .filter(|r| words(&text[r.clone()]).next().is_some())
        .collect()
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    r.start + lead..r.end - trail
}

/// Words: runs with a letter or digit in them ("12", "don't", "well-being").
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '/' || c == '\u{2014}' || c == '\u{2013}')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().any(char::is_alphanumeric))
}

/// An estimate good enough for Flesch: vowel groups, less a silent final e.
pub fn syllables(word: &str) -> usize {
    // One pass over the letters, lower-cased, keeping only the last three: no allocation, as
    // this runs for every word of every page.
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let (mut n, mut count, mut prev) = (0, 0, false);
    let mut last = ['\0'; 3];
    let mut letter = |c: char| {
        n += 1;
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
        last = [last[1], last[2], c];
    };
    for c in word.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                letter(c.to_ascii_lowercase());
            }
        } else {
            c.to_lowercase()
                .filter(|l| l.is_alphabetic())
                .for_each(&mut letter);
        }
    }
    if n <= 3 {
        // Short words, and numbers (read aloud: one syllable per digit group).
        return 1;
    }
    let [third, second, end] = last;
    // A final e is silent, except in "-ble"-like endings (table, simple).
    let le_ending = second == 'l' && !vowel(third);
    if end == 'e' && !le_ending && count > 1 {
        count -= 1;
    }
    if second == 'e'
        && matches!(end, 'd' | 's')
        && !matches!(third, 't' | 'd' | 's' | 'x' | 'z' | 'c' | 'g')
        && count > 1
    {
        count -= 1;
    }
    count.max(1)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Readability {
    pub words: usize,
    pub sentences: usize,
    pub syllables: usize,
}

impl Readability {
    pub fn add_text(&mut self, text: &str) {
        for s in sentences(text) {
            self.sentences += 1;
            for w in words(&text[s]) {
                self.words += 1;
                self.syllables += syllables(w);
            }
        }
    }

    /// Flesch reading ease: 206.835 - 1.015 (words/sentences) - 84.6 (syllables/words).
    /// Higher is easier; 80+ is easy, 60-70 plain English.
    pub fn flesch(&self) -> Option<f64> {
        (self.words > 0 && self.sentences > 0).then(|| {
            206.835
                - 1.015 * (self.words as f64 / self.sentences as f64)
                - 84.6 * (self.syllables as f64 / self.words as f64)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_split_on_end_punctuation_only() {
        let t = "You can ask. Is it 2.5 miles? Yes! Then go";
        let s: Vec<&str> = sentences(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(
            s,
            vec!["You can ask.", "Is it 2.5 miles?", "Yes!", "Then go"]
        );
    }

    #[test]
    fn syllables_are_close_enough() {
        for (w, n) in [
            ("home", 1),
            ("money", 2),
            ("prison", 2),
            ("release", 2),
            ("community", 4),
            ("you", 1),
            ("table", 2),
            ("wanted", 2),
            ("helped", 1),
        ] {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn short_plain_text_scores_high_and_long_words_low() {
        let mut easy = Readability::default();
        easy.add_text("You can get help. Ask your worker. They will help you.");
        let mut hard = Readability::default();
        hard.add_text("Comprehensive multidisciplinary interventions necessitate considerable organisational coordination.");
        assert!(easy.flesch().unwrap() > 90.0, "{:?}", easy.flesch());
        assert!(hard.flesch().unwrap() < 0.0, "{:?}", hard.flesch());
    }
}
