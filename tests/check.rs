//! `nianbao check` on the fixtures: every clean layout passes, every rule fixture gives
//! exactly its findings, bad inputs are unreadable with exit 2, and the exit policy holds.

mod common;

use common::{check_json, finding_lines, nianbao};

/// Every clean report, in every format and layout a clerk saves, passes with no finding.
#[test]
fn clean_reports_pass_in_every_layout_and_format() {
    let cases = [
        ("xlsx/clean_2021.xlsx", "2021", 2023),
        ("xlsx/clean_2019.xlsx", "2019", 2020),
        ("xlsx/layout_offset_merged.xlsx", "2021", 2023),
        ("xlsx/text_numbers.xlsx", "2021", 2023),
        ("xlsx/three_sheets.xlsx", "2021", 2023),
        ("xls/clean_2021.xls", "2021", 2023),
        ("xls/clean_2019.xls", "2019", 2020),
        ("xls/text_numbers.xls", "2021", 2023),
        ("ods/clean_2021.ods", "2021", 2023),
        ("ods/layout_offset_merged.ods", "2021", 2023),
        ("json/clean_2021.json", "2021", 2023),
        ("json/clean_2019.json", "2019", 2020),
    ];
    for (file, edition, year) in cases {
        let path = format!("fixtures/{file}");
        let (code, json) = check_json(&[&path], &[]);
        let result = &json["files"][0];
        assert_eq!(code, 0, "{file}: {result:#}");
        assert_eq!(result["status"], "pass", "{file}");
        assert_eq!(finding_lines(result), Vec::<String>::new(), "{file}");
        assert_eq!(result["edition"], edition, "{file}");
        assert_eq!(result["year"], year, "{file}");
        assert_eq!(result["agency"], "临沭县人民政府", "{file}");
    }
}

/// Each rule fixture breaks its rule at the cells its README names, and nothing else.
#[test]
fn each_rule_fixture_gives_exactly_its_findings() {
    let cases: &[(&str, i32, &[&str])] = &[
        (
            "xlsx/rule_t3_balance.xlsx",
            1,
            &[
                "T3-BALANCE table3.results.total.natural_person @Sheet1!D44 expected=32 actual=34 difference=2",
                "T3-BALANCE table3.results.total.total @Sheet1!J44 expected=42 actual=44 difference=2",
            ],
        ),
        (
            "json/rule_t3_balance.json",
            1,
            &[
                "T3-BALANCE table3.results.total.natural_person expected=32 actual=34 difference=2",
                "T3-BALANCE table3.results.total.total expected=42 actual=44 difference=2",
            ],
        ),
        (
            "xlsx/rule_t3_results_sum.xlsx",
            1,
            &[
                "T3-BALANCE table3.results.total.research @Sheet1!F44 expected=1 actual=2 difference=1",
                "T3-BALANCE table3.results.total.total @Sheet1!J44 expected=42 actual=43 difference=1",
                "T3-RESULTS-SUM table3.results.total.research @Sheet1!F44 expected=1 actual=2 difference=1",
                "T3-RESULTS-SUM table3.results.total.total @Sheet1!J44 expected=39 actual=40 difference=1",
            ],
        ),
        (
            "xlsx/rule_t3_column_sum.xlsx",
            1,
            &[
                "T3-BALANCE table3.results.total.total @Sheet1!J44 expected=41 actual=42 difference=1",
                "T3-COLUMN-SUM table3.new_received.total @Sheet1!J21 expected=39 actual=38 difference=-1",
            ],
        ),
        (
            "xlsx/rule_t4_group_sum.xlsx",
            1,
            &["T4-GROUP-SUM table4.review.total @Sheet1!E50 expected=4 actual=5 difference=1"],
        ),
        (
            "xlsx/rule_cell_count.xlsx",
            1,
            &[
                "CELL-COUNT table2.penalty.decisions @Sheet1!B12",
                "CELL-COUNT table4.litigation_direct.pending @Sheet1!I50",
                "CELL-COUNT table4.litigation_direct.total @Sheet1!J50",
            ],
        ),
        (
            "xlsx/rule_cell_blank.xlsx",
            0,
            &[
                "CELL-BLANK table3.new_received.social_welfare @Sheet1!G21",
                "CELL-BLANK table3.results.withheld.inquiry_matter.natural_person @Sheet1!D32",
                "CELL-BLANK table4.litigation_after_review.upheld @Sheet1!K50",
            ],
        ),
        (
            "json/strings.json",
            0,
            &[
                "CELL-BLANK table3.results.withheld.prohibited_by_law.total",
                "CELL-BLANK table4.litigation_after_review.pending",
            ],
        ),
        (
            "xlsx/rule_cell_text.xlsx",
            1,
            &[
                "CELL-TEXT table2.licensing.decisions @Sheet1!B9",
                "CELL-TEXT table3.results.disclosed.commercial @Sheet1!E23",
            ],
        ),
        (
            "xlsx/rule_edition_mismatch.xlsx",
            1,
            &["EDITION-MISMATCH table2"],
        ),
        (
            "xlsx/rule_edition_mixed.xlsx",
            1,
            &["EDITION-MISMATCH table3"],
        ),
        ("xlsx/rule_table_missing.xlsx", 1, &["TABLE-MISSING table4"]),
    ];
    for (file, exit, expected) in cases {
        let path = format!("fixtures/{file}");
        let (code, json) = check_json(&[&path], &[]);
        let result = &json["files"][0];
        assert_eq!(finding_lines(result), *expected, "{file}");
        assert_eq!(code, *exit, "{file}");
        assert_eq!(
            result["status"],
            if *exit == 0 { "pass" } else { "fail" },
            "{file}"
        );
    }
}

