//! Issue 7: hostile and broken inputs. Every one gives a clear result and the run goes on;
//! inputs are never modified; output does not depend on scheduling.
//! `fixtures/hostile/make_hostile.py` made the committed inputs; the ones too big to
//! commit are written here into scratch folders.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{check_json, fixture, nianbao};
use serde_json::Value;

/// (status, error kind) of one file's result.
fn outcome(file: &Value) -> (String, String) {
    (
        file["status"].as_str().unwrap().to_string(),
        file["error"]["kind"].as_str().unwrap_or("").to_string(),
    )
}

#[test]
fn every_hostile_input_has_a_clear_result() {
    let cases = [
        // calamine #693: two cells 17 billion apart are streamed, never a dense range.
        ("corner_cells.xlsx", "fail", ""),
        ("deep.json", "unreadable", "json"),
        ("encrypted.xlsx", "unreadable", "encrypted"),
        ("long_string.xlsx", "fail", ""),
        ("page_named.xls", "pass", ""),
        ("pdf_bomb.pdf", "unreadable", "too_large"),
        ("random_bytes.xlsx", "unreadable", "unsupported"),
        ("truncated.xlsx", "unreadable", "format"),
        ("xls_named.xlsx", "pass", ""),
        ("zip_bomb.xlsx", "unreadable", "too_large"),
        ("zip_bomb_lying.xlsx", "unreadable", "format"),
    ];
    for (name, status, kind) in cases {
        let path = format!("fixtures/hostile/{name}");
        let (code, json) = check_json(&[&path], &[]);
        let file = &json["files"][0];
        assert_eq!(
            outcome(file),
            (status.to_string(), kind.to_string()),
            "{name}: {file}"
        );
        let expected_code = match status {
            "unreadable" => 2,
            "fail" => 1,
            _ => 0,
        };
        assert_eq!(code, expected_code, "{name}");
    }
    let (_, json) = check_json(&["fixtures/hostile/encrypted.xlsx"], &[]);
    assert!(
        json["files"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("受密码保护")
    );
    let (_, json) = check_json(&["fixtures/hostile/deep.json"], &["--lang", "en"]);
    assert!(
        json["files"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("nests more than 128 levels"),
        "{}",
        json["files"][0]["error"]
    );
}

#[test]
fn limits_are_flags() {
    // The zip bomb inflates to 300 MB, one shared string: within raised caps (what the
    // zip inflates to, the text its cells hold) it is read, and is no report.
    let (_, json) = check_json(
        &["fixtures/hostile/zip_bomb.xlsx"],
        &["--max-unzipped-mb", "400", "--max-text-mb", "400"],
    );
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "no_tables".into())
    );
    let (_, json) = check_json(&["fixtures/xlsx/clean_2021.xlsx"], &["--max-cells", "100"]);
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "too_large".into())
    );
    let (_, json) = check_json(&["fixtures/text/browser_copy.txt"], &["--max-cells", "100"]);
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "too_large".into()),
        "text lines count too"
    );
    let (_, json) = check_json(
        &["fixtures/hostile/page_named.xls"],
        &["--max-file-mb", "0"],
    );
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "too_large".into())
    );
    let (_, json) = check_json(
        &["fixtures/json/clean_2021.json"],
        &["--max-document-mb", "0"],
    );
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "too_large".into())
    );
    // A cell cut to 4 characters: the title is lost, the tables are still read.
    let (code, stdout, _) = nianbao(&[
        "extract",
        "--max-cell-chars",
        "4",
        "fixtures/text/browser_copy.txt",
    ]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["agency"], Value::Null);
}

#[test]
fn a_file_larger_than_the_cap_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // 300 MB, sparse: refused from its size, before a byte is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(300 << 20)
        .unwrap();
    let (code, json) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "too_large".into())
    );
    assert!(
        json["files"][0]["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--max-file-mb")
    );
}

#[test]
fn a_sheet_of_more_cells_than_the_cap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for row in 0..3_000u32 {
        sheet.write_number(row, 0, f64::from(row)).unwrap();
    }
    book.save(&path).unwrap();
    let (code, json) = check_json(&[path.to_str().unwrap()], &["--max-cells", "2000"]);
    assert_eq!(code, 2);
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "too_large".into())
    );
}

#[test]
fn a_hanging_file_times_out_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    // Several hundred thousand lines: far more than a millisecond's work.
    let big = dir.path().join("big.txt");
    let line = "一、本年新收政府信息公开申请数量 30 5 1 0 2 1 39\n";
    std::fs::write(&big, line.repeat(100_000)).unwrap();
    let clean = fixture("xlsx/clean_2021.xlsx");
    let (code, json) = check_json(
        &[big.to_str().unwrap(), clean.to_str().unwrap()],
        &["--file-timeout", "0.001"],
    );
    assert_eq!(code, 2, "a timed-out file is unreadable: exit 2");
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "every file is accounted for");
    let timed_out = files
        .iter()
        .find(|f| f["source"].as_str().unwrap().ends_with("big.txt"))
        .unwrap();
    assert_eq!(outcome(timed_out), ("unreadable".into(), "timeout".into()));
}

