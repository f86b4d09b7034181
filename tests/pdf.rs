//! PDF reports (issue 5, first part): LibreOffice's export of the fixture workbooks and of
//! the Word attachments, Chromium's print of a government page and a table split over two
//! pages by a 「- 1 -」 footer read to the same report and findings as the workbooks; a scan, a password, a
//! font that cannot be decoded and a truncated file are unreadable with their reasons.

mod common;

use common::{check_json, finding_lines_without_addresses, nianbao};
use serde_json::Value;

fn extract(file: &str) -> Value {
    let (code, stdout, stderr) = nianbao(&["extract", file]);
    assert_eq!(code, 0, "{file}: {stderr}");
    let mut doc: Value = serde_json::from_str(&stdout).unwrap();
    doc.as_object_mut().unwrap().remove("source");
    doc
}

/// Every PDF made from a workbook, with the workbook; the findings must be the same.
const FROM_WORKBOOKS: &[(&str, &str)] = &[
    ("pdf/clean_2021.pdf", "xlsx/clean_2021.xlsx"),
    ("pdf/clean_2019.pdf", "xlsx/clean_2019.xlsx"),
    ("pdf/rule_t3_balance.pdf", "xlsx/rule_t3_balance.xlsx"),
    (
        "pdf/rule_t3_results_sum.pdf",
        "xlsx/rule_t3_results_sum.xlsx",
    ),
    ("pdf/rule_t3_column_sum.pdf", "xlsx/rule_t3_column_sum.xlsx"),
    ("pdf/rule_t4_group_sum.pdf", "xlsx/rule_t4_group_sum.xlsx"),
    ("pdf/rule_cell_blank.pdf", "xlsx/rule_cell_blank.xlsx"),
    ("pdf/rule_cell_text.pdf", "xlsx/rule_cell_text.xlsx"),
    ("pdf/rule_edition_mixed.pdf", "xlsx/rule_edition_mixed.xlsx"),
    ("pdf/rule_table_missing.pdf", "xlsx/rule_table_missing.xlsx"),
    // rule_t3_balance with a page break inside table 3 and 「- 1 -」 footers.
    ("pdf/two_pages_t3_balance.pdf", "xlsx/rule_t3_balance.xlsx"),
    // Word attachments exported by Writer: labels wrapped over up to four lines in ruled
    // cells, table 4's header on one page and its figures on the next.
    ("pdf/word_clean_2021.pdf", "xlsx/clean_2021.xlsx"),
    ("pdf/word_rule_t3_balance.pdf", "xlsx/rule_t3_balance.xlsx"),
    // Layouts: group labels sharing their first sub-row's cell (WPS), table 4 with a label
    // column, table 4 transposed.
    ("pdf/layout_wps_style.pdf", "xlsx/layouts/wps_style.xlsx"),
    (
        "pdf/layout_table4_with_label_column.pdf",
        "xlsx/layouts/table4_with_label_column.xlsx",
    ),
    (
        "pdf/layout_table4_transposed.pdf",
        "xlsx/layouts/table4_transposed.xlsx",
    ),
];

#[test]
fn a_pdf_of_a_workbook_gives_the_same_findings_as_the_workbook() {
    for (pdf, xlsx) in FROM_WORKBOOKS {
        let (pdf, xlsx) = (format!("fixtures/{pdf}"), format!("fixtures/{xlsx}"));
        let (xlsx_code, expected) = check_json(&[&xlsx], &[]);
        let (code, got) = check_json(&[&pdf], &[]);
        assert_eq!(code, xlsx_code, "{pdf}");
        let (got, expected) = (&got["files"][0], &expected["files"][0]);
        assert_eq!(
            finding_lines_without_addresses(got),
            finding_lines_without_addresses(expected),
            "{pdf}"
        );
        for key in ["status", "agency", "year", "edition"] {
            assert_eq!(got[key], expected[key], "{pdf}: {key}");
        }
    }
}

#[test]
fn a_pdf_of_a_workbook_extracts_to_the_same_tables() {
    for (pdf, xlsx) in FROM_WORKBOOKS {
        assert_eq!(
            extract(&format!("fixtures/{pdf}")),
            extract(&format!("fixtures/{xlsx}")),
            "{pdf}"
        );
    }
}

