//! Where one slip explains the failures (SPEC §4): the cell — or the pair of neighbouring
//! cells — whose change makes every failing equation of a group hold without breaking a
//! passing one. A suggestion is attached to the findings it explains; findings never change.
//!
//! Failing equations sharing a cell form a group; each group is explained on its own. Where
//! several single cells would each do, they are listed as candidates and none is picked;
//! where nothing simple fits, nothing is said.
//!
//! Where the totals are spreadsheet formulas (issue 14), a typo in an input cell moves the
//! totals computed from it, so only the balance fails and no single cell fits. Then the
//! input cells whose one change — followed through the formulas — clears every failing
//! equation of the table are listed, each with the value it should hold: kind
//! `formula_inputs` (「合计是公式计算的:…应改输入单元格 D12、D14 或 D15 之一(应减 2)」).

use crate::findings::{Finding, SuggestedCell, Suggestion};
use crate::lang::Lang;
use crate::layout::{self, TableId, ValueKind};
use crate::model::{Num, Report, Value};
use crate::rules::arithmetic::{EPSILON, Equation, Term, equations};

/// A cell of the report: its table and its (row, column).
type At = (TableId, Term);

/// Attach suggestions to the arithmetic findings of `report` they explain.
pub fn annotate(report: &Report, findings: &mut [Finding], lang: Lang) {
    // Most reports add up: nothing to explain, nothing to compute.
    if !findings
        .iter()
        .any(|f| f.expected.is_some() && f.severity == crate::findings::Severity::Error)
    {
        return;
    }
    let eqs = equations(report);
    let residuals: Vec<Option<f64>> = eqs.iter().map(|e| e.residual(report)).collect();
    let failing: Vec<usize> = (0..eqs.len())
        .filter(|&i| residuals[i].is_some_and(|r| r.abs() >= EPSILON))
        .collect();
    let mut failing = failing;
    for table in [TableId::T3, TableId::T4] {
        if let Some((group, suggestion)) =
            formula_inputs(report, &eqs, &residuals, &failing, table, lang)
        {
            attach(&eqs, &group, &suggestion, findings);
            failing.retain(|i| !group.contains(i));
        }
    }
    let mut unexplained: Vec<usize> = Vec::new();
    for group in groups(&eqs, &failing) {
        match explain(report, &eqs, &residuals, &group, lang) {
            Some(suggestion) if !over_formula(report, &suggestion) => {
                attach(&eqs, &group, &suggestion, findings)
            }
            Some(_) => {}
            None => unexplained.extend(group),
        }
    }
    // A value typed into the neighbouring column breaks two column sums that share no cell:
    // groups no fix explains alone are tried together.
    unexplained.sort_unstable();
    if groups(&eqs, &unexplained).len() > 1
        && let Some(suggestion) = explain_pair(report, &eqs, &residuals, &unexplained, lang)
        && !over_formula(report, &suggestion)
    {
        attach(&eqs, &unexplained, &suggestion, findings);
    }
}

/// Whether a suggestion would type a value over a formula: a computed total is fixed in its
/// formula (FORMULA-RANGE says how), never by overwriting it with a figure.
fn over_formula(report: &Report, suggestion: &Suggestion) -> bool {
    suggestion
        .cells
        .iter()
        .filter(|c| c.suggested.is_some())
        .any(|c| {
            layout::split_key(&c.key)
                .and_then(|(id, row, col)| report.table(id)?.get(row, col))
                .is_some_and(|cell| cell.formula.is_some())
        })
}

fn attach(eqs: &[Equation], group: &[usize], suggestion: &Suggestion, findings: &mut [Finding]) {
    for &i in group {
        let eq = &eqs[i];
        let key = layout::cell_key(eq.table, eq.actual[0].0, eq.actual[0].1);
        if let Some(f) = findings
            .iter_mut()
            .find(|f| f.rule == eq.rule && f.cells.first().is_some_and(|c| c.key == key))
        {
            f.suggestion = Some(suggestion.clone());
        }
    }
}

/// Failing equations that share a cell, transitively.
fn groups(eqs: &[Equation], failing: &[usize]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for &i in failing {
        let cells: Vec<At> = eqs[i].terms().map(|t| (eqs[i].table, t)).collect();
        let (mut joined, rest): (Vec<Vec<usize>>, Vec<Vec<usize>>) =
            groups.into_iter().partition(|g| {
                g.iter().any(|&j| {
                    eqs[j].table == eqs[i].table
                        && eqs[j].terms().any(|t| cells.contains(&(eqs[j].table, t)))
                })
            });
        let mut merged: Vec<usize> = joined.drain(..).flatten().collect();
        merged.push(i);
        merged.sort_unstable();
        groups = rest;
        groups.push(merged);
    }
    groups.sort();
    groups
}

