//! Reports as they are published (issue 4, first part): a saved page (LibreOffice's export,
//! and a GBK government page with navigation chrome, layout tables and Word markup), a Word
//! attachment, and an `.xls` that is really a page, read into the same canonical report as
//! the spreadsheet they were made from.

mod common;

use common::{check_json, finding_lines, finding_lines_without_addresses, nianbao};
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
    let (_, xlsx) = check_json(&["fixtures/xlsx/rule_t3_balance.xlsx"], &[]);
    let expected = finding_lines_without_addresses(&xlsx["files"][0]);
    assert_eq!(expected.len(), 2);
    for file in [
        "fixtures/html/lo_rule_t3_balance.html",
        "fixtures/docx/rule_t3_balance.docx",
        "fixtures/html/page_named.xls",
    ] {
        let (code, json) = check_json(&[file], &[]);
        assert_eq!(code, 1, "{file}");
        assert_eq!(
            finding_lines_without_addresses(&json["files"][0]),
            expected,
            "{file}"
        );
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

#[test]
fn text_markdown_and_gbk_rows_read_to_the_same_report_as_the_spreadsheet() {
    let xlsx = extract("fixtures/xlsx/clean_2021.xlsx");
    for file in [
        "fixtures/text/rows_gbk.txt",
        "fixtures/text/pdf_converted.md",
        "fixtures/text/browser_copy.txt",
    ] {
        assert_eq!(extract(file), xlsx, "{file}");
    }
    let (_, xlsx) = check_json(&["fixtures/xlsx/rule_t3_balance.xlsx"], &[]);
    let (code, text) = check_json(&["fixtures/text/rows_t3_balance.txt"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        finding_lines_without_addresses(&text["files"][0]),
        finding_lines_without_addresses(&xlsx["files"][0])
    );
}

/// The seeds as scraped from government sites (`../shared/seeds/`, beside the repository
/// in CI). Where they are missing the test says so, unless CI is set.
fn seeds() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/seeds is missing"
    );
    eprintln!("skipped: ../shared/seeds is not beside the repository");
    None
}

#[test]
fn the_seeds_are_classified_with_their_reasons() {
    let Some(dir) = seeds() else { return };
    let (code, json) = check_json(&[dir.to_str().unwrap()], &["--lang", "en"]);
    assert_eq!(code, 1, "seed 003's missing tables are an error");
    let got: Vec<(String, String, String)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = f["source"].as_str().unwrap().rsplit('/').next().unwrap()[..3].to_string();
            let kind = f["classification"]["kind"]
                .as_str()
                .unwrap_or("annual_report")
                .to_string();
            (name, f["status"].as_str().unwrap().to_string(), kind)
        })
        .collect();
    let want = [
        ("000", "not_a_report", "not_a_report"),
        ("001", "not_a_report", "not_a_report"),
        ("002", "pass", "annual_report"),
        ("003", "fail", "report_tables_missing"),
        ("004", "pass", "pre_2019_report"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
    );
    let files = json["files"].as_array().unwrap();
    assert!(
        files[0]["classification"]["reason"]
            .as_str()
            .unwrap()
            .contains("沙溪镇2020年政务公开工作要点落实情况")
    );
    assert_eq!(
        finding_lines(&files[0]),
        Vec::<String>::new(),
        "no arithmetic findings for a work plan"
    );
    assert_eq!(
        finding_lines(&files[3]),
        ["TABLE-MISSING table2"],
        "one finding, not one per table"
    );
    assert_eq!(
        (files[3]["agency"].as_str(), files[3]["year"].as_i64()),
        (Some("临沭县人民政府"), Some(2019))
    );
    assert_eq!(
        (files[4]["agency"].as_str(), files[4]["year"].as_i64()),
        (Some("立岗镇"), Some(2014))
    );
    assert_eq!(json["summary"]["not_a_report"], 2);
    // A work plan only fails the run when asked.
    let plan = dir.join("000_28d6aa7407a2ae6e.txt");
    let (code, _) = check_json(&[plan.to_str().unwrap()], &[]);
    assert_eq!(code, 0);
    let (code, _) = check_json(&[plan.to_str().unwrap()], &["--fail-on", "not-a-report"]);
    assert_eq!(code, 1);
}

