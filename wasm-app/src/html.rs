//! HTML built piece by piece: markup as written, text escaped on the way in. In the wasm this
//! costs far less than `format!` with an escaped copy of every value (README, Performance).
//! Markup names the words it says as `{name}` holes (`tpl`, with `assessment::markup!`):
//! config.toml's `app_<name>`, in the page's language.

use assessment::words::{Words, HOLE};

#[derive(Default)]
pub struct Html(String);

impl Html {
    /// Markup, as written.
    pub fn raw(&mut self, markup: &str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Markup from `assessment::markup!`: each hole is its key's string in `words`, as text.
    #[inline(never)]
    pub fn tpl(&mut self, words: &Words, markup: &str) -> &mut Self {
        let mut pieces = markup.split(char::from(HOLE));
        self.raw(pieces.next().unwrap_or_default());
        for piece in pieces {
            // The key's place plus one, then markup as written (both ASCII at the split). No
            // slicing that can panic: that brings core's formatting into the wasm.
            let Some((key, rest)) = piece.split_at_checked(1) else {
                continue;
            };
            self.text(words.at(usize::from(key.as_bytes()[0]) - 1))
                .raw(rest);
        }
        self
    }

    /// Text, made safe between tags and in a quoted attribute.
    #[inline(never)]
    pub fn text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                '"' => self.0.push_str("&quot;"),
                '\'' => self.0.push_str("&#39;"),
                _ => self.0.push(c),
            }
        }
        self
    }

    /// A whole number, in digits.
    #[inline(never)]
    pub fn num(&mut self, n: i64) -> &mut Self {
        if n < 0 {
            self.0.push('-');
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = n.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.0.push(char::from(d));
        }
        self
    }

    /// `markup` when `on`.
    pub fn raw_if(&mut self, on: bool, markup: &str) -> &mut Self {
        if on {
            self.0.push_str(markup);
        }
        self
    }

    pub fn done(self) -> String {
        self.0
    }
}
