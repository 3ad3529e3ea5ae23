//! Builds the self-assessment app (wasm-app/) for the browser and leaves one script in
//! OUT_DIR that the `throughcare` binary embeds: wasm-bindgen's loader with the wasm inside,
//! so that the page needs no fetch (CSP `connect-src 'none'`) and works from `file://`.
//!
//! The nested cargo build uses its own target dir (no lock shared with this build) and none
//! of the outer build's flags or profile overrides, which are meant for the host.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-unknown-unknown";
const PROFILE: &str = "wasm-release";
/// Set for the nested wasm build, whose linker is this program (`link_wasm`): rust-lld's path.
const LINK_WITH: &str = "THROUGHCARE_WASM_LLD";

fn main() {
    if let Some(lld) = env::var_os(LINK_WITH) {
        link_wasm(&lld);
    }
    let root =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for watched in [
        "wasm-app/src",
        "wasm-app/Cargo.toml",
        "assessment/src",
        "assessment/Cargo.toml",
        "Cargo.lock",
        "Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={watched}");
    }

    let wasm = build_wasm(&root);
    let bindgen_dir = out_dir.join("bindgen");
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen
        .input_path(&wasm)
        .no_modules(true)
        .and_then(|b| {
            b.typescript(false)
                .remove_name_section(false)
                .remove_producers_section(true)
                .generate(&bindgen_dir)
        })
        .unwrap_or_else(|e| {
            fail(&format!(
                "wasm-bindgen could not process {}: {e}",
                wasm.display()
            ))
        });

    let glue = std::fs::read_to_string(bindgen_dir.join("wasm_app.js"))
        .unwrap_or_else(|e| fail(&format!("wasm-bindgen wrote no wasm_app.js: {e}")));
    let glue = drop_indentation(&drop_stream_classes(&glue));
    let (bytes, profile, renamed) = slim_wasm(&bindgen_dir.join("wasm_app_bg.wasm"));
    // The same wasm with its functions' names, for `twiggy top` (README, Performance).
    let profile_path = root.join("target/wasm/assessment-profile.wasm");
    std::fs::write(&profile_path, profile)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", profile_path.display())));
    let glue = rename_tokens(&glue, &renamed);
    let encoded = js_byte_string(&bytes);
    let script = format!(
        "{glue}\n;(function () {{\n  var l = document.getElementById(\"app-loading\");\n  if (l) l.hidden = false;\n  var s = \"{encoded}\";\n  var b = new Uint8Array(s.length);\n  for (var i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);\n  wasm_bindgen({{ module_or_path: b }}).catch(function () {{\n    if (l) l.textContent = l.getAttribute(\"data-failed\");\n  }});\n}})();\n"
    );
    std::fs::write(out_dir.join("assessment.js"), script)
        .unwrap_or_else(|e| fail(&format!("cannot write assessment.js: {e}")));
    std::fs::write(out_dir.join("assessment.wasm"), &bytes)
        .unwrap_or_else(|e| fail(&format!("cannot write assessment.wasm: {e}")));
}

/// Give every import and export but `memory` a short name: wasm-bindgen's names carry a
/// 16-digit hash each, written twice (in the wasm and in the loader), which brotli cannot
/// compress. The wasm, the same with its names (to profile), and each old name with its new
/// one for the loader.
fn slim_wasm(path: &Path) -> (Vec<u8>, Vec<u8>, Vec<(String, String)>) {
    let mut module = walrus::Module::from_file(path)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", path.display())));
    // Only a browser reads this wasm: no custom sections (the tools' names, target features).
    let customs: Vec<_> = module.customs.iter().map(|(id, _)| id).collect();
    for id in customs {
        module.customs.delete(id);
    }
    let mut renamed = Vec::new();
    for (n, import) in module.imports.iter_mut().enumerate() {
        let short = format!("i{n:x}");
        renamed.push((std::mem::replace(&mut import.name, short.clone()), short));
    }
    for (n, export) in module
        .exports
        .iter_mut()
        .filter(|e| e.name != "memory")
        .enumerate()
    {
        let short = format!("e{n:x}");
        renamed.push((std::mem::replace(&mut export.name, short.clone()), short));
    }
    let profile = module.emit_wasm();
    let mut config = walrus::ModuleConfig::new();
    config
        .generate_name_section(false)
        .generate_producers_section(false);
    let bytes = config
        .parse(&profile)
        .unwrap_or_else(|e| fail(&format!("cannot read back the slimmed wasm: {e}")))
        .emit_wasm();
    (bytes, profile, renamed)
}

