//! Open Referral UK / HSDS 3.0: the directory exported as HSDS service objects, and a
//! member's `hsds.json` imported as listings. Ids are UUIDs (v5 of the item id), so the same
//! listing keeps the same HSDS id in every build.

use jiff::civil::Date;
use serde_json::{json, Value};

use crate::config::Config;
use crate::content::directory::{gss_code, prison_name, Hours, Listing, Location, MemberFacts};
use crate::finding::{Finding, Severity, SourceFile};
use crate::slug::slugify;

/// The namespace for this site's HSDS ids.
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6f1c_2a53_8d4e_4b7a_9a61_37c0_e2d5_b108);
/// The taxonomies the core owns, as HSDS attribute taxonomies.
const NEEDS: &str = "throughcare-needs";
const ELIGIBILITY: &str = "throughcare-eligibility";
const REFERRAL: &str = "throughcare-referral";

fn uuid(name: &str) -> String {
    uuid::Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

fn attribute(listing: &str, taxonomy: &str, code: &str, name: &str) -> Value {
    let term = uuid(&format!("{taxonomy}/{code}"));
    json!({
        "id": uuid(&format!("{listing}/{taxonomy}/{code}")),
        "link_id": uuid(listing),
        "link_type": taxonomy,
        "link_entity": "service",
        "taxonomy_term_id": term,
        "taxonomy_term": {
            "id": term,
            "code": code,
            "name": name,
            "description": name,
            "taxonomy": taxonomy,
        },
    })
}

/// One listing as an HSDS 3.0 service, with its organisation, phones, service areas,
/// schedules and taxonomy attributes nested.
pub fn service(listing: &Listing, config: &Config) -> Value {
    let id = uuid(&listing.id);
    let org_id = uuid(&format!("organisation/{}", listing.organisation.name));
    let mut s = json!({
        "id": id,
        "organization_id": org_id,
        "name": listing.name,
        "description": listing.description,
        "status": "active",
        "organization": {
            "id": org_id,
            "name": listing.organisation.name,
            "description": listing.organisation.name,
            "organization_identifiers": listing.organisation.identifiers.iter().map(|ident| {
                let (scheme, value) = ident.split_once(':').unwrap_or(("", ident));
                json!({"id": uuid(&format!("{org_id}/{ident}")), "organization_id": org_id, "identifier_scheme": scheme, "identifier_type": "Organisation identifier", "identifier": value})
            }).collect::<Vec<_>>(),
        },
    });
    if let Some(site) = &listing.organisation.website {
        s["organization"]["website"] = json!(site);
    }
    if let Some(url) = &listing.url {
        s["url"] = json!(url);
    }
    if let Some(email) = &listing.email {
        s["email"] = json!(email);
    }
    if let Some(d) = listing.assured_date {
        s["assured_date"] = json!(d.to_string());
    }
    if !listing.eligibility.is_empty() {
        s["eligibility_description"] = json!(format!("For: {}", listing.eligibility.join(", ")));
    }
    s["phones"] = json!(listing.phone.iter().map(|n| json!({"id": uuid(&format!("{}/phone/{n}", listing.id)), "service_id": id, "number": n})).collect::<Vec<_>>());
    s["service_areas"] = Value::Array(service_areas(listing, &id));
    s["schedules"] = json!(listing.hours.iter().enumerate().map(|(i, h)| json!({"id": uuid(&format!("{}/hours/{i}", listing.id)), "service_id": id, "opens_at": h.opens, "closes_at": h.closes, "description": h.days})).collect::<Vec<_>>());
    if let Some(place) = &listing.location {
        s["service_at_locations"] = json!([service_at_location(listing, place, &id)]);
    }
    s["attributes"] = Value::Array(attributes(listing, config));
    s
}

/// Where it works: council areas (by GSS code), all of Scotland, prisons.
fn service_areas(listing: &Listing, id: &str) -> Vec<Value> {
    let mut areas: Vec<Value> = listing
        .councils
        .iter()
        .filter_map(|c| {
            let code = gss_code(c)?;
            Some(json!({"id": uuid(&format!("{}/area/{code}", listing.id)), "service_id": id, "name": c, "description": format!("Council area {c} ({code})"), "extent_type": "gss_code", "extent": code, "uri": format!("http://statistics.data.gov.uk/id/statistical-geography/{code}")}))
        })
        .collect();
    if listing.national {
        areas.push(json!({"id": uuid(&format!("{}/area/scotland", listing.id)), "service_id": id, "name": "Scotland", "description": "All of Scotland", "extent_type": "gss_code", "extent": "S92000003", "uri": "http://statistics.data.gov.uk/id/statistical-geography/S92000003"}));
    }
    for p in &listing.prisons {
        let name = prison_name(p).unwrap_or(p);
        areas.push(json!({"id": uuid(&format!("{}/prison/{p}", listing.id)), "service_id": id, "name": name, "description": format!("In {name}"), "extent_type": "prison", "extent": p}));
    }
    areas
}

/// Where people go to it, with its address when it has one.
fn service_at_location(listing: &Listing, place: &Location, id: &str) -> Value {
    let location_id = uuid(&format!("{}/location", listing.id));
    let addresses = match &place.address {
        Some(address) => {
            json!([{"id": uuid(&format!("{}/address", listing.id)), "location_id": location_id, "address_1": address, "city": place.town.clone().unwrap_or_default(), "region": listing.councils.first().cloned().unwrap_or_default(), "state_province": "Scotland", "postal_code": place.postcode.clone().unwrap_or_default(), "country": "GB", "address_type": "physical"}])
        }
        None => json!([]),
    };
    json!({
        "id": uuid(&format!("{}/at-location", listing.id)),
        "service_id": id,
        "location_id": location_id,
        "location": {
            "id": location_id,
            "location_type": "physical",
            "name": place.name,
            "addresses": addresses,
        },
    })
}

/// Its needs, eligibility and referral routes, as taxonomy attributes.
fn attributes(listing: &Listing, config: &Config) -> Vec<Value> {
    let mut attributes = Vec::new();
    for n in &listing.needs {
        let name = config.life_area(n).map_or(n.as_str(), |a| a.name.as_str());
        attributes.push(attribute(&listing.id, NEEDS, n, name));
    }
    for e in &listing.eligibility {
        attributes.push(attribute(&listing.id, ELIGIBILITY, e, e));
    }
    for r in &listing.referral {
        attributes.push(attribute(&listing.id, REFERRAL, r, r));
    }
    attributes
}

/// `/api/services.json`: every listing, as HSDS 3.0 services.
pub fn export(listings: &[Listing], config: &Config) -> Value {
    Value::Array(listings.iter().map(|l| service(l, config)).collect())
}

/// A Frictionless data package describing the export, as HSDS publishers provide.
pub fn datapackage(config: &Config, count: usize) -> Value {
    json!({
        "name": "throughcare-services",
        "title": format!("{}: service directory", config.title.clone().unwrap_or_default()),
        "profile": "data-package",
        "description": "Services for people leaving prison in Scotland and their families, as Open Referral UK / HSDS 3.0 service objects.",
        "licenses": [{"name": "OGL-UK-3.0", "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/", "title": "Open Government Licence v3.0"}],
        "resources": [{
            "name": "services",
            "path": "services.json",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "schema": "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/service.json",
            "description": format!("{count} services, each with its organisation, phones, service areas, schedules and attributes nested"),
        }],
    })
}

/// A member's `hsds.json`: an array of HSDS 3.0 services (or `{"contents": [...]}`, as the
/// HSDS API pages them).
pub fn import(
    file: &SourceFile,
    member: &MemberFacts,
    config: &Config,
    today: Date,
) -> (Vec<Listing>, Vec<Finding>) {
    let value: Value = match serde_json::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            let offset = file
                .text
                .split_inclusive('\n')
                .take(e.line().saturating_sub(1))
                .map(str::len)
                .sum::<usize>()
                + e.column().saturating_sub(1);
            let f = file.finding(
                Severity::Error,
                "directory::invalid_hsds",
                offset..offset,
                format!("not valid JSON: {e}"),
                "fix the JSON at the marked place",
            );
            return (Vec::new(), vec![f]);
        }
    };
    let items = value
        .get("contents")
        .unwrap_or(&value)
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    let mut findings = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let service = Imported {
            item,
            number: i + 1,
        };
        match service.listing(file, member, config, today) {
            Ok(l) => out.push(l),
            Err(f) => findings.push(f),
        }
    }
    (out, findings)
}

