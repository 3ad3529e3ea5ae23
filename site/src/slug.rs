//! Slugs for URLs and heading ids: lower case ASCII letters, digits and hyphens.

pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut hyphen = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if hyphen && !slug.is_empty() {
                slug.push('-');
            }
            hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '\u{2019}' {
            hyphen = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs_are_stable_and_plain() {
        assert_eq!(slugify("On the day: money & ID"), "on-the-day-money-id");
        assert_eq!(slugify("  What's next?  "), "whats-next");
        assert_eq!(slugify("Über 18"), "ber-18");
    }
}