/// A browser's print of a page: navigation beside the title, header cells wrapped a
/// character a line, group labels wrapped in a narrow column.
#[test]
fn a_browser_print_of_a_page_reads_to_the_same_report_as_the_workbook() {
    let mut got = extract("fixtures/pdf/chromium_gov_page.pdf");
    assert_eq!(got["published"], "2024-01-20", "the page states its date");
    got.as_object_mut().unwrap().remove("published");
    assert_eq!(got, extract("fixtures/xlsx/clean_2021.xlsx"));
    let (code, json) = check_json(&["fixtures/pdf/chromium_gov_page.pdf"], &[]);
    assert_eq!(code, 0);
    assert_eq!(json["files"][0]["findings"], serde_json::json!([]));
}

/// Addresses name the document's text line (pages counted through) on sheet 「PDF」.
#[test]
fn pdf_cells_have_addresses_on_the_pdf_sheet() {
    let (_, stdout, _) = nianbao(&["extract", "--locations", "fixtures/pdf/clean_2021.pdf"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let at = |key: &str| doc["locations"][key].as_str().unwrap().to_string();
    // Line 22: the title, table 2's 17 lines and table 3's heading and header lines before.
    assert_eq!(at("table3.new_received.natural_person"), "PDF!AI22");
    assert_eq!(at("table3.new_received.total"), "PDF!AO22");
    assert_eq!(at("table3.carried_forward.total"), "PDF!AO46");
    assert_eq!(at("table4.review.upheld"), "PDF!A52");
    // Over two pages the lines run on (the footer between them is not one).
    let (_, stdout, _) = nianbao(&[
        "extract",
        "--locations",
        "fixtures/pdf/two_pages_t3_balance.pdf",
    ]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let total = doc["locations"]["table3.carried_forward.total"]
        .as_str()
        .unwrap();
    assert_eq!(total, "PDF!AO48");
}

fn unreadable(file: &str, lang: &str) -> (i32, Value, String) {
    let (code, stdout, stderr) = nianbao(&["check", "--format", "json", "--lang", lang, file]);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["status"], "unreadable", "{file}");
    (code, file["error"].clone(), stderr)
}

#[test]
fn a_scan_is_unreadable_for_its_missing_text_layer() {
    let (code, error, _) = unreadable("fixtures/pdf/scan_clean_2021.pdf", "zh");
    assert_eq!(code, 2);
    assert_eq!(error["kind"], "no_text_layer");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("无文本层(扫描件)"),
        "{error}"
    );
    let (_, error, _) = unreadable("fixtures/pdf/scan_clean_2021.pdf", "en");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("no text layer (a scanned image)"),
        "{error}"
    );
}

#[test]
fn broken_locked_and_undecodable_pdfs_are_unreadable_with_a_reason_and_no_panic() {
    for (file, kind, words) in [
        ("fixtures/pdf/truncated.pdf", "format", "不是可读的 PDF"),
        (
            "fixtures/pdf/password_clean_2021.pdf",
            "encrypted",
            "受密码保护",
        ),
        ("fixtures/pdf/cjk_no_tounicode.pdf", "format", "无法解码"),
        (
            "fixtures/regressions/pdf_named.txt",
            "format",
            "不是可读的 PDF",
        ),
    ] {
        let (code, error, stderr) = unreadable(file, "zh");
        assert_eq!(code, 2, "{file}");
        assert_eq!(error["kind"], kind, "{file}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains(words),
            "{file}: {error}"
        );
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
    }
}

/// Folders take .pdf files like any other report.
#[test]
fn a_folder_run_takes_pdf_files() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["clean_2021.pdf", "rule_t3_balance.pdf"] {
        std::fs::copy(
            common::fixture(&format!("pdf/{name}")),
            dir.path().join(name.to_uppercase().replace(".PDF", ".Pdf")),
        )
        .unwrap();
    }
    let (code, json) = check_json(&[dir.path().to_str().unwrap()], &[]);
    assert_eq!(code, 1);
    assert_eq!(json["summary"]["files"], 2, "{json}");
}
