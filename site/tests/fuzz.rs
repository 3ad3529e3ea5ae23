//! Fuzz targets on stable Rust (no nightly here, so no cargo-fuzz): each target draws inputs
//! from a proptest strategy (grammar pieces and mutations of real files, not only noise),
//! runs the code that reads untrusted text, and checks that it never panics and that what it
//! lets through is safe. `cargo test` runs a short smoke of each; `tests/fuzz` runs many more.
//!
//! FUZZ_CASES (default 300) sets the cases per target, FUZZ_TARGET one target, FUZZ_SEED a
//! seed to replay; the seed of every run is printed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use regex::Regex;
use site::config::Config as SiteConfig;
use site::content::glossary::Glossary;
use site::finding::SourceFile;
use site::icons::Icons;
use site::markdown::MarkdownContext;
use site::output::OutputPath;

type Target = fn(&mut TestRunner) -> Result<(), String>;

fn main() {
    let cases: u32 = env_or("FUZZ_CASES", 300);
    let only = std::env::var("FUZZ_TARGET").ok();
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let targets: [(&str, Target); 7] = [
        ("output_path", output_path),
        ("page", page),
        ("answer_code", answer_code),
        ("questionnaire", questionnaire),
        ("federation_manifest", federation_manifest),
        ("federation_lock", federation_lock),
        ("hsds_import", hsds_import),
    ];
    println!("fuzz: seed {seed}, {cases} cases per target");
    let (mut passed, mut failed) = (0, 0);
    for (name, target) in targets {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let mut seed_bytes = [0u8; 32];
        seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
        seed_bytes[8..8 + name.len().min(24)]
            .copy_from_slice(&name.as_bytes()[..name.len().min(24)]);
        let config = Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 2_000,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(
            config,
            TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes),
        );
        let started = Instant::now();
        let result = target(&mut runner);
        let secs = started.elapsed().as_secs_f64();
        match result {
            Ok(()) => {
                passed += 1;
                println!(
                    "fuzz {name}: {cases} cases, 0 failures, {secs:.1} s ({:.0} cases/s)",
                    f64::from(cases) / secs.max(1e-9)
                );
            }
            Err(why) => {
                failed += 1;
                println!("fuzz {name}: FAILED after {secs:.1} s: {why}");
            }
        }
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

fn env_or(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn run<S: Strategy>(
    runner: &mut TestRunner,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) -> Result<(), String> {
    runner.run(&strategy, test).map_err(|e| e.to_string())
}

/// The bundled site: the workspace's root, above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A real file, edited: pieces cut, repeated, or replaced with tokens that matter to its format.
fn mutated(seed: String, tokens: &'static [&'static str]) -> impl Strategy<Value = String> {
    let edit = (
        0usize..4,
        any::<prop::sample::Index>(),
        0usize..40,
        prop::sample::select(tokens),
        any::<char>(),
    );
    prop::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut chars: Vec<char> = seed.chars().collect();
        for (kind, at, len, token, c) in edits {
            let i = at.index(chars.len() + 1);
            let end = (i + len).min(chars.len());
            match kind {
                0 => {
                    chars.drain(i..end);
                }
                1 => {
                    let piece: Vec<char> = chars[i..end].to_vec();
                    chars.splice(i..i, piece);
                }
                2 => {
                    chars.splice(i..i, token.chars());
                }
                _ => chars.insert(i, c),
            }
        }
        chars.into_iter().collect()
    })
}

const TOML_TOKENS: &[&str] = &[
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "[[",
    "]]",
    "{",
    "}",
    "=",
    ",",
    "\n",
    "#",
    ".",
    "\\",
    "\\u0000",
    "\\uD800",
    "1e999",
    "-9223372036854775809",
    "18446744073709551616",
    "nan",
    "inf",
    "2027-02-30",
    "1979-05-27T07:32:00Z",
    "true",
    "x = 1\n",
    "[x]\n",
    "[[x]]\n",
    "\u{feff}",
    "../../../etc",
    "%2e%2e/",
    "\u{202e}",
    "𝕏",
    "a.b.c = 1\n",
    "[[[[[[[[[[[[[[[[[[[[",
];

const JSON_TOKENS: &[&str] = &[
    "\"",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "null",
    "true",
    "1e999",
    "-0",
    "\\u0000",
    "\\ud800",
    "{\"name\":\"\"}",
    "{\"name\":\"!!!\"}",
    "{\"name\":\"x\",\"alternate_name\":\"..\"}",
    "\"../../x\"",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "\"opens_at\":\"\\u00e9\"",
    "\"opens_at\":\"09\"",
    "\"code\":5",
    "\"contents\":{}",
];

