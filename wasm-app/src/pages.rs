//! One component per page type, as GOV.UK question pages: the start page, a question, check
//! your answers, the plan, and entering an answer code.

use assessment::model::{Kind, Questionnaire};
use assessment::plan::{self, Plan, Standing};
use assessment::{code, Answers, Day};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::browser;
use crate::{Screen, Session};

const SITE: &str = "Throughcare Scotland";

pub fn app(session: Session) -> impl IntoView {
    // Each step: a new title, focus on its heading, and a short announcement.
    // Not on first load: then focus stays where the browser puts it, at the top of the page.
    Effect::new(move |first: Option<()>| {
        let screen = session.screen.get();
        let q = session.q.get_value();
        let easy = session.easy.get_untracked();
        let (title, said) = match screen {
            Screen::Start => (
                "Check what you need before you leave".to_string(),
                "Start page".to_string(),
            ),
            Screen::Question(i) => {
                let text = if easy {
                    &q.questions[i].easy
                } else {
                    &q.questions[i].text
                };
                let part = q.part_label(i, easy);
                (format!("{part} – {text}"), part)
            }
            Screen::Check => ("Check your answers".into(), "Check your answers".into()),
            Screen::Plan => ("Your plan".into(), "Your plan".into()),
            Screen::EnterCode => ("Enter an answer code".into(), "Enter an answer code".into()),
        };
        browser::set_title(&format!("{title} | {SITE}"));
        session.announcement.set(said);
        browser::stop_speaking();
        if first.is_some() {
            browser::focus_heading();
        }
    });

    view! {
        <div class="assessment__bar">
            <button type="button" class="button button--secondary" aria-pressed=move || session.easy.get().to_string()
                on:click=move |_| session.easy.update(|e| *e = !*e)>
                {move || if session.easy.get() { "Easy read: on" } else { "Easy read: off" }}
            </button>
            <button type="button" class="button button--warning" id="hide" on:click=move |_| session.wipe()>
                "Hide / start again"
            </button>
        </div>
        <p class="visually-hidden" aria-live="polite">{move || session.announcement.get()}</p>
        {move || match session.screen.get() {
            Screen::Start => start_page(session).into_any(),
            Screen::Question(i) => question_page(session, i).into_any(),
            Screen::Check => check_answers(session).into_any(),
            Screen::Plan => plan_page(session).into_any(),
            Screen::EnterCode => enter_code(session).into_any(),
        }}
        <p class="hint">"To hide this page quickly, press Shift three times."</p>
        {move || session.idle_warning.get().then(|| idle_dialog(session))}
    }
}

fn start_page(session: Session) -> impl IntoView {
    // About 15 seconds a question.
    let minutes = session
        .q
        .with_value(|q| q.questions.len().div_ceil(4))
        .max(5);
    view! {
        <h1 tabindex="-1">"Check what you need before you leave"</h1>
        <p class="lead">"Answer some questions about your life. Then you get a plan: what to do first, and who can help."</p>
        <div class="idea"><div class="idea__text"><p><strong>"Nothing you type is sent anywhere or kept."</strong>" It stays on this screen, and it is gone when you close the page or press Hide."</p></div></div>
        <div class="idea"><div class="idea__text"><p>"You can skip any question. You can stop at any time."</p></div></div>
        <div class="idea"><div class="idea__text"><p>{format!("It takes about {minutes} minutes.")}</p></div></div>
        <button type="button" class="button" on:click=move |_| {
            let first = session.q.with_value(|q| q.next(None, &session.answers.get_untracked()));
            session.go(first.map_or(Screen::Check, Screen::Question));
        }>"Start now"</button>
        <p><button type="button" class="link-button" on:click=move |_| session.go(Screen::EnterCode)>"I have an answer code"</button></p>
    }
}

fn icon(session: Session, name: &str) -> impl IntoView + use<> {
    let svg = session
        .icons
        .with_value(|icons| icons.get(name).cloned().unwrap_or_default());
    view! { <span class="radio__picture" aria-hidden="true" inner_html=svg></span> }
}

