//! The browser around the app: history, focus, title, speech, the quick-exit shortcut, the
//! idle reset and the panic screen. Nothing here stores or sends anything.

use std::cell::Cell;
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::Session;

/// Warn this long before an idle reset (WCAG 2.2.1 asks for at least 20 seconds).
pub const IDLE_WARNING_SECONDS: u32 = 30;

fn window() -> web_sys::Window {
    web_sys::window().expect("the app runs in a browser window")
}

pub fn embedded_json() -> Option<String> {
    window()
        .document()?
        .get_element_by_id("assessment-data")?
        .text_content()
}

pub fn app_element() -> Option<web_sys::HtmlElement> {
    window()
        .document()?
        .get_element_by_id("app")?
        .dyn_into()
        .ok()
}

/// Run `then` in a task of its own, after what the browser has waiting (input first).
pub fn later(then: impl FnOnce() + 'static) {
    gloo_timers::callback::Timeout::new(0, then).forget();
}

/// Replace the app with the page's message `id` (a `<template>`, in the page's language, that
/// needs nothing from the app's data) and its plain link to start again.
pub fn show_failure(id: &str) {
    if let (Some(app), Some(message)) = (app_element(), by_id(id)) {
        app.set_inner_html(&message.inner_html());
    }
}

/// A panic must never leave a broken page: show a friendly error and a way to start again.
pub fn install_panic_screen() {
    std::panic::set_hook(Box::new(|_| show_failure("app-stopped")));
}

/// This page in `lang`: the address the language switch links it at, if it has one.
pub fn alternate(lang: &str) -> Option<String> {
    let mut selector = String::from("nav.languages a[hreflang=\"");
    selector.push_str(lang);
    selector.push_str("\"]");
    window()
        .document()?
        .query_selector(&selector)
        .ok()??
        .get_attribute("href")
}

/// Open `page` in place of this one: its history entry becomes that page's.
pub fn leave_for(page: &str) {
    let _ = window().location().replace(page);
}

pub fn push_history(index: usize) {
    if let Ok(history) = window().history() {
        let _ = history.push_state(&JsValue::from_f64(index as f64), "");
    }
}

pub fn replace_history(index: usize) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state(&JsValue::from_f64(index as f64), "");
    }
}

pub fn back() {
    if let Ok(history) = window().history() {
        let _ = history.back();
    }
}

/// Back over `entries` history entries at once.
pub fn go_back(entries: usize) {
    if let Ok(history) = window().history() {
        let _ = history.go_with_delta(-(entries as i32));
    }
}

pub fn on_history(restore: impl Fn(usize) + 'static) {
    EventListener::new(&window(), "popstate", move |event| {
        // Only the app's own entries carry a step number; a link to #main (the skip link) makes
        // an entry without one, and must not move the app.
        let state = event.dyn_ref::<web_sys::PopStateEvent>().map(|e| e.state());
        if let Some(index) = state.and_then(|s| s.as_f64()) {
            restore(index as usize);
        }
    })
    .forget();
}

/// Pressing Shift three times in a row hides everything (the GOV.UK "Exit this page" keys).
pub fn on_quick_exit(exit: impl Fn() + 'static) {
    let presses = Rc::new(Cell::new((0u32, 0f64)));
    EventListener::new(&window(), "keydown", move |event| {
        let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if key.key() != "Shift" || key.repeat() {
            presses.set((0, 0.0));
            return;
        }
        let now = js_sys::Date::now();
        let (count, last) = presses.get();
        let count = if now - last < 1500.0 { count + 1 } else { 1 };
        presses.set((count, now));
        if count >= 3 {
            presses.set((0, 0.0));
            exit();
        }
    })
    .forget();
}

/// The attribute `name` of the element matching `selector` that the event happened in.
pub fn closest_data(event: &web_sys::Event, selector: &str, name: &str) -> Option<String> {
    event
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest(selector)
        .ok()??
        .get_attribute(name)
}

/// Activity that keeps the answers: any key, pointer, touch, scroll or typing. While the
/// warning shows, it dismisses the warning too, except on the warning's own buttons, which
/// answer for themselves (pressing "Start again now" must still start again).
fn is_activity(event: &web_sys::Event) -> bool {
    let target = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let in_box = |selector: &str| {
        target
            .as_ref()
            .and_then(|t| t.closest(selector).ok().flatten())
            .is_some()
    };
    match event.dyn_ref::<web_sys::KeyboardEvent>() {
        Some(key) => {
            !(in_box(".dialog__box button") && matches!(key.key().as_str(), "Enter" | " "))
        }
        None => !in_box(".dialog__box"),
    }
}

