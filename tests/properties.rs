//! Issue 7, property tests over generated reports (2021 and 2019 editions):
//!
//! - a consistent report passes every rule, as JSON and as the official workbook written
//!   with rust_xlsxwriter (`template --from`);
//! - changing any one count of tables 3 and 4 by any non-zero amount is caught by an error
//!   rule, in both forms (table 2's counts take part in no sum, so no rule can see a slip
//!   there);
//! - what `extract` prints, read back, gives the same findings.

use std::path::Path;

use nianbao::check::check_report;
use nianbao::findings::{FileResult, Severity};
use nianbao::lang::Lang;
use nianbao::layout::{self, TableId};
use nianbao::model::{Edition, Report};
use nianbao::read::read_bytes;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// A consistent report: every table 3 and 4 sum holds; figures small, mostly 0, as real.
#[derive(Debug, Clone)]
struct Generated {
    edition: Edition,
    /// Table 3 leaves per applicant column (six columns), in layout order.
    leaves: Vec<[u32; 6]>,
    carried_over_share: [u32; 6],
    carried_forward: [u32; 6],
    table4: [[u32; 4]; 3],
    table2: Vec<u32>,
}

fn count() -> impl Strategy<Value = u32> {
    prop_oneof![6 => Just(0u32), 3 => 1u32..5, 1 => 5u32..500]
}

fn generated() -> impl Strategy<Value = Generated> {
    prop_oneof![Just(Edition::E2021), Just(Edition::E2019)].prop_flat_map(|edition| {
        let t3 = layout::table(TableId::T3, edition);
        let leaves = t3.rows.iter().filter(|r| r.result_leaf).count();
        let t2_cells: usize = layout::table(TableId::T2, edition)
            .rows
            .iter()
            .map(|r| r.columns.len())
            .sum();
        (
            proptest::collection::vec(proptest::array::uniform6(count()), leaves),
            proptest::array::uniform6(count()),
            proptest::array::uniform6(count()),
            proptest::array::uniform3(proptest::array::uniform4(count())),
            proptest::collection::vec(count(), t2_cells),
        )
            .prop_map(
                move |(leaves, carried_over_share, carried_forward, table4, table2)| Generated {
                    edition,
                    leaves,
                    carried_over_share,
                    carried_forward,
                    table4,
                    table2,
                },
            )
    })
}

impl Generated {
    /// The canonical JSON of SPEC §7.
    fn json(&self) -> Value {
        let year = if self.edition == Edition::E2021 {
            2023
        } else {
            2020
        };
        let seven = |six: [u32; 6]| -> Value {
            let mut row = Map::new();
            for (col, v) in layout::t3_applicant_columns().iter().zip(six) {
                row.insert(col.key.into(), v.into());
            }
            row.insert("total".into(), six.iter().sum::<u32>().into());
            Value::Object(row)
        };
        let t3 = layout::table(TableId::T3, self.edition);
        let mut results_total = [0u32; 6];
        for leaf in &self.leaves {
            for c in 0..6 {
                results_total[c] += leaf[c];
            }
        }
        // Carried over is at most what was handled or carried forward; new makes up the rest.
        let mut carried_over = [0u32; 6];
        let mut new_received = [0u32; 6];
        for c in 0..6 {
            let owed = results_total[c] + self.carried_forward[c];
            carried_over[c] = self.carried_over_share[c].min(owed);
            new_received[c] = owed - carried_over[c];
        }
        let mut table3 = Map::new();
        let mut leaves = self.leaves.iter();
        for row in &t3.rows {
            let value = match row.key {
                "new_received" => seven(new_received),
                "carried_over" => seven(carried_over),
                "carried_forward" => seven(self.carried_forward),
                "results.total" => seven(results_total),
                _ if row.result_leaf => seven(*leaves.next().unwrap()),
                _ => continue,
            };
            insert_dotted(&mut table3, row.key, value);
        }
        let mut table4 = Map::new();
        for (group, parts) in ["review", "litigation_direct", "litigation_after_review"]
            .iter()
            .zip(self.table4)
        {
            table4.insert(
                group.to_string(),
                json!({"upheld": parts[0], "corrected": parts[1], "other": parts[2],
                       "pending": parts[3], "total": parts.iter().sum::<u32>()}),
            );
        }
        let mut table2 = Map::new();
        let mut figures = self.table2.iter();
        for row in &layout::table(TableId::T2, self.edition).rows {
            let mut cells = Map::new();
            for col in row.columns {
                cells.insert(col.key.into(), (*figures.next().unwrap()).into());
            }
            table2.insert(row.key.into(), Value::Object(cells));
        }
        json!({
            "agency": "临沭县人民政府",
            "year": year,
            "edition": self.edition.as_str(),
            "table2": table2,
            "table3": table3,
            "table4": table4,
        })
    }
}

