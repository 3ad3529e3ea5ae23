//! The service directory's pages: all services, by need, by council area, by prison, and one
//! page per service, each in standard and easy read; and `/api/services.json` in HSDS 3.0.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;
use tera::Tera;

use crate::config::{Config, Kiosk};
use crate::content::directory::{gss_code, prison_name, Listing, COUNCILS, PRISONS};
use crate::content::members::MemberInfo;
use crate::finding::{Finding, Severity};
use crate::kiosk;
use crate::slug::slugify;

use super::{tera_error_text, Globals};

/// A listing as templates see it: its own fields, and after them (replacing the listing's
/// codes) what people read: council areas with their codes, prison and life area names.
#[derive(Serialize)]
struct ListingValue<'a> {
    #[serde(flatten)]
    listing: &'a Listing,
    permalink: String,
    easy_permalink: String,
    overdue: bool,
    councils: Vec<CouncilName<'a>>,
    prisons: Vec<&'a str>,
    eligibility_words: Vec<&'a str>,
    needs: Vec<&'a str>,
    provenance: Provenance<'a>,
    related_links: Vec<RelatedLink<'a>>,
}

#[derive(Serialize)]
struct CouncilName<'a> {
    name: &'a str,
    gss: Option<&'static str>,
}

/// Who publishes a listing: a member, or the site itself.
#[derive(Serialize)]
struct Provenance<'a> {
    provider: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked: Option<&'a str>,
    sample: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_cache: Option<bool>,
}

/// A service a listing points people on to.
#[derive(Serialize)]
struct RelatedLink<'a> {
    name: &'a str,
    permalink: String,
    easy_permalink: String,
}

fn permalinks(l: &Listing, config: &Config) -> (String, String) {
    (
        config.url_for(&l.path),
        config.url_for(&format!("{}easy-read/", l.path)),
    )
}

fn listing_value<'a>(
    l: &'a Listing,
    config: &'a Config,
    directory: &Directory<'a>,
    members: &BTreeMap<&str, &'a MemberInfo>,
) -> ListingValue<'a> {
    let (permalink, easy_permalink) = permalinks(l, config);
    let provenance = match l.member.as_deref().and_then(|m| members.get(m)) {
        Some(m) => Provenance {
            provider: Some(&m.name),
            revision: Some(&m.revision),
            checked: Some(&m.checked),
            sample: m.sample,
            from_cache: Some(m.from_cache),
        },
        None => Provenance {
            provider: config.title.as_deref(),
            revision: None,
            checked: None,
            sample: l.sample,
            from_cache: None,
        },
    };
    let listings = directory.listings;
    ListingValue {
        listing: l,
        permalink,
        easy_permalink,
        overdue: l.review_by.is_some_and(|d| d < directory.today),
        councils: l
            .councils
            .iter()
            .map(|c| CouncilName {
                name: c,
                gss: gss_code(c),
            })
            .collect(),
        prisons: l
            .prisons
            .iter()
            .map(|p| prison_name(p).unwrap_or(p))
            .collect(),
        eligibility_words: l.eligibility.iter().map(|e| eligibility_words(e)).collect(),
        needs: l
            .needs
            .iter()
            .map(|n| config.life_area(n).map_or(n.as_str(), |a| a.name.as_str()))
            .collect(),
        provenance,
        related_links: l
            .related
            .iter()
            .filter_map(|id| listings.iter().find(|o| &o.id == id))
            .map(|o| {
                let (permalink, easy_permalink) = permalinks(o, config);
                RelatedLink {
                    name: &o.name,
                    permalink,
                    easy_permalink,
                }
            })
            .collect(),
    }
}

/// The eligibility taxonomy's terms, said for people.
fn eligibility_words(term: &str) -> &str {
    match term {
        "remand" => "people on remand",
        "short-sentence" => "people serving 4 years or less",
        "on-licence" => "people on licence",
        "age-under-26" => "people under 26",
        "age-26-plus" => "people aged 26 and over",
        "women" => "women",
        "men" => "men",
        "family-member" => "families and friends",
        other => other,
    }
}

/// One page of the directory to render.
struct DirPage {
    path: String,
    kind: &'static str,
    title: String,
    easy_title: String,
    intro: String,
    listings: Vec<usize>,
    service: Option<usize>,
}

/// The `directory` variable of `directory.html`.
#[derive(Serialize)]
struct DirectoryValue<'a> {
    kind: &'static str,
    easy: bool,
    title: &'a str,
    intro: &'a str,
    /// The same page at the other reading level.
    twin: String,
    listings: Vec<&'a ListingValue<'a>>,
    service: Option<&'a ListingValue<'a>>,
    nav: &'a Nav<'a>,
}

