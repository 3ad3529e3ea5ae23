//! `throughcare bench`: build a generated Zola-style corpus and report throughput and memory.
//! A benchmark prints figures; it never fails a test run for being slow.

use std::fmt;
use std::path::Path;
use std::time::Instant;

use site::{build, BuildError, BuildOptions};

pub struct BenchResult {
    pub pages: usize,
    pub seconds: f64,
    pub stages: site::Stages,
    pub peak_rss_kib: Option<u64>,
    pub cores: usize,
}

impl fmt::Display for BenchResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "corpus: {} pages (Zola-style: 10 sections, front matter, headings, lists, internal links)", self.pages)?;
        writeln!(f, "build: {:.2} s on {} core(s)", self.seconds, self.cores)?;
        let ms = |d: std::time::Duration| d.as_millis();
        writeln!(
            f,
            "stages: read and check {} ms, render {} ms, write {} ms",
            ms(self.stages.check),
            ms(self.stages.render),
            ms(self.stages.write)
        )?;
        writeln!(
            f,
            "throughput: {:.0} pages/s",
            self.pages as f64 / self.seconds
        )?;
        match self.peak_rss_kib {
            Some(kib) => write!(f, "peak RSS: {:.1} MiB", kib as f64 / 1024.0),
            None => write!(f, "peak RSS: not available on this system"),
        }
    }
}

/// Sizes of one file as sent: raw, gzip (level 9) and brotli (quality 11).
pub struct Weight {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl Weight {
    pub fn of(name: impl Into<String>, bytes: &[u8]) -> Weight {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let _ = gz.write_all(bytes);
        let gzip = gz.finish().map_or(0, |v| v.len());
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 22,
            ..Default::default()
        };
        let _ = brotli::BrotliCompress(&mut &bytes[..], &mut br, &params);
        Weight {
            name: name.into(),
            raw: bytes.len(),
            gzip,
            brotli: br.len(),
        }
    }
}

/// Everything the self-assessment page loads, from a built site: the page (with the
/// questionnaire inside), the stylesheet, the two font faces it uses, the script (with the
/// wasm inside) and the icon; and the wasm on its own for comparison.
pub fn assessment_weight(site: &Path, wasm: Option<&[u8]>) -> std::io::Result<Vec<Weight>> {
    let mut rows = Vec::new();
    for (name, path) in [
        (
            "page HTML, with the questions as JSON",
            "assessment/index.html",
        ),
        ("stylesheet", "css/site.css"),
        (
            "font, regular",
            "fonts/atkinson-hyperlegible-latin-400-normal.woff2",
        ),
        (
            "font, bold",
            "fonts/atkinson-hyperlegible-latin-700-normal.woff2",
        ),
        ("script, with the wasm inside", "js/assessment.js"),
        ("icon", "favicon.svg"),
    ] {
        rows.push(Weight::of(name, &std::fs::read(site.join(path))?));
    }
    let total = Weight {
        name: "everything the page loads".into(),
        raw: rows.iter().map(|w| w.raw).sum(),
        gzip: rows.iter().map(|w| w.gzip).sum(),
        brotli: rows.iter().map(|w| w.brotli).sum(),
    };
    let page = site.join("assessment/index.html");
    let html = std::fs::read_to_string(page)?;
    let data = html
        .split("id=\"assessment-data\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or("");
    rows.push(Weight::of(
        "of which: the questions (JSON)",
        data.as_bytes(),
    ));
    if let Some(wasm) = wasm {
        rows.push(Weight::of("of which: the wasm itself", wasm));
    }
    rows.push(total);
    Ok(rows)
}

pub fn print_weights(rows: &[Weight]) -> String {
    let mut out = format!(
        "{:<40} {:>9} {:>9} {:>9}\n",
        "self-assessment page", "raw", "gzip", "brotli"
    );
    for w in rows {
        out.push_str(&format!(
            "{:<40} {:>9} {:>9} {:>9}\n",
            w.name, w.raw, w.gzip, w.brotli
        ));
    }
    out
}

pub fn run(pages: usize) -> Result<BenchResult, BuildError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Io { path, source }
    };
    let dir = tempfile::tempdir().map_err(io(Path::new("temporary folder")))?;
    write_corpus(dir.path(), pages).map_err(io(dir.path()))?;
    let opts = BuildOptions::new(dir.path());
    let started = Instant::now();
    let summary = build(&opts)?;
    Ok(BenchResult {
        pages,
        seconds: started.elapsed().as_secs_f64(),
        stages: summary.stages,
        peak_rss_kib: peak_rss_kib(),
        cores: std::thread::available_parallelism().map_or(1, usize::from),
    })
}

