//! The HTML report in a real browser: headless Chromium renders the page, and the cells it
//! draws as failing (by their computed colour) must be exactly the cells the findings name.
//! `.ci/run` installs Debian's chromium and sets NIANBAO_REQUIRE_BROWSER=1, so there the
//! test cannot pass without a browser; elsewhere it says it was skipped.

mod common;

use std::collections::BTreeSet;
use std::process::Command;

use common::{check_json, nianbao};

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
}

#[test]
fn highlighted_cells_are_the_cells_in_the_findings() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_BROWSER").is_none(),
            "chromium is required here but not found"
        );
        eprintln!("skipped: no chromium on this machine");
        return;
    };
    let files = [
        "fixtures/xlsx/layouts/inject_one_error.xlsx",
        "fixtures/xlsx/rule_cell_blank.xlsx",
        "fixtures/xlsx/rule_t3_column_sum.xlsx",
        "fixtures/xlsx/rule_t4_group_sum.xlsx",
        "fixtures/xlsx/clean_2021.xlsx",
        "fixtures/bad/truncated.xlsx",
    ];
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let mut args = vec![
        "check",
        "--format",
        "html",
        "--output",
        page.to_str().unwrap(),
    ];
    args.extend(files);
    let (code, _, stderr) = nianbao(&args);
    assert_eq!(code, 2, "{stderr}");

    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("src="),
        "self-contained"
    );

    let profile = dir.path().join("profile");
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}?check", page.display()))
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom
        .find("<pre id=\"rendered-check\">")
        .expect("the check ran in the browser")
        + "<pre id=\"rendered-check\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let drawn: BTreeSet<String> = dom[start..end]
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();

    // Section n is the n-th file in path order; each finding marks its first cell.
    let (_, json) = check_json(&files, &[]);
    let mut expected = BTreeSet::new();
    for (i, file) in json["files"].as_array().unwrap().iter().enumerate() {
        for f in file["findings"].as_array().unwrap() {
            let key = f["cells"][0]["key"].as_str().unwrap();
            if key.matches('.').count() >= 2 {
                expected.insert(format!("f{} {key}", i + 1));
            }
        }
    }
    assert!(expected.len() >= 8, "{expected:?}");
    assert_eq!(drawn, expected);
    // The suggested value is drawn on the cell it is for.
    assert!(html.contains(
        "class=\"num involved fix-target\" data-key=\"table3.results.disclosed.natural_person\" title=\"附件2!E24\">21<span class=\"fix\">应为 12</span>"
    ));
}
