//! Issue 12: hostile files cannot hurt the run. Every family of `../shared/hostile/` and of
//! `fixtures/hostile/make_families.py`, written into one folder beside clean reports and
//! checked in one bulk run: the run finishes, every file is reported once, the clean ones
//! pass, the memory of the whole process tree stays bounded, and the inputs are unchanged.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, nianbao};

/// `../shared/hostile/` beside the repository (CI has it too).
fn shared_hostile() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/hostile")
}

fn python(script: &Path, args: &[&Path], dir: &Path) {
    let status = Command::new("python3")
        .arg(script)
        .args(args)
        .current_dir(dir)
        .status()
        .expect("python3 runs");
    assert!(status.success(), "{} failed", script.display());
}

/// A folder of every hostile family, and the clean reports beside them.
fn hostile_folder() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let shared = shared_hostile();
    for script in ["pdf_min.py", "xls_min.py", "sheet_min.py"] {
        python(&shared.join(script), &[], dir.path());
    }
    python(
        &shared.join("html_text_min.py"),
        &[&fixture("text/browser_copy.txt")],
        dir.path(),
    );
    python(
        &fixture("hostile/make_families.py"),
        &[dir.path()],
        dir.path(),
    );
    let mut clean = Vec::new();
    for name in [
        "xlsx/clean_2021.xlsx",
        "xlsx/clean_2019.xlsx",
        "xls/clean_2021.xls",
        "ods/clean_2021.ods",
    ] {
        let to = dir.path().join(format!("clean_{}", name.replace('/', "_")));
        std::fs::copy(fixture(name), &to).unwrap();
        clean.push(to.file_name().unwrap().to_str().unwrap().to_string());
    }
    (dir, clean)
}

fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// Resident memory of a process and all its descendants, in bytes (Linux `/proc`).
fn tree_rss(root: u32) -> u64 {
    let mut parents: BTreeMap<u32, u32> = BTreeMap::new();
    let mut rss: BTreeMap<u32, u64> = BTreeMap::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the command name in parentheses: state, ppid, …; rss is field 24.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ppid = fields.get(1).and_then(|f| f.parse().ok()).unwrap_or(0);
        let pages: u64 = fields.get(21).and_then(|f| f.parse().ok()).unwrap_or(0);
        parents.insert(pid, ppid);
        rss.insert(pid, pages * 4096);
    }
    let in_tree = |mut pid: u32| {
        for _ in 0..64 {
            if pid == root {
                return true;
            }
            match parents.get(&pid) {
                Some(&p) if p != 0 => pid = p,
                _ => return false,
            }
        }
        false
    };
    rss.iter()
        .filter(|(pid, _)| in_tree(**pid))
        .map(|(_, r)| r)
        .sum()
}

