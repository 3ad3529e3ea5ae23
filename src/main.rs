//! The `throughcare` command: parse arguments, call the generator, show what it found.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    },
    /// Build, serve on 127.0.0.1, rebuild on change and reload the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
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
        } => {
            let opts = BuildOptions {
                out: out.unwrap_or_else(|| root.join("public")),
                drafts,
                base_url,
                progress: std::io::stderr().is_terminal(),
                idle_reset_seconds: idle_reset,
                relative_urls: relative,
                kiosk,
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
                    eprintln!(
                        "Built {} pages and {} sections ({} files) into {} in {} ms; {} warning(s).",
                        summary.pages,
                        summary.sections,
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
        Command::Serve { root, port, drafts } => match site::serve::serve(
            BuildOptions {
                drafts,
                ..options(root)
            },
            port,
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        },
        Command::Bench { pages } => {
            // The corpus first, so that its peak memory is its own.
            let result = match site::bench::run(pages) {
                Ok(result) => result,
                Err(e) => return failed(e),
            };
            println!("{result}");
            if Path::new("config.toml").is_file() {
                match site::bench::bundled(options(PathBuf::from("."))) {
                    Ok(text) => print!("{text}"),
                    Err(e) => return failed(e),
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
