//! The self-assessment in the browser. The page carries the checked questionnaire as JSON;
//! this app asks the questions (GOV.UK question pages), builds the plan with the `assessment`
//! crate, and keeps everything in memory only: no storage, no cookies, no URL, no network.

mod browser;
mod html;
mod pages;

use std::sync::{Mutex, MutexGuard, PoisonError};

use assessment::embedded::Embedded;
use assessment::{Answers, Questionnaire, Words};
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

/// Everything that changes, in one place. Wiping it is one call.
pub struct State {
    pub answers: Answers,
    pub screen: Screen,
    /// In-app history, so the browser's Back button moves between steps; only indexes go into
    /// the browser's history, never answers. Each entry keeps how many entries the app had
    /// added before it, so that Hide can go back over all of them.
    pub stack: Vec<Entry>,
    /// Where in `stack` the browser is.
    pub at: usize,
    /// Hide went back over the app's entries: the next arrival at the first one drops those
    /// ahead of it, so that Forward cannot bring back even the empty steps.
    pub trimming: bool,
    /// The answers came from an answer code: the check-answers page shows them read-only until
    /// someone chooses to change them (a worker's view of what the person said).
    pub from_code: bool,
    /// Came to a question from the check-your-answers page: go back there after it.
    pub from_check: bool,
    pub draft: Draft,
    /// The problem with what was entered on this page: the field's id and what to do.
    pub error: Option<(&'static str, String)>,
    pub easy: bool,
    pub idle_warning: bool,
    /// When the person last did something (milliseconds, the browser's clock).
    pub active_at: f64,
    /// Seconds left before the idle reset, while the warning shows.
    pub idle_left: u32,
    /// The page a kiosk's idle reset opens once it has gone back over the app's history
    /// entries: this page in the kiosk's first language.
    pub leave_for: Option<String>,
}

impl State {
    fn current(&self) -> Entry {
        self.stack.get(self.at).copied().unwrap_or(Entry {
            screen: Screen::Start,
            depth: 0,
        })
    }
}

/// The app's handle on its data and state. The state is one plain value and Leptos is told
/// when to draw again (two triggers): a signal per field made the wasm about 10 KB larger,
/// each value type repeating the reactive code. The questionnaire, the pictures and the state
/// live as long as the page, so they are leaked once rather than reference-counted.
#[derive(Clone, Copy)]
pub struct Session {
    pub q: &'static Questionnaire,
    /// What the app says, in the page's language.
    pub w: &'static Words,
    /// The pictures: name and inline SVG, after `icon_start`.
    icons: &'static [(String, String)],
    icon_start: &'static str,
    state: &'static Mutex<State>,
    /// Draws the screen again.
    screen_changed: Trigger,
    /// Draws the idle warning again.
    warning_changed: Trigger,
}

impl Session {
    /// Read the state. Never call back into the session from `read` or `change`: the lock is held.
    pub fn get<T>(&self, read: impl FnOnce(&State) -> T) -> T {
        read(&self.lock())
    }

    /// Change the state; what is drawn changes only with `redraw`.
    pub fn set<T>(&self, change: impl FnOnce(&mut State) -> T) -> T {
        change(&mut self.lock())
    }

    /// The state (a `Mutex` because Leptos asks for `Send` views; the page has one thread, so
    /// it is never contended, and with `panic = "abort"` never poisoned).
    fn lock(&self) -> MutexGuard<'static, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Draw the screen again from the state.
    pub fn redraw(&self) {
        self.screen_changed.notify();
    }

    /// For the screen's view: what it shows depends on this.
    pub fn track_screen(&self) {
        self.screen_changed.track();
    }

    /// For the idle warning's view.
    pub fn track_warning(&self) {
        self.warning_changed.track();
    }

    pub fn go(&self, screen: Screen) {
        self.arrive();
        let index = self.set(|s| {
            let depth = s.current().depth + 1;
            s.stack.push(Entry { screen, depth });
            s.at = s.stack.len() - 1;
            s.at
        });
        browser::push_history(index);
        self.show(screen);
    }

    /// Draw `screen`, then give it its title, say it, and move focus to its heading.
    fn show(&self, screen: Screen) {
        self.set(|s| s.screen = screen);
        self.redraw();
        pages::arrived(*self, true);
    }

    /// The person did something: the idle clock starts again, and its warning goes.
    pub fn still_here(&self) {
        let was_warned = self.set(|s| {
            s.active_at = js_sys::Date::now();
            std::mem::take(&mut s.idle_warning)
        });
        if was_warned {
            self.warning_changed.notify();
        }
    }

    /// Show the idle warning, with `left` seconds to go.
    pub fn warn(&self, left: u32) {
        self.set(|s| {
            s.idle_warning = true;
            s.idle_left = left;
        });
        self.warning_changed.notify();
    }

    /// A new page starts with no draft and no error.
    fn arrive(&self) {
        let had_error = self.set(|s| {
            s.draft = Draft::default();
            s.error.take().is_some()
        });
        if had_error {
            self.redraw();
        }
    }

