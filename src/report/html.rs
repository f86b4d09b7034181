//! `--format html`: one self-contained page (no network, no external file).
//!
//! A small run (up to [`DRAW_IN_FULL_UP_TO`] files) draws each report's tables as the
//! official form lays them out ([`form`]: table 3's applicant columns under their group
//! headings and its rows under 三、本年度办理结果 and their groups, table 4's two levels of
//! headings over one row, table 2's 第二十条 blocks of either edition), the findings beside
//! them, under an index with a row per file linking to its section. The cells the findings
//! name are marked by what a clerk should do with them ([`MARKS`], explained by a legend
//! above the tables): the cell a suggestion changes, with 「改为 N」 on it; the totals that
//! fail only because of it; failing cells no single change explains; the other cells a
//! check involves.
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
use crate::layout::{self, TableId, printed};
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
td.label[rowspan] { white-space: nowrap; }
table.statutory { margin-bottom: 4px; }
table.statutory th { text-align: center; }
table.statutory[data-table="table4"] th { min-width: 2.5em; }
.suspect { background: rgb(192, 0, 0); color: #fff; font-weight: 700; outline: 3px solid rgb(0, 0, 0); outline-offset: -3px; }
.consequence { background: rgb(255, 228, 232); color: #7a0010; }
.err { background: rgb(255, 199, 206); color: #9c0006; font-weight: 700; }
.warn { background: rgb(255, 235, 156); }
.involved { background: rgb(232, 240, 252); }
.suspect, .consequence, .err, .warn, .involved { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.fix { display: block; font-size: 12px; font-weight: 700; white-space: nowrap; }
.legend { list-style: none; padding: 0; margin: 8px 0 4px; font-size: 13px; max-width: 62em; }
.legend li { margin: 3px 0; }
.swatch { display: inline-block; width: 2.4em; height: 1.1em; margin-right: 6px; vertical-align: -0.2em; border: 1px solid #999; }
.layout { display: flex; gap: 8px 24px; align-items: flex-start; }
.tables { flex: 0 1 auto; min-width: 0; }
@media (max-width: 1100px) { .layout { flex-wrap: wrap; } .findings { flex-basis: 100%; } }
.findings { flex: 0 0 340px; font-size: 13px; }
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
@page { size: A4; margin: 12mm; }
@media print {
  body { margin: 0; }
  h2 { margin-top: 16px; }
  .layout { display: block; }
  .findings { max-width: none; }
  table.statutory { font-size: 10px; }
  table.statutory th, table.statutory td { padding: 1px 3px; }
  table.statutory tr { break-inside: avoid; }
  table.statutory[data-table="table3"] { break-inside: avoid; }
  h3 { break-after: avoid; }
  section.file { break-before: page; }
  section.file:first-of-type { break-before: auto; }
  #index .head { position: static; }
}
"#;

/// In a browser opened with `?check`, list the cells drawn marked, each with what its
/// computed colour says it is (the page's [`MARKS`] styles), so a test can compare what the
/// page shows with the findings: `f<n> <cell key> <mark>`.
const CHECK_SCRIPT: &str = r#"
if (location.search.indexOf('check') >= 0) {
  var out = [], by = {
    'rgb(192, 0, 0)': 'suspect', 'rgb(255, 228, 232)': 'consequence', 'rgb(255, 199, 206)': 'err',
    'rgb(255, 235, 156)': 'warn', 'rgb(232, 240, 252)': 'involved'
  };
  document.querySelectorAll('section.file').forEach(function (s) {
    s.querySelectorAll('td[data-key]').forEach(function (td) {
      var mark = by[getComputedStyle(td).backgroundColor];
      if (mark) out.push(s.id + ' ' + td.getAttribute('data-key') + ' ' + mark);
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
  var page = null, marks = { s: 'suspect', c: 'consequence', e: 'err', w: 'warn', i: 'involved' };
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
    var lay = page.layouts[t.l], at = places(t);
    add(out, el('h3', null, lay.title));
    var table = add(out, el('table', 'statutory'));
    table.setAttribute('data-table', lay.key);
    function rows(parent, list) {
      list.forEach(function (row) {
        var tr = add(parent, el('tr'));
        row.forEach(function (p) {
          var td;
          if (typeof p === 'number' || typeof p[0] === 'number') {
            var i = typeof p === 'number' ? p : p[0], key = lay.keys[i];
            var v = t.v[i], mark = t.m && marks[t.m[i]], fix = t.x && t.x[i];
            var loc = t.ptr ? '/' + key.split('.').join('/') : at[i];
            td = add(tr, el('td', 'num' + (mark ? ' ' + mark : ''), v == null ? '' : String(v)));
            if (typeof p !== 'number') td.setAttribute('colspan', p[1]);
            td.setAttribute('data-key', key);
            if (loc != null && v != null) td.title = loc;
            if (fix) add(td, el('span', 'fix', fix));
            return;
          }
          td = add(tr, el(p[0] === 'h' ? 'th' : 'td', p[0] === 'l' ? 'label' : null, p[1]));
          if (p[2] > 1) td.setAttribute('colspan', p[2]);
          if (p[3] > 1) td.setAttribute('rowspan', p[3]);
        });
      });
    }
    if (lay.head.length) rows(add(table, el('thead')), lay.head);
    rows(add(table, el('tbody')), lay.body);
  }
  function legend(d, out) {
    var seen = {};
    d.t.forEach(function (t) { for (var i in t.m || {}) seen[t.m[i]] = 1; });
    var ul = null;
    page.legend.forEach(function (e) {
      if (!seen[e[0]]) return;
      ul = ul || add(out, el('ul', 'legend'));
      var li = add(ul, el('li'));
      add(li, el('span', 'swatch ' + marks[e[0]]));
      add(li, document.createTextNode(e[1]));
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
    legend(d, tables);
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
        draw_legend(page, &marks_drawn(file.drawing.as_deref(), &marks), l);
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

    /// What every file's data refers to: the layouts, the status words, "no findings", the
    /// legend's lines (`[mark code, text]`, in [`MARKS`] order).
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
            "legend": MARKS
                .iter()
                .map(|m| json!([m.code, self.lang.pick(m.zh, m.en)]))
                .collect::<Vec<_>>(),
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

/// How a cell the findings name is drawn, strongest first (a cell takes the strongest that
/// applies): `code` in the viewer's data, `class` on the cell, what the legend says of it.
struct Mark {
    code: &'static str,
    class: &'static str,
    zh: &'static str,
    en: &'static str,
}

const SUSPECT: usize = 0;
const CONSEQUENCE: usize = 1;
const ERR: usize = 2;
const WARN: usize = 3;
const INVOLVED: usize = 4;

const MARKS: [Mark; 5] = [
    Mark {
        code: "s",
        class: "suspect",
        zh: "疑似填错的格：建议只改这一格，改为格内「改为」后的数",
        en: "Suspect cell: the one to change, to the number after \u{201c}change to\u{201d}",
    },
    Mark {
        code: "c",
        class: "consequence",
        zh: "因疑似填错的格而对不上的合计：不要改，改正疑似格后即相符",
        en: "Totals that fail only because of the suspect cell: leave them, they agree once it is fixed",
    },
    Mark {
        code: "e",
        class: "err",
        zh: "不符合规则的格（错误），无法确定是哪一格填错：请核对",
        en: "Cell a rule fails on (error), no single cell explains it: check the figures",
    },
    Mark {
        code: "w",
        class: "warn",
        zh: "需要核实的格（警告）",
        en: "Cell to verify (warning)",
    },
    Mark {
        code: "i",
        class: "involved",
        zh: "检查涉及的其他格：仅供参考，不一定有错",
        en: "Other cells a check involves: for reference, not necessarily wrong",
    },
];

/// The mark of each cell the findings name (a position in [`MARKS`]) and the fixes to write
/// on cells, by cell key. A finding's stated cell (its first) is a consequence where the
/// finding has a suggestion that changes a cell, else failing (an error or a warning); the
/// cells a suggestion changes are suspect; every other cell a finding involves is involved.
fn marks(file: &FileResult, l: Lang) -> (BTreeMap<String, usize>, BTreeMap<String, String>) {
    fn mark(marks: &mut BTreeMap<String, usize>, key: &str, mark: usize) {
        let at = marks.entry(key.to_string()).or_insert(mark);
        *at = (*at).min(mark);
    }
    let mut marks: BTreeMap<String, usize> = BTreeMap::new();
    let mut fixes: BTreeMap<String, String> = BTreeMap::new();
    for f in &file.findings {
        let changes = |s: &&crate::findings::Suggestion| {
            s.cells.iter().filter(|c| c.suggested.is_some()).count()
        };
        // Input cells of formula totals are alternatives: any one of them, never all. Only
        // one cell to change (or a neighbour pair) is drawn as the cell to change.
        let alternatives = f
            .suggestion
            .as_ref()
            .filter(|s| s.kind == "formula_inputs" && changes(s) > 1);
        let fix = f
            .suggestion
            .as_ref()
            .filter(|s| changes(s) > 0 && alternatives.is_none());
        // A grouped CELL-BLANK states every one of its cells.
        let stated_all = f.rule == "CELL-BLANK";
        for c in f.cells.iter().skip(1).filter(|c| c.file.is_none()) {
            let m = if stated_all { WARN } else { INVOLVED };
            mark(&mut marks, &c.key, m);
        }
        for c in alternatives.iter().flat_map(|s| &s.cells) {
            if let Some(v) = c.suggested {
                mark(&mut marks, &c.key, INVOLVED);
                fixes.insert(
                    c.key.clone(),
                    format!("{} {v}", l.pick("之一:改为", "one option:")),
                );
            }
        }
        if let Some(c) = f.cells.first() {
            let stated = match (fix, f.severity) {
                (Some(_), _) => CONSEQUENCE,
                (None, Severity::Error) => ERR,
                (None, _) => WARN,
            };
            mark(&mut marks, &c.key, stated);
        }
        for c in fix.iter().flat_map(|s| &s.cells) {
            if let Some(v) = c.suggested {
                mark(&mut marks, &c.key, SUSPECT);
                fixes.insert(
                    c.key.clone(),
                    format!("{} {v}", l.pick("改为", "change to")),
                );
            }
        }
    }
    (marks, fixes)
}

/// The marks the drawn tables show, in legend order: what the legend explains.
fn marks_drawn(drawing: Option<&Drawing>, marks: &BTreeMap<String, usize>) -> Vec<usize> {
    let mut seen = [false; MARKS.len()];
    for table in drawing.iter().flat_map(|d| &d.tables) {
        for key in table.layout().iter().flat_map(|l| layout_keys(l)) {
            if let Some(&m) = marks.get(&key) {
                seen[m] = true;
            }
        }
    }
    (0..MARKS.len()).filter(|&m| seen[m]).collect()
}

/// The legend above a file's tables: a swatch and a line for each mark they show.
fn draw_legend(page: &mut String, drawn: &[usize], l: Lang) {
    if drawn.is_empty() {
        return;
    }
    page.push_str("<ul class=\"legend\">");
    for &m in drawn {
        let _ = write!(
            page,
            "<li><span class=\"swatch {}\"></span>{}</li>",
            MARKS[m].class,
            esc(l.pick(MARKS[m].zh, MARKS[m].en))
        );
    }
    page.push_str("</ul>\n");
}

/// One cell of a statutory table as the official form draws it.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// A heading (`<th>`): its text, the columns and the rows it spans.
    Head(String, usize, usize),
    /// A row label (`<td class="label">`): its text, the columns and the rows it spans.
    Label(String, usize, usize),
    /// A figure: its position in [`layout_keys`], the columns it spans.
    Value(usize, usize),
}

/// A statutory table laid out as the form has it (src/template.rs writes the same form):
/// heading rows (`<thead>`) and body rows, each a row of [`Piece`]s.
#[derive(Debug)]
struct Form {
    head: Vec<Vec<Piece>>,
    body: Vec<Vec<Piece>>,
}

/// A label in the page's language, Chinese as printed on the form.
fn label(l: Lang, zh: &str, en: &str) -> String {
    match l {
        Lang::Zh => printed(zh),
        Lang::En => en.to_string(),
    }
}

/// Where each layout row's first cell is in [`layout_keys`].
fn row_starts(layout: &layout::TableLayout) -> Vec<usize> {
    layout
        .rows
        .iter()
        .scan(0, |at, r| {
            let start = *at;
            *at += r.columns.len();
            Some(start)
        })
        .collect()
}

fn form(layout: &layout::TableLayout, l: Lang) -> Form {
    match layout.id {
        TableId::T2 => form2(layout, l),
        TableId::T3 => form3(layout, l),
        TableId::T4 => form4(layout, l),
    }
}

/// Table 2: a block per 第二十条 item, each its heading over the four columns, a 信息内容
/// heading row and its rows; a row of fewer figures spreads its last over the rest
/// (行政许可's one figure over three columns).
fn form2(layout: &layout::TableLayout, l: Lang) -> Form {
    const ITEMS: [(&str, &str); 5] = [
        ("第二十条第（一）项", "Article 20 (1)"),
        ("第二十条第（五）项", "Article 20 (5)"),
        ("第二十条第（六）项", "Article 20 (6)"),
        ("第二十条第（八）项", "Article 20 (8)"),
        ("第二十条第（九）项", "Article 20 (9)"),
    ];
    let blocks: &[&[&str]] = match layout.edition {
        Edition::E2021 => &[
            &["regulations", "normative_documents"],
            &["licensing"],
            &["penalty", "coercion"],
            &["fees"],
        ],
        Edition::E2019 => &[
            &["regulations", "normative_documents"],
            &["licensing", "other_services"],
            &["penalty", "coercion"],
            &["fees"],
            &["procurement"],
        ],
    };
    let starts = row_starts(layout);
    let spread = |n: usize, i: usize| if i + 1 == n { 4 - n } else { 1 };
    let mut body = Vec::new();
    for (&(zh, en), keys) in ITEMS.iter().zip(blocks) {
        body.push(vec![Piece::Head(l.pick(zh, en).to_string(), 4, 1)]);
        let mut first = true;
        for (r, row) in layout.rows.iter().enumerate() {
            if !keys.contains(&row.key) {
                continue;
            }
            let n = row.columns.len();
            if first {
                let mut head = vec![Piece::Head(l.pick("信息内容", "item").to_string(), 1, 1)];
                head.extend(
                    row.columns.iter().enumerate().map(|(i, c)| {
                        Piece::Head(label(l, c.label_zh, c.label_en), spread(n, i), 1)
                    }),
                );
                body.push(head);
                first = false;
            }
            let mut cells = vec![Piece::Label(label(l, row.label_zh, row.label_en), 1, 1)];
            cells.extend((0..n).map(|i| Piece::Value(starts[r] + i, spread(n, i))));
            body.push(cells);
        }
    }
    Form {
        head: Vec::new(),
        body,
    }
}

/// Table 3: the applicant columns under 申请人情况 (自然人, 法人或其他组织 over its five,
/// 总计), beside the note on how the column adds up; the rows in three label columns:
/// 一、二、四 across all three, 三、本年度办理结果 down the rows (一) to (七), each group
/// ((三)不予公开 …) down its numbered sub-rows.
fn form3(layout: &layout::TableLayout, l: Lang) -> Form {
    let columns = layout.rows[0].columns;
    let col = |i: usize| label(l, columns[i].label_zh, columns[i].label_en);
    let head = vec![
        vec![
            Piece::Head(
                l.pick(
                    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                    "(In each column, item 1 plus item 2 equals item 3 plus item 4.)",
                )
                .to_string(),
                3,
                3,
            ),
            Piece::Head(l.pick("申请人情况", "applicants").to_string(), 7, 1),
        ],
        vec![
            Piece::Head(col(0), 1, 2),
            Piece::Head(
                l.pick("法人或其他组织", "legal persons and other organisations")
                    .to_string(),
                5,
                1,
            ),
            Piece::Head(col(6), 1, 2),
        ],
        (1..6).map(|i| Piece::Head(col(i), 1, 1)).collect(),
    ];
    let starts = row_starts(layout);
    let results = layout
        .rows
        .iter()
        .filter(|r| r.key.starts_with("results."))
        .count();
    let mut in_results = false;
    let mut group = None;
    let mut body = Vec::new();
    for (r, row) in layout.rows.iter().enumerate() {
        let mut cells = Vec::new();
        if !row.key.starts_with("results.") {
            cells.push(Piece::Label(label(l, row.label_zh, row.label_en), 3, 1));
        } else {
            if !in_results {
                in_results = true;
                let text = l.pick("三、本年度办理结果", "3. results of handling");
                cells.push(Piece::Label(text.to_string(), 1, results));
            }
            match row.group {
                Some(g) => {
                    // zh: 「(三)不予公开 1.属于国家秘密」, then 「2.…」; en: 「withheld: …」.
                    let own = l.pick(row.label_zh, row.label_en);
                    let (name, leaf) = own.split_once(l.pick(" ", ": ")).unwrap_or(("", own));
                    if group != Some(g) {
                        group = Some(g);
                        let span = layout.rows.iter().filter(|x| x.group == Some(g)).count();
                        cells.push(Piece::Label(label(l, name, name), 1, span));
                    }
                    cells.push(Piece::Label(label(l, leaf, leaf), 1, 1));
                }
                None => cells.push(Piece::Label(label(l, row.label_zh, row.label_en), 2, 1)),
            }
        }
        cells.extend((0..row.columns.len()).map(|i| Piece::Value(starts[r] + i, 1)));
        body.push(cells);
    }
    Form { head, body }
}

/// Table 4: 行政复议 over its five columns, 行政诉讼 over 未经复议直接起诉 and 复议后起诉
/// with five each; the fifteen figures in one row.
fn form4(layout: &layout::TableLayout, l: Lang) -> Form {
    let [review, direct, after] = [0, 1, 2].map(|i| &layout.rows[i]);
    let col = |c: &layout::Column, rows| Piece::Head(label(l, c.label_zh, c.label_en), 1, rows);
    let sub = |row: &layout::Row, en: &str| {
        let zh = row.label_zh.rsplit(' ').next().unwrap_or(row.label_zh);
        Piece::Head(label(l, zh, en), row.columns.len(), 1)
    };
    let litigation = direct.columns.len() + after.columns.len();
    let mut head = vec![
        vec![
            Piece::Head(
                label(l, review.label_zh, review.label_en),
                review.columns.len(),
                1,
            ),
            Piece::Head(
                l.pick("行政诉讼", "administrative litigation").to_string(),
                litigation,
                1,
            ),
        ],
        review.columns.iter().map(|c| col(c, 2)).collect(),
        Vec::new(),
    ];
    head[1].push(sub(direct, "without prior review"));
    head[1].push(sub(after, "after review"));
    head[2] = direct
        .columns
        .iter()
        .chain(after.columns)
        .map(|c| col(c, 1))
        .collect();
    let figures = layout.rows.iter().map(|r| r.columns.len()).sum();
    Form {
        head,
        body: vec![(0..figures).map(|i| Piece::Value(i, 1)).collect()],
    }
}

/// A statutory layout for the viewer, once per page: `title`, `key`, `keys` (the cell keys,
/// [`layout_keys`]) and the form's `head` and `body` rows ([`piece_data`]).
fn layout_data(table: &layout::TableLayout, l: Lang) -> Json {
    let form = form(table, l);
    let rows = |rows: &[Vec<Piece>]| -> Json {
        rows.iter()
            .map(|r| r.iter().map(piece_data).collect::<Vec<_>>())
            .collect()
    };
    json!({
        "title": l.pick(table.id.title_zh(), table.id.title_en()),
        "key": table.id.key(),
        "keys": layout_keys(table),
        "head": rows(&form.head),
        "body": rows(&form.body),
    })
}

/// A [`Piece`] for the viewer: a figure as its position (`[position, columns]` when it
/// spans several), a heading or label as `["h" or "l", text, columns, rows]`.
fn piece_data(piece: &Piece) -> Json {
    match piece {
        Piece::Head(text, c, r) => json!(["h", text, c, r]),
        Piece::Label(text, c, r) => json!(["l", text, c, r]),
        Piece::Value(at, 1) => json!(at),
        Piece::Value(at, c) => json!([at, c]),
    }
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
    marks: &BTreeMap<String, usize>,
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
    let m = by_position(&|k| marks.get(k).map(|&m| json!(MARKS[m].code)));
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

/// One statutory table as the form lays it out ([`form`]); the viewer draws the same from
/// [`layout_data`], element for element.
fn draw_table(
    page: &mut String,
    table: &DrawnTable,
    marks: &BTreeMap<String, usize>,
    fixes: &BTreeMap<String, String>,
    l: Lang,
) {
    let Some(layout) = table.layout() else {
        return;
    };
    let id = layout.id;
    let keys = layout_keys(layout);
    let form = form(layout, l);
    let _ = writeln!(
        page,
        "<h3>{}</h3><table class=\"statutory\" data-table=\"{}\">",
        esc(l.pick(id.title_zh(), id.title_en())),
        id.key()
    );
    let span = |c: usize, r: usize| {
        let mut out = String::new();
        if c > 1 {
            let _ = write!(out, " colspan=\"{c}\"");
        }
        if r > 1 {
            let _ = write!(out, " rowspan=\"{r}\"");
        }
        out
    };
    let rows = |page: &mut String, rows: &[Vec<Piece>]| {
        for row in rows {
            page.push_str("<tr>");
            for piece in row {
                match piece {
                    Piece::Head(text, c, r) => {
                        let _ = write!(page, "<th{}>{}</th>", span(*c, *r), esc(text));
                    }
                    Piece::Label(text, c, r) => {
                        let _ = write!(
                            page,
                            "<td class=\"label\"{}>{}</td>",
                            span(*c, *r),
                            esc(text)
                        );
                    }
                    Piece::Value(at, c) => {
                        let key = &keys[*at];
                        let cell = table.cells.get(key);
                        let class = marks
                            .get(key)
                            .map(|&m| format!(" {}", MARKS[m].class))
                            .unwrap_or_default();
                        let fix = fixes
                            .get(key)
                            .map(|f| format!("<span class=\"fix\">{}</span>", esc(f)))
                            .unwrap_or_default();
                        let title = cell
                            .and_then(|(_, location)| location.as_ref())
                            .map(|loc| format!(" title=\"{}\"", esc(loc)))
                            .unwrap_or_default();
                        let _ = write!(
                            page,
                            "<td class=\"num{class}\"{} data-key=\"{key}\"{title}>{}{fix}</td>",
                            span(*c, 1),
                            esc(cell.map_or("", |(shown, _)| shown))
                        );
                    }
                }
            }
            page.push_str("</tr>\n");
        }
    };
    if !form.head.is_empty() {
        page.push_str("<thead>");
        rows(page, &form.head);
        page.push_str("</thead>");
    }
    page.push_str("<tbody>");
    rows(page, &form.body);
    page.push_str("</tbody></table>\n");
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

    /// Each row's width in columns, with the cells that earlier rows span down into it.
    fn widths(rows: &[Vec<Piece>]) -> Vec<usize> {
        let mut below: Vec<usize> = Vec::new();
        rows.iter()
            .map(|row| {
                let from_above = below.iter().filter(|&&r| r > 0).count();
                let mut next: Vec<usize> = below.iter().map(|r| r.saturating_sub(1)).collect();
                let mut width = from_above;
                for piece in row {
                    let (c, r) = match piece {
                        Piece::Head(_, c, r) | Piece::Label(_, c, r) => (*c, *r),
                        Piece::Value(_, c) => (*c, 1),
                    };
                    width += c;
                    next.extend(std::iter::repeat_n(r - 1, c));
                }
                below = next;
                width
            })
            .collect()
    }

    #[test]
    fn every_form_is_rectangular_and_draws_each_cell_once() {
        for id in TableId::ALL {
            for edition in [Edition::E2019, Edition::E2021] {
                let layout = layout::table(id, edition);
                for l in [Lang::Zh, Lang::En] {
                    let form = form(layout, l);
                    let width = match id {
                        TableId::T2 => 4,
                        TableId::T3 => 10,
                        TableId::T4 => 15,
                    };
                    let mut all = form.head.clone();
                    all.extend(form.body.iter().cloned());
                    let w = widths(&all);
                    assert!(w.iter().all(|&w| w == width), "{id:?} {edition:?}: {w:?}");
                    let mut slots: Vec<usize> = form
                        .body
                        .iter()
                        .flatten()
                        .filter_map(|p| match p {
                            Piece::Value(at, _) => Some(*at),
                            _ => None,
                        })
                        .collect();
                    slots.sort_unstable();
                    assert_eq!(slots, (0..layout.cell_count()).collect::<Vec<_>>());
                }
            }
        }
        let t3 = form(layout::table(TableId::T3, Edition::E2021), Lang::En);
        assert_eq!(t3.body[4][0], Piece::Label("withheld".into(), 1, 8));
        assert_eq!(t3.body[4][1], Piece::Label("state secret".into(), 1, 1));
        assert_eq!(
            t3.body[5][0],
            Piece::Label("prohibited by other laws".into(), 1, 1)
        );
    }

    #[test]
    fn input_cells_of_formula_totals_are_alternatives_not_cells_to_change() {
        use crate::findings::{SuggestedCell, Suggestion};
        let cell = |key: &str| CellRef {
            key: key.into(),
            address: None,
            value: json!(0),
            file: None,
            page: None,
            line: None,
        };
        let option = |key: &str, v: i64| SuggestedCell {
            key: key.into(),
            address: None,
            value: json!(0),
            suggested: Some(serde_json::from_value(json!(v)).unwrap()),
        };
        let mut r = result("a.xlsx", Status::Fail, 1);
        let (total, a, b) = (
            "table3.new_received.total",
            "table3.new_received.natural_person",
            "table3.new_received.commercial",
        );
        r.findings[0].cells = vec![cell(total), cell(a), cell(b)];
        r.findings[0].suggestion = Some(Suggestion {
            kind: "formula_inputs",
            cells: vec![option(a, 3), option(b, 5)],
            explains: 1,
            message: "合计是公式计算的".into(),
        });
        let (marks, fixes) = marks(&r, Lang::Zh);
        assert!(
            marks.values().all(|&m| m != SUSPECT),
            "alternatives drawn as cells to change: {marks:?}"
        );
        assert_eq!(marks[total], ERR);
        assert!(fixes[a].starts_with("之一"), "{fixes:?}");
    }

    #[test]
    fn the_cell_to_change_its_consequences_and_the_rest_are_marked_apart() {
        use crate::findings::{SuggestedCell, Suggestion};
        let cell = |key: &str| CellRef {
            key: key.into(),
            address: None,
            value: json!(0),
            file: None,
            page: None,
            line: None,
        };
        let mut r = result("a.xlsx", Status::Fail, 2);
        let (total, a, b) = (
            "table4.review.total",
            "table4.review.upheld",
            "table4.review.corrected",
        );
        r.findings[0].cells = vec![cell(total), cell(a), cell(b)];
        r.findings[0].suggestion = Some(Suggestion {
            kind: "single_cell",
            cells: vec![SuggestedCell {
                key: a.into(),
                address: None,
                value: json!(1),
                suggested: Some(serde_json::from_value(json!(3)).unwrap()),
            }],
            explains: 1,
            message: "建议".into(),
        });
        let c = "table4.litigation_direct.total";
        r.findings[1].cells = vec![cell(c), cell(b)];
        r.findings[1].severity = Severity::Warning;
        let (marks, fixes) = marks(&r, Lang::Zh);
        let got: Vec<(&str, &str)> = marks
            .iter()
            .map(|(k, &m)| (k.as_str(), MARKS[m].class))
            .collect();
        assert_eq!(
            got,
            [
                (c, "warn"),
                (b, "involved"),
                (total, "consequence"),
                (a, "suspect"),
            ]
        );
        assert_eq!(fixes[a], "改为 3");
        let page = page(&mut HtmlReporter::new(Lang::Zh), &[r]);
        assert!(page.contains("<td class=\"num suspect\" data-key=\"table4.review.upheld\""));
        let legend = &page[page.find("<ul class=\"legend\">").unwrap()..];
        let classes: Vec<&str> = legend
            .split("<span class=\"swatch ")
            .skip(1)
            .map(|s| &s[..s.find('"').unwrap()])
            .collect();
        assert_eq!(classes, ["suspect", "consequence", "warn", "involved"]);
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
