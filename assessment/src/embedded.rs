//! Reads back the JSON the generator embeds in the self-assessment page (serde writes it).
//!
//! Written by hand, not with serde, for the browser app's size: serde's generated
//! deserialisers were a quarter of the app's wasm. The reader knows only what the generator
//! writes: objects, arrays, strings, whole numbers, booleans and null. A test checks that it
//! reads back exactly what serde writes for the bundled questionnaire.

use crate::day::Day;
use crate::model::{Area, Choice, Condition, Kind, Question, Questionnaire, Service, Step};
use crate::release::{NotOn, ReleaseDays, Rule};
use crate::words::Words;

/// What the page carries for the app.
#[derive(Debug, Clone, PartialEq)]
pub struct Embedded {
    pub questionnaire: Questionnaire,
    pub idle_reset_seconds: Option<u32>,
    /// The pictures the questions use: name and inline SVG, without `icon_start`. A list,
    /// not a map: there are a few dozen, and a map's code would cost the app more than the
    /// lookups.
    pub icons: Vec<(String, String)>,
    /// How every picture's SVG starts (its `<svg>` tag, mostly): written once, not with each.
    pub icon_start: String,
    /// What the app says, in the page's language (`lang`, and a list of words in `KEYS`
    /// order).
    pub words: Words,
    /// A kiosk's first language, the one its idle reset returns to (kiosk builds only).
    pub return_to: Option<String>,
}

impl Embedded {
    /// `None` when the text is not what the generator writes.
    pub fn read(text: &str) -> Option<Embedded> {
        let mut parser = Parser {
            text: text.as_bytes(),
            at: 0,
            depth: 0,
        };
        let value = parser.value()?;
        parser.space();
        if parser.at != parser.text.len() {
            return None;
        }
        let o = Obj::of(&value)?;
        Some(Embedded {
            questionnaire: questionnaire(o.get("questionnaire")?)?,
            idle_reset_seconds: o.opt("idle_reset_seconds", |v| u32::try_from(v.int()?).ok())?,
            icons: pairs(o.obj("icons")?)?,
            icon_start: o.opt("icon_start", Json::string)?.unwrap_or_default(),
            words: Words::new(o.string("lang")?, o.list("words", Json::string)?)?,
            return_to: o.opt("return_to", Json::string)?,
        })
    }
}

/// An object of strings, as name and string.
fn pairs(o: Obj) -> Option<Vec<(String, String)>> {
    o.0.iter()
        .map(|(k, v)| Some((k.clone(), v.str()?.to_string())))
        .collect()
}

/// A JSON value; numbers are whole (the generator writes no fractions).
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
    fn string(&self) -> Option<String> {
        self.str().map(str::to_string)
    }
    fn int(&self) -> Option<i64> {
        match self {
            Json::Int(n) => Some(*n),
            _ => None,
        }
    }
    fn index(&self) -> Option<usize> {
        usize::try_from(self.int()?).ok()
    }
    fn bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn list<T>(&self, each: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
        match self {
            Json::Array(items) => items.iter().map(each).collect(),
            _ => None,
        }
    }
}

/// An object's fields, looked up by name.
struct Obj<'a>(&'a [(String, Json)]);

impl<'a> Obj<'a> {
    fn of(value: &'a Json) -> Option<Obj<'a>> {
        match value {
            Json::Object(fields) => Some(Obj(fields)),
            _ => None,
        }
    }
    fn get(&self, name: &str) -> Option<&'a Json> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    fn string(&self, name: &str) -> Option<String> {
        self.get(name)?.string()
    }
    fn index(&self, name: &str) -> Option<usize> {
        self.get(name)?.index()
    }
    fn bool(&self, name: &str) -> Option<bool> {
        self.get(name)?.bool()
    }
    fn obj(&self, name: &str) -> Option<Obj<'a>> {
        Obj::of(self.get(name)?)
    }
    fn list<T>(&self, name: &str, each: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
        self.get(name)?.list(each)
    }
    /// A list that may be left out, as `#[serde(default)]` allows.
    fn list_or_empty<T>(&self, name: &str, each: impl Fn(&Json) -> Option<T>) -> Option<Vec<T>> {
        match self.get(name) {
            None => Some(Vec::new()),
            Some(v) => v.list(each),
        }
    }
    /// `Some(None)` for a field that is null or left out; `None` for one of the wrong kind.
    fn opt<T>(&self, name: &str, read: impl Fn(&Json) -> Option<T>) -> Option<Option<T>> {
        match self.get(name) {
            None | Some(Json::Null) => Some(None),
            Some(v) => read(v).map(Some),
        }
    }
}

