//! The HTML report in a real browser: headless Chromium renders the page, and the cells it
//! draws as failing (by their computed colour) must be exactly the cells the findings name,
//! whether the page draws every file (a small run) or is an index that draws a file when it
//! is opened (`#f<n>`). `.ci/run` installs Debian's chromium and sets
//! NIANBAO_REQUIRE_BROWSER=1, so there the tests cannot pass without a browser; elsewhere
//! they say they were skipped.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{check_json, fixture, nianbao};
use serde_json::Value;

fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        assert!(
            std::env::var_os("NIANBAO_REQUIRE_BROWSER").is_none(),
            "chromium is required here but not found"
        );
        eprintln!("skipped: no chromium on this machine");
    }
    found
}

/// The DOM of a page once its scripts ran, `query` (such as `?check#f3`) after its address.
fn render(browser: &str, page: &Path, query: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
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
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}{query}", page.display()))
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the page's `?check` script lists: `f<n> <cell key>` for each cell drawn as failing.
fn drawn_as_failing(dom: &str) -> BTreeSet<String> {
    let start = dom
        .find("<pre id=\"rendered-check\">")
        .expect("the check ran in the browser")
        + "<pre id=\"rendered-check\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    dom[start..end]
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The cells the findings of `file` (the n-th, one-based) say fail: each finding's first
/// cell, where it is a cell of a table.
fn failing_cells(n: usize, file: &Value) -> BTreeSet<String> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["cells"][0]["key"].as_str().unwrap())
        .filter(|key| key.matches('.').count() >= 2)
        .map(|key| format!("f{n} {key}"))
        .collect()
}

/// `nianbao check --format html` on `inputs` into `page`: the page's text.
fn html_page(inputs: &[&str], page: &Path) -> String {
    let mut args = vec![
        "check",
        "--format",
        "html",
        "--output",
        page.to_str().unwrap(),
    ];
    args.extend(inputs);
    let (code, _, stderr) = nianbao(&args);
    assert!(
        code == 1 || code == 2,
        "failing reports found: {code} {stderr}"
    );
    let html = std::fs::read_to_string(page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("src="),
        "self-contained"
    );
    html
}

#[test]
fn highlighted_cells_are_the_cells_in_the_findings() {
    let Some(browser) = chromium() else {
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
    let html = html_page(&files, &page);
    let drawn = drawn_as_failing(&render(browser, &page, "?check"));

    // Section n is the n-th file in path order.
    let (_, json) = check_json(&files, &[]);
    let mut expected = BTreeSet::new();
    for (i, file) in json["files"].as_array().unwrap().iter().enumerate() {
        expected.extend(failing_cells(i + 1, file));
    }
    assert!(expected.len() >= 8, "{expected:?}");
    assert_eq!(drawn, expected);
    // The suggested value is drawn on the cell it is for.
    assert!(html.contains(
        "class=\"num involved fix-target\" data-key=\"table3.results.disclosed.natural_person\" title=\"附件2!E24\">21<span class=\"fix\">应为 12</span>"
    ));
}

/// Text that would run as a script if a page let it out of where it belongs.
const INJECT: &str = "<script>document.documentElement.setAttribute('data-injected','1')<";
/// Markup that runs a script even when put in through `innerHTML`.
const ON_INSERT: &str =
    "<details open ontoggle=\"document.documentElement.setAttribute('data-injected','1')\">";
/// What the page would show had [`INJECT`] or [`ON_INSERT`] run.
const INJECTED: &str = "data-injected=\"1\"";

/// A folder of more files than a page draws in full: four copies of five reports (four
/// failing), an unreadable file, a failing report whose path holds `</script><script>…
/// </script>` (a folder name cannot hold `/`: the path is cut where it has one), and a JSON
/// report with the same in its agency and in a cell. Returns the folder and those two paths.
fn many_files(root: &Path) -> (PathBuf, PathBuf) {
    for copy in 1..=4 {
        let dir = root.join(format!("copy{copy}"));
        std::fs::create_dir_all(&dir).unwrap();
        for f in [
            "xlsx/layouts/inject_one_error.xlsx",
            "xlsx/rule_cell_blank.xlsx",
            "xlsx/rule_t3_column_sum.xlsx",
            "xlsx/rule_t4_group_sum.xlsx",
            "xlsx/clean_2021.xlsx",
        ] {
            let name = Path::new(f).file_name().unwrap();
            std::fs::copy(fixture(f), dir.join(name)).unwrap();
        }
    }
    std::fs::copy(fixture("bad/truncated.xlsx"), root.join("truncated.xlsx")).unwrap();
    let hostile_dir = root.join("<").join(format!("script>{INJECT}"));
    std::fs::create_dir_all(&hostile_dir).unwrap();
    let hostile = hostile_dir.join("script>.xlsx");
    std::fs::copy(fixture("xlsx/rule_t3_column_sum.xlsx"), &hostile).unwrap();

    let text = format!("</script>{INJECT}/script>\"'\u{1}{ON_INSERT}");
    let mut report: Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("json/clean_2021.json")).unwrap())
            .unwrap();
    report["agency"] = Value::from(text.clone());
    report["table3"]["new_received"]["research"] = Value::from(text);
    let json = root.join("hostile_text.json");
    std::fs::write(&json, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    (hostile, json)
}

