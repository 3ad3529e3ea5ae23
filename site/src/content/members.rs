//! Federation members' content, placed in the site: each member's files under `/{member}/`,
//! its services in the directory, nothing outside its namespace or its allowed kinds, and
//! nothing revoked or quarantined.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use federation::{Kind, Member, Origin, Resolved, ResolvedMember};
use jiff::civil::Date;

use crate::config::Config;
use crate::content::directory::{self, Listing, MemberFacts, Organisation};
use crate::content::{decode, Document, Library, Mounted};
use crate::finding::{Finding, InMember, LeavesOut, Severity};

/// Output folders the core owns: no member may take one as its id.
const RESERVED: [&str; 12] = [
    "api",
    "css",
    "data",
    "easy-read",
    "fonts",
    "icons",
    "js",
    "packs",
    "pagefind",
    "services",
    "static",
    "federation",
];

/// What the site shows about a member on every page it publishes.
#[derive(Debug, Clone)]
pub struct MemberInfo {
    pub id: String,
    pub name: String,
    pub revision: String,
    pub checked: String,
    pub sample: bool,
    pub from_cache: bool,
}

/// What tolerant builds leave out, and why: whole members, single files, single items.
#[derive(Debug, Clone, Default)]
pub struct Quarantine {
    pub members: BTreeSet<String>,
    pub files: BTreeSet<PathBuf>,
    pub items: BTreeSet<String>,
}

impl Quarantine {
    pub fn is_empty(&self) -> bool {
        self.members.is_empty() && self.files.is_empty() && self.items.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct Federated {
    pub members: Vec<MemberInfo>,
    pub mounted: Vec<Mounted>,
    pub listings: Vec<Listing>,
    pub findings: Vec<Finding>,
    /// Item ids the manifest revoked that a source still held: left out.
    pub revoked: Vec<String>,
}

/// What a build does with findings, members' above all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    /// Errors stop the build; warnings are reported.
    #[default]
    Normal,
    /// For publishing: any finding, warning or error, stops the build.
    Strict,
    /// For kiosks and previews: a member's failing item (or the member, if its source cannot
    /// be trusted) is left out and the rest is built, with a notice on every page.
    Tolerant,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Normal => "normal",
            Mode::Strict => "strict",
            Mode::Tolerant => "tolerant",
        }
    }
}

/// The path shown in findings for a member's file.
pub fn display(member: &str, path: &str) -> PathBuf {
    PathBuf::from(format!("federation/{member}/{path}"))
}

/// The item id of a member's page or story file: `m:page/visits`, `m:story/amira`.
fn item_id(member: &str, path: &str) -> Option<String> {
    let stem = path.strip_suffix(".md")?;
    let stem = stem.strip_suffix(".easy").unwrap_or(stem);
    let stem = stem.strip_suffix("/index").unwrap_or(stem);
    if let Some(p) = stem.strip_prefix("pages/") {
        Some(format!("{member}:page/{p}"))
    } else {
        stem.strip_prefix("stories/")
            .map(|s| format!("{member}:story/{s}"))
    }
}

fn synthetic(member: &str, rel: &str, text: String) -> Mounted {
    Mounted {
        rel: rel.to_string(),
        display: display(member, &format!("({rel})")),
        member: InMember::new(member, LeavesOut::Member),
        bytes: Arc::new(text.into_bytes()),
    }
}

/// Place every resolved member's files and services. `core_names` are the top-level names in
/// `content/` that members may not take.
pub fn mount(
    resolved: &Resolved,
    config: &Config,
    core_names: &BTreeSet<String>,
    quarantine: &Quarantine,
    today: Date,
) -> Federated {
    let mut out = Federated::default();
    for rm in &resolved.members {
        let id = rm.member.id.get_ref().as_str();
        if quarantine.members.contains(id) {
            continue;
        }
        if let Some(f) = taken_id(id, core_names) {
            out.findings.push(f);
            continue;
        }
        out.members.push(MemberInfo {
            id: id.to_string(),
            name: rm.member.name.clone(),
            revision: rm.locked.revision.clone(),
            checked: rm.locked.checked.clone(),
            sample: rm.member.sample,
            from_cache: rm.origin == Origin::Cache,
        });
        let place = Placing {
            resolved,
            config,
            quarantine,
            today,
        };
        let has_stories = place.files(rm, &mut out);
        out.mounted.extend(pages_made_for(rm, config, has_stories));
    }
    out.revoked.sort();
    out.revoked.dedup();
    out
}