/// Peak resident memory of this process (Linux `VmHWM`).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

const SECTIONS: usize = 10;

fn write_corpus(root: &Path, pages: usize) -> std::io::Result<()> {
    let w = |rel: &str, text: &str| -> std::io::Result<()> {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)
    };
    w(
        "config.toml",
        "base_url = \"https://example.com\"\ntitle = \"Bench\"\n",
    )?;
    w("templates/base.html", "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n<body><main>{% block content %}{% endblock %}</main></body></html>\n")?;
    w("templates/index.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ config.title }}</h1><ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href=\"{{ sub.permalink }}\">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}\n")?;
    w("templates/section.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}<ul>{% for p in section.pages %}<li><a href=\"{{ p.permalink }}\">{{ p.title }}</a></li>{% endfor %}</ul>{% endblock %}\n")?;
    w("templates/page.html", "{% extends \"base.html\" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock %}\n")?;
    w("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")?;
    for s in 0..SECTIONS {
        w(
            &format!("content/s{s}/_index.md"),
            &format!("+++\ntitle = \"Section {s}\"\nsort_by = \"weight\"\n+++\nSection {s}.\n"),
        )?;
    }
    for i in 0..pages {
        let s = i % SECTIONS;
        let next = (i + SECTIONS) % pages.max(1);
        let body = format!(
            "+++\ntitle = \"Page {i}\"\ndate = 2025-01-01\nweight = {i}\n+++\nThis is page {i}. It has a few short sentences of plain text, with *emphasis* and `code`.\n\n## A heading\n\nA list:\n\n- one item\n- another item with a [link](@/s{}/p{next}.md)\n\nA closing paragraph that says a little more, so the page is not empty.\n",
            next % SECTIONS
        );
        w(&format!("content/s{s}/p{i}.md"), &body)?;
    }
    Ok(())
}

/// Build a real site (the bundled one, from the current folder) and report its build time
/// and, when it has the self-assessment, the weight of that page.
pub fn bundled(opts: BuildOptions) -> Result<String, BuildError> {
    let tmp = tempfile::tempdir().map_err(|source| BuildError::Io {
        path: "temporary folder".into(),
        source,
    })?;
    let out = tmp.path().join("site");
    let wasm = opts.app_script.map(|a| a.wasm);
    let started = Instant::now();
    let summary = build(&BuildOptions {
        out: out.clone(),
        ..opts
    })?;
    let mut text = format!(
        "bundled site: {} pages, {} files, built in {} ms\n",
        summary.pages + summary.sections,
        summary.files,
        started.elapsed().as_millis()
    );
    for (id, bytes, took) in &summary.pack_pdfs {
        text.push_str(&format!(
            "pack PDF {id}: {bytes} bytes in {} ms\n",
            took.as_millis()
        ));
    }
    if summary.pack_pdfs.is_empty() {
        text.push_str("pack PDFs: not built (build with --features pdf)\n");
    }
    if out.join("assessment/index.html").is_file() && out.join("js/assessment.js").is_file() {
        let rows = assessment_weight(&out, wasm).map_err(|source| BuildError::Io {
            path: out.clone(),
            source,
        })?;
        text.push_str(&print_weights(&rows));
    }
    Ok(text)
}

