//! The questionnaire as the app runs it: checked, with references turned into indexes.

use serde::{Deserialize, Serialize};

use crate::day::Day;
use crate::release::ReleaseDays;
use crate::words::{digits, Key, Words};

/// The id of the area every context question belongs to.
pub const CONTEXT: &str = "context";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Questionnaire {
    pub areas: Vec<Area>,
    /// Context questions first, then each area's, in the order they are asked.
    pub questions: Vec<Question>,
    pub steps: Vec<Step>,
    pub services: Vec<Service>,
    /// Which days people leave on: dates the person gives are moved to the likely day.
    #[serde(default)]
    pub release_days: ReleaseDays,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub name: String,
    /// A word or two, for the chart: `Money`.
    pub short: String,
    pub easy: String,
    pub icon: String,
    pub urgent_near_release: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Choice,
    /// Options `date`, `weeks`, `remand`, `dont-know`: the first two ask for a value.
    Release,
    /// The council areas, and "not sure".
    Council,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    /// Index into `areas`, or `None` for a context question.
    pub area: Option<usize>,
    pub kind: Kind,
    pub text: String,
    pub easy: String,
    pub hint: Option<String>,
    pub easy_hint: Option<String>,
    pub icon: String,
    pub sensitive: bool,
    pub ask_if: Option<Condition>,
    pub options: Vec<Choice>,
}

/// Ask a question only if an earlier one got one of these answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub question: usize,
    pub options: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub text: String,
    pub easy: String,
    pub icon: String,
    /// 0: going well; 1: some help needed; 2: urgent. `None`: no score ("I don't know").
    pub need: Option<u8>,
    /// Indexes into `steps`.
    pub steps: Vec<usize>,
}

/// A step of the plan, in the Going Straight Contract's form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub area: usize,
    pub what: String,
    pub easy: String,
    pub who: String,
    pub how: String,
    /// Days from release (negative: before).
    pub when: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub description: String,
    pub easy: String,
    pub phone: Option<String>,
    /// Council areas served; `all` for everywhere.
    pub areas: Vec<String>,
    /// Life area ids it helps with.
    pub needs: Vec<String>,
    pub always: bool,
    /// Who it is for, as terms of the core's eligibility taxonomy (empty: anyone).
    #[serde(default)]
    pub eligibility: Vec<String>,
    #[serde(default)]
    pub referral: Vec<String>,
    #[serde(default)]
    pub provider: Option<String>,
    /// Sample data, not a real service: kiosk and strict builds leave it out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
}

/// What the person said. Nothing here ever leaves the page, except as an answer code they
/// choose to make.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    /// For each question, the chosen option's index, if any.
    pub choices: Vec<Option<usize>>,
    pub release_date: Option<Day>,
    pub release_weeks: Option<u8>,
}

impl Answers {
    pub fn new(q: &Questionnaire) -> Answers {
        Answers {
            choices: vec![None; q.questions.len()],
            release_date: None,
            release_weeks: None,
        }
    }
}

impl Questionnaire {
    pub fn question(&self, id: &str) -> Option<usize> {
        self.questions.iter().position(|q| q.id == id)
    }

    /// Whether question `i` is asked, given the answers so far.
    pub fn is_asked(&self, i: usize, answers: &Answers) -> bool {
        match &self.questions[i].ask_if {
            None => true,
            Some(c) => {
                self.is_asked(c.question, answers)
                    && answers
                        .choices
                        .get(c.question)
                        .copied()
                        .flatten()
                        .is_some_and(|o| c.options.contains(&o))
            }
        }
    }

    /// The questions asked, in order.
    pub fn path(&self, answers: &Answers) -> Vec<usize> {
        (0..self.questions.len())
            .filter(|&i| self.is_asked(i, answers))
            .collect()
    }

    /// The next question after `i` (or the first, for `None`); `None` means the review page.
    pub fn next(&self, after: Option<usize>, answers: &Answers) -> Option<usize> {
        let start = after.map_or(0, |i| i + 1);
        (start..self.questions.len()).find(|&i| self.is_asked(i, answers))
    }

    /// Question `i` in easy read or in standard words.
    pub fn text(&self, i: usize, easy: bool) -> &str {
        let question = &self.questions[i];
        if easy {
            &question.easy
        } else {
            &question.text
        }
    }

    /// "Part 3 of 13: Money", or "About you" for context questions, in the words' language.
    pub fn part_label(&self, i: usize, easy: bool, words: &Words) -> String {
        match self.questions[i].area {
            None => words.get(Key::AboutYou).into(),
            Some(a) => {
                let area = &self.areas[a];
                words.fill(
                    Key::Part,
                    &[
                        ("n", &digits(a as i64 + 1)),
                        ("total", &digits(self.areas.len() as i64)),
                        ("area", if easy { &area.easy } else { &area.name }),
                    ],
                )
            }
        }
    }

    pub fn context_question(&self, id: &str) -> Option<usize> {
        self.questions
            .iter()
            .position(|q| q.area.is_none() && q.id == id)
    }

    /// The release question's answer as a day, when the person gave one.
    pub fn release_day(&self, answers: &Answers, today: Day) -> Option<Day> {
        let q = self
            .questions
            .iter()
            .position(|q| q.kind == Kind::Release)?;
        let chosen = &self.questions[q].options.get(answers.choices[q]?)?.id;
        match chosen.as_str() {
            "date" => answers.release_date,
            "weeks" => answers.release_weeks.map(|w| today.plus(i32::from(w) * 7)),
            _ => None,
        }
    }

    /// The council the person named, if they named one.
    pub fn council(&self, answers: &Answers) -> Option<&str> {
        let q = self
            .questions
            .iter()
            .position(|q| q.kind == Kind::Council)?;
        let option = self.questions[q].options.get(answers.choices[q]?)?;
        (option.id != "not-sure").then_some(option.text.as_str())
    }

    /// A short, stable number for this questionnaire's shape: an answer code made with one
    /// shape must not be read with another.
    pub fn fingerprint(&self) -> u32 {
        let mut hash: u32 = 0x811c_9dc5;
        for q in &self.questions {
            for text in std::iter::once(&q.id).chain(q.options.iter().map(|o| &o.id)) {
                for b in text.bytes().chain(std::iter::once(0)) {
                    hash ^= u32::from(b);
                    hash = hash.wrapping_mul(0x0100_0193);
                }
            }
        }
        hash
    }
}