/// The ways into the directory: by need, by council area, by prison.
#[derive(Serialize)]
struct Nav<'a> {
    needs: Vec<NavEntry<'a>>,
    councils: Vec<NavEntry<'static>>,
    prisons: Vec<NavEntry<'static>>,
    index: String,
}

/// One way in, with how many services it has (a council area's code, and how many of them
/// are local).
#[derive(Serialize)]
struct NavEntry<'a> {
    name: &'a str,
    permalink: String,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    gss: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local: Option<usize>,
}

/// What the directory is made from.
pub struct Directory<'a> {
    pub listings: &'a [Listing],
    pub members: &'a [MemberInfo],
    /// A kiosk shows only its own council areas and prison.
    pub kiosk: Option<&'a Kiosk>,
    pub today: Date,
}

/// Every directory page, rendered with `templates/directory.html`, plus the HSDS export.
pub fn render(
    tera: &Tera,
    globals: &Globals,
    config: &Config,
    directory: &Directory,
    errors: &mut Vec<Finding>,
) -> Vec<(String, Vec<u8>)> {
    let values = listing_values(directory, config);
    let (pages, nav) = pages(directory, config);
    let mut out = match render_pages(tera, globals, config, &pages, &nav, &values) {
        Ok(out) => out,
        Err((out, e)) => {
            errors.push(e);
            return out;
        }
    };
    out.extend(api_files(directory.listings, config));
    out
}

/// Every listing as templates see it.
fn listing_values<'a>(directory: &Directory<'a>, config: &'a Config) -> Vec<ListingValue<'a>> {
    let members: BTreeMap<&str, &MemberInfo> = directory
        .members
        .iter()
        .map(|m| (m.id.as_str(), m))
        .collect();
    directory
        .listings
        .iter()
        .map(|l| listing_value(l, config, directory, &members))
        .collect()
}

/// The directory's pages (its index, by need, by council area, by prison, one per service)
/// and the navigation between them.
fn pages<'a>(directory: &Directory<'a>, config: &'a Config) -> (Vec<DirPage>, Nav<'a>) {
    let listings = directory.listings;
    let mut pages = vec![DirPage {
        path: "/services/".into(),
        kind: "index",
        title: "Find services".into(),
        easy_title: "Find help".into(),
        intro: "Services for people leaving prison and their families, by what you need, where you will live, or the prison.".into(),
        // The index is for finding the right list, not a list of every service.
        listings: Vec::new(),
        service: None,
    }];
    let needs = need_pages(listings, config, &mut pages);
    let councils = council_pages(directory, config, &mut pages);
    let prisons = prison_pages(directory, config, &mut pages);
    for (i, l) in listings.iter().enumerate() {
        pages.push(DirPage {
            path: l.path.clone(),
            kind: "service",
            title: l.name.clone(),
            easy_title: l.name.clone(),
            intro: l.description.clone(),
            listings: Vec::new(),
            service: Some(i),
        });
    }
    let nav = Nav {
        needs,
        councils,
        prisons,
        index: config.url_for("/services/"),
    };
    (pages, nav)
}

/// The listings (by index) that pass `keep`.
fn matching(listings: &[Listing], keep: impl Fn(&Listing) -> bool) -> Vec<usize> {
    (0..listings.len())
        .filter(|&i| keep(&listings[i]))
        .collect()
}

/// A page for each life area that has services; the navigation's entries for them.
fn need_pages<'a>(
    listings: &[Listing],
    config: &'a Config,
    pages: &mut Vec<DirPage>,
) -> Vec<NavEntry<'a>> {
    let mut needs = Vec::new();
    for area in &config.life_areas {
        let here = matching(listings, |l| l.needs.contains(&area.id));
        if here.is_empty() {
            continue;
        }
        needs.push(NavEntry {
            name: &area.name,
            permalink: config.url_for(&format!("/services/need/{}/", area.id)),
            count: here.len(),
            gss: None,
            local: None,
        });
        pages.push(DirPage {
            path: format!("/services/need/{}/", area.id),
            kind: "need",
            title: format!("Services for: {}", area.name),
            easy_title: format!("Help with: {}", area.name),
            intro: format!("Services that help with {}.", area.name.to_lowercase()),
            listings: here,
            service: None,
        });
    }
    needs
}

