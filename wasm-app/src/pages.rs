//! The app's screens as GOV.UK question pages: the start page, a question, check your answers,
//! the plan, and entering an answer code. Each screen, the bar and the idle warning are drawn as
//! HTML strings, and one set of handlers on their container answers every button and form in
//! them (found by `data-action`). Leptos keeps the state and redraws a part when what it shows
//! changes. A view and a handler per element cost the wasm about 70 KB more (README,
//! Performance).

use assessment::model::{Kind, Questionnaire};
use assessment::plan::{self, Plan, Standing};
use assessment::{code, Answers, Day};
use leptos::prelude::*;

use crate::browser;
use crate::{Draft, Screen, Session};

const SITE: &str = "Throughcare Scotland";

/// After a move to another screen: its title, a short announcement, focus on its heading.
/// Not on first load (`moved` false): then focus stays where the browser puts it, at the top.
pub fn arrived(session: Session, moved: bool) {
    let (screen, easy) = session.get(|s| (s.screen, s.easy));
    let q = session.q;
    let (title, said) = match screen {
        Screen::Start => (
            "Check what you need before you leave".to_string(),
            "Start page".to_string(),
        ),
        Screen::Question(i) => {
            let part = q.part_label(i, easy);
            (format!("{part} – {}", q.text(i, easy)), part)
        }
        Screen::Check => ("Check your answers".into(), "Check your answers".into()),
        Screen::Plan => ("Your plan".into(), "Your plan".into()),
        Screen::EnterCode => ("Enter an answer code".into(), "Enter an answer code".into()),
    };
    browser::set_title(&format!("{title} | {SITE}"));
    browser::set_text("app-said", &said);
    browser::stop_speaking();
    if moved {
        browser::focus("#app h1");
    }
}

pub fn app(session: Session) -> impl IntoView {
    let click = move |ev: leptos::ev::MouseEvent| {
        if let Some(action) = browser::closest_data(&ev, "[data-action]", "data-action") {
            act(session, &action, &ev);
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match session.get(|s| s.screen) {
            Screen::Question(i) => submit_question(session, i),
            Screen::EnterCode => submit_code(session),
            _ => {}
        }
    };
    // A code is 39 characters: the field wraps it on a phone, so that all of it shows. It
    // is one line to the person: Enter shows the plan, as in any one-line field.
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && browser::target_id(&ev).as_deref() == Some("answer-code") {
            ev.prevent_default();
            submit_code(session);
        }
    };
    // Choosing an answer shows the field that belongs to it (a date, a number of weeks).
    let change = move |_: leptos::ev::Event| browser::show_conditionals(browser::checked_option());

    // One container answers every button and form: the bar, the screen and the dialog are
    // HTML strings, drawn again only when what they show changes.
    view! {
        <div on:click=click on:submit=submit on:keydown=keydown on:change=change>
            <div class="assessment__bar" inner_html=BAR></div>
            <p class="visually-hidden" aria-live="polite" id="app-said"></p>
            <div inner_html=move || screen_html(session)></div>
            <p class="hint">"To hide this page quickly, press Shift three times."</p>
            <div inner_html=move || {
                session.track_warning();
                session.get(|s| s.idle_warning.then(|| idle_dialog(s.idle_left)))
            }></div>
        </div>
    }
}

/// The bar above every screen. Easy read starts on; its button changes in place (`easy`).
const BAR: &str = r#"<button type="button" class="button button--secondary" id="easy-read" aria-pressed="true" data-action="easy">Easy read: on</button><button type="button" class="button button--warning" id="hide" data-action="hide">Hide / start again</button>"#;

/// The idle warning, with the seconds left (browser::idle_reset counts them down in it).
fn idle_dialog(left: u32) -> String {
    format!(
        r#"<div class="dialog"><div class="dialog__box" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text"><h2 id="idle-title">Are you still there?</h2><p id="idle-text">To keep your answers private, this will start again soon. Press any key, or move or tap, to carry on.</p><p class="dialog__count" id="idle-count" aria-hidden="true">{left} seconds left</p><p class="visually-hidden" aria-live="polite" id="idle-said"></p><button type="button" class="button" id="still-here" data-action="still-here">I'm still here</button><button type="button" class="button button--secondary" data-action="hide">Start again now</button></div></div>"#
    )
}

