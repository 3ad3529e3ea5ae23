//! Reading the questionnaire from its TOML files and checking it. Every problem names its
//! file and the span of the offending text, and all problems are collected in one pass.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::day::Day;
use crate::model::{
    Area, Choice, Condition, Kind, Question, Questionnaire, Service, Step, CONTEXT,
};
use crate::release::{NotOn, ReleaseDays, Rule};

/// A problem in a questionnaire file. `span` is a byte range of that file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub span: Range<usize>,
    pub message: String,
    pub help: String,
}

/// One TOML file: its name as the site shows it, and its text.
pub struct SourceText<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// What the questionnaire may refer to outside itself.
pub struct Known<'a> {
    pub life_areas: &'a [&'a str],
    pub icon_exists: &'a dyn Fn(&str) -> bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAreas {
    areas: Vec<RawArea>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    id: Spanned<String>,
    name: String,
    /// The chart's label for the area: a word or two.
    short: Option<Spanned<String>>,
    easy: String,
    icon: Spanned<String>,
    #[serde(default)]
    urgent_near_release: bool,
}

/// The chart labels each spoke with an area's short name: longer ones would not fit a phone.
pub const SHORT_NAME_MAX: usize = 14;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    questions: Vec<RawQuestion>,
    #[serde(default)]
    steps: Vec<RawStep>,
    #[serde(default)]
    councils: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    area: Spanned<String>,
    kind: Option<Spanned<String>>,
    text: String,
    easy: String,
    hint: Option<String>,
    easy_hint: Option<String>,
    icon: Spanned<String>,
    #[serde(default)]
    sensitive: bool,
    ask_if: Option<Spanned<String>>,
    #[serde(default)]
    options: Vec<RawOption>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOption {
    id: Spanned<String>,
    text: String,
    easy: String,
    icon: Spanned<String>,
    need: Option<Spanned<i64>>,
    #[serde(default)]
    steps: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    what: String,
    easy: String,
    who: String,
    how: String,
    when: Option<i32>,
    /// Must be done by the release day (GP, prescriptions, money on the day): `when` is then
    /// on or before it, never after.
    #[serde(default)]
    by_release: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReleaseDays {
    public_holidays: Vec<Spanned<String>>,
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    in_force: bool,
    from: Option<Spanned<String>>,
    not_on: Vec<NotOn>,
    said: String,
}

/// The file of release-day rules and public holidays, beside the questions.
pub const RELEASE_DAYS_FILE: &str = "release-days.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServices {
    services: Vec<RawService>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: Spanned<String>,
    name: String,
    description: String,
    easy: String,
    phone: Option<String>,
    areas: Vec<String>,
    needs: Vec<Spanned<String>>,
    #[serde(default)]
    always: bool,
    #[serde(default)]
    eligibility: Vec<Spanned<String>>,
    #[serde(default)]
    referral: Vec<String>,
    /// Sample data: left out of kiosk and strict builds unless they ask for samples.
    #[serde(default)]
    sample: bool,
}

struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn problem(
        &mut self,
        file: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(Problem {
            file: file.to_string(),
            span,
            message: message.into(),
            help: help.into(),
        });
    }

    fn parse<T: for<'de> Deserialize<'de>>(&mut self, src: &SourceText) -> Option<T> {
        match toml::from_str(src.text) {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(
                    src.name,
                    e.span().unwrap_or(0..0),
                    format!("not valid: {}", e.message().trim()),
                    "fix the TOML at the marked place; docs/assessment-content.md lists the fields",
                );
                None
            }
        }
    }

    fn icon(&mut self, file: &str, icon: &Spanned<String>, known: &Known) {
        if !(known.icon_exists)(icon.get_ref()) {
            self.problem(
                file,
                icon.span(),
                format!("there is no picture called `{}`", icon.get_ref()),
                "use the name of a file in static/icons/ without .svg",
            );
        }
    }
}

/// The release question's options, in the order the app and the answer code rely on.
pub const RELEASE_OPTIONS: [&str; 4] = ["date", "weeks", "remand", "dont-know"];

