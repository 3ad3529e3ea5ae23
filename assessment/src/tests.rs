use std::path::Path;

use crate::code::{self, CodeError};
use crate::day::Day;
use crate::model::{Answers, Questionnaire};
use crate::plan::{self, By, Standing};
use crate::source::{self, Known, Problem, SourceText};
use crate::words::{plural_forms, Key, Words, COUNTED, KEYS, PREFIX};

const AREAS: &str = r#"
[[areas]]
id = "housing"
name = "Housing"
easy = "A place to live"
icon = "home"
urgent_near_release = true

[[areas]]
id = "family"
name = "Family"
easy = "Family"
icon = "users"
"#;

const CONTEXT: &str = r#"
councils = ["Fife", "Glasgow City"]

[[questions]]
id = "release"
area = "context"
kind = "release"
text = "When do you leave?"
easy = "When do you leave?"
icon = "calendar"
options = [
  { id = "date", text = "Date", easy = "Date", icon = "calendar" },
  { id = "weeks", text = "Weeks", easy = "Weeks", icon = "clock" },
  { id = "remand", text = "Remand", easy = "Remand", icon = "scale" },
  { id = "dont-know", text = "Don't know", easy = "Don't know", icon = "help" },
]

[[questions]]
id = "council"
area = "context"
kind = "council"
text = "Where will you live?"
easy = "Where will you live?"
icon = "map-pin"

[[questions]]
id = "licence"
area = "context"
text = "Will you be on licence?"
easy = "Will you be on licence?"
icon = "license"
options = [
  { id = "yes", text = "Yes", easy = "Yes", icon = "check" },
  { id = "no", text = "No", easy = "No", icon = "x" },
]
"#;

const HOUSING: &str = r#"
[[questions]]
id = "housing-now"
area = "housing"
text = "Do you have somewhere to live?"
easy = "Do you have a place to live?"
icon = "home"
sensitive = true
options = [
  { id = "yes", text = "Yes", easy = "Yes", icon = "check", need = 0 },
  { id = "no", text = "No", easy = "No", icon = "x", need = 2, steps = ["ask-council", "plan-day"] },
  { id = "dont-know", text = "I don't know", easy = "I don't know", icon = "help" },
  { id = "rather-not-say", text = "I'd rather not say", easy = "I'd rather not say", icon = "lock" },
]

[[questions]]
id = "housing-kept"
area = "housing"
ask_if = "housing-now = no"
text = "Did you have a tenancy?"
easy = "Did you have a home before?"
icon = "key"
options = [
  { id = "yes", text = "Yes", easy = "Yes", icon = "check", need = 1, steps = ["keep-tenancy"] },
  { id = "no", text = "No", easy = "No", icon = "x" },
]

[[steps]]
id = "ask-council"
what = "Ask the council"
easy = "Ask the council."
who = "You"
how = "Through the Links Centre"
when = -28

[[steps]]
id = "plan-day"
what = "Plan the day"
easy = "Plan the day."
who = "You and your worker"
how = "Together"
when = 0

[[steps]]
id = "keep-tenancy"
what = "Tell the landlord"
easy = "Tell your landlord."
who = "You"
how = "By letter"
"#;

const FAMILY: &str = r#"
[[questions]]
id = "family-contact"
area = "family"
text = "Are you in touch with family?"
easy = "Do you talk to your family?"
icon = "users"
options = [
  { id = "yes", text = "Yes", easy = "Yes", icon = "check", need = 0 },
  { id = "no", text = "No", easy = "No", icon = "x", need = 1, steps = ["call-fo"] },
  { id = "no-family", text = "I have no family", easy = "I have no family", icon = "x" },
]

[[steps]]
id = "call-fo"
what = "Call Families Outside"
easy = "Call Families Outside."
who = "Your family"
how = "Free helpline"
when = 7
"#;

const SERVICES: &str = r#"
[[services]]
id = "upside"
name = "Upside"
description = "d"
easy = "e"
areas = ["all"]
needs = ["housing", "family"]
always = true