/// A page for each council area the build carries.
fn council_pages(
    directory: &Directory,
    config: &Config,
    pages: &mut Vec<DirPage>,
) -> Vec<NavEntry<'static>> {
    let listings = directory.listings;
    let mut councils = Vec::new();
    let shown = COUNCILS
        .iter()
        .filter(|(name, _)| kiosk::carries_council(directory.kiosk, name));
    for &(name, code) in shown {
        let here = matching(listings, |l| l.serves(name));
        let local = here.iter().filter(|&&i| !listings[i].national).count();
        let path = format!("/services/council/{}/", slugify(name));
        councils.push(NavEntry {
            name,
            permalink: config.url_for(&path),
            count: here.len(),
            gss: Some(code),
            local: Some(local),
        });
        pages.push(DirPage {
            path,
            kind: "council",
            title: format!("Services in {name}"),
            easy_title: format!("Help in {name}"),
            intro: format!("Services for people living in {name} (council area {code}), and services for all of Scotland."),
            listings: here,
            service: None,
        });
    }
    councils
}

/// A page for each prison the build carries.
fn prison_pages(
    directory: &Directory,
    config: &Config,
    pages: &mut Vec<DirPage>,
) -> Vec<NavEntry<'static>> {
    let mut prisons = Vec::new();
    let shown = PRISONS
        .iter()
        .filter(|(_, name)| kiosk::carries_prison(directory.kiosk, name));
    for &(id, name) in shown {
        let here = matching(directory.listings, |l| {
            l.prisons.iter().any(|p| p == id) || l.always
        });
        let path = format!("/services/prison/{id}/");
        prisons.push(NavEntry {
            name,
            permalink: config.url_for(&path),
            count: here.len(),
            gss: None,
            local: None,
        });
        pages.push(DirPage {
            path,
            kind: "prison",
            title: format!("Services in {name}"),
            easy_title: format!("Help in {name}"),
            intro: format!("Services that work with people in {name}, and national services that work in every prison."),
            listings: here,
            service: None,
        });
    }
    prisons
}

/// Every page at both reading levels, in parallel. A template error stops it: the pages made
/// before it come back with the error.
#[allow(clippy::type_complexity)]
fn render_pages(
    tera: &Tera,
    globals: &Globals,
    config: &Config,
    pages: &[DirPage],
    nav: &Nav,
    values: &[ListingValue],
) -> Result<Vec<(String, Vec<u8>)>, (Vec<(String, Vec<u8>)>, Finding)> {
    let rendered: Vec<Result<(String, Vec<u8>), Finding>> = pages
        .par_iter()
        .flat_map_iter(|page| [(page, false), (page, true)])
        .map(|(page, easy)| render_page(tera, globals, config, page, easy, nav, values))
        .collect();
    let mut out = Vec::with_capacity(rendered.len() + 2);
    for r in rendered {
        match r {
            Ok(file) => out.push(file),
            Err(e) => return Err((out, e)),
        }
    }
    Ok(out)
}

fn render_page(
    tera: &Tera,
    globals: &Globals,
    config: &Config,
    page: &DirPage,
    easy: bool,
    nav: &Nav,
    values: &[ListingValue],
) -> Result<(String, Vec<u8>), Finding> {
    let (path, twin) = if easy {
        (format!("{}easy-read/", page.path), page.path.clone())
    } else {
        (page.path.clone(), format!("{}easy-read/", page.path))
    };
    let mut cx = globals.context(&path);
    cx.insert(
        "directory",
        &DirectoryValue {
            kind: page.kind,
            easy,
            title: if easy { &page.easy_title } else { &page.title },
            intro: &page.intro,
            twin: config.url_for(&twin),
            listings: page.listings.iter().map(|&i| &values[i]).collect(),
            service: page.service.map(|i| &values[i]),
            nav,
        },
    );
    tera.render("directory.html", &cx)
        .map(|html| {
            (
                format!("{}index.html", path.trim_start_matches('/')),
                html.into_bytes(),
            )
        })
        .map_err(|e| {
            Finding::about_file(
                Severity::Error,
                "templates::render",
                "templates/directory.html",
                tera_error_text(&e),
                "fix the template",
            )
        })
}

/// `/api/services.json` (HSDS 3.0) and its data package description.
fn api_files(listings: &[Listing], config: &Config) -> [(String, Vec<u8>); 2] {
    let api = crate::content::hsds::export(listings, config);
    let package = crate::content::hsds::datapackage(config, listings.len());
    let pretty =
        |v: &Value| (serde_json::to_string_pretty(v).unwrap_or_default() + "\n").into_bytes();
    [
        ("api/services.json".into(), pretty(&api)),
        ("api/datapackage.json".into(), pretty(&package)),
    ]
}