fn questionnaire(v: &Json) -> Option<Questionnaire> {
    let o = Obj::of(v)?;
    Some(Questionnaire {
        areas: o.list("areas", area)?,
        questions: o.list("questions", question)?,
        steps: o.list("steps", step)?,
        services: o.list("services", service)?,
        release_days: match o.get("release_days") {
            None => ReleaseDays::default(),
            Some(v) => release_days(v)?,
        },
    })
}

fn area(v: &Json) -> Option<Area> {
    let o = Obj::of(v)?;
    Some(Area {
        id: o.string("id")?,
        name: o.string("name")?,
        short: o.string("short")?,
        easy: o.string("easy")?,
        icon: o.string("icon")?,
        urgent_near_release: o.bool("urgent_near_release")?,
    })
}

fn question(v: &Json) -> Option<Question> {
    let o = Obj::of(v)?;
    Some(Question {
        id: o.string("id")?,
        area: o.opt("area", Json::index)?,
        kind: match o.get("kind")?.str()? {
            "choice" => Kind::Choice,
            "release" => Kind::Release,
            "council" => Kind::Council,
            _ => return None,
        },
        text: o.string("text")?,
        easy: o.string("easy")?,
        hint: o.opt("hint", Json::string)?,
        easy_hint: o.opt("easy_hint", Json::string)?,
        icon: o.string("icon")?,
        sensitive: o.bool("sensitive")?,
        ask_if: o.opt("ask_if", condition)?,
        options: o.list("options", choice)?,
    })
}

fn condition(v: &Json) -> Option<Condition> {
    let o = Obj::of(v)?;
    Some(Condition {
        question: o.index("question")?,
        options: o.list("options", Json::index)?,
    })
}

fn choice(v: &Json) -> Option<Choice> {
    let o = Obj::of(v)?;
    Some(Choice {
        id: o.string("id")?,
        text: o.string("text")?,
        easy: o.string("easy")?,
        icon: o.string("icon")?,
        need: o.opt("need", |n| u8::try_from(n.int()?).ok())?,
        steps: o.list("steps", Json::index)?,
    })
}

fn step(v: &Json) -> Option<Step> {
    let o = Obj::of(v)?;
    Some(Step {
        id: o.string("id")?,
        area: o.index("area")?,
        what: o.string("what")?,
        easy: o.string("easy")?,
        who: o.string("who")?,
        how: o.string("how")?,
        when: o.opt("when", |n| i32::try_from(n.int()?).ok())?,
    })
}

fn service(v: &Json) -> Option<Service> {
    let o = Obj::of(v)?;
    Some(Service {
        id: o.string("id")?,
        name: o.string("name")?,
        description: o.string("description")?,
        easy: o.string("easy")?,
        phone: o.opt("phone", Json::string)?,
        areas: o.list("areas", Json::string)?,
        needs: o.list("needs", Json::string)?,
        always: o.bool("always")?,
        eligibility: o.list_or_empty("eligibility", Json::string)?,
        referral: o.list_or_empty("referral", Json::string)?,
        provider: o.opt("provider", Json::string)?,
        sample: o.opt("sample", Json::bool)?.unwrap_or(false),
    })
}

fn day(v: &Json) -> Option<Day> {
    Some(Day(i32::try_from(v.int()?).ok()?))
}