/// A generated federation: `members` members with `services` services each, every service
/// published in standard and easy read. Reports the build time (fetch, verify, check and
/// render) next to a plain corpus of the same number of pages.
pub fn federation(members: usize, services: usize) -> Result<String, BuildError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Io { path, source }
    };
    let dir = tempfile::tempdir().map_err(io(Path::new("temporary folder")))?;
    let root = dir.path();
    write_federation(root, members, services).map_err(io(root))?;
    let today = jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    let options = federation::Options::new(root, today.to_string());
    let started = Instant::now();
    match federation::update(&options) {
        Ok((_, problems)) if problems.is_empty() => {}
        _ => {
            return Err(BuildError::Io {
                path: root.to_path_buf(),
                source: std::io::Error::other("the generated federation did not lock"),
            })
        }
    }
    let update = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let summary = build(&BuildOptions {
        mode: site::Mode::Strict,
        ..BuildOptions::new(root)
    })?;
    let seconds = started.elapsed().as_secs_f64();
    let pages = summary.services * 2;
    let peak = peak_rss_kib();
    let plain = run(pages)?;
    Ok(format!(
        "federation: {members} members x {services} services x 2 reading levels = {pages} service pages (+{} other files)\n\
         federation update (read, vet, hash, cache): {update:.2} s\n\
         federation build: {seconds:.2} s ({:.0} service pages/s); peak RSS {}\n\
         the same number of plain pages: {:.2} s ({:.0} pages/s)\n\
         federation / plain: {:.2}x\n",
        summary.files.saturating_sub(pages),
        pages as f64 / seconds,
        peak.map_or("not available".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0)),
        plain.seconds,
        plain.pages as f64 / plain.seconds,
        seconds / plain.seconds,
    ))
}

fn write_federation(root: &Path, members: usize, services: usize) -> std::io::Result<()> {
    let w = |rel: &str, text: &str| -> std::io::Result<()> {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)
    };
    w("config.toml", "base_url = \"https://example.com\"\ntitle = \"Bench\"\n\n[[life_areas]]\nid = \"housing\"\nname = \"Housing\"\n\n[[life_areas]]\nid = \"money\"\nname = \"Money\"\n")?;
    w("templates/base.html", "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n<body><main>{% block content %}{% endblock %}</main></body></html>\n")?;
    w(
        "templates/index.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ config.title }}</h1>{% endblock %}\n",
    )?;
    w("templates/section.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{% endblock %}\n")?;
    w("templates/member.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ section.title }}</h1>{% endblock %}\n")?;
    w("templates/page.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock %}\n")?;
    w("templates/directory.html", "{% extends \"base.html\" %}{% block title %}{{ directory.title }}{% endblock %}{% block content %}<h1>{{ directory.title }}</h1>{% if directory.service %}{% set s = directory.service %}<p>{% if directory.easy %}{{ s.easy }}{% else %}{{ s.description }}{% endif %}</p><p>{{ s.provenance.provider }}, checked {{ s.provenance.checked }}</p>{% endif %}<ul>{% for s in directory.listings %}<li><a href=\"{{ s.permalink }}\">{{ s.name }}</a></li>{% endfor %}</ul>{% endblock %}\n")?;
    w("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")?;
    let councils = site::content::directory::COUNCILS;
    let mut manifest = String::new();
    for m in 0..members {
        let council = councils[m % councils.len()].0;
        manifest.push_str(&format!("[[members]]\nid = \"member-{m}\"\nname = \"Member {m}\"\nkinds = [\"services\"]\ncouncils = [\"{council}\"]\nsource = {{ dir = \"members/member-{m}\" }}\n\n"));
        let mut text = String::new();
        for s in 0..services {
            text.push_str(&format!("[[services]]\nslug = \"service-{s}\"\nname = \"Service {s} of member {m}\"\ndescription = \"A service that helps people with housing and money after they leave prison.\"\neasy = \"Help with a home and money.\"\nneeds = [\"housing\", \"money\"]\nreferral = [\"self\", \"staff\"]\nreview_by = 2099-01-01\n\n"));
        }
        w(&format!("members/member-{m}/services.toml"), &text)?;
    }
    w("federation.toml", &manifest)
}
