//! The sums the statutory tables must satisfy (T3-BALANCE, T3-RESULTS-SUM, T3-COLUMN-SUM,
//! T4-GROUP-SUM), all as one kind of check: the stated side of an equation against the
//! computed side.

use super::{Rule, cell_ref, num};
use crate::findings::{CellRef, Finding};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Num, Report, Table};

/// Sums smaller than this are equal: money has at most a few decimals.
const EPSILON: f64 = 1e-6;

/// The sum of some cells of a table, or `None` when one holds text (CELL-TEXT reports it;
/// a sum over an unreadable cell proves nothing).
fn sum(table: &Table, terms: &[(&'static str, &'static str)]) -> Option<f64> {
    terms.iter().try_fold(0.0, |total, (row, col)| {
        table
            .get(row, col)
            .map_or(Some(0.0), |c| c.amount())
            .map(|v| total + v)
    })
}

/// Check `expected_terms` summed against `actual_terms` summed; a finding when they differ.
/// `args` (the message's words) are only made for a finding: most equations hold.
fn equation<'a>(
    rule: &Rule,
    table: &Table,
    expected_terms: &[(&'static str, &'static str)],
    actual_terms: &[(&'static str, &'static str)],
    lang: Lang,
    args: impl FnOnce() -> Vec<(&'a str, String)>,
    out: &mut Vec<Finding>,
) {
    let (Some(actual), Some(expected)) = (sum(table, actual_terms), sum(table, expected_terms))
    else {
        return;
    };
    if (actual - expected).abs() < EPSILON {
        return;
    }
    let difference = actual - expected;
    let mut args = args();
    args.extend([
        ("expected", num(expected)),
        ("actual", num(actual)),
        ("difference", signed(difference)),
    ]);
    // The stated cells come first in `cells`: they are what a clerk looks at.
    let refs: Vec<CellRef> = actual_terms
        .iter()
        .chain(expected_terms)
        .map(|(row, col)| cell_ref(table.id, row, col, table.get(row, col)))
        .collect();
    let mut finding = rule.finding(table.id, refs, lang, &args);
    finding.expected = Some(Num(expected));
    finding.actual = Some(Num(actual));
    finding.difference = Some(Num(difference));
    out.push(finding);
}

fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", num(v))
    } else {
        num(v)
    }
}

fn value_of(table: &Table, row: &'static str, col: &'static str) -> String {
    match table.get(row, col).map(|c| &c.value) {
        Some(crate::model::Value::Number(n)) => n.to_string(),
        _ => "0".into(),
    }
}

pub(super) fn t3_balance(rule: &Rule, report: &Report, lang: Lang, out: &mut Vec<Finding>) {
    let Some(table) = report.table3.as_ref() else {
        return;
    };
    for col in &layout::T3_COLUMNS {
        let c = col.key;
        let args = || {
            vec![
                ("col", lang.pick(col.label_zh, col.label_en).to_string()),
                ("new_received", value_of(table, "new_received", c)),
                ("carried_over", value_of(table, "carried_over", c)),
                ("results_total", value_of(table, "results.total", c)),
                ("carried_forward", value_of(table, "carried_forward", c)),
            ]
        };
        equation(
            rule,
            table,
            &[("new_received", c), ("carried_over", c)],
            &[("results.total", c), ("carried_forward", c)],
            lang,
            args,
            out,
        );
    }
}

pub(super) fn t3_results_sum(rule: &Rule, report: &Report, lang: Lang, out: &mut Vec<Finding>) {
    let Some(table) = report.table3.as_ref() else {
        return;
    };
    let leaves: Vec<&'static str> = table
        .layout()
        .rows
        .iter()
        .filter(|r| r.result_leaf)
        .map(|r| r.key)
        .collect();
    for col in &layout::T3_COLUMNS {
        let parts: Vec<(&'static str, &'static str)> =
            leaves.iter().map(|row| (*row, col.key)).collect();
        let args = || vec![("col", lang.pick(col.label_zh, col.label_en).to_string())];
        equation(
            rule,
            table,
            &parts,
            &[("results.total", col.key)],
            lang,
            args,
            out,
        );
    }
}

pub(super) fn t3_column_sum(rule: &Rule, report: &Report, lang: Lang, out: &mut Vec<Finding>) {
    let Some(table) = report.table3.as_ref() else {
        return;
    };
    row_sums(
        rule,
        table,
        layout::t3_applicant_columns(),
        "total",
        lang,
        out,
    );
}

pub(super) fn t4_group_sum(rule: &Rule, report: &Report, lang: Lang, out: &mut Vec<Finding>) {
    let Some(table) = report.table4.as_ref() else {
        return;
    };
    row_sums(rule, table, &layout::T4_COLUMNS[..4], "total", lang, out);
}

/// For every row of `table`: the `total` column equals the sum of `parts`.
fn row_sums(
    rule: &Rule,
    table: &Table,
    parts: &[layout::Column],
    total: &'static str,
    lang: Lang,
    out: &mut Vec<Finding>,
) {
    debug_assert!(matches!(table.id, TableId::T3 | TableId::T4));
    for row in &table.layout().rows {
        if table.missing_rows.contains(&row.key) {
            continue;
        }
        let terms: Vec<(&'static str, &'static str)> =
            parts.iter().map(|c| (row.key, c.key)).collect();
        let args = || vec![("row", lang.pick(row.label_zh, row.label_en).to_string())];
        equation(rule, table, &terms, &[(row.key, total)], lang, args, out);
    }
}
