//! Rules about what the report's sentences say (PROSE-SUM, PROSE-TABLE,
//! CITES-SUPERSEDED-FORMAT) and whether its figures are plausible for the agency
//! (T2-TOWN-REGULATIONS). The sentences are read by [`crate::prose`].

use super::{Rule, Subject, cell_ref, num};
use crate::findings::{CellRef, Finding};
use crate::lang::Lang;
use crate::layout::TableId;
use crate::model::{Num, Prose, Report, Value};
use crate::prose::{self, Figure};

/// A reference to a paragraph for a finding: key `prose`, its address, the sentence.
fn prose_ref(paragraph: &Prose, sentence: &str) -> CellRef {
    CellRef {
        key: "prose".into(),
        address: paragraph.location.as_ref().and_then(|l| l.address()),
        value: serde_json::Value::String(sentence.to_string()),
        file: None,
        page: None,
        line: None,
    }
}

/// A sentence as quoted in a message: whole up to 120 characters.
fn quote(sentence: &str) -> String {
    const MAX: usize = 120;
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let head: String = sentence.chars().take(MAX).collect();
    format!("{head}…")
}

/// A finding about the document as a whole (table 0 in the order of findings).
fn document_finding(
    rule: &Rule,
    cells: Vec<CellRef>,
    lang: Lang,
    args: &[(&str, String)],
) -> Finding {
    let mut finding = rule.finding(TableId::T2, cells, lang, args);
    finding.table = 0;
    finding
}

pub(super) fn prose_sum(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let lang = subject.lang;
    for paragraph in &subject.report.prose {
        for claim in prose::sum_claims(&paragraph.text) {
            let (total, sum) = (claim.total, claim.sum());
            if (total - sum).abs() < super::arithmetic::EPSILON {
                continue;
            }
            let parts: Vec<String> = claim.parts.iter().map(|(_, v)| num(*v)).collect();
            let args = [
                ("sentence", quote(&claim.text)),
                ("total", format!("{}{}", num(total), claim.unit)),
                ("parts", parts.join(" + ")),
                ("sum", format!("{}{}", num(sum), claim.unit)),
                ("difference", num(total - sum)),
            ];
            let mut finding =
                document_finding(rule, vec![prose_ref(paragraph, &claim.text)], lang, &args);
            finding.expected = Some(Num(sum));
            finding.actual = Some(Num(total));
            finding.difference = Some(Num(total - sum));
            out.push(finding);
        }
    }
}

/// The table cells a figure of the prose stands for, summed (litigation is two groups).
fn table_cells(figure: Figure) -> (TableId, &'static [(&'static str, &'static str)]) {
    match figure {
        Figure::Received => (TableId::T3, &[("new_received", "total")]),
        Figure::CarriedOver => (TableId::T3, &[("carried_over", "total")]),
        Figure::Handled => (TableId::T3, &[("results.total", "total")]),
        Figure::CarriedForward => (TableId::T3, &[("carried_forward", "total")]),
        Figure::Review => (TableId::T4, &[("review", "total")]),
        Figure::Litigation => (
            TableId::T4,
            &[
                ("litigation_direct", "total"),
                ("litigation_after_review", "total"),
            ],
        ),
    }
}

fn figure_name(figure: Figure, lang: Lang) -> &'static str {
    match figure {
        Figure::Received => lang.pick(
            "表三「本年新收政府信息公开申请数量」总计",
            "table 3 new applications, total",
        ),
        Figure::CarriedOver => lang.pick(
            "表三「上年结转政府信息公开申请数量」总计",
            "table 3 applications carried over, total",
        ),
        Figure::Handled => lang.pick("表三「(七)总计」", "table 3 results total"),
        Figure::CarriedForward => lang.pick(
            "表三「结转下年度继续办理」总计",
            "table 3 carried forward, total",
        ),
        Figure::Review => lang.pick(
            "表四「行政复议」总计",
            "table 4 administrative review, total",
        ),
        Figure::Litigation => lang.pick(
            "表四「行政诉讼」两项总计之和",
            "table 4 litigation, both totals together",
        ),
    }
}

