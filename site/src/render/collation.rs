//! Sorting titles in a language's own alphabetical order, for the A to Z. Each language's
//! alphabet comes from its string table (`alphabet`): Polish puts Ł after L and Ś after S,
//! where English folds accents onto the plain letter (é sorts as e).

/// A language's alphabet: its letters in order, lower case.
pub struct Alphabet(Vec<char>);

/// Letters with accents, and the plain letter they are filed under when the alphabet does
/// not have them as letters of their own.
const FOLD: &[(char, char)] = &[
    ('à', 'a'),
    ('á', 'a'),
    ('â', 'a'),
    ('ä', 'a'),
    ('ã', 'a'),
    ('å', 'a'),
    ('ą', 'a'),
    ('ç', 'c'),
    ('ć', 'c'),
    ('č', 'c'),
    ('è', 'e'),
    ('é', 'e'),
    ('ê', 'e'),
    ('ë', 'e'),
    ('ę', 'e'),
    ('ì', 'i'),
    ('í', 'i'),
    ('î', 'i'),
    ('ï', 'i'),
    ('ł', 'l'),
    ('ñ', 'n'),
    ('ń', 'n'),
    ('ò', 'o'),
    ('ó', 'o'),
    ('ô', 'o'),
    ('ö', 'o'),
    ('õ', 'o'),
    ('ś', 's'),
    ('š', 's'),
    ('ù', 'u'),
    ('ú', 'u'),
    ('û', 'u'),
    ('ü', 'u'),
    ('ý', 'y'),
    ('ÿ', 'y'),
    ('ź', 'z'),
    ('ż', 'z'),
    ('ž', 'z'),
];

impl Alphabet {
    pub fn new(letters: &str) -> Alphabet {
        Alphabet(letters.chars().flat_map(char::to_lowercase).collect())
    }

    /// Where a character files: its own letter's place, or its plain letter's with the accent
    /// after (so "é" comes just after "e" in English), or after every letter when neither is
    /// in the alphabet (digits and signs first, as most A to Zs do).
    fn weight(&self, c: char) -> (u32, u32) {
        let place = |c: char| self.0.iter().position(|&l| l == c);
        if let Some(i) = place(c) {
            return (1 + i as u32, 0);
        }
        let plain = FOLD.iter().find(|(a, _)| *a == c).map(|(_, p)| *p);
        match plain.and_then(place) {
            Some(i) => (1 + i as u32, c as u32),
            None if c.is_alphabetic() => (1 + self.0.len() as u32, c as u32),
            None => (0, c as u32),
        }
    }

    /// A title's sort key: letters by the alphabet first, then accents, case last.
    pub fn key(&self, title: &str) -> (Vec<u32>, Vec<u32>, String) {
        let lower: Vec<char> = title
            .chars()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric())
            .collect();
        let (primary, secondary) = lower.iter().map(|&c| self.weight(c)).unzip();
        (primary, secondary, title.to_string())
    }

    /// The letter a title is filed under, upper case: `Ł` for "Łódź" in Polish, `E` for
    /// "École" in English.
    pub fn letter(&self, title: &str) -> String {
        let Some(first) = title
            .chars()
            .flat_map(char::to_lowercase)
            .find(|c| c.is_alphanumeric())
        else {
            return String::new();
        };
        let filed = if self.0.contains(&first) {
            first
        } else {
            FOLD.iter()
                .find(|(a, _)| *a == first)
                .map(|(_, p)| *p)
                .filter(|p| self.0.contains(p))
                .unwrap_or(first)
        };
        filed.to_uppercase().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Alphabet;

    fn sorted(alphabet: &str, titles: &[&str]) -> Vec<String> {
        let a = Alphabet::new(alphabet);
        let mut t: Vec<&str> = titles.to_vec();
        t.sort_by_key(|x| a.key(x));
        t.into_iter().map(str::to_string).collect()
    }

    #[test]
    fn polish_files_l_stroke_after_l_and_accents_as_letters_of_their_own() {
        let polish = "aąbcćdeęfghijklłmnńoóprsśtuwyzźż";
        assert_eq!(
            sorted(
                polish,
                &[
                    "Łódź",
                    "Mieszkanie",
                    "Lekarz",
                    "Zdrowie",
                    "Żywność",
                    "Ściana",
                    "Sen"
                ]
            ),
            [
                "Lekarz",
                "Łódź",
                "Mieszkanie",
                "Sen",
                "Ściana",
                "Zdrowie",
                "Żywność"
            ]
        );
        let a = Alphabet::new(polish);
        assert_eq!(a.letter("Łódź"), "Ł");
        assert_eq!(a.letter("Lekarz"), "L");
    }

    #[test]
    fn english_and_gaelic_file_accents_with_the_plain_letter() {
        let latin = "abcdefghijklmnopqrstuvwxyz";
        assert_eq!(
            sorted(
                latin,
                &["Fàilte", "Fairness", "Eòlas", "Easy", "Zebra", "3 things"]
            ),
            ["3 things", "Easy", "Eòlas", "Fàilte", "Fairness", "Zebra"]
        );
        assert_eq!(Alphabet::new(latin).letter("Ùr"), "U");
    }
}