/// The one-based number of `path` among the results (path order).
fn number_of(json: &Value, path: &Path) -> usize {
    let files = json["files"].as_array().unwrap();
    1 + files
        .iter()
        .position(|f| f["source"].as_str() == path.to_str())
        .unwrap_or_else(|| panic!("{} among the results", path.display()))
}

/// The index's rows as drawn, top-down: (file number, status class).
fn index_rows(dom: &str) -> Vec<(usize, String)> {
    dom.split("<div class=\"r")
        .filter_map(|row| {
            let tag = &row[..row.find('>')?];
            let id = &tag[tag.find(" id=\"r")? + 6..];
            let n = id[..id.find('"')?].parse().ok()?;
            let class = &row[row.find("<span class=\"")? + 13..];
            Some((n, class[..class.find('"')?].to_string()))
        })
        .collect()
}

#[test]
fn an_index_of_many_files_lists_failing_files_first_and_opens_one() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("reports");
    let (hostile, _) = many_files(&root);
    let page = dir.path().join("index.html");
    let html = html_page(&[root.to_str().unwrap()], &page);
    let (_, json) = check_json(&[root.to_str().unwrap()], &[]);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 23);
    assert!(
        !html.contains("<td class=\"num"),
        "an index draws no table until a file is opened"
    );

    let n = number_of(&json, &hostile);
    let dom = render(browser, &page, &format!("?check#f{n}"));
    assert!(!dom.contains(INJECTED), "a file name ran as a script");

    // Every file once; failing first, then unreadable, then passing.
    let rows = index_rows(&dom);
    let numbers: BTreeSet<usize> = rows.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, (1..=files.len()).collect());
    let rank = |class: &str| {
        ["fail", "unreadable", "not-a-report", "pass"]
            .iter()
            .position(|c| *c == class)
    };
    for (n, class) in &rows {
        let status = files[n - 1]["status"].as_str().unwrap().replace('_', "-");
        assert_eq!(*class, status, "row of file {n}");
    }
    assert!(
        rows.windows(2).all(|w| rank(&w[0].1) <= rank(&w[1].1)),
        "{rows:?}"
    );
    assert_eq!(rows[0].1, "fail");
    assert_eq!(rows.last().unwrap().1, "pass");

    // The opened file alone is drawn, its failing cells marked; its name shown as text.
    let expected = failing_cells(n, &files[n - 1]);
    assert!(expected.len() >= 2, "{expected:?}");
    assert_eq!(drawn_as_failing(&dom), expected);
    assert!(dom.contains(&format!(
        "<h2>{}</h2>",
        hostile.display().to_string().replace('<', "&lt;").replace('>', "&gt;")
    )));
}

/// A section with its number taken out and the whitespace between tags dropped.
fn section(dom: &str, n: usize) -> String {
    let open = format!("<section class=\"file\" id=\"f{n}\">");
    let start = dom
        .find(&open)
        .unwrap_or_else(|| panic!("section f{n} drawn"))
        + open.len();
    let end = start + dom[start..].find("</section>").unwrap();
    let mut out = String::new();
    for (i, piece) in dom[start..end].split('<').enumerate() {
        if i > 0 {
            out.push('<');
        }
        match piece.find('>') {
            Some(tag) if piece[tag + 1..].trim().is_empty() => out.push_str(&piece[..=tag]),
            _ => out.push_str(piece),
        }
    }
    out
}

#[test]
fn a_file_opened_from_the_index_is_drawn_as_a_small_page_draws_it() {
    let Some(browser) = chromium() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("reports");
    let (_, hostile_text) = many_files(&root);
    let index = dir.path().join("index.html");
    html_page(&[root.to_str().unwrap()], &index);
    let (_, json) = check_json(&[root.to_str().unwrap()], &[]);
    let suggested = root.join("copy2").join("inject_one_error.xlsx");

    let small = dir.path().join("small.html");
    let inputs = [suggested.to_str().unwrap(), hostile_text.to_str().unwrap()];
    html_page(&inputs, &small);
    let (_, small_json) = check_json(&inputs, &[]);
    let small_dom = render(browser, &small, "");
    for path in [&suggested, &hostile_text] {
        let dom = render(browser, &index, &format!("#f{}", number_of(&json, path)));
        assert!(!dom.contains(INJECTED), "text from a file ran as a script");
        let opened = section(&dom, number_of(&json, path));
        assert_eq!(opened, section(&small_dom, number_of(&small_json, path)));
        assert!(opened.contains("title=\""), "where each cell was read");
    }
}