#[test]
fn findings_carry_values_and_messages() {
    let (_, json) = check_json(&["fixtures/xlsx/rule_cell_text.xlsx"], &[]);
    let finding = &json["files"][0]["findings"][1];
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["cells"][0]["value"], "三", "the raw text is kept");
    assert_eq!(
        finding["message"],
        "表三「(一)予以公开/商业企业」 (Sheet1!E23)应为数字,实为文字「三」;涉及此格的求和未检查"
    );
    let (_, json) = check_json(&["fixtures/xlsx/rule_cell_text.xlsx"], &["--lang", "en"]);
    assert_eq!(
        json["files"][0]["findings"][1]["message"],
        "Table 3 “disclosed / commercial enterprises” (Sheet1!E23) should be a number, but holds the text “三”; sums over it were not checked"
    );
}

#[test]
fn mixed_editions_name_both_tables() {
    let (_, json) = check_json(&["fixtures/xlsx/rule_edition_mismatch.xlsx"], &[]);
    let f = &json["files"][0]["findings"][0];
    assert_eq!(f["cells"].as_array().unwrap().len(), 2);
    assert_eq!(
        f["message"],
        "2023年度报告应使用2021版表格(国办公开办函〔2021〕30号),但表二栏目为2019版、表三「(六)其他处理」的分项为2019版"
    );
}

/// Bad inputs: one clear error each, naming what went wrong; exit 2; never a panic.
#[test]
fn unreadable_inputs_exit_2_with_a_clear_error() {
    let cases = [
        (
            "bad/not_a_spreadsheet.xlsx",
            "unsupported",
            "不是电子表格、网页、Word 文档或 JSON",
        ),
        ("bad/truncated.xlsx", "format", "不是可读的电子表格"),
        ("bad/empty.xlsx", "empty", "工作簿中没有任何内容"),
        (
            "bad/no_tables.xlsx",
            "no_tables",
            "工作表 「Sheet1」 中没有年度报告的法定表格",
        ),
        (
            "json/bad_syntax.json",
            "json",
            "JSON 语法错误,第 40 行第 2 列",
        ),
        (
            "json/bad_type.json",
            "schema",
            "/table3/new_received/total:应为 数字、null(空白)或字符串(单元格原文),实为 对象",
        ),
        (
            "json/unknown_key.json",
            "schema",
            "/table3/results_total:未知的键",
        ),
    ];
    for (file, kind, message) in cases {
        let path = format!("fixtures/{file}");
        let (code, json) = check_json(&[&path], &[]);
        let result = &json["files"][0];
        assert_eq!(code, 2, "{file}");
        assert_eq!(result["status"], "unreadable", "{file}");
        assert_eq!(result["error"]["kind"], kind, "{file}");
        let got = result["error"]["message"].as_str().unwrap();
        assert!(got.contains(message), "{file}: {got}");
    }
    let (code, json) = check_json(&["fixtures/json/bad_type.json"], &["--lang", "en"]);
    assert_eq!(code, 2);
    assert_eq!(
        json["files"][0]["error"]["location"],
        "/table3/new_received/total"
    );
    assert_eq!(
        json["files"][0]["error"]["message"],
        "/table3/new_received/total: expected a number, null (blank) or a string (the raw text of the cell), found an object"
    );
}