/// Every file a folder run sees, hostile ones included, comes back as a result.
#[test]
fn a_run_over_every_fixture_and_hostile_input_accounts_for_every_file() {
    let (code, json) = check_json(&["fixtures"], &[]);
    assert_eq!(code, 2, "the hostile and bad inputs are unreadable");
    let listed = supported_files(&fixture(""));
    let sources: Vec<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(sources.len(), listed.len());
    assert_eq!(json["summary"]["files"], listed.len());
    let hostile = sources.iter().filter(|s| s.contains("/hostile/")).count();
    assert_eq!(hostile, 11);
}

/// Files a folder run takes (the extensions read, and those `--convert` converts), by path.
fn supported_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if nianbao::inputs::is_supported(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn digest(dir: &Path) -> BTreeMap<PathBuf, (u64, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path, (bytes.len() as u64, bytes));
            }
        }
    }
    out
}

#[test]
fn inputs_are_byte_identical_after_every_command() {
    let before = digest(&fixture(""));
    for args in [
        &["check", "--format", "json", "fixtures"][..],
        &["check", "--format", "html", "fixtures/xlsx"][..],
        &["extract", "--locations", "fixtures/xlsx/clean_2021.xlsx"][..],
        &["extract", "fixtures/text/runs_unique.txt"][..],
    ] {
        nianbao(args);
    }
    let after = digest(&fixture(""));
    assert_eq!(before.len(), after.len(), "no file added or removed");
    for (path, content) in &before {
        assert!(
            after.get(path) == Some(content),
            "{} changed",
            path.display()
        );
    }
}

#[test]
fn output_is_the_same_whatever_the_jobs_and_however_often() {
    let run = |jobs: &str| {
        let (_, stdout, _) = nianbao(&["check", "--format", "json", "--jobs", jobs, "fixtures"]);
        stdout
    };
    let one = run("1");
    assert!(one.len() > 10_000);
    for jobs in ["2", "8", "1"] {
        assert!(run(jobs) == one, "--jobs {jobs} differs");
    }
    let (_, sarif_1, _) = nianbao(&["check", "--format", "sarif", "--jobs", "1", "fixtures/text"]);
    let (_, sarif_4, _) = nianbao(&["check", "--format", "sarif", "--jobs", "4", "fixtures/text"]);
    assert_eq!(sarif_1, sarif_4);
}

/// Every input a fuzzer crashed nianbao with (`fixtures/regressions/fuzz/`, named after what
/// broke) now gives an ordinary result: read, or unreadable with its reason, never an
/// internal error.
#[test]
fn inputs_found_by_fuzzing_give_ordinary_results() {
    let dir = fixture("regressions/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let (code, json) = check_json(&[path.to_str().unwrap()], &[]);
        let file = &json["files"][0];
        assert_ne!(
            file["error"]["kind"],
            "internal_error",
            "{}",
            path.display()
        );
        assert!((0..=2).contains(&code), "{}", path.display());
        seen += 1;
    }
    assert!(seen >= 1);
}

/// An outside review's finds: pages whose reading grew with the square of their size. A
/// page nested 100,000 deep (1 MB) ran for minutes, as did 2,000 rows of cells spanning
/// 65,534 rows and columns (100 KB); now the first is refused and the second read at once.
#[test]
fn pathological_pages_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("deep.html");
    std::fs::write(
        &deep,
        format!(
            "<html><body>{}慈化镇2023年政府信息公开工作年度报告{}</body></html>",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        ),
    )
    .unwrap();
    let spans = dir.path().join("spans.html");
    std::fs::write(
        &spans,
        format!(
            "<html><body><table>{}</table></body></html>",
            "<tr><td colspan=\"65534\" rowspan=\"65534\">1</td><td>2</td></tr>".repeat(2_000)
        ),
    )
    .unwrap();
    let (_, json) = check_json(
        &[deep.to_str().unwrap(), spans.to_str().unwrap()],
        &["--file-timeout", "30"],
    );
    let files = json["files"].as_array().unwrap();
    assert_eq!(
        outcome(&files[0]),
        ("unreadable".into(), "too_large".into())
    );
    assert_eq!(files[1]["status"], "not_a_report", "{}", files[1]);
}

/// An outside review's finds: a pipe named .txt in a folder blocked the run until the time
/// limit (forever without one), and /dev/zero was read to the size cap.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        std::fs::copy(
            fixture("text/browser_copy.txt"),
            dir.path().join("report.txt"),
        )
        .unwrap();
        let (code, json) = check_json(&[dir.path().to_str().unwrap()], &["--file-timeout", "30"]);
        assert_eq!(code, 0, "the pipe is skipped, the report checked");
        assert_eq!(json["summary"]["files"], 1);
        let (code, json) = check_json(&[fifo.to_str().unwrap()], &["--file-timeout", "30"]);
        assert_eq!(code, 2);
        assert_eq!(
            outcome(&json["files"][0]),
            ("unreadable".into(), "io".into())
        );
    }
    let (code, json) = check_json(&["/dev/zero"], &[]);
    assert_eq!(code, 2);
    assert_eq!(
        outcome(&json["files"][0]),
        ("unreadable".into(), "io".into())
    );
}
