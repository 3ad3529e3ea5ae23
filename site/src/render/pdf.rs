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

const FONTS: [&[u8]; 3] = [
    include_bytes!("../../fonts/atkinson-hyperlegible-400-normal.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-700-normal.ttf"),
    include_bytes!("../../fonts/atkinson-hyperlegible-400-italic.ttf"),
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

/// Make the PDF of one pack: `json` is the pack's data (see pack.typ), `icons` the SVG of each
/// picture it uses.
pub fn pack_pdf(
    id: &str,
    json: String,
    icons: &BTreeMap<String, String>,
) -> Result<Vec<u8>, String> {
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
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
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
