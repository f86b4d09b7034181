//! `--format html`: one self-contained page (no network, no external file) that draws each
//! report's tables in their statutory layout with the failing cells highlighted and the
//! suggested fix on the cell, the findings beside them, and — for several files — a summary
//! with a row per file linking to its section.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::Reporter;
use crate::findings::{FileResult, Severity, Status, Summary};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Cell, Edition, Report, Value};

/// What the page draws of one report: each table's edition and the cells as shown. Kept in
/// a result instead of the report itself, so a run over thousands of files holds a few KB of
/// each, and so it crosses the pipe from a worker process.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Drawing {
    tables: Vec<DrawnTable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct DrawnTable {
    /// 2, 3 or 4.
    table: u8,
    edition: String,
    /// Cell key → (the value as shown, where it was read).
    cells: BTreeMap<String, (String, Option<String>)>,
}

impl Drawing {
    pub fn of(report: &Report) -> Drawing {
        let tables = TableId::ALL
            .into_iter()
            .filter_map(|id| report.table(id))
            .map(|table| DrawnTable {
                table: table.id.number(),
                edition: table.edition.as_str().to_string(),
                cells: table
                    .cells()
                    .map(|(row, col, cell)| {
                        let location = cell.location.as_ref().map(|l| l.to_string());
                        (
                            layout::cell_key(table.id, row.key, col.key),
                            (shown(Some(cell)), location),
                        )
                    })
                    .collect(),
            })
            .collect();
        Drawing { tables }
    }
}

pub struct HtmlReporter {
    lang: Lang,
    files: Vec<FileResult>,
}

