//! Regression tests, each named after what broke, on the files that broke it
//! (`fixtures/regressions/`, listed in fixtures/README.md), and the generated corpus
//! (`fixtures/corpus/`) checked against the truth its generator recorded.

mod common;

use std::collections::BTreeSet;

use common::{check_json, finding_lines, fixture};
use serde_json::Value;

fn errors(file: &Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap(),
                f["cells"][0]["address"].as_str().unwrap_or("")
            )
        })
        .collect()
}

fn check_one(name: &str) -> (i32, Value) {
    let (code, json) = check_json(&[&format!("fixtures/regressions/{name}")], &[]);
    (code, json["files"][0].clone())
}

/// An unfilled template sheet of zeros beside the filled report won the table search, and
/// the report's real error passed unseen.
#[test]
fn a_template_sheet_of_zeros_does_not_hide_the_filled_report() {
    let (code, file) = check_one("template_zeros.xlsx");
    assert_eq!(code, 1);
    assert_eq!(
        errors(&file),
        ["T3-BALANCE 年报!D44", "T3-COLUMN-SUM 年报!J21"]
    );
}

/// Last year's sheet in the same workbook lent its table 3 to this year's report.
#[test]
fn tables_are_read_together_from_the_titled_sheet() {
    let (_, file) = check_one("two_years.xlsx");
    assert_eq!(
        errors(&file),
        ["T3-BALANCE 2023年!D44", "T3-COLUMN-SUM 2023年!J21"]
    );
}

/// A table 4 left blank was reported missing, or read from the prose below it.
#[test]
fn a_blank_table_4_is_fifteen_blank_cells() {
    for name in ["t4_blank.xlsx", "t4_blank_then_prose.xlsx"] {
        let (code, file) = check_one(name);
        assert_eq!(code, 0, "{name}");
        // One CELL-BLANK for the table (issue 14: grouped from six blanks on), its fifteen
        // cells all on row 50.
        let findings = file["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{name}");
        assert_eq!(findings[0]["rule"], "CELL-BLANK");
        let cells = findings[0]["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 15, "{name}");
        assert!(
            cells
                .iter()
                .all(|c| c["key"].as_str().unwrap().starts_with("table4.")
                    && c["address"].as_str().unwrap().ends_with("50")),
            "{name}: {cells:?}"
        );
    }
}

/// Table 4 laid out one group a row was misread when its figures were text, or headed 合计.
#[test]
fn a_transposed_table_4_is_read_with_text_figures_and_a_heji_header() {
    for name in ["table4_transposed_text.xlsx", "table4_transposed_heji.xlsx"] {
        let (code, file) = check_one(name);
        assert_eq!((code, finding_lines(&file)), (0, vec![]), "{name}");
    }
}

/// A sheet of 5,000 look-alike anchor rows took seconds (and 60,000 took hours): the table
/// search now tries a few anchors over a bounded span. (Speed itself is the benchmark's.)
#[test]
fn many_anchor_rows_are_not_a_report() {
    let (_, file) = check_one("anchors_5k.xlsx");
    assert_eq!(
        finding_lines(&file),
        [
            "TABLE-MISSING table2",
            "TABLE-MISSING table3",
            "TABLE-MISSING table4"
        ]
    );
}

/// A 1 KB .ods declaring ~10^8 cells made calamine allocate gigabytes and abort the run.
#[test]
fn a_sparse_huge_ods_is_too_large_not_a_crash() {
    let (code, json) = check_json(
        &[
            "fixtures/regressions/sparse99m.ods",
            "fixtures/regressions/far.ods",
            "fixtures/xlsx/clean_2021.xlsx",
        ],
        &[],
    );
    assert_eq!(code, 2);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files[2]["status"], "pass", "the good file is still checked");
    for bad in &files[..2] {
        assert_eq!(bad["error"]["kind"], "too_large", "{bad}");
    }
}

/// 「5 1」 and 「5,1」 (two figures run together) were read as 51.
#[test]
fn split_digits_and_misplaced_commas_are_text() {
    for (name, raw) in [("merged_digits.xlsx", "5 1"), ("comma_digits.xlsx", "5,1")] {
        let (_, file) = check_one(name);
        let text: Vec<&Value> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "CELL-TEXT")
            .collect();
        assert_eq!(text.len(), 1, "{name}");
        assert_eq!(text[0]["cells"][0]["value"], raw);
        assert_eq!(text[0]["cells"][0]["address"], "Sheet1!E21");
    }
}