[[services]]
id = "fife-housing"
name = "Fife housing advice (sample)"
description = "d"
easy = "e"
areas = ["Fife"]
needs = ["housing"]

[[services]]
id = "licence-help"
name = "Licence help (sample)"
description = "d"
easy = "e"
areas = ["all"]
needs = ["housing"]
eligibility = ["on-licence"]

[[services]]
id = "family-help"
name = "Family help"
description = "d"
easy = "e"
areas = ["all"]
needs = ["family"]
"#;

fn load(files: &[(&str, &str)]) -> Result<Questionnaire, Vec<Problem>> {
    let sources: Vec<SourceText> = files
        .iter()
        .map(|(name, text)| SourceText { name, text })
        .collect();
    let services = SourceText {
        name: "services.toml",
        text: SERVICES,
    };
    let icon_exists = |_: &str| true;
    source::load(
        &sources,
        Some(&services),
        &Known {
            life_areas: &["housing", "family"],
            icon_exists: &icon_exists,
        },
    )
}

fn questionnaire() -> Questionnaire {
    load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", HOUSING),
        ("family.toml", FAMILY),
    ])
    .unwrap()
}

fn answer(q: &Questionnaire, answers: &mut Answers, question: &str, option: &str) {
    let i = q.question(question).unwrap();
    answers.choices[i] = Some(
        q.questions[i]
            .options
            .iter()
            .position(|o| o.id == option)
            .unwrap(),
    );
}

const TODAY: Day = Day(20_415); // 2025-11-23

#[test]
fn questions_come_context_first_then_by_area_with_councils_as_options() {
    let q = questionnaire();
    let ids: Vec<&str> = q.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "release",
            "council",
            "licence",
            "housing-now",
            "housing-kept",
            "family-contact"
        ]
    );
    let council: Vec<&str> = q.questions[1]
        .options
        .iter()
        .map(|o| o.text.as_str())
        .collect();
    assert_eq!(council, ["Fife", "Glasgow City", "I'm not sure"]);
    let w = english();
    assert_eq!(q.part_label(3, false, &w), "Part 1 of 2: Housing");
    assert_eq!(q.part_label(5, true, &w), "Part 2 of 2: Family");
    assert_eq!(q.part_label(0, true, &w), "About you");
    assert_eq!(q.part_label(3, false, &words("pl")), "Część 1 z 2: Housing");
}

#[test]
fn branching_asks_follow_ups_only_when_they_apply() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    assert_eq!(q.path(&a), [0, 1, 2, 3, 5]);
    answer(&q, &mut a, "housing-now", "no");
    assert_eq!(q.path(&a), [0, 1, 2, 3, 4, 5]);
    assert_eq!(q.next(Some(3), &a), Some(4));
    answer(&q, &mut a, "housing-now", "yes");
    assert_eq!(q.next(Some(3), &a), Some(5));
    assert_eq!(
        q.next(Some(5), &a),
        None,
        "after the last question comes the review page"
    );
}

#[test]
fn validation_names_each_problem() {
    let broken_housing = HOUSING
        .replace(
            "ask_if = \"housing-now = no\"",
            "ask_if = \"family-contact = no\"",
        )
        .replace("\"keep-tenancy\"]", "\"no-such-step\"]")
        .replace("need = 2", "need = 5");
    let problems = load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", &broken_housing),
        ("family.toml", FAMILY),
    ])
    .unwrap_err();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`family-contact` is not an earlier question")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("there is no step `no-such-step`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("need = 5 is not a level")),
        "{messages:?}"
    );
    for p in &problems {
        let text = broken_housing.as_str();
        assert!(
            p.file == "housing.toml" && text.get(p.span.clone()).is_some_and(|s| !s.is_empty()),
            "{p:?}"
        );
    }
}

#[test]
fn sensitive_questions_need_both_ways_not_to_answer() {
    let without = HOUSING.replace("  { id = \"rather-not-say\", text = \"I'd rather not say\", easy = \"I'd rather not say\", icon = \"lock\" },\n", "");
    let problems = load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", &without),
        ("family.toml", FAMILY),
    ])
    .unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("no `rather-not-say` option"));
}

