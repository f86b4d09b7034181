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
            !common::required("NIANBAO_REQUIRE_BROWSER"),
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

/// What the page's `?check` script lists: `f<n> <cell key> <mark>` for each cell drawn
/// marked, the mark being what its computed colour is the colour of.
fn drawn_marked(dom: &str) -> BTreeSet<String> {
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

/// The cells the findings of `file` (the n-th, one-based) name, each with the mark it must
/// be drawn with, strongest first where several apply: `suspect`, a cell a suggestion
/// changes; `consequence`, the stated (first) cell of a finding whose suggestion changes a
/// cell; `err` or `warn`, the stated cell of any other finding; `involved`, the finding's
/// other cells of this file. Only cells of a table.
fn marked_cells(n: usize, file: &Value) -> BTreeSet<String> {
    const ORDER: [&str; 5] = ["suspect", "consequence", "err", "warn", "involved"];
    let mut marks: std::collections::BTreeMap<String, usize> = Default::default();
    let mut mark = |key: &str, m: &str| {
        let m = ORDER.iter().position(|o| *o == m).unwrap();
        let at = marks.entry(key.to_string()).or_insert(m);
        *at = (*at).min(m);
    };
    for f in file["findings"].as_array().unwrap() {
        let changes: Vec<&str> = f["suggestion"]["cells"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| !c["suggested"].is_null())
            .map(|c| c["key"].as_str().unwrap())
            .collect();
        let cells = f["cells"].as_array().unwrap();
        for c in cells.iter().skip(1).filter(|c| c["file"].is_null()) {
            mark(c["key"].as_str().unwrap(), "involved");
        }
        let stated = match (changes.is_empty(), f["severity"].as_str()) {
            (false, _) => "consequence",
            (true, Some("error")) => "err",
            (true, _) => "warn",
        };
        mark(cells[0]["key"].as_str().unwrap(), stated);
        for key in changes {
            mark(key, "suspect");
        }
    }
    marks
        .into_iter()
        .filter(|(key, _)| key.matches('.').count() >= 2)
        .map(|(key, m)| format!("f{n} {key} {}", ORDER[m]))
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
    let drawn = drawn_marked(&render(browser, &page, "?check"));

    // Section n is the n-th file in path order.
    let (_, json) = check_json(&files, &[]);
    let mut expected = BTreeSet::new();
    for (i, file) in json["files"].as_array().unwrap().iter().enumerate() {
        expected.extend(marked_cells(i + 1, file));
    }
    assert!(expected.len() >= 8, "{expected:?}");
    for mark in ["suspect", "consequence", "err", "warn", "involved"] {
        let suffix = format!(" {mark}");
        assert!(
            expected.iter().any(|c| c.ends_with(&suffix)),
            "{mark}: {expected:?}"
        );
    }
    assert_eq!(drawn, expected);
    // The suggested value is drawn on the cell it is for.
    assert!(html.contains(
        "class=\"num suspect\" data-key=\"table3.results.disclosed.natural_person\" title=\"附件2!E24\">21<span class=\"fix\">改为 12</span>"
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

    // The opened file alone is drawn, the cells its findings name marked; its name shown
    // as text.
    let expected = marked_cells(n, &files[n - 1]);
    assert!(expected.len() >= 2, "{expected:?}");
    assert_eq!(drawn_marked(&dom), expected);
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

/// The `<table>` of `key` (`table3`) in a page or section as drawn.
fn drawn_table<'a>(dom: &'a str, key: &str) -> &'a str {
    let open = format!("<table class=\"statutory\" data-table=\"{key}\">");
    let start = dom.find(&open).unwrap_or_else(|| panic!("{key} drawn"));
    let end = start + dom[start..].find("</table>").unwrap();
    &dom[start..end]
}

/// The rows of a table's part (`thead`, `tbody`), each its cells' markup.
fn part_rows<'a>(table: &'a str, part: &str) -> Vec<&'a str> {
    let open = format!("<{part}>");
    let Some(start) = table.find(&open) else {
        return Vec::new();
    };
    let end = start + table[start..].find(&format!("</{part}>")).unwrap();
    table[start + open.len()..end]
        .split("<tr>")
        .filter(|r| !r.trim().is_empty())
        .collect()
}