/// Seed 002 (scraped text, one cell a line): all three tables, every cell, its two blank
/// cells as CELL-BLANK, and the year and agency of its opening sentence.
#[test]
fn seed_002_is_read_cell_for_cell() {
    let Some(dir) = seeds() else { return };
    let seed = dir.join("002_4ae1aa7670344e20.txt");
    let (_, stdout, _) = nianbao(&["extract", seed.to_str().unwrap()]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (
            doc["agency"].as_str(),
            doc["year"].as_i64(),
            doc["edition"].as_str()
        ),
        (Some("慈化镇"), Some(2023), Some("2021"))
    );
    fn leaves<'a>(v: &'a Value, path: String, out: &mut Vec<(String, &'a Value)>) {
        match v.as_object() {
            Some(map) => map
                .iter()
                .for_each(|(k, v)| leaves(v, format!("{path}.{k}"), out)),
            None => out.push((path, v)),
        }
    }
    let mut cells = Vec::new();
    for t in ["table2", "table3", "table4"] {
        leaves(&doc[t], t.to_string(), &mut cells);
    }
    assert_eq!(cells.len(), 10 + 25 * 7 + 15);
    let not_zero: Vec<&str> = cells
        .iter()
        .filter(|(_, v)| **v != 0)
        .map(|(k, _)| k.as_str())
        .collect();
    assert_eq!(
        not_zero,
        [
            "table3.results.unavailable.unclear_after_correction.natural_person",
            "table3.results.not_processed.duplicate.natural_person"
        ]
    );
    let (code, json) = check_json(&[seed.to_str().unwrap()], &[]);
    assert_eq!(code, 0);
    let blanks: Vec<String> = finding_lines(&json["files"][0])
        .into_iter()
        .map(|l| l.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        blanks,
        [
            "CELL-BLANK table3.results.unavailable.unclear_after_correction.natural_person",
            "CELL-BLANK table3.results.not_processed.duplicate.natural_person"
        ]
    );
}

/// Labels with typos and OCR slips (「其他法律行政止公开」, 「保护第三方合法杈益」, 「行政法复议」)
/// still find their rows, and `extract --locations` says how sure each match is.
#[test]
fn labels_with_slips_are_matched_and_say_how_sure() {
    assert_eq!(
        extract("fixtures/text/typos.txt"),
        extract("fixtures/xlsx/clean_2021.xlsx")
    );
    let (_, stdout, _) = nianbao(&["extract", "--locations", "fixtures/text/typos.txt"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    let labels = &doc["labels"];
    assert_eq!(
        labels["table3.results.withheld.prohibited_by_law"],
        serde_json::json!({"found": "其他法律行政止公开", "confidence": 0.75})
    );
    assert_eq!(
        labels["table3.results.withheld.third_party_rights"]["confidence"],
        0.9
    );
    assert_eq!(
        labels["table3.results.disclosed"],
        serde_json::json!({"found": "予以公开", "confidence": 1.0})
    );
}

/// A label as close to two statutory rows is never matched silently: the row is left out
/// and LABEL-AMBIGUOUS names both candidates.
#[test]
fn an_ambiguous_label_is_a_finding_not_a_guess() {
    let (code, json) = check_json(&["fixtures/text/ambiguous_label.txt"], &[]);
    assert_eq!(code, 0);
    let file = &json["files"][0];
    let lines = finding_lines(file);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("CELL-BLANK table3.results.withheld.enforcement_file"),
        "{lines:?}"
    );
    let ambiguous = &file["findings"][1];
    assert_eq!(ambiguous["rule"], "LABEL-AMBIGUOUS");
    let keys: Vec<&str> = ambiguous["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "table3.results.withheld.enforcement_file",
            "table3.results.withheld.inquiry_matter"
        ]
    );
}
