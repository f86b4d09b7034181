//! Rules about the report as a whole: EDITION-MISMATCH and TABLE-MISSING.

use super::{Rule, Subject};
use crate::findings::{CellRef, Finding};
use crate::lang::Lang;
use crate::layout::TableId;
use crate::model::Edition;

/// What decided a table's edition, for the message.
fn signal(id: TableId, lang: Lang) -> String {
    match (id, lang) {
        (TableId::T2, Lang::Zh) => "表二栏目".into(),
        (TableId::T2, Lang::En) => "table 2's columns".into(),
        (TableId::T3, Lang::Zh) => "表三「(六)其他处理」的分项".into(),
        (TableId::T3, Lang::En) => "table 3's “other handling” sub-rows".into(),
        (id, Lang::Zh) => format!("表{}", id.numeral_zh()),
        (id, Lang::En) => format!("table {}", id.number()),
    }
}

/// A reference naming a whole table, for findings about its shape.
pub(super) fn table_ref(id: TableId) -> CellRef {
    CellRef {
        key: id.key().to_string(),
        address: None,
        value: serde_json::Value::Null,
        file: None,
        page: None,
        line: None,
    }
}

pub(super) fn edition_mismatch(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    // Table 4 is the same in both editions, so only tables 2 and 3 tell.
    let shaped: Vec<(TableId, Edition)> = [TableId::T2, TableId::T3]
        .into_iter()
        .filter_map(|id| report.table(id).map(|t| (id, t.edition)))
        .collect();
    let prescribed = report.year.and_then(Edition::for_year);
    if let Some(expected) = prescribed {
        let wrong: Vec<&(TableId, Edition)> =
            shaped.iter().filter(|(_, e)| *e != expected).collect();
        if !wrong.is_empty() {
            let parts: Vec<String> = wrong
                .iter()
                .map(|(id, e)| match lang {
                    Lang::Zh => format!("{}为{}版", signal(*id, lang), e),
                    Lang::En => format!("{} follow the {} edition", signal(*id, lang), e),
                })
                .collect();
            let year = report.year.unwrap_or_default();
            let what = match lang {
                Lang::Zh => format!(
                    "{}年度报告应使用{}版表格({}),但{}",
                    year,
                    expected,
                    expected.document(),
                    parts.join("、")
                ),
                Lang::En => format!(
                    "a report for {} must use the {} edition tables ({}), but {}",
                    year,
                    expected,
                    expected.document(),
                    parts.join(" and ")
                ),
            };
            let refs = wrong.iter().map(|(id, _)| table_ref(*id)).collect();
            out.push(rule.finding(wrong[0].0, refs, lang, &[("what", what)]));
            return;
        }
    }
    // Without a year (or with every table fitting it), the tables must still agree.
    if let [(a, ea), (b, eb)] = shaped[..]
        && ea != eb
    {
        let what = match lang {
            Lang::Zh => format!(
                "各表版本不一:{}为{}版,{}为{}版",
                signal(a, lang),
                ea,
                signal(b, lang),
                eb
            ),
            Lang::En => format!(
                "the tables disagree: {} follow the {} edition, {} the {} edition",
                signal(a, lang),
                ea,
                signal(b, lang),
                eb
            ),
        };
        out.push(rule.finding(a, vec![table_ref(a), table_ref(b)], lang, &[("what", what)]));
        return;
    }
    if let (Some(declared), Some((id, shape))) = (report.edition, shaped.first())
        && declared != *shape
    {
        let what = match lang {
            Lang::Zh => format!(
                "报告声明为{}版,但{}为{}版",
                declared,
                signal(*id, lang),
                shape
            ),
            Lang::En => format!(
                "the report declares the {} edition, but {} follow the {} edition",
                declared,
                signal(*id, lang),
                shape
            ),
        };
        out.push(rule.finding(*id, vec![table_ref(*id)], lang, &[("what", what)]));
    }
}

pub(super) fn table_missing(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    if !report.claims_report {
        return;
    }
    // Headings without tables: one finding for the document, not one per table.
    if let crate::model::DocumentKind::TablesMissing { .. } = report.kind {
        let table = lang.pick(
            "二、三、四(有法定标题,表格可能是图片或附件)",
            "2, 3 and 4 (the headings are there; the tables are probably images or an attachment)",
        );
        let refs = TableId::ALL.into_iter().map(table_ref).collect();
        out.push(rule.finding(TableId::T2, refs, lang, &[("table", table.to_string())]));
        return;
    }
    for id in TableId::ALL {
        // A copy cut off inside an earlier table lacks the rest; TEXT-ROWS-UNREAD says so.
        let after_cut = report.cut_off
            && TableId::ALL
                .iter()
                .any(|&t| t < id && report.table(t).is_some());
        if report.table(id).is_none() && !after_cut {
            let table = lang.pick(id.title_zh(), id.title_en()).to_string();
            out.push(rule.finding(id, vec![table_ref(id)], lang, &[("table", table)]));
        }
    }
}

pub(super) fn label_ambiguous(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    for id in TableId::ALL {
        let Some(table) = report.table(id) else {
            continue;
        };
        for a in &table.ambiguous {
            let names: Vec<String> = a
                .candidates
                .iter()
                .filter_map(|k| table.layout().row(k))
                .map(|r| match lang {
                    Lang::Zh => format!("「{}」", r.label_zh),
                    Lang::En => format!("“{}”", r.label_en),
                })
                .collect();
            let at = a
                .location
                .as_ref()
                .map(|l| l.to_string())
                .unwrap_or_default();
            let args = [
                ("found", a.found.clone()),
                ("candidates", names.join(lang.pick("和", " and "))),
                ("at", at),
            ];
            let refs = a
                .candidates
                .iter()
                .map(|k| CellRef {
                    key: format!("{}.{}", id.key(), k),
                    address: a.location.as_ref().and_then(|l| l.address()),
                    value: serde_json::Value::String(a.found.clone()),
                    file: None,
                    page: None,
                    line: None,
                })
                .collect();
            out.push(rule.finding(id, refs, lang, &args));
        }
    }
}