#[test]
fn tables_are_drawn_as_the_form_lays_them_out_and_the_suspect_cell_stands_out() {
    let Some(browser) = chromium() else {
        return;
    };
    let files = [
        "fixtures/xlsx/layouts/inject_one_error.xlsx",
        "fixtures/xlsx/clean_2019.xlsx",
    ];
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    html_page(&files, &page);
    let (_, json) = check_json(&files, &[]);
    let dom = render(browser, &page, "?check");
    let number = |file: &str| {
        let files = json["files"].as_array().unwrap();
        1 + files
            .iter()
            .position(|f| f["source"].as_str().unwrap().ends_with(file))
            .unwrap()
    };
    let (n2021, n2019) = (number(files[0]), number(files[1]));

    for (n, results, other) in [(n2021, 22, "（六）其他处理"), (n2019, 20, "（六）其他处理")]
    {
        let s = section(&dom, n);
        // Table 3: the applicant columns under their group headings, beside the note.
        let t3 = drawn_table(&s, "table3");
        let head = part_rows(t3, "thead");
        assert_eq!(head.len(), 3, "{t3}");
        assert!(
            head[0].contains("rowspan=\"3\">（本列数据的勾稽关系为"),
            "{}",
            head[0]
        );
        assert!(head[0].contains("<th colspan=\"7\">申请人情况</th>"));
        assert!(head[1].contains(
            "<th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th><th rowspan=\"2\">总计</th>"
        ));
        assert_eq!(head[2].matches("<th>").count(), 5);
        // Its rows with their group labels.
        let body = part_rows(t3, "tbody");
        assert_eq!(body.len(), results + 3);
        assert!(body[0].starts_with("<td class=\"label\" colspan=\"3\">一、本年新收"));
        assert!(body[1].starts_with("<td class=\"label\" colspan=\"3\">二、上年结转"));
        assert!(body[2].starts_with(&format!(
            "<td class=\"label\" rowspan=\"{results}\">三、本年度办理结果</td><td class=\"label\" colspan=\"2\">（一）予以公开</td>"
        )));
        assert!(body[4].contains("<td class=\"label\" rowspan=\"8\">（三）不予公开</td><td class=\"label\">1.属于国家秘密</td>"));
        assert!(body[12].contains("<td class=\"label\" rowspan=\"3\">（四）无法提供</td>"));
        assert!(body[15].contains("<td class=\"label\" rowspan=\"5\">（五）不予处理</td>"));
        assert!(body[20].contains(other));
        assert!(body[results + 1].starts_with("<td class=\"label\" colspan=\"2\">（七）总计</td>"));
        assert!(
            body[results + 2]
                .starts_with("<td class=\"label\" colspan=\"3\">四、结转下年度继续办理</td>")
        );
        for row in &body {
            assert_eq!(row.matches("<td class=\"num").count(), 7, "{row}");
        }

        // Table 4: 行政复议 and 行政诉讼 over their headings; one row of fifteen figures.
        let t4 = drawn_table(&s, "table4");
        let head = part_rows(t4, "thead");
        assert!(head.len() >= 2, "{t4}");
        assert!(
            head[0].contains("<th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>")
        );
        assert!(head[1].contains(
            "<th rowspan=\"2\">结果维持</th><th rowspan=\"2\">结果纠正</th><th rowspan=\"2\">其他结果</th><th rowspan=\"2\">尚未审结</th><th rowspan=\"2\">总计</th><th colspan=\"5\">未经复议直接起诉</th><th colspan=\"5\">复议后起诉</th>"
        ));
        assert_eq!(head[2].matches("<th>").count(), 10);
        let body = part_rows(t4, "tbody");
        assert_eq!(body.len(), 1);
        assert_eq!(body[0].matches("<td class=\"num").count(), 15);
    }

    // Table 2 in either edition's blocks.
    let t2 = drawn_table(
        &dom[dom.find(&format!("id=\"f{n2021}\"")).unwrap()..],
        "table2",
    );
    assert!(t2.contains("<th colspan=\"4\">第二十条第（八）项</th>"));
    assert!(t2.contains("<th colspan=\"3\">本年处理决定数量</th>"));
    assert!(!t2.contains("第二十条第（九）项"));
    let t2 = drawn_table(
        &dom[dom.find(&format!("id=\"f{n2019}\"")).unwrap()..],
        "table2",
    );
    assert!(t2.contains("<th colspan=\"4\">第二十条第（九）项</th>"));
    assert!(t2.contains("<th>上一年项目数量</th><th colspan=\"2\">本年增/减</th>"));

    // The cell to change is drawn as such, the totals it breaks as its consequences, each
    // by its own computed colour; the legend says what each means.
    let marked = drawn_marked(&dom);
    let suspect = format!("f{n2021} table3.results.disclosed.natural_person suspect");
    assert!(marked.contains(&suspect), "{marked:?}");
    for total in [
        "table3.results.disclosed.total",
        "table3.results.total.natural_person",
    ] {
        let line = format!("f{n2021} {total} consequence");
        assert!(marked.contains(&line), "{marked:?}");
    }
    let s = section(&dom, n2021);
    let legend = &s[s.find("<ul class=\"legend\">").expect("a legend")..];
    assert!(legend.find("swatch suspect") < legend.find("swatch consequence"));
    assert!(
        s.find("<ul class=\"legend\">") < s.find("<table"),
        "above the tables"
    );
    assert!(
        !section(&dom, n2019).contains("class=\"legend\""),
        "nothing marked"
    );
}
