//! Issue 14: findings where the clerk looks — blank cells grouped, findings in the form's
//! order, tables named in words, a cell of another year's report named with its file.

mod common;

use common::{check_json, nianbao};

/// The official template filled in, its zero cells cleared (a common habit), saved again by
/// LibreOffice: one CELL-BLANK a table instead of 141, every cell still in the JSON.
#[test]
fn a_template_with_cleared_zeros_is_one_finding_a_table() {
    let (code, json) = check_json(&["fixtures/xlsx/cleared_zeros.xlsx"], &[]);
    assert_eq!(code, 0, "warnings only");
    let findings = json["files"][0]["findings"].as_array().unwrap();
    let blank: Vec<(&str, usize)> = findings
        .iter()
        .map(|f| {
            (
                f["cells"][0]["address"].as_str().unwrap(),
                f["cells"].as_array().unwrap().len(),
            )
        })
        .collect();
    // Table 2's three blanks each named, in the form's order (B6, C6, D6); tables 3 and 4 one
    // finding each with all their cells.
    assert_eq!(
        blank,
        [
            ("年度报告!B6", 1),
            ("年度报告!C6", 1),
            ("年度报告!D6", 1),
            ("年度报告!G23", 130),
            ("年度报告!C53", 8)
        ]
    );
    assert!(findings.iter().all(|f| f["rule"] == "CELL-BLANK"));
    let message = findings[3]["message"].as_str().unwrap();
    assert!(message.starts_with("表三有 130 个单元格为空"), "{message}");
    let (_, human, _) = nianbao(&["check", "fixtures/xlsx/cleared_zeros.xlsx"]);
    assert!(human.lines().count() < 40, "{human}");
}

#[test]
fn a_cell_of_last_year_s_report_is_named_with_its_file() {
    let (_, human, _) = nianbao(&[
        "check",
        "--previous",
        "fixtures/xlsx/clean_2021.xlsx",
        "fixtures/years/临沭县人民政府2024.json",
    ]);
    // Wrapped at its dots in the cells column: 「clean_2021 / .xlsx:Sheet1!D45」.
    assert!(human.contains(".xlsx:Sheet1!D45"), "{human}");
}

/// A PDF finding names the page and line a person counts; the JSON keeps the grid address
/// and adds `page` and `line`.
#[test]
fn a_pdf_finding_shows_page_and_line() {
    let pdf = "fixtures/pdf/two_pages_t3_balance.pdf";
    let (_, human, _) = nianbao(&["check", pdf]);
    assert!(human.contains("第") && human.contains("页第"), "{human}");
    assert!(!human.contains("PDF!"), "{human}");
    let (_, json) = check_json(&[pdf], &[]);
    let cell = &json["files"][0]["findings"][0]["cells"][0];
    assert!(
        cell["address"].as_str().unwrap().starts_with("PDF!"),
        "{cell}"
    );
    assert!(cell["page"].as_u64().unwrap() >= 1, "{cell}");
    assert!(cell["line"].as_u64().unwrap() >= 1, "{cell}");
}

/// A text file's finding names the line of the file a person opens (「第 44 行」), not the
/// grid's row.
#[test]
fn a_text_finding_shows_the_line_of_the_file() {
    let text = "fixtures/text/rows_t3_balance.txt";
    let (_, json) = check_json(&[text], &[]);
    let cell = &json["files"][0]["findings"][0]["cells"][0];
    let line = cell["line"].as_u64().expect("a line") as usize;
    assert!(cell["page"].is_null(), "{cell}");
    // The line holds the row the finding's first cell is read from.
    let source = std::fs::read_to_string(text).unwrap();
    let written = source.lines().nth(line - 1).unwrap();
    assert!(written.contains("（七）总计"), "line {line}: {written}");
    let (_, human, _) = nianbao(&["check", text]);
    assert!(human.contains(&format!("第{line}行")), "{human}");
    assert!(!human.contains("文本!"), "{human}");
}
