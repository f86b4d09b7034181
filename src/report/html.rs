//! `--format html`: one self-contained page (no network, no external file).
//!
//! A small run (up to [`DRAW_IN_FULL_UP_TO`] files) draws each report's tables in their
//! statutory layout with the failing cells highlighted and the suggested fix on the cell,
//! the findings beside them, under a summary with a row per file linking to its section.
//!
//! A larger run writes an index instead: one row per file, worst first, and each file's
//! tables kept as data (a `<script type="application/json">` per file, the statutory layout
//! once per table and edition) that a small inline script draws when the row is opened
//! (a click, or `#f<n>` in the address). Drawing 10,000 files in full makes a page of
//! hundreds of MB that a browser needs minutes to open; the index opens in about a second.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

use super::Reporter;
use crate::findings::{FileResult, Severity, Status, Summary};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Cell, Edition, Report, Value};

/// Up to this many files, every file's tables are drawn in the page itself: readable without
/// scripts and printable as is. One drawn file is ~25 KB of markup and ~250 table cells, so
/// 20 files stay under 1 MB and open in well under a second; beyond that the cost grows with
/// every file (5,152 files: 130 MB, 94 s), and the index draws only what is opened.
const DRAW_IN_FULL_UP_TO: usize = 20;

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

impl DrawnTable {
    /// Its statutory layout, when the table number and edition are known ones.
    fn layout(&self) -> Option<&'static layout::TableLayout> {
        let id = crate::wire::table_id(self.table)?;
        Some(layout::table(id, Edition::parse(&self.edition)?))
    }
}

pub struct HtmlReporter {
    lang: Lang,
    /// Every file's index row and tables as data, in path order: a few KB each, so a run
    /// over 10,000 files does not hold 10,000 drawings until the end.
    entries: Vec<Entry>,
    /// The results themselves, while the run is small enough to be drawn in full.
    full: Vec<FileResult>,
    full_up_to: usize,
    /// The statutory layouts the files' data refer to, each once.
    layouts: Vec<&'static layout::TableLayout>,
}

/// One file as the index shows it.
struct Entry {
    source: String,
    agency: Option<String>,
    year: Option<i32>,
    status: Status,
    errors: usize,
    warnings: usize,
    /// Its tables, marks and findings: JSON safe inside a `<script>` element.
    data: String,
}

