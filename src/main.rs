//! The `throughcare` command: parse arguments, call the generator, show what it found.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod cmd;

/// Builds allocate and free many small strings and maps per page; mimalloc does that faster
/// than glibc's malloc (README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use site::finding::Findings;
use site::{BuildError, BuildOptions};

#[derive(Parser)]
#[command(
    name = "throughcare",
    version,
    about = "Build the throughcare site: easy read, offline, private"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// How a build treats federation members (sites with a federation.toml).
#[derive(clap::Args)]
struct FederationArgs {
    /// For publishing: stop on any finding, warnings included.
    #[arg(long, conflicts_with = "tolerant")]
    strict: bool,
    /// For kiosks and previews: leave out a member's failing items (or the member) and build
    /// the rest, with a notice that some services may be missing.
    #[arg(long)]
    tolerant: bool,
    /// Build members from the cache only; no source is read.
    #[arg(long)]
    offline: bool,
    /// The federation cache [default: ROOT/.throughcare-cache].
    #[arg(long)]
    cache: Option<PathBuf>,
    /// Where the federation report (JSON and HTML) goes [default: beside OUT, federation-report].
    #[arg(long)]
    federation_report: Option<PathBuf>,
    /// Keep sample members and listings in a kiosk or --strict build (they are left out
    /// there otherwise; federation.toml's `include_samples = true` does the same).
    #[arg(long)]
    include_samples: bool,
}

impl FederationArgs {
    fn mode(&self) -> site::Mode {
        match (self.strict, self.tolerant) {
            (true, _) => site::Mode::Strict,
            (_, true) => site::Mode::Tolerant,
            _ => site::Mode::Normal,
        }
    }
}

