//! The service directory's model, aligned with Open Referral UK / HSDS 3.0: organisations,
//! services, where they work (councils by GSS code, prisons), who they are for (the core's
//! eligibility taxonomy), how to be referred, and when they were last assured.

use std::ops::Range;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::Config;
use crate::finding::{Finding, Severity, SourceFile};

/// Scotland's 32 council areas and their GSS codes (ONS/NRS register).
pub const COUNCILS: [(&str, &str); 32] = [
    ("Aberdeen City", "S12000033"),
    ("Aberdeenshire", "S12000034"),
    ("Angus", "S12000041"),
    ("Argyll and Bute", "S12000035"),
    ("Clackmannanshire", "S12000005"),
    ("Dumfries and Galloway", "S12000006"),
    ("Dundee City", "S12000042"),
    ("East Ayrshire", "S12000008"),
    ("East Dunbartonshire", "S12000045"),
    ("East Lothian", "S12000010"),
    ("East Renfrewshire", "S12000011"),
    ("City of Edinburgh", "S12000036"),
    ("Falkirk", "S12000014"),
    ("Fife", "S12000047"),
    ("Glasgow City", "S12000049"),
    ("Highland", "S12000017"),
    ("Inverclyde", "S12000018"),
    ("Midlothian", "S12000019"),
    ("Moray", "S12000020"),
    ("Na h-Eileanan Siar", "S12000013"),
    ("North Ayrshire", "S12000021"),
    ("North Lanarkshire", "S12000050"),
    ("Orkney Islands", "S12000023"),
    ("Perth and Kinross", "S12000048"),
    ("Renfrewshire", "S12000038"),
    ("Scottish Borders", "S12000026"),
    ("Shetland Islands", "S12000027"),
    ("South Ayrshire", "S12000028"),
    ("South Lanarkshire", "S12000029"),
    ("Stirling", "S12000030"),
    ("West Dunbartonshire", "S12000039"),
    ("West Lothian", "S12000040"),
];

/// Prisons and community custody units (id, name). To be confirmed with the Scottish Prison
/// Service before publishing.
pub const PRISONS: [(&str, &str); 17] = [
    ("addiewell", "HMP Addiewell"),
    ("barlinnie", "HMP Barlinnie"),
    ("castle-huntly", "HMP Castle Huntly"),
    ("dumfries", "HMP Dumfries"),
    ("edinburgh", "HMP Edinburgh"),
    ("glenochil", "HMP Glenochil"),
    ("grampian", "HMP Grampian"),
    ("greenock", "HMP Greenock"),
    ("inverness", "HMP Inverness"),
    ("kilmarnock", "HMP Kilmarnock"),
    ("low-moss", "HMP Low Moss"),
    ("perth", "HMP Perth"),
    ("polmont", "HMP & YOI Polmont"),
    ("shotts", "HMP Shotts"),
    ("stirling", "HMP & YOI Stirling"),
    ("bella-centre", "Bella Centre"),
    ("lilias-centre", "Lilias Centre"),
];

/// How a person can be put in touch: by themselves, by family, by staff.
pub const REFERRAL: [&str; 3] = ["self", "family", "staff"];

pub fn gss_code(council: &str) -> Option<&'static str> {
    COUNCILS
        .iter()
        .find(|(n, _)| *n == council)
        .map(|(_, c)| *c)
}

pub fn prison_name(id: &str) -> Option<&'static str> {
    PRISONS.iter().find(|(p, _)| *p == id).map(|(_, n)| *n)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// `Monday to Friday`, `Every day`.
    pub days: String,
    /// 24-hour `HH:MM`.
    pub opens: String,
    pub closes: String,
}

/// Where to go in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub town: Option<String>,
    #[serde(default)]
    pub postcode: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organisation {
    pub name: String,
    pub identifiers: Vec<String>,
    pub website: Option<String>,
}

/// One service in the directory.
#[derive(Debug, Clone, Serialize)]
pub struct Listing {
    /// `member:service/slug`, or the core's own id (`upside`).
    pub id: String,
    pub member: Option<String>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub easy: String,
    pub organisation: Organisation,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub url: Option<String>,
    /// Council names; empty with `national` for all of Scotland.
    pub councils: Vec<String>,
    pub national: bool,
    /// Prison ids from `PRISONS`.
    pub prisons: Vec<String>,
    pub needs: Vec<String>,
    pub eligibility: Vec<String>,
    pub referral: Vec<String>,
    pub hours: Vec<Hours>,
    pub location: Option<Location>,
    pub assured_date: Option<Date>,
    pub review_by: Option<Date>,
    pub related: Vec<String>,
    pub sample: bool,
    /// Shown in every plan, whatever the answers (the core's national services).
    pub always: bool,
    /// Site path of its page: `/member/services/slug/`.
    pub path: String,
    /// Where it was defined, for findings (file and byte range).
    #[serde(skip)]
    pub source: Option<(SourceFile, Range<usize>)>,
}