#[test]
fn an_area_without_questions_or_steps_is_an_error() {
    let problems = load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", HOUSING),
    ])
    .unwrap_err();
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the area `family` has no questions",
            "the area `family` has no plan steps"
        ]
    );
    assert_eq!(&AREAS[problems[0].span.clone()], "\"family\"");
}

#[test]
fn the_plan_knows_when_no_local_service_is_listed_for_the_area() {
    let q = questionnaire();
    let council = |name: &str| {
        let i = q.question("council").unwrap();
        q.questions[i]
            .options
            .iter()
            .find(|o| o.text == name)
            .unwrap()
            .id
            .clone()
    };
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "no");
    answer(&q, &mut a, "council", &council("Fife"));
    let fife = plan::build(&q, &a, TODAY);
    assert_eq!(fife.council.as_deref(), Some("Fife"));
    assert!(fife.local_listed, "Fife's housing advice is local");
    answer(&q, &mut a, "council", &council("Glasgow City"));
    let glasgow = plan::build(&q, &a, TODAY);
    assert_eq!(glasgow.council.as_deref(), Some("Glasgow City"));
    assert!(
        !glasgow.local_listed,
        "only national services serve Glasgow here"
    );
    assert!(
        !glasgow.services.is_empty(),
        "the national ones are still listed"
    );
}

#[test]
fn needs_come_in_priority_order_with_strengths_named() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "yes");
    answer(&q, &mut a, "family-contact", "no");
    let plan = plan::build(&q, &a, TODAY);
    assert_eq!(
        plan.priorities.iter().map(|p| p.area).collect::<Vec<_>>(),
        [1]
    );
    assert_eq!(plan.strengths, [0]);
    assert_eq!(plan.standings, [Standing::GoingWell, Standing::SomeHelp]);
}

#[test]
fn answers_without_a_need_stand_as_said_and_are_kept_off_the_chart() {
    let q = questionnaire();
    let standings = |housing: &str, family: &str| {
        let mut a = Answers::new(&q);
        answer(&q, &mut a, "housing-now", housing);
        answer(&q, &mut a, "family-contact", family);
        plan::build(&q, &a, TODAY).standings
    };
    assert_eq!(
        standings("rather-not-say", "no-family"),
        [Standing::Declined, Standing::DoesNotApply]
    );
    assert_eq!(
        standings("dont-know", "yes"),
        [Standing::NotSure, Standing::GoingWell]
    );
    assert_eq!(
        plan::build(&q, &Answers::new(&q), TODAY).standings,
        [Standing::NotAnswered; 2]
    );
    // Only the areas with a need (or none) have a place on the chart, and "help needed now"
    // is nearest the centre.
    for s in [
        Standing::NotAnswered,
        Standing::DoesNotApply,
        Standing::NotSure,
        Standing::Declined,
    ] {
        assert_eq!(s.score(), None, "{s:?}");
    }
    assert!(Standing::Urgent.score() < Standing::SomeHelp.score());
    assert!(Standing::SomeHelp.score() < Standing::GoingWell.score());
    assert_eq!(
        english().get(Standing::Declined.key()),
        "You chose not to say"
    );
}

#[test]
fn urgent_areas_rise_to_the_top_when_release_is_within_14_days() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "no");
    answer(&q, &mut a, "housing-kept", "yes");
    answer(&q, &mut a, "family-contact", "no");
    // Family is asked about; housing is urgent (need 2) either way, so make the contest fair:
    // with release far away, order is by level then area; close, urgent areas lead.
    answer(&q, &mut a, "release", "date");
    a.release_date = Some(TODAY.plus(10));
    let soon = plan::build(&q, &a, TODAY);
    assert!(soon.release_soon);
    assert!(soon.priorities[0].urgent_now);
    assert_eq!(soon.priorities[0].area, 0);
    a.release_date = Some(TODAY.plus(60));
    let later = plan::build(&q, &a, TODAY);
    assert!(!later.release_soon && !later.priorities[0].urgent_now);
    // An old answer code's date, now gone by, is not "you leave soon".
    a.release_date = Some(TODAY.plus(-30));
    let past = plan::build(&q, &a, TODAY);
    assert!(!past.release_soon && !past.priorities[0].urgent_now);
}

