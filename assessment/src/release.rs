//! Which days people leave prison on, as data: a date that cannot be a release day is moved to
//! the likely one, and the plan says so. The rules and Scotland's public holidays live in
//! `content/assessment/release-days.toml`, so a change in the law is a change of content.

use serde::{Deserialize, Serialize};

use crate::day::Day;

/// A kind of day a rule keeps release off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NotOn {
    Friday,
    Saturday,
    Sunday,
    PublicHoliday,
    DayBeforePublicHoliday,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub id: String,
    /// The rule moves release dates only when it is in force, and from `from` on (if given).
    /// A rule not yet in force only adds its words when a date falls on one of its days.
    pub in_force: bool,
    pub from: Option<Day>,
    pub not_on: Vec<NotOn>,
    /// What the plan says when the rule touches the person's date, in plain words.
    pub said: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseDays {
    /// Sorted, whole years from the first to the last.
    pub public_holidays: Vec<Day>,
    pub rules: Vec<Rule>,
}

/// The day a person will most likely leave, and why it differs from the day they gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Likely {
    pub day: Day,
    /// The day the person gave, when the rules move it.
    pub moved_from: Option<Day>,
    /// What to tell the person: the rules that moved the day, and those that may (not yet
    /// in force), in their own words.
    pub notes: Vec<String>,
    /// The day's year, when its public holidays are not listed: the plan asks the person to
    /// check the date.
    pub unknown_year: Option<i32>,
}

impl ReleaseDays {
    fn is_public_holiday(&self, day: Day) -> bool {
        self.public_holidays.binary_search(&day).is_ok()
    }

    fn is(&self, day: Day, kind: NotOn) -> bool {
        // Day 0, 1970-01-01, was a Thursday.
        let weekday = day.0.rem_euclid(7);
        match kind {
            NotOn::Friday => weekday == 1,
            NotOn::Saturday => weekday == 2,
            NotOn::Sunday => weekday == 3,
            NotOn::PublicHoliday => self.is_public_holiday(day),
            NotOn::DayBeforePublicHoliday => self.is_public_holiday(day.plus(1)),
        }
    }

    fn rule_keeps_off(&self, rule: &Rule, day: Day) -> bool {
        rule.not_on.iter().any(|&kind| self.is(day, kind))
    }

    fn applies(rule: &Rule, day: Day) -> bool {
        rule.in_force && rule.from.is_none_or(|from| day >= from)
    }

    /// Whether the public holidays of `year` are listed (they are, year by year, from the
    /// first listed to the last).
    fn knows_year(&self, year: i32) -> bool {
        match (self.public_holidays.first(), self.public_holidays.last()) {
            (Some(first), Some(last)) => (first.ymd().0..=last.ymd().0).contains(&year),
            _ => true,
        }
    }

    /// Move `given` back to the working day before, while a rule in force keeps release off
    /// it (a Saturday goes to Friday; Christmas on a Monday goes to the Friday before).
    pub fn likely(&self, given: Day) -> Likely {
        let mut day = given;
        let mut moved_by: Vec<&Rule> = Vec::new();
        // Two weeks is more than any run of weekends and holidays.
        for _ in 0..14 {
            let Some(rule) = self
                .rules
                .iter()
                .find(|r| Self::applies(r, day) && self.rule_keeps_off(r, day))
            else {
                break;
            };
            if !moved_by.contains(&rule) {
                moved_by.push(rule);
            }
            day = day.plus(-1);
        }
        let mut notes: Vec<String> = moved_by.iter().map(|r| r.said.clone()).collect();
        notes.extend(
            self.rules
                .iter()
                .filter(|r| !Self::applies(r, day) && self.rule_keeps_off(r, day))
                .map(|r| r.said.clone()),
        );
        let year = day.ymd().0;
        Likely {
            day,
            moved_from: (day != given).then_some(given),
            notes,
            unknown_year: (!self.knows_year(year)).then_some(year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Day {
        Day::parse_iso(text).unwrap()
    }

    fn scotland() -> ReleaseDays {
        ReleaseDays {
            public_holidays: ["2026-12-25", "2026-12-28", "2027-01-01", "2027-01-04"]
                .map(d)
                .to_vec(),
            rules: vec![
                Rule {
                    id: "weekend-holiday".into(),
                    in_force: true,
                    from: None,
                    not_on: vec![NotOn::Saturday, NotOn::Sunday, NotOn::PublicHoliday],
                    said: "Not on a weekend or a public holiday.".into(),
                },
                Rule {
                    id: "friday".into(),
                    in_force: false,
                    from: None,
                    not_on: vec![NotOn::Friday, NotOn::DayBeforePublicHoliday],
                    said: "A new law may move Fridays.".into(),
                },
            ],
        }
    }

    #[test]
    fn a_weekend_or_holiday_moves_to_the_working_day_before() {
        let days = scotland();
        // Saturday 5 December 2026: Friday 4 December.
        let sat = days.likely(d("2026-12-05"));
        assert_eq!(sat.day, d("2026-12-04"));
        assert_eq!(sat.moved_from, Some(d("2026-12-05")));
        assert_eq!(
            sat.notes,
            [
                "Not on a weekend or a public holiday.",
                "A new law may move Fridays."
            ]
        );
        // Monday 28 December 2026 (Boxing Day's substitute), Sunday, Saturday, Friday
        // (Christmas): Thursday 24 December.
        assert_eq!(days.likely(d("2026-12-28")).day, d("2026-12-24"));
        // A Wednesday stays, with nothing to say.
        let wed = days.likely(d("2026-12-09"));
        assert_eq!(
            (wed.day, wed.moved_from, wed.notes.len()),
            (d("2026-12-09"), None, 0)
        );
        // Beyond the listed holidays, the plan says the date needs checking.
        assert_eq!(days.likely(d("2028-03-08")).unknown_year, Some(2028));
        assert_eq!(wed.unknown_year, None);
    }

    #[test]
    fn a_rule_applies_from_its_date_once_in_force() {
        let mut days = scotland();
        days.rules[1].in_force = true;
        days.rules[1].from = Some(d("2027-01-01"));
        // Before it starts, a Friday stays and the new law is only mentioned.
        assert_eq!(days.likely(d("2026-12-11")).day, d("2026-12-11"));
        // From then on, a Friday moves to Thursday, and Thursday 31 December (before a
        // holiday) to Wednesday: Friday 8 January 2027 goes to Thursday 7 January.
        assert_eq!(days.likely(d("2027-01-08")).day, d("2027-01-07"));
        assert_eq!(days.likely(d("2027-01-02")).day, d("2026-12-31"));
    }
}
