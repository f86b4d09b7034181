//! Saved report pages (.html, .htm, and `.xls` files that are really pages): every table that
//! holds no other table (layout tables around the report are skipped), laid out with its
//! rowspan and colspan into one grid, and the page's headings and paragraphs above them, so
//! the label locator and the title reader work as on a spreadsheet.
//!
//! Addresses are `表格!C7`: column and row counted over the page's tables in order, one
//! blank row between tables.

use std::collections::{BTreeMap, HashSet};

use scraper::{ElementRef, Html, Selector};

use super::ReadError;
use super::grid::{Content, Grid};
use super::limits::Limits;

/// The sheet name HTML and Word tables are given in addresses.
pub const SHEET: &str = "表格";

/// The most rows or columns one merged cell may span (a hostile page could ask for millions).
const MAX_SPAN: u32 = 200;

/// How deep a page's tags may nest (as counted by [`nesting`]).
const MAX_NESTING: usize = 10_000;

/// The deepest nesting of a page's tags, counted from the text: every start tag opens, every
/// end tag closes, void tags (and self-closed ones inside SVG or MathML) do neither. An estimate (unclosed `<p>`s count
/// as open), but linear, and taken before the parser.
fn nesting(text: &str) -> usize {
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let bytes = text.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    // The depth at which an <svg> or <math> element opened, while inside it.
    let mut foreign: Option<usize> = None;
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        at += offset + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let start = at + usize::from(closing);
        let name_len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = text[start..start + name_len].to_ascii_lowercase();
        // A tag closes within its next kilobyte, or is not a tag that nests.
        let end = bytes[start..]
            .iter()
            .take(1024)
            .position(|&b| b == b'>')
            .map(|p| start + p);
        // `<div/>` opens a div as any `<div>` does: HTML honours the slash only in SVG and
        // MathML (200,000 `<div/>` nest 200,000 deep).
        let self_closed = foreign.is_some() && end.is_some_and(|e| e > 0 && bytes[e - 1] == b'/');
        if closing {
            depth = depth.saturating_sub(1);
            if foreign.is_some_and(|f| depth < f) {
                foreign = None;
            }
        } else if !self_closed && !VOID.contains(&name.as_str()) {
            depth += 1;
            deepest = deepest.max(depth);
            if foreign.is_none() && (name == "svg" || name == "math") {
                foreign = Some(depth);
            }
        }
    }
    deepest
}

/// The most columns one table row is laid out to: a report's tables have about 20, and
/// spans piling right could otherwise cost the square of the page.
const MAX_COLUMNS: u32 = 512;

/// The most text blocks kept from outside the tables: the title, the prose, and a table
/// flattened into one paragraph a cell or a row (the stream reader reads those). A report
/// has some hundreds; the cap bounds a hostile page.
const MAX_TEXT_BLOCKS: usize = 5_000;