#[test]
fn smart_steps_get_dates_from_the_release_date_or_words_without_one() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "no");
    answer(&q, &mut a, "housing-kept", "yes");
    let undated = plan::build(&q, &a, TODAY);
    let said = |lang: &str| -> Vec<String> {
        let w = words(lang);
        undated.priorities[0]
            .steps
            .iter()
            .map(|s| s.by.text(&w))
            .collect()
    };
    assert_eq!(
        said("en"),
        [
            "4 weeks before you leave",
            "On the day you leave",
            "As soon as you can"
        ]
    );
    assert_eq!(
        said("pl"),
        [
            "4 tygodnie przed wyjściem",
            "W dniu wyjścia",
            "Jak najszybciej"
        ]
    );
    let w = english();
    for (days, text) in [
        (-7, "1 week before you leave"),
        (-3, "3 days before you leave"),
        (-1, "1 day before you leave"),
        (14, "Within 2 weeks of leaving"),
        (1, "Within 1 day of leaving"),
    ] {
        assert_eq!(By::FromRelease(days).text(&w), text);
    }

    answer(&q, &mut a, "release", "weeks");
    a.release_weeks = Some(6);
    let dated = plan::build(&q, &a, TODAY);
    assert_eq!(dated.release, Some(TODAY.plus(42)));
    assert_eq!(dated.priorities[0].steps[0].by, By::Date(TODAY.plus(14)));
    a.release_weeks = Some(1);
    let late = plan::build(&q, &a, TODAY);
    assert_eq!(
        late.priorities[0].steps[0].by,
        By::AsSoonAsYouCan,
        "a date already past becomes 'as soon as you can'"
    );
}

#[test]
fn services_match_by_council_and_need_and_the_national_ones_are_always_there() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "no");
    let ids = |a: &Answers| {
        plan::build(&q, a, TODAY)
            .services
            .iter()
            .map(|&s| q.services[s].id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&a),
        ["upside", "licence-help"],
        "no council given: local services are not guessed; unknown eligibility hides nothing"
    );
    answer(&q, &mut a, "council", "fife");
    assert_eq!(ids(&a), ["upside", "fife-housing", "licence-help"]);
    answer(&q, &mut a, "licence", "no");
    assert_eq!(
        ids(&a),
        ["upside", "fife-housing"],
        "a service for people on licence is not offered to someone who is not"
    );
    answer(&q, &mut a, "council", "glasgow-city");
    answer(&q, &mut a, "family-contact", "no");
    assert_eq!(ids(&a), ["upside", "family-help"]);
}

#[test]
fn answer_codes_round_trip_and_are_grouped_for_reading_aloud() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    assert_eq!(code::decode(&q, &code::encode(&q, &a)), Ok(a.clone()));
    answer(&q, &mut a, "release", "date");
    a.release_date = Some(Day::from_ymd(2027, 3, 5).unwrap());
    answer(&q, &mut a, "council", "glasgow-city");
    answer(&q, &mut a, "housing-now", "no");
    answer(&q, &mut a, "housing-kept", "yes");
    let code = code::encode(&q, &a);
    assert!(code.starts_with('1'));
    assert!(code.split('-').all(|g| g.len() <= 4), "{code}");
    assert_eq!(code::decode(&q, &code), Ok(a.clone()));
    // Lower case, spaces, and the letters read as digits are accepted.
    let typed = code
        .to_lowercase()
        .replace('-', " ")
        .replace('1', "l")
        .replace('0', "o");
    assert_eq!(code::decode(&q, &typed), Ok(a));
}

