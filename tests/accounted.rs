//! Issue 13: a bulk run a supervisor can trust and a CI step that works in any repository.
//! Every file found is a result; folder walks honour .gitignore; --convert hands Word 97,
//! WPS, RTF, ODT and XLSB files to LibreOffice; the outputs open as people open them.
//!
//! `.ci/run` installs LibreOffice and tmux and sets NIANBAO_REQUIRE_SOFFICE=1 and
//! NIANBAO_REQUIRE_TMUX=1, so there the tests that need them cannot pass by skipping.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{check_json, fixture, nianbao};
use serde_json::Value;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_nianbao")
}

/// Each file's (name, status, error kind) of a check result.
fn statuses(json: &Value) -> Vec<(String, String, String)> {
    json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let name = Path::new(f["source"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (
                name,
                f["status"].as_str().unwrap().to_string(),
                f["error"]["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn soffice_here() -> bool {
    let found = nianbao::convert::find_soffice().is_some();
    if !found {
        assert!(
            !common::required("NIANBAO_REQUIRE_SOFFICE"),
            "LibreOffice is required here but soffice was not found"
        );
        eprintln!("skipped: no LibreOffice (soffice) on this machine");
    }
    found
}

#[test]
fn every_submission_is_a_result_without_libreoffice() {
    let (code, json) = check_json(&["fixtures/kinds"], &[]);
    assert_eq!(code, 2, "unsupported files make the run unreadable");
    let got = statuses(&json);
    let want = [
        ("README.md", "not_a_report", ""),
        ("excel_binary_broken.xlsb", "unreadable", "unsupported"),
        ("odt_clean.odt", "unreadable", "unsupported"),
        ("package.json", "not_a_report", ""),
        ("rtf_clean.rtf", "unreadable", "unsupported"),
        ("word97_clean.doc", "unreadable", "unsupported"),
        // WPS Spreadsheets' .et is an Excel 97 workbook: read as it is.
        ("wps_sheet_clean.et", "pass", ""),
        ("wps_t3_balance.wps", "unreadable", "unsupported"),
        ("xlsx_clean.xlsx", "pass", ""),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    for file in json["files"].as_array().unwrap() {
        if file["error"]["kind"] == "unsupported" {
            let message = file["error"]["message"].as_str().unwrap();
            assert!(message.contains("--convert"), "{message}");
        }
    }
    // The summary names each file that could not be read, and what to do.
    let (_, stdout, _) = nianbao(&["check", "fixtures/kinds"]);
    assert!(stdout.contains("无法读取的文件"), "{stdout}");
    for name in [
        "word97_clean.doc",
        "wps_t3_balance.wps",
        "excel_binary_broken.xlsb",
    ] {
        assert!(stdout.contains(name), "{name} not named:\n{stdout}");
    }
    assert!(stdout.contains("--convert"), "{stdout}");
}

#[test]
fn convert_checks_what_libreoffice_makes_of_them() {
    if !soffice_here() {
        return;
    }
    let (code, json) = check_json(&["fixtures/kinds"], &["--convert"]);
    assert_eq!(code, 2, "the broken .xlsb stays unreadable");
    let got = statuses(&json);
    let find = |name: &str| got.iter().find(|g| g.0 == name).unwrap().clone();
    for name in ["word97_clean.doc", "rtf_clean.rtf", "odt_clean.odt"] {
        assert_eq!(find(name).1, "pass", "{name}: {got:?}");
    }
    assert_eq!(find("wps_t3_balance.wps").1, "fail");
    assert_eq!(find("excel_binary_broken.xlsb").2, "conversion");
    let files = json["files"].as_array().unwrap();
    let wps = files
        .iter()
        .find(|f| f["source"].as_str().unwrap().ends_with(".wps"))
        .unwrap();
    // The result is the original's, with what was done to it.
    assert_eq!(wps["source"], "fixtures/kinds/wps_t3_balance.wps");
    assert_eq!(wps["conversion"]["format"], "docx");
    let rules: Vec<&str> = wps["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"T3-BALANCE"), "{rules:?}");
    // The inputs are not touched, and the scratch folder is gone.
    assert!(!fixture("kinds/wps_t3_balance.docx").exists());
}

#[test]
fn convert_without_libreoffice_says_how() {
    let out = Command::new(bin())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NIANBAO_SOFFICE", "/nonexistent/soffice")
        .args([
            "check",
            "--format",
            "json",
            "--convert",
            "fixtures/kinds/word97_clean.doc",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = &json["files"][0]["error"];
    assert_eq!(error["kind"], "conversion", "{error}");
}

/// A scratch git repository as users have them: reports, a build folder and
/// node_modules that .gitignore names, a package.json and a README.
fn scratch_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    let clean = std::fs::read(fixture("xlsx/clean_2021.xlsx")).unwrap();
    write("reports/2023/临沭县.xlsx", &clean);
    write("package.json", br#"{"name": "site", "version": "1.0.0"}"#);
    write(
        "tsconfig.json",
        b"{ // comments are not JSON\n \"strict\": true }\n",
    );
    write("README.md", b"# Site\n\nNothing to see.\n");
    write("notes.txt", b"");
    write("target/debug/broken.xlsx", b"PK\x03\x04 not a workbook");
    write("target/report.json", br#"{"table3": 5}"#);
    write("node_modules/pkg/package.json", br#"{"name": "pkg"}"#);
    write("node_modules/pkg/data.xlsx", b"not a workbook");
    write(".gitignore", b"target/\nnode_modules/\n");
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(root)
        .status();
    assert!(git.is_ok_and(|s| s.success()), "git init");
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin())
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_dot_works_in_an_ordinary_repository() {
    let repo = scratch_repository();
    let (code, stdout, stderr) = run_in(repo.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let sources: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(
        sources,
        [
            "./README.md",
            "./notes.txt",
            "./package.json",
            "./reports/2023/临沭县.xlsx",
            "./tsconfig.json"
        ]
    );
    assert_eq!(json["summary"]["passed"], 1);
    assert_eq!(json["summary"]["not_a_report"], 4);

    // Without .gitignore the build folders are walked, and their broken files are said.
    let (code, stdout, _) = run_in(
        repo.path(),
        &["check", "--format", "json", "--no-ignore", "."],
    );
    assert_eq!(code, 2);
    assert!(stdout.contains("target/debug/broken.xlsx"), "{stdout}");

    // --exclude and --include narrow the walk.
    let (code, stdout, _) = run_in(
        repo.path(),
        &[
            "check",
            "--format",
            "json",
            "--no-ignore",
            "--exclude",
            "target/",
            "--exclude",
            "node_modules",
            ".",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout, _) = run_in(
        repo.path(),
        &["check", "--format", "json", "--include", "*.xlsx", "."],
    );
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["files"], 1, "{stdout}");
    let (code, _, stderr) = run_in(repo.path(), &["check", "--exclude", "[", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--exclude"), "{stderr}");
}

#[test]
fn a_named_file_that_is_empty_stays_unreadable() {
    let repo = scratch_repository();
    let (code, stdout, _) = run_in(repo.path(), &["check", "--format", "json", "notes.txt"]);
    assert_eq!(code, 2, "{stdout}");
    // A named JSON that is no report is not one, named or found.
    let (code, _, _) = run_in(repo.path(), &["check", "package.json"]);
    assert_eq!(code, 0);
    let (code, _, _) = run_in(
        repo.path(),
        &["check", "--fail-on", "not-a-report", "package.json"],
    );
    assert_eq!(code, 1);
}

#[test]
fn csv_in_a_file_opens_in_excel_with_its_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("结果.csv");
    let (code, _, _) = nianbao(&[
        "check",
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
        "fixtures/xlsx/rule_t3_column_sum.xlsx",
    ]);
    assert_eq!(code, 1);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no BOM");
    // Read back as Excel does with the BOM: UTF-8, the Chinese intact.
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "file");
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[10].contains("表三"), "{:?}", row);

    let (_, _, _) = nianbao(&[
        "check",
        "--format",
        "csv",
        "--no-bom",
        "-o",
        out.to_str().unwrap(),
        "fixtures/xlsx/rule_t3_column_sum.xlsx",
    ]);
    assert!(std::fs::read(&out).unwrap().starts_with(b"file,"));

    // Redirected to a file (`> 结果.csv`): a BOM; piped on: none.
    let file = std::fs::File::create(&out).unwrap();
    Command::new(bin())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--format",
            "csv",
            "fixtures/xlsx/rule_t3_column_sum.xlsx",
        ])
        .stdout(file)
        .status()
        .unwrap();
    assert!(std::fs::read(&out).unwrap().starts_with(b"\xEF\xBB\xBF"));
    let (_, piped, _) = nianbao(&[
        "check",
        "--format",
        "csv",
        "fixtures/xlsx/rule_t3_column_sum.xlsx",
    ]);
    assert!(piped.starts_with("file,"));
}

#[test]
fn summary_only_honours_the_format_and_quiet_means_quiet() {
    let (code, stdout, _) = nianbao(&[
        "check",
        "--summary-only",
        "--format",
        "json",
        "fixtures/kinds",
    ]);
    assert_eq!(code, 2);
    let json: Value = serde_json::from_str(&stdout).expect("a JSON summary");
    assert_eq!(json["summary"]["files"], 9);
    assert_eq!(json["unreadable"].as_array().unwrap().len(), 5);
    let (_, stdout, _) = nianbao(&[
        "check",
        "--summary-only",
        "--format",
        "csv",
        "fixtures/kinds",
    ]);
    assert!(stdout.contains("(unreadable),,5,"), "{stdout}");
    assert!(
        stdout.contains("(unreadable),unsupported,1,,fixtures/kinds/word97_clean.doc,"),
        "{stdout}"
    );
    assert_eq!(json["unreadable"][0]["kind"], "unsupported");

    let (_, stdout, _) = nianbao(&[
        "check",
        "--summary-only",
        "--format",
        "csv",
        "fixtures/xlsx/rule_t3_column_sum.xlsx",
    ]);
    assert!(
        stdout.starts_with("rule,severity,files,findings,file,message\n(all),"),
        "{stdout}"
    );
    assert!(stdout.contains("T3-COLUMN-SUM"), "{stdout}");

    let (code, _, stderr) = nianbao(&[
        "check",
        "--summary-only",
        "--format",
        "sarif",
        "fixtures/kinds",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--summary-only"), "{stderr}");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    let (code, stdout, stderr) = nianbao(&[
        "check",
        "-q",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        "fixtures/xlsx/rule_t3_column_sum.xlsx",
    ]);
    assert_eq!(code, 1);
    assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""));
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
}

#[test]
fn fail_on_takes_a_list() {
    let warn = "fixtures/xlsx/rule_cell_blank.xlsx";
    let other = "fixtures/kinds/README.md";
    assert_eq!(nianbao(&["check", warn, other]).0, 0);
    assert_eq!(nianbao(&["check", "--fail-on", "warning", warn]).0, 1);
    assert_eq!(nianbao(&["check", "--fail-on", "warning", other]).0, 0);
    assert_eq!(
        nianbao(&["check", "--fail-on", "warning,not-a-report", other]).0,
        1
    );
    assert_eq!(
        nianbao(&[
            "check",
            "--fail-on",
            "not-a-report",
            "--fail-on",
            "warning",
            warn
        ])
        .0,
        1
    );
    assert_eq!(nianbao(&["check", "--fail-on", "nonsense", warn]).0, 2);
}

#[test]
fn a_closed_pipe_exits_with_the_code_the_results_deserve() {
    // Passing reports first, then one failing one: a reader that stops early (`head`) must
    // not turn the run green, whatever the timing. Enough output to overflow the pipe.
    let dir = tempfile::tempdir().unwrap();
    let clean = std::fs::read(fixture("xlsx/clean_2021.xlsx")).unwrap();
    for i in 0..300 {
        std::fs::write(dir.path().join(format!("a{i:03}.xlsx")), &clean).unwrap();
    }
    let failing = std::fs::read(fixture("xlsx/rule_t3_column_sum.xlsx")).unwrap();
    std::fs::write(dir.path().join("z.xlsx"), failing).unwrap();
    for format in ["json", "jsonl", "table"] {
        let mut child = Command::new(bin())
            .args(["check", "--format", format])
            .arg(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut head = [0u8; 64];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut head)
            .unwrap();
        drop(child.stdout.take());
        let status = child.wait().unwrap();
        assert_eq!(
            status.code(),
            Some(1),
            "{format}: a failing run read by `head` must fail"
        );
    }
}

#[test]
fn include_globs_match_extensions_whatever_their_case() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("xlsx/rule_t3_column_sum.xlsx"),
        dir.path().join("某局.XLSX"),
    )
    .unwrap();
    std::fs::copy(fixture("xlsx/clean_2021.xlsx"), dir.path().join("a.xlsx")).unwrap();
    let root = dir.path().to_str().unwrap();
    let (code, json) = check_json(&[root], &["--include", "*.xlsx"]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["files"], 2);
}

#[test]
fn output_dash_is_stdout_and_an_appended_csv_gets_no_second_mark() {
    let (code, stdout, _) = nianbao(&[
        "check",
        "--format",
        "json",
        "-o",
        "-",
        "fixtures/xlsx/clean_2021.xlsx",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with('{'), "{stdout}");
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("-").exists());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("累计.csv");
    std::fs::write(&out, "\u{FEFF}file,agency\n").unwrap();
    let file = std::fs::OpenOptions::new().append(true).open(&out).unwrap();
    Command::new(bin())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "--format",
            "csv",
            "fixtures/xlsx/rule_t3_column_sum.xlsx",
        ])
        .stdout(file)
        .status()
        .unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.matches('\u{FEFF}').count(), 1, "{text}");
}

#[cfg(unix)]
#[test]
fn an_interrupted_conversion_leaves_no_libreoffice_and_no_scratch_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // A LibreOffice that hangs, and tells where it was asked to write.
    let fake = dir.path().join("soffice");
    let marker = dir.path().join("outdir");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nwhile [ \"$1\" != --outdir ]; do shift; done\necho \"$2\" > {}\nexec sleep 300\n",
            marker.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut child = Command::new(bin())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NIANBAO_SOFFICE", &fake)
        .args(["check", "--convert", "fixtures/kinds/word97_clean.doc"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while !marker.exists() && started.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let outdir = std::fs::read_to_string(&marker).expect("the fake LibreOffice ran");
    let scratch = Path::new(outdir.trim())
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    assert!(scratch.exists(), "{}", scratch.display());
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::TERM,
    )
    .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        !scratch.exists(),
        "scratch folder left: {}",
        scratch.display()
    );
    // The hanging LibreOffice is gone with it.
    let alive = Command::new("pgrep")
        .args(["-f", &fake.display().to_string()])
        .output()
        .unwrap();
    assert!(alive.stdout.is_empty(), "LibreOffice left running");
}

#[test]
fn previous_in_word_97_is_converted_too() {
    if !soffice_here() {
        return;
    }
    // Last year's report as a .doc: converted, read, and compared (no PREVIOUS-NOT-COMPARED).
    let (_, json) = check_json(
        &["fixtures/years/临沭县人民政府2024.json"],
        &["--convert", "--previous", "fixtures/kinds/word97_clean.doc"],
    );
    let rules: Vec<&str> = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"PREVIOUS-NOT-COMPARED"), "{rules:?}");
    assert!(rules.contains(&"T3-CARRY-CONTINUITY"), "{rules:?}");
}