/// The gate: whatever it accepts is a plain relative path, as a server or OS would read it.
fn output_path(runner: &mut TestRunner) -> Result<(), String> {
    let piece = prop_oneof![
        Just("/"),
        Just(".."),
        Just("."),
        Just("%2e"),
        Just("%2E"),
        Just("%2f"),
        Just("%5c"),
        Just("%00"),
        Just("%"),
        Just("\\"),
        Just("C:"),
        Just("\0"),
        Just("\u{e9}"),
        Just("~"),
        Just("a"),
        Just("index.html"),
    ]
    .prop_map(String::from)
    .boxed();
    let strategy = prop::collection::vec(
        prop_oneof![piece, any::<char>().prop_map(String::from)],
        0..16,
    )
    .prop_map(|p| p.concat());
    run(runner, strategy, |url| {
        let checked = [OutputPath::from_url(&url), OutputPath::from_relative(&url)];
        for path in checked.iter().flatten() {
            let decoded = percent_encoding::percent_decode_str(path.as_str()).decode_utf8_lossy();
            for p in [path.as_str(), decoded.as_ref()] {
                prop_assert!(
                    !p.contains(['\\', ':'])
                        && !p.chars().any(char::is_control)
                        && p.split('/').all(|s| !s.is_empty() && s != "." && s != ".."),
                    "{url:?} -> {p:?}"
                );
            }
        }
        Ok(())
    })
}

static SITE: LazyLock<(SiteConfig, Icons)> = LazyLock::new(|| {
    let (config, _) = SiteConfig::load(&root()).expect("config.toml");
    let icons = Icons::load(&root().join("static")).expect("icons");
    (config, icons)
});

static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("pattern"));
static HANDLER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)[\s"'/]on[a-z]+\s*="#).expect("pattern"));
static ENTITY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)&#(x[0-9a-f]+|[0-9]+);?").expect("pattern"));

/// Why an HTML fragment could run script, if it could.
fn script_in(html: &str) -> Option<String> {
    for tag in TAG.find_iter(html) {
        let tag = tag.as_str();
        let lower = tag.to_ascii_lowercase();
        for bad in [
            "<script", "<iframe", "<object", "<embed", "<form", "<meta", "<base", "<link", "<style",
        ] {
            if lower.starts_with(bad) {
                return Some(format!("a {bad} tag: {tag}"));
            }
        }
        if HANDLER.is_match(tag) {
            return Some(format!("an event handler: {tag}"));
        }
        // As a browser reads an attribute: entities decoded, spaces and controls dropped.
        let decoded = ENTITY.replace_all(&lower, |c: &regex::Captures| {
            let n = &c[1];
            let code = match n.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
                .map(String::from)
                .unwrap_or_default()
        });
        let squeezed: String = decoded
            .replace("&colon;", ":")
            .replace("&tab;", "")
            .replace("&newline;", "")
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        for scheme in ["javascript:", "vbscript:", "data:text/html"] {
            if squeezed.contains(scheme) {
                return Some(format!("a {scheme} URL: {tag}"));
            }
        }
    }
    None
}