fn question_page(session: Session, i: usize) -> impl IntoView {
    let q = session.q.get_value();
    let question = q.questions[i].clone();
    let answers = session.answers.get_untracked();
    let selected = RwSignal::new(answers.choices[i]);
    let date = RwSignal::new(answers.release_date.map(Day::iso).unwrap_or_default());
    let weeks = RwSignal::new(
        answers
            .release_weeks
            .map(|w| w.to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<(&'static str, String)>);
    let easy = session.easy;
    let part = move || session.q.with_value(|q| q.part_label(i, easy.get()));
    let text = {
        let question = question.clone();
        move || {
            if easy.get() {
                question.easy.clone()
            } else {
                question.text.clone()
            }
        }
    };
    let hint = {
        let question = question.clone();
        move || {
            if easy.get() {
                question.easy_hint.clone().or(question.hint.clone())
            } else {
                question.hint.clone()
            }
        }
    };
    let release = question.kind == Kind::Release;

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let choice = selected.get_untracked();
        let mut answers = session.answers.get_untracked();
        answers.choices[i] = choice;
        if release {
            let option = session
                .q
                .with_value(|q| choice.map(|o| q.questions[i].options[o].id.clone()));
            answers.release_date = None;
            answers.release_weeks = None;
            match option.as_deref() {
                Some("date") => match Day::parse_iso(&date.get_untracked()) {
                    Some(d) => answers.release_date = Some(d),
                    None => {
                        error.set(Some((
                            "leave-date",
                            "Enter the date you leave, or choose another answer".into(),
                        )));
                        browser::set_title("Error: When will you leave? | Throughcare Scotland");
                        browser::focus_id("error-summary");
                        return;
                    }
                },
                Some("weeks") => match weeks.get_untracked().trim().parse::<u8>() {
                    Ok(w) if w <= 104 => answers.release_weeks = Some(w),
                    _ => {
                        error.set(Some((
                            "leave-weeks",
                            "Enter a number of weeks, like 6".into(),
                        )));
                        browser::set_title("Error: When will you leave? | Throughcare Scotland");
                        browser::focus_id("error-summary");
                        return;
                    }
                },
                _ => {}
            }
        }
        // Answers to follow-ups that no longer apply are forgotten, not kept hidden.
        session.q.with_value(|q| {
            for j in 0..q.questions.len() {
                if !q.is_asked(j, &answers) {
                    answers.choices[j] = None;
                }
            }
        });
        session.answers.set(answers.clone());
        let next = if session.from_check.get_untracked() {
            // A changed answer may open a follow-up question; ask it before going back.
            session.q.with_value(|q| {
                q.next(Some(i), &answers).filter(|&n| {
                    answers.choices[n].is_none()
                        && q.questions[n]
                            .ask_if
                            .as_ref()
                            .is_some_and(|c| c.question == i)
                })
            })
        } else {
            session.q.with_value(|q| q.next(Some(i), &answers))
        };
        match next {
            Some(n) => session.go(Screen::Question(n)),
            None => {
                session.from_check.set(false);
                session.go(Screen::Check)
            }
        }
    };

    let listen = {
        let question = question.clone();
        move |_| {
            let e = easy.get_untracked();
            let mut words = vec![if e {
                question.easy.clone()
            } else {
                question.text.clone()
            }];
            words.extend(question.options.iter().map(|o| {
                if e {
                    o.easy.clone()
                } else {
                    o.text.clone()
                }
            }));
            browser::speak(&words.join(". "));
        }
    };

    let options = question.options.clone();
    let question_id = question.id.clone();
    view! {
        <p><button type="button" class="link-button" on:click=move |_| browser::back()>"Back"</button></p>
        {move || error.get().map(|(field, message)| view! {
            <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <ul><li><a href=format!("#{field}")>{message}</a></li></ul>
            </div>
        })}
        <form on:submit=submit novalidate>
            <fieldset class="fieldset">
                <legend class="fieldset__legend">
                    <h1 tabindex="-1"><span class="caption">{part}</span>{text}</h1>
                </legend>
                {move || hint().map(|h| view! { <p class="hint">{h}</p> })}
                {browser::can_speak().then(|| view! {
                    <p><button type="button" class="button button--secondary" on:click=listen.clone()>"Listen"</button></p>
                })}
                <div class="radios">
                    {options.into_iter().enumerate().map(|(o, option)| {
                        let id = format!("{question_id}-{}", option.id);
                        let label = {
                            let option = option.clone();
                            move || if easy.get() { option.easy.clone() } else { option.text.clone() }
                        };
                        let is_date = release && option.id == "date";
                        let is_weeks = release && option.id == "weeks";
                        let show_icon = question.kind != Kind::Council;
                        view! {
                            <div class="radio">
                                <input type="radio" name="answer" id=id.clone() value=option.id.clone()
                                    prop:checked=move || selected.get() == Some(o)
                                    on:change=move |_| selected.set(Some(o)) />
                                {show_icon.then(|| icon(session, &option.icon))}
                                <label class="radio__label" for=id>{label}</label>
                            </div>
                            {move || (is_date && selected.get() == Some(o)).then(|| view! {
                                <div class="conditional">
                                    <label class="label" for="leave-date">"Date you leave"</label>
                                    {move || (error.get().map(|e| e.0) == Some("leave-date")).then(|| view! { <p class="error-message">"Error: Enter the date you leave"</p> })}
                                    <input class="input" type="date" id="leave-date" prop:value=move || date.get()
                                        on:input=move |ev| date.set(event_target_value(&ev)) />
                                </div>
                            })}
                            {move || (is_weeks && selected.get() == Some(o)).then(|| view! {
                                <div class="conditional">
                                    <label class="label" for="leave-weeks">"Number of weeks"</label>
                                    {move || (error.get().map(|e| e.0) == Some("leave-weeks")).then(|| view! { <p class="error-message">"Error: Enter a number of weeks"</p> })}
                                    <input class="input" type="text" inputmode="numeric" id="leave-weeks" size="4" prop:value=move || weeks.get()
                                        on:input=move |ev| weeks.set(event_target_value(&ev)) />
                                </div>
                            })}
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <button type="submit" class="button">"Continue"</button>
            <button type="button" class="button button--secondary" on:click=move |_| selected.set(None)>"Clear my answer"</button>
        </form>
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

fn check_answers(session: Session) -> impl IntoView {
    let easy = session.easy;
    // Opened from an answer code, the answers are read-only until someone chooses to change
    // them: a worker sees what the person said without moving anything by mistake.
    let read_only = session.from_code;
    let rows = move || {
        let answers = session.answers.get();
        let read_only = read_only.get();
        session.q.with_value(|q| {
            q.path(&answers)
                .into_iter()
                .map(|i| {
                    let question = if easy.get() { q.questions[i].easy.clone() } else { q.questions[i].text.clone() };
                    let answer = answer_text(q, &answers, i, easy.get());
                    let hidden = question.clone();
                    let change = (!read_only).then(|| view! {
                        <dd class="summary__actions">
                            <button type="button" class="link-button" on:click=move |_| {
                                session.from_check.set(true);
                                session.go(Screen::Question(i));
                            }>"Change"<span class="visually-hidden">{format!(" your answer to: {hidden}")}</span></button>
                        </dd>
                    });
                    view! {
                        <div class="summary__row">
                            <dt class="summary__key">{question}</dt>
                            <dd class="summary__value">{answer}</dd>
                            {change}
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <p><button type="button" class="link-button" on:click=move |_| browser::back()>"Back"</button></p>
        <h1 tabindex="-1">"Check your answers"</h1>
        {move || if read_only.get() {
            view! {
                <div class="notice" id="from-code"><p class="notice__text">"These are the answers from the answer code. Nothing changes unless you choose to change an answer."</p></div>
                <p><button type="button" class="button button--secondary" on:click=move |_| read_only.set(false)>"Change answers"</button></p>
            }.into_any()
        } else {
            view! { <p>"You can change any answer. Answers you skipped say \u{201c}Not provided\u{201d}."</p> }.into_any()
        }}
        <dl class="summary">{rows}</dl>
        <button type="button" class="button" on:click=move |_| session.go(Screen::Plan)>"See your plan"</button>
    }
}

fn plan_page(session: Session) -> impl IntoView {
    let answers = session.answers.get_untracked();
    let q = session.q.get_value();
    let today = browser::today();
    let plan = plan::build(&q, &answers, today);
    let easy = session.easy.get_untracked();
    let code = code::encode(&q, &answers);
    let qr = qr_svg(&code);

    let release = plan.release.map(|d| {
        let soon = plan.release_soon;
        // A date no one is let out on is said back kindly, with the day the plan counts from.
        let said = match plan.release_given {
            Some(given) => format!(
                "You said {}. You will most likely leave on {}. Your plan uses that day.",
                given.long(),
                d.long()
            ),
            None => format!("You leave on {}.", d.long()),
        };
        let notes = plan
            .release_notes
            .iter()
            .map(|n| view! { <p class="notice__text">{n.clone()}</p> })
            .collect_view();
        let has_notes = !plan.release_notes.is_empty();
        view! {
            <p class="lead" id="release-day">{said}</p>
            {has_notes.then(|| view! { <div class="notice" id="release-notes">{notes}</div> })}
            {soon.then(|| view! { <div class="notice"><p class="notice__text">"You leave soon. The most urgent things are at the top."</p></div> })}
        }
    });

    let priorities = plan.priorities.iter().enumerate().map(|(n, p)| {
        let area = &q.areas[p.area];
        let name = if easy { area.easy.clone() } else { area.name.clone() };
        let level = if p.level >= 2 { "Help needed now" } else { "Some help needed" };
        let rows = p.steps.iter().map(|s| {
            let step = &q.steps[s.step];
            view! {
                <tr>
                    <td>{if easy { step.easy.clone() } else { step.what.clone() }}</td>
                    <td>{step.who.clone()}</td>
                    <td>{step.how.clone()}</td>
                    <td>{s.by.text()}</td>
                    <td><span class="tick-box" aria-hidden="true"></span><span class="visually-hidden">"Not done yet"</span></td>
                </tr>
            }
        }).collect_view();
        view! {
            <section class="panel">
                <h3>{format!("{}. {name}", n + 1)}</h3>
                <p>{level}</p>
                <table class="plan-table">
                    <caption class="visually-hidden">{format!("Steps for {name}")}</caption>
                    <thead><tr><th scope="col">"What"</th><th scope="col">"Who does it"</th><th scope="col">"How"</th><th scope="col">"By when"</th><th scope="col">"Done?"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </section>
        }
    }).collect_view();

    let strengths: Vec<String> = plan
        .strengths
        .iter()
        .map(|&a| {
            if easy {
                q.areas[a].easy.clone()
            } else {
                q.areas[a].name.clone()
            }
        })
        .collect();
    let services = plan.services.iter().map(|&s| {
        let service = &q.services[s];
        let phone = service.phone.clone().map(|p| {
            let tel = format!("tel:{}", p.replace(' ', ""));
            view! { <p>"Phone: "<a href=tel>{p}</a></p> }
        });
        view! {
            <li class="card">
                <h3 class="card__title">{service.name.clone()}</h3>
                <p class="card__text">{if easy { service.easy.clone() } else { service.description.clone() }}</p>
                {phone}
            </li>
        }
    }).collect_view();

    // Said plainly: the list has no service of the person's own area, and what to do instead.
    let no_local = plan.council.clone().filter(|_| !plan.local_listed).map(|council| {
        let said = if easy {
            format!("We do not know of local help in {council} yet. The help above works everywhere. Ask a worker what help there is near you.")
        } else {
            format!("No local service in {council} is listed here yet for what you need. The services above work across Scotland. Ask your justice social worker, or the council's social work or housing team, what there is near you.")
        };
        view! { <p class="plan__no-local" id="no-local">{said}</p> }
    });
    let none_yet = plan.priorities.is_empty();
    view! {
        <h1 tabindex="-1">"Your plan"</h1>
        {release}
        <h2>"What to do first"</h2>
        {none_yet.then(|| view! { <p>"You did not say you need help with anything. You can still talk to a worker at any time."</p> })}
        {priorities}
        {(!strengths.is_empty()).then(|| view! {
            <h2>"What is going well"</h2>
            <ul>{strengths.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        })}
        <h2>"Who can help"</h2>
        <ul class="cards">{services}</ul>
        {no_local}
        <h2>"Where each part of life stands"</h2>
        {chart(&q, &plan, easy)}
        <h2>"Your answer code"</h2>
        <p>"This code brings back the same plan in this tool on another device, like a worker's tablet. Only share it with people you trust."</p>
        <p class="answer-code" aria-label=spelled(&code)>{code.clone()}</p>
        <div class="qr" role="img" aria-label="The same answer code as a QR code" inner_html=qr></div>
        <p class="no-print">
            <button type="button" class="button" on:click=move |_| browser::print()>"Print this plan"</button>
            <button type="button" class="button button--secondary" on:click=move |_| browser::back()>"Back"</button>
        </p>
    }
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
fn chart(q: &Questionnaire, plan: &Plan, easy: bool) -> impl IntoView + use<> {
    let charted: Vec<(usize, u8)> = plan
        .standings
        .iter()
        .enumerate()
        .filter_map(|(a, s)| Some((a, s.score()?)))
        .collect();
    // Fewer than three spokes make a line, not a shape: the table says it alone.
    let svg = (charted.len() >= 3).then(|| star(q, &charted));
    let left_off = charted.len() < q.areas.len();
    let rows = q
        .areas
        .iter()
        .zip(&plan.standings)
        .map(|(area, standing)| {
            let name = if easy {
                area.easy.clone()
            } else {
                area.name.clone()
            };
            let standing: Standing = *standing;
            view! { <tr><td>{name}</td><td>{standing.label()}</td></tr> }
        })
        .collect_view();
    view! {
        {svg.map(|svg| view! {
            <figure class="chart">
                <div inner_html=svg></div>
                <figcaption>
                    "Further from the middle means going better. "
                    {left_off.then_some("Parts of life that do not apply, that you were not sure of or chose not to say, or did not answer, are not drawn. ")}
                    "The table says where every part stands."
                </figcaption>
            </figure>
        })}
        <table class="plan-table">
            <caption class="visually-hidden">"Where each part of life stands"</caption>
            <thead><tr><th scope="col">"Part of life"</th><th scope="col">"Where it stands"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
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
        let name = q.areas[area]
            .short
            .replace('&', "&amp;")
            .replace('<', "&lt;");
        svg.push_str(&format!("<text class=\"chart__label\" x=\"{x}\" y=\"{y}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{name}</text>"));
    }
    svg.push_str("</svg>");
    svg
}

fn enter_code(session: Session) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let show_plan = move || {
        let result = session
            .q
            .with_value(|q| code::decode(q, &typed.get_untracked()));
        match result {
            Ok(answers) => {
                session.answers.set(answers);
                session.from_code.set(true);
                session.go(Screen::Check);
            }
            Err(e) => {
                error.set(Some(e.to_string()));
                browser::set_title("Error: Enter an answer code | Throughcare Scotland");
                browser::focus_id("error-summary");
            }
        }
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        show_plan();
    };
    // A code is 39 characters: the field wraps it on a phone, so that all of it shows. It
    // is one line to the person: Enter shows the plan, as in any one-line field.
    let enter = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            show_plan();
        }
    };
    view! {
        <p><button type="button" class="link-button" on:click=move |_| browser::back()>"Back"</button></p>
        {move || error.get().map(|message| view! {
            <div class="error-summary" id="error-summary" tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <ul><li><a href="#answer-code">{message}</a></li></ul>
            </div>
        })}
        <form on:submit=submit novalidate>
            <h1 tabindex="-1"><label for="answer-code">"Enter an answer code"</label></h1>
            <p class="hint">"It is on the plan, under \u{201c}Your answer code\u{201d}. Capital or small letters both work."</p>
            {move || error.get().map(|m| view! { <p class="error-message" id="answer-code-error">{format!("Error: {m}")}</p> })}
            <textarea class="input input--code" id="answer-code" rows="2" cols="42" autocomplete="off" spellcheck="false" autocapitalize="characters"
                aria-describedby=move || error.get().map(|_| "answer-code-error")
                prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) on:keydown=enter></textarea>
            <p><button type="submit" class="button">"Show the answers"</button></p>
        </form>
    }
}

fn idle_dialog(session: Session) -> impl IntoView {
    browser::focus_id("still-here");
    view! {
        <div class="dialog">
            <div class="dialog__box" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-text">
                <h2 id="idle-title">"Are you still there?"</h2>
                <p id="idle-text">"To keep your answers private, this will start again soon. Press any key, or move or tap, to carry on."</p>
                <p class="dialog__count" aria-hidden="true">{move || format!("{} seconds left", session.idle_left.get())}</p>
                <p class="visually-hidden" aria-live="polite">{move || session.idle_spoken.get()}</p>
                <button type="button" class="button" id="still-here" on:click=move |_| session.idle_warning.set(false)>"I'm still here"</button>
                <button type="button" class="button button--secondary" on:click=move |_| session.wipe()>"Start again now"</button>
            </div>
        </div>
    }
}