/// `glue` with each whole identifier that `renamed` names replaced by its new name.
fn rename_tokens(glue: &str, renamed: &[(String, String)]) -> String {
    let names: std::collections::HashMap<&str, &str> = renamed
        .iter()
        .map(|(old, new)| (old.as_str(), new.as_str()))
        .collect();
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    while let Some(start) = rest.find(is_ident) {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find(|c: char| !is_ident(c))
            .map_or(rest.len(), |e| start + e);
        let token = &rest[start..end];
        out.push_str(names.get(token).copied().unwrap_or(token));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The wasm-streams classes in wasm-bindgen's loader (see `link_wasm`), and their finalisers:
/// with their exports gone they could only fail. Each class runs from `class IntoUnderlying...`
/// to the line that exports it; each finaliser is one statement of three lines.
fn drop_stream_classes(glue: &str) -> String {
    let mut out = String::with_capacity(glue.len());
    let mut lines = glue.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("class IntoUnderlying") {
            for line in lines.by_ref() {
                if line.trim_start().starts_with("exports.IntoUnderlying") {
                    break;
                }
            }
        } else if trimmed.starts_with("const IntoUnderlying") && trimmed.contains("Finalization") {
            for line in lines.by_ref() {
                if line.trim_end().ends_with(';') {
                    break;
                }
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The loader without its indentation, blank lines and whole-line comments: a fifth of its
/// bytes after brotli (0.8 KB). Safe because no string in it spans lines (the wasm-bindgen
/// version is pinned; the browser tests run the result).
fn drop_indentation(glue: &str) -> String {
    let mut out = String::with_capacity(glue.len());
    for line in glue.lines().map(str::trim) {
        if !line.is_empty() && !line.starts_with("//") {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The wasm as a JavaScript string with one character per byte (U+0000 to U+00FF), written
/// as UTF-8. Unlike base64, this keeps the bytes' own patterns, so gzip and brotli compress
/// it almost as well as the wasm itself (measured: 25% smaller than base64 after brotli).
fn js_byte_string(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 / 2);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            // A ninth of the wasm is zeros: `\0` is half of `\x00` (1.3 KB less after brotli),
            // but before a digit it would read as an octal escape.
            0 if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => out.push_str("\\x00"),
            0 => out.push_str("\\0"),
            _ => out.push(char::from(b)),
        }
    }
    out
}

/// rustup does not install targets named in rust-toolchain.toml by itself here, so a fresh
/// machine would fail at the nested build: add the target when it is missing.
fn ensure_wasm_target() {
    let installed = sysroot().is_some_and(|s| s.join("lib/rustlib").join(TARGET).is_dir());
    if installed {
        return;
    }
    println!("cargo:warning=adding the {TARGET} target with rustup, for the self-assessment app");
    let added = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status();
    if !added.is_ok_and(|s| s.success()) {
        fail(&format!("the {TARGET} target is missing and rustup could not add it; run: rustup target add {TARGET}"));
    }
}

/// The toolchain's own directory (`rustc --print sysroot`).
fn sysroot() -> Option<PathBuf> {
    let out = Command::new(env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Leptos always brings `server_fn`, and with it wasm-streams, whose three classes
/// (`IntoUnderlyingSource`, `IntoUnderlyingSink`, `IntoUnderlyingByteSource`) are wasm exports,
/// though this app has no server functions and no streams. Exported, the linker keeps them and
/// all they reach, much of it through the function table, where no later pass can tell it is
/// unused. So the nested build links with this program, which runs rust-lld without those
/// exports: 13 KB less wasm (3.7 KB brotli) than dropping them after linking.
///
/// rustc passes each export as `--export NAME`. (Only when a command line is too long for the
/// system does it pass a response file, `@FILE`: that goes to rust-lld as it is, and the wasm
/// is then only larger.)
fn link_wasm(lld: &std::ffi::OsStr) -> ! {
    let mut kept = Vec::new();
    // Past this program's own name, rustc's arguments.
    let mut args = env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg != "--export" {
            kept.push(arg);
            continue;
        }
        // wasm-streams' classes, their methods and wasm-bindgen's descriptions of them.
        match args.next() {
            Some(name) if name.to_string_lossy().contains("intounderlying") => {}
            Some(name) => kept.extend([arg, name]),
            None => kept.push(arg),
        }
    }
    let status = Command::new(lld)
        .args(&kept)
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run {}: {e}", lld.to_string_lossy())));
    std::process::exit(status.code().unwrap_or(1));
}

/// This build script, copied where the nested build can run it as its linker, with rust-lld's
/// path. The copy keeps one path: cargo rebuilds every crate when the linker's path changes.
/// `None` when rust-lld is not where rustup puts it; the wasm is then only larger.
fn wasm_linker(target_dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let host = env::var("HOST").ok()?;
    let lld = sysroot()?
        .join("lib/rustlib")
        .join(host)
        .join("bin")
        .join(format!("rust-lld{}", env::consts::EXE_SUFFIX));
    if !lld.is_file() {
        println!(
            "cargo:warning=no rust-lld at {}: the self-assessment's wasm keeps unused stream code",
            lld.display()
        );
        return None;
    }
    let me = env::current_exe().ok()?;
    let linker = target_dir.join(format!("link-wasm{}", env::consts::EXE_SUFFIX));
    let same = std::fs::read(&me).ok()? == std::fs::read(&linker).unwrap_or_default();
    if !same {
        std::fs::create_dir_all(target_dir).ok()?;
        std::fs::copy(&me, &linker).ok()?;
    }
    Some((linker, lld))
}

fn build_wasm(root: &Path) -> PathBuf {
    ensure_wasm_target();
    let target_dir = root.join("target").join("wasm");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args([
            "build",
            "--package",
            "wasm-app",
            "--target",
            TARGET,
            "--profile",
            PROFILE,
            "--target-dir",
        ])
        .arg(&target_dir);
    for (key, _) in env::vars() {
        let host_only = key.starts_with("CARGO_PROFILE_")
            || key.starts_with("CARGO_TARGET_")
            || key.starts_with("CARGO_BUILD_")
            || key.starts_with("CARGO_ENCODED_")
            || key.starts_with("CARGO_CFG_")
            || key.starts_with("CARGO_FEATURE_")
            || key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_MANIFEST_");
        if host_only
            || matches!(
                key.as_str(),
                "RUSTFLAGS"
                    | "RUSTC_WORKSPACE_WRAPPER"
                    | "RUSTC_WRAPPER"
                    | "OUT_DIR"
                    | "TARGET"
                    | "HOST"
                    | "OPT_LEVEL"
                    | "PROFILE"
                    | "DEBUG"
                    | "NUM_JOBS"
                    | "RUSTC"
                    | "RUSTDOC"
                    | "RUSTC_LINKER"
                    | "CARGO_MAKEFLAGS"
            )
        {
            cmd.env_remove(key);
        }
    }
    if let Some((linker, lld)) = wasm_linker(&target_dir) {
        cmd.env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER", linker)
            .env(LINK_WITH, lld);
    }
    let status = cmd
        .status()
        .unwrap_or_else(|e| fail(&format!("cannot run cargo to build wasm-app: {e}")));
    if !status.success() {
        fail("building wasm-app for wasm32-unknown-unknown failed (see above). If the target is missing, run: rustup target add wasm32-unknown-unknown");
    }
    target_dir.join(TARGET).join(PROFILE).join("wasm_app.wasm")
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
