//! Rules about single cells: CELL-COUNT, CELL-BLANK, CELL-TEXT.

use super::{Rule, Subject, cell_name, cell_ref};
use crate::findings::Finding;
use crate::lang::Lang;
use crate::layout::ValueKind;
use crate::model::{Cell, Report, Table, Value};

/// Visit every cell read, of every table present, in layout order, with its row and column.
fn each_cell(
    report: &Report,
    mut visit: impl FnMut(&Table, &crate::layout::Row, &crate::layout::Column, Option<&Cell>),
) {
    for id in crate::layout::TableId::ALL {
        let Some(table) = report.table(id) else {
            continue;
        };
        for (row, col, cell) in table.cells() {
            visit(table, row, col, Some(cell));
        }
    }
}

pub(super) fn cell_count(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    each_cell(report, |table, row, col, cell| {
        let Some(cell) = cell else { return };
        let Value::Number(n) = cell.value else { return };
        let ok = match col.kind {
            ValueKind::Count => n.0 >= 0.0 && n.0.fract() == 0.0,
            ValueKind::Change => n.0.fract() == 0.0,
            ValueKind::Money => n.0 >= 0.0,
        };
        if ok {
            return;
        }
        let what = match (col.kind, lang) {
            (ValueKind::Count, Lang::Zh) => "非负整数",
            (ValueKind::Count, Lang::En) => "a non-negative whole number",
            (ValueKind::Change, Lang::Zh) => "整数",
            (ValueKind::Change, Lang::En) => "a whole number",
            (ValueKind::Money, Lang::Zh) => "非负金额",
            (ValueKind::Money, Lang::En) => "a non-negative amount",
        };
        let args = [
            ("cell", cell_name(table.id, row, col, Some(cell), lang)),
            ("what", what.to_string()),
            // The exact figure: 0.9999999 must not print as 1.
            ("value", format!("{}", n.0)),
        ];
        let refs = vec![cell_ref(table.id, row.key, col.key, Some(cell))];
        out.push(rule.finding(table.id, refs, lang, &args));
    });
}