#[derive(Subcommand)]
enum FederationCommand {
    /// Fetch every member's source as federation.toml pins it, check signatures, and write
    /// federation.lock (the only command that writes it).
    Update {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        cache: Option<PathBuf>,
        /// The longest a fetch of a partner's source may take, in seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// For a partner: check your content in FOLDER (pages/, stories/, services.toml) with every
    /// rule a build applies to a member, before you publish it. Writes nothing.
    Check {
        /// Your content's folder, as the site would fetch it.
        folder: PathBuf,
        /// Your member id in the site's federation.toml.
        #[arg(long)]
        member: String,
        /// A copy of the site (with federation.toml naming you).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Check the content, then write the site.
    Build {
        /// The site folder (with config.toml, content/, templates/, static/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of config.toml's.
        #[arg(long)]
        base_url: Option<String>,
        /// Also write the build report (findings and each page's reading ease) as JSON here.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Make the self-assessment start again after this many idle seconds (for shared
        /// devices; it warns 30 seconds before).
        #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(31..))]
        idle_reset: Option<u32>,
        /// Relative links naming index.html, so the site works opened from a folder (file://).
        #[arg(long)]
        relative: bool,
        /// Build for one kiosk in config.toml: its content and local services only, no links
        /// out, relative links, and its idle reset.
        #[arg(long, value_name = "ID")]
        kiosk: Option<String>,
        #[command(flatten)]
        federation: FederationArgs,
    },
    /// Partners' content sources (federation.toml).
    Federation {
        #[command(subcommand)]
        command: FederationCommand,
    },
    /// Update the partners' sources, build strictly and only then replace the live site; on
    /// any failure the last good site stays and the federation report says what broke.
    Publish {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The live site's folder [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Use this base URL instead of config.toml's.
        #[arg(long)]
        base_url: Option<String>,
        /// Publish what passed and leave out what a partner got wrong (each page then says
        /// some services may be missing), instead of keeping the last good site.
        #[arg(long)]
        tolerant: bool,
        /// The federation cache [default: ROOT/.throughcare-cache].
        #[arg(long)]
        cache: Option<PathBuf>,
        /// Where the federation report goes [default: beside OUT, federation-report].
        #[arg(long)]
        federation_report: Option<PathBuf>,
        /// The longest a fetch of a partner's source may take, in seconds.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// Build, serve on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to answer on. Anything but loopback lets other machines in: a warning
        /// says so.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        #[arg(long)]
        drafts: bool,
    },
    /// Run the content lint and print each page's reading ease; writes nothing.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
    },
    /// Build a generated corpus and print pages per second and peak memory.
    Bench {
        #[arg(long, default_value_t = 10_000)]
        pages: usize,
        /// Instead: a generated federation of 40 members x 200 services x 2 reading levels,
        /// against the same number of plain pages.
        #[arg(long)]
        federation: bool,
        /// Instead: build a corpus made by gen_corpus.py (its zola/ tree), beside Hugo on its
        /// hugo/ tree when `hugo` is installed, and print the medians.
        #[arg(long, value_name = "DIR")]
        corpus: Option<PathBuf>,
        /// With --corpus: builds of each tool.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// With --corpus: where the builds go [default: a folder in /dev/shm (tmpfs)].
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            base_url,
            report,
            idle_reset,
            relative,
            kiosk,
            federation,
        } => {
            let opts = BuildOptions {
                out: out.unwrap_or_else(|| root.join("public")),
                drafts,
                base_url,
                progress: std::io::stderr().is_terminal().then(cmd::progress::bar),
                idle_reset_seconds: idle_reset,
                relative_urls: relative,
                kiosk,
                mode: federation.mode(),
                offline: federation.offline,
                cache: federation.cache,
                federation_report: federation.federation_report,
                include_samples: federation.include_samples,
                ..options(root)
            };
            match site::build(&opts) {
                Ok(summary) => {
                    show(&summary.findings);
                    if let Some(path) = report {
                        if let Err(e) = write_report(&path, &summary.findings, &summary.reports) {
                            eprintln!("error: cannot write the report {}: {e}", path.display());
                            return ExitCode::FAILURE;
                        }
                    }
                    if !summary.quarantine.is_empty() {
                        let q = &summary.quarantine;
                        eprintln!(
                            "Tolerant build: left out {} member(s), {} file(s) and {} service(s); see {}.",
                            q.members.len(),
                            q.files.len(),
                            q.items.len(),
                            opts.report_dir().display()
                        );
                    }
                    if !summary.samples_left_out.is_empty() {
                        eprintln!(
                            "Left out sample content, as kiosk and --strict builds do (pass --include-samples to keep it): {}.",
                            summary.samples_left_out.join(", ")
                        );
                    }
                    eprintln!(
                        "Built {} pages, {} sections and {} services ({} files) into {} in {} ms; {} warning(s).",
                        summary.pages,
                        summary.sections,
                        summary.services,
                        summary.files,
                        opts.out.display(),
                        summary.elapsed.as_millis(),
                        summary.findings.warnings()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
        Command::Check { root, drafts } => {
            let opts = BuildOptions {
                drafts,
                ..options(root)
            };
            match site::check(&opts) {
                Ok((findings, reports)) => {
                    println!("{:>7}  {:<5}  {:>6}  file", "reading", "level", "words");
                    for r in &reports {
                        let ease = r
                            .reading_ease
                            .map_or("-".to_string(), |e| format!("{e:.0}"));
                        println!(
                            "{ease:>7}  {:<5}  {:>6}  {}",
                            if r.easy_read { "easy" } else { "std" },
                            r.words,
                            r.file
                        );
                    }
                    show(&findings);
                    eprintln!(
                        "{} error(s), {} warning(s).",
                        findings.errors(),
                        findings.warnings()
                    );
                    if findings.has_errors() {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => failed(e),
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => match cmd::serve::serve(
            BuildOptions {
                drafts,
                ..options(root)
            },
            bind,
            port,
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Federation {
            command:
                FederationCommand::Update {
                    root,
                    cache,
                    timeout,
                },
        } => {
            let today = jiff::tz::TimeZone::UTC
                .to_datetime(jiff::Timestamp::now())
                .date()
                .to_string();
            let mut opts = federation::Options::new(&root, today);
            if let Some(cache) = cache {
                opts.cache = cache;
            }
            opts.http.timeout = std::time::Duration::from_secs(timeout);
            match federation::update(&opts) {
                Ok((lock, problems)) => {
                    for p in &problems {
                        eprintln!(
                            "{}: {} [{}] {}\n  help: {}",
                            if p.is_error() { "error" } else { "warning" },
                            p.member_id().unwrap_or("-"),
                            p.rule,
                            p.message,
                            p.help
                        );
                    }
                    for m in &lock.members {
                        eprintln!("locked {} at {} ({})", m.id, m.revision, m.content_hash);
                    }
                    eprintln!("Wrote {}.", root.join(federation::LOCKFILE).display());
                    if problems.iter().any(federation::Finding::is_error) {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(problems) => {
                    for p in &problems {
                        eprintln!("error: [{}] {}\n  help: {}", p.rule, p.message, p.help);
                    }
                    ExitCode::FAILURE
                }
            }
        }
        Command::Federation {
            command:
                FederationCommand::Check {
                    folder,
                    member,
                    root,
                },
        } => {
            let folder = std::path::absolute(&folder).unwrap_or(folder);
            match site::check_member(&options(root), &member, &folder) {
                Ok((findings, reports)) => {
                    for r in &reports {
                        let ease = r
                            .reading_ease
                            .map_or("-".to_string(), |e| format!("{e:.0}"));
                        eprintln!(
                            "{} {} words, reading ease {ease}: {}",
                            if r.easy_read {
                                "easy read,"
                            } else {
                                "standard,"
                            },
                            r.words,
                            r.file
                        );
                    }
                    show(&findings);
                    eprintln!(
                        "{member}: {} page(s) checked; {} error(s), {} warning(s).{}",
                        reports.len(),
                        findings.errors(),
                        findings.warnings(),
                        if findings.has_errors() {
                            " A build would leave this content out (tolerant) or stop (strict): fix the errors, then check again."
                        } else {
                            " Ready to publish: the site takes it at its next `federation update`, where signatures are checked too."
                        }
                    );
                    if findings.has_errors() {
                        ExitCode::FAILURE
                    } else {
                        ExitCode::SUCCESS
                    }
                }
                Err(e) => failed(e),
            }
        }
        Command::Publish {
            root,
            out,
            base_url,
            tolerant,
            cache,
            federation_report,
            timeout,
        } => {
            let opts = BuildOptions {
                out: out.unwrap_or_else(|| root.join("public")),
                base_url,
                mode: if tolerant {
                    site::Mode::Tolerant
                } else {
                    site::Mode::Strict
                },
                cache,
                federation_report,
                fetch_timeout: Some(std::time::Duration::from_secs(timeout)),
                ..options(root)
            };
            let federated = opts.root.join(federation::MANIFEST).is_file();
            match site::publish(&opts) {
                Ok(summary) => {
                    show(&summary.findings);
                    if !summary.samples_left_out.is_empty() {
                        eprintln!(
                            "Left out sample content, as published sites do: {}.",
                            summary.samples_left_out.join(", ")
                        );
                    }
                    if !summary.quarantine.is_empty() {
                        eprintln!(
                            "Left out what partners got wrong (--tolerant): see {}.",
                            opts.report_dir().display()
                        );
                    }
                    eprintln!(
                        "Published {} pages and {} services to {}.",
                        summary.pages,
                        summary.services,
                        opts.out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(failed) => {
                    match failed {
                        BuildError::Findings(found) => show(&found),
                        other => eprintln!("error: {other}"),
                    }
                    eprintln!(
                        "Not published: the last good site at {} is still live{}.",
                        opts.out.display(),
                        if federated {
                            format!(
                                ", built from the federation.lock put back; which partner broke what is in {}",
                                opts.report_dir().display()
                            )
                        } else {
                            String::new()
                        }
                    );
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bench {
            corpus: Some(corpus),
            runs,
            out,
            ..
        } => {
            let out = out.unwrap_or_else(cmd::corpus::default_out);
            let result = cmd::corpus::compare(&corpus, &out, runs);
            let _ = std::fs::remove_dir(&out);
            match result {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: the corpus benchmark stopped: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Bench {
            federation: true, ..
        } => match cmd::bench::federation(40, 200) {
            Ok(text) => {
                print!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => failed(e),
        },
        Command::Bench { pages, .. } => {
            // The corpus first, so that its peak memory is its own.
            let result = match cmd::bench::run(pages) {
                Ok(result) => result,
                Err(e) => return failed(e),
            };
            println!("{result}");
            if Path::new("config.toml").is_file() {
                match cmd::bench::bundled(options(PathBuf::from("."))) {
                    Ok(text) => print!("{text}"),
                    Err(e) => return failed(e),
                }
                match cmd::serve::edit_to_reload(options(PathBuf::from(".")), 5) {
                    Ok(text) => print!("{text}"),
                    Err(e) => eprintln!("serve: the edit-to-reload benchmark stopped: {e}"),
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// The self-assessment app, built by build.rs from wasm-app/.
const APP: site::AppScript = site::AppScript {
    script: include_bytes!(concat!(env!("OUT_DIR"), "/assessment.js")),
    wasm: include_bytes!(concat!(env!("OUT_DIR"), "/assessment.wasm")),
};

fn options(root: PathBuf) -> BuildOptions {
    BuildOptions {
        app_script: Some(APP),
        ..BuildOptions::new(root)
    }
}

fn show(findings: &Findings) {
    for finding in &findings.0 {
        eprintln!("{:?}", finding.to_report());
    }
}

fn failed(error: BuildError) -> ExitCode {
    match error {
        BuildError::Findings(findings) => {
            show(&findings);
            eprintln!(
                "Stopped: {} error(s), {} warning(s). Nothing was written.",
                findings.errors(),
                findings.warnings()
            );
        }
        other => eprintln!("error: {other}"),
    }
    ExitCode::FAILURE
}

fn write_report(
    path: &PathBuf,
    findings: &Findings,
    pages: &[site::lint::PageReport],
) -> std::io::Result<()> {
    let report = serde_json::json!({ "findings": findings, "pages": pages });
    std::fs::write(
        path,
        serde_json::to_string_pretty(&report).map_err(std::io::Error::other)? + "\n",
    )
}