fn explain(
    report: &Report,
    eqs: &[Equation],
    residuals: &[Option<f64>],
    group: &[usize],
    lang: Lang,
) -> Option<Suggestion> {
    let table = eqs[group[0]].table;
    let cells = cells_of(report, eqs, group, table);
    let explains = group.len();

    // One cell whose change satisfies the whole group and touches no other equation.
    let singles: Vec<(Term, f64)> = cells
        .iter()
        .filter_map(|&c| fit(report, eqs, residuals, group, table, &[(c, 1.0)]).map(|d| (c, d)))
        .collect();
    match singles.len() {
        1 => {
            let (cell, delta) = singles[0];
            let current = amount(report, table, cell);
            let kind = if digit_swap(current, current + delta) {
                "digit_swap"
            } else if subtotal_in_leaf(report, table, cell, current + delta) {
                "subtotal_as_leaf"
            } else {
                "single_cell"
            };
            let changed = vec![suggested(report, table, cell, Some(current + delta))];
            return Some(suggestion(kind, changed, explains, lang));
        }
        n if n > 1 => {
            let candidates = singles
                .iter()
                .map(|(c, _)| suggested(report, table, *c, None))
                .collect();
            return Some(suggestion("candidates", candidates, explains, lang));
        }
        _ => {}
    }

    explain_pair(report, eqs, residuals, group, lang)
}

/// Totals computed by formulas: the input cells of `table` whose one change, carried
/// through the formulas into the totals, makes every failing equation of the table hold and
/// breaks none. Only when a failing equation's total is a formula, and every formula of the
/// table is a sum ([`crate::rules::formulas`]).
fn formula_inputs(
    report: &Report,
    eqs: &[Equation],
    residuals: &[Option<f64>],
    failing: &[usize],
    table: TableId,
    lang: Lang,
) -> Option<(Vec<usize>, Suggestion)> {
    let group: Vec<usize> = failing
        .iter()
        .copied()
        .filter(|&i| eqs[i].table == table)
        .collect();
    let formulas = crate::rules::formulas::TableFormulas::new(report.table(table)?);
    let computed = group
        .iter()
        .any(|&i| eqs[i].actual.iter().any(|t| formulas.is_formula(*t)));
    if !computed {
        return None;
    }
    let mut inputs: Vec<Term> = eqs
        .iter()
        .filter(|e| e.table == table)
        .flat_map(|e| e.terms())
        .filter(|t| !formulas.is_formula(*t))
        .collect();
    let layout = report.table(table)?.layout();
    inputs.sort_by_key(|(r, c)| layout.slot(r, c).unwrap_or(usize::MAX));
    inputs.dedup();
    let mut fits = Vec::new();
    for input in inputs {
        let moves = formulas.effects(input)?;
        if let Some(d) = fit(report, eqs, residuals, &group, table, &moves) {
            fits.push((input, d));
        }
    }
    if fits.is_empty() {
        return None;
    }
    let cells = fits
        .iter()
        .map(|&(c, d)| suggested(report, table, c, Some(amount(report, table, c) + d)))
        .collect();
    let deltas: Vec<f64> = fits.iter().map(|f| f.1).collect();
    let mut s = suggestion("formula_inputs", cells, group.len(), lang);
    s.message = formula_message(&s.cells, &deltas, group.len(), lang);
    Some((group, s))
}