/// Front matter and Markdown, as a content file or a partner's page: parsed, checked and
/// rendered; the HTML carries no script, and every path the page would write is safe.
fn page(runner: &mut TestRunner) -> Result<(), String> {
    let value = prop_oneof![
        Just("\"A title\"".to_string()),
        Just("\"../../../tmp/x\"".to_string()),
        Just("\"/tmp/x\"".to_string()),
        Just("\"%2e%2e/x\"".to_string()),
        Just("\"a//b\"".to_string()),
        Just("\"\"".to_string()),
        Just("[\"/old/\", \"../up/\"]".to_string()),
        Just("2027-02-30".to_string()),
        Just("true".to_string()),
        "\"[^\"\\\\\\n]{0,12}\"",
    ];
    let key = prop::sample::select(
        &[
            "title",
            "path",
            "slug",
            "aliases",
            "date",
            "review_by",
            "template",
            "easy_read",
            "audience",
            "needs",
            "weight",
            "draft",
            "description",
            "kind",
            "nonsense",
        ][..],
    );
    let line = (key, value).prop_map(|(k, v)| format!("{k} = {v}\n"));
    let body_piece = prop::sample::select(
        &[
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[a](javascript:alert(1))",
            "[a](JaVaScRiPt:alert(1))",
            "[a](&#106;avascript:alert(1))",
            "[a](java\tscript:x)",
            "<a href=\"javascript&colon;alert(1)\">x</a>",
            "<svg onload=alert(1)>",
            "<iframe src=x>",
            "<scr<script>ipt>",
            "<style>*{}</style>",
            "<a href='data:text/html,x'>x</a>",
            "![alt](javascript:alert(1))",
            "<div onclick=\"x\">t</div>",
            "<p/onmouseover=x>",
            "{{ config.title }}",
            "{% raw %}",
            "\n",
            "\n\n",
            "# ",
            "## Heading {#id}",
            "* ",
            "1. ",
            "| a | b |\n|---|---|\n| c | d |\n",
            "[^1]\n\n[^1]: note",
            "`code`",
            "```\nx\n```\n",
            "<!-- c -->",
            "<details open ontoggle=x>",
            "[x](@/ok.md)",
            "[x](#a)",
            "&amp;",
            "&#0;",
            "\u{E000}",
            "\u{E001}",
            "picture:house ",
            "[[x]]",
            "<",
            ">",
            "\"",
            "'",
            "Short words. ",
            "<math><mi xlink:href=\"javascript:x\">",
            "<a href=\"  javascript:x\">",
            "<base href=x>",
            "<form action=x>",
            "<meta http-equiv=refresh>",
            "<link rel=import>",
        ][..],
    );
    let body = prop::collection::vec(
        prop_oneof![
            body_piece.prop_map(String::from),
            any::<char>().prop_map(String::from)
        ],
        0..24,
    )
    .prop_map(|p| p.concat());
    // The checker itself must catch what it looks for, or the target proves nothing.
    for bad in [
        "<script>x</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"&#106;avascript:x\">",
        "<a href=\"java\tscript:x\">",
    ] {
        if script_in(bad).is_none() {
            return Err(format!("the checker missed {bad}"));
        }
    }
    if let Some(why) =
        script_in("<p>javascript: onclick=x</p><a href=\"https://example.org/\">x</a>")
    {
        return Err(format!("the checker flagged safe HTML: {why}"));
    }
    let file = (prop::collection::vec(line, 0..6), body, any::<bool>());
    run(runner, file, |(lines, body, easy)| {
        let (config, icons) = &*SITE;
        let text = format!("+++\ntitle = \"A\"\n{}+++\n{body}", lines.concat());
        let rel = if easy { "a/b.easy.md" } else { "a/b.md" };
        let Ok(doc) =
            site::content::parse_document(SourceFile::new("content/a/b.md", text), rel, config)
        else {
            return Ok(());
        };
        for url in std::iter::once(doc.path.as_str())
            .chain(doc.meta.aliases.iter().map(|a| a.get_ref().as_str()))
        {
            prop_assert!(
                OutputPath::from_url(url).is_ok(),
                "a page was let through with the path {url:?}"
            );
        }
        let permalinks = HashMap::new();
        let glossary = Glossary::empty();
        let cx = MarkdownContext {
            permalinks: &permalinks,
            glossary: &glossary,
            glossary_url: None,
            icons,
            easy_read: doc.easy_read,
        };
        let rendered = site::markdown::render(&doc.file, doc.body.clone(), &cx);
        if let Some(why) = script_in(&rendered.html) {
            return Err(TestCaseError::fail(format!("{why}\nin {}", rendered.html)));
        }
        Ok(())
    })
}

static QUESTIONNAIRE: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root().join("content/assessment"))
        .expect("content/assessment")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // The English files; `name.xx.toml` are a translation's words.
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| !s.to_string_lossy().contains('.'))
        })
        .map(|p| {
            let name = format!(
                "content/assessment/{}",
                p.file_name().unwrap_or_default().to_string_lossy()
            );
            (
                name,
                std::fs::read_to_string(&p).expect("a questionnaire file"),
            )
        })
        .collect();
    files.sort();
    files
});

fn load_questionnaire(
    files: &[(String, String)],
) -> Result<assessment::model::Questionnaire, Vec<assessment::source::Problem>> {
    let (config, icons) = &*SITE;
    let areas: Vec<&str> = config.life_areas.iter().map(|a| a.id.as_str()).collect();
    let icon_exists = |name: &str| icons.get(name).is_some();
    let known = assessment::source::Known {
        life_areas: &areas,
        icon_exists: &icon_exists,
    };
    let sources: Vec<assessment::source::SourceText> = files
        .iter()
        .map(|(name, text)| assessment::source::SourceText { name, text })
        .collect();
    assessment::source::load(&sources, None, &known)
}