impl HtmlReporter {
    pub fn new(lang: Lang) -> HtmlReporter {
        HtmlReporter {
            lang,
            entries: Vec::new(),
            full: Vec::new(),
            full_up_to: DRAW_IN_FULL_UP_TO,
            layouts: Vec::new(),
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

/// JSON to put inside a `<script type="application/json">`: with no `<` left (written
/// `\u003c`, as `>` and `&`), no `</script>` or `<!--` in a file's text can end the element
/// or change how the parser reads it; U+2028/29 are written out for older parsers.
fn script_json(value: &Json) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
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
.pass { color: #0b5d1e; } .fail { color: #b00020; } .unreadable { color: #6a1b9a; } .not-a-report { color: #555; }
#index.many { table-layout: fixed; width: 100%; }
#index.many > tbody > tr > td { overflow-wrap: anywhere; }
#index.many tr[id] { cursor: pointer; } #index.many tr[id]:hover { background: #f5f8ff; }
#index tr.group th { text-align: left; background: #e4e4e4; }
#index tr.open { background: #eef3ff; }
#index td.detail { padding: 0 12px 16px; } #index td.detail > section { overflow-x: auto; }
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

/// The index's viewer: opening a row (a click, or `#f<n>` in the address) draws that file's
/// section under it from its JSON, as the small-run page draws it. Text goes in through
/// `textContent` only; the section's heading and findings are markup the reporter escaped.
const VIEWER_SCRIPT: &str = r#"
(function () {
  var layouts = null;
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function where(t, i, key) {
    if (t.ptr) return '/' + key.split('.').join('/');
    return t.a && t.a[i] != null ? t.p + t.a[i] : null;
  }
  function drawTable(t, d, out) {
    var lay = layouts[t.l], i = 0, cols = -1;
    out.appendChild(el('h3', null, lay.title));
    var table = el('table', 'statutory');
    table.setAttribute('data-table', lay.key);
    lay.rows.forEach(function (r) {
      if (r[1] !== cols) {
        cols = r[1];
        var head = el('tr');
        head.appendChild(el('th'));
        lay.cols[cols].forEach(function (c) { head.appendChild(el('th', null, c)); });
        table.appendChild(head);
      }
      var tr = el('tr');
      tr.appendChild(el('td', 'label', r[0]));
      r[2].forEach(function (key) {
        var v = t.v[i], loc = where(t, i, key), mark = d.m[key], fix = d.x[key];
        i++;
        var td = el('td', 'num' + (mark ? ' ' + mark : '') + (fix ? ' fix-target' : ''), v == null ? '' : String(v));
        td.setAttribute('data-key', key);
        if (loc) td.title = loc;
        if (fix) td.appendChild(el('span', 'fix', fix));
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    out.appendChild(table);
  }
  function section(n) {
    var d = data('d' + n);
    layouts = layouts || data('layouts');
    var s = el('section', 'file'), body = el('div', 'layout');
    var tables = el('div', 'tables'), findings = el('div', 'findings');
    s.id = 'f' + n;
    s.innerHTML = d.head;
    d.t.forEach(function (t) { drawTable(t, d, tables); });
    findings.innerHTML = d.f;
    body.appendChild(tables); body.appendChild(findings); s.appendChild(body);
    return s;
  }
  function open(row) {
    if (row.classList.contains('open')) return;
    var tr = el('tr', 'detail'), td = el('td', 'detail');
    td.colSpan = row.cells.length;
    td.appendChild(section(row.id.slice(1)));
    tr.appendChild(td);
    row.parentNode.insertBefore(tr, row.nextSibling);
    row.classList.add('open');
  }
  function close(row) {
    row.parentNode.removeChild(row.nextSibling);
    row.classList.remove('open');
  }
  function here(hash) { history.replaceState(null, '', location.pathname + location.search + hash); }
  document.getElementById('index').addEventListener('click', function (e) {
    var row = e.target.closest('tr[id]');
    if (!row || e.target.closest('td.detail')) return;
    e.preventDefault();
    if (row.classList.contains('open')) { close(row); here(''); }
    else { open(row); here('#f' + row.id.slice(1)); }
  });
  function fromAddress() {
    var m = /^#f(\d+)$/.exec(location.hash), row = m && document.getElementById('r' + m[1]);
    if (row) { open(row); row.scrollIntoView(); }
  }
  window.addEventListener('hashchange', fromAddress);
  fromAddress();
})();
"#;

impl Reporter for HtmlReporter {
    fn report(&mut self, _out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        let data = self.file_data(result);
        self.entries.push(Entry {
            source: result.source.clone(),
            agency: result.agency.clone(),
            year: result.year,
            status: result.status,
            errors: result.count(Severity::Error),
            warnings: result.count(Severity::Warning),
            data: script_json(&data),
        });
        if self.entries.len() <= self.full_up_to {
            self.full.push(result.clone());
        } else {
            self.full.clear();
        }
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
        let order = index_order(&self.entries);
        if self.entries.len() <= self.full_up_to {
            if self.entries.len() > 1 {
                self.index_table(&mut page, &order, false);
            }
            for &i in &order {
                self.file_section(&mut page, i + 1, &self.full[i]);
            }
        } else {
            self.index_page(&mut page, &order);
        }
        let _ = write!(page, "<script>{CHECK_SCRIPT}</script>\n</body></html>\n");
        out.write_all(page.as_bytes())
    }
}

/// Where a status's files come in the index, read top-down: failing reports first (what a
/// supervisor must act on), then files that could not be read (nothing was checked), then
/// documents that are not annual reports, passing reports last.
fn status_rank(status: Status) -> u8 {
    match status {
        Status::Fail => 0,
        Status::Unreadable => 1,
        Status::NotAReport => 2,
        Status::Pass => 3,
    }
}

/// The files in index order: by [`status_rank`], then most errors, then most warnings,
/// then path order.
fn index_order(entries: &[Entry]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| {
        let e = &entries[i];
        (
            status_rank(e.status),
            std::cmp::Reverse(e.errors),
            std::cmp::Reverse(e.warnings),
            i,
        )
    });
    order
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

    /// The index page: the table of files, then each file's data and the layouts they use,
    /// then the viewer (after the data, so `#f<n>` opens as soon as the page is read).
    fn index_page(&self, page: &mut String, order: &[usize]) {
        let _ = writeln!(
            page,
            "<noscript><p>{}</p></noscript>",
            self.lang.pick(
                "打开文件的表格需要启用 JavaScript。",
                "Opening a file's tables needs JavaScript."
            )
        );
        self.index_table(page, order, true);
        for (i, entry) in self.entries.iter().enumerate() {
            let _ = writeln!(
                page,
                "<script type=\"application/json\" id=\"d{}\">{}</script>",
                i + 1,
                entry.data
            );
        }
        let layouts: Vec<Json> = self
            .layouts
            .iter()
            .map(|t| layout_data(t, self.lang))
            .collect();
        let _ = writeln!(
            page,
            "<script type=\"application/json\" id=\"layouts\">{}</script>",
            script_json(&Json::Array(layouts))
        );
        let _ = writeln!(page, "<script>{VIEWER_SCRIPT}</script>");
    }

    /// A row per file in index order, each status's files under a heading with their count.
    /// `many`: rows that open their file (the index page) instead of links to sections, in
    /// a fixed layout so that 10,000 rows are laid out without measuring every cell.
    fn index_table(&self, page: &mut String, order: &[usize], many: bool) {
        let l = self.lang;
        let _ = writeln!(
            page,
            "<table id=\"index\"{}>{}<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            if many { " class=\"many\"" } else { "" },
            if many {
                "<colgroup><col style=\"width:22%\"><col style=\"width:6%\"><col style=\"width:9%\"><col style=\"width:6%\"><col style=\"width:6%\"><col></colgroup>"
            } else {
                ""
            },
            l.pick("机关", "Agency"),
            l.pick("年度", "Year"),
            l.pick("结果", "Result"),
            l.pick("错误", "Errors"),
            l.pick("警告", "Warnings"),
            l.pick("文件", "File"),
        );
        let mut group = None;
        for &i in order {
            let e = &self.entries[i];
            if group != Some(e.status) {
                group = Some(e.status);
                let count = self.entries.iter().filter(|o| o.status == e.status).count();
                let _ = writeln!(
                    page,
                    "<tr class=\"group\"><th colspan=\"6\" class=\"{}\">{} · {count}</th></tr>",
                    status_class(e.status),
                    self.status(e.status)
                );
            }
            let id = if many {
                format!(" id=\"r{}\"", i + 1)
            } else {
                String::new()
            };
            let _ = writeln!(
                page,
                "<tr{id}><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><a href=\"#f{}\">{}</a></td></tr>",
                esc(e.agency.as_deref().unwrap_or("")),
                e.year.map(|y| y.to_string()).unwrap_or_default(),
                status_class(e.status),
                self.status(e.status),
                e.errors,
                e.warnings,
                i + 1,
                esc(&e.source),
            );
        }
        page.push_str("</tbody></table>\n");
    }

    fn file_section(&self, page: &mut String, n: usize, file: &FileResult) {
        let _ = writeln!(page, "<section class=\"file\" id=\"f{n}\">");
        page.push_str(&self.file_head(file));
        if file.error.is_some() {
            page.push_str("</section>\n");
            return;
        }
        let (marks, fixes) = marks(file, self.lang);
        page.push_str("<div class=\"layout\"><div class=\"tables\">\n");
        if let Some(drawing) = &file.drawing {
            for table in &drawing.tables {
                draw_table(page, table, &marks, &fixes, self.lang);
            }
        }
        page.push_str("</div><div class=\"findings\">\n");
        page.push_str(&self.findings_list(file));
        page.push_str("</div></div></section>\n");
    }

    /// A section's heading: the file, what it is, its status, and why it was not checked.
    fn file_head(&self, file: &FileResult) -> String {
        let l = self.lang;
        let mut head = format!("<h2>{}</h2>\n", esc(&file.source));
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
            head,
            "<p>{} · <strong class=\"{}\">{}</strong></p>",
            esc(&meta.join(" · ")),
            status_class(file.status),
            self.status(file.status)
        );
        if let Some(c) = &file.classification {
            let _ = writeln!(head, "<p class=\"classification\">{}</p>", esc(&c.reason));
        }
        if let Some(err) = &file.error {
            let _ = writeln!(head, "<p class=\"unreadable\">{}</p>", esc(&err.message));
        }
        head
    }

    /// The findings in order, each suggestion said once (several findings share one slip).
    fn findings_list(&self, file: &FileResult) -> String {
        let l = self.lang;
        if file.findings.is_empty() {
            return format!(
                "<p class=\"pass\">{}</p>\n",
                l.pick("没有发现问题。", "No findings.")
            );
        }
        let mut list = String::from("<ol>\n");
        let mut said: Vec<&str> = Vec::new();
        for f in &file.findings {
            let _ = write!(
                list,
                "<li><span class=\"rule sev-{}\">{}</span> {}",
                f.severity.as_str(),
                esc(f.rule),
                esc(&f.message)
            );
            if let Some(s) = f
                .suggestion
                .as_ref()
                .filter(|s| !said.contains(&s.message.as_str()))
            {
                said.push(&s.message);
                let _ = write!(
                    list,
                    "<br><span class=\"suggestion\">{}</span>",
                    esc(&s.message)
                );
            }
            list.push_str("</li>\n");
        }
        list.push_str("</ol>\n");
        list
    }

    /// One file for the viewer: `head` and `f` (its heading and findings, escaped markup as
    /// the small-run page has them), `t` (each table's values in layout order, see
    /// [`table_data`]), `m` (cell key → `err`, `warn` or `involved`), `x` (cell key → fix).
    fn file_data(&mut self, file: &FileResult) -> Json {
        let (marks, fixes) = marks(file, self.lang);
        let tables: Vec<Json> = match (&file.error, &file.drawing) {
            (None, Some(drawing)) => drawing
                .tables
                .iter()
                .filter_map(|t| {
                    let layout = t.layout()?;
                    Some(table_data(t, layout, self.layout_index(layout)))
                })
                .collect(),
            _ => Vec::new(),
        };
        let findings = if file.error.is_some() {
            String::new()
        } else {
            self.findings_list(file)
        };
        json!({
            "head": self.file_head(file),
            "t": tables,
            "m": marks,
            "x": fixes,
            "f": findings,
        })
    }

    /// The position of a layout in the page's list of layouts, added on first use.
    fn layout_index(&mut self, table: &'static layout::TableLayout) -> usize {
        match self.layouts.iter().position(|t| std::ptr::eq(*t, table)) {
            Some(i) => i,
            None => {
                self.layouts.push(table);
                self.layouts.len() - 1
            }
        }
    }
}

/// Cells to mark (the stated cell of each finding, the others it involves) and the fixes
/// to write on cells, by cell key.
fn marks(file: &FileResult, l: Lang) -> (BTreeMap<String, &'static str>, BTreeMap<String, String>) {
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
    (marks, fixes)
}

/// A statutory layout for the viewer, once per page: `title`, `key`, `cols` (each distinct
/// set of column headings) and `rows` (`[label, index in cols, [cell keys]]`).
fn layout_data(table: &layout::TableLayout, l: Lang) -> Json {
    let mut cols: Vec<&'static [layout::Column]> = Vec::new();
    let rows: Vec<Json> = table
        .rows
        .iter()
        .map(|row| {
            let at = cols
                .iter()
                .position(|c| std::ptr::eq(*c, row.columns))
                .unwrap_or_else(|| {
                    cols.push(row.columns);
                    cols.len() - 1
                });
            let keys: Vec<String> = row
                .columns
                .iter()
                .map(|c| layout::cell_key(table.id, row.key, c.key))
                .collect();
            json!([l.pick(row.label_zh, row.label_en), at, keys])
        })
        .collect();
    let cols: Vec<Vec<&str>> = cols
        .iter()
        .map(|set| set.iter().map(|c| l.pick(c.label_zh, c.label_en)).collect())
        .collect();
    json!({
        "title": l.pick(table.id.title_zh(), table.id.title_en()),
        "key": table.id.key(),
        "cols": cols,
        "rows": rows,
    })
}

/// One drawn table for the viewer: `l` (its layout's index), `v` (the values as shown, in
/// the layout's cell order, `null` for a cell not read) and where each was read: `ptr` when
/// every place is the JSON pointer of the cell's key, else `p` (a common prefix, the sheet)
/// and `a` (the rest of each).
fn table_data(table: &DrawnTable, layout: &layout::TableLayout, layout_at: usize) -> Json {
    let keys: Vec<String> = layout
        .rows
        .iter()
        .flat_map(|row| {
            row.columns
                .iter()
                .map(|c| layout::cell_key(layout.id, row.key, c.key))
        })
        .collect();
    let cells: Vec<Option<&(String, Option<String>)>> =
        keys.iter().map(|k| table.cells.get(k)).collect();
    let values: Vec<Json> = cells
        .iter()
        .map(|c| c.map_or(Json::Null, |(shown, _)| compact_value(shown)))
        .collect();
    let places: Vec<Option<&str>> = cells
        .iter()
        .map(|c| c.and_then(|(_, at)| at.as_deref()))
        .collect();
    let mut data = json!({ "l": layout_at, "v": values });
    if places.iter().all(Option::is_none) {
        return data;
    }
    let pointers = keys
        .iter()
        .zip(&places)
        .all(|(key, at)| at.is_none_or(|at| at == pointer(key)));
    if pointers {
        data["ptr"] = json!(1);
        return data;
    }
    let prefix = common_prefix(places.iter().flatten().copied());
    data["p"] = json!(prefix);
    data["a"] = json!(
        places
            .iter()
            .map(|at| at.map(|at| &at[prefix.len()..]))
            .collect::<Vec<_>>()
    );
    data
}

/// The JSON pointer a canonical JSON report gives a cell: `/table2/fees/change`.
fn pointer(key: &str) -> String {
    format!("/{}", key.replace('.', "/"))
}

/// The longest prefix all texts share (whole characters).
fn common_prefix<'a>(mut texts: impl Iterator<Item = &'a str>) -> &'a str {
    let Some(first) = texts.next() else {
        return "";
    };
    let mut len = first.len();
    for text in texts {
        len = first
            .char_indices()
            .zip(text.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(len);
    }
    &first[..len]
}

/// A value as shown, as a JSON number where the number prints back as the same text in a
/// browser (`12`, `-4`), saving its quotes; any other text as a string.
fn compact_value(shown: &str) -> Json {
    let digits = shown.strip_prefix('-').unwrap_or(shown);
    let plain = !digits.is_empty()
        && digits.len() <= 15
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(digits.starts_with('0') && (digits.len() > 1 || shown.starts_with('-')));
    match shown.parse::<i64>() {
        Ok(n) if plain => json!(n),
        _ => json!(shown),
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
    let Some(layout) = table.layout() else {
        return;
    };
    let id = layout.id;
    let _ = writeln!(
        page,
        "<h3>{}</h3><table class=\"statutory\" data-table=\"{}\">",
        esc(l.pick(id.title_zh(), id.title_en())),
        id.key()
    );
    // Tables 3 and 4 share their columns across rows: one heading row. Table 2 changes
    // columns from block to block: a heading row wherever they change.
    let mut heading: Option<&[layout::Column]> = None;
    for row in &layout.rows {
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