/// A count typed as 1-30 became a date, and was read as its serial number 45321.
#[test]
fn a_date_in_a_count_cell_is_text_as_the_clerk_sees_it() {
    let (_, file) = check_one("date_cell.xlsx");
    assert_eq!(file["findings"][0]["rule"], "CELL-TEXT");
    assert_eq!(file["findings"][0]["cells"][0]["value"], "2024-01-30");
}

/// 0.9999999 was shown as 1 in the CELL-COUNT message.
#[test]
fn cell_count_shows_the_exact_figure() {
    let (_, file) = check_one("near_int.xlsx");
    assert!(
        file["findings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("0.9999999"),
        "{file}"
    );
}

/// 1e308 and a 32,000-digit cell became infinity, and JSON printed `null` for numbers.
#[test]
fn figures_too_large_to_be_counts_are_text() {
    for name in ["huge.json", "long_digits.xlsx"] {
        let (_, file) = check_one(name);
        let rules: BTreeSet<&str> = file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, BTreeSet::from(["CELL-TEXT"]), "{name}");
        let message = file["findings"][0]["message"].as_str().unwrap();
        assert!(
            message.chars().count() < 120,
            "{name}: the raw text is shortened in messages"
        );
    }
}

/// `{"table2": {}, ...}` passed as a report with every cell blank.
#[test]
fn empty_json_tables_are_missing_tables() {
    let (code, file) = check_one("all_empty.json");
    assert_eq!(code, 1);
    assert_eq!(
        finding_lines(&file),
        [
            "TABLE-MISSING table2",
            "TABLE-MISSING table3",
            "TABLE-MISSING table4"
        ]
    );
}

/// Titles such as 「政府信息公开工作年度报告(2023年度)」 gave the title itself as the agency.
#[test]
fn agency_is_not_taken_from_the_title_words() {
    let (_, file) = check_one("title_0.xlsx");
    assert_eq!(
        (file["agency"].clone(), file["year"].clone()),
        (Value::Null, Value::from(2023))
    );
    let (_, file) = check_one("title_1.xlsx");
    assert_eq!(file["agency"], "临沭县人民政府办公室");
}

/// A folder with nothing to check exited 0 as if every report had passed.
#[test]
fn a_folder_without_reports_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("照片.png"), "PNG").unwrap();
    let (code, _, stderr) = common::nianbao(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有可检查的文件"), "{stderr}");
}

