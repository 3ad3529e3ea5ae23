//! The app's screens as GOV.UK question pages: the start page, a question, check your answers,
//! the plan, and entering an answer code. Each screen, the bar and the idle warning are drawn as
//! HTML strings, and one set of handlers on their container answers every button and form in
//! them (found by `data-action`). Leptos keeps the state and redraws a part when what it shows
//! changes. A view and a handler per element cost the wasm about 70 KB more (README,
//! Performance). What the screens say is config.toml's, in the page's language: markup names
//! it as `{name}` holes (`markup!` and `Html::tpl`), and sentences with values in them come
//! whole from `Words::fill` and `Words::count`.

use assessment::model::{Kind, Questionnaire};
use assessment::plan::{self, Plan, Standing};
use assessment::words::digits;
use assessment::{code, markup, Answers, Day, Key, Words};
use gloo_events::{EventListener, EventListenerOptions};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser;
use crate::html::Html;
use crate::{Draft, Screen, Session};

/// After a move to another screen: its title, a short announcement, focus on its heading.
/// Not on first load (`moved` false): then focus stays where the browser puts it, at the top.
pub fn arrived(session: Session, moved: bool) {
    let (screen, easy) = session.get(|s| (s.screen, s.easy));
    let (q, w) = (session.q, session.w);
    let (title, said) = match screen {
        Screen::Start => (
            w.get(Key::StartTitle).to_string(),
            w.get(Key::StartSaid).to_string(),
        ),
        Screen::Question(i) => {
            let part = q.part_label(i, easy, w);
            let title = w.fill(
                Key::QuestionTitle,
                &[("part", &part), ("question", q.text(i, easy))],
            );
            (title, part)
        }
        Screen::Check => (
            w.get(Key::CheckAnswers).into(),
            w.get(Key::CheckAnswers).into(),
        ),
        Screen::Plan => (w.get(Key::YourPlan).into(), w.get(Key::YourPlan).into()),
        Screen::EnterCode => (w.get(Key::EnterCode).into(), w.get(Key::EnterCode).into()),
    };
    browser::set_title(&w.fill(Key::PageTitle, &[("screen", &title)]));
    browser::set_text("app-said", &said);
    browser::stop_speaking();
    if moved {
        browser::focus("#app h1");
    }
}

/// Every button and form of the app, answered on its container (the page's `#app`, around
/// the view). gloo's listeners rather than the view's `on:` handlers, whose code (with a
/// thread check on every handler) made the wasm 14 KB larger (5 KB brotli).
pub fn listen(container: &web_sys::EventTarget, session: Session) {
    let listen = |kind: &'static str, answer: fn(Session, &web_sys::Event)| {
        let options = EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(container, kind, options, move |ev| answer(session, ev))
            .forget();
    };
    listen("click", |session, ev| {
        if let Some(action) = browser::closest_data(ev, "[data-action]", "data-action") {
            act(session, &action, ev);
        }
    });
    listen("submit", |session, ev| {
        ev.prevent_default();
        match session.get(|s| s.screen) {
            Screen::Question(i) => submit_question(session, i),
            Screen::EnterCode => submit_code(session),
            _ => {}
        }
    });
    // A code is 39 characters: the field wraps it on a phone, so that all of it shows. It
    // is one line to the person: Enter shows the plan, as in any one-line field.
    listen("keydown", |session, ev| {
        let enter = ev
            .dyn_ref::<web_sys::KeyboardEvent>()
            .is_some_and(|key| key.key() == "Enter");
        if enter && browser::target_id(ev).as_deref() == Some("answer-code") {
            ev.prevent_default();
            submit_code(session);
        }
    });
    // Choosing an answer shows the field that belongs to it (a date, a number of weeks).
    listen("change", |_, _| {
        browser::show_conditionals(browser::checked_option())
    });
}