/// The questionnaire's TOML, one file edited at a time: an error, never a panic.
fn questionnaire(runner: &mut TestRunner) -> Result<(), String> {
    let files = &*QUESTIONNAIRE;
    let strategy =
        (0..files.len()).prop_flat_map(|i| (Just(i), mutated(files[i].1.clone(), TOML_TOKENS)));
    run(runner, strategy, |(i, text)| {
        let mut edited = files.clone();
        edited[i].1 = text;
        let _ = load_questionnaire(&edited);
        Ok(())
    })
}

/// Answer codes as a person types them, or as a worker pastes them: decoded or refused.
fn answer_code(runner: &mut TestRunner) -> Result<(), String> {
    let q = load_questionnaire(&QUESTIONNAIRE)
        .map_err(|p| format!("the bundled questionnaire: {p:?}"))?;
    let valid = assessment::code::encode(&q, &assessment::model::Answers::new(&q));
    // Any answers at all, even ones the app would never hold, encode without a panic.
    let answers = (
        prop::collection::vec(prop::option::of(0usize..12), 0..80),
        any::<Option<i32>>(),
        any::<Option<u8>>(),
    );
    run(runner, answers, |(choices, date, weeks)| {
        let answers = assessment::model::Answers {
            choices,
            release_date: date.map(assessment::day::Day),
            release_weeks: weeks,
        };
        let _ = assessment::code::encode(&q, &answers);
        Ok(())
    })?;
    let alphabet: &'static [&'static str] = &[
        "-", " ", "0", "1", "9", "A", "Z", "a", "z", "=", "/", "+", "\u{e9}", "\0", "--", "\n",
    ];
    let strategy = prop_oneof![
        mutated(valid.clone(), alphabet),
        ".{0,40}",
        "[0-9A-Za-z-]{0,60}",
    ];
    run(runner, strategy, |code| {
        if let Ok(answers) = assessment::code::decode(&q, &code) {
            // What decodes must encode to a code that decodes to the same answers.
            let again = assessment::code::encode(&q, &answers);
            prop_assert_eq!(assessment::code::decode(&q, &again).ok(), Some(answers));
        }
        Ok(())
    })
}

fn federation_manifest(runner: &mut TestRunner) -> Result<(), String> {
    let seed = read("federation.toml");
    run(runner, mutated(seed, TOML_TOKENS), |text| {
        if let Ok(manifest) = federation::manifest::Manifest::parse(text) {
            for member in &manifest.members {
                prop_assert!(
                    federation::manifest::valid_id(member.id.get_ref()),
                    "member id {:?} let through",
                    member.id.get_ref()
                );
            }
        }
        Ok(())
    })
}

fn federation_lock(runner: &mut TestRunner) -> Result<(), String> {
    let seed = read("federation.lock");
    run(runner, mutated(seed, TOML_TOKENS), |text| {
        let _ = federation::lock::Lock::parse(&text);
        Ok(())
    })
}

const HSDS_SEED: &str = r#"{"contents": [
  {"id": "1", "name": "Housing advice", "alternate_name": "housing-advice",
   "description": "Help to find a home.", "email": "help@example.org", "url": "https://example.org/",
   "assured_date": "2026-01-02",
   "phones": [{"number": "0100 000 0000"}],
   "service_areas": [{"name": "Glasgow City"}, {"name": "all"}],
   "attributes": [{"taxonomy_term": {"taxonomy": "throughcare-needs", "code": "housing"}},
                  {"taxonomy_term": {"taxonomy": "throughcare-referral", "code": "self"}}],
   "schedules": [{"description": "Monday to Friday", "opens_at": "09:00:00", "closes_at": "17:00:00"}]},
  {"id": "2", "name": "Money help"}
]}"#;

/// A partner's HSDS JSON: listings or findings, and every listing's page path is safe.
fn hsds_import(runner: &mut TestRunner) -> Result<(), String> {
    let today: jiff::civil::Date = "2026-11-30".parse().map_err(|e| format!("{e}"))?;
    run(
        runner,
        mutated(HSDS_SEED.to_string(), JSON_TOKENS),
        move |text| {
            let (config, _) = &*SITE;
            let councils = vec!["Glasgow City".to_string()];
            let member = site::content::directory::MemberFacts {
                id: "partner",
                organisation: site::content::directory::Organisation {
                    name: "Partner".into(),
                    identifiers: Vec::new(),
                    website: None,
                },
                councils: &councils,
                sample: true,
            };
            let file = SourceFile::new("federation/partner/hsds.json", text);
            let (listings, _) = site::content::hsds::import(&file, &member, config, today);
            for l in &listings {
                prop_assert!(
                    OutputPath::from_url(&l.path).is_ok(),
                    "listing path {:?} let through",
                    l.path
                );
            }
            Ok(())
        },
    )
}