fn release_days(v: &Json) -> Option<ReleaseDays> {
    let o = Obj::of(v)?;
    Some(ReleaseDays {
        public_holidays: o.list("public_holidays", day)?,
        rules: o.list("rules", rule)?,
    })
}

fn rule(v: &Json) -> Option<Rule> {
    let o = Obj::of(v)?;
    Some(Rule {
        id: o.string("id")?,
        in_force: o.bool("in_force")?,
        from: o.opt("from", day)?,
        not_on: o.list("not_on", |n| {
            Some(match n.str()? {
                "friday" => NotOn::Friday,
                "saturday" => NotOn::Saturday,
                "sunday" => NotOn::Sunday,
                "public-holiday" => NotOn::PublicHoliday,
                "day-before-public-holiday" => NotOn::DayBeforePublicHoliday,
                _ => return None,
            })
        })?,
        said: o.string("said")?,
    })
}

/// JSON text to a [`Json`] value (RFC 8259, whole numbers only).
struct Parser<'a> {
    text: &'a [u8],
    at: usize,
    /// Arrays and objects open here: the questionnaire nests five deep, so a limit keeps a
    /// broken page from exhausting the stack.
    depth: u8,
}

const MAX_DEPTH: u8 = 16;

impl Parser<'_> {
    fn space(&mut self) {
        while matches!(self.text.get(self.at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.space();
        let found = self.text.get(self.at) == Some(&byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn word(&mut self, word: &str, value: Json) -> Option<Json> {
        let end = self.at.checked_add(word.len())?;
        (self.text.get(self.at..end)? == word.as_bytes()).then(|| {
            self.at = end;
            value
        })
    }

    fn value(&mut self) -> Option<Json> {
        self.space();
        let byte = *self.text.get(self.at)?;
        if matches!(byte, b'{' | b'[') {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return None;
            }
            let value = self.container(byte);
            self.depth -= 1;
            return value;
        }
        match byte {
            b'"' => self.string().map(Json::Str),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'n' => self.word("null", Json::Null),
            b'-' | b'0'..=b'9' => self.int().map(Json::Int),
            _ => None,
        }
    }

    /// An object or an array, from its opening bracket.
    fn container(&mut self, open: u8) -> Option<Json> {
        match open {
            b'{' => {
                self.at += 1;
                let mut fields = Vec::new();
                if !self.eat(b'}') {
                    loop {
                        self.space();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        fields.push((key, self.value()?));
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Object(fields))
            }
            _ => {
                self.at += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value()?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Array(items))
            }
        }
    }

    fn int(&mut self) -> Option<i64> {
        let negative = self.text.get(self.at) == Some(&b'-');
        if negative {
            self.at += 1;
        }
        let start = self.at;
        let mut n: i64 = 0;
        while let Some(d @ b'0'..=b'9') = self.text.get(self.at) {
            n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
            self.at += 1;
        }
        if self.at == start || matches!(self.text.get(self.at), Some(b'.' | b'e' | b'E')) {
            return None;
        }
        Some(if negative { -n } else { n })
    }

    fn hex4(&mut self) -> Option<u32> {
        let end = self.at.checked_add(4)?;
        let digits = std::str::from_utf8(self.text.get(self.at..end)?).ok()?;
        self.at = end;
        u32::from_str_radix(digits, 16).ok()
    }

    fn string(&mut self) -> Option<String> {
        if self.text.get(self.at) != Some(&b'"') {
            return None;
        }
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match *self.text.get(self.at)? {
                b'"' => {
                    self.at += 1;
                    return String::from_utf8(out).ok();
                }
                b'\\' => {
                    self.at += 1;
                    let escaped = *self.text.get(self.at)?;
                    self.at += 1;
                    let c = match escaped {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                // A surrogate pair: the second half follows as \u and four hex digits.
                                if self.text.get(self.at..self.at.checked_add(2)?)? != b"\\u" {
                                    return None;
                                }
                                self.at += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return None;
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            char::from_u32(code)?
                        }
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                byte => {
                    out.push(byte);
                    self.at += 1;
                }
            }
        }
    }
}
