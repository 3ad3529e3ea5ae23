//! From answers to a personal plan: needs in priority order, strengths, SMART steps with
//! dates, and the services that match.

use crate::day::Day;
use crate::model::{Answers, Questionnaire};
use crate::words::{Key, Words};

/// Release this close or closer makes the urgent areas (housing, money, ID, prescriptions)
/// come first.
pub const SOON_DAYS: i32 = 14;
pub const MAX_STEPS: usize = 3;

/// By when a step is due: a date, or words relative to release when the date is not known.
/// Said in the page's language by `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum By {
    Date(Day),
    /// Days from release (negative: before), when the date is not known: "2 weeks before
    /// you leave", "On the day you leave", "Within 3 days of leaving".
    FromRelease(i32),
    /// On remand there is no date to count back from: a court can let a person go any day.
    NowWhileOnRemand,
    BeforeCourt,
    OnTheDayFromCourt,
    AsSoonAsYouCan,
}

impl By {
    pub fn text(&self, words: &Words) -> String {
        let days = match *self {
            By::Date(d) => return d.long(words),
            By::FromRelease(days) => days,
            By::NowWhileOnRemand => return words.get(Key::ByNowCourt).into(),
            By::BeforeCourt => return words.get(Key::ByBeforeCourt).into(),
            By::OnTheDayFromCourt => return words.get(Key::ByDayFromCourt).into(),
            By::AsSoonAsYouCan => return words.get(Key::BySoon).into(),
        };
        let n = i64::from(days.abs());
        let weeks = n % 7 == 0;
        let key = match (days < 0, weeks) {
            _ if days == 0 => return words.get(Key::ByDay).into(),
            (true, true) => Key::ByWeeksBefore,
            (true, false) => Key::ByDaysBefore,
            (false, true) => Key::ByWeeksAfter,
            (false, false) => Key::ByDaysAfter,
        };
        words.count(key, if weeks { n / 7 } else { n })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmartStep {
    pub step: usize,
    pub by: By,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priority {
    pub area: usize,
    /// 1: some help needed; 2: urgent.
    pub level: u8,
    /// Moved up because release is close.
    pub urgent_now: bool,
    pub steps: Vec<SmartStep>,
}

/// Where one life area stands, for the chart and its table: what the answers say, never more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// No question of the area was answered.
    NotAnswered,
    /// Answered, and the answer needs nothing: "No" to children, "I will not be on licence".
    DoesNotApply,
    /// "I don't know".
    NotSure,
    /// "I'd rather not say".
    Declined,
    GoingWell,
    SomeHelp,
    Urgent,
}

impl Standing {
    /// What says it, as the check-answers page would say it.
    pub fn key(self) -> Key {
        match self {
            Standing::NotAnswered => Key::NotProvided,
            Standing::DoesNotApply => Key::StandingDoesNotApply,
            Standing::NotSure => Key::StandingNotSure,
            Standing::Declined => Key::StandingDeclined,
            Standing::GoingWell => Key::StandingGoingWell,
            Standing::SomeHelp => Key::StandingSomeHelp,
            Standing::Urgent => Key::StandingUrgent,
        }
    }

    /// Distance from the centre of the chart (going well is furthest out), or `None`: an area
    /// that does not apply, was declined or not answered is not drawn, since no distance from
    /// the centre would say it truly.
    pub fn score(self) -> Option<u8> {
        match self {
            Standing::Urgent => Some(1),
            Standing::SomeHelp => Some(2),
            Standing::GoingWell => Some(3),
            _ => None,
        }
    }

    /// What an answer without a need says about its area.
    fn of_unscored(option_id: &str) -> Standing {
        match option_id {
            "dont-know" => Standing::NotSure,
            "rather-not-say" => Standing::Declined,
            _ => Standing::DoesNotApply,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The day the plan counts from: the likely release day.
    pub release: Option<Day>,
    /// The date the person gave, when no one is released on it.
    pub release_given: Option<Day>,
    /// What to tell the person about their release day (a moved date, a law that may apply).
    pub release_notes: Vec<String>,
    /// The release day's year, when this tool does not know its public holidays.
    pub holidays_unknown: Option<i32>,
    pub release_soon: bool,
    pub priorities: Vec<Priority>,
    pub strengths: Vec<usize>,
    pub standings: Vec<Standing>,
    /// Indexes into `services`: those always shown first, then those that match.
    pub services: Vec<usize>,
    /// The council area the person gave, if they gave one.
    pub council: Option<String>,
    /// Whether any service in `services` is the council area's own (not only national), so
    /// that the plan can say plainly when there is none.
    pub local_listed: bool,
}

pub fn build(q: &Questionnaire, answers: &Answers, today: Day) -> Plan {
    let likely = q
        .release_day(answers, today)
        .map(|given| q.release_days.likely(given));
    let release = likely.as_ref().map(|l| l.day);
    // A day already gone (an old answer code) is not "soon".
    let release_soon = release.is_some_and(|d| d >= today && d.0 - today.0 <= SOON_DAYS);
    let path = q.path(answers);

    let mut levels: Vec<Option<u8>> = vec![None; q.areas.len()];
    // Answers without a need, the strongest kept: declining says more than "does not apply".
    let mut unscored = vec![Standing::NotAnswered; q.areas.len()];
    let mut steps: Vec<Vec<usize>> = vec![Vec::new(); q.areas.len()];
    for &i in &path {
        let question = &q.questions[i];
        let (Some(area), Some(o)) = (question.area, answers.choices[i]) else {
            continue;
        };
        let choice = &question.options[o];
        match choice.need {
            Some(need) => levels[area] = Some(levels[area].map_or(need, |l| l.max(need))),
            None => unscored[area] = unscored[area].max(Standing::of_unscored(&choice.id)),
        }
        for &s in &choice.steps {
            if !steps[area].contains(&s) {
                steps[area].push(s);
            }
        }
    }

    let person = Person::from_answers(q, answers);
    let on_remand = release.is_none() && person.remand == Some(true);
    let standings: Vec<Standing> = levels
        .iter()
        .zip(&unscored)
        .map(|(l, &unscored)| match l {
            None => unscored,
            Some(0) => Standing::GoingWell,
            Some(1) => Standing::SomeHelp,
            Some(_) => Standing::Urgent,
        })
        .collect();
    let strengths = (0..q.areas.len())
        .filter(|&a| levels[a] == Some(0))
        .collect();

    let mut priorities: Vec<Priority> = (0..q.areas.len())
        .filter_map(|a| {
            let level = levels[a].filter(|l| *l > 0)?;
            let urgent_now = release_soon && q.areas[a].urgent_near_release;
            let mut chosen = steps[a].clone();
            sort_by_key(&mut chosen, |&s| (q.steps[s].when.unwrap_or(i32::MAX), s));
            chosen.truncate(MAX_STEPS);
            let steps = chosen
                .into_iter()
                .map(|s| SmartStep {
                    step: s,
                    by: by_when(q.steps[s].when, release, today, on_remand),
                })
                .collect();
            Some(Priority {
                area: a,
                level,
                urgent_now,
                steps,
            })
        })
        .collect();
    sort_by_key(&mut priorities, |p| {
        (!p.urgent_now, std::cmp::Reverse(p.level), p.area)
    });

    let council = q.council(answers);
    let needed: Vec<&str> = priorities
        .iter()
        .map(|p| q.areas[p.area].id.as_str())
        .collect();
    let mut services: Vec<usize> = (0..q.services.len())
        .filter(|&s| q.services[s].always)
        .collect();
    for (i, s) in q.services.iter().enumerate() {
        let serves_here = s
            .areas
            .iter()
            .any(|a| a == "all" || Some(a.as_str()) == council);
        let helps = s.needs.iter().any(|n| needed.contains(&n.as_str()));
        if !s.always && serves_here && helps && person.may_use(&s.eligibility) {
            services.push(i);
        }
    }
    let local_listed = council.is_some_and(|c| {
        services
            .iter()
            .any(|&s| q.services[s].areas.iter().any(|a| a == c))
    });
    let holidays_unknown = likely.as_ref().and_then(|l| l.unknown_year);
    let (release_given, release_notes) = match likely {
        // Only a date the person typed is theirs to be told about; weeks are a guess.
        Some(l) if answers.release_date.is_some() => (l.moved_from, l.notes),
        Some(l) => (None, l.notes),
        None => (None, Vec::new()),
    };
    Plan {
        release,
        release_given,
        release_notes,
        holidays_unknown,
        release_soon,
        priorities,
        strengths,
        standings,
        services,
        council: council.map(str::to_string),
        local_listed,
    }
}

/// The terms of the eligibility taxonomy (owned by the core, used by every member's
/// services): who a service is for.
pub const ELIGIBILITY: [&str; 8] = [
    "remand",
    "short-sentence",
    "on-licence",
    "age-under-26",
    "age-26-plus",
    "women",
    "men",
    "family-member",
];

/// What the answers say about the person, as eligibility terms: `Some(true)` they fit,
/// `Some(false)` they do not, `None` not known (never a reason to hide a service).
struct Person {
    remand: Option<bool>,
    on_licence: Option<bool>,
    under_26: Option<bool>,
}

impl Person {
    fn from_answers(q: &Questionnaire, answers: &Answers) -> Person {
        let chosen = |id: &str| {
            let i = q.context_question(id)?;
            Some(q.questions[i].options.get(answers.choices[i]?)?.id.as_str())
        };
        fn known(v: Option<&str>) -> Option<&str> {
            v.filter(|id| !matches!(*id, "dont-know" | "rather-not-say"))
        }
        Person {
            remand: known(chosen("release")).map(|id| id == "remand"),
            on_licence: known(chosen("licence")).map(|id| id == "yes"),
            under_26: known(chosen("age")).map(|id| matches!(id, "under-21" | "21-25")),
        }
    }

    fn fits(&self, term: &str) -> Option<bool> {
        match term {
            "remand" => self.remand,
            "on-licence" => self.on_licence,
            "age-under-26" => self.under_26,
            "age-26-plus" => self.under_26.map(|u| !u),
            _ => None,
        }
    }

    /// A service for anyone, or one whose terms the person fits or might fit.
    fn may_use(&self, eligibility: &[String]) -> bool {
        eligibility.is_empty() || eligibility.iter().any(|t| self.fits(t) != Some(false))
    }
}

fn by_when(when: Option<i32>, release: Option<Day>, today: Day, on_remand: bool) -> By {
    let Some(days) = when else {
        return By::AsSoonAsYouCan;
    };
    if let Some(release) = release {
        let due = release.plus(days);
        return if due < today {
            By::AsSoonAsYouCan
        } else {
            By::Date(due)
        };
    }
    match days {
        d if on_remand && d <= -28 => By::NowWhileOnRemand,
        d if on_remand && d < 0 => By::BeforeCourt,
        0 if on_remand => By::OnTheDayFromCourt,
        d => By::FromRelease(d),
    }
}

/// A stable insertion sort: the lists are a handful long (areas, steps of an area), and in the
/// browser app it is a small fraction of the code of the standard library's sorts.
fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && key(&items[j - 1]) > key(&items[j]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}
