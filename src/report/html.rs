//! `--format html`: one self-contained page (no network, no external file).
//!
//! A small run (up to [`DRAW_IN_FULL_UP_TO`] files) draws each report's tables in their
//! statutory layout with the failing cells highlighted and the suggested fix on the cell,
//! the findings beside them, under an index with a row per file linking to its section.
//!
//! A larger run writes the index alone, worst files first, and keeps each file's tables and
//! findings as data (a `<script type="application/json">` per file; the statutory layouts
//! once per table and edition) that a small inline script draws, as the small-run page
//! would, under a row when it is opened (a click, or `#f<n>` in the address). 10,000 files
//! drawn in full made a page of 254 MB that headless Chromium took 242 s to open; their
//! index is 15 MB and opens in 1.8 s (0.8 s of which Chromium takes for an empty page).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::{Deserialize, Serialize};
use serde_json::{Value as Json, json};

use super::Reporter;
use crate::findings::{FileResult, Finding, Severity, Status, Summary};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Cell, Edition, Report, Value};

/// Up to this many files, every file's tables are drawn in the page itself: readable without
/// scripts, found by the browser's search, printable as is. One drawn file is ~25 KB of
/// markup and ~250 table cells, so 20 files stay near 0.5 MB and open in well under a
/// second; every further file adds to that, while the index draws only what is opened.
const DRAW_IN_FULL_UP_TO: usize = 20;

