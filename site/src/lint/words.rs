//! Word lists for the language rules. Each entry says what to write instead.

/// Words that label a person by an offence (regex fragments), and what to write instead.
pub const STIGMATISING: &[(&str, &str)] = &[
    (
        "ex-offenders?",
        "person with a conviction, or person leaving prison",
    ),
    (
        "offenders?",
        "person in prison, or person with a conviction",
    ),
    ("inmates?", "person in prison"),
    ("prisoners?", "person in prison"),
    ("ex-cons?", "person with a conviction"),
    ("ex-convicts?", "person with a conviction"),
    ("convicts", "people with convictions"),
    ("criminals", "people with convictions"),
    ("old lags?", "person who has been in prison before"),
    ("jailbirds?", "person in prison"),
];

/// Words that easy read swaps for common ones.
pub const UNCOMMON: &[(&str, &str)] = &[
    ("accommodation", "home, or place to live"),
    ("additional", "more, or extra"),
    ("approximately", "about"),
    ("assistance", "help"),
    ("commence", "start"),
    ("endeavour", "try"),
    ("ensure", "make sure"),
    ("entitlement", "what you can get"),
    ("expenditure", "spending"),
    ("facilitate", "help"),
    ("however", "but"),
    ("individual", "person"),
    ("inform", "tell"),
    ("liaise", "talk to"),
    ("nevertheless", "but"),
    ("notify", "tell"),
    ("obtain", "get"),
    ("purchase", "buy"),
    ("regarding", "about"),
    ("require", "need"),
    ("residence", "home"),
    ("subsequently", "later"),
    ("sufficient", "enough"),
    ("therefore", "so"),
    ("utilise", "use"),
];
