//! Stamps the build for `nianbao --version`: the commit it was built from, so a clerk's or a
//! CI log's version line says exactly which nianbao read the file. A build outside a git
//! checkout (a source tarball, `cargo install` from crates.io) says so.

use std::process::Command;

fn main() {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let build = match (
        git(&["rev-parse", "--short=10", "HEAD"]),
        git(&["log", "-1", "--format=%cs"]),
    ) {
        (Some(commit), Some(date)) => format!("commit {commit}, {date}"),
        (Some(commit), None) => format!("commit {commit}"),
        _ => "not built from a git checkout".to_string(),
    };
    println!("cargo:rustc-env=NIANBAO_BUILD={build}");
    // Only paths that exist: a missing one would rerun this script (and rebuild nianbao) on
    // every build.
    println!("cargo:rerun-if-changed=build.rs");
    for path in [".git/HEAD", ".git/refs/heads"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