#[test]
fn a_missing_file_is_unreadable_not_a_crash() {
    let (code, json) = check_json(&["fixtures/no/such/file.xlsx"], &[]);
    assert_eq!(code, 2);
    assert_eq!(json["files"][0]["error"]["kind"], "io");
}

/// One unreadable file makes the run exit 2, but every other file is still checked.
#[test]
fn other_files_are_checked_when_one_is_unreadable() {
    let (code, json) = check_json(
        &[
            "fixtures/xlsx/rule_t4_group_sum.xlsx",
            "fixtures/bad/truncated.xlsx",
            "fixtures/xlsx/clean_2021.xlsx",
        ],
        &[],
    );
    assert_eq!(code, 2);
    let statuses: Vec<&str> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    // Sorted by path, whatever order they were given in.
    assert_eq!(statuses, ["unreadable", "pass", "fail"]);
    assert_eq!(
        json["summary"],
        serde_json::json!({"files": 3, "passed": 1, "failed": 1, "unreadable": 1, "not_a_report": 0, "errors": 1, "warnings": 0})
    );
}

#[test]
fn warnings_pass_unless_fail_on_warning() {
    let (code, json) = check_json(&["fixtures/xlsx/rule_cell_blank.xlsx"], &[]);
    assert_eq!(code, 0);
    assert_eq!(json["summary"]["warnings"], 3);
    let (code, _) = check_json(
        &["fixtures/xlsx/rule_cell_blank.xlsx"],
        &["--fail-on", "warning"],
    );
    assert_eq!(code, 1);
}

/// `--year` replaces the title's year: 2019-edition tables for 2021 are the wrong edition.
#[test]
fn agency_and_year_flags_override_the_title() {
    let (code, json) = check_json(
        &["fixtures/xlsx/clean_2019.xlsx"],
        &["--year", "2021", "--agency", "某某局"],
    );
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(file["agency"], "某某局");
    assert_eq!(file["year"], 2021);
    assert_eq!(finding_lines(file), ["EDITION-MISMATCH table2"]);
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, stderr) = nianbao(&["check"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = nianbao(&["check", "--format", "yaml", "fixtures/json/clean_2021.json"]);
    assert_eq!(code, 2);
    let (code, _, _) = nianbao(&["check", "--year", "twenty", "fixtures/json/clean_2021.json"]);
    assert_eq!(code, 2);
}

/// The same input gives the same output byte for byte.
#[test]
fn output_is_deterministic() {
    let mut args = vec!["check".to_string(), "--format".into(), "json".into()];
    args.extend(
        std::fs::read_dir(common::fixture("xlsx"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
            .map(|p| p.display().to_string()),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let first = nianbao(&args);
    let second = nianbao(&args);
    assert_eq!(first.1, second.1);
    assert!(first.1.len() > 1000);
}

/// Checking never writes to the inputs.
#[test]
fn inputs_are_left_untouched() {
    let files = [
        "xlsx/rule_t3_balance.xlsx",
        "xls/clean_2021.xls",
        "ods/clean_2021.ods",
        "json/strings.json",
    ];
    let before: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(common::fixture(f)).unwrap())
        .collect();
    let paths: Vec<String> = files.iter().map(|f| format!("fixtures/{f}")).collect();
    let mut args = vec!["check"];
    args.extend(paths.iter().map(String::as_str));
    nianbao(&args);
    let after: Vec<Vec<u8>> = files
        .iter()
        .map(|f| std::fs::read(common::fixture(f)).unwrap())
        .collect();
    assert!(before == after);
}
