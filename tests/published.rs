//! Reports as they are published (issue 4, first part): a saved page (LibreOffice's export,
//! and a GBK government page with navigation chrome, layout tables and Word markup), a Word
//! attachment, and an `.xls` that is really a page, read into the same canonical report as
//! the spreadsheet they were made from.

mod common;

use common::{check_json, finding_lines, nianbao};
use serde_json::Value;

fn extract(file: &str) -> Value {
    let (code, stdout, stderr) = nianbao(&["extract", file]);
    assert_eq!(code, 0, "{file}: {stderr}");
    let mut doc: Value = serde_json::from_str(&stdout).unwrap();
    doc.as_object_mut().unwrap().remove("source");
    doc
}

#[test]
fn pages_and_word_documents_read_to_the_same_report_as_the_spreadsheet() {
    let xlsx = extract("fixtures/xlsx/clean_2021.xlsx");
    for file in [
        "fixtures/html/lo_clean_2021.html",
        "fixtures/html/gov_page_gbk.html",
        "fixtures/docx/clean_2021.docx",
    ] {
        assert_eq!(extract(file), xlsx, "{file}");
    }
    assert_eq!(
        extract("fixtures/html/lo_clean_2019.html"),
        extract("fixtures/xlsx/clean_2019.xlsx")
    );
}

#[test]
fn pages_and_word_documents_give_the_same_findings_as_the_spreadsheet() {
    let strip = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .map(|l| {
                l.split(' ')
                    .filter(|w| !w.starts_with('@'))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    };
    let (_, xlsx) = check_json(&["fixtures/xlsx/rule_t3_balance.xlsx"], &[]);
    let expected = strip(finding_lines(&xlsx["files"][0]));
    assert_eq!(expected.len(), 2);
    for file in [
        "fixtures/html/lo_rule_t3_balance.html",
        "fixtures/docx/rule_t3_balance.docx",
        "fixtures/html/page_named.xls",
    ] {
        let (code, json) = check_json(&[file], &[]);
        assert_eq!(code, 1, "{file}");
        assert_eq!(strip(finding_lines(&json["files"][0])), expected, "{file}");
    }
}

/// Addresses in a page count rows over its tables in order: the clerk can still find the
/// cell, and the table drawn by the HTML report shows it.
#[test]
fn page_cells_have_addresses_in_the_page_grid() {
    let (_, json) = check_json(&["fixtures/html/gov_page_gbk.html"], &[]);
    assert_eq!(json["files"][0]["agency"], "临沭县人民政府");
    assert_eq!(json["files"][0]["year"], 2023);
    let (_, stdout, _) = nianbao(&["extract", "--locations", "fixtures/html/gov_page_gbk.html"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let at = doc["locations"]["table3.new_received.natural_person"]
        .as_str()
        .unwrap();
    assert!(at.starts_with("表格!D"), "{at}");
}