#[test]
fn a_mistyped_code_is_an_error_never_a_wrong_plan() {
    let q = questionnaire();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "no");
    answer(&q, &mut a, "family-contact", "yes");
    let code: Vec<char> = code::encode(&q, &a).chars().collect();
    let symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut wrong_plans = 0;
    // Every single-symbol substitution anywhere in the code.
    for i in 0..code.len() {
        if code[i] == '-' {
            continue;
        }
        for s in symbols.chars().filter(|s| *s != code[i]) {
            let mut typo = code.clone();
            typo[i] = s;
            let typo: String = typo.into_iter().collect();
            if let Ok(b) = code::decode(&q, &typo) {
                if b != a {
                    wrong_plans += 1;
                }
            }
        }
    }
    assert_eq!(wrong_plans, 0);
    assert_eq!(code::decode(&q, ""), Err(CodeError::Empty));
    assert_eq!(code::decode(&q, "1A-B!"), Err(CodeError::BadSymbol('!')));
    let other = load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        (
            "housing.toml",
            &HOUSING.replace("housing-kept", "housing-before"),
        ),
        ("family.toml", FAMILY),
    ])
    .unwrap();
    assert_eq!(
        code::decode(&other, &code.iter().collect::<String>()),
        Err(CodeError::OtherQuestionnaire)
    );
}

/// The questionnaire this repository ships.
fn bundled() -> Questionnaire {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/assessment");
    let mut texts: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            // The English files: `name.xx.toml` are translations' words, merged by the site.
            let english = p.file_stem()?.to_str()?.split('.').count() == 1;
            (p.extension()? == "toml" && english).then(|| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read_to_string(&p).unwrap(),
                )
            })
        })
        .collect();
    texts.sort();
    let services = std::fs::read_to_string(dir.join("../services.toml")).unwrap();
    let sources: Vec<SourceText> = texts
        .iter()
        .map(|(n, t)| SourceText { name: n, text: t })
        .collect();
    let icons = Path::new(env!("CARGO_MANIFEST_DIR")).join("../static/icons");
    let icon_exists = |name: &str| icons.join(format!("{name}.svg")).is_file();
    source::load(
        &sources,
        Some(&SourceText {
            name: "services.toml",
            text: &services,
        }),
        &Known {
            life_areas: &[],
            icon_exists: &icon_exists,
        },
    )
    .unwrap_or_else(|p| panic!("{p:#?}"))
}

/// The bundled questionnaire loads, and every path through it reaches the review page with a
/// plan (branching only ever skips questions).
#[test]
fn every_path_of_the_bundled_questionnaire_reaches_the_review() {
    let q = bundled();
    assert!(q.areas.len() >= 13);

    // Walk every combination of answers, area by area (areas do not depend on each other).
    let mut walked = 0u64;
    for a in 0..q.areas.len() {
        let ids: Vec<usize> = (0..q.questions.len())
            .filter(|&i| q.questions[i].area == Some(a))
            .collect();
        // (answers so far, position in this area's questions)
        let mut stack = vec![(Answers::new(&q), 0usize)];
        while let Some((answers, at)) = stack.pop() {
            let Some(&i) = ids.get(at) else {
                walked += 1;
                let plan = plan::build(&q, &answers, TODAY);
                assert!(plan
                    .priorities
                    .iter()
                    .all(|p| p.steps.len() <= plan::MAX_STEPS));
                let code = code::encode(&q, &answers);
                assert_eq!(code::decode(&q, &code).as_ref(), Ok(&answers));
                continue;
            };
            if !q.is_asked(i, &answers) {
                stack.push((answers, at + 1));
                continue;
            }
            // Each option, and skipping the question.
            for choice in (0..q.questions[i].options.len()).map(Some).chain([None]) {
                let mut next = answers.clone();
                next.choices[i] = choice;
                stack.push((next, at + 1));
            }
        }
    }
    assert!(walked > 50, "walked only {walked} paths");
}

