//! The summary of a run for people: totals, findings per rule, and the agencies with the
//! most errors — what a supervisor reads first after checking a county's submissions.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::TableStyle;
use crate::findings::{Severity, Summary};
use crate::lang::Lang;
use crate::rules::RULES;
use crate::run::RunStats;

/// How many agencies the summary lists.
pub const WORST_AGENCIES: usize = 10;

/// The run's totals in one line: 「汇总:共 5 个文件,通过 3,…」.
pub fn totals(s: &Summary, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "汇总:共 {} 个文件,通过 {},不通过 {},无法读取 {}{};错误 {} 个,警告 {} 个",
            s.files,
            s.passed,
            s.failed,
            s.unreadable,
            if s.not_a_report > 0 {
                format!(",不是年度报告 {}", s.not_a_report)
            } else {
                String::new()
            },
            s.errors,
            s.warnings
        ),
        Lang::En => format!(
            "Summary: {} files, {} passed, {} failed, {} unreadable{}; {} errors, {} warnings",
            s.files,
            s.passed,
            s.failed,
            s.unreadable,
            if s.not_a_report > 0 {
                format!(", {} not reports", s.not_a_report)
            } else {
                String::new()
            },
            s.errors,
            s.warnings
        ),
    }
}

pub fn write(
    out: &mut dyn Write,
    stats: &RunStats,
    lang: Lang,
    style: TableStyle,
    width: Option<u16>,
) -> io::Result<()> {
    writeln!(out, "{}", totals(&stats.summary, lang))?;
    let l = lang;
    if !stats.by_rule.is_empty() {
        let mut t = table(style, width);
        t.set_header(vec![
            l.pick("规则", "Rule"),
            l.pick("级别", "Severity"),
            l.pick("文件数", "Files"),
            l.pick("发现数", "Findings"),
        ]);
        // Registry order, so the table reads like `nianbao rules`.
        for rule in RULES {
            let Some(count) = stats.by_rule.get(rule.id) else {
                continue;
            };
            let severity = match (rule.severity, l) {
                (Severity::Error, Lang::Zh) => "错误",
                (Severity::Warning, Lang::Zh) => "警告",
                (sev, Lang::En) => sev.as_str(),
            };
            t.add_row(vec![
                rule.id.to_string(),
                severity.to_string(),
                count.files.to_string(),
                count.findings.to_string(),
            ]);
        }
        right_align(&mut t, &[2, 3]);
        writeln!(out, "{t}")?;
    }
    let worst = stats.worst_agencies(WORST_AGENCIES);
    if !worst.is_empty() {
        writeln!(
            out,
            "{}",
            l.pick("错误最多的机关:", "Agencies with the most errors:")
        )?;
        let mut t = table(style, width);
        t.set_header(vec![
            l.pick("机关", "Agency"),
            l.pick("文件数", "Files"),
            l.pick("不通过", "Failed"),
            l.pick("错误数", "Errors"),
        ]);
        for (agency, count) in worst {
            t.add_row(vec![
                agency
                    .unwrap_or(l.pick("(未识别机关)", "(agency unknown)"))
                    .to_string(),
                count.files.to_string(),
                count.failed.to_string(),
                count.errors.to_string(),
            ]);
        }
        right_align(&mut t, &[1, 2, 3]);
        writeln!(out, "{t}")?;
    }
    Ok(())
}

fn table(style: TableStyle, width: Option<u16>) -> Table {
    let mut t = Table::new();
    t.load_style(match style {
        TableStyle::Unicode => presets::UTF8_FULL_CONDENSED,
        TableStyle::Ascii => presets::ASCII_FULL_CONDENSED,
    });
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.force_no_tty();
    if let Some(w) = width {
        t.set_width(w);
    }
    t
}

fn right_align(t: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}
