//! Calendar days without a date library: the browser app must stay small.

use serde::{Deserialize, Serialize};

use crate::words::{digits, Key, Words};

/// A calendar day, counted from 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Day(pub i32);

impl Day {
    /// From a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Day(era * 146_097 + doe - 719_468))
    }

    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// `2027-05-23`, as an HTML date input gives it.
    pub fn parse_iso(text: &str) -> Option<Day> {
        let mut parts = text.trim().splitn(3, '-');
        let y = parts.next()?.parse().ok()?;
        let m = parts.next()?.parse().ok()?;
        let d = parts.next()?.parse().ok()?;
        Day::from_ymd(y, m, d)
    }

    pub fn iso(self) -> String {
        let (y, m, d) = self.ymd();
        let mut out = String::new();
        for (n, width) in [(i64::from(y), 4), (m.into(), 2), (d.into(), 2)] {
            if !out.is_empty() {
                out.push('-');
            }
            let n = digits(n);
            for _ in n.len()..width {
                out.push('0');
            }
            out.push_str(&n);
        }
        out
    }

    /// `Friday 4 June 2027`: how the plan says a date, in the words' language (its
    /// `date_long` order and its `months` and `weekdays`).
    pub fn long(self, words: &Words) -> String {
        let (y, m, d) = self.ymd();
        // Day 0, 1970-01-01, was a Thursday: the fourth day of a week from Monday.
        let weekday = (self.0 + 3).rem_euclid(7) as usize;
        words.fill(
            Key::DateLong,
            &[
                ("weekday", words.nth(Key::Weekdays, weekday)),
                ("day", &digits(i64::from(d))),
                ("month", words.nth(Key::Months, m as usize - 1)),
                ("year", &digits(i64::from(y))),
            ],
        )
    }

    pub fn plus(self, days: i32) -> Day {
        Day(self.0 + days)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_days() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        let monday = Day::from_ymd(2026, 11, 23).unwrap();
        assert_eq!(
            monday.long(&crate::tests::english()),
            "Monday 23 November 2026"
        );
        assert_eq!(
            Day::from_ymd(2027, 1, 1)
                .unwrap()
                .long(&crate::tests::words("pl")),
            "piątek, 1 stycznia 2027"
        );
        for n in [-1000, 0, 19_000, 20_000, 30_000] {
            let (y, m, d) = Day(n).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)));
        }
        assert_eq!(
            Day::parse_iso("2028-02-29").map(Day::iso).as_deref(),
            Some("2028-02-29")
        );
        assert_eq!(Day::parse_iso("2027-02-29"), None);
    }
}
