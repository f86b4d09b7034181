//! Layouts clerks and provinces really use, different from the official template: each
//! `fixtures/xlsx/layouts/NAME.xlsx` has a `NAME.expected.json` (written by
//! `cargo run --example make_layout_variants`) with the address and value of every cell; the
//! reader must find every one of them, by label, at exactly that address.

mod common;

use common::{check_json, finding_lines, fixture, nianbao};
use nianbao::labels::parse_number_text;
use nianbao::model::Value as CellValue;
use serde_json::Value;

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match parse_number_text(s) {
            CellValue::Number(n) => Some(n.0),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn every_layout_variant_is_read_cell_for_cell() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixture("xlsx/layouts")).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .strip_suffix(".expected.json")
        else {
            continue;
        };
        let expected: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let file = format!("fixtures/xlsx/layouts/{name}.xlsx");
        let (code, stdout, stderr) = nianbao(&["extract", "--locations", &file]);
        assert_eq!(code, 0, "{name}: {stderr}");
        let got: Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(got["agency"], expected["agency"], "{name}: agency");
        assert_eq!(got["year"], expected["year"], "{name}: year");
        for (key, cell) in expected["cells"].as_object().unwrap() {
            let address = &got["locations"][key];
            assert_eq!(
                address, &cell["addr"],
                "{name}: {key} read from the wrong cell"
            );
            let value = key
                .split('.')
                .try_fold(&got, |v, k| v.get(k))
                .unwrap_or(&Value::Null);
            assert_eq!(number(value), cell["v"].as_f64(), "{name}: {key} = {value}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} layout variants found");
}

#[test]
fn layout_variants_pass_or_fail_as_they_should() {
    for name in [
        "wps_style",
        "labels_one_column",
        "extra_blank_columns",
        "split_header_text",
        "all_text_cells",
        "tables_out_of_order_sheets",
        "table4_with_label_column",
        "table4_vertical_headers",
        "table4_transposed",
        "no_title_metadata",
        "org_header_repeated",
        "serial_number_column",
        "formula_totals",
        "title_niandu",
        "t3_header_heji",
        "qita_variant_char",
        "prose_above_tables",
        "t3_results_total_heji",
        "unfilled_template_sheet_first",
        "instructions_sheet_first",
        "title_year_first",
        "title_two_lines",
    ] {
        let (code, json) = check_json(&[&format!("fixtures/xlsx/layouts/{name}.xlsx")], &[]);
        assert_eq!(
            finding_lines(&json["files"][0]),
            Vec::<String>::new(),
            "{name}"
        );
        assert_eq!(code, 0, "{name}");
    }
}

/// One wrong figure in a non-standard layout is found at its own address.
#[test]
fn an_injected_error_is_found_at_its_cell_in_a_wps_layout() {
    let (code, json) = check_json(&["fixtures/xlsx/layouts/inject_one_error.xlsx"], &[]);
    assert_eq!(code, 1);
    assert_eq!(
        finding_lines(&json["files"][0]),
        [
            "T3-COLUMN-SUM table3.results.disclosed.total @附件2!K24 expected=26 actual=17 difference=-9",
            "T3-RESULTS-SUM table3.results.total.natural_person @附件2!E45 expected=38 actual=29 difference=-9",
        ]
    );
    for finding in json["files"][0]["findings"].as_array().unwrap() {
        let cells = finding["cells"].as_array().unwrap();
        assert!(
            cells
                .iter()
                .any(|c| c["address"] == "附件2!E24" && c["value"] == 21)
        );
    }
}

#[test]
fn metadata_flags_fill_in_a_report_without_a_title() {
    let (_, json) = check_json(
        &["fixtures/xlsx/layouts/no_title_metadata.xlsx"],
        &["--agency", "某某局", "--year", "2020"],
    );
    let file = &json["files"][0];
    assert_eq!(file["agency"], "某某局");
    assert_eq!(finding_lines(file), ["EDITION-MISMATCH table2"]);
}