/// The generated corpus (varied layouts, JSON, one injected error in about a third of the
/// files): every file gives exactly the error rules its generator recorded, and the clean
/// ones no error at all.
#[test]
fn the_corpus_matches_its_recorded_truth() {
    let truth = std::fs::read_to_string(fixture("corpus/truth.jsonl")).unwrap();
    let (_, json) = check_json(&["fixtures/corpus"], &[]);
    let results: std::collections::BTreeMap<String, &Value> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("fixtures/corpus/")
                    .to_string(),
                f,
            )
        })
        .collect();
    let mut checked = 0;
    for line in truth.lines() {
        let expect: Value = serde_json::from_str(line).unwrap();
        let path = expect["path"].as_str().unwrap();
        let got = results
            .get(path)
            .unwrap_or_else(|| panic!("{path} not checked"));
        // The truth covers single-report rules; the cross-year ones are checked below.
        let rules = |v: &Value, severity: &str| -> BTreeSet<String> {
            v["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| {
                    f["severity"] == severity
                        && !f["rule"].as_str().unwrap().ends_with("-CONTINUITY")
                })
                .map(|f| f["rule"].as_str().unwrap().to_string())
                .collect()
        };
        let want: BTreeSet<String> = expect["expect_rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect();
        assert_eq!(rules(got, "error"), want, "{path}: {}", expect["injected"]);
        let warn: BTreeSet<String> = expect["expect_warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect();
        assert_eq!(rules(got, "warning"), warn, "{path}");
        assert_eq!(got["agency"], expect["agency"], "{path}");
        assert_eq!(got["year"], expect["year"], "{path}");
        checked += 1;
    }
    assert_eq!(checked, results.len());
    assert!(checked >= 100);

    // Consecutive years of one agency are paired from the folder: every broken carry-over is
    // one the generator injected into a carried row of one of the two years.
    let injected: std::collections::BTreeMap<String, String> = truth
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|t| {
            (
                format!("fixtures/corpus/{}", t["path"].as_str().unwrap()),
                t["injected"]["key"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut carries = 0;
    for file in json["files"].as_array().unwrap() {
        for f in file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "T3-CARRY-CONTINUITY")
        {
            let other = f["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find_map(|c| c["file"].as_str())
                .unwrap();
            let this = file["source"].as_str().unwrap();
            assert!(
                [this, other]
                    .iter()
                    .any(|p| injected[*p].starts_with("table3.carried_")),
                "{this} ~ {other}: {}",
                f["message"]
            );
            carries += 1;
        }
    }
    assert!(carries >= 3, "{carries}");
}

/// A 总计 left empty in ` | `-joined text lost its place: the row slid one column and every
/// sum of table 3 looked wrong. Now it is one blank cell, as in a spreadsheet.
#[test]
fn a_blank_total_in_joined_text_keeps_its_column() {
    let (_, file) = check_one("text_blank_total.txt");
    let lines = finding_lines(&file);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].starts_with("CELL-BLANK table3.new_received.total"),
        "{lines:?}"
    );
}

/// Word's `w:gridBefore` (a row that starts a few grid columns in) was ignored, shifting a
/// row of a clean report.
#[test]
fn word_rows_that_start_later_keep_their_columns() {
    let (code, file) = check_one("docx_grid_before.docx");
    assert_eq!((code, finding_lines(&file)), (0, vec![]));
}

/// A PDF named .txt was classified as "not a report" and exited 0. (Read as the PDF it is
/// since PDFs are read; this one is broken.)
#[test]
fn a_pdf_named_txt_is_unreadable() {
    let (code, file) = check_one("pdf_named.txt");
    assert_eq!(code, 2);
    assert_eq!(file["error"]["kind"], "format");
}

/// Escape sequences in a document reached the terminal.
#[test]
fn control_characters_never_reach_the_terminal() {
    let (_, stdout, _) =
        common::nianbao(&["check", "fixtures/regressions/text_escape_sequences.txt"]);
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
}

/// The agency of an opening sentence was cut to its first ending (袁州区 for 袁州区教育局).
#[test]
fn the_opening_sentence_gives_the_whole_agency() {
    let (_, file) = check_one("opening_bureau.txt");
    assert_eq!(file["agency"], "袁州区教育局");
}

/// When the later year's file sorted first, its cells were reported without their file, as
/// if they were the earlier report's.
#[test]
fn cross_year_cells_name_their_file_whichever_sorts_first() {
    let (code, json) = check_json(&["fixtures/regressions/years_later_first"], &[]);
    assert_eq!(code, 1);
    let files = json["files"].as_array().unwrap();
    let carry = files
        .iter()
        .flat_map(|f| f["findings"].as_array().unwrap())
        .find(|f| f["rule"] == "T3-CARRY-CONTINUITY")
        .unwrap();
    for cell in carry["cells"].as_array().unwrap() {
        let key = cell["key"].as_str().unwrap();
        let file = cell.get("file").and_then(Value::as_str);
        if key.contains("carried_over") {
            assert_eq!(
                file,
                Some("fixtures/regressions/years_later_first/a_2024.json"),
                "{carry}"
            );
        }
    }
}

/// `--previous` compared a report with another agency's, and doubled the findings when the
/// previous report was in the run too.
#[test]
fn previous_is_only_compared_with_the_same_agency_and_once() {
    let (code, json) = check_json(
        &["fixtures/regressions/other_agency_2024.json"],
        &["--previous", "fixtures/years/临沭县人民政府2023.json"],
    );
    assert_eq!(code, 0);
    // Not compared, and said (issue 13): a warning, not a silent pass.
    assert_eq!(
        finding_lines(&json["files"][0]),
        ["PREVIOUS-NOT-COMPARED -"]
    );
    let (_, json) = check_json(
        &["fixtures/years"],
        &["--previous", "fixtures/years/临沭县人民政府2023.json"],
    );
    let carries = json["files"][1]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "T3-CARRY-CONTINUITY")
        .count();
    assert_eq!(carries, 2);
}

/// Formulas saved without a computed value (openpyxl, export systems) read as blank: totals
/// "0", fourteen false arithmetic errors. Now each is a CELL-TEXT that shows the formula and
/// says to open and save the file; no sum is checked through it.
#[test]
fn formulas_without_a_computed_value_say_so() {
    let (code, file) = check_one("formulas_not_calculated.xlsx");
    assert_eq!(code, 1);
    let rules: BTreeSet<&str> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, BTreeSet::from(["CELL-TEXT"]));
    let j21 = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["cells"][0]["address"] == "Sheet1!J21")
        .unwrap();
    assert!(
        j21["cells"][0]["value"]
            .as_str()
            .unwrap()
            .starts_with("=SUM(D21:I21)(公式未计算"),
        "{j21}"
    );
}
