//! `throughcare bench --corpus DIR`: build a corpus made by the shared `gen_corpus.py` (its
//! `zola/` tree) several times, and Hugo's tree beside it when `hugo` is installed, each build
//! a separate process measured the same way as `/usr/bin/time` does (wall clock, user + system
//! CPU, peak resident memory from `wait4`). Figures only: nothing here passes or fails on speed.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// One build: seconds of wall clock and of CPU, and peak memory in MiB.
#[derive(Clone, Copy)]
struct Run {
    wall: f64,
    cpu: f64,
    peak_mib: f64,
}

/// Builds `corpus/zola` with this binary (and `corpus/hugo` with Hugo, if installed) `runs`
/// times each, alternating, into `out` (tmpfs is best: the disk otherwise dominates), and
/// returns the table.
pub fn compare(corpus: &Path, out: &Path, runs: usize) -> io::Result<String> {
    let zola = corpus.join("zola");
    let hugo_tree = corpus.join("hugo");
    let pages = count_pages(&zola.join("content"))?;
    let me = std::env::current_exe()?;
    let hugo = hugo_tree.is_dir() && has_hugo();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let target = out.join("throughcare");
        let _ = std::fs::remove_dir_all(&target);
        let mut build = Command::new(&me);
        build
            .arg("build")
            .arg("--root")
            .arg(&zola)
            .arg("--out")
            .arg(&target);
        ours.push(measure(&mut build)?);
        if hugo {
            let target = out.join("hugo");
            let _ = std::fs::remove_dir_all(&target);
            let mut build = Command::new("hugo");
            build
                .arg("--quiet")
                .arg("--source")
                .arg(&hugo_tree)
                .arg("--destination")
                .arg(&target);
            theirs.push(measure(&mut build)?);
        }
    }
    let _ = std::fs::remove_dir_all(out.join("throughcare"));
    let _ = std::fs::remove_dir_all(out.join("hugo"));

    let mut text = format!(
        "corpus: {} ({pages} pages), output in {}, median of {} builds each\n",
        corpus.display(),
        out.display(),
        ours.len()
    );
    let _ = writeln!(
        text,
        "{:<12} {:>8} {:>10} {:>10} {:>12}",
        "tool", "wall s", "CPU s", "pages/s", "peak MiB"
    );
    let ours = median(&ours);
    let row = |text: &mut String, name: &str, r: Run| {
        let _ = writeln!(
            text,
            "{name:<12} {:>8.2} {:>10.2} {:>10.0} {:>12.0}",
            r.wall,
            r.cpu,
            pages as f64 / r.wall,
            r.peak_mib
        );
    };
    row(&mut text, "throughcare", ours);
    if hugo {
        let theirs = median(&theirs);
        row(&mut text, "hugo", theirs);
        let _ = writeln!(
            text,
            "throughcare is {:.2} times Hugo's speed (the goal is 3.3: Zola is about 1.6), with {:.2} times its CPU and {:.2} times its peak memory",
            theirs.wall / ours.wall,
            ours.cpu / theirs.cpu,
            ours.peak_mib / theirs.peak_mib
        );
    } else {
        text.push_str(
            "hugo: not installed (apt-get install -y hugo) or no hugo/ tree in the corpus\n",
        );
    }
    Ok(text)
}

/// The default output folder: tmpfs when there is one, so that the disk does not dominate.
pub fn default_out() -> PathBuf {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        shm.join(format!("throughcare-bench-{}", std::process::id()))
    } else {
        std::env::temp_dir().join(format!("throughcare-bench-{}", std::process::id()))
    }
}

fn has_hugo() -> bool {
    Command::new("hugo")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn count_pages(content: &Path) -> io::Result<usize> {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(content) {
        let entry = entry.map_err(io::Error::other)?;
        let name = entry.file_name().to_string_lossy();
        if name.ends_with(".md") && !name.starts_with('_') {
            pages += 1;
        }
    }
    Ok(pages)
}

/// The median of each figure on its own (peak memory: the largest).
fn median(runs: &[Run]) -> Run {
    let mid = |f: fn(&Run) -> f64| {
        let mut v: Vec<f64> = runs.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    Run {
        wall: mid(|r| r.wall),
        cpu: mid(|r| r.cpu),
        peak_mib: runs.iter().map(|r| r.peak_mib).fold(0.0, f64::max),
    }
}

/// Run `command` to the end, with what the kernel counted for it.
#[cfg(not(unix))]
fn measure(_: &mut Command) -> io::Result<Run> {
    Err(io::Error::other(
        "bench --corpus needs Linux or another Unix: it reads the kernel's counts (wait4)",
    ))
}

/// Run `command` to the end, with what the kernel counted for it.
#[cfg(unix)]
fn measure(command: &mut Command) -> io::Result<Run> {
    // Errors go to a file: a pipe could fill up with a build's warnings and stall it.
    let mut errors = tempfile::tempfile()?;
    let started = Instant::now();
    let child = command
        .stdout(Stdio::null())
        .stderr(errors.try_clone()?)
        .spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; the child is ours and not yet
    // reaped (`Child` is never waited on after this, and its drop does not wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = loop {
        let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if waited == -1 && io::Error::last_os_error().kind() == io::ErrorKind::Interrupted {
            continue;
        }
        break waited;
    };
    let wall = started.elapsed().as_secs_f64();
    if waited != pid {
        return Err(io::Error::last_os_error());
    }
    if !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        let mut why = String::new();
        io::Seek::rewind(&mut errors)?;
        let _ = io::Read::read_to_string(&mut errors, &mut why);
        return Err(io::Error::other(format!(
            "{:?} failed: {}",
            command.get_program(),
            why.lines().last().unwrap_or("no message")
        )));
    }
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Run {
        wall,
        cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        // Linux counts ru_maxrss in KiB, macOS in bytes.
        peak_mib: usage.ru_maxrss as f64
            / if cfg!(target_os = "macos") {
                1048576.0
            } else {
                1024.0
            },
    })
}