/// What a button with `data-action` does.
fn act(session: Session, action: &str, ev: &web_sys::Event) {
    match action {
        "easy" => {
            session.keep_draft();
            let easy = session.set(|s| {
                s.easy = !s.easy;
                s.easy
            });
            session.redraw();
            browser::show_easy(easy);
        }
        "hide" => session.wipe(),
        "still-here" => session.still_here(),
        "back" => browser::back(),
        "start" => {
            let first = session.get(|s| session.q.next(None, &s.answers));
            session.go(first.map_or(Screen::Check, Screen::Question));
        }
        "enter-code" => session.go(Screen::EnterCode),
        "clear" => {
            browser::uncheck_answer();
            browser::show_conditionals(None);
        }
        "listen" => {
            if let (Screen::Question(i), easy) = session.get(|s| (s.screen, s.easy)) {
                let q = session.q;
                let mut words = vec![q.text(i, easy)];
                words.extend(q.questions[i].options.iter().map(|o| {
                    if easy {
                        o.easy.as_str()
                    } else {
                        &o.text
                    }
                }));
                browser::speak(&words.join(". "));
            }
        }
        "change" => {
            let question = browser::closest_data(ev, "[data-question]", "data-question")
                .and_then(|i| i.parse::<usize>().ok());
            if let Some(i) = question {
                session.set(|s| s.from_check = true);
                session.go(Screen::Question(i));
            }
        }
        "unlock" => {
            session.set(|s| s.from_code = false);
            session.redraw();
            browser::focus("#app [data-question]");
        }
        "plan" => session.go(Screen::Plan),
        "print" => browser::print(),
        _ => {}
    }
}

/// The screen the person is on, as HTML.
fn screen_html(session: Session) -> String {
    session.track_screen();
    if let Screen::Question(i) = session.get(|s| s.screen) {
        fresh_draft(session, i);
    }
    let q = session.q;
    session.get(|s| match s.screen {
        Screen::Start => start_html(q),
        Screen::Question(i) => question_html(session, s, i),
        Screen::Check => check_html(q, &s.answers, s.easy, s.from_code),
        Screen::Plan => {
            let plan = plan::build(q, &s.answers, browser::today());
            format!(
                r#"<div class="plan">{}</div><p class="no-print"><button type="button" class="button" data-action="print">Print this plan</button><button type="button" class="button button--secondary" data-action="back">Back</button></p>"#,
                plan_html(q, &plan, &s.answers, s.easy)
            )
        }
        Screen::EnterCode => code_html(&s.draft.code, s.error.as_ref()),
    })
}

/// What the person has chosen and typed on question `i` so far: the answers when they arrive,
/// kept across a redraw (easy read switched, an error shown).
fn fresh_draft(session: Session, i: usize) {
    session.set(|s| {
        if s.draft.question != Some(i) {
            s.draft = Draft {
                question: Some(i),
                choice: s.answers.choices[i],
                date: s.answers.release_date.map(Day::iso).unwrap_or_default(),
                weeks: s
                    .answers
                    .release_weeks
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
                code: String::new(),
            };
        }
    });
}

const BACK: &str =
    r#"<p><button type="button" class="link-button" data-action="back">Back</button></p>"#;

/// GOV.UK's error summary: one problem, linked to its field.
fn error_summary(field: &str, message: &str) -> String {
    format!(
        r##"<div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title"><h2 class="error-summary__title" id="error-summary-title">There is a problem</h2><ul><li><a href="#{field}">{}</a></li></ul></div>"##,
        esc(message)
    )
}

fn start_html(q: &Questionnaire) -> String {
    // About 15 seconds a question.
    let minutes = q.questions.len().div_ceil(4).max(5);
    format!(
        r#"<h1 tabindex="-1">Check what you need before you leave</h1><p class="lead">Answer some questions about your life. Then you get a plan: what to do first, and who can help.</p><div class="idea"><div class="idea__text"><p><strong>Nothing you type is sent anywhere or kept.</strong> It stays on this screen, and it is gone when you close the page or press Hide.</p></div></div><div class="idea"><div class="idea__text"><p>You can skip any question. You can stop at any time.</p></div></div><div class="idea"><div class="idea__text"><p>It takes about {minutes} minutes.</p></div></div><button type="button" class="button" data-action="start">Start now</button><p><button type="button" class="link-button" data-action="enter-code">I have an answer code</button></p>"#
    )
}

