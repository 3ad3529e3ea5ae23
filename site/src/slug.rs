//! Slugs for URLs and heading ids, made by the `slug` crate as Zola makes them: lower case
//! ASCII letters, digits and hyphens, accents transliterated (`Über` is `uber`).

/// An apostrophe joins a word (`What's` is `whats`, not `what-s`), as people would type it.
pub fn slugify(text: &str) -> String {
    slug::slugify(text.replace(['\'', '\u{2019}'], ""))
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_stable_and_plain() {
        assert_eq!(slugify("On the day: money & ID"), "on-the-day-money-id");
        assert_eq!(slugify("  What's next?  "), "whats-next");
        assert_eq!(slugify("Über 18"), "uber-18");
        assert_eq!(slugify("?!"), "");
    }

    #[test]
    fn polish_and_gaelic_titles_keep_their_letters_as_latin() {
        assert_eq!(slugify("Łódź i Kraków"), "lodz-i-krakow");
        assert_eq!(slugify("Zażółć gęślą jaźń"), "zazolc-gesla-jazn");
        assert_eq!(
            slugify("Dzień wyjścia z więzienia"),
            "dzien-wyjscia-z-wiezienia"
        );
        assert_eq!(slugify("Tìr is Teanga"), "tir-is-teanga");
        assert_eq!(slugify("Fàilte gu Alba"), "failte-gu-alba");
        assert_eq!(slugify("Cò as a tha thu?"), "co-as-a-tha-thu");
    }
}