impl Listing {
    pub fn serves(&self, council: &str) -> bool {
        self.national || self.councils.iter().any(|c| c == council)
    }

    /// For the self-assessment's matching.
    pub fn to_assessment(&self) -> assessment::model::Service {
        assessment::model::Service {
            id: self.id.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            easy: self.easy.clone(),
            phone: self.phone.clone(),
            areas: if self.national {
                vec!["all".into()]
            } else {
                self.councils.clone()
            },
            needs: self.needs.clone(),
            always: self.always,
            eligibility: self.eligibility.clone(),
            referral: self.referral.clone(),
            provider: Some(self.organisation.name.clone()),
            sample: self.sample,
        }
    }

    /// A core service from `content/services.toml`.
    pub fn from_core(s: &assessment::model::Service) -> Listing {
        let national = s.areas.iter().any(|a| a == "all");
        Listing {
            id: s.id.clone(),
            member: None,
            slug: s.id.clone(),
            name: s.name.clone(),
            description: s.description.clone(),
            easy: s.easy.clone(),
            organisation: Organisation {
                name: s.provider.clone().unwrap_or_else(|| s.name.clone()),
                identifiers: Vec::new(),
                website: None,
            },
            phone: s.phone.clone(),
            email: None,
            url: None,
            councils: if national {
                Vec::new()
            } else {
                s.areas.clone()
            },
            national,
            prisons: Vec::new(),
            needs: s.needs.clone(),
            eligibility: s.eligibility.clone(),
            referral: s.referral.clone(),
            hours: Vec::new(),
            location: None,
            assured_date: None,
            review_by: None,
            related: Vec::new(),
            sample: s.sample,
            always: s.always,
            path: format!("/services/{}/", s.id),
            source: None,
        }
    }
}

/// A member's `services.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawServices {
    #[serde(default)]
    services: Vec<Spanned<RawService>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    slug: Spanned<String>,
    name: String,
    description: String,
    easy: String,
    phone: Option<String>,
    email: Option<String>,
    url: Option<String>,
    /// Defaults to the member's councils from the manifest.
    councils: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    prisons: Vec<String>,
    needs: Spanned<Vec<String>>,
    #[serde(default)]
    eligibility: Vec<String>,
    referral: Spanned<Vec<String>>,
    #[serde(default)]
    hours: Vec<Hours>,
    location: Option<Location>,
    assured_date: Option<Spanned<toml::value::Datetime>>,
    review_by: Spanned<toml::value::Datetime>,
    #[serde(default)]
    related: Vec<String>,
}

/// What the manifest says about the member, that its listings inherit.
pub struct MemberFacts<'a> {
    pub id: &'a str,
    pub organisation: Organisation,
    pub councils: &'a [String],
    pub sample: bool,
}

impl MemberFacts<'_> {
    /// A listing's id (`member:service/slug`) and the path of its page.
    pub fn listing_address(&self, slug: &str) -> (String, String) {
        (
            format!("{}:service/{slug}", self.id),
            format!("/{}/services/{slug}/", self.id),
        )
    }
}

fn date(d: &toml::value::Datetime) -> Option<Date> {
    let d = d.date?;
    Date::new(d.year as i16, d.month as i8, d.day as i8).ok()
}

/// What is wrong with one service (`span` is the whole entry): where, what, how to fix it.
type Problem = (Range<usize>, String, String);

fn problems(
    s: &RawService,
    span: &Range<usize>,
    member: &MemberFacts,
    config: &Config,
) -> Vec<Problem> {
    let mut bad = Vec::new();
    let slug = s.slug.get_ref();
    if !federation::manifest::valid_id(slug) {
        bad.push((
            s.slug.span(),
            format!("`{slug}` cannot be a service slug"),
            "use 2 to 40 lowercase letters, digits and hyphens".into(),
        ));
    }
    if let Some(c) = &s.councils {
        for name in c.get_ref() {
            if gss_code(name).is_none() {
                bad.push((
                    c.span(),
                    format!("`{name}` is not a Scottish council area"),
                    "use a name from the list in docs/federation.md, as the assessment spells it"
                        .into(),
                ));
            } else if !member.councils.iter().any(|m| m == name || m == "all") {
                bad.push((
                    c.span(),
                    format!(
                        "`{name}` is not one of the council areas the manifest gives this member"
                    ),
                    "ask the site's editors to add the area to your entry in federation.toml"
                        .into(),
                ));
            }
        }
    }
    bad.extend(unknown_terms(s, span, config));
    bad.extend(bad_hours(s, span));
    if date(s.review_by.get_ref()).is_none() {
        bad.push((
            s.review_by.span(),
            "review_by is not a date".into(),
            "write review_by = 2027-04-01".into(),
        ));
    }
    bad
}