pub fn read(text: &str, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    // The parser's own work grows with the square of the nesting depth (20 s for a 1 MB page
    // nested 100,000 deep); no page is nested anywhere near this, unclosed tags and all.
    if nesting(text) > MAX_NESTING {
        return Err(ReadError::new(
            "too_large",
            format!("网页标签嵌套超过 {MAX_NESTING} 层,不像一份年度报告"),
            format!("the page nests tags more than {MAX_NESTING} deep, far more than a report"),
        ));
    }
    let doc = Html::parse_document(text);
    let tables = Selector::parse("table").expect("selector");
    let blocks = Selector::parse("title, h1, h2, h3, h4, p, div").expect("selector");
    let mut grid = Grid::limited(SHEET, limits);
    // Which elements stand inside a table and which hold one, in one walk over the page (a
    // walk up or down from every element took minutes on a page nested 100,000 deep).
    let mut inside = HashSet::new();
    let mut holds = HashSet::new();
    let mut stack = vec![(doc.root_element(), false, false)];
    while let Some((el, in_table, visited)) = stack.pop() {
        let is_table = el.value().name() == "table";
        if visited {
            let child_holds = el
                .children()
                .filter_map(ElementRef::wrap)
                .any(|c| c.value().name() == "table" || holds.contains(&c.id()));
            if child_holds {
                holds.insert(el.id());
            }
            continue;
        }
        if in_table {
            inside.insert(el.id());
        }
        stack.push((el, in_table, true));
        for child in el.children().filter_map(ElementRef::wrap) {
            stack.push((child, in_table || is_table, false));
        }
    }
    // Text outside tables: the title and the lines around it.
    let mut row = 0;
    for el in doc.select(&blocks) {
        if row as usize >= MAX_TEXT_BLOCKS {
            break;
        }
        if inside.contains(&el.id())
            || holds.contains(&el.id())
            || el
                .children()
                .any(|c| ElementRef::wrap(c).is_some_and(|e| blocks.matches(&e)))
        {
            continue;
        }
        // A paragraph broken by <br> is as many lines.
        for text in block_lines(el) {
            if !text.is_empty() && text.chars().count() <= 200 {
                grid.push(row, 0, Content::Text(text));
                row += 1;
            }
        }
    }
    row += 1;
    let mut found = 0;
    for table in doc.select(&tables).filter(|t| !holds.contains(&t.id())) {
        let rows = place(table, &mut grid, row);
        if rows > 0 {
            found += 1;
            row += rows + 1;
        }
    }
    if found == 0 && grid.is_empty() {
        return Err(ReadError::new(
            "empty",
            "网页中没有文字或表格",
            "the page has no text and no table",
        ));
    }
    Ok(vec![grid])
}

/// The text of a cell or block as a reader sees it: runs of white space (including `&nbsp;`
/// and Word's `<o:p> </o:p>`) folded to one space, line breaks kept as spaces.
fn cell_text(el: ElementRef) -> String {
    let raw: String = el.text().collect::<Vec<_>>().join("");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The lines of a text block: its text split where a `<br>` stands, each folded as
/// [`cell_text`] folds a cell.
fn block_lines(el: ElementRef) -> Vec<String> {
    let mut lines = vec![String::new()];
    for node in el.descendants() {
        match node.value() {
            scraper::Node::Text(t) => lines.last_mut().expect("a line").push_str(t),
            scraper::Node::Element(e) if e.name() == "br" => lines.push(String::new()),
            _ => {}
        }
    }
    lines
        .into_iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Lay one table's cells into the grid from `top`, honouring rowspan and colspan; the text
/// goes to the top-left cell of a merged area, as in a spreadsheet. Returns the rows used.
fn place(table: ElementRef, grid: &mut Grid, top: u32) -> u32 {
    let tr = Selector::parse("tr").expect("selector");
    let cells = Selector::parse("td, th").expect("selector");
    // Columns still covered by a rowspan from above, and for how many more rows.
    let mut covered: BTreeMap<u32, u32> = BTreeMap::new();
    let mut r = 0;
    for row in table.select(&tr) {
        let mut c = 0;
        let mut any = false;
        for cell in row.select(&cells) {
            while covered.contains_key(&c) {
                c += 1;
            }
            if c >= MAX_COLUMNS {
                break;
            }
            let span = |name: &str| {
                cell.attr(name)
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(1)
                    .clamp(1, MAX_SPAN)
            };
            let (rowspan, colspan) = (span("rowspan"), span("colspan"));
            let text = cell_text(cell);
            if !text.is_empty() {
                grid.push(top + r, c, Content::from_text(text));
            }
            if rowspan > 1 {
                for k in c..(c + colspan).min(MAX_COLUMNS) {
                    let left = covered.entry(k).or_insert(0);
                    *left = (*left).max(rowspan);
                }
            }
            c += colspan;
            any = true;
        }
        if any {
            r += 1;
        }
        // One row of each rowspan is used up.
        for left in covered.values_mut() {
            *left = left.saturating_sub(1);
        }
        covered.retain(|_, left| *left > 0);
    }
    r
}