/// Read `areas.toml`, `context.toml` and the area files, and the services, into a checked
/// questionnaire.
pub fn load(
    files: &[SourceText],
    services: Option<&SourceText>,
    known: &Known,
) -> Result<Questionnaire, Vec<Problem>> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    let Some(areas_file) = files.iter().find(|f| f.name.ends_with("areas.toml")) else {
        return Err(vec![Problem { file: "content/assessment/areas.toml".into(), span: 0..0, message: "the questionnaire has no areas.toml".into(), help: "add content/assessment/areas.toml listing the life areas (see docs/assessment-content.md)".into() }]);
    };

    // Areas.
    let mut areas = Vec::new();
    let mut area_index: HashMap<String, usize> = HashMap::new();
    if let Some(raw) = c.parse::<RawAreas>(areas_file) {
        for a in raw.areas {
            let id = a.id.get_ref().clone();
            if area_index.contains_key(&id) {
                c.problem(
                    areas_file.name,
                    a.id.span(),
                    format!("the area `{id}` is listed twice"),
                    "list each area once",
                );
                continue;
            }
            if !known.life_areas.is_empty() && !known.life_areas.contains(&id.as_str()) {
                c.problem(
                    areas_file.name,
                    a.id.span(),
                    format!("`{id}` is not a life area in config.toml"),
                    format!("use one of: {}", known.life_areas.join(", ")),
                );
            }
            c.icon(areas_file.name, &a.icon, known);
            let short = match a.short {
                Some(short) if short.get_ref().chars().count() > SHORT_NAME_MAX => {
                    c.problem(
                        areas_file.name,
                        short.span(),
                        format!(
                            "the short name `{}` is too long for the chart",
                            short.get_ref()
                        ),
                        format!(
                            "keep `short` to {SHORT_NAME_MAX} characters or fewer: a word or two"
                        ),
                    );
                    a.name.clone()
                }
                Some(short) => short.into_inner(),
                None => a.name.clone(),
            };
            area_index.insert(id.clone(), areas.len());
            areas.push(Area {
                id,
                short,
                name: a.name,
                easy: a.easy,
                icon: a.icon.into_inner(),
                urgent_near_release: a.urgent_near_release,
            });
        }
    }

    // Questions and steps from every other file, context first.
    let mut parsed: Vec<(&SourceText, RawFile)> = Vec::new();
    let is_question_file =
        |f: &&SourceText| !f.name.ends_with("areas.toml") && !f.name.ends_with(RELEASE_DAYS_FILE);
    for f in files.iter().filter(is_question_file) {
        if let Some(raw) = c.parse::<RawFile>(f) {
            parsed.push((f, raw));
        }
    }
    parsed.sort_by_key(|(f, _)| !f.name.ends_with("context.toml"));
    let councils: Vec<String> = parsed
        .iter()
        .flat_map(|(_, r)| r.councils.clone())
        .collect();

    let mut steps = Vec::new();
    let mut step_index: HashMap<String, usize> = HashMap::new();
    for (f, raw) in &parsed {
        let file_area = raw
            .questions
            .first()
            .and_then(|q| area_index.get(q.area.get_ref()).copied());
        for s in &raw.steps {
            let id = s.id.get_ref().clone();
            if step_index.contains_key(&id) {
                c.problem(
                    f.name,
                    s.id.span(),
                    format!("the step id `{id}` is used twice"),
                    "give each step its own id",
                );
                continue;
            }
            let Some(area) = file_area else {
                c.problem(
                    f.name,
                    s.id.span(),
                    "a step in a file with no area questions",
                    "put steps in the file of the area they belong to",
                );
                continue;
            };
            if mentions_risk_without_route(&[&s.what, &s.easy, &s.how]) {
                c.problem(
                    f.name,
                    s.id.span(),
                    format!("the step `{id}` mentions suicide, self-harm, overdose, violence or abuse but gives no crisis route"),
                    "say in the step who to call now: 999 in an emergency, or Samaritans on 116 123 (free, any time)",
                );
            }
            if s.by_release && s.when.is_none_or(|w| w > 0) {
                c.problem(
                    f.name,
                    s.id.span(),
                    format!("the step `{id}` is needed by the release day but is not dated on or before it"),
                    "give it `when = 0` (the day) or a negative number of days before release",
                );
            }
            step_index.insert(id.clone(), steps.len());
            steps.push(Step {
                id,
                area,
                what: s.what.clone(),
                easy: s.easy.clone(),
                who: s.who.clone(),
                how: s.how.clone(),
                when: s.when,
            });
        }
    }

    // Order: context questions, then each area's questions in area order, each in file order.
    let mut ordered: Vec<(&SourceText, &RawQuestion, Option<usize>)> = Vec::new();
    for (f, raw) in &parsed {
        for q in &raw.questions {
            let area = q.area.get_ref();
            if area == CONTEXT {
                ordered.push((f, q, None));
            } else if let Some(&a) = area_index.get(area) {
                ordered.push((f, q, Some(a)));
            } else {
                c.problem(
                    f.name,
                    q.area.span(),
                    format!("`{area}` is not an area in areas.toml"),
                    "use an area id from areas.toml, or \"context\"",
                );
            }
        }
    }
    ordered.sort_by_key(|(_, _, area)| area.map_or(0, |a| a + 1));

    let mut questions: Vec<Question> = Vec::new();
    let mut question_index: HashMap<String, usize> = HashMap::new();
    for (f, q, area) in &ordered {
        let id = q.id.get_ref().clone();
        if question_index.contains_key(&id) {
            c.problem(
                f.name,
                q.id.span(),
                format!("the question id `{id}` is used twice"),
                "give each question its own id",
            );
            continue;
        }
        let kind = match q.kind.as_ref().map(|k| k.get_ref().as_str()) {
            None | Some("choice") => Kind::Choice,
            Some("release") => Kind::Release,
            Some("council") => Kind::Council,
            Some(other) => {
                c.problem(
                    f.name,
                    q.kind.as_ref().map(|k| k.span()).unwrap_or_default(),
                    format!("`{other}` is not a kind of question"),
                    "use \"choice\" (the default), \"release\" or \"council\"",
                );
                Kind::Choice
            }
        };
        c.icon(f.name, &q.icon, known);
        let mut options = Vec::new();
        let mut seen = HashSet::new();
        for o in &q.options {
            let oid = o.id.get_ref().clone();
            if !seen.insert(oid.clone()) {
                c.problem(
                    f.name,
                    o.id.span(),
                    format!("the option `{oid}` appears twice in this question"),
                    "give each option its own id",
                );
            }
            c.icon(f.name, &o.icon, known);
            let need = match &o.need {
                None => None,
                Some(n) if (0..=2).contains(n.get_ref()) => Some(*n.get_ref() as u8),
                Some(n) => {
                    c.problem(
                        f.name,
                        n.span(),
                        format!("need = {} is not a level", n.get_ref()),
                        "use 0 (going well), 1 (some help needed) or 2 (urgent), or leave it out",
                    );
                    None
                }
            };
            let mut option_steps = Vec::new();
            for s in &o.steps {
                match step_index.get(s.get_ref()) {
                    Some(&i) => option_steps.push(i),
                    None => c.problem(
                        f.name,
                        s.span(),
                        format!("there is no step `{}`", s.get_ref()),
                        "add it under [[steps]] in this area's file, or fix the id",
                    ),
                }
            }
            options.push(Choice {
                id: oid,
                text: o.text.clone(),
                easy: o.easy.clone(),
                icon: o.icon.get_ref().clone(),
                need,
                steps: option_steps,
            });
        }
        match kind {
            Kind::Council => {
                if councils.is_empty() {
                    c.problem(
                        f.name,
                        q.id.span(),
                        "a council question, but no `councils` list",
                        "add councils = [\"Aberdeen City\", ...] to context.toml",
                    );
                }
                options = councils
                    .iter()
                    .map(|name| Choice {
                        id: slug(name),
                        text: name.clone(),
                        easy: name.clone(),
                        icon: q.icon.get_ref().clone(),
                        need: None,
                        steps: Vec::new(),
                    })
                    .chain(std::iter::once(Choice {
                        id: "not-sure".into(),
                        text: "I'm not sure".into(),
                        easy: "I'm not sure".into(),
                        icon: "help".into(),
                        need: None,
                        steps: Vec::new(),
                    }))
                    .collect();
            }
            Kind::Release => {
                let ids: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                if ids != RELEASE_OPTIONS {
                    c.problem(
                        f.name,
                        q.id.span(),
                        format!("the release question's options are {ids:?}"),
                        format!("give it exactly the options {RELEASE_OPTIONS:?}, in that order"),
                    );
                }
            }
            Kind::Choice => {
                if options.len() < 2 {
                    c.problem(
                        f.name,
                        q.id.span(),
                        "a question needs at least two options",
                        "add the answers a person can choose from",
                    );
                }
            }
        }
        if q.sensitive {
            for needed in ["dont-know", "rather-not-say"] {
                if !options.iter().any(|o| o.id == needed) {
                    c.problem(f.name, q.id.span(), format!("this sensitive question has no `{needed}` option"), "sensitive questions offer both \"I don't know\" (dont-know) and \"I'd rather not say\" (rather-not-say)");
                }
            }
        }
        let ask_if = q.ask_if.as_ref().and_then(|cond| {
            let parsed = parse_condition(cond.get_ref());
            let Some((target, wanted)) = parsed else {
                c.problem(f.name, cond.span(), format!("`{}` is not a condition", cond.get_ref()), "write \"question-id = option-id\" or \"question-id in [a, b]\"");
                return None;
            };
            let Some(&qi) = question_index.get(&target) else {
                c.problem(f.name, cond.span(), format!("`{target}` is not an earlier question"), "ask_if can only refer to a question asked before this one, so the questions never loop");
                return None;
            };
            let mut opts = Vec::new();
            for w in wanted {
                match questions[qi].options.iter().position(|o| o.id == w) {
                    Some(i) => opts.push(i),
                    None => c.problem(f.name, cond.span(), format!("`{target}` has no option `{w}`"), "use one of that question's option ids"),
                }
            }
            Some(Condition { question: qi, options: opts })
        });
        question_index.insert(id.clone(), questions.len());
        questions.push(Question {
            id,
            area: *area,
            kind,
            text: q.text.clone(),
            easy: q.easy.clone(),
            hint: q.hint.clone(),
            easy_hint: q.easy_hint.clone(),
            icon: q.icon.get_ref().clone(),
            sensitive: q.sensitive,
            ask_if,
            options,
        });
    }

    for (a, area) in areas.iter().enumerate() {
        let span = raw_area_span(areas_file.text, &area.id);
        if !questions.iter().any(|q| q.area == Some(a)) {
            c.problem(
                areas_file.name,
                span.clone(),
                format!("the area `{}` has no questions", area.id),
                format!(
                    "add content/assessment/{}.toml with questions for it",
                    area.id
                ),
            );
        }
        if !steps.iter().any(|s| s.area == a) {
            c.problem(
                areas_file.name,
                span,
                format!("the area `{}` has no plan steps", area.id),
                "add [[steps]] to the area's file, so every need leads to something to do",
            );
        }
    }

    let services = services.map_or_else(Vec::new, |src| load_services(&mut c, src, &areas));
    let release_days = files
        .iter()
        .find(|f| f.name.ends_with(RELEASE_DAYS_FILE))
        .map(|f| load_release_days(&mut c, f))
        .unwrap_or_default();
    if c.problems.is_empty() {
        Ok(Questionnaire {
            areas,
            questions,
            steps,
            services,
            release_days,
        })
    } else {
        Err(c.problems)
    }
}

