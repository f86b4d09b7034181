//! The summary of a run for people: totals, findings per rule, and the agencies with the
//! most errors — what a supervisor reads first after checking a county's submissions.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use super::TableStyle;
use crate::findings::{Severity, Summary};
use crate::lang::Lang;
use crate::rules::RULES;
use crate::run::{RunStats, UNREADABLE_LISTED};

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
    if !stats.unreadable.is_empty() {
        writeln!(
            out,
            "{}",
            l.pick("无法读取的文件:", "Files that could not be read:")
        )?;
        for u in stats.unreadable.iter().take(UNREADABLE_LISTED) {
            writeln!(out, "  {} [{}] {}", u.source, u.kind, u.message)?;
        }
        let rest = stats.summary.unreadable.saturating_sub(UNREADABLE_LISTED);
        if rest > 0 {
            match l {
                Lang::Zh => writeln!(out, "  ……另有 {rest} 个(完整名单见 --format json 或 csv)")?,
                Lang::En => writeln!(
                    out,
                    "  … and {rest} more (all of them: --format json or csv)"
                )?,
            }
        }
        if stats.unreadable.iter().any(|u| u.kind == "unsupported") {
            writeln!(
                out,
                "{}",
                l.pick(
                    "提示:.doc、.wps、.rtf、.odt、.xlsb 加 --convert 可由 LibreOffice 转换后检查。",
                    "Hint: .doc .wps .rtf .odt .xlsb are checked after conversion by LibreOffice with --convert."
                )
            )?;
        }
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

/// The summary as JSON (`--summary-only --format json`): the totals of SPEC §7, findings
/// per rule in registry order, the agencies with the most errors, the files that could not
/// be read.
pub fn json(stats: &RunStats) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .filter_map(|rule| {
            let count = stats.by_rule.get(rule.id)?;
            Some(serde_json::json!({
                "rule": rule.id,
                "severity": rule.severity,
                "files": count.files,
                "findings": count.findings,
            }))
        })
        .collect();
    let agencies: Vec<serde_json::Value> = stats
        .worst_agencies(WORST_AGENCIES)
        .into_iter()
        .map(|(agency, c)| {
            serde_json::json!({"agency": agency, "files": c.files, "failed": c.failed, "errors": c.errors})
        })
        .collect();
    serde_json::json!({
        "summary": stats.summary,
        "rules": rules,
        "agencies": agencies,
        "unreadable": stats.unreadable,
    })
}

/// The summary as CSV (`--summary-only --format csv`): rows of the totals by status
/// (`(all)`, `(passed)`, …), one row per rule with findings, then one row per file that could
/// not be read (its kind as severity, its path and message in the last two columns).
pub fn csv(out: &mut dyn Write, stats: &RunStats) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let s = &stats.summary;
    w.write_record(["rule", "severity", "files", "findings", "file", "message"])?;
    let total = |name: &str, files: usize, findings: String| {
        [
            name.to_string(),
            String::new(),
            files.to_string(),
            findings,
            String::new(),
            String::new(),
        ]
    };
    w.write_record(total("(all)", s.files, (s.errors + s.warnings).to_string()))?;
    w.write_record(total("(passed)", s.passed, String::new()))?;
    w.write_record(total("(failed)", s.failed, String::new()))?;
    w.write_record(total("(unreadable)", s.unreadable, String::new()))?;
    w.write_record(total("(not_a_report)", s.not_a_report, String::new()))?;
    for rule in RULES {
        if let Some(count) = stats.by_rule.get(rule.id) {
            w.write_record([
                rule.id.to_string(),
                rule.severity.as_str().to_string(),
                count.files.to_string(),
                count.findings.to_string(),
                String::new(),
                String::new(),
            ])?;
        }
    }
    for u in &stats.unreadable {
        w.write_record([
            "(unreadable)",
            u.kind,
            "1",
            "",
            &super::csv::inert(&u.source),
            &super::csv::inert(&u.message),
        ])?;
    }
    w.flush()
}
