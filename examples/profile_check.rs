//! Checks every spreadsheet of a folder in this process on one thread, `--rounds` times, for
//! a profiler (`perf record`, `valgrind --tool=callgrind`) to look at: the CLI's own path
//! spreads the work over worker processes, which profilers follow poorly.
//!
//! ```text
//! cargo build --release --example profile_check
//! perf record -e cpu-clock -g target/release/examples/profile_check /tmp/corpus-10k
//! ```
//!
//! `BARE=1` reads the files as the bench's baseline does; `RUN=1` checks them through
//! `run::check_files` on one thread, as the bench's in-process check does.

use std::path::PathBuf;

#[path = "common/bare.rs"]
mod bare;
use bare::bare_read;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .expect("usage: profile_check DIR [ROUNDS] [LIMIT]"),
    );
    let rounds: usize = args.next().map_or(1, |r| r.parse().expect("ROUNDS"));
    let limit: usize = args
        .next()
        .map_or(usize::MAX, |r| r.parse().expect("LIMIT"));
    let files: Vec<PathBuf> = nianbao::inputs::collect(std::slice::from_ref(&dir))
        .files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .take(limit)
        .collect();
    let options = nianbao::check::CheckOptions {
        across_years: true,
        ..Default::default()
    };
    let bare = std::env::var_os("BARE").is_some();
    // RUN=1: through `run::check_files` on one thread, as the bench's (b) and the CLI's
    // in-process path check (a worker thread, the watchdog, cross-year pairing).
    let run = std::env::var_os("RUN").is_some();
    let mut findings = 0;
    let start = std::time::Instant::now();
    for _ in 0..rounds {
        if run {
            let timed = nianbao::check::CheckOptions {
                file_timeout: Some(std::time::Duration::from_secs(60)),
                ..options.clone()
            };
            let progress = |_: &nianbao::findings::FileResult| {};
            nianbao::run::check_files(&files, &timed, 1, &progress, |r| -> Result<(), ()> {
                findings += r.findings.len();
                Ok(())
            })
            .expect("no emit error");
            continue;
        }
        for path in &files {
            if bare {
                findings += bare_read(path);
                continue;
            }
            let (result, facts) = nianbao::check::check_path_with_facts(path, &options);
            findings += result.findings.len();
            std::hint::black_box(facts);
        }
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / (rounds * files.len()) as f64;
    eprintln!(
        "{} files × {rounds}: {per:.0} µs a file, {findings} findings",
        files.len()
    );
}