/// Index rows per block that the browser lays out only when it scrolls into view
/// (`content-visibility: auto`): 10,000 rows are then laid out as a few blocks.
const ROWS_PER_BLOCK: usize = 100;

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
    /// Every file's index row and its data, in path order: a few KB each, so that a run
    /// over 10,000 files does not hold 10,000 results until the end.
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
    /// Its section as data ([`HtmlReporter::file_data`]), safe inside a `<script>`.
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
/// `\u003c`, and `>` and `&` too), no `</script>` or `<!--` in a file's text can end the
/// element or change how the parser reads it; U+2028/29 are written out for older parsers.
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
#index { font-size: 13px; border: 1px solid #999; border-bottom: 0; }
#index .r { display: grid; grid-template-columns: 22% 5em 7em 4em 4em 1fr; border-bottom: 1px solid #ccc; }
#index .r > * { padding: 3px 6px; overflow-wrap: anywhere; }
#index .r > .n { text-align: right; }
#index .head { position: sticky; top: 0; z-index: 1; background: #f0f0f0; font-weight: 600; }
#index .group { padding: 3px 6px; background: #e4e4e4; font-weight: 700; border-bottom: 1px solid #999; }
#index .block { content-visibility: auto; }
#index.opens .r[id] { cursor: pointer; }
#index.opens .r[id]:hover, #index .r.open { background: #eef3ff; }
#index .detail { padding: 0 12px 16px; overflow-x: auto; border-bottom: 2px solid #999; }
#index .detail h2 { margin-top: 12px; }
#index .detail > section { scroll-margin-top: var(--above, 4em); }
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
/// section under it from its data ([`HtmlReporter::file_data`]), element for element as
/// [`HtmlReporter::file_section`] writes it. Text from files goes in as `textContent` only.
const VIEWER_SCRIPT: &str = r#"
(function () {
  var page = null, marks = { e: 'err', w: 'warn', i: 'involved' };
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null && text !== '') e.textContent = text;
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function colNum(s) { var n = 0; for (var i = 0; i < s.length; i++) n = n * 26 + s.charCodeAt(i) - 64; return n; }
  function colName(n) { var s = ''; while (n > 0) { var m = (n - 1) % 26; s = String.fromCharCode(65 + m) + s; n = (n - 1 - m) / 26; } return s; }
  function places(t) {
    if (t.a) return t.a.map(function (a) { return a == null ? null : t.p + a; });
    var out = [];
    if (t.r) t.r.split(' ').forEach(function (run) {
      var m = /^([A-Z]+)(\d+)(?:([+-])(\d+))?$/.exec(run);
      if (!m) { out.push(null); return; }
      var c = colNum(m[1]), r = +m[2], k = +(m[4] || 0);
      for (var j = 0; j <= k; j++) out.push(t.p + colName(m[3] === '+' ? c + j : c) + (m[3] === '-' ? r + j : r));
    });
    return out;
  }
  function drawTable(t, out) {
    var lay = page.layouts[t.l], at = places(t), i = 0, cols = -1;
    add(out, el('h3', null, lay.title));
    var table = add(out, el('table', 'statutory')), body = add(table, el('tbody'));
    table.setAttribute('data-table', lay.key);
    lay.rows.forEach(function (r) {
      if (r[1] !== cols) {
        cols = r[1];
        var head = add(body, el('tr'));
        add(head, el('th'));
        lay.cols[cols].forEach(function (c) { add(head, el('th', null, c)); });
      }
      var tr = add(body, el('tr'));
      add(tr, el('td', 'label', r[0]));
      r[2].forEach(function (key) {
        var v = t.v[i], mark = t.m && marks[t.m[i]], fix = t.x && t.x[i];
        var loc = t.ptr ? '/' + key.split('.').join('/') : at[i];
        var td = add(tr, el('td', 'num' + (mark ? ' ' + mark : '') + (fix ? ' fix-target' : ''), v == null ? '' : String(v)));
        td.setAttribute('data-key', key);
        if (loc != null && v != null) td.title = loc;
        if (fix) add(td, el('span', 'fix', fix));
        i++;
      });
    });
  }
  function findings(d, out) {
    if (!d.f.length) { add(out, el('p', 'pass', page.none)); return; }
    var ol = add(out, el('ol'));
    d.f.forEach(function (f) {
      var li = add(ol, el('li'));
      add(li, el('span', 'rule sev-' + f[0], f[1]));
      add(li, document.createTextNode(' ' + f[2]));
      if (f.length > 3) { add(li, el('br')); add(li, el('span', 'suggestion', f[3])); }
    });
  }
  function section(n) {
    var d = data('d' + n);
    page = page || data('page');
    var s = el('section', 'file');
    s.id = 'f' + n;
    add(s, el('h2', null, d.src));
    add(add(s, el('p', null, d.meta + ' · ')), el('strong', d.st, page.status[d.st]));
    if (d.why != null) add(s, el('p', 'classification', d.why));
    if (d.err != null) { add(s, el('p', 'unreadable', d.err)); return s; }
    var body = add(s, el('div', 'layout'));
    var tables = add(body, el('div', 'tables'));
    d.t.forEach(function (t) { drawTable(t, tables); });
    findings(d, add(body, el('div', 'findings')));
    return s;
  }
  function open(row) {
    if (row.classList.contains('open')) return row.nextSibling.firstChild;
    var detail = el('div', 'detail'), s = add(detail, section(row.id.slice(1)));
    row.parentNode.insertBefore(detail, row.nextSibling);
    row.classList.add('open');
    // Scrolled to (as `#f<n>`, the section's id), the section shows its row and the
    // index's heading above it.
    var head = document.querySelector('#index .head');
    detail.style.setProperty('--above', (head.offsetHeight + row.offsetHeight + 8) + 'px');
    return s;
  }
  function close(row) {
    row.parentNode.removeChild(row.nextSibling);
    row.classList.remove('open');
  }
  function here(hash) { history.replaceState(null, '', location.pathname + location.search + hash); }
  document.getElementById('index').addEventListener('click', function (e) {
    var row = e.target.closest('.r[id]');
    if (!row) return;
    e.preventDefault();
    if (row.classList.contains('open')) { close(row); here(''); }
    else { open(row); here('#f' + row.id.slice(1)); }
  });
  function fromAddress() {
    var m = /^#f(\d+)$/.exec(location.hash), row = m && document.getElementById('r' + m[1]);
    if (row) open(row).scrollIntoView();
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
                self.index(&mut page, &order, false);
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
/// supervisor must act on), then files that could not be read (nothing in them was
/// checked), then documents that are not annual reports, passing reports last.
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

    /// The index, then each file's data and what they share, then the viewer (last, so
    /// that `#f<n>` in the address opens as soon as the page is read).
    fn index_page(&self, page: &mut String, order: &[usize]) {
        let _ = writeln!(
            page,
            "<noscript><p>{}</p></noscript>",
            self.lang.pick(
                "打开文件的表格需要启用 JavaScript。",
                "Opening a file's tables needs JavaScript."
            )
        );
        self.index(page, order, true);
        for (i, entry) in self.entries.iter().enumerate() {
            let _ = writeln!(
                page,
                "<script type=\"application/json\" id=\"d{}\">{}</script>",
                i + 1,
                entry.data
            );
        }
        let _ = writeln!(
            page,
            "<script type=\"application/json\" id=\"page\">{}</script>",
            script_json(&self.page_data())
        );
        let _ = writeln!(page, "<script>{VIEWER_SCRIPT}</script>");
    }

    /// A row per file in `order`, under a heading per status with its count, in blocks of
    /// [`ROWS_PER_BLOCK`]. `opens`: each row opens its file (the index page); otherwise its
    /// link leads to the file's section below.
    fn index(&self, page: &mut String, order: &[usize], opens: bool) {
        let l = self.lang;
        let _ = writeln!(
            page,
            "<div id=\"index\"{}><div class=\"r head\"><span>{}</span><span>{}</span><span>{}</span><span class=\"n\">{}</span><span class=\"n\">{}</span><span>{}</span></div>",
            if opens { " class=\"opens\"" } else { "" },
            l.pick("机关", "Agency"),
            l.pick("年度", "Year"),
            l.pick("结果", "Result"),
            l.pick("错误", "Errors"),
            l.pick("警告", "Warnings"),
            l.pick("文件", "File"),
        );
        let mut rest = order;
        while let Some(&first) = rest.first() {
            let status = self.entries[first].status;
            let len = rest
                .iter()
                .take_while(|&&i| self.entries[i].status == status)
                .count();
            let _ = writeln!(
                page,
                "<div class=\"group {}\">{} · {len}</div>",
                status_class(status),
                self.status(status)
            );
            for block in rest[..len].chunks(ROWS_PER_BLOCK) {
                // The height the browser assumes for a block it has not laid out yet.
                let _ = writeln!(
                    page,
                    "<div class=\"block\" style=\"contain-intrinsic-size: auto {}px\">",
                    block.len() * 23
                );
                for &i in block {
                    self.index_row(page, i, opens);
                }
                page.push_str("</div>\n");
            }
            rest = &rest[len..];
        }
        page.push_str("</div>\n");
    }

    fn index_row(&self, page: &mut String, i: usize, opens: bool) {
        let e = &self.entries[i];
        let id = if opens {
            format!(" id=\"r{}\"", i + 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            page,
            "<div class=\"r\"{id}><span>{}</span><span>{}</span><span class=\"{}\">{}</span><span class=\"n\">{}</span><span class=\"n\">{}</span><a href=\"#f{}\">{}</a></div>",
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

    /// A file drawn in full; the viewer draws the same from [`Self::file_data`].
    fn file_section(&self, page: &mut String, n: usize, file: &FileResult) {
        let l = self.lang;
        let _ = writeln!(
            page,
            "<section class=\"file\" id=\"f{n}\"><h2>{}</h2>",
            esc(&file.source)
        );
        let _ = writeln!(
            page,
            "<p>{} · <strong class=\"{}\">{}</strong></p>",
            esc(&meta(file, l)),
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
        let (marks, fixes) = marks(file, l);
        page.push_str("<div class=\"layout\"><div class=\"tables\">\n");
        if let Some(drawing) = &file.drawing {
            for table in &drawing.tables {
                draw_table(page, table, &marks, &fixes, l);
            }
        }
        page.push_str("</div><div class=\"findings\">\n");
        if file.findings.is_empty() {
            let _ = writeln!(page, "<p class=\"pass\">{}</p>", self.no_findings());
        } else {
            page.push_str("<ol>\n");
            for (f, suggestion) in said(file) {
                let _ = write!(
                    page,
                    "<li><span class=\"rule sev-{}\">{}</span> {}",
                    f.severity.as_str(),
                    esc(f.rule),
                    esc(&f.message)
                );
                if let Some(s) = suggestion {
                    let _ = write!(page, "<br><span class=\"suggestion\">{}</span>", esc(s));
                }
                page.push_str("</li>\n");
            }
            page.push_str("</ol>\n");
        }
        page.push_str("</div></div></section>\n");
    }

    fn no_findings(&self) -> &'static str {
        self.lang.pick("没有发现问题。", "No findings.")
    }

    /// One file for the viewer: `src`, `meta`, `st` (status), `why` (classification),
    /// `err` (why it was not read), `t` (its tables, [`table_data`]) and `f` (findings as
    /// `[severity, rule, message, suggestion]`, the suggestion only where first said).
    fn file_data(&mut self, file: &FileResult) -> Json {
        let mut data = json!({
            "src": file.source,
            "meta": meta(file, self.lang),
            "st": status_class(file.status),
        });
        if let Some(c) = &file.classification {
            data["why"] = json!(c.reason);
        }
        if let Some(err) = &file.error {
            data["err"] = json!(err.message);
            return data;
        }
        let (marks, fixes) = marks(file, self.lang);
        let tables: Vec<Json> = file
            .drawing
            .iter()
            .flat_map(|d| &d.tables)
            .filter_map(|t| {
                let layout = t.layout()?;
                let at = self.layout_index(layout);
                Some(table_data(t, layout, at, &marks, &fixes))
            })
            .collect();
        let findings: Vec<Json> = said(file)
            .into_iter()
            .map(|(f, s)| {
                let mut one = json!([f.severity.as_str(), f.rule, f.message]);
                if let (Some(s), Json::Array(a)) = (s, &mut one) {
                    a.push(json!(s));
                }
                one
            })
            .collect();
        data["t"] = json!(tables);
        data["f"] = json!(findings);
        data
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

    /// What every file's data refers to: the layouts, the status words, "no findings".
    fn page_data(&self) -> Json {
        let status: serde_json::Map<String, Json> = [
            Status::Fail,
            Status::Unreadable,
            Status::NotAReport,
            Status::Pass,
        ]
        .into_iter()
        .map(|s| (status_class(s).to_string(), json!(self.status(s))))
        .collect();
        json!({
            "layouts": self.layouts.iter().map(|t| layout_data(t, self.lang)).collect::<Vec<_>>(),
            "status": status,
            "none": self.no_findings(),
        })
    }
}

/// Agency, year and edition, as the heading of a file's section says them.
fn meta(file: &FileResult, l: Lang) -> String {
    [
        file.agency.clone(),
        file.year.map(|y| format!("{y}{}", l.pick("年度", ""))),
        file.edition
            .map(|e| format!("{e}{}", l.pick("版表格", " edition"))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ")
}

/// Each finding with its suggestion where it is first said: several findings share a slip.
fn said(file: &FileResult) -> Vec<(&Finding, Option<&str>)> {
    let mut said: Vec<&str> = Vec::new();
    file.findings
        .iter()
        .map(|f| {
            let s = f
                .suggestion
                .as_ref()
                .map(|s| s.message.as_str())
                .filter(|s| !said.contains(s));
            said.extend(s);
            (f, s)
        })
        .collect()
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
            let at = match cols.iter().position(|c| std::ptr::eq(*c, row.columns)) {
                Some(at) => at,
                None => {
                    cols.push(row.columns);
                    cols.len() - 1
                }
            };
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

/// The cell keys of a layout, in the order the viewer draws them.
fn layout_keys(layout: &layout::TableLayout) -> Vec<String> {
    layout
        .rows
        .iter()
        .flat_map(|row| {
            row.columns
                .iter()
                .map(|c| layout::cell_key(layout.id, row.key, c.key))
        })
        .collect()
}

/// One drawn table for the viewer, each cell by its position in [`layout_keys`]: `l` (the
/// layout), `v` (the values as shown, `null` for a cell not read), where each was read
/// ([`places`]), `m` (position → `e`rror, `w`arning or `i`nvolved) and `x` (position → fix).
fn table_data(
    table: &DrawnTable,
    layout: &layout::TableLayout,
    layout_at: usize,
    marks: &BTreeMap<String, &'static str>,
    fixes: &BTreeMap<String, String>,
) -> Json {
    let keys = layout_keys(layout);
    let cells: Vec<Option<&(String, Option<String>)>> =
        keys.iter().map(|k| table.cells.get(k)).collect();
    let values: Vec<Json> = cells
        .iter()
        .map(|c| c.map_or(Json::Null, |(shown, _)| compact_value(shown)))
        .collect();
    let mut data = json!({ "l": layout_at, "v": values });
    places(&keys, &cells, &mut data);
    let by_position = |of: &dyn Fn(&str) -> Option<Json>| -> serde_json::Map<String, Json> {
        keys.iter()
            .enumerate()
            .filter_map(|(i, k)| Some((i.to_string(), of(k)?)))
            .collect()
    };
    let m = by_position(&|k| marks.get(k).map(|c| json!(&c[..1])));
    if !m.is_empty() {
        data["m"] = Json::Object(m);
    }
    let x = by_position(&|k| fixes.get(k).map(|f| json!(f)));
    if !x.is_empty() {
        data["x"] = Json::Object(x);
    }
    data
}

/// Where a table's cells were read, in the fewest bytes that say it: nothing when nowhere
/// is known; `ptr` when each is the JSON pointer of its key (a JSON report); else `p`, the
/// prefix all share (up to the sheet's `!`), and either `r`, runs of A1 addresses
/// ([`a1_runs`]), or `a`, the rest of each.
fn places(keys: &[String], cells: &[Option<&(String, Option<String>)>], data: &mut Json) {
    let at: Vec<Option<&str>> = cells
        .iter()
        .map(|c| c.and_then(|(_, at)| at.as_deref()))
        .collect();
    if at.iter().all(Option::is_none) {
        return;
    }
    let is_pointer = |(key, cell): (&String, &Option<&(String, Option<String>)>)| {
        cell.is_none_or(|(_, at)| at.as_deref() == Some(pointer(key).as_str()))
    };
    if keys.iter().zip(cells).all(is_pointer) {
        data["ptr"] = json!(1);
        return;
    }
    // Up to the sheet's `!`, if any: cells of one column share the column's letter too.
    let common = common_prefix(at.iter().flatten().copied());
    let prefix = common.rfind('!').map_or(common, |i| &common[..=i]);
    let rest: Vec<Option<&str>> = at.iter().map(|a| a.map(|a| &a[prefix.len()..])).collect();
    data["p"] = json!(prefix);
    match a1_runs(&rest) {
        Some(runs) => data["r"] = json!(runs),
        None => data["a"] = json!(rest),
    }
}

/// Cells read from one sheet as runs of A1 addresses, space-separated: `B11+2` is B11 and
/// the 2 cells to its right, `A5-3` A5 and the 3 below it, `_` a cell read from nowhere.
/// A table read from a grid is a few runs (table 3: one a row) instead of 175 addresses.
/// `None` unless every place is an A1 address.
fn a1_runs(places: &[Option<&str>]) -> Option<String> {
    let cells: Vec<Option<(u32, u32)>> = places
        .iter()
        .map(|p| p.map(parse_a1).map(|c| c.ok_or(())).transpose())
        .collect::<Result<_, _>>()
        .ok()?;
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let Some((col, row)) = cells[i] else {
            runs.push("_".into());
            i += 1;
            continue;
        };
        let along = |dc: u32, dr: u32| {
            (1..)
                .take_while(|&k| {
                    cells.get(i + k) == Some(&Some((col + dc * k as u32, row + dr * k as u32)))
                })
                .count()
        };
        let (right, down) = (along(1, 0), along(0, 1));
        let name = crate::model::a1(row - 1, col - 1);
        // A cell's next neighbour is to its right or below it, never both.
        runs.push(match (right, down) {
            (0, 0) => name,
            (0, d) => format!("{name}-{d}"),
            (r, _) => format!("{name}+{r}"),
        });
        i += 1 + right.max(down);
    }
    Some(runs.join(" "))
}

/// `E24` → (column 5, row 24), one-based; `None` for anything else (`E024`, `e24`).
fn parse_a1(address: &str) -> Option<(u32, u32)> {
    let letters = address.bytes().take_while(u8::is_ascii_uppercase).count();
    let (col, row) = address.split_at(letters);
    if !(1..=3).contains(&letters)
        || row.is_empty()
        || row.len() > 7
        || row.starts_with('0')
        || !row.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let col = col.bytes().fold(0, |n, b| n * 26 + u32::from(b - b'A' + 1));
    Some((col, row.parse().ok()?))
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
        let shared = first
            .char_indices()
            .zip(text.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| i + a.len_utf8());
        len = len.min(shared);
    }
    &first[..len]
}

/// A value as shown, as a JSON number where a browser prints the number back as the same
/// text (`12`, `-4`, not `012` or `-0`), saving its quotes; any other text as a string.
fn compact_value(shown: &str) -> Json {
    let digits = shown.strip_prefix('-').unwrap_or(shown);
    let plain = (1..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(digits.starts_with('0') && (digits.len() > 1 || digits.len() < shown.len()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::findings::{CellRef, ReadFailure};

    const HOSTILE: &str = "</script><script>alert(1)</script><!--\"'\u{1}\u{2028}";

    /// A result of `status` with `errors` error findings on table 4's first cell.
    fn result(source: &str, status: Status, errors: usize) -> FileResult {
        let failure = ReadFailure {
            kind: "io",
            message: HOSTILE.into(),
            location: None,
        };
        let mut r = FileResult::unreadable(source.into(), failure);
        r.status = status;
        if status == Status::Unreadable {
            return r;
        }
        r.error = None;
        r.agency = Some(HOSTILE.into());
        let layout = layout::table(TableId::T4, Edition::E2021);
        let keys = layout_keys(layout);
        let cells = keys
            .iter()
            .enumerate()
            .map(|(i, k)| {
                (
                    k.clone(),
                    (i.to_string(), Some(format!("附件!{}", model_a1(i)))),
                )
            })
            .collect();
        r.drawing = Some(Box::new(Drawing {
            tables: vec![DrawnTable {
                table: 4,
                edition: "2021".into(),
                cells,
            }],
        }));
        r.findings = (0..errors)
            .map(|_| Finding {
                rule: "T4-GROUP-SUM",
                severity: Severity::Error,
                cells: vec![CellRef {
                    key: keys[0].clone(),
                    address: None,
                    value: json!(0),
                    file: None,
                    page: None,
                    line: None,
                }],
                expected: None,
                actual: None,
                difference: None,
                message: HOSTILE.into(),
                suggestion: None,
                table: 4,
            })
            .collect();
        r
    }

    /// Row 3, from column B on: the addresses a grid gives cells read along one row.
    fn model_a1(i: usize) -> String {
        crate::model::a1(2, 1 + i as u32)
    }

    fn page(reporter: &mut HtmlReporter, results: &[FileResult]) -> String {
        let mut summary = Summary::default();
        let mut out = Vec::new();
        for r in results {
            summary.add(r);
            reporter.report(&mut out, r).unwrap();
        }
        reporter.finish(&mut out, &summary).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The text of `<script type="application/json" id="{id}">`, parsed.
    fn blob(page: &str, id: &str) -> Json {
        let open = format!("<script type=\"application/json\" id=\"{id}\">");
        let start = page.find(&open).expect("the blob") + open.len();
        let end = start + page[start..].find("</script>").unwrap();
        serde_json::from_str(&page[start..end]).unwrap()
    }

    #[test]
    fn the_index_lists_failing_then_unreadable_then_not_a_report_then_passing() {
        let mut reporter = HtmlReporter::new(Lang::En);
        let results = [
            result("a", Status::Pass, 0),
            result("b", Status::Fail, 1),
            result("c", Status::NotAReport, 0),
            result("d", Status::Unreadable, 0),
            result("e", Status::Fail, 3),
            result("f", Status::Fail, 1),
        ];
        page(&mut reporter, &results);
        let order: Vec<&str> = index_order(&reporter.entries)
            .into_iter()
            .map(|i| reporter.entries[i].source.as_str())
            .collect();
        assert_eq!(order, ["e", "b", "f", "d", "c", "a"]);
    }

    #[test]
    fn script_json_holds_any_text_and_cannot_end_its_element() {
        let value = json!({ "src": HOSTILE, "n": [1, "<!--<script>"] });
        let text = script_json(&value);
        assert!(!text.contains(['<', '>', '&', '\u{2028}']), "{text}");
        assert_eq!(serde_json::from_str::<Json>(&text).unwrap(), value);
    }

    #[test]
    fn a_hostile_file_name_and_text_stay_text_in_either_page() {
        let results: Vec<FileResult> = [Status::Fail, Status::Unreadable, Status::Pass]
            .into_iter()
            .map(|s| result(HOSTILE, s, 1))
            .collect();
        for full_up_to in [0, DRAW_IN_FULL_UP_TO] {
            let mut reporter = HtmlReporter::new(Lang::Zh);
            reporter.full_up_to = full_up_to;
            let page = page(&mut reporter, &results);
            assert!(!page.contains("alert(1)</script>"), "{page}");
            assert!(!page.contains("<!--"));
            let scripts = if full_up_to == 0 {
                results.len() + 3
            } else {
                1
            };
            assert_eq!(page.matches("<script").count(), scripts);
            assert_eq!(page.matches("</script>").count(), scripts);
            assert!(page.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
        }
    }

    #[test]
    fn the_index_keeps_each_file_as_data_and_each_layout_once() {
        let results: Vec<FileResult> = (0..30)
            .map(|i| result(&format!("r{i}.xlsx"), Status::Fail, 2))
            .collect();
        let page = page(&mut HtmlReporter::new(Lang::Zh), &results);
        assert!(
            !page.contains("<td"),
            "no table drawn until a file is opened"
        );
        assert_eq!(blob(&page, "page")["layouts"].as_array().unwrap().len(), 1);
        let d = blob(&page, "d7");
        assert_eq!(d["src"], "r6.xlsx");
        assert_eq!(d["agency"], Json::Null);
        assert!(d["meta"].as_str().unwrap().starts_with(HOSTILE));
        let t = &d["t"][0];
        assert_eq!(
            (&t["l"], &t["v"][0], &t["v"][1]),
            (&json!(0), &json!(0), &json!(1))
        );
        assert_eq!((&t["p"], &t["r"]), (&json!("附件!"), &json!("B3+14")));
        assert_eq!(t["m"], json!({ "0": "e" }));
        // The suggestion is said once for the findings that share it; here there is none.
        assert_eq!(d["f"].as_array().unwrap().len(), 2);
        assert_eq!(d["f"][0], json!(["error", "T4-GROUP-SUM", HOSTILE]));
    }

    #[test]
    fn a_small_run_draws_every_file_in_full() {
        let results = [
            result("a.xlsx", Status::Fail, 1),
            result("b.xlsx", Status::Pass, 0),
        ];
        let page = page(&mut HtmlReporter::new(Lang::Zh), &results);
        assert!(!page.contains("application/json"));
        assert_eq!(page.matches("<section class=\"file\"").count(), 2);
        assert!(page.contains(
            "<td class=\"num err\" data-key=\"table4.review.upheld\" title=\"附件!B3\">0</td>"
        ));
        assert!(
            page.find("id=\"f1\"") < page.find("id=\"f2\""),
            "failing first"
        );
    }

    #[test]
    fn places_are_written_as_runs_pointers_or_as_they_are() {
        let cell = |at: &str| (String::new(), Some(at.to_string()));
        let keys: Vec<String> = ["table2.a.b", "table2.a.c", "table2.d.b"]
            .map(String::from)
            .into();
        let places_of = |cells: [Option<&(String, Option<String>)>; 3]| {
            let mut data = json!({});
            places(&keys, &cells, &mut data);
            data
        };
        let (a, b, c) = (cell("S!B3"), cell("S!C3"), cell("S!B4"));
        assert_eq!(
            places_of([Some(&a), Some(&b), Some(&c)]),
            json!({ "p": "S!", "r": "B3+1 B4" })
        );
        assert_eq!(
            places_of([Some(&a), None, Some(&c)]),
            json!({ "p": "S!", "r": "B3 _ B4" })
        );
        assert_eq!(
            places_of([Some(&a), Some(&c), None]),
            json!({ "p": "S!", "r": "B3-1 _" })
        );
        let (p, q) = (cell("/table2/a/b"), cell("/table2/d/b"));
        assert_eq!(places_of([Some(&p), None, Some(&q)]), json!({ "ptr": 1 }));
        let (x, y) = (cell("第2页"), cell("第3页"));
        assert_eq!(
            places_of([Some(&x), Some(&y), None]),
            json!({ "p": "第", "a": ["2页", "3页", null] })
        );
        assert_eq!(places_of([None, None, None]), json!({}));
    }

    #[test]
    fn a1_addresses_are_parsed_strictly() {
        assert_eq!(parse_a1("E24"), Some((5, 24)));
        assert_eq!(parse_a1("AA1"), Some((27, 1)));
        for bad in ["E024", "e24", "E", "24", "E2x", "ABCD1", "E0"] {
            assert_eq!(parse_a1(bad), None, "{bad}");
        }
        assert_eq!(
            a1_runs(&[Some("Z9"), Some("AA9"), Some("AB9")]).unwrap(),
            "Z9+2"
        );
        assert_eq!(a1_runs(&[Some("B2"), Some("x")]), None);
    }

    #[test]
    fn values_are_numbers_only_where_they_print_back_the_same() {
        for (shown, value) in [
            ("12", json!(12)),
            ("-4", json!(-4)),
            ("0", json!(0)),
            ("012", json!("012")),
            ("-0", json!("-0")),
            ("1.5", json!("1.5")),
            ("+3", json!("+3")),
            ("１２", json!("１２")),
            ("1234567890123456", json!("1234567890123456")),
            ("", json!("")),
        ] {
            assert_eq!(compact_value(shown), value, "{shown}");
        }
    }
}
