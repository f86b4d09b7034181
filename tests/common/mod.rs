//! Shared helpers for the CLI tests: run the real binary on fixtures.

#![allow(dead_code)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

pub fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// Run `nianbao` with the working directory at the crate root, so sources print as
/// `fixtures/...` whatever the machine.
pub fn nianbao(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("nianbao")
        .expect("binary built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("binary runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}

/// `check --format json` on some files: exit code and the parsed result.
pub fn check_json(files: &[&str], extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(files);
    let (code, stdout, stderr) = nianbao(&args);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}): {stdout}\n{stderr}"));
    (code, json)
}

/// One line per finding: `RULE first-key first-address expected actual difference`, the
/// shape the per-rule tests pin.
pub fn finding_lines(file: &Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let cell = &f["cells"][0];
            let mut line = format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                // A finding about the report as a whole (PREVIOUS-NOT-COMPARED) has no cell.
                cell["key"].as_str().unwrap_or("-")
            );
            if let Some(a) = cell["address"].as_str() {
                line.push_str(&format!(" @{a}"));
            }
            for k in ["expected", "actual", "difference"] {
                if !f[k].is_null() {
                    line.push_str(&format!(" {k}={}", f[k]));
                }
            }
            line
        })
        .collect()
}

/// [`finding_lines`] without the `@address` words: the same findings from inputs that place
/// cells differently (a spreadsheet and its JSON, page or text).
pub fn finding_lines_without_addresses(file: &Value) -> Vec<String> {
    finding_lines(file)
        .into_iter()
        .map(|l| {
            l.split(' ')
                .filter(|w| !w.starts_with('@'))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Whether a tool a test needs (chromium, LibreOffice, tmux) must be there: where `.ci/run`
/// asked for it (`NIANBAO_REQUIRE_…`), and in any CI (`CI` set), so that a missing tool is a
/// failure there, never a skip that reads as `ok`.
pub fn required(variable: &str) -> bool {
    std::env::var_os(variable).is_some() || std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}
