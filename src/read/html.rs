//! Saved report pages (.html, .htm, and `.xls` files that are really pages): every table that
//! holds no other table (layout tables around the report are skipped), laid out with its
//! rowspan and colspan into one grid, and the page's headings and paragraphs above them, so
//! the label locator and the title reader work as on a spreadsheet.
//!
//! Addresses are `表格!C7`: column and row counted over the page's tables in order, one
//! blank row between tables.

use scraper::{ElementRef, Html, Selector};

use super::ReadError;
use super::grid::{Content, Grid};
use super::limits::Limits;

/// The sheet name HTML and Word tables are given in addresses.
pub const SHEET: &str = "表格";

/// The most rows or columns one merged cell may span (a hostile page could ask for millions).
const MAX_SPAN: u32 = 200;

/// The most text blocks kept from above and around the tables, for the title.
const MAX_TEXT_BLOCKS: usize = 60;

pub fn read(text: &str, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let doc = Html::parse_document(text);
    let tables = Selector::parse("table").expect("selector");
    let blocks = Selector::parse("title, h1, h2, h3, h4, p, div").expect("selector");
    let mut grid = Grid::limited(SHEET, limits);
    // Text outside tables: the title and the lines around it.
    let mut row = 0;
    for el in doc.select(&blocks) {
        if row as usize >= MAX_TEXT_BLOCKS {
            break;
        }
        if inside_table(el)
            || el.select(&tables).next().is_some()
            || el
                .children()
                .any(|c| ElementRef::wrap(c).is_some_and(|e| blocks.matches(&e)))
        {
            continue;
        }
        let text = cell_text(el);
        if !text.is_empty() && text.chars().count() <= 200 {
            grid.push(row, 0, Content::Text(text));
            row += 1;
        }
    }
    row += 1;
    let mut found = 0;
    for table in doc
        .select(&tables)
        .filter(|t| t.select(&tables).next().is_none())
    {
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

fn inside_table(el: ElementRef) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "table")
}

/// The text of a cell or block as a reader sees it: runs of white space (including `&nbsp;`
/// and Word's `<o:p> </o:p>`) folded to one space, line breaks kept as spaces.
fn cell_text(el: ElementRef) -> String {
    let raw: String = el.text().collect::<Vec<_>>().join("");
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lay one table's cells into the grid from `top`, honouring rowspan and colspan; the text
/// goes to the top-left cell of a merged area, as in a spreadsheet. Returns the rows used.
fn place(table: ElementRef, grid: &mut Grid, top: u32) -> u32 {
    let tr = Selector::parse("tr").expect("selector");
    let cells = Selector::parse("td, th").expect("selector");
    // Columns still covered by a rowspan from above: (column, rows left).
    let mut covered: Vec<(u32, u32)> = Vec::new();
    let mut r = 0;
    for row in table.select(&tr) {
        let mut c = 0;
        let mut any = false;
        for cell in row.select(&cells) {
            while covered.iter().any(|(col, left)| *col == c && *left > 0) {
                c += 1;
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
                for k in 0..colspan {
                    covered.push((c + k, rowspan));
                }
            }
            c += colspan;
            any = true;
        }
        if any {
            r += 1;
        }
        // One row of each rowspan is used up.
        for (_, left) in covered.iter_mut() {
            *left = left.saturating_sub(1);
        }
        covered.retain(|(_, left)| *left > 0);
    }
    r
}