/// A member id that is the name of the site's own content or folder.
fn taken_id(id: &str, core_names: &BTreeSet<String>) -> Option<Finding> {
    if !core_names.contains(id) && !RESERVED.contains(&id) {
        return None;
    }
    Some(
        Finding::about_file(
            Severity::Error,
            "federation::core_prefix",
            PathBuf::from(format!("federation/{id}")),
            format!(
                "the member id `{id}` is the name of the site's own {}",
                if RESERVED.contains(&id) {
                    "folder"
                } else {
                    "content"
                }
            ),
            "choose another id: a member's pages live under /{id}/ and must not replace the site's",
        )
        .with_member(InMember::new(id, LeavesOut::Member)),
    )
}

/// What placing one member's files reads.
struct Placing<'a> {
    resolved: &'a Resolved,
    config: &'a Config,
    quarantine: &'a Quarantine,
    today: Date,
}

impl Placing<'_> {
    /// Each of the member's files in its place, or a finding; whether it has stories.
    fn files(&self, rm: &ResolvedMember, out: &mut Federated) -> bool {
        let id = rm.member.id.get_ref().as_str();
        let mut has_stories = false;
        for (path, bytes) in &rm.tree.files {
            let shown = display(id, path);
            if self.quarantine.files.contains(&shown) {
                continue;
            }
            let (kind, rel) = match placement(&rm.member, path, &shown) {
                Ok(placed) => placed,
                Err(f) => {
                    out.findings.push(*f);
                    continue;
                }
            };
            if kind == Kind::Services {
                self.services(rm, path, shown, bytes, out);
                continue;
            }
            if let Some(item) = item_id(id, path) {
                if self.resolved.manifest.is_revoked(&item) {
                    out.revoked.push(item);
                    continue;
                }
                has_stories |= kind == Kind::Stories;
            }
            out.mounted.push(Mounted {
                rel,
                display: shown,
                member: InMember::new(id, LeavesOut::File),
                bytes: Arc::new(bytes.clone()),
            });
        }
        has_stories
    }

    /// A member's services (`services.toml` or HSDS `hsds.json`), less those revoked or left out.
    fn services(
        &self,
        rm: &ResolvedMember,
        path: &str,
        shown: PathBuf,
        bytes: &[u8],
        out: &mut Federated,
    ) {
        let m = &rm.member;
        let id = m.id.get_ref().as_str();
        let in_member = InMember::new(id, LeavesOut::File);
        let file = match decode(shown, bytes.to_vec()) {
            Ok(f) => f.in_member(in_member),
            Err(f) => {
                out.findings.push(f.with_member(in_member));
                return;
            }
        };
        let facts = MemberFacts {
            id,
            organisation: Organisation {
                name: m.name.clone(),
                identifiers: m.organisation_ids.clone(),
                website: m.website.clone(),
            },
            councils: &m.councils,
            sample: m.sample,
        };
        let (listings, found) = if path == "hsds.json" {
            crate::content::hsds::import(&file, &facts, self.config, self.today)
        } else {
            directory::parse_services(&file, &facts, self.config)
        };
        out.findings
            .extend(found.into_iter().map(|f| leaves_out_listing(f, &listings)));
        for l in listings {
            if self.resolved.manifest.is_revoked(&l.id) {
                out.revoked.push(l.id);
            } else if !self.quarantine.items.contains(&l.id) {
                out.listings.push(l);
            }
        }
    }
}

/// Where a member's file goes: its kind and its place in the content tree (none for
/// services), or why it cannot go anywhere.
fn placement(m: &Member, path: &str, shown: &Path) -> Result<(Kind, String), Box<Finding>> {
    let id = m.id.get_ref().as_str();
    let refuse = |rule, message: String, help: String| {
        Err(Box::new(
            Finding::about_file(Severity::Error, rule, shown, message, help)
                .with_member(InMember::new(id, LeavesOut::File)),
        ))
    };
    let (kind, rel) = if let Some(rest) = path.strip_prefix("pages/") {
        (Kind::Pages, format!("{id}/{rest}"))
    } else if let Some(rest) = path.strip_prefix("stories/") {
        (Kind::Stories, format!("{id}/stories/{rest}"))
    } else if path == "services.toml" || path == "hsds.json" {
        (Kind::Services, String::new())
    } else {
        return refuse(
            "federation::unexpected_file",
            format!("`{path}` is not where a member's content goes"),
            "put pages in pages/, stories in stories/, and services in services.toml or hsds.json"
                .into(),
        );
    };
    if !m.may_publish(kind) {
        return refuse(
            "federation::kind_not_allowed",
            format!("`{id}` may not publish {}", kind.name()),
            format!("the manifest lets `{id}` publish: {}; ask the site's editors to change kinds in federation.toml", m.kinds.get_ref().iter().map(|k| k.name()).collect::<Vec<_>>().join(", ")),
        );
    }
    if kind != Kind::Services && path.ends_with("/_index.md") {
        return refuse(
            "federation::reserved_name",
            format!("`{path}` would replace a section page the site makes"),
            "rename the file: the site makes each member's home and stories pages itself".into(),
        );
    }
    Ok((kind, rel))
}

