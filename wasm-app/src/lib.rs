//! The self-assessment in the browser. The page carries the checked questionnaire as JSON;
//! this app asks the questions (GOV.UK question pages), builds the plan with the `assessment`
//! crate, and keeps everything in memory only: no storage, no cookies, no URL, no network.

mod browser;
mod pages;

use assessment::embedded::Embedded;
use assessment::{Answers, Questionnaire};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Where the person is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Screen {
    Start,
    Question(usize),
    Check,
    Plan,
    EnterCode,
}

/// A step in the app's history.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub screen: Screen,
    /// The browser history entries the app had added before this one.
    pub depth: usize,
}

/// What the person has chosen and typed on the page they are on, before they continue: kept
/// across a redraw of the same page, forgotten when they move to another.
#[derive(Clone, Default)]
pub struct Draft {
    /// The question this is for; `None` until a question page is drawn.
    pub question: Option<usize>,
    pub choice: Option<usize>,
    pub date: String,
    pub weeks: String,
    pub code: String,
}

/// All state, in one place. Wiping it is one call.
#[derive(Clone, Copy)]
pub struct Session {
    pub q: StoredValue<Questionnaire>,
    /// The pictures: name and inline SVG.
    pub icons: StoredValue<Vec<(String, String)>>,
    pub answers: RwSignal<Answers>,
    pub screen: RwSignal<Screen>,
    /// In-app history, so the browser's Back button moves between steps; only indexes go into
    /// the browser's history, never answers. Each entry keeps how many entries the app had
    /// added before it, so that Hide can go back over all of them.
    pub stack: StoredValue<Vec<Entry>>,
    /// Where in `stack` the browser is.
    pub at: StoredValue<usize>,
    /// Hide went back over the app's entries: the next arrival at the first one drops those
    /// ahead of it, so that Forward cannot bring back even the empty steps.
    pub trimming: StoredValue<bool>,
    /// The answers came from an answer code: the check-answers page shows them read-only until
    /// someone chooses to change them (a worker's view of what the person said).
    pub from_code: RwSignal<bool>,
    /// Came to a question from the check-your-answers page: go back there after it.
    pub from_check: RwSignal<bool>,
    pub draft: StoredValue<Draft>,
    /// The problem with what was entered on this page: the field's id and what to do.
    pub error: RwSignal<Option<(&'static str, String)>>,
    pub easy: RwSignal<bool>,
    pub idle_warning: RwSignal<bool>,
    /// When the person last did something (milliseconds, the browser's clock).
    pub active_at: StoredValue<f64>,
    /// Seconds left before the idle reset, while the warning shows.
    pub idle_left: StoredValue<u32>,
}

impl Session {
    pub fn go(&self, screen: Screen) {
        self.arrive();
        let depth = self.current().depth + 1;
        let index = self.stack.with_value(|s| s.len());
        self.stack.update_value(|s| s.push(Entry { screen, depth }));
        self.at.set_value(index);
        browser::push_history(index);
        self.show(screen);
    }

    /// Draw `screen`, then give it its title, say it, and move focus to its heading.
    fn show(&self, screen: Screen) {
        self.screen.set(screen);
        pages::arrived(*self, true);
    }

    /// The person did something: the idle clock starts again, and its warning goes.
    pub fn still_here(&self) {
        self.active_at.set_value(js_sys::Date::now());
        if self.idle_warning.get_untracked() {
            self.idle_warning.set(false);
        }
    }

    /// A new page starts with no draft and no error.
    fn arrive(&self) {
        self.draft.set_value(Draft::default());
        if self.error.with_untracked(Option::is_some) {
            self.error.set(None);
        }
    }

    /// Read what is chosen and typed on the page into the draft, before it is drawn again.
    pub fn keep_draft(&self) {
        self.draft
            .update_value(|d| match self.screen.get_untracked() {
                Screen::Question(_) => {
                    d.choice = browser::checked_option();
                    d.date = browser::field_value("leave-date").unwrap_or_default();
                    d.weeks = browser::field_value("leave-weeks").unwrap_or_default();
                }
                Screen::EnterCode => {
                    d.code = browser::field_value("answer-code").unwrap_or_default()
                }
                _ => {}
            });
    }

    /// The picture called `name`, as inline SVG.
    pub fn icon(&self, name: &str) -> String {
        self.icons
            .with_value(|icons| {
                icons
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, svg)| svg.clone())
            })
            .unwrap_or_default()
    }

    fn current(&self) -> Entry {
        let at = self.at.get_value();
        self.stack
            .with_value(|s| s.get(at).copied())
            .unwrap_or(Entry {
                screen: Screen::Start,
                depth: 0,
            })
    }

    /// From the browser's Back or Forward.
    pub fn restore(&self, index: usize) {
        if self.trimming.get_value() && index == 0 {
            // Back at the app's first entry after Hide: a new entry drops every one ahead.
            self.trimming.set_value(false);
            self.go(Screen::Start);
            return;
        }
        self.arrive();
        let known = index < self.stack.with_value(Vec::len);
        self.at.set_value(if known { index } else { 0 });
        let screen = self.current().screen;
        if self.screen.get_untracked() != screen {
            self.show(screen);
        }
    }

    /// "Hide / start again", and the idle reset: forget every answer, show the neutral start,
    /// and leave at most one history entry of the app's behind.
    pub fn wipe(&self) {
        let depth = self.current().depth;
        self.arrive();
        self.answers.set(self.q.with_value(Answers::new));
        self.from_check.set(false);
        self.from_code.set(false);
        self.still_here();
        self.stack.set_value(vec![Entry {
            screen: Screen::Start,
            depth: 0,
        }]);
        self.at.set_value(0);
        browser::stop_speaking();
        self.show(Screen::Start);
        if depth > 0 {
            self.trimming.set_value(true);
            browser::go_back(depth);
        } else {
            browser::replace_history(0);
        }
    }
}

#[wasm_bindgen(start)]
pub fn start() {
    browser::install_panic_screen();
    let Some(embedded) = browser::embedded_json().and_then(|text| Embedded::read(&text)) else {
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
            stack: StoredValue::new(vec![Entry {
                screen: Screen::Start,
                depth: 0,
            }]),
            at: StoredValue::new(0),
            trimming: StoredValue::new(false),
            from_code: RwSignal::new(false),
            from_check: RwSignal::new(false),
            draft: StoredValue::new(Draft::default()),
            error: RwSignal::new(None),
            easy: RwSignal::new(true),
            idle_warning: RwSignal::new(false),
            active_at: StoredValue::new(js_sys::Date::now()),
            idle_left: StoredValue::new(0),
        };
        browser::replace_history(0);
        pages::arrived(session, false);
        browser::on_history(move |index| session.restore(index));
        browser::on_quick_exit(move || session.wipe());
        if let Some(seconds) = idle {
            browser::idle_reset(seconds, session);
        }
        pages::app(session)
    })
    .forget();
}
