//! The sums the statutory tables must satisfy (T3-BALANCE, T3-RESULTS-SUM, T3-COLUMN-SUM,
//! T4-GROUP-SUM), all as one kind of check: the stated side of an equation against the
//! computed side. The equations are data ([`equations`]), so the single-fix search of
//! [`crate::suggest`] reasons over exactly what the rules check.

use super::{Rule, Subject, cell_ref, num};
use crate::findings::{CellRef, Finding};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Num, Report, Table};

/// Sums smaller than this are equal: money has at most a few decimals.
pub const EPSILON: f64 = 1e-6;

/// A cell of an equation: (row key, column key) of the equation's table.
pub type Term = (&'static str, &'static str);

/// What an equation is about, for its message.
#[derive(Debug, Clone, Copy)]
pub enum About {
    Column(&'static layout::Column),
    Row(&'static layout::Row),
}

/// One statutory equation: the `actual` cells (the stated total side) must sum to the
/// `expected` cells.
#[derive(Debug, Clone)]
pub struct Equation {
    pub rule: &'static str,
    pub table: TableId,
    pub expected: Vec<Term>,
    pub actual: Vec<Term>,
    pub about: About,
    /// Where each term of `actual`, then of `expected`, stands in the table
    /// ([`crate::layout::TableLayout::slot`]): an equation is summed thousands of times a
    /// run, so its cells are found by index.
    slots: Vec<Option<usize>>,
}

impl Equation {
    /// `actual − expected`, or `None` when a cell holds text (CELL-TEXT reports it; a sum over
    /// an unreadable cell proves nothing). Blank cells and absent rows count as 0.
    pub fn residual(&self, report: &Report) -> Option<f64> {
        self.residual_in(report.table(self.table)?)
    }

    /// [`Equation::residual`] over the equation's own table.
    pub fn residual_in(&self, table: &Table) -> Option<f64> {
        Some(self.stated(table)? - self.computed(table)?)
    }

    /// The sum of the stated side (`actual`).
    fn stated(&self, table: &Table) -> Option<f64> {
        self.side(table, 0..self.actual.len())
    }

    /// The sum of the computed side (`expected`).
    fn computed(&self, table: &Table) -> Option<f64> {
        self.side(table, self.actual.len()..self.slots.len())
    }

    fn side(&self, table: &Table, terms: std::ops::Range<usize>) -> Option<f64> {
        self.slots[terms].iter().try_fold(0.0, |total, slot| {
            slot.and_then(|s| table.at(s))
                .map_or(Some(0.0), |c| c.amount())
                .map(|v| total + v)
        })
    }

    /// Fill in [`Equation::slots`] from the table's layout.
    fn placed(mut self, table: &Table) -> Equation {
        let layout = table.layout();
        self.slots = self
            .terms()
            .map(|(row, col)| layout.slot(row, col))
            .collect();
        self
    }

    /// +1 for a cell on the stated side, −1 on the computed side, 0 when not in it.
    pub fn coefficient(&self, term: Term) -> f64 {
        let has = |side: &[Term]| side.contains(&term);
        if has(&self.actual) {
            1.0
        } else if has(&self.expected) {
            -1.0
        } else {
            0.0
        }
    }

    pub fn terms(&self) -> impl Iterator<Item = Term> + '_ {
        self.actual.iter().chain(&self.expected).copied()
    }
}

/// Every statutory equation over the tables a report has, in rule order.
pub fn equations(report: &Report) -> Vec<Equation> {
    statutory(report).into_iter().cloned().collect()
}

/// [`equations`] as the rules use them: the equations of each table's layout are built
/// once, and a report only leaves out the row sums of rows it lacks.
pub fn statutory(report: &Report) -> Vec<&'static Equation> {
    [report.table3.as_ref(), report.table4.as_ref()]
        .into_iter()
        .flatten()
        .flat_map(|table| {
            of_layout(table.id, table.edition).iter().filter(
                |eq| !matches!(eq.about, About::Row(row) if table.missing_rows.contains(&row.key)),
            )
        })
        .collect()
}

/// The equations of a layout with every row present.
fn of_layout(id: TableId, edition: crate::model::Edition) -> &'static [Equation] {
    use crate::model::Edition;
    use std::sync::LazyLock;
    static BUILT: LazyLock<[Vec<Equation>; 4]> = LazyLock::new(|| {
        [
            (TableId::T3, Edition::E2019),
            (TableId::T3, Edition::E2021),
            (TableId::T4, Edition::E2019),
            (TableId::T4, Edition::E2021),
        ]
        .map(|(id, edition)| table_equations(&Table::new(id, edition)))
    });
    let index = match (id, edition) {
        (TableId::T3, Edition::E2019) => 0,
        (TableId::T3, Edition::E2021) => 1,
        (TableId::T4, Edition::E2019) => 2,
        (TableId::T4, Edition::E2021) => 3,
        (TableId::T2, _) => return &[],
    };
    &BUILT[index]
}

