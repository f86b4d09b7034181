//! `check --format json` and `--format jsonl` validate against
//! `schemas/check-result.schema.json`: the whole fixture tree in one run, single files of
//! every status, the real published documents and the seeds beside the repository, and
//! documents the schema must reject (so the test can fail).

mod common;

use std::path::PathBuf;

use common::{fixture, nianbao};
use jsonschema::Validator;
use serde_json::{Value, json};

fn schema() -> Value {
    let text = std::fs::read_to_string(fixture("../schemas/check-result.schema.json"))
        .expect("schemas/check-result.schema.json");
    serde_json::from_str(&text).expect("the schema is JSON")
}

/// The whole check result (`--format json`).
fn result_validator() -> Validator {
    jsonschema::draft202012::new(&schema()).expect("schema compiles")
}

/// One file result (`--format jsonl` lines): `#/$defs/file_result`, with the schema's
/// `$defs` beside it so its references resolve.
fn file_validator() -> Validator {
    let full = schema();
    let one = json!({
        "$schema": full["$schema"],
        "$defs": full["$defs"],
        "$ref": "#/$defs/file_result",
    });
    jsonschema::draft202012::new(&one).expect("file result subschema compiles")
}

/// Every schema error as `at /files/3/findings/0/rule: "…" does not match …` and the
/// instance path, the text cut short (an error quotes the instance, which may be a whole
/// file result).
fn errors_at(validator: &Validator, doc: &Value) -> Vec<(String, String)> {
    validator
        .iter_errors(doc)
        .map(|e| {
            let mut text = e.to_string();
            if text.chars().count() > 300 {
                text = text.chars().take(300).collect::<String>() + "…";
            }
            let at = e.instance_path().to_string();
            (format!("at {at}: {text}"), at)
        })
        .collect()
}

fn errors(validator: &Validator, doc: &Value) -> Vec<String> {
    errors_at(validator, doc)
        .into_iter()
        .map(|(e, _)| e)
        .collect()
}

/// How many schema errors a failure lists (all are counted).
const SHOWN: usize = 40;

