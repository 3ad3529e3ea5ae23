//! The progress bar a long build shows on a terminal (indicatif), fed by the generator's
//! progress callback from its render threads.

use std::sync::{Arc, OnceLock};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use site::Progress;

/// Builds under 200 pages finish before a bar would help, so they show none.
const SMALLEST: usize = 200;

pub fn bar() -> Progress {
    let bar: OnceLock<ProgressBar> = OnceLock::new();
    Progress(Arc::new(move |done, total| {
        if total < SMALLEST {
            return;
        }
        let bar = bar.get_or_init(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{spinner} rendering {pos}/{len} pages {wide_bar} {eta}",
            ) {
                bar.set_style(style);
            }
            bar
        });
        bar.set_position(done as u64);
        if done >= total {
            bar.finish_and_clear();
        }
    }))
}