/// The member's home page, and its stories section: made by the site, not the member.
fn pages_made_for(rm: &ResolvedMember, config: &Config, has_stories: bool) -> Vec<Mounted> {
    let m = &rm.member;
    let id = m.id.get_ref().as_str();
    let sample = if m.sample { "\nsample = true" } else { "" };
    // The pages the site makes are due for review a year after the member was checked.
    let review = rm
        .locked
        .checked
        .parse::<Date>()
        .ok()
        .and_then(|d| d.checked_add(jiff::Span::new().years(1)).ok())
        .map(|d| format!("review_by = {d}\n"))
        .unwrap_or_default();
    let needs = if config.life_area("general").is_some() {
        "needs = [\"general\"]\n"
    } else {
        ""
    };
    let mut made = vec![synthetic(id, &format!("{id}/_index.md"), format!(
        "+++\ntitle = {}\ndescription = {}\ntemplate = \"member.html\"\nsort_by = \"title\"\n{needs}{review}[extra]\nmember = \"{id}\"{sample}\n+++\n",
        toml_string(&m.name),
        toml_string(&format!("Information and services from {}.", m.name)),
    ))];
    if has_stories {
        made.push(synthetic(
            id,
            &format!("{id}/stories/_index.md"),
            format!(
                "+++\ntitle = {}\nkind = \"stories\"\nsort_by = \"title\"\n{needs}{review}+++\n",
                toml_string(&format!("Stories shared through {}", m.name)),
            ),
        ));
    }
    made
}

/// A finding inside one service's listing leaves out that service, not the whole file.
pub(crate) fn leaves_out_listing(mut f: Finding, listings: &[Listing]) -> Finding {
    let at = f.span.as_ref().map(|s| s.start);
    let listing = listings.iter().find(|l| {
        l.source.as_ref().is_some_and(|(file, span)| {
            file.path == f.file && at.is_some_and(|at| span.contains(&at))
        })
    });
    if let (Some(l), Some(m)) = (listing, f.member.as_mut()) {
        m.leaves_out = LeavesOut::Item(l.id.clone());
    }
    f
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Where a member's page would be published, if outside `/{member}/`: its own path, or an
/// alias. Checked before pages are placed, so a page cannot displace the site's own.
pub fn outside_namespace(doc: &Document) -> Option<Finding> {
    let member = doc.member.as_ref()?;
    let prefix = format!("/{member}/");
    let outside = |key: &str, what: String| {
        doc.file.finding(
            Severity::Error,
            "federation::outside_namespace",
            doc.key_span(key),
            format!("this page would publish {what}, outside {prefix}"),
            format!(
                "a member's pages live under {prefix}: remove `{key}`, or start it with {member}/"
            ),
        )
    };
    if !doc.path.starts_with(&prefix) {
        return Some(outside("path", format!("at {}", doc.path)));
    }
    doc.meta.aliases.iter().find_map(|alias| {
        let a = format!("/{}", alias.get_ref().trim_start_matches('/'));
        (!a.starts_with(&prefix)).then(|| outside("aliases", format!("a redirect at {a}")))
    })
}

/// Members' pages use the standard page layout: a template could reach data or markup the
/// site keeps for its own pages.
pub fn check_templates(library: &Library) -> Vec<Finding> {
    let mut found = Vec::new();
    for doc in library.documents() {
        let by_member = doc.file.member.as_ref();
        if by_member.is_none_or(|m| m.leaves_out == LeavesOut::Member) {
            continue;
        }
        if let Some(t) = &doc.meta.template {
            if t != "page.html" {
                found.push(doc.file.finding(
                    Severity::Error,
                    "federation::template_not_allowed",
                    doc.key_span("template"),
                    format!("a member's page cannot use the template `{t}`"),
                    "remove `template`: members' pages use the standard page layout",
                ));
            }
        }
    }
    found
}

/// Raw HTML a member may not send: anything that runs, loads or restyles.
pub fn unsafe_html(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    const TAGS: [(&str, &str); 9] = [
        ("<script", "a script"),
        ("<iframe", "a frame"),
        ("<object", "an embedded object"),
        ("<embed", "an embedded object"),
        ("<style", "a style sheet"),
        ("<link", "a link to another file"),
        ("<meta", "a meta tag"),
        ("<form", "a form"),
        ("javascript:", "a javascript: link"),
    ];
    if let Some((_, what)) = TAGS.iter().find(|(t, _)| lower.contains(t)) {
        return Some(what);
    }
    static HANDLER: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\son[a-z]+\s*=").expect("a valid pattern"));
    HANDLER
        .is_match(&lower)
        .then_some("an event handler (on...=)")
}
