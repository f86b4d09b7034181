//! Snapshots of the human output: what a clerk reads, in Chinese and English, at 80 columns.
//! Review changes with `cargo insta review` (or INSTA_UPDATE=always and read the diff).

mod common;

use common::nianbao;

fn human(args: &[&str]) -> String {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let (_, stdout, stderr) = nianbao(&all);
    assert!(stderr.is_empty(), "{stderr}");
    stdout
}

#[test]
fn clean_report_zh() {
    insta::assert_snapshot!(human(&["fixtures/xlsx/clean_2021.xlsx"]));
}

#[test]
fn balance_failure_zh() {
    insta::assert_snapshot!(human(&["fixtures/xlsx/rule_t3_balance.xlsx"]));
}

#[test]
fn balance_failure_en() {
    insta::assert_snapshot!(human(&[
        "--lang",
        "en",
        "fixtures/xlsx/rule_t3_balance.xlsx"
    ]));
}

#[test]
fn column_sum_failure_ascii() {
    insta::assert_snapshot!(human(&["--ascii", "fixtures/xlsx/rule_t3_column_sum.xlsx"]));
}

#[test]
fn warnings_and_text_cells_zh() {
    insta::assert_snapshot!(human(&[
        "fixtures/xlsx/rule_cell_blank.xlsx",
        "fixtures/xlsx/rule_cell_text.xlsx"
    ]));
}

#[test]
fn json_input_findings_en() {
    insta::assert_snapshot!(human(&["--lang", "en", "fixtures/json/strings.json"]));
}

#[test]
fn several_files_with_an_unreadable_one_zh() {
    insta::assert_snapshot!(human(&[
        "fixtures/xlsx/rule_t4_group_sum.xlsx",
        "fixtures/bad/no_tables.xlsx",
        "fixtures/xlsx/rule_edition_mismatch.xlsx",
        "fixtures/xlsx/clean_2019.xlsx",
    ]));
}

#[test]
fn rules_table_zh() {
    let (_, stdout, _) = nianbao(&["rules"]);
    insta::assert_snapshot!(stdout);
}

/// Every line of the human output fits an 80-column terminal, counting CJK characters as
/// two columns.
#[test]
fn human_output_fits_80_columns() {
    let out = human(&[
        "fixtures/xlsx/rule_t3_results_sum.xlsx",
        "fixtures/xlsx/rule_cell_count.xlsx",
        "fixtures/xlsx/rule_edition_mismatch.xlsx",
        "fixtures/json/rule_t3_balance.json",
    ]);
    for line in out.lines() {
        let width: usize = line
            .chars()
            .map(|c| {
                if (c as u32) >= 0x1100 && !('\u{2500}'..='\u{257F}').contains(&c) {
                    2
                } else {
                    1
                }
            })
            .sum();
        assert!(width <= 80, "{width} columns: {line}");
    }
}

#[test]
fn explain_zh() {
    let (_, stdout, _) = nianbao(&["explain", "T3-BALANCE"]);
    insta::assert_snapshot!(stdout);
}

#[test]
fn explain_en() {
    let (_, stdout, _) = nianbao(&["explain", "--lang", "en", "CELL-TEXT"]);
    insta::assert_snapshot!(stdout);
}