/// Start again after `seconds` without input, with a warning before that which counts down
/// and which any activity dismisses; on a kiosk whose first language (`home`) is not this
/// page's, in this page in that language.
pub fn idle_reset(seconds: u32, session: Session, home: Option<&'static str>) {
    let kinds = [
        "keydown",
        "pointerdown",
        "pointermove",
        "input",
        "scroll",
        "touchstart",
        "wheel",
    ];
    for kind in kinds {
        EventListener::new(&window(), kind, move |event| {
            if !session.get(|s| s.idle_warning) || is_activity(event) {
                session.still_here();
            }
        })
        .forget();
    }
    let warn_at = seconds.saturating_sub(IDLE_WARNING_SECONDS);
    Interval::new(1000, move || {
        let (active_at, warned, screen) = session.get(|s| (s.active_at, s.idle_warning, s.screen));
        let idle = (js_sys::Date::now() - active_at) / 1000.0;
        if screen == crate::Screen::Start && !warned {
            session.still_here();
        } else if idle >= f64::from(seconds) {
            let page = home.and_then(alternate);
            session.set(|s| s.leave_for = page);
            session.wipe();
        } else if idle >= f64::from(warn_at) {
            // Whole seconds left, counting down; said aloud only every ten seconds.
            let left = (f64::from(seconds) - idle).ceil() as u32;
            if !warned {
                session.warn(left);
                focus("#still-here");
            } else {
                let said = session.w.count(assessment::Key::IdleLeft, left.into());
                set_text("idle-count", &said);
                if left.is_multiple_of(10) {
                    set_text("idle-said", &said);
                }
            }
        }
    })
    .forget();
}

/// Put `text` in the element `id` (a live region, a count), if it is on the page.
pub fn set_text(id: &str, text: &str) {
    if let Some(el) = by_id(id) {
        el.set_text_content(Some(text));
    }
}

/// The easy-read button says whether easy read is on.
pub fn show_easy(on: bool, words: &assessment::Words) {
    if let Some(button) = by_id("easy-read") {
        let _ = button.set_attribute("aria-pressed", if on { "true" } else { "false" });
        let key = if on {
            assessment::Key::EasyOn
        } else {
            assessment::Key::EasyOff
        };
        button.set_text_content(Some(words.get(key)));
    }
}

/// Move focus to the element `selector` finds (after the next paint, when it is drawn), as
/// GOV.UK pages do with the heading after each step and with an error summary.
pub fn focus(selector: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = window()
            .document()
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// The id of the element an event happened on.
pub fn target_id(event: &web_sys::Event) -> Option<String> {
    Some(event.target()?.dyn_into::<web_sys::Element>().ok()?.id())
}

fn by_id(id: &str) -> Option<web_sys::Element> {
    window().document()?.get_element_by_id(id)
}

/// What is typed in the field `id`, if it is on the page.
pub fn field_value(id: &str) -> Option<String> {
    js_sys::Reflect::get(by_id(id)?.as_ref(), &JsValue::from_str("value"))
        .ok()?
        .as_string()
}

fn checked_answer() -> Option<web_sys::Element> {
    window()
        .document()?
        .query_selector("#app input[name=answer]:checked")
        .ok()?
}

/// The answer chosen on a question page, by its place in the question's options.
pub fn checked_option() -> Option<usize> {
    checked_answer()?.get_attribute("data-option")?.parse().ok()
}

pub fn uncheck_answer() {
    if let Some(radio) = checked_answer() {
        let _ = js_sys::Reflect::set(&radio, &JsValue::from_str("checked"), &JsValue::FALSE);
    }
}

/// Show the field that belongs to the chosen answer (`data-reveal`), and hide the others.
pub fn show_conditionals(choice: Option<usize>) {
    for id in ["leave-date-box", "leave-weeks-box"] {
        if let Some(box_) = by_id(id) {
            let shown = box_
                .get_attribute("data-reveal")
                .and_then(|o| o.parse().ok())
                == choice;
            let _ = box_.toggle_attribute_with_force("hidden", !shown);
        }
    }
}

pub fn set_title(title: &str) {
    if let Some(doc) = window().document() {
        doc.set_title(title);
    }
}

pub fn print() {
    let _ = window().print();
}

pub fn can_speak() -> bool {
    window().speech_synthesis().is_ok()
}

/// Say `text` aloud in the language `voice` (a BCP 47 tag: `en-GB`, `pl-PL`).
pub fn speak(text: &str, voice: &str) {
    if let (Ok(synth), Ok(utterance)) = (
        window().speech_synthesis(),
        web_sys::SpeechSynthesisUtterance::new_with_text(text),
    ) {
        synth.cancel();
        utterance.set_lang(voice);
        synth.speak(&utterance);
    }
}

pub fn stop_speaking() {
    if let Ok(synth) = window().speech_synthesis() {
        synth.cancel();
    }
}

/// Today in the person's time zone.
pub fn today() -> assessment::Day {
    let now = js_sys::Date::new_0();
    assessment::Day::from_ymd(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or(assessment::Day(0))
}
