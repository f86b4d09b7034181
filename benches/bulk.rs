//! The bulk benchmark of issue 3: on the same files and the same threads, (a) a bare calamine
//! read of every cell of every sheet against (b) nianbao's full check, the JSON-input
//! throughput, and the peak memory of the real CLI on whole corpora.
//!
//! ```text
//! cargo run --release --example make_corpus -- --count 1000  --out /tmp/corpus-1k
//! cargo run --release --example make_corpus -- --count 10000 --out /tmp/corpus-10k
//! cargo bench --bench bulk -- /tmp/corpus-10k /tmp/corpus-1k [--jobs N] [--rounds R]
//! ```
//!
//! Times are the median of R rounds (default 5), a and b alternating, after one warm-up
//! pass that puts every file in the page cache. Allocations per file are counted on one
//! thread by a counting allocator around the system one (this binary's only).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use nianbao::check::CheckOptions;
use nianbao::findings::FileResult;
use nianbao::run;

#[path = "../examples/common/bare.rs"]
mod bare;
use bare::bare_read;

/// The system allocator, counting the allocations made (the bench's malloc figures).
struct Counting;

static ALLOCATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the count is a relaxed
// atomic add.
#[allow(unsafe_code)]
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // SAFETY: the caller's layout, as GlobalAlloc requires.
        unsafe { std::alloc::System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        // SAFETY: ptr came from System.alloc with this layout.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // SAFETY: as for dealloc and alloc.
        unsafe { std::alloc::System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations per file of `f` over every file, on this thread alone.
fn allocations_per_file(files: &[PathBuf], f: impl Fn(&Path)) -> f64 {
    let before = ALLOCATIONS.load(std::sync::atomic::Ordering::Relaxed);
    for path in files {
        f(path);
    }
    let after = ALLOCATIONS.load(std::sync::atomic::Ordering::Relaxed);
    (after - before) as f64 / files.len().max(1) as f64
}

fn main() {
    let mut dirs = Vec::new();
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rounds = 5;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--jobs" => jobs = args.next().and_then(|v| v.parse().ok()).expect("--jobs N"),
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds R")
            }
            "--bench" => {}
            other => dirs.push(PathBuf::from(other)),
        }
    }
    if dirs.is_empty() {
        eprintln!(
            "usage: cargo bench --bench bulk -- CORPUS_DIR [MORE_DIRS] [--jobs N] [--rounds R]"
        );
        eprintln!(
            "make a corpus first: cargo run --release --example make_corpus -- --count 10000 --out DIR"
        );
        return;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("machine: {cores} cores; threads used: {jobs}; rounds: {rounds}");

    let main_dir = &dirs[0];
    let files = nianbao::inputs::collect(std::slice::from_ref(main_dir)).files;
    let (json, sheets): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    });
    println!(
        "corpus {}: {} spreadsheets, {} JSON reports",
        main_dir.display(),
        sheets.len(),
        json.len()
    );

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .unwrap();
    // As the CLI checks by default: with a watchdog per file (--file-timeout 60).
    let options = CheckOptions {
        across_years: true,
        file_timeout: Some(Duration::from_secs(60)),
        ..CheckOptions::default()
    };
    let untimed = CheckOptions {
        file_timeout: None,
        ..options.clone()
    };
    // Warm-up: every file read once, so both sides meet a warm page cache.
    let cells: usize = pool.install(|| sheets.par_iter().map(|p| bare_read(p)).sum());
    println!("warm-up: {cells} non-empty cells in the spreadsheets");

    // Allocations per file, one thread, over the first thousand files.
    let sample = &sheets[..sheets.len().min(1000)];
    let bare_allocations = allocations_per_file(sample, |p| {
        bare_read(p);
    });
    let check_allocations = allocations_per_file(sample, |p| {
        std::hint::black_box(nianbao::check::check_path_with_facts(p, &options));
    });
    println!(
        "allocations per file: bare read {bare_allocations:.0}, nianbao check {check_allocations:.0} (first {} files, one thread)",
        sample.len()
    );

    let mut read_times = Vec::new();
    let mut grid_times = Vec::new();
    let mut check_times = Vec::new();
    let mut untimed_times = Vec::new();
    let mut isolated_times = Vec::new();
    let workers = nianbao::isolate::WorkerConfig {
        exe: env!("CARGO_BIN_EXE_nianbao").into(),
        memory_bytes: Some(1536 << 20),
    };
    for _ in 0..rounds {
        read_times.push(time(|| {
            pool.install(|| sheets.par_iter().map(|p| bare_read(p)).sum::<usize>());
        }));
        grid_times.push(time(|| {
            pool.install(|| sheets.par_iter().map(|p| grids_only(p)).sum::<usize>());
        }));
        check_times.push(time(|| check_all(&sheets, &options, jobs)));
        untimed_times.push(time(|| check_all(&sheets, &untimed, jobs)));
        isolated_times.push(time(|| check_isolated(&sheets, &options, jobs, &workers)));
    }
    let isolated = median(isolated_times);
    let read = median(read_times);
    let grids = median(grid_times);
    let check = median(check_times);
    let untimed_check = median(untimed_times);
    let per_sec = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
    println!(
        "(a) bare calamine read: {:>8.0} files/s ({:.3} s)",
        per_sec(sheets.len(), read),
        read.as_secs_f64()
    );
    println!(
        "    nianbao's reader:   {:>8.0} files/s ({:.3} s)  (cells into grids; no table search, no rules)",
        per_sec(sheets.len(), grids),
        grids.as_secs_f64()
    );
    println!(
        "(b) nianbao check:      {:>8.0} files/s ({:.3} s)",
        per_sec(sheets.len(), check),
        check.as_secs_f64()
    );
    println!(
        "    without the watchdog: {:>7.0} files/s ({:.3} s)  (in-process, no time limit)",
        per_sec(sheets.len(), untimed_check),
        untimed_check.as_secs_f64()
    );
    println!(
        "(c) nianbao check in worker processes (the CLI's path): {:>7.0} files/s ({:.3} s)",
        per_sec(sheets.len(), isolated),
        isolated.as_secs_f64()
    );
    println!(
        "ratio b/a (throughput): {:.3}",
        read.as_secs_f64() / check.as_secs_f64()
    );
    println!(
        "ratio c/a (throughput): {:.3}; cost of isolation c against b: {:+.1}%",
        read.as_secs_f64() / isolated.as_secs_f64(),
        (isolated.as_secs_f64() / check.as_secs_f64() - 1.0) * 100.0
    );

    if !json.is_empty() {
        let json_time = median(
            (0..rounds)
                .map(|_| time(|| check_all(&json, &options, jobs)))
                .collect(),
        );
        println!(
            "JSON input: {:>8.0} files/s ({} files, {:.3} s)",
            per_sec(json.len(), json_time),
            json.len(),
            json_time.as_secs_f64()
        );
    }

    // Peak memory of the real CLI over each whole corpus, one process each.
    for dir in &dirs {
        let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args([
                "check",
                "--quiet",
                "--stats",
                "--format",
                "jsonl",
                "--jobs",
                &jobs.to_string(),
            ])
            .arg(dir)
            .output()
            .expect("nianbao runs");
        let stats = String::from_utf8_lossy(&out.stderr);
        let line = stats
            .lines()
            .find(|l| l.contains("files in"))
            .unwrap_or("(no --stats line)");
        println!(
            "CLI on {}: {}",
            dir.display(),
            line.trim_start_matches("nianbao: ")
        );
    }
}

/// nianbao's own reading stage alone: the workbook's cells into label-indexed grids.
fn grids_only(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("readable");
    nianbao::read::spreadsheet::read(
        bytes,
        nianbao::read::spreadsheet::Format::Xlsx,
        &nianbao::read::Limits::default(),
    )
    .map_or(0, |g| g.len())
}

fn check_all(files: &[PathBuf], options: &CheckOptions, jobs: usize) {
    let mut findings = 0usize;
    let progress = |_: &FileResult| {};
    run::check_files(files, options, jobs, &progress, |r| -> Result<(), ()> {
        findings += r.findings.len();
        Ok(())
    })
    .unwrap();
    std::hint::black_box(findings);
}

fn check_isolated(
    files: &[PathBuf],
    options: &CheckOptions,
    jobs: usize,
    workers: &nianbao::isolate::WorkerConfig,
) {
    let mut findings = 0usize;
    let progress = |_: &FileResult| {};
    run::check_files_isolated(
        files,
        options,
        jobs,
        workers,
        &progress,
        |r| -> Result<(), ()> {
            findings += r.findings.len();
            Ok(())
        },
    )
    .unwrap();
    std::hint::black_box(findings);
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}
