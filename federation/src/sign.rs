//! Signatures: SSH signatures on git commits (namespace "git", as `git commit -S` with
//! `gpg.format=ssh` makes them), and minisign signatures on tarballs.

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
    let text = String::from_utf8_lossy(&signature);
    let sig = SshSig::from_pem(text.trim()).map_err(|e| {
        bad(format!(
            "the commit's signature is not an SSH signature: {e}"
        ))
    })?;
    for line in signers {
        let Ok(key) = PublicKey::from_openssh(line.trim()) else {
            continue;
        };
        if key.verify("git", &signed, &sig).is_ok() {
            return Ok(());
        }
    }
    Err(bad(
        "the commit's signature is not from any of this member's signers".into(),
    ))
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