/// 「合计是公式计算的:要消除这 2 项错误,应改输入单元格 D12、D14 或 D15 之一(应减 2)」.
fn formula_message(cells: &[SuggestedCell], deltas: &[f64], explains: usize, lang: Lang) -> String {
    let sheet = cells
        .first()
        .and_then(|c| c.address.as_deref())
        .and_then(|a| a.rsplit_once('!'))
        .map(|(s, _)| s.to_string());
    let at = |c: &SuggestedCell| match c.address.as_deref() {
        Some(a) => match (a.rsplit_once('!'), &sheet) {
            (Some((s, cell)), Some(first)) if s == first => cell.to_string(),
            _ => a.to_string(),
        },
        None => c.key.clone(),
    };
    // One list per change: the inputs above the totals need one sign, those below the other.
    let mut by_change: Vec<(f64, Vec<String>)> = Vec::new();
    for (c, d) in cells.iter().zip(deltas) {
        match by_change.iter_mut().find(|(x, _)| (x - d).abs() < EPSILON) {
            Some((_, list)) => list.push(at(c)),
            None => by_change.push((*d, vec![at(c)])),
        }
    }
    let parts: Vec<String> = by_change
        .iter()
        .map(|(d, list)| {
            let by = Num(d.abs()).to_string();
            match lang {
                Lang::Zh => {
                    let how = if *d > 0.0 { "应加" } else { "应减" };
                    match list.as_slice() {
                        [one] => format!("{one}({how} {by})"),
                        [rest @ .., last] => {
                            format!("{} 或 {last} 之一({how} {by})", rest.join("、"))
                        }
                        [] => String::new(),
                    }
                }
                Lang::En => {
                    let how = if *d > 0.0 { "more" } else { "less" };
                    match list.as_slice() {
                        [one] => format!("{one} ({by} {how})"),
                        [rest @ .., last] => {
                            format!("one of {} or {last} ({by} {how})", rest.join(", "))
                        }
                        [] => String::new(),
                    }
                }
            }
        })
        .collect();
    match lang {
        Lang::Zh => format!(
            "合计是公式计算的:要消除这 {explains} 项错误,应改输入单元格 {}",
            parts.join(",或 ")
        ),
        Lang::En => format!(
            "the totals are computed by formulas: to clear these {explains} error(s), change the input cell {}",
            parts.join("; or ")
        ),
    }
}

/// A value typed into the neighbouring row or column: one cell too high by what the adjacent
/// one is too low.
fn explain_pair(
    report: &Report,
    eqs: &[Equation],
    residuals: &[Option<f64>],
    group: &[usize],
    lang: Lang,
) -> Option<Suggestion> {
    let table = eqs[group[0]].table;
    if group.iter().any(|&i| eqs[i].table != table) {
        return None;
    }
    let cells = cells_of(report, eqs, group, table);
    let explains = group.len();
    let mut pairs = Vec::new();
    for &a in &cells {
        for b in neighbours(report, table, a) {
            if (a < b || !cells.contains(&b))
                && let Some(d) = fit(report, eqs, residuals, group, table, &[(a, 1.0), (b, -1.0)])
            {
                pairs.push((a, b, d));
            }
        }
    }
    pairs.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    pairs.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1) || (x.0, x.1) == (y.1, y.0));
    if let [(a, b, d)] = pairs[..] {
        let (va, vb) = (amount(report, table, a), amount(report, table, b));
        let changed = vec![
            suggested(report, table, a, Some(va + d)),
            suggested(report, table, b, Some(vb - d)),
        ];
        return Some(suggestion("neighbour", changed, explains, lang));
    }
    None
}

/// The cells of a group's equations, once each, in the order the table lays them out.
fn cells_of(report: &Report, eqs: &[Equation], group: &[usize], table: TableId) -> Vec<Term> {
    let mut cells: Vec<Term> = group.iter().flat_map(|&i| eqs[i].terms()).collect();
    let layout = report.table(table).map(|t| t.layout());
    cells.sort_by_key(|(r, c)| layout.and_then(|l| l.slot(r, c)).unwrap_or(usize::MAX));
    cells.dedup();
    cells
}

/// The change `d` such that moving each cell by `weight × d` makes every equation of the
/// group hold and leaves every other equation as it is; `None` if there is none, or if it
/// would make a count negative or fractional.
fn fit(
    report: &Report,
    eqs: &[Equation],
    residuals: &[Option<f64>],
    group: &[usize],
    table: TableId,
    moves: &[(Term, f64)],
) -> Option<f64> {
    let effect = |e: &Equation| -> f64 {
        if e.table != table {
            return 0.0;
        }
        moves.iter().map(|(c, w)| e.coefficient(*c) * w).sum()
    };
    let mut delta = None;
    for (i, e) in eqs.iter().enumerate() {
        let Some(r) = residuals[i] else {
            // An equation over a text cell: a move through it cannot be judged.
            if effect(e) != 0.0 {
                return None;
            }
            continue;
        };
        let k = effect(e);
        if group.contains(&i) {
            if k == 0.0 {
                return None;
            }
            let d = -r / k;
            match delta {
                None => delta = Some(d),
                Some(prev) if (prev - d).abs() < EPSILON => {}
                Some(_) => return None,
            }
        } else if k != 0.0 {
            return None;
        }
    }
    let d = delta?;
    if d.abs() < EPSILON {
        return None;
    }
    for (c, w) in moves {
        let next = amount(report, table, *c) + w * d;
        let kind = report.table(table)?.layout().row(c.0)?.column(c.1)?.kind;
        if kind == ValueKind::Count && (next < 0.0 || next.fract() != 0.0) {
            return None;
        }
    }
    Some(d)
}