pub fn app(session: Session) -> impl IntoView {
    // The bar, the screen and the dialog are HTML strings, drawn again only when what they
    // show changes; `listen` answers what is pressed in them.
    let w = session.w;
    view! {
        <div>
            <div class="assessment__bar" inner_html=bar(w)></div>
            <p class="visually-hidden" aria-live="polite" id="app-said"></p>
            <div inner_html=move || screen_html(session)></div>
            <div inner_html=move || {
                session.track_warning();
                session.get(|s| s.idle_warning.then(|| idle_dialog(w, s.idle_left)))
            }></div>
        </div>
    }
}

/// The bar above every screen. Easy read starts on; its button changes in place (`easy`).
fn bar(w: &Words) -> String {
    let mut h = Html::default();
    h.tpl(w, markup!(r#"<button type="button" class="button button--secondary" id="easy-read" aria-pressed="true" data-action="easy">{easy_on}</button><button type="button" class="button button--warning" id="hide" data-action="hide">{hide}</button>"#));
    h.done()
}

/// The idle warning, with the seconds left (browser::idle_reset counts them down in it).
fn idle_dialog(w: &Words, left: u32) -> String {
    let mut h = Html::default();
    h.tpl(w, markup!(r#"<div class="dialog"><div class="dialog__box" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text"><h2 id="idle-title">{idle_title}</h2><p id="idle-text">{idle_text}</p><p class="dialog__count" id="idle-count" aria-hidden="true">"#))
        .text(&w.count(Key::IdleLeft, left.into()))
        .tpl(w, markup!(r#"</p><p class="visually-hidden" aria-live="polite" id="idle-said"></p><button type="button" class="button" id="still-here" data-action="still-here">{still_here}</button><button type="button" class="button button--secondary" data-action="hide">{start_again_now}</button></div></div>"#));
    h.done()
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
            browser::show_easy(easy, session.w);
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
                let mut words = String::from(q.text(i, easy));
                for o in &q.questions[i].options {
                    words.push_str(". ");
                    words.push_str(if easy { &o.easy } else { &o.text });
                }
                browser::speak(&words, session.w.get(Key::Voice));
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
    let (q, w) = (session.q, session.w);
    let mut html = session.get(|s| match s.screen {
        Screen::Start => start_html(q, w),
        Screen::Question(i) => question_html(session, s, i),
        Screen::Check => check_html(q, w, &s.answers, s.easy, s.from_code),
        Screen::Plan => plan_html(q, w, &s.answers, s.easy),
        Screen::EnterCode => code_html(w, &s.draft.code, s.error.as_ref()),
    });
    // Below every screen, how to hide it quickly.
    let mut hint = Html::default();
    hint.tpl(w, markup!(r#"<p class="hint">{hide_hint}</p>"#));
    html.push_str(&hint.done());
    html
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
                    .map(|w| digits(w.into()))
                    .unwrap_or_default(),
                code: String::new(),
            };
        }
    });
}

/// A page's Back link.
fn back(w: &Words) -> Html {
    let mut h = Html::default();
    h.tpl(
        w,
        markup!(
            r#"<p><button type="button" class="link-button" data-action="back">{back}</button></p>"#
        ),
    );
    h
}

/// GOV.UK's error summary: one problem, linked to its field.
fn error_summary(h: &mut Html, w: &Words, field: &str, message: &str) {
    h.tpl(w, markup!(r##"<div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title"><h2 class="error-summary__title" id="error-summary-title">{problem}</h2><ul><li><a href="#"##))
        .raw(field)
        .raw(r#"">"#)
        .text(message)
        .raw("</a></li></ul></div>");
}

/// The message beside the field `field`, as GOV.UK gives it ("Error: ...").
fn error_message(h: &mut Html, w: &Words, field: &str, message: &str) {
    h.raw(r#"<p class="error-message" id=""#)
        .raw(field)
        .raw(r#"-error">"#)
        .text(&w.fill(Key::ErrorMessage, &[("message", message)]))
        .raw("</p>");
}

/// The title of a screen with an error: "Error: " and the screen's.
fn error_title(w: &Words, screen: &str) {
    browser::set_title(&w.fill(Key::ErrorTitle, &[("screen", screen)]));
}

fn start_html(q: &Questionnaire, w: &Words) -> String {
    // About 15 seconds a question.
    let minutes = q.questions.len().div_ceil(4).max(5);
    let mut h = Html::default();
    h.tpl(w, markup!(r#"<h1 tabindex="-1">{start_title}</h1><p class="lead">{lead}</p><div class="idea"><div class="idea__text"><p><strong>{nothing_kept}</strong> {nothing_kept_more}</p></div></div><div class="idea"><div class="idea__text"><p>{skip_any}</p></div></div><div class="idea"><div class="idea__text"><p>"#))
        .text(&w.count(Key::Minutes, minutes as i64))
        .tpl(w, markup!(r#"</p></div></div><button type="button" class="button" data-action="start">{start_now}</button><p><button type="button" class="link-button" data-action="enter-code">{have_code}</button></p>"#));
    h.done()
}

fn question_html(session: Session, s: &crate::State, i: usize) -> String {
    let (q, w, easy, draft, error) = (session.q, session.w, s.easy, &s.draft, s.error.as_ref());
    let question = &q.questions[i];
    let release = question.kind == Kind::Release;
    let mut h = back(w);
    if let Some((field, message)) = error {
        error_summary(&mut h, w, field, message);
    }
    h.raw(r#"<form novalidate><fieldset class="fieldset"><legend class="fieldset__legend"><h1 tabindex="-1"><span class="caption">"#)
        .text(&q.part_label(i, easy, w))
        .raw("</span>")
        .text(q.text(i, easy))
        .raw("</h1></legend>");
    let hint = if easy {
        question.easy_hint.as_ref().or(question.hint.as_ref())
    } else {
        question.hint.as_ref()
    };
    if let Some(hint) = hint {
        h.raw(r#"<p class="hint">"#).text(hint).raw("</p>");
    }
    if browser::can_speak() {
        h.tpl(w, markup!(r#"<p><button type="button" class="button button--secondary" data-action="listen">{listen}</button></p>"#));
    }
    h.raw(r#"<div class="radios">"#);
    for (o, option) in question.options.iter().enumerate() {
        let chosen = draft.choice == Some(o);
        let id = |h: &mut Html| {
            h.text(&question.id).raw("-").text(&option.id);
        };
        h.raw(r#"<div class="radio"><input type="radio" name="answer" id=""#);
        id(&mut h);
        h.raw(r#"" value=""#)
            .text(&option.id)
            .raw(r#"" data-option=""#)
            .num(o as i64)
            .raw(r#"""#)
            .raw_if(chosen, " checked")
            .raw(">");
        if question.kind != Kind::Council {
            h.raw(r#"<span class="radio__picture" aria-hidden="true">"#);
            session.icon(&mut h, &option.icon);
            h.raw("</span>");
        }
        h.raw(r#"<label class="radio__label" for=""#);
        id(&mut h);
        h.raw(r#"">"#)
            .text(if easy { &option.easy } else { &option.text })
            .raw("</label></div>");
        // The field that belongs to an answer, shown while that answer is chosen.
        let field = match option.id.as_str() {
            "date" if release => Some((
                "leave-date",
                markup!("{date_label}"),
                r#"type="date""#,
                &draft.date,
            )),
            "weeks" if release => Some((
                "leave-weeks",
                markup!("{weeks_label}"),
                r#"type="text" inputmode="numeric" size="4""#,
                &draft.weeks,
            )),
            _ => None,
        };
        if let Some((field, label, kind, value)) = field {
            h.raw(r#"<div class="conditional" id=""#)
                .raw(field)
                .raw(r#"-box" data-reveal=""#)
                .num(o as i64)
                .raw(r#"""#)
                .raw_if(!chosen, " hidden")
                .raw(r#"><label class="label" for=""#)
                .raw(field)
                .raw(r#"">"#)
                .tpl(w, label)
                .raw("</label>");
            // The message the error summary gives, beside the field it is about.
            let problem = error.filter(|(f, _)| *f == field).map(|(_, m)| m);
            let wrong = problem.is_some();
            if let Some(problem) = problem {
                error_message(&mut h, w, field, problem);
            }
            h.raw(r#"<input class="input" "#)
                .raw(kind)
                .raw(r#" id=""#)
                .raw(field)
                .raw(r#"" value=""#)
                .text(value)
                .raw(r#"""#);
            if wrong {
                h.raw(r#" aria-describedby=""#).raw(field).raw(r#"-error""#);
            }
            h.raw("></div>");
        }
    }
    h.tpl(w, markup!(r#"</div></fieldset><button type="submit" class="button">{continue}</button><button type="button" class="button button--secondary" data-action="clear">{clear}</button></form>"#));
    h.done()
}

fn submit_question(session: Session, i: usize) {
    session.keep_draft();
    let (q, w) = (session.q, session.w);
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
                // A day gone by would make a plan that counts down to the past.
                Some(d) if d < browser::today() => Some(("leave-date", Key::DatePassed)),
                Some(d) => {
                    answers.release_date = Some(d);
                    None
                }
                None => Some(("leave-date", Key::DateMissing)),
            },
            Some("weeks") => match draft.weeks.trim().parse::<u8>() {
                Ok(w) if w <= 104 => {
                    answers.release_weeks = Some(w);
                    None
                }
                _ => Some(("leave-weeks", Key::WeeksWrong)),
            },
            _ => None,
        };
        if let Some((field, message)) = problem {
            session.set(|s| s.error = Some((field, w.get(message).into())));
            session.redraw();
            let easy = session.get(|s| s.easy);
            error_title(w, q.text(i, easy));
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
fn answer_text(q: &Questionnaire, w: &Words, answers: &Answers, i: usize, easy: bool) -> String {
    let Some(o) = answers.choices[i] else {
        return w.get(Key::NotProvided).into();
    };
    let option = &q.questions[i].options[o];
    let text = if easy { &option.easy } else { &option.text };
    match option.id.as_str() {
        "date" if q.questions[i].kind == Kind::Release => {
            answers.release_date.map_or(text.clone(), |d| d.long(w))
        }
        "weeks" if q.questions[i].kind == Kind::Release => answers
            .release_weeks
            .map_or(text.clone(), |n| w.count(Key::InWeeks, n.into())),
        _ => text.clone(),
    }
}

fn check_html(
    q: &Questionnaire,
    w: &Words,
    answers: &Answers,
    easy: bool,
    read_only: bool,
) -> String {
    let mut h = back(w);
    h.tpl(w, markup!(r#"<h1 tabindex="-1">{check_answers}</h1>"#));
    // Opened from an answer code, the answers are read-only until someone chooses to change
    // them: a worker sees what the person said without moving anything by mistake.
    h.tpl(w, if read_only {
        markup!(r#"<div class="notice" id="from-code"><p class="notice__text">{from_code}</p></div><p><button type="button" class="button button--secondary" data-action="unlock">{change_answers}</button></p>"#)
    } else {
        markup!("<p>{can_change}</p>")
    });
    h.raw(r#"<dl class="summary">"#);
    for i in q.path(answers) {
        let question = q.text(i, easy);
        h.raw(r#"<div class="summary__row"><dt class="summary__key">"#)
            .text(question)
            .raw(r#"</dt><dd class="summary__value">"#)
            .text(&answer_text(q, w, answers, i, easy))
            .raw("</dd>");
        if !read_only {
            h.raw(r#"<dd class="summary__actions"><button type="button" class="link-button" data-action="change" data-question=""#)
                .num(i as i64)
                .tpl(w, markup!(r#"">{change}<span class="visually-hidden"> "#))
                .text(&w.fill(Key::ChangeWhat, &[("question", question)]))
                .raw("</span></button></dd>");
        }
        h.raw("</div>");
    }
    h.tpl(
        w,
        markup!(
            r#"</dl><button type="button" class="button" data-action="plan">{see_plan}</button>"#
        ),
    );
    h.done()
}

/// The plan, drawn once as HTML: it has nothing to react to, and a string costs the wasm far
/// less than the same page as Leptos views (the plan's views were a sixth of the app).
fn plan_html(q: &Questionnaire, w: &Words, answers: &Answers, easy: bool) -> String {
    let plan = plan::build(q, answers, browser::today());
    let mut h = Html::default();
    h.tpl(
        w,
        markup!(r#"<div class="plan"><h1 tabindex="-1">{your_plan}</h1>"#),
    );
    if let Some(d) = plan.release {
        // A date no one is let out on is said back kindly, with the day the plan counts from.
        let day = d.long(w);
        let said = match plan.release_given {
            Some(given) => w.fill(
                Key::ReleaseMoved,
                &[("given", &given.long(w)), ("day", &day)],
            ),
            None => w.fill(Key::ReleaseOn, &[("day", &day)]),
        };
        h.raw(r#"<p class="lead" id="release-day">"#)
            .text(&said)
            .raw("</p>");
        let unknown = plan
            .holidays_unknown
            .map(|year| w.fill(Key::HolidaysUnknown, &[("year", &digits(year.into()))]));
        let notes: Vec<&String> = plan.release_notes.iter().chain(&unknown).collect();
        if !notes.is_empty() {
            h.raw(r#"<div class="notice" id="release-notes">"#);
            for note in notes {
                h.raw(r#"<p class="notice__text">"#).text(note).raw("</p>");
            }
            h.raw("</div>");
        }
        if plan.release_soon {
            h.tpl(
                w,
                markup!(r#"<div class="notice"><p class="notice__text">{leave_soon}</p></div>"#),
            );
        }
    }

    h.tpl(w, markup!("<h2>{do_first}</h2>"));
    if plan.priorities.is_empty() {
        h.tpl(w, markup!("<p>{nothing_needed}</p>"));
    }
    for (n, p) in plan.priorities.iter().enumerate() {
        let area = &q.areas[p.area];
        let name = if easy { &area.easy } else { &area.name };
        let level = if p.level >= 2 {
            Standing::Urgent
        } else {
            Standing::SomeHelp
        };
        h.raw(r#"<section class="panel"><h3>"#)
            .num(n as i64 + 1)
            .raw(". ")
            .text(name)
            .raw("</h3><p>")
            .text(w.get(level.key()))
            .raw(r#"</p><table class="plan-table"><caption class="visually-hidden">"#)
            .text(&w.fill(Key::StepsFor, &[("area", name)]))
            .tpl(w, markup!(r#"</caption><thead><tr><th scope="col">{col_what}</th><th scope="col">{col_who}</th><th scope="col">{col_how}</th><th scope="col">{col_by_when}</th><th scope="col">{col_done}</th></tr></thead><tbody>"#));
        for s in &p.steps {
            let step = &q.steps[s.step];
            h.raw("<tr><td>")
                .text(if easy { &step.easy } else { &step.what })
                .raw("</td><td>")
                .text(&step.who)
                .raw("</td><td>")
                .text(&step.how)
                .raw("</td><td>")
                .text(&s.by.text(w))
                .tpl(w, markup!(r#"</td><td><span class="tick-box" aria-hidden="true"></span><span class="visually-hidden">{not_done}</span></td></tr>"#));
        }
        h.raw("</tbody></table></section>");
    }

    if !plan.strengths.is_empty() {
        h.tpl(w, markup!("<h2>{going_well_title}</h2><ul>"));
        for &a in &plan.strengths {
            let area = &q.areas[a];
            h.raw("<li>")
                .text(if easy { &area.easy } else { &area.name })
                .raw("</li>");
        }
        h.raw("</ul>");
    }

    h.tpl(w, markup!(r#"<h2>{who_can_help}</h2><ul class="cards">"#));
    for &s in &plan.services {
        let service = &q.services[s];
        h.raw(r#"<li class="card"><h3 class="card__title">"#)
            .text(&service.name)
            .raw(r#"</h3><p class="card__text">"#)
            .text(if easy {
                &service.easy
            } else {
                &service.description
            })
            .raw("</p>");
        if let Some(phone) = &service.phone {
            h.tpl(w, markup!(r#"<p>{phone} <a href="tel:"#))
                .text(&phone.replace(' ', ""))
                .raw(r#"">"#)
                .text(phone)
                .raw("</a></p>");
        }
        h.raw("</li>");
    }
    h.raw("</ul>");
    // Said plainly: the list has no service of the person's own area, and what to do instead.
    if let Some(council) = plan.council.as_deref().filter(|_| !plan.local_listed) {
        let key = if easy { Key::NoLocalEasy } else { Key::NoLocal };
        h.raw(r#"<p class="plan__no-local" id="no-local">"#)
            .text(&w.fill(key, &[("council", council)]))
            .raw("</p>");
    }

    h.tpl(w, markup!("<h2>{standings}</h2>"));
    chart(&mut h, q, w, &plan, easy);

    let code = code::encode(q, answers);
    h.tpl(
        w,
        markup!(r#"<h2>{code_title}</h2><p>{code_text}</p><p class="answer-code" aria-label=""#),
    )
    .text(&spelled(&code))
    .raw(r#"">"#)
    .text(&code)
    .tpl(
        w,
        markup!(r#"</p><div class="qr" role="img" aria-label="{qr_label}">"#),
    );
    qr_svg(&mut h, &code);
    h.tpl(w, markup!(r#"</div></div><p class="no-print"><button type="button" class="button" data-action="print">{print}</button><button type="button" class="button button--secondary" data-action="back">{back}</button></p>"#));
    h.done()
}

/// The code read one symbol at a time, for screen readers: "1 A B C, D E F G".
fn spelled(code: &str) -> String {
    let mut out = String::new();
    for c in code.chars() {
        if c == '-' {
            out.push(',');
        } else {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push(c);
        }
    }
    out
}

/// The answer code as a QR code, in inline SVG: alphanumeric mode (the code's symbols are all
/// in it), error correction M, the smallest version that holds it, and a quiet zone of four
/// modules (the stylesheet gives the white). The dark modules are one path, a rectangle a run.
/// Written here rather than with qrcode's mode optimiser and renderer, which formatted every
/// number and made the wasm about 3 KB larger.
fn qr_svg(h: &mut Html, code: &str) {
    use qrcode::{bits::Bits, Color, EcLevel, QrCode, Version};
    let data: Vec<u8> = code.bytes().filter(|&b| b != b'-').collect();
    let qr = (1..=10).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_alphanumeric_data(&data).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    });
    let Some(qr) = qr else {
        return;
    };
    let width = qr.width();
    let side = width as i64 + 8;
    h.raw(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#)
        .num(side)
        .raw(" ")
        .num(side)
        .raw(r##"" shape-rendering="crispEdges"><path fill="#000" d=""##);
    for (y, row) in qr.to_colors().chunks(width).enumerate() {
        let mut x = 0;
        while x < row.len() {
            let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
            if run > 0 {
                h.raw("M")
                    .num(x as i64 + 4)
                    .raw(" ")
                    .num(y as i64 + 4)
                    .raw("h")
                    .num(run as i64)
                    .raw("v1h-")
                    .num(run as i64)
                    .raw("z");
            }
            x += run.max(1);
        }
    }
    h.raw(r#""/></svg>"#);
}

/// A star chart of the areas where the answers say how things are (inline SVG), each spoke
/// named, and a table of every area in the words of the check-answers page.
fn chart(h: &mut Html, q: &Questionnaire, w: &Words, plan: &Plan, easy: bool) {
    let charted: Vec<(usize, u8)> = plan
        .standings
        .iter()
        .enumerate()
        .filter_map(|(a, s)| Some((a, s.score()?)))
        .collect();
    // Fewer than three spokes make a line, not a shape: the table says it alone.
    if charted.len() >= 3 {
        h.raw(r#"<figure class="chart"><div>"#);
        star(h, q, &charted);
        h.tpl(w, markup!("</div><figcaption>{chart_further} "));
        if charted.len() < q.areas.len() {
            h.tpl(w, markup!("{chart_not_drawn} "));
        }
        h.tpl(w, markup!("{chart_table}</figcaption></figure>"));
    }
    h.tpl(w, markup!(r#"<table class="plan-table"><caption class="visually-hidden">{standings}</caption><thead><tr><th scope="col">{col_part}</th><th scope="col">{col_stands}</th></tr></thead><tbody>"#));
    for (area, standing) in q.areas.iter().zip(&plan.standings) {
        let standing: Standing = *standing;
        h.raw("<tr><td>")
            .text(if easy { &area.easy } else { &area.name })
            .raw("</td><td>")
            .text(w.get(standing.key()))
            .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
}

/// The chart's SVG: one named spoke per charted area, three rings (help needed now, some help
/// needed, going well) and the shape the answers make.
fn star(h: &mut Html, q: &Questionnaire, charted: &[(usize, u8)]) {
    // Whole-number coordinates, and the browser's own cos and sin: formatting floats and
    // Rust's trigonometry would add kilobytes to the wasm for no visible difference.
    let n = charted.len() as f64;
    let point = |i: usize, level: f64| {
        let angle = std::f64::consts::TAU * i as f64 / n - std::f64::consts::FRAC_PI_2;
        let radius = 110.0 * level / 3.0;
        let x = 150.0 + radius * js_sys::Math::cos(angle);
        let y = 150.0 + radius * js_sys::Math::sin(angle);
        (x.round() as i64, y.round() as i64)
    };
    let polygon = |h: &mut Html, class: &str, level: &dyn Fn(u8) -> f64| {
        h.raw(r#"<polygon class=""#).raw(class).raw(r#"" points=""#);
        for (i, &(_, score)) in charted.iter().enumerate() {
            let (x, y) = point(i, level(score));
            h.raw_if(i > 0, " ").num(x).raw(",").num(y);
        }
        h.raw(r#""/>"#);
    };
    h.raw(r#"<svg viewBox="-90 0 480 300" aria-hidden="true" focusable="false">"#);
    for ring in 1..=3 {
        polygon(h, "chart__grid", &|_| f64::from(ring));
    }
    polygon(h, "chart__shape", &f64::from);
    for (i, &(area, _)) in charted.iter().enumerate() {
        let (x, y) = point(i, 3.3);
        // Names on the right start at the spoke, those on the left end at it.
        let anchor = match x - 150 {
            d if d > 8 => "start",
            d if d < -8 => "end",
            _ => "middle",
        };
        h.raw(r#"<text class="chart__label" x=""#)
            .num(x)
            .raw(r#"" y=""#)
            .num(y)
            .raw(r#"" text-anchor=""#)
            .raw(anchor)
            .raw(r#"" dominant-baseline="middle">"#)
            .text(&q.areas[area].short)
            .raw("</text>");
    }
    h.raw("</svg>");
}

fn code_html(w: &Words, typed: &str, error: Option<&(&'static str, String)>) -> String {
    let mut h = back(w);
    if let Some((field, message)) = error {
        error_summary(&mut h, w, field, message);
    }
    h.tpl(w, markup!(r#"<form novalidate><h1 tabindex="-1"><label for="answer-code">{enter_code}</label></h1><p class="hint">{code_hint}</p>"#));
    if let Some((field, message)) = error {
        error_message(&mut h, w, field, message);
    }
    h.raw(r#"<textarea class="input input--code" id="answer-code" rows="2" cols="42" autocomplete="off" spellcheck="false" autocapitalize="characters""#)
        .raw_if(error.is_some(), r#" aria-describedby="answer-code-error""#)
        .raw(">")
        .text(typed)
        .tpl(w, markup!(r#"</textarea><p><button type="submit" class="button">{show_answers}</button></p></form>"#));
    h.done()
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
            let w = session.w;
            session.set(|s| s.error = Some(("answer-code", w.get(e.key()).into())));
            session.redraw();
            error_title(w, w.get(Key::EnterCode));
            browser::focus("#error-summary");
        }
    }
}
