//! The site this repository ships: it builds clean, its content meets the content rules, and
//! the same input gives the same bytes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::walk;
use site::config::Config;
use site::content::{self, Audience};
use site::BuildOptions;

/// The bundled site: the workspace's root, above this crate.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|path| {
            (
                path.strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(&path).unwrap(),
            )
        })
        .collect()
}

#[test]
fn bundled_site_builds_with_no_lint_errors_and_identical_bytes_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    // Each language's help box, for the reading-level check below.
    let config: toml::Table =
        toml::from_str(&std::fs::read_to_string(root().join("config.toml")).unwrap()).unwrap();
    let languages = config["languages"].as_table().unwrap().clone();
    let summary = site::build(&BuildOptions {
        out: a.clone(),
        ..BuildOptions::new(root())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(summary.findings.errors(), 0);
    site::build(&BuildOptions {
        out: b.clone(),
        ..BuildOptions::new(root())
    })
    .unwrap();
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 80, "only {} files", fa.len());
    headers_match_the_hosting_docs(&fa);
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(
            fb[path] == *bytes,
            "{} differs between two builds",
            path.display()
        );
    }
    // The service definition: a standard page, an easy-read page and published data.
    let standard =
        String::from_utf8(fa[Path::new("about/service-definition/index.html")].clone()).unwrap();
    assert!(
        standard.contains("Community Justice Scotland"),
        "the working definition is attributed"
    );
    let easy =
        String::from_utf8(fa[Path::new("about/service-definition/easy-read/index.html")].clone())
            .unwrap();
    assert!(easy.contains("class=\"idea__picture\""));
    let json: serde_json::Value =
        serde_json::from_slice(&fa[Path::new("data/service-definition.json")]).unwrap();
    let parts: Vec<&str> = json["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        parts,
        [
            "what",
            "who",
            "when",
            "help-with",
            "how-to-get",
            "what-it-is-not",
            "values"
        ]
    );
    // Each easy-read page has a radio script: said in words, with a start and an end.
    let radio =
        String::from_utf8(fa[Path::new("after-release/housing/easy-read/radio.txt")].clone())
            .unwrap();
    assert!(
        radio.starts_with("Hello. This is Throughcare Scotland"),
        "{radio}"
    );
    assert!(
        radio.trim_end().ends_with("Thank you for listening."),
        "{radio}"
    );
    assert!(!radio.to_lowercase().contains("click"), "{radio}");
    assert!(
        !radio.chars().any(|c| c.is_ascii_digit()),
        "numbers are in words: {radio}"
    );
    // Federation: the sample members' pages and services, their provenance, the directory in
    // HSDS 3.0 (validated against the official schema), and the self-assessment's matching.
    let text = |p: &str| String::from_utf8(fa[Path::new(p)].clone()).unwrap();
    let member_page = text("families-outside/keeping-in-touch/easy-read/index.html");
    assert!(
        member_page.contains("Sample: this is example content"),
        "{member_page}"
    );
    assert!(
        member_page.contains("Provided by <strong>Families Outside</strong> (sample data)"),
        "{member_page}"
    );
    let listing = text("sample-mentoring/services/peer-mentoring/easy-read/index.html");
    assert!(listing.contains("Sample"), "{listing}");
    let fife = text("services/council/fife/index.html");
    assert!(fife.contains("Fife Council justice social work"), "{fife}");
    let api: serde_json::Value =
        serde_json::from_slice(&fa[Path::new("api/services.json")]).unwrap();
    let validator = common::hsds_validator();
    for s in api.as_array().unwrap() {
        let errors: Vec<String> = validator
            .iter_errors(s)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    assert_eq!(api.as_array().unwrap().len(), summary.services);
    let assessment = text("assessment/index.html");
    assert!(
        assessment.contains("sample-mentoring:service/peer-mentoring"),
        "the plan matches from the directory"
    );
    // Every page carries the strict policy and the same help.
    for (path, bytes) in fa
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "html"))
    {
        let html = String::from_utf8_lossy(bytes);
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\""),
            "{}",
            path.display()
        );
        assert!(!html.contains("unsafe-inline"), "{}", path.display());
        let content_page = html.contains("<main") && !html.contains("http-equiv=\"refresh\"");
        if content_page && path != Path::new("404.html") && !path.starts_with("packs") {
            assert!(
                html.contains("<footer class=\"provenance\""),
                "{} has no provenance",
                path.display()
            );
        }
        if path != Path::new("404.html") {
            // Help for the worst moment, on every page: the emergency number, Samaritans and
            // Breathing Space, in the page's own reading level.
            for number in [
                "href=\"tel:999\"",
                "116 123",
                "0800 83 85 87",
                "0800 254 0088",
            ] {
                assert!(
                    html.contains(number),
                    "{} lacks {number} in the help box",
                    path.display()
                );
            }
            let easy = path.to_string_lossy().contains("easy-read");
            let lang = path
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .filter(|c| languages.contains_key(*c));
            let first_easy = match lang {
                Some(code) => languages[code]["extra"]["help"][0]["easy"].as_str(),
                None => Some("Call if someone could die or is hurt now."),
            }
            .expect("the first help line's easy words")
            .replace('\'', "&#x27;");
            assert_eq!(
                html.contains(&first_easy),
                easy && html.contains("<main"),
                "{}: the help box is not in the page's reading level",
                path.display()
            );
        }
    }
}