/// The people of issue 12, on the bundled questionnaire: the plan fits what they said.
#[test]
fn going_home_to_family_is_not_an_emergency_and_licence_rules_are_not_asked_after_no() {
    let q = bundled();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "housing-now", "family-friends");
    let asked = |a: &Answers, id: &str| q.is_asked(q.question(id).unwrap(), a);
    assert!(
        !asked(&a, "housing-asked-council"),
        "not asked of someone going to family"
    );
    assert!(asked(&a, "housing-stay-long"));
    answer(&q, &mut a, "housing-stay-long", "short");
    let plan = plan::build(&q, &a, TODAY);
    let housing = plan
        .priorities
        .iter()
        .find(|p| q.areas[p.area].id == "housing")
        .unwrap();
    assert_eq!(housing.level, 1, "some help needed, not help needed now");
    // Nowhere to live is still asked about the council.
    answer(&q, &mut a, "housing-now", "no");
    assert!(asked(&a, "housing-asked-council"));

    answer(&q, &mut a, "licence", "no");
    assert!(!asked(&a, "licence-conditions"), "not asked again after No");
    answer(&q, &mut a, "licence", "dont-know");
    assert!(asked(&a, "licence-conditions"));
}

#[test]
fn on_remand_the_steps_say_now_and_before_court_not_weeks_before_leaving() {
    let q = bundled();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "release", "remand");
    answer(&q, &mut a, "housing-now", "no");
    answer(&q, &mut a, "health-medicine", "yes-not-sorted");
    let plan = plan::build(&q, &a, TODAY);
    let words: Vec<String> = plan
        .priorities
        .iter()
        .flat_map(|p| p.steps.iter().map(|s| s.by.text(&english())))
        .collect();
    assert!(
        words.iter().any(|w| w == "Now, while you wait for court"),
        "{words:?}"
    );
    assert!(
        words.iter().all(|w| !w.contains("before you leave")),
        "{words:?}"
    );
}

#[test]
fn a_saturday_release_is_planned_from_the_friday_with_release_day_steps_on_or_before_it() {
    let q = bundled();
    let today = Day::from_ymd(2026, 11, 30).unwrap();
    let saturday = Day::from_ymd(2026, 12, 5).unwrap();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "release", "date");
    a.release_date = Some(saturday);
    answer(&q, &mut a, "health-medicine", "yes-not-sorted");
    answer(&q, &mut a, "drugs-alcohol-use", "yes");
    answer(&q, &mut a, "drugs-alcohol-treatment", "yes-not-sorted");
    answer(&q, &mut a, "money-first-weeks", "no");
    let plan = plan::build(&q, &a, today);
    let friday = Day::from_ymd(2026, 12, 4).unwrap();
    assert_eq!(plan.release, Some(friday));
    assert_eq!(plan.release_given, Some(saturday));
    assert!(
        plan.release_notes[0].contains("not let out on a Saturday"),
        "{:?}",
        plan.release_notes
    );
    // Friday: the law that is changing is mentioned, not stated as in force.
    assert!(plan
        .release_notes
        .iter()
        .any(|n| n.contains("may not have started")));
    // Every step that must be done by release is dated on or before the Friday.
    for p in &plan.priorities {
        for s in &p.steps {
            let step = &q.steps[s.step];
            if let plan::By::Date(d) = s.by {
                if step.when.is_some_and(|w| w <= 0) {
                    assert!(d <= friday, "{} on {}", step.id, d.iso());
                }
            }
        }
    }
    // The prescription comes first: drugs and alcohol rise with the urgent areas when release
    // is days away, and its first step is the treatment carrying on from the day.
    let health: Vec<&str> = plan
        .priorities
        .iter()
        .filter(|p| matches!(q.areas[p.area].id.as_str(), "drugs-alcohol" | "health"))
        .map(|p| q.steps[p.steps[0].step].id.as_str())
        .collect();
    assert!(
        health.contains(&"drugs-alcohol-treatment-plan")
            && health.contains(&"health-medicine-plan"),
        "{health:?}"
    );
}

#[test]
fn a_step_needed_by_release_day_cannot_be_dated_after_it() {
    let late = HOUSING.replace("when = 0\n", "when = 3\nby_release = true\n");
    let problems = load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", &late),
        ("family.toml", FAMILY),
    ])
    .unwrap_err();
    assert!(
        problems[0].message.contains("needed by the release day"),
        "{problems:?}"
    );
}

