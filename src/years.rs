//! Across years (T3-CARRY-CONTINUITY, T2-IN-FORCE-CONTINUITY): what one year's report carries
//! forward, the next year's must carry over. Only the few figures these rules compare are
//! kept of each report ([`YearFacts`]), so a bulk run can pair any two files without holding
//! their workbooks.

use crate::findings::{CellRef, Finding, Severity};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Cell, Edition, Num, Report};
use crate::rules::{Rule, num};

/// A figure kept for a cross-year comparison: its value (blank counts 0; text is `None`),
/// the reference a finding shows.
#[derive(Debug, Clone)]
struct Figure {
    amount: Option<f64>,
    cell: CellRef,
}

impl Figure {
    fn of(report: &Report, table: TableId, row: &str, col: &str) -> Option<Figure> {
        let cell: &Cell = report.table(table)?.get(row, col)?;
        Some(Figure {
            amount: cell.amount(),
            cell: crate::rules::cell_ref(table, row, col, Some(cell)),
        })
    }
}

/// What a report says that the next or the previous year's report must agree with.
#[derive(Debug, Clone)]
pub struct YearFacts {
    pub source: String,
    /// The agency as read, and normalised for pairing (whitespace and full-width folded).
    pub agency: String,
    pub agency_key: String,
    pub year: i32,
    carried_over: Vec<(&'static layout::Column, Figure)>,
    carried_forward: Vec<(&'static layout::Column, Figure)>,
    /// 2021 table 2: (row, issued, repealed, in force) for 规章 and 行政规范性文件.
    documents: Vec<(&'static layout::Row, Figure, Figure, Figure)>,
}

impl YearFacts {
    /// The facts of a report, when it names its agency and year.
    pub fn of(report: &Report) -> Option<YearFacts> {
        let agency = report.agency.clone()?;
        let year = report.year?;
        let row = |key: &str| -> Vec<(&'static layout::Column, Figure)> {
            layout::T3_COLUMNS
                .iter()
                .filter_map(|col| Figure::of(report, TableId::T3, key, col.key).map(|f| (col, f)))
                .collect()
        };
        let documents = match report.table2.as_ref() {
            Some(t2) if t2.edition == Edition::E2021 => t2
                .layout()
                .rows
                .iter()
                .filter(|r| r.column("in_force").is_some())
                .filter_map(|r| {
                    let f = |c| Figure::of(report, TableId::T2, r.key, c);
                    Some((r, f("issued")?, f("repealed")?, f("in_force")?))
                })
                .collect(),
            _ => Vec::new(),
        };
        Some(YearFacts {
            source: report.source.path.clone(),
            agency_key: crate::labels::normalise(&agency),
            agency,
            year,
            carried_over: row("carried_over"),
            carried_forward: row("carried_forward"),
            documents,
        })
    }
}

fn rule(id: &str) -> &'static Rule {
    crate::rules::rule(id).expect("registered rule")
}

/// The findings of comparing a report with the previous year's, listed with the later one.
pub fn compare(previous: &YearFacts, current: &YearFacts, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    let carry = rule("T3-CARRY-CONTINUITY");
    for (col, over) in &current.carried_over {
        let Some((_, forward)) = previous
            .carried_forward
            .iter()
            .find(|(c, _)| c.key == col.key)
        else {
            continue;
        };
        let (Some(now), Some(before)) = (over.amount, forward.amount) else {
            continue;
        };
        if now == before {
            continue;
        }
        let args = [
            ("col", lang.pick(col.label_zh, col.label_en).to_string()),
            ("year", current.year.to_string()),
            ("previous_year", previous.year.to_string()),
            ("carried_over", num(now)),
            ("carried_forward", num(before)),
            (
                "at",
                over.cell
                    .address
                    .clone()
                    .unwrap_or_else(|| over.cell.key.clone()),
            ),
            ("previous_file", previous.source.clone()),
            (
                "previous_at",
                forward
                    .cell
                    .address
                    .clone()
                    .unwrap_or_else(|| forward.cell.key.clone()),
            ),
        ];
        out.push(finding(
            carry,
            TableId::T3,
            vec![over.cell.clone(), in_file(&forward.cell, &previous.source)],
            before,
            now,
            lang,
            &args,
        ));
    }
    let in_force = rule("T2-IN-FORCE-CONTINUITY");
    for (row, issued, repealed, now) in &current.documents {
        let Some((_, _, _, before)) = previous.documents.iter().find(|(r, ..)| r.key == row.key)
        else {
            continue;
        };
        let (Some(i), Some(r), Some(n), Some(b)) =
            (issued.amount, repealed.amount, now.amount, before.amount)
        else {
            continue;
        };
        let expected = b + i - r;
        if (n - expected).abs() < 1e-9 {
            continue;
        }
        let args = [
            ("row", lang.pick(row.label_zh, row.label_en).to_string()),
            ("year", current.year.to_string()),
            ("previous_year", previous.year.to_string()),
            ("previous_in_force", num(b)),
            ("issued", num(i)),
            ("repealed", num(r)),
            ("expected", num(expected)),
            ("actual", num(n)),
            ("previous_file", previous.source.clone()),
        ];
        let cells = vec![
            now.cell.clone(),
            issued.cell.clone(),
            repealed.cell.clone(),
            in_file(&before.cell, &previous.source),
        ];
        out.push(finding(
            in_force,
            TableId::T2,
            cells,
            expected,
            n,
            lang,
            &args,
        ));
    }
    out
}

/// A cell of the other year's file: the file is named in the reference.
fn in_file(cell: &CellRef, file: &str) -> CellRef {
    CellRef {
        file: Some(file.to_string()),
        ..cell.clone()
    }
}

fn finding(
    rule: &'static Rule,
    table: TableId,
    cells: Vec<CellRef>,
    expected: f64,
    actual: f64,
    lang: Lang,
    args: &[(&str, String)],
) -> Finding {
    Finding {
        rule: rule.id,
        severity: rule.severity,
        cells,
        expected: Some(Num(expected)),
        actual: Some(Num(actual)),
        difference: Some(Num(actual - expected)),
        message: rule.message(lang, args),
        suggestion: None,
        table: table.number(),
    }
}

/// Pairs reports of one agency in consecutive years as a run meets them: each report is
/// compared with the ones already seen, and the findings go with the one seen second, so the
/// output is the same whatever the order files finish in.
#[derive(Debug, Default)]
pub struct Linker {
    seen: Vec<YearFacts>,
}

impl Linker {
    /// Cross-year findings for `facts` against the reports seen before it; then remember it.
    pub fn link(&mut self, facts: YearFacts, lang: Lang) -> Vec<Finding> {
        let mut out = Vec::new();
        for other in self
            .seen
            .iter()
            .filter(|o| o.agency_key == facts.agency_key)
        {
            if other.year + 1 == facts.year {
                out.extend(compare(other, &facts, lang));
            } else if facts.year + 1 == other.year {
                out.extend(compare(&facts, other, lang));
            }
        }
        self.seen.push(facts);
        out
    }
}

/// Add cross-year findings to a file's result, keeping the order and status rules of a
/// single check.
pub fn merge(result: &mut crate::findings::FileResult, extra: Vec<Finding>) {
    if extra.is_empty() {
        return;
    }
    result.findings.extend(extra);
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if result
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        result.status = crate::findings::Status::Fail;
    }
}