/// Prisons, needs, eligibility and referral routes outside their lists.
fn unknown_terms(s: &RawService, span: &Range<usize>, config: &Config) -> Vec<Problem> {
    let mut bad = Vec::new();
    for p in &s.prisons {
        if prison_name(p).is_none() {
            let ids: Vec<&str> = PRISONS.iter().map(|(i, _)| *i).collect();
            bad.push((
                span.clone(),
                format!("`{p}` is not a prison id"),
                format!("use one of: {}", ids.join(", ")),
            ));
        }
    }
    for n in s.needs.get_ref() {
        if config.life_area(n).is_none() {
            bad.push((
                s.needs.span(),
                format!("`{n}` is not a life area"),
                "use a life area id from config.toml".into(),
            ));
        }
    }
    for t in &s.eligibility {
        if !assessment::plan::ELIGIBILITY.contains(&t.as_str()) {
            bad.push((
                span.clone(),
                format!("`{t}` is not an eligibility term"),
                format!(
                    "use terms of the core taxonomy: {}",
                    assessment::plan::ELIGIBILITY.join(", ")
                ),
            ));
        }
    }
    for r in s.referral.get_ref() {
        if !REFERRAL.contains(&r.as_str()) {
            bad.push((
                s.referral.span(),
                format!("`{r}` is not a referral route"),
                "use self, family or staff".into(),
            ));
        }
    }
    bad
}

/// Opening hours that are not 24-hour `HH:MM` times.
fn bad_hours(s: &RawService, span: &Range<usize>) -> Vec<Problem> {
    let time = |t: &str| {
        t.len() == 5
            && t.as_bytes()[2] == b':'
            && t[..2].parse::<u8>().is_ok_and(|h| h < 24)
            && t[3..].parse::<u8>().is_ok_and(|m| m < 60)
    };
    s.hours
        .iter()
        .filter(|h| !time(&h.opens) || !time(&h.closes))
        .map(|h| {
            (
                span.clone(),
                format!("`{}`–`{}` are not 24-hour times", h.opens, h.closes),
                "write opens = \"09:00\", closes = \"17:00\"".into(),
            )
        })
        .collect()
}

/// The listing a service entry makes (with its problems reported, it is left out later).
fn listing(s: RawService, span: Range<usize>, file: &SourceFile, member: &MemberFacts) -> Listing {
    let councils = s
        .councils
        .map_or_else(|| member.councils.to_vec(), toml::Spanned::into_inner);
    let national = councils.iter().any(|c| c == "all");
    let slug = s.slug.into_inner();
    let (id, path) = member.listing_address(&slug);
    Listing {
        id,
        member: Some(member.id.to_string()),
        path,
        slug,
        name: s.name,
        description: s.description,
        easy: s.easy,
        organisation: member.organisation.clone(),
        phone: s.phone,
        email: s.email,
        url: s.url,
        councils: if national { Vec::new() } else { councils },
        national,
        prisons: s.prisons,
        needs: s.needs.into_inner(),
        eligibility: s.eligibility,
        referral: s.referral.into_inner(),
        hours: s.hours,
        location: s.location,
        assured_date: s.assured_date.as_ref().and_then(|d| date(d.get_ref())),
        review_by: date(s.review_by.get_ref()),
        related: s.related,
        sample: member.sample,
        always: false,
        source: Some((file.clone(), span)),
    }
}

/// Read a member's `services.toml`; every problem is a finding at its line.
pub fn parse_services(
    file: &SourceFile,
    member: &MemberFacts,
    config: &Config,
) -> (Vec<Listing>, Vec<Finding>) {
    let mut findings = Vec::new();
    let raw: RawServices = match toml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            findings.push(file.finding(
                Severity::Error,
                "directory::invalid",
                e.span().unwrap_or(0..0),
                format!("the services file is not valid: {}", e.message().trim()),
                "fields: slug, name, description, easy, phone, email, url, councils, prisons, needs, eligibility, referral, hours, assured_date, review_by, related (see docs/federation.md)",
            ));
            return (Vec::new(), findings);
        }
    };
    let mut out = Vec::new();
    for item in raw.services {
        let span = item.span();
        let s = item.into_inner();
        for (at, message, help) in problems(&s, &span, member, config) {
            findings.push(file.finding(Severity::Error, "directory::invalid", at, message, help));
        }
        out.push(listing(s, span, file, member));
    }
    (out, findings)
}
