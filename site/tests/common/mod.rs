//! Shared by the integration tests.

use std::path::{Path, PathBuf};

/// Every file below `dir`, sorted.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The vendored HSDS 3.0 schema, with format assertions on. Its files refer to each other by
/// bare file name, served here from the vendored folder and nowhere else.
#[allow(dead_code)] // not every test binary validates HSDS
pub fn hsds_validator() -> jsonschema::Validator {
    struct Vendored(PathBuf);
    impl jsonschema::Retrieve for Vendored {
        fn retrieve(
            &self,
            uri: &jsonschema::Uri<String>,
        ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
            let name = uri
                .path()
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string();
            let text = std::fs::read_to_string(self.0.join(&name))?;
            Ok(serde_json::from_str(&text)?)
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vendor/hsds-3.0/schema");
    let service: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("service.json")).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .with_base_uri("https://hsds.invalid/schema/service.json")
        .with_retriever(Vendored(dir))
        .build(&service)
        .unwrap()
}

/// A gzipped tarball of `entries`, each name written as given (`../x` too, for the tests that
/// a source cannot traverse).
#[allow(dead_code)] // not every test binary makes tarballs
pub fn tarball(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(
        Vec::new(),
        flate2::Compression::default(),
    ));
    for (name, bytes) in entries {
        let mut h = tar::Header::new_gnu();
        h.as_gnu_mut().unwrap().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_mtime(0);
        h.set_cksum();
        builder.append(&h, *bytes).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// A partner's SSH key, the same for the same seed.
#[allow(dead_code)] // not every test binary signs
pub fn key(seed: u8) -> ssh_key::PrivateKey {
    ssh_key::PrivateKey::from(ssh_key::private::Ed25519Keypair::from_seed(&[seed; 32]))
}

/// Point tag `v1` at an annotated tag on `commit` signed as `git tag -s` with gpg.format=ssh
/// signs it: the SSH signature appended to the tag object, over what precedes it.
#[allow(dead_code)] // not every test binary signs
pub fn sign_tag(repo: &git2::Repository, commit: &str, key: &ssh_key::PrivateKey) {
    let payload = format!(
        "object {commit}\ntype commit\ntag v1\ntagger Partner <partner@example.org> 1700000000 +0000\n\nContent for the site\n"
    );
    let sig = key
        .sign("git", ssh_key::HashAlg::Sha512, payload.as_bytes())
        .unwrap()
        .to_pem(ssh_key::LineEnding::LF)
        .unwrap();
    let tag = repo
        .odb()
        .unwrap()
        .write(git2::ObjectType::Tag, format!("{payload}{sig}").as_bytes())
        .unwrap();
    repo.reference("refs/tags/v1", tag, true, "signed tag")
        .unwrap();
}

/// A new minisign key pair and its signature of `bytes`, as a `.minisig` file holds it.
#[allow(dead_code)] // not every test binary signs
pub fn minisign_signed(bytes: &[u8]) -> (minisign::KeyPair, String) {
    let keys = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let signature = minisign::sign(
        Some(&keys.pk),
        &keys.sk,
        std::io::Cursor::new(bytes),
        None,
        None,
    )
    .unwrap()
    .to_string();
    (keys, signature)
}