impl HtmlReporter {
    pub fn new(lang: Lang) -> HtmlReporter {
        HtmlReporter {
            lang,
            files: Vec::new(),
        }
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

const STYLE: &str = r#"
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 24px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 2px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #999; padding: 3px 6px; }
th { background: #f0f0f0; font-weight: 600; }
td.num { text-align: right; min-width: 3em; }
td.label { max-width: 26em; }
td.err { background: rgb(255, 199, 206); color: #9c0006; font-weight: 700; }
td.warn { background: rgb(255, 235, 156); }
td.involved { background: #fde9ec; }
td.fix-target { outline: 2px solid #0b5d1e; outline-offset: -2px; }
.fix { display: block; color: #0b5d1e; font-size: 11px; font-weight: 700; }
.layout { display: flex; gap: 24px; align-items: flex-start; }
.findings { max-width: 520px; font-size: 13px; }
.findings li { margin-bottom: 8px; }
.rule { font-family: monospace; font-weight: 700; }
.sev-error { color: #b00020; } .sev-warning { color: #8a6d00; }
.suggestion { color: #0b5d1e; }
.pass { color: #0b5d1e; } .fail { color: #b00020; } .unreadable { color: #6a1b9a; }
"#;

/// In a browser opened with `?check`, list the cells drawn as failing, so a test can compare
/// what the page shows with the findings.
const CHECK_SCRIPT: &str = r#"
if (location.search.indexOf('check') >= 0) {
  var out = [];
  document.querySelectorAll('section.file').forEach(function (s) {
    s.querySelectorAll('td[data-key]').forEach(function (td) {
      var bg = getComputedStyle(td).backgroundColor;
      if (bg === 'rgb(255, 199, 206)' || bg === 'rgb(255, 235, 156)') out.push(s.id + ' ' + td.getAttribute('data-key'));
    });
  });
  var pre = document.createElement('pre'); pre.id = 'rendered-check'; pre.textContent = out.join('\n');
  document.body.appendChild(pre);
}
"#;

impl Reporter for HtmlReporter {
    fn report(&mut self, _out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        self.files.push(result.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let l = self.lang;
        let mut page = String::new();
        let _ = write!(
            page,
            "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>\n<h1>{}</h1>\n",
            l.pick("zh", "en"),
            l.pick(
                "年度报告检查结果 - nianbao",
                "Annual report check - nianbao"
            ),
            l.pick(
                "政府信息公开工作年度报告检查结果",
                "Government information disclosure annual reports: check results"
            ),
        );
        let _ = writeln!(page, "<p>{}</p>", esc(&super::summary::totals(summary, l)));
        if self.files.len() > 1 {
            self.summary_table(&mut page);
        }
        for (i, file) in self.files.iter().enumerate() {
            self.file_section(&mut page, i + 1, file);
        }
        let _ = write!(page, "<script>{CHECK_SCRIPT}</script>\n</body></html>\n");
        out.write_all(page.as_bytes())
    }
}

impl HtmlReporter {
    fn status(&self, status: Status) -> &'static str {
        match (status, self.lang) {
            (Status::Pass, Lang::Zh) => "通过",
            (Status::Fail, Lang::Zh) => "不通过",
            (Status::Unreadable, Lang::Zh) => "无法读取",
            (Status::Pass, Lang::En) => "pass",
            (Status::Fail, Lang::En) => "fail",
            (Status::Unreadable, Lang::En) => "unreadable",
            (Status::NotAReport, Lang::Zh) => "不是年度报告",
            (Status::NotAReport, Lang::En) => "not a report",
        }
    }

    fn summary_table(&self, page: &mut String) {
        let l = self.lang;
        let _ = writeln!(
            page,
            "<table id=\"summary\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            l.pick("文件", "File"),
            l.pick("机关", "Agency"),
            l.pick("年度", "Year"),
            l.pick("结果", "Result"),
            l.pick("错误", "Errors"),
            l.pick("警告", "Warnings"),
        );
        for (i, f) in self.files.iter().enumerate() {
            let _ = writeln!(
                page,
                "<tr><td><a href=\"#f{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                i + 1,
                esc(&f.source),
                esc(f.agency.as_deref().unwrap_or("")),
                f.year.map(|y| y.to_string()).unwrap_or_default(),
                status_class(f.status),
                self.status(f.status),
                f.count(Severity::Error),
                f.count(Severity::Warning),
            );
        }
        page.push_str("</table>\n");
    }

    fn file_section(&self, page: &mut String, n: usize, file: &FileResult) {
        let l = self.lang;
        let _ = writeln!(
            page,
            "<section class=\"file\" id=\"f{n}\"><h2>{}</h2>",
            esc(&file.source)
        );
        let meta: Vec<String> = [
            file.agency.clone(),
            file.year.map(|y| format!("{y}{}", l.pick("年度", ""))),
            file.edition
                .map(|e| format!("{e}{}", l.pick("版表格", " edition"))),
        ]
        .into_iter()
        .flatten()
        .collect();
        let _ = writeln!(
            page,
            "<p>{} · <strong class=\"{}\">{}</strong></p>",
            esc(&meta.join(" · ")),
            status_class(file.status),
            self.status(file.status)
        );
        if let Some(c) = &file.classification {
            let _ = writeln!(page, "<p class=\"classification\">{}</p>", esc(&c.reason));
        }
        if let Some(err) = &file.error {
            let _ = writeln!(
                page,
                "<p class=\"unreadable\">{}</p></section>",
                esc(&err.message)
            );
            return;
        }
        // Cells to mark: the stated cell of each finding, the others it involves, the fixes.
        let mut marks: BTreeMap<String, &'static str> = BTreeMap::new();
        let mut fixes: BTreeMap<String, String> = BTreeMap::new();
        for f in &file.findings {
            for c in f.cells.iter().skip(1).filter(|c| c.file.is_none()) {
                marks.entry(c.key.clone()).or_insert("involved");
            }
        }
        for f in &file.findings {
            if let Some(c) = f.cells.first() {
                let class = if f.severity == Severity::Error {
                    "err"
                } else {
                    "warn"
                };
                let entry = marks.entry(c.key.clone()).or_insert(class);
                if *entry != "err" {
                    *entry = class;
                }
            }
            if let Some(s) = &f.suggestion {
                for c in &s.cells {
                    if let Some(v) = c.suggested {
                        fixes.insert(
                            c.key.clone(),
                            format!("{} {v}", l.pick("应为", "should be")),
                        );
                    }
                }
            }
        }
        page.push_str("<div class=\"layout\"><div class=\"tables\">\n");
        if let Some(drawing) = &file.drawing {
            for table in &drawing.tables {
                draw_table(page, table, &marks, &fixes, l);
            }
        }
        page.push_str("</div><div class=\"findings\">\n");
        if file.findings.is_empty() {
            let _ = writeln!(
                page,
                "<p class=\"pass\">{}</p>",
                l.pick("没有发现问题。", "No findings.")
            );
        } else {
            page.push_str("<ol>\n");
            let mut said: Vec<&str> = Vec::new();
            for f in &file.findings {
                let _ = write!(
                    page,
                    "<li><span class=\"rule sev-{}\">{}</span> {}",
                    f.severity.as_str(),
                    f.rule,
                    esc(&f.message)
                );
                if let Some(s) = f
                    .suggestion
                    .as_ref()
                    .filter(|s| !said.contains(&s.message.as_str()))
                {
                    said.push(&s.message);
                    let _ = write!(
                        page,
                        "<br><span class=\"suggestion\">{}</span>",
                        esc(&s.message)
                    );
                }
                page.push_str("</li>\n");
            }
            page.push_str("</ol>\n");
        }
        page.push_str("</div></div></section>\n");
    }
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Unreadable => "unreadable",
        Status::NotAReport => "not-a-report",
    }
}

/// One statutory table: a row per layout row, its cells under their column headings.
fn draw_table(
    page: &mut String,
    table: &DrawnTable,
    marks: &BTreeMap<String, &'static str>,
    fixes: &BTreeMap<String, String>,
    l: Lang,
) {
    let (Some(id), Some(edition)) = (
        crate::wire::table_id(table.table),
        Edition::parse(&table.edition),
    ) else {
        return;
    };
    let rows = &layout::table(id, edition).rows;
    let _ = writeln!(
        page,
        "<h3>{}</h3><table class=\"statutory\" data-table=\"{}\">",
        esc(l.pick(id.title_zh(), id.title_en())),
        id.key()
    );
    // Tables 3 and 4 share their columns across rows: one heading row. Table 2 changes
    // columns from block to block: a heading row wherever they change.
    let mut heading: Option<&[layout::Column]> = None;
    for row in rows {
        if heading.is_none_or(|h| !std::ptr::eq(h, row.columns)) {
            heading = Some(row.columns);
            page.push_str("<tr><th></th>");
            for col in row.columns {
                let _ = write!(page, "<th>{}</th>", esc(l.pick(col.label_zh, col.label_en)));
            }
            page.push_str("</tr>\n");
        }
        let _ = write!(
            page,
            "<tr><td class=\"label\">{}</td>",
            esc(l.pick(row.label_zh, row.label_en))
        );
        for col in row.columns {
            let key = layout::cell_key(id, row.key, col.key);
            let cell = table.cells.get(&key);
            let mut class = marks.get(&key).map(|c| format!(" {c}")).unwrap_or_default();
            if fixes.contains_key(&key) {
                class.push_str(" fix-target");
            }
            let fix = fixes
                .get(&key)
                .map(|f| format!("<span class=\"fix\">{}</span>", esc(f)))
                .unwrap_or_default();
            let title = cell
                .and_then(|(_, location)| location.as_ref())
                .map(|loc| format!(" title=\"{}\"", esc(loc)))
                .unwrap_or_default();
            let _ = write!(
                page,
                "<td class=\"num{class}\" data-key=\"{key}\"{title}>{}{fix}</td>",
                esc(cell.map_or("", |(shown, _)| shown))
            );
        }
        page.push_str("</tr>\n");
    }
    page.push_str("</table>\n");
}

fn shown(cell: Option<&Cell>) -> String {
    match cell {
        None => String::new(),
        Some(c) => match (&c.raw, &c.value) {
            (Some(raw), _) => raw.clone(),
            (None, Value::Number(n)) => n.to_string(),
            (None, _) => String::new(),
        },
    }
}