pub(super) fn cell_blank(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    for id in crate::layout::TableId::ALL {
        let Some(table) = report.table(id) else {
            continue;
        };
        let mut blanks = Vec::new();
        let layout = table.layout();
        for (i, row) in layout.rows.iter().enumerate() {
            if table.missing_rows.contains(&row.key) {
                // One finding for a row not found at all, not one per cell.
                let name = match lang {
                    Lang::Zh => format!("表{}「{}」行", id.numeral_zh(), row.label_zh),
                    Lang::En => format!("Table {} row “{}”", id.number(), row.label_en),
                };
                let what = lang.pick("未找到", "was not found").to_string();
                let refs = row
                    .columns
                    .iter()
                    .map(|c| cell_ref(id, row.key, c.key, None))
                    .collect();
                out.push(rule.finding(id, refs, lang, &[("cell", name), ("what", what)]));
                continue;
            }
            for (slot, col) in (layout.row_start(i)..).zip(row.columns) {
                let cell = table.at(slot);
                let what = match cell {
                    None => lang.pick("未填写", "is empty").to_string(),
                    Some(c) if c.value == Value::Blank => match &c.raw {
                        Some(raw) => match lang {
                            Lang::Zh => format!("填写为「{raw}」"),
                            Lang::En => format!("holds “{raw}”"),
                        },
                        None => lang.pick("未填写", "is empty").to_string(),
                    },
                    Some(_) => continue,
                };
                blanks.push((row, col, cell, what));
            }
        }
        if blanks.len() < GROUP_BLANKS_FROM {
            for (row, col, cell, what) in blanks {
                let args = [
                    ("cell", cell_name(id, row, col, cell, lang)),
                    ("what", what),
                ];
                out.push(rule.finding(id, vec![cell_ref(id, row.key, col.key, cell)], lang, &args));
            }
            continue;
        }
        // A template whose zeros were cleared: one finding for the table, every cell in it
        // (JSON lists them all), the rows named with their counts.
        let mut rows: Vec<(&crate::layout::Row, usize)> = Vec::new();
        for (row, ..) in &blanks {
            match rows.iter_mut().find(|(r, _)| r.key == row.key) {
                Some((_, n)) => *n += 1,
                None => rows.push((row, 1)),
            }
        }
        let shown: Vec<String> = rows
            .iter()
            .take(GROUP_ROWS_NAMED)
            .map(|(r, n)| match lang {
                Lang::Zh => format!("「{}」{n} 格", r.label_zh),
                Lang::En => format!("“{}” ({n})", r.label_en),
            })
            .collect();
        let more = rows.len().saturating_sub(GROUP_ROWS_NAMED);
        let what = match lang {
            Lang::Zh => format!(
                "有 {} 个单元格为空或为「—」「/」等(共 {} 行:{}{})",
                blanks.len(),
                rows.len(),
                shown.join("、"),
                if more > 0 {
                    format!(" 等,另 {more} 行")
                } else {
                    String::new()
                }
            ),
            Lang::En => format!(
                "has {} cells blank or holding “—”, “/” and the like ({} rows: {}{})",
                blanks.len(),
                rows.len(),
                shown.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        };
        let name = match lang {
            Lang::Zh => format!("表{}", id.numeral_zh()),
            Lang::En => format!("Table {}", id.number()),
        };
        let refs = blanks
            .iter()
            .map(|(row, col, cell, _)| cell_ref(id, row.key, col.key, *cell))
            .collect();
        out.push(rule.finding(id, refs, lang, &[("cell", name), ("what", what)]));
    }
}

/// From how many blank cells in one table CELL-BLANK is one finding for the table rather
/// than one a cell: three or four blanks are each worth naming; a table of cleared zeros
/// (119 cells) is one fact.
pub const GROUP_BLANKS_FROM: usize = 6;

/// How many rows a grouped CELL-BLANK names in its message (every cell is in its `cells`).
const GROUP_ROWS_NAMED: usize = 4;

pub(super) fn cell_text(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    each_cell(report, |table, row, col, cell| {
        let Some(cell) = cell else { return };
        if cell.value != Value::Text {
            return;
        }
        let args = [
            ("cell", cell_name(table.id, row, col, Some(cell), lang)),
            ("value", shorten(cell.raw.as_deref().unwrap_or_default())),
        ];
        let refs = vec![cell_ref(table.id, row.key, col.key, Some(cell))];
        out.push(rule.finding(table.id, refs, lang, &args));
    });
}

/// Raw text as quoted in a message: at most 40 characters, so a pasted paragraph or a
/// thousand-digit cell does not drown the report (the finding's cell value keeps it whole).
fn shorten(raw: &str) -> String {
    const MAX: usize = 40;
    if raw.chars().count() <= MAX {
        return raw.to_string();
    }
    let head: String = raw.chars().take(MAX).collect();
    format!("{head}…")
}

/// How the rows a run of figures stands for are named: 「表三「(七)总计」行」.
fn run_rows(table: &Table, run: &crate::model::DigitRun, lang: Lang) -> String {
    let mut rows: Vec<&crate::layout::Row> = Vec::new();
    for (key, _) in &run.cells {
        if let Some(row) = table.layout().row(key)
            && !rows.iter().any(|r| r.key == row.key)
        {
            rows.push(row);
        }
    }
    let labels: Vec<&str> = rows
        .iter()
        .map(|r| lang.pick(r.label_zh, r.label_en))
        .collect();
    match lang {
        Lang::Zh => format!("表{}「{}」行", table.id.numeral_zh(), labels.join("」「")),
        Lang::En => format!("Table {} row “{}”", table.id.number(), labels.join("”, “")),
    }
}

fn reading_text(values: &[u64], lang: Lang) -> String {
    let figures: Vec<String> = values.iter().map(u64::to_string).collect();
    figures.join(lang.pick("、", ", "))
}

fn run_refs(table: &Table, run: &crate::model::DigitRun) -> Vec<crate::findings::CellRef> {
    run.cells
        .iter()
        .map(|(row, col)| cell_ref(table.id, row, col, table.get(row, col)))
        .collect()
}

/// Each run of figures read by its one fitting split: said, so the reading can be checked.
pub(super) fn digits_split(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    for id in crate::layout::TableId::ALL {
        let Some(table) = report.table(id) else {
            continue;
        };
        for run in &table.runs {
            let Some(values) = run.reading() else {
                continue;
            };
            let args = [
                ("row", run_rows(table, run, lang)),
                ("text", shorten(&run.text)),
                ("reading", reading_text(values, lang)),
                (
                    "basis",
                    match (run.by_table, lang) {
                        (false, Lang::Zh) => "本行的合计关系",
                        (false, Lang::En) => "the row's totals",
                        (true, Lang::Zh) => "本表的合计关系(本行及各列、各项之和)",
                        (true, Lang::En) => "the table's sums (the row's and the columns')",
                    }
                    .to_string(),
                ),
            ];
            out.push(rule.finding(id, run_refs(table, run), lang, &args));
        }
    }
}

/// Each run of figures with several fitting splits, or none: the row is not read.
pub(super) fn digits_ambiguous(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    let (report, lang) = (subject.report, subject.lang);
    for id in crate::layout::TableId::ALL {
        let Some(table) = report.table(id) else {
            continue;
        };
        for run in &table.runs {
            if run.reading().is_some() {
                continue;
            }
            let shown: Vec<String> = run.readings.iter().map(|r| reading_text(r, lang)).collect();
            let why = match (run.readings.len(), run.more, lang) {
                (0, false, Lang::Zh) => {
                    format!("拆成 {} 格,没有一种拆法符合本行的合计关系", run.cells.len())
                }
                (0, false, Lang::En) => format!(
                    "no way of splitting it into {} cells fits the row's totals",
                    run.cells.len()
                ),
                (n, true, Lang::Zh) => format!(
                    "拆成 {} 格有 {n} 种以上拆法,本行的合计关系无法区分,如:{} / ……",
                    run.cells.len(),
                    shown.join(" / ")
                ),
                (n, false, Lang::Zh) => format!(
                    "拆成 {} 格有 {n} 种拆法,本行的合计关系无法区分:{}",
                    run.cells.len(),
                    shown.join(" / ")
                ),
                (n, more, Lang::En) => format!(
                    "{}{} ways of splitting it into {} cells are possible and the row's totals cannot tell them apart: {}{}",
                    if more { "more than " } else { "" },
                    n,
                    run.cells.len(),
                    shown.join(" / "),
                    if more { " / …" } else { "" }
                ),
            };
            let args = [
                ("row", run_rows(table, run, lang)),
                ("text", shorten(&run.text)),
                ("why", why),
            ];
            out.push(rule.finding(id, run_refs(table, run), lang, &args));
        }
    }
}

/// Rows left unread by the reader, with why and what is needed; and figures inside a table
/// that belong to no row.
pub(super) fn rows_unread(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    use crate::model::Why;
    let (report, lang) = (subject.report, subject.lang);
    for id in crate::layout::TableId::ALL {
        let Some(table) = report.table(id) else {
            continue;
        };
        let mut strays: Vec<String> = table
            .strays
            .iter()
            .map(|(text, at)| {
                let at = at.as_ref().and_then(|l| l.address());
                match (at, lang) {
                    (Some(a), Lang::Zh) => format!("「{}」({a})", shorten(text)),
                    (Some(a), Lang::En) => format!("“{}” ({a})", shorten(text)),
                    (None, Lang::Zh) => format!("「{}」", shorten(text)),
                    (None, Lang::En) => format!("“{}”", shorten(text)),
                }
            })
            .collect();
        for unread in &table.unread {
            let names: Vec<&str> = unread
                .rows
                .iter()
                .filter_map(|k| table.layout().row(k))
                .map(|r| lang.pick(r.label_zh, r.label_en))
                .collect();
            let rows = match (names.as_slice(), lang) {
                ([one], Lang::Zh) => format!("「{one}」行"),
                ([one], Lang::En) => format!("row “{one}”"),
                ([first, ..], Lang::Zh) if names.len() > 3 => {
                    format!("从「{first}」起的 {} 行", names.len())
                }
                ([first, ..], Lang::En) if names.len() > 3 => {
                    format!("{} rows from “{first}” on", names.len())
                }
                (_, Lang::Zh) => format!("「{}」{} 行", names.join("」「"), names.len()),
                (_, Lang::En) => format!("rows “{}”", names.join("”, “")),
            };
            let (why, need) = match unread.why {
                Why::DocumentEnds => (
                    lang.pick(
                        "文档在表内中断(页面被截断或副本不全)",
                        "the document ends inside the table (a cut-off page or an incomplete copy)",
                    ),
                    lang.pick(
                        "其后的内容(包括后面的表格)不在文档中,不作为缺失报告;请提供完整的原件。",
                        "What follows, later tables included, is not in the document and is not reported missing; provide the complete original.",
                    ),
                ),
                Why::NotPlaced => (
                    lang.pick(
                        "数字行与行标签分离,无法一一对应",
                        "rows of figures stand apart from their labels and cannot be matched one for one",
                    ),
                    lang.pick(
                        "请提供原始表格或更清晰的副本。",
                        "Provide the original spreadsheet or a clearer copy.",
                    ),
                ),
                Why::WrongCount => (
                    lang.pick(
                        "数字个数与本行的格数不符",
                        "their figures do not make the row's number of cells",
                    ),
                    lang.pick(
                        "请提供原始表格或更清晰的副本。",
                        "Provide the original spreadsheet or a clearer copy.",
                    ),
                ),
            };
            let mut need = need.to_string();
            if !strays.is_empty() {
                if lang == Lang::En {
                    need.push(' ');
                }
                need.push_str(&stray_text(&strays, lang));
                strays.clear();
            }
            let what = match lang {
                Lang::Zh => format!("{rows}未读取,因为{why};涉及这些行的求和未检查"),
                Lang::En => {
                    format!("{rows} not read, because {why}; sums over them were not checked")
                }
            };
            let refs = unread
                .rows
                .iter()
                .filter_map(|k| table.layout().row(k))
                .flat_map(|r| {
                    r.columns
                        .iter()
                        .map(move |c| cell_ref(id, r.key, c.key, None))
                })
                .collect();
            let args = [
                ("table", super::cn_or_number(id, lang)),
                ("what", what),
                ("need", need),
            ];
            out.push(rule.finding(id, refs, lang, &args));
        }
        if !strays.is_empty() {
            // Every row read, and still a figure left over: the reading may be off by it.
            let what = lang
                .pick(
                    "各行均已读取,但表内另有数字不属于任何一行",
                    "every row was read, but figures in the table belong to no row",
                )
                .to_string();
            let need = stray_text(&strays, lang);
            let args = [
                ("table", super::cn_or_number(id, lang)),
                ("what", what),
                ("need", need),
            ];
            out.push(rule.finding(id, vec![super::structure::table_ref(id)], lang, &args));
        }
    }
}

fn stray_text(strays: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "无法归属的数字:{};请对照原件核对本表的读取(extract --locations)。",
            strays.join("、")
        ),
        Lang::En => format!(
            "Figures belonging to no row: {}; check the reading of this table against the original (extract --locations).",
            strays.join(", ")
        ),
    }
}