/// The figure a table holds for what the prose states; nothing when a cell is unread.
fn table_figure(report: &Report, figure: Figure) -> Option<(f64, Vec<CellRef>)> {
    let (id, cells) = table_cells(figure);
    let table = report.table(id)?;
    let mut total = 0.0;
    let mut refs = Vec::new();
    for (row, col) in cells {
        if table.missing_rows.contains(row) {
            return None;
        }
        let cell = table.get(row, col)?;
        let Value::Number(n) = cell.value else {
            return None;
        };
        total += n.0;
        refs.push(cell_ref(id, row, col, Some(cell)));
    }
    Some((total, refs))
}

pub(super) fn prose_table(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    for paragraph in &report.prose {
        for claim in prose::figure_claims(&paragraph.text, report.year) {
            let Some((held, cells)) = table_figure(report, claim.figure) else {
                continue;
            };
            // 「收到申请N件」 sometimes counts last year's carried-over applications too.
            let received_with_carried = claim.figure == Figure::Received
                && table_figure(report, Figure::CarriedOver)
                    .is_some_and(|(carried, _)| (held + carried - claim.value).abs() < 1e-9);
            if (held - claim.value).abs() < 1e-9 || received_with_carried {
                continue;
            }
            let args = [
                ("sentence", quote(&claim.text)),
                ("stated", num(claim.value)),
                ("figure", figure_name(claim.figure, lang).to_string()),
                ("held", num(held)),
            ];
            let mut refs = vec![prose_ref(paragraph, &claim.text)];
            refs.extend(cells);
            let mut finding = document_finding(rule, refs, lang, &args);
            finding.expected = Some(Num(held));
            finding.actual = Some(Num(claim.value));
            finding.difference = Some(Num(claim.value - held));
            out.push(finding);
        }
    }
}

/// Township-level agencies (乡, 镇, 街道, 苏木): the unit the name ends with once the organ
/// (人民政府, 办事处, 党政办公室 …) is taken off. 「镇江市人民政府」 is a city.
pub fn is_township(agency: &str) -> bool {
    let mut name = agency.trim();
    for organ in [
        "人民政府",
        "政府",
        "办事处",
        "党政综合办公室",
        "党政办公室",
        "党政办",
        "办公室",
    ] {
        if let Some(rest) = name.strip_suffix(organ) {
            name = rest;
            break;
        }
    }
    ["镇", "乡", "街道", "苏木"]
        .iter()
        .any(|unit| name.ends_with(unit))
}

pub(super) fn town_regulations(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    let (Some(agency), Some(table)) = (report.agency.as_deref(), report.table2.as_ref()) else {
        return;
    };
    if !is_township(agency) {
        return;
    }
    let reported: Vec<_> = table
        .cells()
        .filter(|(row, _, cell)| {
            row.key == "regulations" && matches!(cell.value, Value::Number(n) if n.0 > 0.0)
        })
        .collect();
    if reported.is_empty() {
        return;
    }
    let figures: Vec<String> = reported
        .iter()
        .map(|(_, col, cell)| {
            let value = match cell.value {
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            format!("{} {}", lang.pick(col.label_zh, col.label_en), value)
        })
        .collect();
    let args = [
        ("agency", agency.to_string()),
        ("figures", figures.join(lang.pick("、", ", "))),
    ];
    let refs = reported
        .iter()
        .map(|(row, col, cell)| cell_ref(TableId::T2, row.key, col.key, Some(cell)))
        .collect();
    out.push(rule.finding(TableId::T2, refs, lang, &args));
}

pub(super) fn superseded_format(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    let Some(year) = report.year.filter(|y| *y >= 2021) else {
        return;
    };
    let Some((paragraph, sentence)) = report
        .prose
        .iter()
        .find_map(|p| prose::citing_2019_format(&p.text).map(|s| (p, s)))
    else {
        return;
    };
    let args = [("year", year.to_string()), ("sentence", quote(sentence))];
    out.push(document_finding(
        rule,
        vec![prose_ref(paragraph, sentence)],
        lang,
        &args,
    ));
}

#[cfg(test)]
mod tests {
    use super::is_township;

    #[test]
    fn townships_by_the_unit_their_name_ends_with() {
        for name in [
            "慈化镇人民政府",
            "慈化镇",
            "立岗乡",
            "城关街道办事处",
            "某某苏木",
        ] {
            assert!(is_township(name), "{name}");
        }
        for name in [
            "镇江市人民政府",
            "袁州区教育局",
            "乡村振兴局",
            "临沭县人民政府",
        ] {
            assert!(!is_township(name), "{name}");
        }
    }
}