/// The equations within one table (every statutory sum lies within one table).
pub fn table_equations(table: &Table) -> Vec<Equation> {
    let mut all = Vec::new();
    if table.id == TableId::T3 {
        let t3 = table;
        // Row keys as the layout holds them, so cells are found by address, not by text.
        let key = |k: &'static str| t3.layout().row(k).map_or(k, |r| r.key);
        let (new_received, carried_over, results_total, carried_forward) = (
            key("new_received"),
            key("carried_over"),
            key("results.total"),
            key("carried_forward"),
        );
        for col in &layout::T3_COLUMNS {
            let c = col.key;
            all.push(Equation {
                rule: "T3-BALANCE",
                table: TableId::T3,
                expected: vec![(new_received, c), (carried_over, c)],
                actual: vec![(results_total, c), (carried_forward, c)],
                about: About::Column(col),
                slots: Vec::new(),
            });
        }
        let leaves: Vec<&'static str> = t3
            .layout()
            .rows
            .iter()
            .filter(|r| r.result_leaf)
            .map(|r| r.key)
            .collect();
        for col in &layout::T3_COLUMNS {
            all.push(Equation {
                rule: "T3-RESULTS-SUM",
                table: TableId::T3,
                expected: leaves.iter().map(|row| (*row, col.key)).collect(),
                actual: vec![(results_total, col.key)],
                about: About::Column(col),
                slots: Vec::new(),
            });
        }
        all.extend(row_sums(
            "T3-COLUMN-SUM",
            t3,
            layout::t3_applicant_columns(),
        ));
    }
    if table.id == TableId::T4 {
        all.extend(row_sums("T4-GROUP-SUM", table, &layout::T4_COLUMNS[..4]));
    }
    all.into_iter().map(|eq| eq.placed(table)).collect()
}

/// For every row found: the `total` column equals the sum of `parts`.
fn row_sums(rule: &'static str, table: &Table, parts: &'static [layout::Column]) -> Vec<Equation> {
    table
        .layout()
        .rows
        .iter()
        .filter(|row| !table.missing_rows.contains(&row.key))
        .map(|row| Equation {
            rule,
            table: table.id,
            expected: parts.iter().map(|c| (row.key, c.key)).collect(),
            actual: vec![(row.key, row.column("total").map_or("total", |c| c.key))],
            about: About::Row(row),
            slots: Vec::new(),
        })
        .collect()
}

/// The check of every arithmetic rule: each of its equations that does not hold is a finding.
pub(super) fn check(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    for eq in subject.equations.iter().filter(|e| e.rule == rule.id) {
        let Some(table) = report.table(eq.table) else {
            continue;
        };
        let (Some(actual), Some(expected)) = (eq.stated(table), eq.computed(table)) else {
            continue;
        };
        if (actual - expected).abs() < EPSILON {
            continue;
        }
        let difference = actual - expected;
        let mut args = message_args(eq, table, lang);
        args.extend([
            ("expected", num(expected)),
            ("actual", num(actual)),
            ("difference", signed(difference)),
        ]);
        // The stated cells come first in `cells`: they are what a clerk looks at.
        let refs: Vec<CellRef> = eq
            .terms()
            .map(|(row, col)| cell_ref(table.id, row, col, table.get(row, col)))
            .collect();
        let mut finding = rule.finding(table.id, refs, lang, &args);
        finding.expected = Some(Num(expected));
        finding.actual = Some(Num(actual));
        finding.difference = Some(Num(difference));
        out.push(finding);
    }
}

fn message_args(eq: &Equation, table: &Table, lang: Lang) -> Vec<(&'static str, String)> {
    match eq.about {
        About::Column(col) if eq.rule == "T3-BALANCE" => {
            let c = col.key;
            vec![
                ("col", lang.pick(col.label_zh, col.label_en).to_string()),
                ("new_received", value_of(table, "new_received", c)),
                ("carried_over", value_of(table, "carried_over", c)),
                ("results_total", value_of(table, "results.total", c)),
                ("carried_forward", value_of(table, "carried_forward", c)),
            ]
        }
        About::Column(col) => vec![("col", lang.pick(col.label_zh, col.label_en).to_string())],
        About::Row(row) => vec![("row", lang.pick(row.label_zh, row.label_en).to_string())],
    }
}

fn signed(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", num(v))
    } else {
        num(v)
    }
}

fn value_of(table: &Table, row: &str, col: &str) -> String {
    match table.get(row, col).map(|c| &c.value) {
        Some(crate::model::Value::Number(n)) => n.to_string(),
        _ => "0".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The equations kept per layout, less the row sums of missing rows, are the equations
    /// built afresh for the table.
    #[test]
    fn equations_of_the_layout_are_those_built_for_the_table() {
        let text = include_str!("../../fixtures/json/clean_2021.json");
        let mut report = crate::read::json::read(text.as_bytes(), Default::default()).unwrap();
        let t3 = report.table3.as_mut().unwrap();
        t3.missing_rows.push("results.withheld.state_secret");
        let fresh: Vec<Equation> = [report.table3.as_ref(), report.table4.as_ref()]
            .into_iter()
            .flatten()
            .flat_map(table_equations)
            .collect();
        let kept = statutory(&report);
        assert_eq!(kept.len(), fresh.len());
        for (a, b) in kept.iter().zip(&fresh) {
            assert_eq!((a.rule, a.table), (b.rule, b.table));
            assert_eq!((&a.actual, &a.expected), (&b.actual, &b.expected));
            assert_eq!(a.residual(&report), b.residual(&report));
        }
        assert!(
            !kept.iter().any(|eq| eq.rule == "T3-COLUMN-SUM"
                && eq.actual[0].0 == "results.withheld.state_secret")
        );
        assert!(of_layout(TableId::T3, crate::model::Edition::E2021).len() > kept.len() - 3);
    }
}