/// `_headers` carries the pages' policy with framing refused, and docs/hosting.md gives every
/// one of its headers, with the same values, for nginx and for Caddy.
fn headers_match_the_hosting_docs(site: &BTreeMap<PathBuf, Vec<u8>>) {
    let headers = String::from_utf8(site[Path::new("_headers")].clone()).unwrap();
    let docs = std::fs::read_to_string(root().join("docs/hosting.md")).unwrap();
    let mut names = 0;
    for line in headers.lines().filter(|l| l.starts_with("  ")) {
        let (name, value) = line.trim().split_once(": ").unwrap();
        names += 1;
        assert!(
            docs.contains(&format!("add_header {name} \"{value}\" always;")),
            "docs/hosting.md: the nginx snippet lacks {name}: {value}"
        );
        assert!(
            docs.contains(&format!("{name} \"{value}\"")),
            "docs/hosting.md: the Caddy snippet lacks {name}: {value}"
        );
    }
    assert_eq!(names, 6, "{headers}");
    assert!(headers.contains("frame-ancestors 'none'"), "{headers}");
}

#[test]
fn every_information_page_has_an_easy_read_twin_and_every_story_has_consent() {
    let (config, _) = Config::load(&root()).unwrap();
    let (library, findings) = content::load(&root(), &config, false, &[]);
    assert!(!findings.has_errors(), "{:?}", findings);
    let mut pairs = 0;
    let mut stories = 0;
    let information = |dir: &str| config.lint.require_easy_read_twin.iter().any(|d| d == dir);
    for section in &library.sections {
        let dir = section.dir();
        if !(information(dir) || section.is_stories) {
            continue; // the self-assessment's pages are the app and its paper version
        }
        for &p in &section.pages {
            let page = &library.pages[p];
            assert!(
                page.twin.is_some(),
                "{} has no easy-read twin",
                page.rel_path
            );
            pairs += 1;
            if section.is_stories {
                stories += 1;
                let story = page
                    .story()
                    .unwrap_or_else(|| panic!("{} has no [story] consent record", page.rel_path));
                assert!(
                    story.consent.is_some() && story.consent_date.is_some(),
                    "{}",
                    page.rel_path
                );
                assert_eq!(story.anonymised, Some(true), "{}", page.rel_path);
                assert!(story.content_notes.is_some(), "{}", page.rel_path);
            }
        }
    }
    assert!(
        pairs - stories >= 20,
        "only {} information pages with twins",
        pairs - stories
    );
    assert!(stories >= 6, "only {stories} stories");
}

#[test]
fn every_page_says_what_it_is_about_when_to_review_it_and_who_it_is_for() {
    let (config, _) = Config::load(&root()).unwrap();
    let (library, _) = content::load(&root(), &config, false, &[]);
    for doc in library.documents() {
        assert!(doc.review_by.is_some(), "{} has no review_by", doc.rel_path);
        assert!(!doc.meta.needs.is_empty(), "{} has no needs", doc.rel_path);
        let first = doc.rel_path.split('/').next().unwrap();
        match first {
            "families" => assert_eq!(doc.audience, Audience::Family, "{}", doc.rel_path),
            "staff" => assert_eq!(doc.audience, Audience::Staff, "{}", doc.rel_path),
            _ => {}
        }
    }
}