/// The care rule the site's lint applies to pages, for a plan step: a step that mentions a
/// risk to life says who to call. Plain substring checks: this crate also runs in the browser,
/// where a regex engine would cost more than it gives.
fn mentions_risk_without_route(texts: &[&str]) -> bool {
    const RISK: [&str; 7] = [
        "suicid",
        "self-harm",
        "self harm",
        "overdos",
        "violen",
        "abuse",
        "abusive",
    ];
    let text = texts.join(" ").to_lowercase();
    RISK.iter().any(|w| text.contains(w)) && !(text.contains("999") || text.contains("116 123"))
}

/// The release-day rules, and the public holidays: real dates, in order, every year listed.
fn load_release_days(c: &mut Checker, src: &SourceText) -> ReleaseDays {
    let Some(raw) = c.parse::<RawReleaseDays>(src) else {
        return ReleaseDays::default();
    };
    let mut public_holidays: Vec<Day> = Vec::new();
    for text in &raw.public_holidays {
        match Day::parse_iso(text.get_ref()) {
            Some(day) if public_holidays.last().is_some_and(|&last| last >= day) => c.problem(
                src.name,
                text.span(),
                format!("`{}` is out of order or listed twice", text.get_ref()),
                "list the public holidays once each, earliest first",
            ),
            Some(day) => {
                let gap = public_holidays
                    .last()
                    .map(|last| last.ymd().0)
                    .filter(|&last| day.ymd().0 > last + 1);
                if let Some(last) = gap {
                    c.problem(
                        src.name,
                        text.span(),
                        format!("the public holidays of {} are missing", last + 1),
                        "list every year's public holidays, so no year is planned without them",
                    );
                }
                public_holidays.push(day);
            }
            None => c.problem(
                src.name,
                text.span(),
                format!("`{}` is not a date", text.get_ref()),
                "write dates as YYYY-MM-DD, like 2026-12-25",
            ),
        }
    }
    let mut rules = Vec::new();
    for r in raw.rules {
        let from = r.from.as_ref().and_then(|text| {
            let day = Day::parse_iso(text.get_ref());
            if day.is_none() {
                c.problem(
                    src.name,
                    text.span(),
                    format!("`{}` is not a date", text.get_ref()),
                    "write the date the rule starts as YYYY-MM-DD",
                );
            }
            day
        });
        if r.said.trim().is_empty() || r.not_on.is_empty() {
            c.problem(
                src.name,
                r.id.span(),
                "a rule needs the days it keeps release off and what to tell the person",
                "give it `not_on = [...]` and `said = \"...\"` in plain words",
            );
        }
        rules.push(Rule {
            id: r.id.into_inner(),
            in_force: r.in_force,
            from,
            not_on: r.not_on,
            said: r.said,
        });
    }
    ReleaseDays {
        public_holidays,
        rules,
    }
}