#[cfg(target_os = "linux")]
#[test]
fn a_folder_of_hostile_files_is_checked_to_the_end_in_bounded_memory() {
    let (dir, clean) = hostile_folder();
    let before = contents(dir.path());
    let started = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args([
            "check",
            "--format",
            "jsonl",
            "--file-timeout",
            "20",
            "--lang",
            "en",
        ])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let sampler = std::thread::spawn(move || {
        let mut peak = 0u64;
        while std::fs::metadata(format!("/proc/{pid}")).is_ok() {
            peak = peak.max(tree_rss(pid));
            std::thread::sleep(Duration::from_millis(20));
        }
        peak
    });
    let out = child.wait_with_output().unwrap();
    let peak = sampler.join().unwrap();
    let elapsed = started.elapsed();
    let code = out.status.code().expect("an exit code, not a signal");
    assert!((0..=2).contains(&code), "exit {code}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let results: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a whole JSON line"))
        .collect();
    assert_eq!(results.len(), before.len(), "every file is reported once");
    let mut kinds = BTreeMap::new();
    for result in &results {
        let source = result["source"].as_str().unwrap();
        let name = Path::new(source).file_name().unwrap().to_str().unwrap();
        if clean.iter().any(|c| c == name) {
            assert_eq!(result["status"], "pass", "{result}");
        } else if result["status"] == "unreadable" {
            let kind = result["error"]["kind"].as_str().unwrap().to_string();
            assert!(
                [
                    "too_large",
                    "format",
                    "timeout",
                    "out_of_memory",
                    "crashed",
                    "no_text_layer"
                ]
                .contains(&kind.as_str()),
                "{name}: {kind}"
            );
            kinds.insert(name.to_string(), kind);
        }
    }
    // The families refused up front, as too large or malformed, not by a limit.
    for (name, kind) in [
        ("nested_bof.xls", "too_large"),
        ("many_sheets.xls", "too_large"),
        ("hidden_substream.xls", "too_large"),
        ("storage_workbook.xls", "too_large"),
        ("shared_long.xlsx", "too_large"),
        ("sheet_named_png.xlsx", "too_large"),
        ("long_rows.ods", "too_large"),
        ("nested_table.ods", "too_large"),
        ("div_selfclosed.html", "too_large"),
        ("nested_divs.html", "too_large"),
        ("form_self.pdf", "format"),
        ("form_deep.pdf", "format"),
        ("parent_cycle.pdf", "format"),
        ("form_exp.pdf", "too_large"),
    ] {
        let got = kinds.get(name).map(String::as_str);
        // Unoptimised (`cargo test` in CI), reading 650 cells of 32,767 characters up to the
        // text budget takes longer than the limit; the release build refuses it in 1 s.
        let slow_in_debug = cfg!(debug_assertions) && name == "shared_long.xlsx";
        if !(slow_in_debug && got == Some("timeout")) {
            assert_eq!(got, Some(kind), "{name}");
        }
    }
    assert!(
        peak < 4 << 30,
        "peak memory of the process tree: {} MB",
        peak >> 20
    );
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
    assert_eq!(contents(dir.path()), before, "inputs are byte-identical");
}

/// `extract` and `--previous` read through a worker too: each returns on every hostile file.
#[cfg(target_os = "linux")]
#[test]
fn extract_and_previous_return_on_every_hostile_file() {
    let (dir, _) = hostile_folder();
    let clean = fixture("xlsx/clean_2021.xlsx");
    for (path, _) in contents(dir.path()) {
        let path = path.to_str().unwrap();
        let started = Instant::now();
        let (code, _, stderr) = nianbao(&["extract", "--file-timeout", "20", path]);
        assert!(code == 0 || code == 2, "{path}: exit {code}: {stderr}");
        let (code, _, _) = nianbao(&[
            "check",
            "--file-timeout",
            "20",
            "--previous",
            path,
            clean.to_str().unwrap(),
        ]);
        assert!((0..=2).contains(&code), "{path}: exit {code}");
        assert!(started.elapsed() < Duration::from_secs(45), "{path}");
    }
}

/// A worker that needs more memory than `--max-memory-mb` is stopped and its file is an
/// `out_of_memory` result; the files after it are checked by a fresh worker.
#[test]
fn a_worker_out_of_memory_is_that_file_s_result() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB of text read whole: more than a worker of 40 MB can hold.
    let big = dir.path().join("a_big.txt");
    let line = "一、本年新收政府信息公开申请数量 30 5 1 0 2 1 39\n";
    std::fs::write(&big, line.repeat(600_000)).unwrap();
    std::fs::copy(
        fixture("xlsx/clean_2021.xlsx"),
        dir.path().join("b_clean.xlsx"),
    )
    .unwrap();
    let (code, stdout, stderr) = in_one_small_worker(dir.path());
    assert_eq!(code, 2, "{stderr}");
    let results: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0]["error"]["kind"], "out_of_memory",
        "{}",
        results[0]
    );
    // The clean workbook is read by a fresh worker under the same limit.
    assert_eq!(results[1]["status"], "pass", "{}", results[1]);
}

