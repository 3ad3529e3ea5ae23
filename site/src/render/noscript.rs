//! Rewriting inside `<noscript>`, shared by the folder and kiosk link rewriters.

use std::cell::RefCell;

use lol_html::errors::RewritingError;
use lol_html::html_content::{ContentType, TextChunk};

/// `<noscript>` holds text to a parser that runs scripts, as the rewriter's does; a browser
/// without JavaScript reads it as HTML, so its links are rewritten too: its text is gathered
/// and put back rewritten.
#[derive(Default)]
pub struct NoScript(RefCell<String>);

impl NoScript {
    pub fn rewrite(
        &self,
        chunk: &mut TextChunk,
        rewrite: impl Fn(&str) -> Result<String, RewritingError>,
    ) -> lol_html::HandlerResult {
        self.0.borrow_mut().push_str(chunk.as_str());
        if chunk.last_in_text_node() {
            let inner = std::mem::take(&mut *self.0.borrow_mut());
            chunk.replace(&rewrite(&inner)?, ContentType::Html);
        } else {
            chunk.remove();
        }
        Ok(())
    }
}
