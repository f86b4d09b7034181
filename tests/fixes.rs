//! Helping the clerk fix it (issue 6): the likely fix is named on the findings it explains,
//! in every output format, and nothing is claimed where no single slip explains them.

mod common;

use common::{check_json, finding_lines_without_addresses, nianbao};
use serde_json::Value;

fn suggestions(file: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.get("suggestion").cloned())
        .collect();
    out.dedup();
    out
}

#[test]
fn one_wrong_total_is_named_with_its_value() {
    let (_, json) = check_json(&["fixtures/xlsx/rule_t3_column_sum.xlsx"], &[]);
    let file = &json["files"][0];
    // Both findings it explains carry the same suggestion; the findings are unchanged.
    assert!(
        file["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f.get("suggestion").is_some())
    );
    let s = suggestions(file);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0]["kind"], "single_cell");
    assert_eq!(s[0]["explains"], 2);
    assert_eq!(
        s[0]["cells"],
        serde_json::json!([{"key": "table3.new_received.total", "address": "Sheet1!J21", "value": 38, "suggested": 39}])
    );
    assert_eq!(
        s[0]["message"],
        "建议:Sheet1!J21(一、本年新收政府信息公开申请数量/总计)应为 39(现为 38),可同时消除 2 项错误"
    );
}

#[test]
fn swapped_digits_in_a_wps_layout_are_named() {
    let (_, json) = check_json(
        &["fixtures/xlsx/layouts/inject_one_error.xlsx"],
        &["--lang", "en"],
    );
    let s = suggestions(&json["files"][0]);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0]["kind"], "digit_swap");
    assert_eq!(s[0]["cells"][0]["address"], "附件2!E24");
    assert_eq!(s[0]["cells"][0]["suggested"], 12);
    assert_eq!(
        s[0]["message"],
        "suggestion: 附件2!E24 (disclosed / natural persons) should be 12 (it is 21), its digits seem swapped; this clears 2 error(s)"
    );
}

/// A lone failing sum has as many candidates as operands: they are listed, none is picked.
#[test]
fn a_lone_failing_sum_lists_candidates() {
    let (_, json) = check_json(&["fixtures/xlsx/rule_t4_group_sum.xlsx"], &[]);
    let s = suggestions(&json["files"][0]);
    assert_eq!(s[0]["kind"], "candidates");
    let addresses: Vec<&str> = s[0]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["address"].as_str().unwrap())
        .collect();
    assert_eq!(
        addresses,
        [
            "Sheet1!A50",
            "Sheet1!B50",
            "Sheet1!C50",
            "Sheet1!D50",
            "Sheet1!E50"
        ]
    );
    assert!(
        s[0]["cells"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c.get("suggested").is_none())
    );
}

/// Two wrong cells (carried_forward 自然人 and 总计 both 3 → 5): no single cell explains
/// them, and nothing is claimed.
#[test]
fn two_wrong_cells_get_no_single_cell_claim() {
    let (_, json) = check_json(&["fixtures/xlsx/rule_t3_balance.xlsx"], &[]);
    assert_eq!(suggestions(&json["files"][0]), Vec::<Value>::new());
}

#[test]
fn suggestions_appear_in_every_format() {
    let file = "fixtures/xlsx/rule_t3_column_sum.xlsx";
    let (_, table, _) = nianbao(&["check", file]);
    assert!(table.contains("建议:Sheet1!J21"), "{table}");
    let (_, csv, _) = nianbao(&["check", "--format", "csv", file]);
    assert!(csv.lines().next().unwrap().ends_with(",suggestion"));
    assert!(csv.contains("应为 39(现为 38)"));
    let (_, github, _) = nianbao(&["check", "--format", "github", file]);
    assert!(github.contains("%0A建议:Sheet1!J21"), "{github}");
    let (_, junit, _) = nianbao(&["check", "--format", "junit", file]);
    assert!(junit.contains("建议:Sheet1!J21"));
    let (_, sarif, _) = nianbao(&["check", "--format", "sarif", file]);
    let sarif: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["properties"]["suggestion"]["cells"][0]["suggested"],
        39
    );
    let (_, jsonl, _) = nianbao(&["check", "--format", "jsonl", file]);
    assert!(jsonl.contains("\"suggestion\""));
}