fn insert_dotted(map: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            map.insert(path.into(), value);
        }
        Some((head, rest)) => {
            let child = map.entry(head).or_insert_with(|| json!({}));
            insert_dotted(child.as_object_mut().unwrap(), rest, value);
        }
    }
}

fn read_json(doc: &Value) -> Report {
    read_bytes(doc.to_string().into_bytes(), Path::new("generated.json")).expect("reads")
}

/// The report as the official workbook, written and read back.
fn as_workbook(report: &Report) -> Report {
    let bytes = nianbao::template::template(
        report.effective_edition().unwrap(),
        report.agency.as_deref(),
        report.year,
        Some(report),
    )
    .expect("writes");
    read_bytes(bytes, Path::new("generated.xlsx")).expect("reads")
}

fn errors(result: &FileResult) -> usize {
    result.count(Severity::Error)
}

/// Findings as comparable lines: rule, cell keys, expected, actual.
fn lines(result: &FileResult) -> Vec<String> {
    result
        .findings
        .iter()
        .map(|f| {
            let keys: Vec<&str> = f.cells.iter().map(|c| c.key.as_str()).collect();
            format!("{} {:?} {:?} {:?}", f.rule, keys, f.expected, f.actual)
        })
        .collect()
}

/// The counts of tables 3 and 4, by JSON path.
fn count_paths(doc: &Value) -> Vec<Vec<String>> {
    fn walk(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    path.push(k.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            Value::Number(_) => out.push(path.clone()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for table in ["table3", "table4"] {
        walk(&doc[table], &mut vec![table.to_string()], &mut out);
    }
    out
}

fn set(doc: &mut Value, path: &[String], value: i64) {
    let mut at = doc;
    for key in path {
        at = &mut at[key.as_str()];
    }
    *at = value.into();
}

fn get(doc: &Value, path: &[String]) -> i64 {
    path.iter()
        .fold(doc, |at, key| &at[key.as_str()])
        .as_i64()
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_consistent_report_passes_every_rule_as_json_and_as_a_workbook(report in generated()) {
        let doc = report.json();
        let from_json = read_json(&doc);
        let result = check_report(&from_json, Lang::En);
        prop_assert!(result.findings.is_empty(), "{:?}", lines(&result));
        let from_xlsx = as_workbook(&from_json);
        let result = check_report(&from_xlsx, Lang::En);
        prop_assert!(result.findings.is_empty(), "{:?}", lines(&result));
        // The workbook reads back to the same figures.
        let mut a = from_json.to_json();
        let mut b = from_xlsx.to_json();
        a.as_object_mut().unwrap().remove("source");
        b.as_object_mut().unwrap().remove("source");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn any_single_changed_count_is_caught(
        report in generated(),
        pick in any::<prop::sample::Index>(),
        delta in prop_oneof![-1000i64..0, 1i64..1000],
    ) {
        let mut doc = report.json();
        let paths = count_paths(&doc);
        let path = pick.get(&paths).clone();
        let value = get(&doc, &path) + delta;
        set(&mut doc, &path, value);
        let changed = read_json(&doc);
        let result = check_report(&changed, Lang::En);
        prop_assert!(errors(&result) > 0, "{:?} {:+} went unnoticed", path, delta);
        let result = check_report(&as_workbook(&changed), Lang::En);
        prop_assert!(errors(&result) > 0, "{:?} {:+} went unnoticed in the workbook", path, delta);
    }

    #[test]
    fn what_extract_prints_gives_the_same_findings(
        report in generated(),
        pick in any::<prop::sample::Index>(),
        delta in -3i64..4,
    ) {
        let mut doc = report.json();
        let paths = count_paths(&doc);
        let path = pick.get(&paths).clone();
        let value = get(&doc, &path) + delta;
        set(&mut doc, &path, value);
        for read in [read_json(&doc), as_workbook(&read_json(&doc))] {
            let before = check_report(&read, Lang::En);
            let back = read_json(&read.to_json());
            let after = check_report(&back, Lang::En);
            prop_assert_eq!(lines(&before), lines(&after));
        }
    }
}