/// One HSDS service object from a member's `hsds.json`, the `number`th.
struct Imported<'a> {
    item: &'a Value,
    number: usize,
}

impl Imported<'_> {
    fn text(&self, key: &str) -> Option<String> {
        self.item
            .get(key)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn array(&self, key: &str) -> impl Iterator<Item = &Value> {
        self.item
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
    }

    /// The codes of its attributes in one taxonomy.
    fn codes(&self, taxonomy: &str) -> Vec<String> {
        self.array("attributes")
            .filter_map(|a| a.get("taxonomy_term"))
            .filter(|t| t.get("taxonomy").and_then(Value::as_str) == Some(taxonomy))
            .filter_map(|t| t.get("code").and_then(Value::as_str).map(str::to_string))
            .collect()
    }

    /// The Scottish council areas among its service areas; the member's when it names none.
    fn councils(&self, member: &MemberFacts) -> Vec<String> {
        let named: Vec<String> = self
            .array("service_areas")
            .filter_map(|a| a.get("name").and_then(Value::as_str))
            .filter(|n| gss_code(n).is_some())
            .map(str::to_string)
            .collect();
        if named.is_empty() {
            member.councils.to_vec()
        } else {
            named
        }
    }

    fn phone(&self) -> Option<String> {
        let first = self.array("phones").next()?;
        first
            .get("number")
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The life areas it helps with; `general` when it names none the site knows.
    fn needs(&self, config: &Config) -> Vec<String> {
        let needs: Vec<String> = self
            .codes(NEEDS)
            .into_iter()
            .filter(|n| config.life_area(n).is_some())
            .collect();
        if needs.is_empty() {
            vec!["general".into()]
        } else {
            needs
        }
    }

    /// How people are referred; people refer themselves unless it says otherwise.
    fn referral(&self) -> Vec<String> {
        let referral = self.codes(REFERRAL);
        if referral.is_empty() {
            vec!["self".into()]
        } else {
            referral
        }
    }

    fn hours(&self) -> Vec<Hours> {
        self.array("schedules")
            .filter_map(|s| {
                Some(Hours {
                    days: s
                        .get("description")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                    opens: s.get("opens_at")?.as_str()?.get(..5)?.to_string(),
                    closes: s.get("closes_at")?.as_str()?.get(..5)?.to_string(),
                })
            })
            .collect()
    }

    fn listing(
        &self,
        file: &SourceFile,
        member: &MemberFacts,
        config: &Config,
        today: Date,
    ) -> Result<Listing, Finding> {
        let Some(name) = self.text("name") else {
            return Err(file.about(
                Severity::Error,
                "directory::invalid_hsds",
                format!("service {} has no name", self.number),
                "give every HSDS service a name",
            ));
        };
        let slug = slugify(&self.text("alternate_name").unwrap_or_else(|| name.clone()));
        // The slug is the listing's address; a name with no letters or digits has none.
        if slug.is_empty() {
            return Err(file.about(
                Severity::Error,
                "directory::invalid_hsds",
                format!("service {} (`{name}`) has no letters or digits in its name to make an address from", self.number),
                "give the service an alternate_name made of letters, digits and spaces",
            ));
        }
        let councils = self.councils(member);
        let assured = self
            .text("assured_date")
            .and_then(|d| d.parse::<Date>().ok());
        // HSDS has no review date: a listing is due for review six months after assurance.
        let review_by = assured
            .or(Some(today))
            .and_then(|d| d.checked_add(jiff::Span::new().months(6)).ok());
        let national = councils.iter().any(|c| c == "all");
        let (id, path) = member.listing_address(&slug);
        Ok(Listing {
            id,
            member: Some(member.id.to_string()),
            path,
            slug,
            easy: self.text("description").unwrap_or_default(),
            description: self.text("description").unwrap_or_default(),
            name,
            organisation: member.organisation.clone(),
            phone: self.phone(),
            email: self.text("email"),
            url: self.text("url"),
            councils: if national { Vec::new() } else { councils },
            national,
            prisons: Vec::new(),
            needs: self.needs(config),
            eligibility: self
                .codes(ELIGIBILITY)
                .into_iter()
                .filter(|e| assessment::plan::ELIGIBILITY.contains(&e.as_str()))
                .collect(),
            referral: self.referral(),
            hours: self.hours(),
            location: None,
            assured_date: assured,
            review_by,
            related: Vec::new(),
            sample: member.sample,
            always: false,
            source: Some((file.clone(), 0..0)),
        })
    }
}