    /// Read what is chosen and typed on the page into the draft, before it is drawn again.
    pub fn keep_draft(&self) {
        let screen = self.get(|s| s.screen);
        let typed = |id| browser::field_value(id).unwrap_or_default();
        match screen {
            Screen::Question(_) => {
                let (choice, date, weeks) = (
                    browser::checked_option(),
                    typed("leave-date"),
                    typed("leave-weeks"),
                );
                self.set(|s| {
                    s.draft.choice = choice;
                    s.draft.date = date;
                    s.draft.weeks = weeks;
                });
            }
            Screen::EnterCode => {
                let code = typed("answer-code");
                self.set(|s| s.draft.code = code);
            }
            _ => {}
        }
    }

    /// The picture called `name`, as inline SVG, in `h`.
    pub fn icon(&self, h: &mut html::Html, name: &str) {
        if let Some((_, svg)) = self.icons.iter().find(|(n, _)| n == name) {
            h.raw(self.icon_start).raw(svg);
        }
    }

    /// From the browser's Back or Forward.
    pub fn restore(&self, index: usize) {
        if self.get(|s| s.trimming) && index == 0 {
            // Back at the app's first entry after Hide: a new entry drops every one ahead, or
            // the page the idle reset goes to replaces it.
            self.set(|s| s.trimming = false);
            if !self.leave() {
                self.go(Screen::Start);
            }
            return;
        }
        self.arrive();
        let (before, screen) = self.set(|s| {
            s.at = if index < s.stack.len() { index } else { 0 };
            (s.screen, s.current().screen)
        });
        if before != screen {
            self.show(screen);
        }
    }

    /// "Hide / start again", and the idle reset: forget every answer, show the neutral start,
    /// and leave at most one history entry of the app's behind (then, on a kiosk's idle reset,
    /// open `leave_for`).
    pub fn wipe(&self) {
        let depth = self.get(|s| s.current().depth);
        self.arrive();
        let fresh = Answers::new(self.q);
        self.set(|s| {
            s.answers = fresh;
            s.from_check = false;
            s.from_code = false;
            s.stack = vec![Entry {
                screen: Screen::Start,
                depth: 0,
            }];
            s.at = 0;
        });
        self.still_here();
        browser::stop_speaking();
        self.show(Screen::Start);
        if depth > 0 {
            self.set(|s| s.trimming = true);
            browser::go_back(depth);
        } else {
            browser::replace_history(0);
            self.leave();
        }
    }

    /// Open the page the idle reset goes to, if it goes to one.
    fn leave(&self) -> bool {
        let page = self.set(|s| s.leave_for.take());
        page.map(|p| browser::leave_for(&p)).is_some()
    }
}

/// Loading the script, reading the data and drawing the app run as three tasks, each short,
/// so that the page answers a tap between them: as one task they blocked it for 100 to 190 ms
/// on a CPU slowed four times (Lighthouse's total blocking time).
#[wasm_bindgen(start)]
pub fn start() {
    browser::install_panic_screen();
    browser::later(|| {
        let Some(embedded) = browser::embedded_json().and_then(|text| Embedded::read(&text)) else {
            browser::show_failure("app-unreadable");
            return;
        };
        browser::later(move || begin(embedded));
    });
}

/// The app, from the page's data.
fn begin(embedded: Embedded) {
    let Some(mount) = browser::app_element() else {
        return;
    };
    mount.set_inner_html("");
    let idle = embedded.idle_reset_seconds;
    let questionnaire = embedded.questionnaire;
    let icons = embedded.icons;
    let icon_start: &'static str = embedded.icon_start.leak();
    // A kiosk's idle reset returns to its first language: this page in that language.
    let home: Option<&'static str> = embedded
        .return_to
        .filter(|lang| *lang != embedded.words.lang)
        .map(|lang| &*lang.leak());
    let words: &'static Words = Box::leak(Box::new(embedded.words));
    let state = State {
        answers: Answers::new(&questionnaire),
        screen: Screen::Start,
        stack: vec![Entry {
            screen: Screen::Start,
            depth: 0,
        }],
        at: 0,
        trimming: false,
        from_code: false,
        from_check: false,
        draft: Draft::default(),
        error: None,
        easy: true,
        idle_warning: false,
        active_at: js_sys::Date::now(),
        idle_left: 0,
        leave_for: None,
    };
    let q: &'static Questionnaire = Box::leak(Box::new(questionnaire));
    let icons: &'static [(String, String)] = Vec::leak(icons);
    let state: &'static Mutex<State> = Box::leak(Box::new(Mutex::new(state)));
    let container = mount.clone();
    leptos::mount::mount_to(mount, move || {
        let session = Session {
            q,
            w: words,
            icons,
            icon_start,
            state,
            screen_changed: Trigger::new(),
            warning_changed: Trigger::new(),
        };
        browser::replace_history(0);
        pages::arrived(session, false);
        browser::on_history(move |index| session.restore(index));
        browser::on_quick_exit(move || session.wipe());
        if let Some(seconds) = idle {
            browser::idle_reset(seconds, session, home);
        }
        pages::listen(&container, session);
        pages::app(session)
    })
    .forget();
}