/// The big file after a clean one: the worker has been sent it before its answer about the
/// clean one was read (issue 15), and the death is still the big file's, not the clean
/// one's; the file after gets a fresh worker.
#[test]
fn a_worker_sent_its_next_file_ahead_dies_over_that_file() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a_clean.xlsx", "c_clean.xlsx"] {
        std::fs::copy(fixture("xlsx/clean_2021.xlsx"), dir.path().join(name)).unwrap();
    }
    let line = "一、本年新收政府信息公开申请数量 30 5 1 0 2 1 39\n";
    std::fs::write(dir.path().join("b_big.txt"), line.repeat(600_000)).unwrap();
    let (code, stdout, stderr) = in_one_small_worker(dir.path());
    assert_eq!(code, 2, "{stderr}");
    let results: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let seen: Vec<(&str, &str)> = results
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap().rsplit('/').next().unwrap(),
                r["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("a_clean.xlsx", "pass"),
            ("b_big.txt", "unreadable"),
            ("c_clean.xlsx", "pass")
        ]
    );
    assert_eq!(
        results[1]["error"]["kind"], "out_of_memory",
        "{}",
        results[1]
    );
}

/// Many slow files in a row: each is stopped at the time limit and no work of theirs is
/// left running, so the ordinary files after them are checked as usual.
#[test]
fn late_files_leave_nothing_running_behind_them() {
    let dir = tempfile::tempdir().unwrap();
    let line = "一、本年新收政府信息公开申请数量 30 5 1 0 2 1 39\n";
    for i in 0..6 {
        std::fs::write(
            dir.path().join(format!("a_slow_{i}.txt")),
            line.repeat(100_000),
        )
        .unwrap();
    }
    for i in 0..4 {
        std::fs::copy(
            fixture("xlsx/clean_2021.xlsx"),
            dir.path().join(format!("b_clean_{i}.xlsx")),
        )
        .unwrap();
    }
    let (_, stdout, _) = nianbao(&[
        "check",
        "--format",
        "jsonl",
        "--file-timeout",
        "0.3",
        dir.path().to_str().unwrap(),
    ]);
    let results: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(results.len(), 10);
    for r in &results[..6] {
        assert_eq!(r["error"]["kind"], "timeout", "{r}");
    }
    for r in &results[6..] {
        assert_eq!(r["status"], "pass", "{r}");
    }
}

/// No way found to make `-o` or `template` write over an input.
#[test]
fn outputs_never_overwrite_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.xlsx");
    std::fs::copy(fixture("xlsx/clean_2021.xlsx"), &report).unwrap();
    let original = std::fs::read(&report).unwrap();
    let linked = dir.path().join("linked.json");
    std::fs::hard_link(&report, &linked).unwrap();
    let previous = dir.path().join("previous.xlsx");
    std::fs::copy(fixture("xlsx/clean_2019.xlsx"), &previous).unwrap();
    let previous_bytes = std::fs::read(&previous).unwrap();
    let r = report.to_str().unwrap();
    let p = previous.to_str().unwrap();
    for args in [
        vec!["check", r, "-o", linked.to_str().unwrap()],
        vec!["check", r, "--previous", p, "-o", p],
        vec!["template", "--from", r, "-o", r],
        vec![
            "template",
            "--from",
            r,
            "-o",
            linked.to_str().unwrap(),
            "--force",
        ],
        vec!["template", "-o", r],
    ] {
        let (code, _, stderr) = nianbao(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read(&report).unwrap(), original);
    assert_eq!(std::fs::read(&previous).unwrap(), previous_bytes);
    // With --force a template may replace a file that is not an input.
    let other = dir.path().join("other.xlsx");
    std::fs::write(&other, b"old").unwrap();
    let (code, _, stderr) = nianbao(&["template", "-o", other.to_str().unwrap(), "--force"]);
    assert_eq!(code, 0, "{stderr}");
}