#[test]
fn explain_describes_every_rule_in_both_languages() {
    for rule in nianbao::rules::RULES {
        for lang in ["zh", "en"] {
            let (code, out, _) = nianbao(&["explain", &rule.id.to_lowercase(), "--lang", lang]);
            assert_eq!(code, 0, "{} {lang}", rule.id);
            assert!(out.starts_with(rule.id), "{out}");
            let example = if lang == "zh" {
                rule.example_zh
            } else {
                rule.example_en
            };
            let first_words: String = example.chars().take(8).collect();
            assert!(out.contains(&first_words), "{} {lang}: {out}", rule.id);
        }
    }
    let (code, _, stderr) = nianbao(&["explain", "NO-SUCH-RULE"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("T3-BALANCE"), "{stderr}");
}

/// The official template of each edition reads back as a clean report, with the agency and
/// year of its title, and carries a red-when-wrong rule on every total.
#[test]
fn templates_of_both_editions_read_back_clean() {
    let dir = tempfile::tempdir().unwrap();
    for (edition, year) in [("2021", "2024"), ("2019", "2020")] {
        let path = dir.path().join(format!("模板{edition}.xlsx"));
        let path_str = path.to_str().unwrap();
        let (code, _, stderr) = nianbao(&[
            "template",
            "--edition",
            edition,
            "--agency",
            "某某县人民政府",
            "--year",
            year,
            "-o",
            path_str,
        ]);
        assert_eq!(code, 0, "{stderr}");
        let (code, json) = check_json(&[path_str], &[]);
        let file = &json["files"][0];
        assert_eq!(code, 0, "{edition}: {file}");
        assert_eq!(file["findings"], serde_json::json!([]), "{edition}");
        assert_eq!(file["edition"], edition);
        assert_eq!(file["agency"], "某某县人民政府");
        assert_eq!(file["year"].to_string(), year);

        let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        // 25 (2021) or 23 (2019) row totals, 7 result totals, 7 balances, 3 table-4 totals.
        let rules = xml.matches("<cfRule").count();
        assert_eq!(rules, if edition == "2021" { 42 } else { 40 }, "{edition}");
        assert!(
            xml.contains("<formula>J25&lt;&gt;SUM(D25:I25)</formula>") || edition == "2019",
            "{edition}"
        );
    }
    // The edition follows the year when not given.
    let path = dir.path().join("auto.xlsx");
    nianbao(&["template", "--year", "2020", "-o", path.to_str().unwrap()]);
    let (_, json) = check_json(&[path.to_str().unwrap()], &[]);
    assert_eq!(json["files"][0]["edition"], "2019");
}

/// `template --from`: a report found as a page, text or spreadsheet, written into the
/// official workbook with its figures, findings and all.
#[test]
fn a_template_filled_from_a_report_holds_its_figures_and_its_findings() {
    let dir = tempfile::tempdir().unwrap();
    for source in [
        "fixtures/text/browser_copy.txt",
        "fixtures/xlsx/rule_t3_balance.xlsx",
        "fixtures/json/clean_2019.json",
    ] {
        let path = dir.path().join(format!(
            "filled_{}.xlsx",
            std::path::Path::new(source)
                .file_stem()
                .unwrap()
                .to_str()
                .unwrap()
        ));
        let path_str = path.to_str().unwrap();
        let (code, _, stderr) = nianbao(&["template", "--from", source, "-o", path_str]);
        assert_eq!(code, 0, "{stderr}");
        let (_, from) = check_json(&[source], &[]);
        let (_, filled) = check_json(&[path_str], &[]);
        assert_eq!(
            finding_lines_without_addresses(&filled["files"][0]),
            finding_lines_without_addresses(&from["files"][0]),
            "{source}"
        );
        for key in ["agency", "year", "edition"] {
            assert_eq!(
                filled["files"][0][key], from["files"][0][key],
                "{source} {key}"
            );
        }
    }
    let (code, _, stderr) = nianbao(&[
        "template",
        "--from",
        "fixtures/bad/truncated.xlsx",
        "-o",
        dir.path().join("x.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fixtures/bad/truncated.xlsx"), "{stderr}");
}

fn carry_lines(file: &Value) -> Vec<String> {
    file["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().ends_with("-CONTINUITY"))
        .map(|f| {
            let other = f["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c.get("file").is_some())
                .unwrap();
            format!(
                "{} {} {}={} vs {}={} [{}]",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["cells"][0]["key"].as_str().unwrap(),
                f["cells"][0]["value"],
                other["key"].as_str().unwrap(),
                other["value"],
                other["address"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// Two consecutive years of one agency in a folder: this year's carried-over figures are
/// compared with last year's carried-forward ones, and the finding names both files.
#[test]
fn a_broken_carry_over_is_caught_from_a_folder() {
    let (code, json) = check_json(&["fixtures/years"], &[]);
    assert_eq!(code, 1);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "pass");
    assert_eq!(
        carry_lines(&files[1]),
        [
            "T2-IN-FORCE-CONTINUITY warning table2.normative_documents.in_force=45 vs table2.normative_documents.in_force=45 []",
            "T3-CARRY-CONTINUITY error table3.carried_over.natural_person=2 vs table3.carried_forward.natural_person=3 []",
            "T3-CARRY-CONTINUITY error table3.carried_over.commercial=1 vs table3.carried_forward.commercial=0 []",
        ]
    );
    let message = files[1]["findings"][1]["message"].as_str().unwrap();
    assert!(
        message.contains("fixtures/years/临沭县人民政府2023.json"),
        "{message}"
    );
}

/// The clerk names last year's file: the same comparison, with last year's cell addresses.
#[test]
fn a_broken_carry_over_is_caught_with_previous() {
    let (code, json) = check_json(
        &["fixtures/years/临沭县人民政府2024.json"],
        &[
            "--previous",
            "fixtures/xlsx/clean_2021.xlsx",
            "--lang",
            "en",
        ],
    );
    assert_eq!(code, 1);
    let file = &json["files"][0];
    assert_eq!(
        carry_lines(file),
        [
            "T2-IN-FORCE-CONTINUITY warning table2.normative_documents.in_force=45 vs table2.normative_documents.in_force=45 [Sheet1!D6]",
            "T3-CARRY-CONTINUITY error table3.carried_over.natural_person=2 vs table3.carried_forward.natural_person=3 [Sheet1!D45]",
            "T3-CARRY-CONTINUITY error table3.carried_over.commercial=1 vs table3.carried_forward.commercial=0 [Sheet1!E45]",
        ]
    );
    assert_eq!(
        file["findings"][1]["message"],
        "Table 3, column “natural persons”: 2024 carries over 2 (table3.carried_over.natural_person), but the 2023 report (fixtures/xlsx/clean_2021.xlsx) carried forward 3 (Sheet1!D45)"
    );
    // Not consecutive years: nothing compared, and a warning says so.
    let (code, json) = check_json(
        &["fixtures/xlsx/clean_2021.xlsx"],
        &["--previous", "fixtures/xlsx/clean_2019.xlsx"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        json["files"][0]["findings"][0]["rule"],
        "PREVIOUS-NOT-COMPARED"
    );
    // An unreadable previous report: the run goes on, and each report says it was not
    // compared (issue 13; it used to stop the run).
    let (code, json) = check_json(
        &["fixtures/xlsx/clean_2021.xlsx"],
        &["--previous", "fixtures/bad/truncated.xlsx"],
    );
    assert_eq!(code, 0, "a warning");
    let message = json["files"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("truncated.xlsx"), "{message}");
    let (_, _, stderr) = nianbao(&[
        "check",
        "fixtures/years",
        "--previous",
        "fixtures/bad/truncated.xlsx",
    ]);
    assert!(stderr.contains("truncated.xlsx"), "{stderr}");
}

/// One wrong cell in other positions and kinds of slip (fixtures/fixes/), and two wrong cells.
#[test]
fn slips_of_several_kinds_are_named_and_two_wrong_cells_are_not_claimed() {
    // (fixture, [(kind, a cell it names, the value suggested for that cell)]).
    type Expected = &'static [(&'static str, &'static str, Option<i64>)];
    let cases: &[(&str, Expected)] = &[
        (
            "carried_forward_typo",
            &[(
                "single_cell",
                "table3.carried_forward.natural_person",
                Some(3),
            )],
        ),
        (
            "neighbour_column",
            &[(
                "neighbour",
                "table3.results.partially_disclosed.natural_person",
                Some(4),
            )],
        ),
        (
            "two_unrelated_cells",
            &[
                (
                    "single_cell",
                    "table3.results.unavailable.not_held.natural_person",
                    Some(5),
                ),
                ("candidates", "table4.litigation_direct.upheld", None),
            ],
        ),
        ("two_cells_same_sums", &[]),
    ];
    for (name, expected) in cases {
        let (_, json) = check_json(&[&format!("fixtures/fixes/{name}.json")], &[]);
        let got = suggestions(&json["files"][0]);
        assert_eq!(got.len(), expected.len(), "{name}: {got:#?}");
        for (s, (kind, key, value)) in got.iter().zip(expected.iter()) {
            assert_eq!(s["kind"], *kind, "{name}");
            let cell = s["cells"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["key"] == *key)
                .unwrap_or_else(|| panic!("{name}: {s}"));
            assert_eq!(cell["suggested"].as_i64(), *value, "{name}");
        }
    }
}
