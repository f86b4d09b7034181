//! The human report: per file a heading line and a table of findings, in Chinese or English,
//! sized for an 80-column terminal.

use std::io::{self, Write};

use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};

use super::{Reporter, wrap};
use crate::findings::{FileResult, Finding, Severity, Status, Summary};
use crate::lang::Lang;

/// Box drawing: Unicode lines by default; ASCII for terminals that draw ambiguous-width
/// characters wide and would misalign the Unicode borders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableStyle {
    #[default]
    Unicode,
    Ascii,
}

pub struct TableReporter {
    lang: Lang,
    color: bool,
    style: TableStyle,
    /// Terminal width; `None` lets comfy-table ask the terminal.
    width: Option<u16>,
    files: usize,
}

impl TableReporter {
    pub fn new(lang: Lang, color: bool, style: TableStyle, width: Option<u16>) -> TableReporter {
        TableReporter {
            lang,
            color,
            style,
            width,
            files: 0,
        }
    }

    fn paint(&self, text: &str, code: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn heading(&self, result: &FileResult) -> String {
        let l = self.lang;
        let mut parts = Vec::new();
        if let Some(agency) = &result.agency {
            parts.push(agency.clone());
        }
        if let Some(year) = result.year {
            parts.push(match l {
                Lang::Zh => format!("{year}年度"),
                Lang::En => format!("year {year}"),
            });
        }
        if let Some(edition) = result.edition {
            parts.push(match l {
                Lang::Zh => format!("{edition}版表格"),
                Lang::En => format!("{edition} edition"),
            });
        }
        // Addresses are of the converted copy (its sheet and cell, or paragraph): say so.
        if let Some(c) = &result.conversion {
            parts.push(match l {
                Lang::Zh => format!("经 {} 转换为 {}", c.tool, c.format),
                Lang::En => format!("converted to {} by {}", c.format, c.tool),
            });
        }
        let (errors, warnings) = (
            result.count(Severity::Error),
            result.count(Severity::Warning),
        );
        let verdict = match (result.status, l) {
            (Status::Pass, Lang::Zh) => self.paint("通过", "32"),
            (Status::Pass, Lang::En) => self.paint("pass", "32"),
            (Status::Fail, Lang::Zh) => self.paint("不通过", "31;1"),
            (Status::Fail, Lang::En) => self.paint("FAIL", "31;1"),
            (Status::Unreadable, Lang::Zh) => self.paint("无法读取", "35;1"),
            (Status::Unreadable, Lang::En) => self.paint("UNREADABLE", "35;1"),
            (Status::NotAReport, Lang::Zh) => self.paint("不是年度报告", "33"),
            (Status::NotAReport, Lang::En) => self.paint("NOT A REPORT", "33"),
        };
        let counts = match (result.status, l) {
            (Status::Unreadable | Status::NotAReport, _) => String::new(),
            (_, Lang::Zh) => format!(":{errors} 个错误,{warnings} 个警告"),
            (_, Lang::En) => format!(": {errors} error(s), {warnings} warning(s)"),
        };
        let meta = if parts.is_empty() {
            String::new()
        } else {
            format!("  {}", parts.join(" · "))
        };
        format!(
            "{}{}\n  {}{}",
            self.paint(&result.source, "1"),
            meta,
            verdict,
            counts
        )
    }

    fn table(&self, findings: &[Finding]) -> Table {
        let l = self.lang;
        let mut table = Table::new();
        table.load_style(match self.style {
            TableStyle::Unicode => presets::UTF8_FULL,
            TableStyle::Ascii => presets::ASCII_FULL,
        });
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        if let Some(w) = self.width {
            table.set_width(w);
        }
        table.set_header(vec![
            Cell::new(l.pick("规则", "Rule")),
            Cell::new(l.pick("单元格", "Cells")),
            Cell::new(l.pick("说明", "What is wrong")),
        ]);
        for f in findings {
            let severity = match (f.severity, l) {
                (Severity::Error, Lang::Zh) => "错误",
                (Severity::Error, Lang::En) => "error",
                (Severity::Warning, Lang::Zh) => "警告",
                (Severity::Warning, Lang::En) => "warning",
            };
            let mut rule = Cell::new(format!("{}\n{}", f.rule, severity));
            if self.color {
                rule = rule.fg(if f.severity == Severity::Error {
                    Color::Red
                } else {
                    Color::Yellow
                });
            }
            table.add_row(vec![
                rule,
                Cell::new(cells_text(f, l)),
                Cell::new(&f.message),
            ]);
        }
        // Rule ids and addresses never wrap; the message takes what is left.
        table.set_constraints([
            ColumnConstraint::ContentWidth,
            // The bound counts the padding on both sides.
            ColumnConstraint::UpperBoundary(Width::Fixed(CELLS_WIDTH as u16 + 2)),
            ColumnConstraint::LowerBoundary(Width::Fixed(20)),
        ]);
        if let Some(col) = table.column_mut(1) {
            col.set_cell_alignment(CellAlignment::Left);
        }
        table
    }
}

/// The cells of a finding as a clerk looks them up: addresses (or keys, for JSON), all of them
/// when four short ones say it, else the stated cell first and a count of the rest.
fn cells_text(f: &Finding, lang: Lang) -> String {
    let label = |c: &crate::findings::CellRef| cell_label(c, lang);
    let short = f
        .cells
        .iter()
        .all(|c| label(c).chars().count() <= CELLS_WIDTH);
    let shown = if short && f.cells.len() <= 4 {
        f.cells.len()
    } else {
        1.min(f.cells.len())
    };
    let mut picked: Vec<&crate::findings::CellRef> = f.cells[..shown].iter().collect();
    // A cross-year finding shows the other year's cell too, named with its file.
    if let Some(other) = f.cells[shown..].iter().find(|c| c.file.is_some()) {
        picked.push(other);
    }
    let shown = picked.len();
    let mut lines: Vec<String> = picked
        .iter()
        .map(|c| wrap_key(&label(c), CELLS_WIDTH))
        .collect();
    let more = f.cells.len() - shown;
    if more > 0 {
        lines.push(match lang {
            Lang::Zh => format!("及另外 {more} 格"),
            Lang::En => format!("and {more} more"),
        });
    }
    lines.join("\n")
}

/// A cell as the clerk looks it up: its address (or key, for JSON), a whole table named in
/// words (「表二」, not `table2`), the sentence of a prose finding as 「正文」, and a cell of
/// another year's report with that file's name before it.
fn cell_label(c: &crate::findings::CellRef, lang: Lang) -> String {
    let place = match (c.address.as_deref(), c.key.as_str()) {
        // A PDF: the page and line a person counts, not the grid's `PDF!AO22`.
        (Some(_), _) if c.line.is_some() => {
            let line = c.line.unwrap_or(0);
            match (lang, c.page) {
                (Lang::Zh, Some(page)) => format!("第{page}页第{line}行"),
                (Lang::En, Some(page)) => format!("p. {page} line {line}"),
                (Lang::Zh, None) => format!("第{line}行"),
                (Lang::En, None) => format!("line {line}"),
            }
        }
        (Some(address), _) => address.to_string(),
        (None, key) => match crate::layout::TableId::from_key(key) {
            Some(t) => match lang {
                Lang::Zh => format!("表{}", t.numeral_zh()),
                Lang::En => format!("Table {}", t.number()),
            },
            None if key == "prose" => lang.pick("正文", "text").to_string(),
            None => key.to_string(),
        },
    };
    match &c.file {
        Some(file) => {
            let name = std::path::Path::new(file)
                .file_name()
                .map_or(file.clone(), |n| n.to_string_lossy().into_owned());
            format!("{name}:{place}")
        }
        None => place,
    }
}

/// Widest the cells column grows; addresses fit, long keys wrap at their dots.
const CELLS_WIDTH: usize = 18;

/// Break a dotted key into lines of at most `width` characters, at the dots.
fn wrap_key(key: &str, width: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for (i, part) in key.split('.').enumerate() {
        let piece = if i == 0 {
            part.to_string()
        } else {
            format!(".{part}")
        };
        let line = lines.last_mut().expect("one line");
        if !line.is_empty() && line.chars().count() + piece.chars().count() > width {
            lines.push(piece);
        } else {
            line.push_str(&piece);
        }
    }
    lines.join("\n")
}

impl Reporter for TableReporter {
    fn report(&mut self, out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        if self.files > 0 {
            writeln!(out)?;
        }
        self.files += 1;
        writeln!(out, "{}", self.heading(result))?;
        if let Some(c) = &result.classification {
            for line in wrap(&c.reason, 76) {
                writeln!(out, "  {line}")?;
            }
        }
        if let Some(err) = &result.error {
            let at = err
                .location
                .as_ref()
                .map(|l| format!(" [{l}]"))
                .unwrap_or_default();
            writeln!(out, "  {}{}", err.message, at)?;
            return Ok(());
        }
        if !result.findings.is_empty() {
            writeln!(out, "{}", self.table(&result.findings))?;
        }
        // Each likely fix once, under the table of the findings it explains.
        let mut said: Vec<&str> = Vec::new();
        for s in result.findings.iter().filter_map(|f| f.suggestion.as_ref()) {
            if !said.contains(&s.message.as_str()) {
                said.push(&s.message);
                for line in wrap(&s.message, 76) {
                    writeln!(out, "  {}", self.paint(&line, "36"))?;
                }
            }
        }
        Ok(())
    }

    /// The run's summary is [`super::summary`]'s, printed by the caller where it belongs.
    fn finish(&mut self, _out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        Ok(())
    }
}
