//! Totals that are SUM formulas (issue 14, point 4): a typo in a leaf is traced through the
//! computed totals to the input cells that could be wrong, and a SUM over the wrong cells
//! is a finding of its own (FORMULA-RANGE). The fixtures were written by
//! `examples/make_formula_fixtures.rs` and re-saved by LibreOffice (fixtures/README.md).

mod common;

use common::check_json;
use serde_json::Value;

fn findings(file: &Value) -> &Vec<Value> {
    file["findings"].as_array().expect("findings")
}

#[test]
fn a_correct_formula_workbook_passes() {
    let (code, json) = check_json(&["fixtures/xlsx/formulas/sum_formulas.xlsx"], &[]);
    let file = &json["files"][0];
    assert_eq!(file["status"], "pass", "{file}");
    assert!(findings(file).is_empty(), "{file}");
    assert_eq!(code, 0);
}

#[test]
fn a_leaf_typo_under_formula_totals_names_the_input_cells() {
    let (_, json) = check_json(&["fixtures/xlsx/formulas/sum_formulas_leaf_typo.xlsx"], &[]);
    let file = &json["files"][0];
    let rules: Vec<&str> = findings(file)
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["T3-BALANCE", "T3-BALANCE"], "{file}");
    for f in findings(file) {
        let s = &f["suggestion"];
        assert_eq!(s["kind"], "formula_inputs", "{f}");
        assert_eq!(s["explains"], 2);
        assert_eq!(
            s["message"],
            "合计是公式计算的:要消除这 2 项错误,应改输入单元格 D21 或 D22 之一(应加 2),或 D23、D24、D28、D33 或 D45 之一(应减 2)"
        );
        let cells: Vec<(&str, &str, f64)> = s["cells"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["key"].as_str().unwrap(),
                    c["address"].as_str().unwrap(),
                    c["suggested"].as_f64().unwrap(),
                )
            })
            .collect();
        // The typo (4 typed as 6) is among them, with its true value; no total is named.
        assert!(
            cells.contains(&(
                "table3.results.partially_disclosed.natural_person",
                "Sheet1!D24",
                4.0
            )),
            "{cells:?}"
        );
        assert!(
            cells
                .iter()
                .all(|c| !c.0.ends_with(".total") && !c.0.contains("results.total"))
        );
        assert_eq!(cells.len(), 7);
    }
}

#[test]
fn a_sum_that_misses_rows_is_formula_range() {
    let (_, json) = check_json(
        &["fixtures/xlsx/formulas/sum_formulas_missing_row.xlsx"],
        &[],
    );
    let file = &json["files"][0];
    let range: Vec<&Value> = findings(file)
        .iter()
        .filter(|f| f["rule"] == "FORMULA-RANGE")
        .collect();
    assert_eq!(range.len(), 1, "{file}");
    let f = range[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["cells"][0]["key"], "table3.results.total.natural_person");
    assert_eq!(f["cells"][0]["address"], "Sheet1!D44");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.starts_with("表三「(七)总计/自然人」 (Sheet1!D44)的公式「=SUM(D23:D40)」漏了 D41("),
        "{message}"
    );
    assert!(
        message.ends_with(";按勾稽关系应为 D23:D43 之和"),
        "{message}"
    );
    let missing: Vec<&str> = f["cells"].as_array().unwrap()[1..]
        .iter()
        .map(|c| c["address"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["Sheet1!D41", "Sheet1!D42", "Sheet1!D43"]);
}

#[test]
fn formula_range_speaks_english_too() {
    let (_, json) = check_json(
        &["fixtures/xlsx/formulas/sum_formulas_missing_row.xlsx"],
        &["--lang", "en"],
    );
    let file = &json["files"][0];
    let f = findings(file)
        .iter()
        .find(|f| f["rule"] == "FORMULA-RANGE")
        .expect("FORMULA-RANGE");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("“=SUM(D23:D40)”, which leaves out D41"),
        "{message}"
    );
    assert!(message.ends_with("the sum of D23:D43"), "{message}");
}

/// A total whose formula leaves out a row is fixed in its formula: no suggestion types a
/// figure over it (issue 14 review).
#[test]
fn no_suggestion_types_a_figure_over_a_formula() {
    let (_, json) = common::check_json(
        &["fixtures/xlsx/formulas/sum_formulas_missing_row.xlsx"],
        &[],
    );
    for f in json["files"][0]["findings"].as_array().unwrap() {
        if let Some(cells) = f["suggestion"]["cells"].as_array() {
            for c in cells {
                assert_ne!(
                    c["key"], "table3.results.total.natural_person",
                    "a suggestion overwrites the formula: {f}"
                );
            }
        }
    }
}
