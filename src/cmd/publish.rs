//! `throughcare publish`: the loop an operator runs from cron, a systemd timer or CI. Update the
//! partners' sources, build strictly (every check, any finding stops it), and only then does
//! the new site take the old one's place; when anything fails, the last good site stays live,
//! `federation.lock` goes back to what that site was built from, and the federation report
//! says which partner broke what.

use std::path::Path;

use site::{build, BuildError, BuildOptions, BuildSummary};

/// What a failed publish left as it was.
pub enum Failed {
    /// The partners' sources could not be updated (the manifest is unusable): nothing changed.
    Update(Vec<federation::Finding>),
    /// The build stopped: the live site and the lock are as they were.
    Build(BuildError),
}

/// Update, build, swap in. `today` is for the lock's dates (YYYY-MM-DD).
pub fn publish(opts: &BuildOptions, today: &str) -> Result<BuildSummary, Failed> {
    let lock_path = opts.root.join(federation::LOCKFILE);
    // The lock the live site was built from, byte for byte, to put back if this fails.
    let live_lock = std::fs::read(&lock_path).ok();
    if opts.root.join(federation::MANIFEST).is_file() {
        let mut update = federation::Options::new(&opts.root, today);
        if let Some(cache) = &opts.cache {
            update.cache = cache.clone();
        }
        match federation::update(&update) {
            Ok((lock, problems)) => {
                for p in &problems {
                    eprintln!("{:?}", p.to_report());
                }
                for m in &lock.members {
                    eprintln!("locked {} at {} ({})", m.id, m.revision, m.content_hash);
                }
            }
            Err(problems) => return Err(Failed::Update(problems)),
        }
    }
    build(opts).map_err(|e| {
        restore(&lock_path, live_lock.as_deref());
        Failed::Build(e)
    })
}

/// Put back the lock the live site was built from (or none, if it had none).
fn restore(lock_path: &Path, live: Option<&[u8]>) {
    let put_back = match live {
        Some(bytes) => std::fs::write(lock_path, bytes),
        None => match std::fs::remove_file(lock_path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        },
    };
    if let Err(e) = put_back {
        eprintln!(
            "warning: cannot put back {} as the live site had it: {e}",
            lock_path.display()
        );
    }
}