fn question_html(session: Session, s: &crate::State, i: usize) -> String {
    let (q, easy, draft, error) = (session.q, s.easy, &s.draft, s.error.as_ref());
    let question = &q.questions[i];
    let release = question.kind == Kind::Release;
    let mut h = String::from(BACK);
    if let Some((field, message)) = error {
        h += &error_summary(field, message);
    }
    h += &format!(
        r#"<form novalidate><fieldset class="fieldset"><legend class="fieldset__legend"><h1 tabindex="-1"><span class="caption">{}</span>{}</h1></legend>"#,
        esc(&q.part_label(i, easy)),
        esc(q.text(i, easy))
    );
    let hint = if easy {
        question.easy_hint.as_ref().or(question.hint.as_ref())
    } else {
        question.hint.as_ref()
    };
    if let Some(hint) = hint {
        h += &format!(r#"<p class="hint">{}</p>"#, esc(hint));
    }
    if browser::can_speak() {
        h += r#"<p><button type="button" class="button button--secondary" data-action="listen">Listen</button></p>"#;
    }
    h += r#"<div class="radios">"#;
    for (o, option) in question.options.iter().enumerate() {
        let id = format!("{}-{}", esc(&question.id), esc(&option.id));
        let checked = if draft.choice == Some(o) {
            " checked"
        } else {
            ""
        };
        h += &format!(
            r#"<div class="radio"><input type="radio" name="answer" id="{id}" value="{}" data-option="{o}"{checked}>"#,
            esc(&option.id)
        );
        if question.kind != Kind::Council {
            h += &format!(
                r#"<span class="radio__picture" aria-hidden="true">{}</span>"#,
                session.icon(&option.icon)
            );
        }
        h += &format!(
            r#"<label class="radio__label" for="{id}">{}</label></div>"#,
            esc(if easy { &option.easy } else { &option.text })
        );
        // The field that belongs to an answer, shown while that answer is chosen.
        let field = match option.id.as_str() {
            "date" if release => Some((
                "leave-date",
                "Date you leave",
                r#"type="date""#,
                &draft.date,
                "Enter the date you leave",
            )),
            "weeks" if release => Some((
                "leave-weeks",
                "Number of weeks",
                r#"type="text" inputmode="numeric" size="4""#,
                &draft.weeks,
                "Enter a number of weeks",
            )),
            _ => None,
        };
        if let Some((field, label, kind, value, problem)) = field {
            let hidden = if draft.choice == Some(o) {
                ""
            } else {
                " hidden"
            };
            h += &format!(
                r#"<div class="conditional" id="{field}-box" data-reveal="{o}"{hidden}><label class="label" for="{field}">{label}</label>"#
            );
            let mut described = String::new();
            if error.is_some_and(|(f, _)| *f == field) {
                h +=
                    &format!(r#"<p class="error-message" id="{field}-error">Error: {problem}</p>"#);
                described = format!(r#" aria-describedby="{field}-error""#);
            }
            h += &format!(
                r#"<input class="input" {kind} id="{field}" value="{}"{described}></div>"#,
                esc(value)
            );
        }
    }
    h += r#"</div></fieldset><button type="submit" class="button">Continue</button><button type="button" class="button button--secondary" data-action="clear">Clear my answer</button></form>"#;
    h
}

fn submit_question(session: Session, i: usize) {
    session.keep_draft();
    let q = session.q;
    let (draft, mut answers) = session.get(|s| (s.draft.clone(), s.answers.clone()));
    let choice = draft.choice;
    answers.choices[i] = choice;
    let question = &q.questions[i];
    let release = question.kind == Kind::Release;
    let option = choice.map(|o| question.options[o].id.as_str());
    if release {
        answers.release_date = None;
        answers.release_weeks = None;
        let problem = match option {
            Some("date") => match Day::parse_iso(&draft.date) {
                Some(d) => {
                    answers.release_date = Some(d);
                    None
                }
                None => Some((
                    "leave-date",
                    "Enter the date you leave, or choose another answer",
                )),
            },
            Some("weeks") => match draft.weeks.trim().parse::<u8>() {
                Ok(w) if w <= 104 => {
                    answers.release_weeks = Some(w);
                    None
                }
                _ => Some(("leave-weeks", "Enter a number of weeks, like 6")),
            },
            _ => None,
        };
        if let Some((field, message)) = problem {
            session.set(|s| s.error = Some((field, message.into())));
            session.redraw();
            browser::set_title("Error: When will you leave? | Throughcare Scotland");
            browser::focus("#error-summary");
            return;
        }
    }
    // Answers to follow-ups that no longer apply are forgotten, not kept hidden.
    for j in 0..q.questions.len() {
        if !q.is_asked(j, &answers) {
            answers.choices[j] = None;
        }
    }
    let next = q.next(Some(i), &answers);
    let from_check = session.set(|s| {
        s.answers = answers.clone();
        s.from_check
    });
    let next = {
        if from_check {
            // A changed answer may open a follow-up question; ask it before going back.
            next.filter(|&n| {
                answers.choices[n].is_none()
                    && q.questions[n]
                        .ask_if
                        .as_ref()
                        .is_some_and(|c| c.question == i)
            })
        } else {
            next
        }
    };
    match next {
        Some(n) => session.go(Screen::Question(n)),
        None => {
            session.set(|s| s.from_check = false);
            session.go(Screen::Check)
        }
    }
}

/// What to show for an answer, or "Not provided".
fn answer_text(q: &Questionnaire, answers: &Answers, i: usize, easy: bool) -> String {
    let Some(o) = answers.choices[i] else {
        return "Not provided".into();
    };
    let option = &q.questions[i].options[o];
    let text = if easy { &option.easy } else { &option.text };
    match option.id.as_str() {
        "date" if q.questions[i].kind == Kind::Release => {
            answers.release_date.map_or(text.clone(), Day::long)
        }
        "weeks" if q.questions[i].kind == Kind::Release => answers
            .release_weeks
            .map_or(text.clone(), |w| format!("In about {w} weeks")),
        _ => text.clone(),
    }
}

fn check_html(q: &Questionnaire, answers: &Answers, easy: bool, read_only: bool) -> String {
    let mut h = format!(r#"{BACK}<h1 tabindex="-1">Check your answers</h1>"#);
    // Opened from an answer code, the answers are read-only until someone chooses to change
    // them: a worker sees what the person said without moving anything by mistake.
    h += if read_only {
        r#"<div class="notice" id="from-code"><p class="notice__text">These are the answers from the answer code. Nothing changes unless you choose to change an answer.</p></div><p><button type="button" class="button button--secondary" data-action="unlock">Change answers</button></p>"#
    } else {
        "<p>You can change any answer. Answers you skipped say \u{201c}Not provided\u{201d}.</p>"
    };
    h += r#"<dl class="summary">"#;
    for i in q.path(answers) {
        let question = esc(q.text(i, easy));
        h += &format!(
            r#"<div class="summary__row"><dt class="summary__key">{question}</dt><dd class="summary__value">{}</dd>"#,
            esc(&answer_text(q, answers, i, easy))
        );
        if !read_only {
            h += &format!(
                r#"<dd class="summary__actions"><button type="button" class="link-button" data-action="change" data-question="{i}">Change<span class="visually-hidden"> your answer to: {question}</span></button></dd>"#
            );
        }
        h += "</div>";
    }
    h += r#"</dl><button type="button" class="button" data-action="plan">See your plan</button>"#;
    h
}

/// Text made safe to put between HTML tags or in a quoted attribute.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The plan, drawn once as HTML: it has nothing to react to, and a string costs the wasm far
/// less than the same page as Leptos views (the plan's views were a sixth of the app).
fn plan_html(q: &Questionnaire, plan: &Plan, answers: &Answers, easy: bool) -> String {
    let mut h = String::from(r#"<h1 tabindex="-1">Your plan</h1>"#);
    if let Some(d) = plan.release {
        // A date no one is let out on is said back kindly, with the day the plan counts from.
        let said = match plan.release_given {
            Some(given) => format!(
                "You said {}. You will most likely leave on {}. Your plan uses that day.",
                given.long(),
                d.long()
            ),
            None => format!("You leave on {}.", d.long()),
        };
        h += &format!(r#"<p class="lead" id="release-day">{}</p>"#, esc(&said));
        if !plan.release_notes.is_empty() {
            h += r#"<div class="notice" id="release-notes">"#;
            for note in &plan.release_notes {
                h += &format!(r#"<p class="notice__text">{}</p>"#, esc(note));
            }
            h += "</div>";
        }
        if plan.release_soon {
            h += r#"<div class="notice"><p class="notice__text">You leave soon. The most urgent things are at the top.</p></div>"#;
        }
    }

    h += "<h2>What to do first</h2>";
    if plan.priorities.is_empty() {
        h += "<p>You did not say you need help with anything. You can still talk to a worker at any time.</p>";
    }
    for (n, p) in plan.priorities.iter().enumerate() {
        let area = &q.areas[p.area];
        let name = esc(if easy { &area.easy } else { &area.name });
        let level = if p.level >= 2 {
            "Help needed now"
        } else {
            "Some help needed"
        };
        h += &format!(
            r#"<section class="panel"><h3>{}. {name}</h3><p>{level}</p><table class="plan-table"><caption class="visually-hidden">Steps for {name}</caption><thead><tr><th scope="col">What</th><th scope="col">Who does it</th><th scope="col">How</th><th scope="col">By when</th><th scope="col">Done?</th></tr></thead><tbody>"#,
            n + 1
        );
        for s in &p.steps {
            let step = &q.steps[s.step];
            h += &format!(
                r#"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><span class="tick-box" aria-hidden="true"></span><span class="visually-hidden">Not done yet</span></td></tr>"#,
                esc(if easy { &step.easy } else { &step.what }),
                esc(&step.who),
                esc(&step.how),
                esc(&s.by.text())
            );
        }
        h += "</tbody></table></section>";
    }

    if !plan.strengths.is_empty() {
        h += "<h2>What is going well</h2><ul>";
        for &a in &plan.strengths {
            let area = &q.areas[a];
            h += &format!(
                "<li>{}</li>",
                esc(if easy { &area.easy } else { &area.name })
            );
        }
        h += "</ul>";
    }

    h += r#"<h2>Who can help</h2><ul class="cards">"#;
    for &s in &plan.services {
        let service = &q.services[s];
        h += &format!(
            r#"<li class="card"><h3 class="card__title">{}</h3><p class="card__text">{}</p>"#,
            esc(&service.name),
            esc(if easy {
                &service.easy
            } else {
                &service.description
            })
        );
        if let Some(phone) = &service.phone {
            h += &format!(
                r#"<p>Phone: <a href="tel:{}">{}</a></p>"#,
                esc(&phone.replace(' ', "")),
                esc(phone)
            );
        }
        h += "</li>";
    }
    h += "</ul>";
    // Said plainly: the list has no service of the person's own area, and what to do instead.
    if let Some(council) = plan.council.as_deref().filter(|_| !plan.local_listed) {
        let council = esc(council);
        let said = if easy {
            format!("We do not know of local help in {council} yet. The help above works everywhere. Ask a worker what help there is near you.")
        } else {
            format!("No local service in {council} is listed here yet for what you need. The services above work across Scotland. Ask your justice social worker, or the council's social work or housing team, what there is near you.")
        };
        h += &format!(r#"<p class="plan__no-local" id="no-local">{said}</p>"#);
    }

    h += "<h2>Where each part of life stands</h2>";
    h += &chart(q, plan, easy);

    let code = code::encode(q, answers);
    h += &format!(
        r#"<h2>Your answer code</h2><p>This code brings back the same plan in this tool on another device, like a worker's tablet. Only share it with people you trust.</p><p class="answer-code" aria-label="{}">{}</p><div class="qr" role="img" aria-label="The same answer code as a QR code">{}</div>"#,
        esc(&spelled(&code)),
        esc(&code),
        qr_svg(&code)
    );
    h
}

/// The code read one symbol at a time, for screen readers.
fn spelled(code: &str) -> String {
    code.split('-')
        .map(|g| g.chars().map(String::from).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}

fn qr_svg(code: &str) -> String {
    match qrcode::QrCode::new(code.replace('-', "").as_bytes()) {
        Ok(qr) => {
            let svg = qr
                .render::<qrcode::render::svg::Color>()
                .min_dimensions(160, 160)
                .build();
            svg.find("<svg")
                .map_or(String::new(), |i| svg[i..].to_string())
        }
        Err(_) => String::new(),
    }
}

/// A star chart of the areas where the answers say how things are (inline SVG), each spoke
/// named, and a table of every area in the words of the check-answers page.
fn chart(q: &Questionnaire, plan: &Plan, easy: bool) -> String {
    let charted: Vec<(usize, u8)> = plan
        .standings
        .iter()
        .enumerate()
        .filter_map(|(a, s)| Some((a, s.score()?)))
        .collect();
    let mut h = String::new();
    // Fewer than three spokes make a line, not a shape: the table says it alone.
    if charted.len() >= 3 {
        let left_off = if charted.len() < q.areas.len() {
            "Parts of life that do not apply, that you were not sure of or chose not to say, or did not answer, are not drawn. "
        } else {
            ""
        };
        h += &format!(
            r#"<figure class="chart"><div>{}</div><figcaption>Further from the middle means going better. {left_off}The table says where every part stands.</figcaption></figure>"#,
            star(q, &charted)
        );
    }
    h += r#"<table class="plan-table"><caption class="visually-hidden">Where each part of life stands</caption><thead><tr><th scope="col">Part of life</th><th scope="col">Where it stands</th></tr></thead><tbody>"#;
    for (area, standing) in q.areas.iter().zip(&plan.standings) {
        let standing: Standing = *standing;
        h += &format!(
            "<tr><td>{}</td><td>{}</td></tr>",
            esc(if easy { &area.easy } else { &area.name }),
            standing.label()
        );
    }
    h += "</tbody></table>";
    h
}

/// The chart's SVG: one named spoke per charted area, three rings (help needed now, some help
/// needed, going well) and the shape the answers make.
fn star(q: &Questionnaire, charted: &[(usize, u8)]) -> String {
    // Whole-number coordinates, and the browser's own cos and sin: formatting floats and
    // Rust's trigonometry would add kilobytes to the wasm for no visible difference.
    let n = charted.len() as f64;
    let point = |i: usize, level: f64| {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let radius = 110.0 * level / 3.0;
        let x = 150.0 + radius * js_sys::Math::cos(angle);
        let y = 150.0 + radius * js_sys::Math::sin(angle);
        (x.round() as i32, y.round() as i32)
    };
    let polygon = |class: &str, levels: &mut dyn Iterator<Item = f64>| {
        let points: Vec<String> = levels
            .enumerate()
            .map(|(i, l)| {
                let (x, y) = point(i, l);
                format!("{x},{y}")
            })
            .collect();
        format!(
            "<polygon class=\"{class}\" points=\"{}\"/>",
            points.join(" ")
        )
    };
    let mut svg =
        String::from("<svg viewBox=\"-90 0 480 300\" aria-hidden=\"true\" focusable=\"false\">");
    for ring in 1..=3 {
        svg.push_str(&polygon(
            "chart__grid",
            &mut charted.iter().map(|_| f64::from(ring)),
        ));
    }
    svg.push_str(&polygon(
        "chart__shape",
        &mut charted.iter().map(|&(_, score)| f64::from(score)),
    ));
    for (i, &(area, _)) in charted.iter().enumerate() {
        let (x, y) = point(i, 3.3);
        // Names on the right start at the spoke, those on the left end at it.
        let anchor = match x - 150 {
            d if d > 8 => "start",
            d if d < -8 => "end",
            _ => "middle",
        };
        let name = esc(&q.areas[area].short);
        svg.push_str(&format!("<text class=\"chart__label\" x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{name}</text>"));
    }
    svg.push_str("</svg>");
    svg
}

fn code_html(typed: &str, error: Option<&(&'static str, String)>) -> String {
    let mut h = String::from(BACK);
    let mut described = "";
    if let Some((field, message)) = error {
        h += &error_summary(field, message);
        described = r#" aria-describedby="answer-code-error""#;
    }
    h += r#"<form novalidate><h1 tabindex="-1"><label for="answer-code">Enter an answer code</label></h1><p class="hint">It is on the plan, under \u{201c}Your answer code\u{201d}. Capital or small letters both work.</p>"#;
    if let Some((_, message)) = error {
        h += &format!(
            r#"<p class="error-message" id="answer-code-error">Error: {}</p>"#,
            esc(message)
        );
    }
    h += &format!(
        r#"<textarea class="input input--code" id="answer-code" rows="2" cols="42" autocomplete="off" spellcheck="false" autocapitalize="characters"{described}>{}</textarea><p><button type="submit" class="button">Show the answers</button></p></form>"#,
        esc(typed)
    );
    h
}

fn submit_code(session: Session) {
    session.keep_draft();
    let decoded = session.get(|s| code::decode(session.q, &s.draft.code));
    match decoded {
        Ok(answers) => {
            session.set(|s| {
                s.answers = answers;
                s.from_code = true;
            });
            session.go(Screen::Check);
        }
        Err(e) => {
            session.set(|s| s.error = Some(("answer-code", e.to_string())));
            session.redraw();
            browser::set_title("Error: Enter an answer code | Throughcare Scotland");
            browser::focus("#error-summary");
        }
    }
}
