//! Signatures: SSH signatures on git tags and commits (namespace "git", as `git tag -s` and
//! `git commit -S` with `gpg.format=ssh` make them), and minisign signatures on tarballs.

use git2::{Oid, Repository};
use ssh_key::{PublicKey, SshSig};

use finding::Finding;

/// The commit must carry an SSH signature by one of `signers` (OpenSSH public key lines).
pub fn check_git(
    member: &str,
    repo: &Repository,
    commit: Oid,
    signers: &[String],
) -> Result<(), Finding> {
    let file = format!("commit {commit}");
    let found = repo
        .extract_signature(&commit, Some("gpgsig"))
        .ok()
        .filter(|(sig, _)| !sig.trim_ascii().is_empty());
    let Some((signature, signed)) = found else {
        return Err(Finding::error(
            "federation::unsigned",
            Some(member),
            file,
            "the pinned commit is not signed, and this member's signers are required",
            "ask the partner to sign the commit (git commit -S with gpg.format=ssh) with a key listed in signers",
        ));
    };
    let bad = |why: String| {
        Finding::error(
            "federation::bad_signature",
            Some(member),
            format!("commit {commit}"),
            why,
            "check that the commit was signed with a key listed in this member's signers in federation.toml",
        )
    };
    verify_ssh(&signature, &signed, signers).map_err(|why| bad(format!("the commit's {why}")))
}

/// The annotated tag `tag`, when it carries an SSH signature (`git tag -s` with
/// gpg.format=ssh), must be signed by one of `signers` and name `commit`: `None` when the tag
/// is lightweight or unsigned, so that the commit's own signature is checked instead.
pub fn check_git_tag(
    member: &str,
    repo: &Repository,
    tag: &str,
    commit: Oid,
    signers: &[String],
) -> Option<Result<(), Finding>> {
    let id = repo.refname_to_id(&format!("refs/tags/{tag}")).ok()?;
    let object = repo.find_tag(id).ok()?;
    let raw = repo.odb().ok()?.read(id).ok()?.data().to_vec();
    const BEGIN: &[u8] = b"-----BEGIN SSH SIGNATURE-----";
    let at = raw.windows(BEGIN.len()).position(|w| w == BEGIN)?;
    let (signed, signature) = raw.split_at(at);
    let bad = |why: String| {
        Finding::error(
            "federation::bad_signature",
            Some(member),
            format!("tag {tag}"),
            why,
            "check that the tag was signed (git tag -s with gpg.format=ssh) with a key listed in this member's signers in federation.toml",
        )
    };
    if object.target_id() != commit {
        return Some(Err(bad(format!(
            "the signed tag names {}, not the commit {commit} it resolved to",
            object.target_id()
        ))));
    }
    Some(verify_ssh(signature, signed, signers).map_err(|why| bad(format!("the tag's {why}"))))
}

/// An SSH signature in git's namespace over `signed`, by one of `signers` (OpenSSH public key
/// lines); what is wrong otherwise, to follow "the commit's" or "the tag's".
fn verify_ssh(signature: &[u8], signed: &[u8], signers: &[String]) -> Result<(), String> {
    let text = String::from_utf8_lossy(signature);
    let sig = SshSig::from_pem(text.trim())
        .map_err(|e| format!("signature is not an SSH signature: {e}"))?;
    let by_signer = signers.iter().any(|line| {
        PublicKey::from_openssh(line.trim())
            .is_ok_and(|key| key.verify("git", signed, &sig).is_ok())
    });
    if by_signer {
        Ok(())
    } else {
        Err("signature is not from any of this member's signers".into())
    }
}

/// The tarball must carry a minisign signature (`<tarball>.minisig`) by one of `signers`.
pub fn check_minisign(
    member: &str,
    file: &str,
    bytes: &[u8],
    signature: Option<&str>,
    signers: &[String],
) -> Result<(), Finding> {
    let Some(signature) = signature else {
        return Err(Finding::error(
            "federation::unsigned",
            Some(member),
            file,
            "the tarball has no .minisig signature beside it, and this member's signers are required",
            "ask the partner to publish `minisign -S` output next to the tarball",
        ));
    };
    let bad = |why: String| {
        Finding::error(
            "federation::bad_signature",
            Some(member),
            file,
            why,
            "check that the tarball was signed with a key listed in this member's signers",
        )
    };
    let sig = minisign_verify::Signature::decode(signature)
        .map_err(|e| bad(format!("the .minisig file cannot be read: {e}")))?;
    for key in signers {
        if let Ok(pk) = minisign_verify::PublicKey::from_base64(key.trim()) {
            if pk.verify(bytes, &sig, false).is_ok() {
                return Ok(());
            }
        }
    }
    Err(bad(
        "the tarball's signature is not from any of this member's signers".into(),
    ))
}