/// Fails with the schema errors and the sources of the file results they are in.
fn assert_valid(validator: &Validator, doc: &Value, what: &str) {
    let errors = errors_at(validator, doc);
    if errors.is_empty() {
        return;
    }
    let mut sources: Vec<&str> = errors
        .iter()
        .filter_map(|(_, at)| at.strip_prefix("/files/")?.split('/').next()?.parse().ok())
        .filter_map(|i: usize| doc["files"][i]["source"].as_str())
        .collect();
    sources.dedup();
    panic!(
        "{what}: {} schema error(s) against schemas/check-result.schema.json\n  {}\nin the results of: {sources:?}",
        errors.len(),
        errors
            .iter()
            .take(SHOWN)
            .map(|(e, _)| e.as_str())
            .chain((errors.len() > SHOWN).then_some("…"))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// What the outputs of one test held, to show they exercise the schema and to count them.
#[derive(Default)]
struct Seen {
    documents: usize,
    lines: usize,
    statuses: std::collections::BTreeSet<String>,
    suggestions: usize,
    other_file_cells: usize,
    classifications: usize,
}

impl Seen {
    fn file(&mut self, file: &Value) {
        self.statuses
            .insert(file["status"].as_str().unwrap_or("?").to_string());
        self.classifications += usize::from(file.get("classification").is_some());
        for finding in file["findings"].as_array().into_iter().flatten() {
            self.suggestions += usize::from(finding.get("suggestion").is_some());
            for cell in finding["cells"].as_array().into_iter().flatten() {
                self.other_file_cells += usize::from(cell.get("file").is_some());
            }
        }
    }

    fn report(&self, test: &str) {
        eprintln!(
            "{test}: validated {} --format json document(s) and {} --format jsonl line(s); statuses {:?}, {} suggestion(s), {} cell(s) of another year's file, {} classification(s)",
            self.documents,
            self.lines,
            self.statuses,
            self.suggestions,
            self.other_file_cells,
            self.classifications
        );
    }
}

/// `check --format json ARGS`: validated, its summary checked against its files (what the
/// schema cannot say), and returned.
fn check_json_valid(validator: &Validator, args: &[&str], seen: &mut Seen) -> Value {
    let mut all = vec!["check", "--format", "json", "--quiet"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = nianbao(&all);
    assert!((0..=2).contains(&code), "{args:?}: exit {code}\n{stderr}");
    let doc: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{args:?}: output is not JSON ({e}):\n{stdout}\n{stderr}"));
    assert_valid(
        validator,
        &doc,
        &format!("check --format json {}", args.join(" ")),
    );
    let files = doc["files"].as_array().unwrap();
    let count = |status: &str| files.iter().filter(|f| f["status"] == status).count();
    let findings = |severity: &str| {
        files
            .iter()
            .flat_map(|f| f["findings"].as_array().unwrap())
            .filter(|f| f["severity"] == severity)
            .count()
    };
    let summary = &doc["summary"];
    assert_eq!(
        [
            summary["files"].as_u64(),
            summary["passed"].as_u64(),
            summary["failed"].as_u64(),
            summary["unreadable"].as_u64(),
            summary["not_a_report"].as_u64(),
            summary["errors"].as_u64(),
            summary["warnings"].as_u64(),
        ],
        [
            files.len(),
            count("pass"),
            count("fail"),
            count("unreadable"),
            count("not_a_report"),
            findings("error"),
            findings("warning"),
        ]
        .map(|n| Some(n as u64)),
        "{args:?}: the summary does not add up to the files: {summary}"
    );
    seen.documents += 1;
    files.iter().for_each(|f| seen.file(f));
    doc
}

/// `check --format jsonl ARGS`: every line validated as a file result; returns them.
fn check_jsonl_valid(validator: &Validator, args: &[&str], seen: &mut Seen) -> Vec<Value> {
    let mut all = vec!["check", "--format", "jsonl", "--quiet"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = nianbao(&all);
    assert!((0..=2).contains(&code), "{args:?}: exit {code}\n{stderr}");
    stdout
        .lines()
        .enumerate()
        .map(|(i, line)| {
            let doc: Value = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!("{args:?}: jsonl line {} is not JSON ({e}): {line}", i + 1)
            });
            let errors = errors(validator, &doc);
            assert!(
                errors.is_empty(),
                "check --format jsonl {}: line {} ({}): {} schema error(s) against $defs/file_result\n  {}",
                args.join(" "),
                i + 1,
                doc["source"],
                errors.len(),
                errors.join("\n  ")
            );
            seen.lines += 1;
            doc
        })
        .collect()
}

/// Every fixture under `fixtures/`, in one run, in both machine formats: every status the
/// tool gives, suggestions, cross-year cells, classifications, every reader's failures.
#[test]
fn the_whole_fixture_tree_validates_as_json_and_jsonl() {
    let (whole, one) = (result_validator(), file_validator());
    let mut seen = Seen::default();
    let doc = check_json_valid(&whole, &["fixtures"], &mut seen);
    let lines = check_jsonl_valid(&one, &["--lang", "en", "fixtures"], &mut seen);
    let files = doc["files"].as_array().unwrap();
    assert!(files.len() > 200, "only {} file results", files.len());
    assert_eq!(
        lines.iter().map(|l| &l["source"]).collect::<Vec<_>>(),
        files.iter().map(|f| &f["source"]).collect::<Vec<_>>(),
        "jsonl gives the same files, in the same order, as json"
    );
    assert_eq!(
        seen.statuses.iter().map(String::as_str).collect::<Vec<_>>(),
        ["fail", "not_a_report", "pass", "unreadable"],
        "the fixtures should give every status"
    );
    assert!(seen.suggestions > 0, "no suggestion in the fixture tree");
    assert!(
        seen.other_file_cells > 0,
        "no cross-year cell (`file`) in the fixture tree"
    );
    assert!(
        seen.classifications > 0,
        "no classification in the fixture tree"
    );
    seen.report("fixture tree");
}

/// Single files of each kind, each its own run (a run of one file is what most callers
/// make), in Chinese as JSON and in English as JSON lines.
#[test]
fn single_files_of_each_kind_validate() {
    let (whole, one) = (result_validator(), file_validator());
    let mut seen = Seen::default();
    // (arguments, the status of the one result, whether a finding carries a suggestion)
    let cases: &[(&[&str], &str, bool)] = &[
        (&["fixtures/xlsx/clean_2021.xlsx"], "pass", false),
        (&["fixtures/json/clean_2019.json"], "pass", false),
        // Warnings only: CELL-BLANK with null and raw-text cell values.
        (&["fixtures/json/strings.json"], "pass", false),
        (&["fixtures/xlsx/rule_cell_blank.xlsx"], "pass", false),
        // Fractional figures (1.5, 2.5) in count cells.
        (&["fixtures/xlsx/rule_cell_count.xlsx"], "fail", false),
        (&["fixtures/xlsx/rule_cell_text.xlsx"], "fail", false),
        (&["fixtures/xlsx/rule_table_missing.xlsx"], "fail", false),
        (&["fixtures/xlsx/rule_edition_mismatch.xlsx"], "fail", false),
        (&["fixtures/xlsx/rule_t3_balance.xlsx"], "fail", false),
        // Fail with suggestions: single cell, neighbour, candidates.
        (&["fixtures/xlsx/rule_t3_column_sum.xlsx"], "fail", true),
        (&["fixtures/xlsx/rule_t4_group_sum.xlsx"], "fail", true),
        (&["fixtures/fixes/carried_forward_typo.json"], "fail", true),
        (&["fixtures/fixes/neighbour_column.json"], "fail", true),
        (&["fixtures/fixes/two_unrelated_cells.json"], "fail", true),
        (&["fixtures/text/prose_table.txt"], "pass", false),
        (&["fixtures/text/runs_ambiguous.txt"], "pass", false),
        (&["fixtures/html/lo_rule_t3_balance.html"], "fail", false),
        (&["fixtures/docx/rule_t3_balance.docx"], "fail", false),
        (&["fixtures/pdf/rule_t3_balance.pdf"], "fail", false),
        // Cross-year: cells of the other year's report name its file.
        (
            &[
                "--previous",
                "fixtures/years/临沭县人民政府2023.json",
                "fixtures/years/临沭县人民政府2024.json",
            ],
            "fail",
            false,
        ),
        // Unreadable: damaged zip, JSON syntax (with a location), JSON of the wrong shape.
        (&["fixtures/bad/truncated.xlsx"], "unreadable", false),
        (
            &["fixtures/bad/not_a_spreadsheet.xlsx"],
            "unreadable",
            false,
        ),
        (&["fixtures/json/bad_syntax.json"], "unreadable", false),
        (&["fixtures/json/bad_type.json"], "unreadable", false),
        (&["fixtures/pdf/scan_clean_2021.pdf"], "unreadable", false),
        (&["fixtures/hostile/encrypted.xlsx"], "unreadable", false),
        // Not a report: read, and nothing to check.
        (&["fixtures/bad/no_tables.xlsx"], "unreadable", false),
        (
            &["fixtures/regressions/text_escape_sequences.txt"],
            "not_a_report",
            false,
        ),
    ];
    for (args, status, suggested) in cases {
        let doc = check_json_valid(&whole, args, &mut seen);
        let lines = check_jsonl_valid(&one, &[&["--lang", "en"], *args].concat(), &mut seen);
        for file in doc["files"].as_array().unwrap().iter().chain(&lines) {
            if file["source"].as_str() != args.last().copied() {
                continue;
            }
            assert_eq!(file["status"], *status, "{args:?}: {file:#}");
            let has_suggestion = file["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f.get("suggestion").is_some());
            if *suggested {
                assert!(has_suggestion, "{args:?}: no suggestion: {file:#}");
            }
        }
    }
    assert!(
        seen.other_file_cells > 0,
        "--previous gave no cell with `file`"
    );
    seen.report("single files");
}

/// `../shared/<name>/` beside the repository (CI has it); skipped with a note elsewhere.
fn shared(name: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(name);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/{name} is missing"
    );
    eprintln!("skipped: ../shared/{name} is not beside the repository");
    None
}

/// Real published documents (`../shared/real/docs`) and the scraped seeds
/// (`../shared/seeds`): what a supervisor's folder holds, classifications included.
#[test]
fn real_documents_and_seeds_validate() {
    let (whole, one) = (result_validator(), file_validator());
    let mut seen = Seen::default();
    for name in ["real/docs", "seeds"] {
        let Some(dir) = shared(name) else { continue };
        let dir = dir.to_str().unwrap();
        check_json_valid(&whole, &[dir], &mut seen);
        check_jsonl_valid(&one, &["--lang", "en", dir], &mut seen);
    }
    // Single files: a real report that fails with suggestions (a 2023 report with a
    // 2019-style row, table-4 totals of 0), and a work plan that is not a report.
    for (name, file, status) in [
        ("real/docs", "hongze-2023.pdf", "fail"),
        ("seeds", "000_28d6aa7407a2ae6e.txt", "not_a_report"),
    ] {
        let Some(dir) = shared(name) else { continue };
        let path = dir.join(file);
        if !path.is_file() {
            eprintln!("skipped: ../shared/{name}/{file} is not there");
            continue;
        }
        let doc = check_json_valid(&whole, &[path.to_str().unwrap()], &mut seen);
        assert_eq!(doc["files"][0]["status"], status, "{file}: {doc:#}");
    }
    seen.report("real documents and seeds");
}

/// `--convert`: a document LibreOffice converts first carries `conversion` (where
/// LibreOffice is installed; elsewhere the result is `unsupported`, and valid too), and
/// without `--convert` it is an `unsupported` result.
#[test]
fn converted_documents_validate() {
    let (whole, one) = (result_validator(), file_validator());
    let mut seen = Seen::default();
    let dir = tempfile::tempdir().unwrap();
    let rtf = dir.path().join("plan.rtf");
    std::fs::write(
        &rtf,
        r"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}}\f0 Work plan 2023\par Nothing to report here.\par}",
    )
    .unwrap();
    let rtf = rtf.to_str().unwrap();
    let doc = check_json_valid(&whole, &["--convert", rtf], &mut seen);
    let file = &doc["files"][0];
    if file["status"] == "unreadable" {
        eprintln!("LibreOffice did not convert plan.rtf: {}", file["error"]);
    } else {
        assert_eq!(file["conversion"]["format"], "docx", "{file:#}");
    }
    check_jsonl_valid(&one, &["--convert", rtf], &mut seen);
    let doc = check_json_valid(&whole, &[rtf], &mut seen);
    assert_eq!(doc["files"][0]["status"], "unreadable", "{doc:#}");
    assert_eq!(doc["files"][0]["error"]["kind"], "unsupported", "{doc:#}");
    seen.report("conversions");
}

/// A result the schema takes: one file of each status, the optional fields of each
/// object present (`conversion`, an empty `cells`, a fractional figure).
fn good_document() -> Value {
    json!({
        "files": [
            {
                "source": "a.xlsx", "agency": "慈化镇人民政府", "year": 2023, "edition": "2021",
                "status": "fail",
                "findings": [
                    {
                        "rule": "T3-BALANCE", "severity": "error",
                        "cells": [
                            {"key": "table3.new_received.total", "address": "Sheet1!I8", "value": 5},
                            {"key": "table2.fees.amount", "value": 12.5},
                            {"key": "table3.carried_over.total", "value": null, "file": "b.json"},
                            {"key": "table3.results.disclosed.commercial", "value": "三"}
                        ],
                        "expected": 7, "actual": 5, "difference": -2.5,
                        "message": "……",
                        "suggestion": {
                            "kind": "single_cell",
                            "cells": [{"key": "table3.new_received.total", "address": "Sheet1!I8", "value": 5, "suggested": 7}],
                            "explains": 2, "message": "……"
                        }
                    },
                    {"rule": "TEXT-ROWS-UNREAD", "severity": "warning", "cells": [], "message": "……"}
                ],
                "conversion": {"tool": "LibreOffice", "format": "docx"}
            },
            {
                "source": "b.json", "agency": null, "year": null, "edition": null,
                "status": "unreadable", "findings": [],
                "error": {"kind": "json", "message": "……", "location": "/table3"}
            },
            {
                "source": "c.txt", "agency": null, "year": null, "edition": null,
                "status": "not_a_report", "findings": [],
                "classification": {"kind": "not_a_report", "reason": "……"}
            },
            {
                "source": "d.txt", "agency": "x", "year": 2015, "edition": null,
                "status": "pass", "findings": [],
                "classification": {"kind": "pre_2019_report", "reason": "……"}
            }
        ],
        "summary": {"files": 4, "passed": 1, "failed": 1, "unreadable": 1, "not_a_report": 1, "errors": 1, "warnings": 1}
    })
}

/// The schema is not a rubber stamp: it takes a good result and rejects each of these
/// slips.
#[test]
fn the_schema_rejects_wrong_documents() {
    let (whole, one) = (result_validator(), file_validator());
    let good = good_document();
    assert_eq!(errors(&whole, &good), Vec::<String>::new());
    for file in good["files"].as_array().unwrap() {
        assert_eq!(errors(&one, file), Vec::<String>::new());
    }
    // (what is wrong, where, the value put there or None to remove the field)
    let wrong: &[(&str, &str, Option<Value>)] = &[
        (
            "a status that does not exist",
            "/files/0/status",
            Some(json!("ok")),
        ),
        (
            "an unreadable file without its error",
            "/files/1/error",
            None,
        ),
        (
            "a readable file with an error object",
            "/files/2/error",
            Some(json!({"kind": "io", "message": "x"})),
        ),
        (
            "a failed file without an error finding",
            "/files/0/findings/0/severity",
            Some(json!("warning")),
        ),
        (
            "a passing file with an error finding",
            "/files/3/findings",
            Some(json!([{"rule": "T3-BALANCE", "severity": "error", "cells": [], "message": "x"}])),
        ),
        (
            "not_a_report without its classification",
            "/files/2/classification",
            None,
        ),
        (
            "a rule id in lowercase",
            "/files/0/findings/0/rule",
            Some(json!("t3-balance")),
        ),
        (
            "a severity that does not exist",
            "/files/0/findings/1/severity",
            Some(json!("info")),
        ),
        (
            "a cell value that is a boolean",
            "/files/0/findings/0/cells/0/value",
            Some(json!(true)),
        ),
        (
            "a cell without its value",
            "/files/0/findings/0/cells/0/value",
            None,
        ),
        (
            "an address that is no A1",
            "/files/0/findings/0/cells/0/address",
            Some(json!("I8")),
        ),
        (
            "a figure as a string",
            "/files/0/findings/0/expected",
            Some(json!("7")),
        ),
        (
            "a null figure",
            "/files/0/findings/0/actual",
            Some(json!(null)),
        ),
        (
            "an unknown field on a finding",
            "/files/0/findings/0/severity_level",
            Some(json!(1)),
        ),
        (
            "an unknown field on a file",
            "/files/0/warnings",
            Some(json!(0)),
        ),
        (
            "an edition that does not exist",
            "/files/0/edition",
            Some(json!("2020")),
        ),
        ("a year as a string", "/files/0/year", Some(json!("2023"))),
        (
            "a missing agency (null is required instead)",
            "/files/0/agency",
            None,
        ),
        (
            "a conversion without its format",
            "/files/0/conversion/format",
            None,
        ),
        (
            "a suggestion explaining nothing",
            "/files/0/findings/0/suggestion/explains",
            Some(json!(0)),
        ),
        (
            "a classification kind that does not exist",
            "/files/3/classification/kind",
            Some(json!("plan")),
        ),
        (
            "a summary without not_a_report",
            "/summary/not_a_report",
            None,
        ),
        ("a negative count", "/summary/errors", Some(json!(-1))),
        ("an unknown field at the top", "/version", Some(json!(1))),
    ];
    for (what, pointer, value) in wrong {
        let mut doc = good.clone();
        let (parent, last) = pointer.rsplit_once('/').unwrap();
        let target = doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{pointer}: no parent"));
        let Value::Object(map) = target else {
            panic!("{what}: {parent} is not an object");
        };
        match value {
            Some(value) => {
                map.insert(last.to_string(), value.clone());
            }
            None => assert!(map.remove(last).is_some(), "{what}: {pointer} not there"),
        }
        assert!(
            !whole.is_valid(&doc),
            "the schema should reject {what} ({pointer})"
        );
    }
    // The jsonl subschema is as strict as the whole.
    let mut file = good["files"][0].clone();
    file["status"] = json!("ok");
    assert!(!one.is_valid(&file), "a jsonl line with status \"ok\"");
    assert!(!one.is_valid(&good), "a whole result is no jsonl line");
}
