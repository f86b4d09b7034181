//! `extract` and `schema`: what was read prints as canonical JSON that validates against the
//! committed schema, and checking that JSON gives the same findings as the spreadsheet.

mod common;

use common::{check_json, finding_lines_without_addresses, fixture, nianbao};
use serde_json::Value;

fn schema() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(fixture("../schemas/report.schema.json")).unwrap(),
    )
    .unwrap()
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let (code, stdout, _) = nianbao(&["schema"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string(fixture("../schemas/report.schema.json")).unwrap();
    assert_eq!(
        stdout, committed,
        "regenerate with: cargo run -- schema > schemas/report.schema.json"
    );
}

#[test]
fn json_fixtures_that_should_validate_do_and_bad_ones_do_not() {
    let validator = jsonschema::draft202012::new(&schema()).expect("schema compiles");
    for good in ["clean_2021", "clean_2019", "rule_t3_balance", "strings"] {
        let doc: Value = serde_json::from_str(
            &std::fs::read_to_string(fixture(&format!("json/{good}.json"))).unwrap(),
        )
        .unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{good}: {errors:?}");
    }
    for bad in ["bad_type", "unknown_key"] {
        let doc: Value = serde_json::from_str(
            &std::fs::read_to_string(fixture(&format!("json/{bad}.json"))).unwrap(),
        )
        .unwrap();
        assert!(!validator.is_valid(&doc), "{bad} should not validate");
    }
}

/// Extract every spreadsheet fixture, validate the JSON, check it, and compare the findings
/// with checking the spreadsheet itself (addresses aside: JSON has none).
#[test]
fn extract_round_trips_to_the_same_findings() {
    let validator = jsonschema::draft202012::new(&schema()).expect("schema compiles");
    let dir = tempfile::tempdir().unwrap();
    let files = [
        "xlsx/clean_2021.xlsx",
        "xlsx/clean_2019.xlsx",
        "xlsx/text_numbers.xlsx",
        "xlsx/three_sheets.xlsx",
        "xlsx/rule_t3_balance.xlsx",
        "xlsx/rule_t3_results_sum.xlsx",
        "xlsx/rule_t3_column_sum.xlsx",
        "xlsx/rule_t4_group_sum.xlsx",
        "xlsx/rule_cell_count.xlsx",
        "xlsx/rule_cell_blank.xlsx",
        "xlsx/rule_cell_text.xlsx",
        "xlsx/rule_edition_mismatch.xlsx",
        "xlsx/rule_edition_mixed.xlsx",
        "xlsx/rule_table_missing.xlsx",
        "xls/clean_2021.xls",
        "ods/layout_offset_merged.ods",
    ];
    for file in files {
        let (code, stdout, stderr) = nianbao(&["extract", &format!("fixtures/{file}")]);
        assert_eq!(code, 0, "{file}: {stderr}");
        let doc: Value = serde_json::from_str(&stdout).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{file}: {errors:?}");
        let json_path = dir.path().join(file.replace('/', "_") + ".json");
        std::fs::write(&json_path, &stdout).unwrap();

        let (_, from_sheet) = check_json(&[&format!("fixtures/{file}")], &[]);
        let (_, from_json) = check_json(&[json_path.to_str().unwrap()], &[]);
        assert_eq!(
            finding_lines_without_addresses(&from_sheet["files"][0]),
            finding_lines_without_addresses(&from_json["files"][0]),
            "{file}"
        );
    }
}

#[test]
fn extract_shows_raw_text_and_blanks_as_found() {
    let (_, stdout, _) = nianbao(&["extract", "fixtures/xlsx/text_numbers.xlsx"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["agency"], "临沭县人民政府");
    assert_eq!(doc["year"], 2023);
    assert_eq!(doc["edition"], "2021");
    assert_eq!(doc["source"]["sheets"], serde_json::json!(["Sheet1"]));
    assert_eq!(doc["table3"]["new_received"]["natural_person"], "３０");
    assert_eq!(
        doc["table2"]["normative_documents"]["in_force"],
        "45（其中修订16件）"
    );
    assert_eq!(doc["table2"]["fees"]["amount"], "１２．５");
    assert_eq!(doc["table3"]["carried_over"]["natural_person"], 2);

    let (_, stdout, _) = nianbao(&["extract", "fixtures/xlsx/rule_cell_blank.xlsx"]);
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["table3"]["new_received"]["social_welfare"], Value::Null);
    assert_eq!(doc["table4"]["litigation_after_review"]["upheld"], "/");
}

#[test]
fn extract_reports_unreadable_input_on_stderr_with_exit_2() {
    let (code, stdout, stderr) = nianbao(&["extract", "fixtures/bad/no_tables.xlsx"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("fixtures/bad/no_tables.xlsx"), "{stderr}");
    assert!(stderr.contains("没有年度报告的法定表格"), "{stderr}");
}

#[test]
fn rules_lists_every_rule_in_both_formats() {
    let (code, stdout, _) = nianbao(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rules: Value = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<&str> = rules
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "T3-BALANCE",
            "T3-RESULTS-SUM",
            "T3-COLUMN-SUM",
            "T4-GROUP-SUM",
            "FORMULA-RANGE",
            "CELL-COUNT",
            "CELL-BLANK",
            "CELL-TEXT",
            "EDITION-MISMATCH",
            "TABLE-MISSING",
            "LABEL-AMBIGUOUS",
            "TEXT-DIGITS-SPLIT",
            "TEXT-DIGITS-AMBIGUOUS",
            "TEXT-ROWS-UNREAD",
            "PROSE-SUM",
            "PROSE-TABLE",
            "T2-TOWN-REGULATIONS",
            "CITES-SUPERSEDED-FORMAT",
            "T3-CARRY-CONTINUITY",
            "T2-IN-FORCE-CONTINUITY",
            "PREVIOUS-NOT-COMPARED"
        ]
    );
    for rule in rules.as_array().unwrap() {
        for field in [
            "severity",
            "summary_zh",
            "summary_en",
            "basis_zh",
            "basis_en",
            "message_zh",
            "message_en",
        ] {
            assert!(
                rule[field].as_str().is_some_and(|s| !s.is_empty()),
                "{} lacks {field}",
                rule["id"]
            );
        }
    }
    let (_, table, _) = nianbao(&["rules", "--lang", "en"]);
    assert!(
        table.contains("T3-BALANCE")
            && table.contains("Severity")
            && table.contains("carried forward"),
        "{table}"
    );
}

/// The README's rule table is the registry's, not a copy that can drift.
#[test]
fn readme_rule_table_is_generated_from_the_registry() {
    let (_, table, _) = nianbao(&["rules", "--format", "markdown"]);
    let readme = std::fs::read_to_string(fixture("../README.md")).unwrap();
    assert!(
        readme.contains(&table),
        "update README.md with `nianbao rules --format markdown`"
    );
}