#[test]
fn a_step_that_mentions_an_overdose_gives_a_crisis_route() {
    let risky = HOUSING.replace("how = \"Together\"", "how = \"Watch for an overdose\"");
    let problems = load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", &risky),
        ("family.toml", FAMILY),
    ])
    .unwrap_err();
    assert!(
        problems[0].message.contains("no crisis route"),
        "{problems:?}"
    );
    let safe = HOUSING.replace(
        "how = \"Together\"",
        "how = \"Watch for an overdose. Call 999 if it happens\"",
    );
    assert!(load(&[
        ("areas.toml", AREAS),
        ("context.toml", CONTEXT),
        ("housing.toml", &safe),
        ("family.toml", FAMILY),
    ])
    .is_ok());
}

/// The app reads its data by hand (`embedded`), not with serde: it must read back exactly
/// what the generator writes with serde_json, escapes and all.
#[test]
fn the_app_reads_back_exactly_what_the_generator_embeds() {
    use crate::embedded::Embedded;
    let q = bundled();
    let polish = words("pl");
    let icons = serde_json::json!({ "house": "<svg>\"quoted\" \\ é ⚠ 😀\n</svg>" });
    let text = serde_json::json!({
        "questionnaire": q,
        "idle_reset_seconds": 120,
        "icons": icons,
        "lang": "pl",
        "words": polish.list(),
        "icon_start": "<svg>",
        "return_to": "en",
    })
    .to_string()
    .replace('<', "\\u003c");
    let read = Embedded::read(&text).expect("the embedded data reads back");
    assert_eq!(read.questionnaire, q);
    assert_eq!(read.idle_reset_seconds, Some(120));
    assert_eq!(read.icons[0].0, "house");
    assert_eq!(read.icons[0].1, "<svg>\"quoted\" \\ é ⚠ 😀\n</svg>");
    assert_eq!(read.icon_start, "<svg>");
    assert_eq!(read.words, polish);
    assert_eq!(
        read.words.get(Key::CheckAnswers),
        "Sprawdź swoje odpowiedzi"
    );
    assert_eq!(read.return_to.as_deref(), Some("en"));

    let pretty = serde_json::to_string_pretty(&serde_json::json!({
        "questionnaire": q,
        "idle_reset_seconds": null,
        "icons": {},
        "lang": "en",
        "words": english().list(),
    }))
    .unwrap();
    let read = Embedded::read(&pretty).expect("whitespace is allowed");
    assert_eq!(read.questionnaire, q);
    assert_eq!(read.idle_reset_seconds, None);
    assert_eq!(read.words, english());
    assert_eq!(
        read.return_to, None,
        "only kiosk builds say where to return"
    );
}

#[test]
fn broken_embedded_data_is_refused_without_a_panic() {
    use crate::embedded::Embedded;
    let q = bundled();
    let data = |words: &[String]| {
        serde_json::json!({ "questionnaire": q, "icons": {}, "lang": "en", "words": words })
            .to_string()
    };
    let text = data(english().list());
    assert!(Embedded::read(&text).is_some());
    // Cut anywhere, it is refused (every 97th place: the text is long).
    for end in (0..text.len())
        .step_by(97)
        .filter(|&e| text.is_char_boundary(e))
    {
        assert!(Embedded::read(&text[..end]).is_none(), "cut at {end}");
    }
    for bad in [
        "",
        "{",
        "{\"questionnaire\": 1.5, \"icons\": {}}",
        "{\"questionnaire\": {}, \"icons\": {}}",
        "{\"icons\": {}} trailing",
        "\"\\ud800\"",
        "99999999999999999999999",
    ] {
        assert!(Embedded::read(bad).is_none(), "{bad}");
    }
    // Words for another version of the app (one too few) are not words for this one.
    assert!(Embedded::read(&data(&english().list()[1..])).is_none());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(
        Embedded::read(&deep).is_none(),
        "deep nesting is refused, not a stack overflow"
    );
    // A step index past the end is read (the plan's own checks guard it), but a negative one
    // is not an index.
    let negative = text.replacen("\"steps\":[", "\"steps\":[-1,", 1);
    assert!(Embedded::read(&negative).is_none());
}