fn load_services(c: &mut Checker, src: &SourceText, areas: &[Area]) -> Vec<Service> {
    let Some(raw) = c.parse::<RawServices>(src) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for s in raw.services {
        if !seen.insert(s.id.get_ref().clone()) {
            c.problem(
                src.name,
                s.id.span(),
                format!("the service `{}` is listed twice", s.id.get_ref()),
                "list each service once",
            );
        }
        for term in &s.eligibility {
            if !crate::plan::ELIGIBILITY.contains(&term.get_ref().as_str()) {
                c.problem(
                    src.name,
                    term.span(),
                    format!("`{}` is not an eligibility term", term.get_ref()),
                    format!(
                        "use terms from the core taxonomy: {}",
                        crate::plan::ELIGIBILITY.join(", ")
                    ),
                );
            }
        }
        for n in &s.needs {
            if n.get_ref() != "general" && !areas.iter().any(|a| &a.id == n.get_ref()) {
                c.problem(
                    src.name,
                    n.span(),
                    format!("`{}` is not a life area", n.get_ref()),
                    "use an area id from content/assessment/areas.toml",
                );
            }
        }
        out.push(Service {
            id: s.id.into_inner(),
            name: s.name,
            description: s.description,
            easy: s.easy,
            phone: s.phone,
            areas: s.areas,
            needs: s.needs.into_iter().map(Spanned::into_inner).collect(),
            always: s.always,
            eligibility: s.eligibility.into_iter().map(Spanned::into_inner).collect(),
            referral: s.referral,
            sample: s.sample,
            provider: None,
        });
    }
    out
}

fn raw_area_span(text: &str, id: &str) -> Range<usize> {
    let needle = format!("\"{id}\"");
    text.find(&needle).map_or(0..0, |i| i..i + needle.len())
}

fn parse_condition(text: &str) -> Option<(String, Vec<String>)> {
    if let Some((q, list)) = text.split_once(" in ") {
        let list = list.trim().strip_prefix('[')?.strip_suffix(']')?;
        let options: Vec<String> = list
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect();
        return (!options.is_empty()).then(|| (q.trim().to_string(), options));
    }
    let (q, o) = text.split_once('=')?;
    Some((q.trim().to_string(), vec![o.trim().to_string()]))
}

fn slug(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}
