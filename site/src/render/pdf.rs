//! PDFs of the printable packs, made by typst without a browser: A4, large print, the fonts
//! embedded, the easy-read pictures beside each idea, page numbers, and no timestamp (so the
//! same pack gives the same bytes).
//!
//! The pack comes in as JSON and the typst template reads it with `json()`: page text is data,
//! never typst markup, so nothing in the content can run as typst code.

use std::collections::BTreeMap;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The Latin faces first (typst picks the first of equal faces), then the Latin Extended
/// subsets of the same family, which typst falls back to for letters such as Polish ą, ł, ż.
const FONTS: [&[u8]; 6] = [
    include_bytes!("../../fonts/atkinson-hyperlegible-400-normal.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-700-normal.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-400-italic.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-latin-ext-400-normal.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-latin-ext-700-normal.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-latin-ext-400-italic.ttf"),
];

const TEMPLATE: &str = include_str!("pack.typ");

struct PackWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    files: BTreeMap<String, Bytes>,
}

fn file_id(path: &str) -> Option<FileId> {
    Some(FileId::new(RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).ok()?,
    )))
}

impl World for PackWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .iter()
            .find(|(path, _)| file_id(path) == Some(id))
            .map(|(_, bytes)| bytes.clone())
            .ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    /// No "today": the PDF must not change from one day to the next.
    fn today(&self, _: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// The pack laid out in pages, before it is written as PDF.
fn lay_out(json: String, icons: &BTreeMap<String, String>) -> Result<PagedDocument, String> {
    let fonts: Vec<Font> = FONTS
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let main_id = file_id("/pack.typ").ok_or("bad template path")?;
    let mut files = BTreeMap::new();
    files.insert("/pack.json".to_string(), Bytes::from_string(json));
    for (name, svg) in icons {
        files.insert(
            format!("/icons/{name}.svg"),
            Bytes::from_string(svg.clone()),
        );
    }
    let world = PackWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(main_id, TEMPLATE.to_string()),
        files,
    };
    typst::compile(&world).output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Make the PDF of one pack: `json` is the pack's data (see pack.typ), `icons` the SVG of each
/// picture it uses.
pub fn pack_pdf(
    id: &str,
    json: String,
    icons: &BTreeMap<String, String>,
) -> Result<Vec<u8>, String> {
    let document = lay_out(json, icons)?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(format!("throughcare-pack-{id}")),
        timestamp: None,
        ..Default::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use typst::layout::{Frame, FrameItem};

    /// Every run of text in the frame: its font's family, and whether any glyph is missing.
    fn runs(frame: &Frame, out: &mut Vec<(String, String, bool)>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => runs(&group.frame, out),
                FrameItem::Text(text) => out.push((
                    text.text.to_string(),
                    text.font.info().family.clone(),
                    text.glyphs.iter().any(|g| g.id == 0),
                )),
                _ => {}
            }
        }
    }

    #[test]
    fn polish_and_gaelic_letters_are_set_in_the_packs_own_font_and_its_words_are_the_packs_language(
    ) {
        let json = serde_json::json!({
            "title": "Zażółć gęślą jaźń",
            "description": "Łódź, Kraków, Gdańsk. Tìr is Teanga: fàilte.",
            "site": "Throughcare",
            "plan_template": true,
            "lang": "pl",
            "strings": {"free": "Łatwy tekst. Za darmo.", "contents": "Spis treści",
                "who_can_help": "Kto może pomóc", "phone": "Telefon:", "page_of": "Strona {n} z {total}",
                "plan_title": "Mój plan", "plan_write": "Zapisz, co zrobisz najpierw.", "what": "Co",
                "who": "Kto", "how": "Jak", "by_when": "Do kiedy", "done": "Zrobione?"},
            "services": [{"name": "Pomoc", "text": "Źródło wsparcia", "phone": "116 123"}],
            "pages": [{"title": "Dzień wyjścia", "blocks": [
                {"kind": "heading", "text": "Ściśle tajne", "icon": null},
                {"kind": "text", "text": "Można zadzwonić. Òran àlainn.", "icon": null}
            ]}]
        });
        let document = lay_out(json.to_string(), &BTreeMap::new()).expect("the pack lays out");
        let mut found = Vec::new();
        for page in document.pages() {
            runs(&page.frame, &mut found);
        }
        // The pack's own words, in its language (runs split at spaces and fonts' edges).
        let all: String = found.iter().map(|(text, _, _)| text.as_str()).collect();
        for words in [
            "Strona2z",
            "Ktomożepomóc",
            "Dokiedy",
            "Zrobione?",
            "Telefon:116123",
        ] {
            assert!(all.replace(' ', "").contains(words), "{words} in {all}");
        }
        for letter in ["ż", "ł", "ą", "Ś", "ń", "ì", "à", "Ò"] {
            assert!(
                found.iter().any(|(text, _, _)| text.contains(letter)),
                "{letter} was laid out"
            );
        }
        for (text, family, missing) in &found {
            assert_eq!(
                family, "Atkinson Hyperlegible",
                "{text:?} is in another font"
            );
            assert!(!missing, "{text:?} has a letter the font does not have");
        }
    }
}