#[test]
fn previous_that_cannot_be_compared_is_said() {
    let rules = |json: &Value| -> Vec<String> {
        json["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    // Another agency's report.
    let (code, json) = check_json(
        &["fixtures/xlsx/clean_2021.xlsx"],
        &[
            "--lang",
            "en",
            "--previous",
            "fixtures/regressions/other_agency_2024.json",
        ],
    );
    assert_eq!(code, 0, "a warning, not an error");
    let said = rules(&json);
    assert!(
        said.iter()
            .any(|r| r.starts_with("PREVIOUS-NOT-COMPARED") && r.contains("another agency")),
        "{said:?}"
    );
    // The same year.
    let (_, json) = check_json(
        &["fixtures/xlsx/clean_2021.xlsx"],
        &["--lang", "en", "--previous", "fixtures/xls/clean_2021.xls"],
    );
    let said = rules(&json);
    assert!(
        said.iter().any(|r| r.contains("not the year before")),
        "{said:?}"
    );
    // Unreadable: the run goes on, each report says so.
    let (code, json) = check_json(
        &["fixtures/xlsx/clean_2021.xlsx"],
        &[
            "--lang",
            "en",
            "--previous",
            "fixtures/kinds/excel_binary_broken.xlsb",
        ],
    );
    assert_eq!(code, 0);
    let said = rules(&json);
    assert!(
        said.iter().any(|r| r.contains("could not be read")),
        "{said:?}"
    );
    let (code, _) = check_json(
        &["fixtures/xlsx/clean_2021.xlsx"],
        &[
            "--fail-on",
            "warning",
            "--previous",
            "fixtures/kinds/excel_binary_broken.xlsb",
        ],
    );
    assert_eq!(
        code, 1,
        "a comparison not done fails a run that fails on warnings"
    );
}

#[test]
fn man_pages_for_every_subcommand_with_exit_codes_and_formats() {
    let (code, page, _) = nianbao(&["man", "check"]);
    assert_eq!(code, 0);
    assert!(page.contains(".TH nianbao-check"), "{page}");
    for needle in [
        "Exit codes",
        "sarif",
        "junit",
        "\\-\\-fail\\-on",
        "\\-\\-convert",
    ] {
        assert!(page.contains(needle), "{needle} missing");
    }
    let dir = tempfile::tempdir().unwrap();
    let (code, _, _) = nianbao(&["man", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    for name in [
        "nianbao.1",
        "nianbao-check.1",
        "nianbao-extract.1",
        "nianbao-template.1",
    ] {
        assert!(dir.path().join(name).exists(), "{name}");
    }
    assert_eq!(nianbao(&["man", "nosuch"]).0, 2);
}

/// Run `nianbao check` in a real terminal (tmux) over a folder and return what the screen
/// and its scrollback show.
fn in_tmux(args: &str) -> Option<String> {
    let tmux = Command::new("tmux").arg("-V").output();
    if !tmux.is_ok_and(|o| o.status.success()) {
        assert!(
            !common::required("NIANBAO_REQUIRE_TMUX"),
            "tmux is required here but not found"
        );
        eprintln!("skipped: no tmux on this machine");
        return None;
    }
    let socket = format!("nianbao-test-{}", std::process::id());
    let done = std::env::temp_dir().join(format!("{socket}.done"));
    let _ = std::fs::remove_file(&done);
    let script = format!(
        "cd {} && env -u CI {} {args}; touch {}",
        env!("CARGO_MANIFEST_DIR"),
        bin(),
        done.display()
    );
    let tmux = |extra: &[&str]| {
        Command::new("tmux")
            .args(["-L", &socket])
            .args(extra)
            .output()
            .unwrap()
    };
    tmux(&[
        "new-session",
        "-d",
        "-x",
        "120",
        "-y",
        "40",
        "sh",
        "-c",
        &format!("{script}; sleep 60"),
    ]);
    let started = std::time::Instant::now();
    while !done.exists() && started.elapsed().as_secs() < 120 {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let screen = tmux(&["capture-pane", "-p", "-S", "-5000"]);
    tmux(&["kill-server"]);
    let _ = std::fs::remove_file(&done);
    Some(String::from_utf8_lossy(&screen.stdout).into_owned())
}

#[test]
fn the_progress_bar_leaves_no_line_behind_in_a_terminal() {
    // Many files, some of them failing, so blocks are printed while the bar is drawn.
    let Some(screen) = in_tmux("check --jobs 2 fixtures/xlsx fixtures/corpus") else {
        return;
    };
    assert!(screen.contains("汇总"), "the run did not finish:\n{screen}");
    let stale: Vec<&str> = screen.lines().filter(|l| l.contains("ETA")).collect();
    assert!(
        stale.is_empty(),
        "stale progress bar lines:\n{}",
        stale.join("\n")
    );
}

#[test]
fn code_scanning_paths_have_no_leading_dot_and_junit_skips_what_is_no_report() {
    let repo = scratch_repository();
    let (_, stdout, _) = run_in(repo.path(), &["check", "--format", "github", "."]);
    assert!(!stdout.contains("file=./"), "{stdout}");
    let (_, stdout, _) = run_in(repo.path(), &["check", "--format", "sarif", "."]);
    assert!(stdout.contains("\"uri\": \"package.json\""), "{stdout}");
    let (_, junit, _) = run_in(repo.path(), &["check", "--format", "junit", "package.json"]);
    assert!(
        junit.contains("skipped=\"1\"") && junit.contains("<skipped"),
        "{junit}"
    );
    assert!(junit.contains("tests=\"1\""), "{junit}");
}
