//! The self-assessment in the browser. The page carries the checked questionnaire as JSON;
//! this app asks the questions (GOV.UK question pages), builds the plan with the `assessment`
//! crate, and keeps everything in memory only: no storage, no cookies, no URL, no network.

mod browser;
mod pages;

use std::collections::BTreeMap;

use assessment::{Answers, Questionnaire};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// What the generator puts in `<script type="application/json" id="assessment-data">`.
#[derive(Deserialize)]
struct Embedded {
    questionnaire: Questionnaire,
    idle_reset_seconds: Option<u32>,
    /// The pictures the questions use, as inline SVG.
    icons: BTreeMap<String, String>,
}

/// Where the person is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Screen {
    Start,
    Question(usize),
    Check,
    Plan,
    EnterCode,
}

/// All state, in one place. Wiping it is one call.
#[derive(Clone, Copy)]
pub struct Session {
    pub q: StoredValue<Questionnaire>,
    pub icons: StoredValue<BTreeMap<String, String>>,
    pub answers: RwSignal<Answers>,
    pub screen: RwSignal<Screen>,
    /// In-app history, so the browser's Back button moves between steps; only indexes go into
    /// the browser's history, never answers.
    pub stack: StoredValue<Vec<Screen>>,
    /// Came to a question from the check-your-answers page: go back there after it.
    pub from_check: RwSignal<bool>,
    pub easy: RwSignal<bool>,
    pub announcement: RwSignal<String>,
    pub idle_warning: RwSignal<bool>,
    /// Seconds left before the idle reset, while the warning shows.
    pub idle_left: RwSignal<u32>,
    /// The countdown as the warning's live region says it (every ten seconds, not every one).
    pub idle_spoken: RwSignal<String>,
}

impl Session {
    pub fn go(&self, screen: Screen) {
        let index = self.stack.with_value(|s| s.len());
        self.stack.update_value(|s| s.push(screen));
        browser::push_history(index);
        self.screen.set(screen);
    }

    /// From the browser's Back or Forward.
    pub fn restore(&self, index: usize) {
        let screen = self
            .stack
            .with_value(|s| s.get(index).copied())
            .unwrap_or(Screen::Start);
        if self.screen.get_untracked() != screen {
            self.screen.set(screen);
        }
    }

    /// "Hide / start again", and the idle reset: forget every answer, show the neutral start.
    pub fn wipe(&self) {
        self.answers.set(Answers::new(&self.q.get_value()));
        self.from_check.set(false);
        self.idle_warning.set(false);
        self.idle_spoken.set(String::new());
        self.stack.set_value(vec![Screen::Start]);
        browser::replace_history(0);
        browser::stop_speaking();
        self.screen.set(Screen::Start);
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    browser::install_panic_screen();
    let Some(embedded) =
        browser::embedded_json().and_then(|text| serde_json::from_str::<Embedded>(&text).ok())
    else {
        browser::show_failure("The questions could not be read. Use the paper version instead.");
        return;
    };
    let Some(mount) = browser::app_element() else {
        return;
    };
    mount.set_inner_html("");
    let idle = embedded.idle_reset_seconds;
    let questionnaire = embedded.questionnaire;
    let icons = embedded.icons;
    leptos::mount::mount_to(mount, move || {
        let session = Session {
            answers: RwSignal::new(Answers::new(&questionnaire)),
            q: StoredValue::new(questionnaire),
            icons: StoredValue::new(icons),
            screen: RwSignal::new(Screen::Start),
            stack: StoredValue::new(vec![Screen::Start]),
            from_check: RwSignal::new(false),
            easy: RwSignal::new(true),
            announcement: RwSignal::new(String::new()),
            idle_warning: RwSignal::new(false),
            idle_left: RwSignal::new(0),
            idle_spoken: RwSignal::new(String::new()),
        };
        browser::replace_history(0);
        browser::on_history(move |index| session.restore(index));
        browser::on_quick_exit(move || session.wipe());
        if let Some(seconds) = idle {
            browser::idle_reset(seconds, session);
        }
        pages::app(session)
    })
    .forget();
}
