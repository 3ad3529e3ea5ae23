//! Answer codes: the answers as a short code a person can read aloud, type or scan, so that
//! another copy of the app shows the same plan with no server in between.
//!
//! Crockford base32 (no I, L, O, U; case-insensitive; I and L read as 1, O as 0; hyphens
//! ignored), a version symbol first and a mod-37 check symbol last. The payload is a bit
//! string: 10 bits of the questionnaire's fingerprint, then each question's answer (0 for
//! none) in as few bits as its options need, then the release date or weeks if given.

use crate::day::Day;
use crate::model::{Answers, Kind, Questionnaire};
use crate::words::Key;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CHECK: &[u8; 37] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
const VERSION: u8 = b'1';
const FINGERPRINT_BITS: u32 = 10;
/// Release dates count days from this day, in 15 bits: good until 2109.
const EPOCH: Day = Day(18_262); // 2020-01-01

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    BadSymbol(char),
    WrongCheck,
    UnknownVersion,
    OtherQuestionnaire,
    Damaged,
}

impl CodeError {
    /// What to tell the person, in the page's words.
    pub fn key(&self) -> Key {
        match self {
            CodeError::Empty => Key::CodeEmpty,
            CodeError::BadSymbol(_) => Key::CodeBadSymbol,
            CodeError::WrongCheck => Key::CodeWrongCheck,
            CodeError::UnknownVersion => Key::CodeUnknownVersion,
            CodeError::OtherQuestionnaire => Key::CodeOtherQuestionnaire,
            CodeError::Damaged => Key::CodeDamaged,
        }
    }
}

struct Bits {
    bits: Vec<bool>,
}

impl Bits {
    fn push(&mut self, value: u32, width: u32) {
        for i in (0..width).rev() {
            self.bits.push(value >> i & 1 == 1);
        }
    }
}

struct Reader<'a> {
    bits: &'a [bool],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, width: u32) -> Result<u32, CodeError> {
        let mut v = 0;
        for _ in 0..width {
            let bit = *self.bits.get(self.at).ok_or(CodeError::Damaged)?;
            v = v << 1 | u32::from(bit);
            self.at += 1;
        }
        Ok(v)
    }
}

fn width(options: usize) -> u32 {
    // Room for every option and for "no answer".
    usize::BITS - options.leading_zeros()
}

fn release_option(q: &Questionnaire, answers: &Answers) -> Option<(usize, String)> {
    let i = q.questions.iter().position(|x| x.kind == Kind::Release)?;
    let o = answers.choices.get(i).copied().flatten()?;
    Some((i, q.questions[i].options.get(o)?.id.clone()))
}

pub fn encode(q: &Questionnaire, answers: &Answers) -> String {
    let mut bits = Bits { bits: Vec::new() };
    bits.push(
        q.fingerprint() & ((1 << FINGERPRINT_BITS) - 1),
        FINGERPRINT_BITS,
    );
    for (i, question) in q.questions.iter().enumerate() {
        // Answers from elsewhere may be short or out of range: those count as unanswered.
        let value = answers
            .choices
            .get(i)
            .copied()
            .flatten()
            .filter(|o| *o < question.options.len())
            .map_or(0, |o| o as u32 + 1);
        bits.push(value, width(question.options.len()));
    }
    match release_option(q, answers).map(|(_, id)| id).as_deref() {
        Some("date") => bits.push(
            answers
                .release_date
                .map_or(0, |d| d.0.saturating_sub(EPOCH.0).clamp(0, 0x7fff) as u32),
            15,
        ),
        Some("weeks") => bits.push(u32::from(answers.release_weeks.unwrap_or(0).min(127)), 7),
        _ => {}
    }
    let mut symbols = vec![VERSION];
    for chunk in bits.bits.chunks(5) {
        let mut v = 0usize;
        for (k, b) in chunk.iter().enumerate() {
            v |= usize::from(*b) << (4 - k);
        }
        symbols.push(ALPHABET[v]);
    }
    symbols.push(CHECK[check_value(&symbols[1..])]);
    // In groups of four, to read aloud.
    let mut text = String::new();
    for (i, s) in symbols.into_iter().enumerate() {
        if i > 0 && i % 4 == 0 {
            text.push('-');
        }
        text.push(char::from(s));
    }
    text
}

fn check_value(data: &[u8]) -> usize {
    data.iter()
        .fold(0usize, |r, s| (r * 32 + symbol_value(*s).unwrap_or(0)) % 37)
}

fn symbol_value(s: u8) -> Option<usize> {
    ALPHABET.iter().position(|a| *a == s)
}

pub fn decode(q: &Questionnaire, code: &str) -> Result<Answers, CodeError> {
    let cleaned: Vec<u8> = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => Ok(b'1'),
            'O' => Ok(b'0'),
            c if c.is_ascii() && CHECK.contains(&(c as u8)) => Ok(c as u8),
            other => Err(CodeError::BadSymbol(other)),
        })
        .collect::<Result<_, _>>()?;
    if cleaned.is_empty() {
        return Err(CodeError::Empty);
    }
    if cleaned.len() < 3 {
        return Err(CodeError::WrongCheck);
    }
    let (version, rest) = (cleaned[0], &cleaned[1..]);
    let (data, check) = rest.split_at(rest.len() - 1);
    if data.iter().any(|s| symbol_value(*s).is_none()) {
        return Err(CodeError::BadSymbol(char::from(
            *data
                .iter()
                .find(|s| symbol_value(**s).is_none())
                .unwrap_or(&b'?'),
        )));
    }
    if CHECK[check_value(data)] != check[0] {
        return Err(CodeError::WrongCheck);
    }
    if version != VERSION {
        return Err(CodeError::UnknownVersion);
    }
    let bits: Vec<bool> = data
        .iter()
        .flat_map(|s| {
            let v = symbol_value(*s).unwrap_or(0);
            (0..5).rev().map(move |i| v >> i & 1 == 1)
        })
        .collect();
    let mut r = Reader { bits: &bits, at: 0 };
    if r.take(FINGERPRINT_BITS)? != q.fingerprint() & ((1 << FINGERPRINT_BITS) - 1) {
        return Err(CodeError::OtherQuestionnaire);
    }
    let mut answers = Answers::new(q);
    for (i, question) in q.questions.iter().enumerate() {
        let v = r.take(width(question.options.len()))? as usize;
        if v > question.options.len() {
            return Err(CodeError::Damaged);
        }
        answers.choices[i] = v.checked_sub(1);
    }
    match release_option(q, &answers).map(|(_, id)| id).as_deref() {
        Some("date") => answers.release_date = Some(Day(EPOCH.0 + r.take(15)? as i32)),
        Some("weeks") => answers.release_weeks = Some(r.take(7)? as u8),
        _ => {}
    }
    // Only the padding of the last symbol may remain, and it is zero.
    if bits.len() - r.at >= 5 || bits[r.at..].iter().any(|b| *b) {
        return Err(CodeError::Damaged);
    }
    // Answers to questions that would not have been asked cannot come from this app.
    for i in 0..q.questions.len() {
        if answers.choices[i].is_some() && !q.is_asked(i, &answers) {
            return Err(CodeError::Damaged);
        }
    }
    Ok(answers)
}