/// The cells next to one in the statutory layout: same row, adjacent column; same column,
/// adjacent row.
fn neighbours(report: &Report, table: TableId, (row, col): Term) -> Vec<Term> {
    let Some(layout) = report.table(table).map(|t| t.layout()) else {
        return Vec::new();
    };
    let rows = &layout.rows;
    let Some(r) = rows.iter().position(|x| x.key == row) else {
        return Vec::new();
    };
    let Some(c) = rows[r].columns.iter().position(|x| x.key == col) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let cols = rows[r].columns;
    if c > 0 {
        out.push((row, cols[c - 1].key));
    }
    if c + 1 < cols.len() {
        out.push((row, cols[c + 1].key));
    }
    for other in [r.checked_sub(1), Some(r + 1)].into_iter().flatten() {
        if let Some(x) = rows.get(other).filter(|x| x.column(col).is_some()) {
            out.push((x.key, col));
        }
    }
    out
}

fn amount(report: &Report, table: TableId, (row, col): Term) -> f64 {
    match report
        .table(table)
        .and_then(|t| t.get(row, col))
        .map(|c| &c.value)
    {
        Some(Value::Number(n)) => n.0,
        _ => 0.0,
    }
}

/// Whether a result leaf holds its group's sub-total (「(三)不予公开」 summed into 「1.属于国家
/// 秘密」): what it holds equals the group's sum once it holds `fixed`.
fn subtotal_in_leaf(report: &Report, table: TableId, (row, col): Term, fixed: f64) -> bool {
    let Some(layout) = report.table(table).map(|t| t.layout()) else {
        return false;
    };
    let Some(group) = layout.row(row).and_then(|r| r.group) else {
        return false;
    };
    let others: Vec<f64> = layout
        .rows
        .iter()
        .filter(|r| r.group == Some(group) && r.key != row)
        .map(|r| amount(report, table, (r.key, col)))
        .filter(|v| *v != 0.0)
        .collect();
    // With one other item filled in, any slip of its size would look like a sub-total.
    others.len() >= 2
        && (amount(report, table, (row, col)) - (fixed + others.iter().sum::<f64>())).abs()
            < EPSILON
}

/// Whether two whole numbers are the same digits in another order (21 and 12).
fn digit_swap(a: f64, b: f64) -> bool {
    if a.fract() != 0.0 || b.fract() != 0.0 || a == b {
        return false;
    }
    let digits = |v: f64| {
        let mut d: Vec<char> = format!("{}", v.abs() as i64).chars().collect();
        d.sort_unstable();
        d
    };
    a.abs() >= 10.0 && digits(a) == digits(b)
}

fn suggested(
    report: &Report,
    table: TableId,
    (row, col): Term,
    value: Option<f64>,
) -> SuggestedCell {
    let cell = report.table(table).and_then(|t| t.get(row, col));
    let r = crate::rules::cell_ref(table, row, col, cell);
    SuggestedCell {
        key: r.key,
        address: r.address,
        value: r.value,
        suggested: value.map(Num),
    }
}

/// How a cell is named in a suggestion: its address (or key) and its labels.
fn name(cell: &SuggestedCell, lang: Lang) -> String {
    let at = cell.address.clone().unwrap_or_else(|| cell.key.clone());
    let labels = layout::split_key(&cell.key).and_then(|(id, row, col)| {
        let r = layout::table(id, crate::model::Edition::E2021)
            .row(row)
            .or_else(|| layout::table(id, crate::model::Edition::E2019).row(row))?;
        r.column(col).map(|c| (r, c))
    });
    match (labels, lang) {
        (Some((r, c)), Lang::Zh) => format!("{at}({}/{})", r.label_zh, c.label_zh),
        (Some((r, c)), Lang::En) => format!("{at} ({} / {})", r.label_en, c.label_en),
        (None, _) => at,
    }
}

fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "空".into(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn suggestion(
    kind: &'static str,
    cells: Vec<SuggestedCell>,
    explains: usize,
    lang: Lang,
) -> Suggestion {
    let change = |c: &SuggestedCell| {
        let to = c.suggested.map(|n| n.to_string()).unwrap_or_default();
        match lang {
            Lang::Zh => format!("{}应为 {}(现为 {})", name(c, lang), to, shown(&c.value)),
            Lang::En => format!(
                "{} should be {} (it is {})",
                name(c, lang),
                to,
                shown(&c.value)
            ),
        }
    };
    let message = match (kind, lang) {
        ("candidates", Lang::Zh) => format!(
            "以下任一单元格有误都能解释这 {explains} 项错误,无法确定是哪一个:{}",
            cells
                .iter()
                .map(|c| name(c, lang))
                .collect::<Vec<_>>()
                .join("、")
        ),
        ("candidates", Lang::En) => format!(
            "any one of these cells would explain the {explains} error(s); which one cannot be told: {}",
            cells
                .iter()
                .map(|c| name(c, lang))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ("neighbour", Lang::Zh) => format!(
            "建议:{},疑为数值填入了相邻单元格,可同时消除 {explains} 项错误",
            cells.iter().map(change).collect::<Vec<_>>().join(";")
        ),
        ("neighbour", Lang::En) => format!(
            "suggestion: {}; the value seems typed into the neighbouring cell; this clears {explains} error(s)",
            cells.iter().map(change).collect::<Vec<_>>().join("; ")
        ),
        ("subtotal_as_leaf", Lang::Zh) => format!(
            "建议:{},疑为把该组小计填入了分项,可同时消除 {explains} 项错误",
            change(&cells[0])
        ),
        ("subtotal_as_leaf", Lang::En) => {
            format!(
                "suggestion: {}, the group's sub-total seems typed into this item; this clears {explains} error(s)",
                change(&cells[0])
            )
        }
        ("digit_swap", Lang::Zh) => format!(
            "建议:{},疑为数字顺序颠倒,可同时消除 {explains} 项错误",
            change(&cells[0])
        ),
        ("digit_swap", Lang::En) => format!(
            "suggestion: {}, its digits seem swapped; this clears {explains} error(s)",
            change(&cells[0])
        ),
        (_, Lang::Zh) => format!("建议:{},可同时消除 {explains} 项错误", change(&cells[0])),
        (_, Lang::En) => format!(
            "suggestion: {}; this clears {explains} error(s)",
            change(&cells[0])
        ),
    };
    Suggestion {
        kind,
        cells,
        explains,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;

    fn clean() -> Report {
        crate::read::json::read(
            include_str!("../fixtures/json/clean_2021.json").as_bytes(),
            Source::default(),
        )
        .unwrap()
    }

    fn set(report: &mut Report, id: TableId, row: &str, col: &str, v: f64) {
        let table = report.table_mut(id).as_mut().unwrap();
        table.get_mut(row, col).unwrap().value = Value::Number(Num(v));
    }

    /// (message, kind, [(cell key, suggested value)]) of each distinct suggestion.
    type Seen = (String, &'static str, Vec<(String, Option<f64>)>);

    fn suggestions(report: &Report) -> Vec<Seen> {
        let mut findings = crate::rules::check(report, Lang::Zh);
        annotate(report, &mut findings, Lang::Zh);
        let mut out: Vec<_> = findings
            .iter()
            .filter_map(|f| f.suggestion.as_ref())
            .map(|s| {
                (
                    s.message.clone(),
                    s.kind,
                    s.cells
                        .iter()
                        .map(|c| (c.key.clone(), c.suggested.map(|n| n.0)))
                        .collect(),
                )
            })
            .collect();
        out.dedup();
        out
    }

    /// Every count of table 3 and 4 that takes part in three equations, changed by several
    /// amounts: the suggestion names that cell and its true value.
    #[test]
    fn one_wrong_cell_is_named_with_its_value() {
        let base = clean();
        let mut tried = 0;
        for id in [TableId::T3, TableId::T4] {
            let keys: Vec<Term> = base
                .table(id)
                .unwrap()
                .cells()
                .map(|(r, c, _)| (r.key, c.key))
                .collect();
            for (row, col) in keys {
                let current = amount(&base, id, (row, col));
                for delta in [1.0, 5.0, 9.0] {
                    let mut report = base.clone();
                    set(&mut report, id, row, col, current + delta);
                    let got = suggestions(&report);
                    assert_eq!(got.len(), 1, "{row}.{col} +{delta}: {got:?}");
                    let (_, kind, cells) = &got[0];
                    // Every table-3 cell is in two or three equations, so one cell fits.
                    assert!(
                        id == TableId::T4 || *kind != "candidates",
                        "{row}.{col} +{delta}: {got:?}"
                    );
                    if *kind == "candidates" {
                        // A lone failing sum (a cell in one equation only) has as many
                        // candidates as operands: the changed cell must be among them.
                        assert!(
                            cells
                                .iter()
                                .any(|(k, _)| k.ends_with(&format!("{row}.{col}"))),
                            "{row}.{col}: {got:?}"
                        );
                    } else {
                        assert_eq!(
                            cells,
                            &vec![(layout::cell_key(id, row, col), Some(current))],
                            "{row}.{col} +{delta}"
                        );
                    }
                    tried += 1;
                }
            }
        }
        assert!(tried > 500);
    }

    #[test]
    fn a_sub_total_typed_into_a_leaf_is_named_as_such() {
        let mut report = clean();
        // (三)不予公开, 自然人: leaves 1, 0, 0, 2, 0, 1, 0, 0; the sub-total 4 typed into 1.国家秘密.
        set(
            &mut report,
            TableId::T3,
            "results.withheld.state_secret",
            "natural_person",
            4.0,
        );
        let got = suggestions(&report);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "subtotal_as_leaf");
        assert_eq!(
            got[0].2,
            vec![(
                "table3.results.withheld.state_secret.natural_person".to_string(),
                Some(1.0)
            )]
        );
    }

    #[test]
    fn swapped_digits_are_named_as_such() {
        let mut report = clean();
        set(
            &mut report,
            TableId::T3,
            "results.disclosed",
            "natural_person",
            21.0,
        );
        let got = suggestions(&report);
        assert_eq!(got[0].1, "digit_swap");
        assert!(got[0].0.starts_with("建议:table3.results.disclosed.natural_person((一)予以公开/自然人)应为 12(现为 21),疑为数字顺序颠倒,可同时消除 2 项错误"), "{got:?}");
    }

    #[test]
    fn a_value_in_the_neighbouring_column_is_found() {
        let mut report = clean();
        // 自然人 4 typed under 商业企业 in (二)部分公开: 0 and 5 instead of 4 and 1.
        set(
            &mut report,
            TableId::T3,
            "results.partially_disclosed",
            "natural_person",
            0.0,
        );
        set(
            &mut report,
            TableId::T3,
            "results.partially_disclosed",
            "commercial",
            5.0,
        );
        let got = suggestions(&report);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, "neighbour");
        assert_eq!(
            got[0].2,
            vec![
                (
                    "table3.results.partially_disclosed.commercial".to_string(),
                    Some(1.0)
                ),
                (
                    "table3.results.partially_disclosed.natural_person".to_string(),
                    Some(4.0)
                ),
            ]
        );
    }

    /// Two unrelated wrong cells: each group gets its own fix, and no single cell is claimed
    /// for both.
    #[test]
    fn two_unrelated_wrong_cells_are_explained_separately() {
        let mut report = clean();
        set(
            &mut report,
            TableId::T3,
            "results.disclosed",
            "natural_person",
            13.0,
        );
        set(&mut report, TableId::T4, "review", "upheld", 3.0);
        let got = suggestions(&report);
        let keys: Vec<&str> = got
            .iter()
            .flat_map(|g| g.2.iter().map(|(k, _)| k.as_str()))
            .collect();
        assert!(keys.contains(&"table3.results.disclosed.natural_person"));
        assert!(got.iter().all(|g| g.2.len() <= 5));
    }

    /// Two wrong cells in the same equations: no single cell explains them, so nothing is
    /// claimed.
    #[test]
    fn no_false_single_cell_claim_for_two_wrong_cells() {
        let mut report = clean();
        set(
            &mut report,
            TableId::T3,
            "results.disclosed",
            "natural_person",
            13.0,
        );
        set(
            &mut report,
            TableId::T3,
            "results.withheld.process_info",
            "commercial",
            3.0,
        );
        for (_, kind, cells) in suggestions(&report) {
            assert!(kind != "single_cell" && kind != "digit_swap" || cells.len() == 1);
            // A claim, if any, must actually be one of the two wrong cells.
            if kind == "single_cell" || kind == "digit_swap" {
                assert!(
                    cells[0].0.ends_with("disclosed.natural_person")
                        || cells[0].0.ends_with("process_info.commercial")
                );
            }
        }
    }
}