#[test]
fn no_retired_service_is_offered_as_current() {
    // Shine, New Routes and Moving On were replaced by Upside; SPS Throughcare Support Officers
    // were suspended. They may appear only as history, which says "replaced" or "before".
    for entry in walk(&root().join("content")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        for (n, line) in text.lines().enumerate() {
            for old in [
                "Shine",
                "New Routes",
                "Moving On",
                "Throughcare Support Officer",
            ] {
                if line.contains(old) {
                    let lower = line.to_lowercase();
                    assert!(
                        [
                            "replaced",
                            "before",
                            "used to",
                            "history",
                            "suspended",
                            "earlier",
                            "no longer",
                            // The same in the Polish and Gaelic translations.
                            "przed powstaniem",
                            "wcześniej",
                            "ro upside",
                            "roimhe",
                        ]
                        .iter()
                        .any(|w| lower.contains(w)),
                        "{}:{}: `{old}` is mentioned without saying it is history",
                        entry.display(),
                        n + 1
                    );
                }
            }
        }
    }
}

/// HTML text as a person reads it (what tera's escaper wrote, undone).
fn unescape(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Answers that reach question `i`: each condition on the way met with its first answer.
fn answers_reaching(
    q: &assessment::model::Questionnaire,
    i: usize,
    answers: &mut assessment::model::Answers,
) {
    if let Some(c) = &q.questions[i].ask_if {
        answers_reaching(q, c.question, answers);
        answers.choices[c.question] = Some(c.options[0]);
    }
}

/// The paper version and the app ask the same questions after the same answers: for every
/// question that depends on an earlier one, the paper names exactly the answers after which
/// the app asks it, and no others.
#[test]
fn the_paper_version_branches_as_the_app_does() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    site::build(&BuildOptions {
        out: out.clone(),
        ..BuildOptions::new(root())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let app = std::fs::read_to_string(out.join("assessment/index.html")).unwrap();
    let data = app
        .split(r#"<script type="application/json" id="assessment-data">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the app's page embeds the questionnaire");
    let embedded: serde_json::Value = serde_json::from_str(data).unwrap();
    let q: assessment::model::Questionnaire =
        serde_json::from_value(embedded["questionnaire"].clone()).unwrap();
    let paper = std::fs::read_to_string(out.join("assessment/paper/index.html")).unwrap();
    let mut compared = 0;
    for (i, question) in q.questions.iter().enumerate() {
        let section = paper
            .split(&format!(r#"aria-labelledby="q-{}""#, question.id))
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
            .unwrap_or_else(|| panic!("{} is not on the paper version", question.id));
        let hint = section
            .split(r#"<p class="paper__hint">Only answer this if you ticked "#)
            .nth(1)
            .and_then(|rest| rest.split("</p>").next())
            .map(unescape);
        let Some(c) = &question.ask_if else {
            assert!(hint.is_none(), "{} is asked of everyone", question.id);
            continue;
        };
        let hint = hint.unwrap_or_else(|| panic!("{} has no condition on paper", question.id));
        let earlier = &q.questions[c.question];
        assert!(
            hint.ends_with(&format!(r#" for "{}"."#, earlier.easy)),
            "{hint}"
        );
        for (o, option) in earlier.options.iter().enumerate() {
            let mut answers = assessment::model::Answers::new(&q);
            answers_reaching(&q, c.question, &mut answers);
            answers.choices[c.question] = Some(o);
            let app_asks = q.is_asked(i, &answers);
            let paper_names = hint.contains(&format!("\"{}\"", option.easy));
            assert_eq!(
                paper_names,
                app_asks,
                "{}: after \"{}\" the app {} but the paper says: {hint}",
                question.id,
                option.easy,
                if app_asks { "asks it" } else { "does not" }
            );
            compared += 1;
        }
    }
    assert!(compared > 20, "only {compared} answers compared");
}

/// Sample members and listings (invented services, placeholders) never reach a person on a
/// kiosk or a published site: kiosk and strict builds leave them out and say what they left.
#[test]
fn kiosk_and_strict_builds_leave_sample_content_out_unless_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let expected = [
        "member families-outside",
        "member fife-justice-social-work",
        "member sample-mentoring",
        "listing justice-social-work-glasgow-sample",
    ];
    for (name, kiosk, mode) in [
        (
            "kiosk",
            Some("barlinnie-sample".to_string()),
            site::Mode::Tolerant,
        ),
        ("strict", None, site::Mode::Strict),
    ] {
        let out = tmp.path().join(name);
        let summary = site::build(&BuildOptions {
            out: out.clone(),
            kiosk: kiosk.clone(),
            mode,
            ..BuildOptions::new(root())
        })
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(summary.samples_left_out, expected, "{name}");
        let assessment = std::fs::read_to_string(out.join("assessment/index.html")).unwrap();
        for id in [
            "sample-mentoring:",
            "justice-social-work-glasgow-sample",
            "(sample",
        ] {
            assert!(!assessment.contains(id), "{name}: {id} reaches the person");
        }
        for file in walk(&out) {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            assert!(
                !text.contains("(sample listing)"),
                "{name}: {} carries a sample listing",
                file.display()
            );
        }
        assert!(!out.join("sample-mentoring").exists(), "{name}");
        // robots.txt (Zola's) for the web; a kiosk has no crawler to speak to.
        assert_eq!(out.join("robots.txt").is_file(), name == "strict", "{name}");
        // A kiosk's help box says what a prison phone can call; the web's does not.
        let home = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(
            home.contains("only call numbers on your approved list"),
            name == "kiosk",
            "{name}"
        );
        // Asked for, they stay (a demonstration build).
        let kept = site::build(&BuildOptions {
            out: tmp.path().join(format!("{name}-kept")),
            kiosk,
            mode,
            include_samples: true,
            ..BuildOptions::new(root())
        })
        .unwrap();
        assert!(kept.samples_left_out.is_empty(), "{name}");
        assert!(kept.services > summary.services, "{name}");
    }
}

#[test]
fn polish_pages_have_their_own_a_to_z_search_radio_and_pack() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    site::build(&BuildOptions {
        out: out.clone(),
        ..BuildOptions::new(root())
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let read = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();

    // The Polish A to Z lists Polish pages only, in the Polish alphabet's order.
    let a_z = read("pl/a-z/index.html");
    let list = &a_z[a_z.find("<ul class=\"a-z\">").expect("the list")..];
    let list = &list[..list.find("</article>").expect("the list's end")];
    let titles: Vec<String> = list
        .split("<li><a href=\"")
        .skip(1)
        .map(|item| {
            let (href, rest) = item.split_once('"').unwrap();
            assert!(
                href.starts_with("&#x2F;pl&#x2F;"),
                "{href} is not a Polish page"
            );
            let title = rest.split_once('>').unwrap().1.split_once('<').unwrap().0;
            title.to_lowercase()
        })
        .collect();
    assert!(titles.len() > 20, "{titles:?}");
    let order = "0123456789aąbcćdeęfghijklłmnńoóprsśtuvwxyzźż";
    let key = |t: &String| -> Vec<usize> {
        t.chars()
            .filter(|c| c.is_alphanumeric())
            .map(|c| order.find(c).unwrap_or(usize::MAX))
            .collect()
    };
    for pair in titles.windows(2) {
        assert!(key(&pair[0]) <= key(&pair[1]), "{pair:?} out of order");
    }

    // Search keeps a Polish index of its own.
    let entry = read("pagefind/pagefind-entry.json");
    assert!(
        entry.contains("\"pl\":{") && entry.contains("\"gd\":{"),
        "{entry}"
    );

    // Radio scripts speak Polish, numbers too.
    let radio = read("pl/day-of-release/money-on-the-day/easy-read/radio.txt");
    assert!(radio.starts_with("Dzień dobry. Tu "), "{radio}");
    assert!(
        !radio.chars().any(|c| c.is_ascii_digit()),
        "digits left: {radio}"
    );

    // The Polish pack is Polish, with the Polish help box as its "who can help".
    let pack = read("packs/dzien-wyjscia/index.html");
    assert!(pack.contains("<html lang=\"pl\">"));
    assert!(
        pack.contains("Kto może pomóc") && pack.contains("116 123"),
        "{pack}"
    );
    assert!(!pack.contains("Who can help") && !pack.contains("My plan"));
}