/// This repository's config.toml.
fn config() -> toml::Table {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../config.toml");
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// config.toml's strings in `lang`: `[translations]` for English, else
/// `[languages.xx.translations]`.
fn translations(config: &toml::Table, lang: &str) -> toml::Table {
    let table = if lang == "en" {
        config.get("translations")
    } else {
        config
            .get("languages")
            .and_then(|l| l.get(lang))
            .and_then(|l| l.get("translations"))
    };
    table
        .and_then(toml::Value::as_table)
        .cloned()
        .unwrap_or_default()
}

/// The app's words in `lang`, from config.toml, as the generator gives them.
pub(crate) fn words(lang: &str) -> Words {
    let table = translations(&config(), lang);
    Words::from_lookup(lang, |key| {
        Some(table.get(&format!("{PREFIX}{key}"))?.as_str()?.to_string())
    })
    .unwrap_or_else(|missing| panic!("config.toml has no string {missing:?} in `{lang}`"))
}

pub(crate) fn english() -> Words {
    words("en")
}

/// The `{name}` places of a string.
fn places(text: &str) -> std::collections::BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Every string the app asks for (`KEYS`) is in config.toml, in every language, with the same
/// places for values as the English and as many forms as the language counts with; and every
/// `app_` string is used, by the app or by its page.
#[test]
fn every_string_the_app_says_is_in_config_toml_in_every_language() {
    let config = config();
    let languages = config
        .get("languages")
        .and_then(toml::Value::as_table)
        .map(|t| t.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    assert!(languages.contains(&"pl".to_string()));
    let en = english();
    for lang in std::iter::once("en").chain(languages.iter().map(String::as_str)) {
        let w = words(lang);
        for (k, key) in KEYS.iter().enumerate() {
            let (english, text) = (&en.list()[k], &w.list()[k]);
            assert!(!text.trim().is_empty(), "app_{key} is empty in `{lang}`");
            assert_eq!(
                places(text),
                places(english),
                "app_{key} in `{lang}` has other places for values than the English"
            );
        }
        for &key in COUNTED {
            let forms = w.get(key).split('|').count();
            assert_eq!(
                forms,
                plural_forms(lang),
                "app_{} in `{lang}`: {forms} forms; the language counts with {}",
                KEYS[key as usize],
                plural_forms(lang)
            );
        }
        for (key, n) in [(Key::Months, 12), (Key::Weekdays, 7)] {
            assert_eq!(
                w.get(key).split(',').count(),
                n,
                "app_{}",
                KEYS[key as usize]
            );
        }
    }
    // A string the app no longer asks for would be left for translators to keep up.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let page = std::fs::read_to_string(root.join("templates/assessment.html")).unwrap()
        + &std::fs::read_to_string(root.join("site/src/content/questionnaire.rs")).unwrap();
    for key in translations(&config, "en").keys() {
        if let Some(name) = key.strip_prefix(PREFIX) {
            assert!(
                KEYS.contains(&name) || page.contains(&format!("\"{key}\"")),
                "{key} is in config.toml, but neither the app nor its page uses it"
            );
        }
    }
}

/// An answer code holds ids only: made in one language, it opens in another with the same
/// answers, and so the same plan.
#[test]
fn an_answer_code_opens_with_the_same_answers_in_every_language() {
    let q = bundled();
    let mut a = Answers::new(&q);
    answer(&q, &mut a, "release", "weeks");
    a.release_weeks = Some(3);
    answer(&q, &mut a, "housing-now", "no");
    let code = code::encode(&q, &a);
    // The Polish questionnaire differs from the English in its words only.
    let mut polish = q.clone();
    for question in &mut polish.questions {
        question.text = format!("pl: {}", question.text);
        for option in &mut question.options {
            option.text = format!("pl: {}", option.text);
        }
    }
    assert_eq!(code::decode(&polish, &code), Ok(a.clone()));
    assert_eq!(code::encode(&polish, &a), code);
    let (en, pl) = (plan::build(&q, &a, TODAY), plan::build(&polish, &a, TODAY));
    assert_eq!(en, pl);
    let when = |w: &Words| en.priorities[0].steps[0].by.text(w);
    assert_ne!(when(&english()), when(&words("pl")));
}