/// The same file named twice (`a`, `./a`, a link to its folder) is checked once.
#[cfg(unix)]
#[test]
fn the_same_file_named_twice_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("a.xlsx");
    std::fs::copy(fixture("xlsx/clean_2021.xlsx"), &report).unwrap();
    let link = dir.path().with_extension("link");
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    let dotted = dir.path().join(".").join("a.xlsx");
    let (_, stdout, _) = nianbao(&[
        "check",
        "--format",
        "jsonl",
        report.to_str().unwrap(),
        dotted.to_str().unwrap(),
        link.to_str().unwrap(),
    ]);
    std::fs::remove_file(&link).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

/// One worker is sent two files at once (issue 15): two big files in a row, with clean
/// ones around them. Each death is its own file's; the files sent to a dying worker and not
/// begun go to a fresh one, each checked once and in order.
#[test]
fn files_sent_to_a_worker_that_dies_are_checked_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a_clean.xlsx", "d_clean.xlsx", "e_clean.xlsx"] {
        std::fs::copy(fixture("xlsx/clean_2021.xlsx"), dir.path().join(name)).unwrap();
    }
    let line = "一、本年新收政府信息公开申请数量 30 5 1 0 2 1 39\n";
    for name in ["b_big.txt", "c_big.txt"] {
        std::fs::write(dir.path().join(name), line.repeat(600_000)).unwrap();
    }
    let (code, stdout, stderr) = in_one_small_worker(dir.path());
    assert_eq!(code, 2, "{stderr}");
    let seen = outcomes(&stdout);
    let expected = [
        ("a_clean.xlsx", "pass", ""),
        ("b_big.txt", "unreadable", "out_of_memory"),
        ("c_big.txt", "unreadable", "out_of_memory"),
        ("d_clean.xlsx", "pass", ""),
        ("e_clean.xlsx", "pass", ""),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(seen, expected);
}

/// `check --format jsonl` of a folder in one worker limited to 40 MB, documents of up to
/// 100 MB let in: a 600,000-line text makes that worker run out of memory.
fn in_one_small_worker(dir: &std::path::Path) -> (i32, String, String) {
    nianbao(&[
        "check",
        "--format",
        "jsonl",
        "--jobs",
        "1",
        "--max-memory-mb",
        "40",
        "--max-document-mb",
        "100",
        dir.to_str().unwrap(),
    ])
}

/// A file name that is not UTF-8 (Linux takes any byte): the file is checked like any other,
/// by the same worker, and the files around it keep their own results (issue 15's review: the
/// request for it could not be written, so it was lost, the next file was listed twice and
/// blamed with a timeout).
#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_unicode_is_checked_in_its_place() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let odd = std::ffi::OsStr::from_bytes(b"b\xff_clean.xlsx");
    for name in [
        std::ffi::OsStr::new("a_clean.xlsx"),
        odd,
        std::ffi::OsStr::new("c_clean.xlsx"),
    ] {
        std::fs::copy(fixture("xlsx/clean_2021.xlsx"), dir.path().join(name)).unwrap();
    }
    let started = std::time::Instant::now();
    let (code, stdout, stderr) = nianbao(&[
        "check",
        "--format",
        "jsonl",
        "--jobs",
        "1",
        "--file-timeout",
        "20",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let seen = outcomes(&stdout);
    let pass = |name: &str| (name.to_string(), "pass".to_string(), String::new());
    assert_eq!(
        seen,
        [
            pass("a_clean.xlsx"),
            pass("b\u{fffd}_clean.xlsx"),
            pass("c_clean.xlsx")
        ]
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}

/// Each result line of a `--format jsonl` run as (file name, status, error kind or "").
fn outcomes(stdout: &str) -> Vec<(String, String, String)> {
    stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|r| {
            let source = r["source"].as_str().unwrap();
            (
                source.rsplit('/').next().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["error"]["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}
