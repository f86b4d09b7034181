//! A sheet as a sparse grid of cells, and the locator that finds the statutory tables in it
//! by their labels (SPEC §5) — wherever they stand, on whichever sheet.
//!
//! Every tabular reader (spreadsheets now; HTML, Word and text later) produces grids, so the
//! label matching lives here once.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::limits::Limits;
use super::phrases::{Hits, STATUTORY};
use crate::labels::{self, header_matches, label_text};
use crate::layout::{self, Group, TableId};
use crate::model::{AmbiguousLabel, Cell, Edition, LabelMatch, Location, Report, Table, Value};

/// The column where text and PDF readers end a row of a label and figures, so that the
/// figures of one table line up whatever the label cells before them; a blank cell at a
/// row's end leaves its figures ending before it.
pub const ROW_END: u32 = 40;

/// What a grid cell holds; empty cells are not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Number(f64),
    Text(String),
    /// Figures run together in scraped text (「000」, 「23 0 00 0 023」): split into the
    /// cells of the row they stand in once the table is located ([`super::runs`]).
    Run(String),
}

impl Content {
    /// A cell of a text source (a page, a Word table): a plain figure (`30`, `12.5`, `-3`)
    /// is a number as a spreadsheet would hold it; anything else keeps its text, so `extract`
    /// shows what was written (「３０」, 「22(其中修订16件)」).
    pub fn from_text(text: String) -> Content {
        let t = text.trim();
        let plain = !t.is_empty()
            && t.len() <= 16
            && t.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.')
            && t.matches('.').count() <= 1
            && !t.ends_with('.')
            && !t.starts_with('.');
        match t.parse::<f64>() {
            Ok(n) if plain && n.is_finite() => Content::Number(n),
            _ => Content::Text(text),
        }
    }
}

/// A text cell's label: most are the cell's own text from some byte on (nothing to
/// normalise, at most a numbering to drop), kept as that offset rather than a copy.
#[derive(Debug, Clone)]
enum Label {
    Tail(u32),
    /// Shared with [`LABELS_SEEN`], which hands the same label to every cell of that text.
    Own(Arc<str>),
}

/// One sheet: non-empty cells by absolute zero-based row, each row sorted by column.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Shared by every location read from this sheet.
    pub sheet: Arc<str>,
    pub rows: BTreeMap<u32, Vec<(u32, Content)>>,
    /// The label of every text cell that is not a figure (normalised, numbering dropped)
    /// and the statutory phrases in it, found once as cells arrive: the locator asks for
    /// them many times.
    /// One map for the sheet by (row, column), not a vector per row: the locators' scans
    /// over every label read one tree, and a sheet whose rows arrive in any order (a file
    /// may list them backwards) costs a logarithm a label, not a shift of all the others.
    labels: BTreeMap<(u32, u32), (Label, Hits)>,
    limits: Limits,
    cells: usize,
    /// More cells arrived than [`Limits::cells`]; the rest were dropped and the input is
    /// refused ([`Grid::overflowed`]).
    overflowed: bool,
    /// For a PDF, each grid row's page and text line on it (both from 1): where a person
    /// looking at the PDF finds the cell (「第 2 页第 14 行」).
    pub pages: Option<std::sync::Arc<[(u32, u32)]>>,
    /// The formula of each spreadsheet cell that holds one (without `=`), by (row, col).
    formulas: BTreeMap<(u32, u32), Arc<str>>,
    /// A run of figures was pushed (scraped text): only then is there a run to split.
    has_runs: bool,
}

impl Grid {
    pub fn new(sheet: &str) -> Grid {
        Grid::limited(sheet, &Limits::default())
    }

    /// A grid that keeps at most `limits.cells` cells of at most `limits.cell_chars`
    /// characters each.
    pub fn limited(sheet: &str, limits: &Limits) -> Grid {
        Grid {
            sheet: Arc::from(sheet),
            limits: *limits,
            ..Grid::default()
        }
    }

    /// Whether cells beyond the limit were dropped: the input must not be judged on a part.
    pub fn overflowed(&self) -> bool {
        self.overflowed
    }

    /// Add a cell; empty text is dropped so that blank cells look the same in every format.
    pub fn push(&mut self, row: u32, col: u32, content: Content) {
        if let Content::Text(t) = &content
            && t.trim().is_empty()
        {
            return;
        }
        let content = match content {
            Content::Text(t) if t.len() > self.limits.cell_chars => {
                let mut cut: String = t.chars().take(self.limits.cell_chars).collect();
                if cut.len() < t.len() {
                    cut.push('…');
                }
                Content::Text(cut)
            }
            other => other,
        };
        // Control characters from a document must never reach a terminal (an ESC sequence
        // in a cell could rewrite what the clerk sees).
        let content = match content {
            Content::Text(t)
                if t.chars()
                    .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) =>
            {
                Content::Text(
                    t.chars()
                        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                        .collect(),
                )
            }
            other => other,
        };
        let label = match &content {
            Content::Text(t) => label_seen(t),
            Content::Number(_) | Content::Run(_) => None,
        };
        let cells = self.rows.entry(row).or_default();
        match cells.binary_search_by_key(&col, |(c, _)| *c) {
            Ok(i) => {
                self.has_runs |= matches!(content, Content::Run(_));
                cells[i].1 = content;
            }
            Err(_) if self.cells >= self.limits.cells => {
                self.overflowed = true;
                if cells.is_empty() {
                    self.rows.remove(&row);
                }
                return;
            }
            Err(i) => {
                self.has_runs |= matches!(content, Content::Run(_));
                cells.insert(i, (col, content));
                self.cells += 1;
            }
        }
        match label {
            Some(label) => {
                self.labels.insert((row, col), label);
            }
            None => {
                self.labels.remove(&(row, col));
            }
        }
    }

    /// Record that the cell at (row, col) is computed by `formula` (a spreadsheet's text,
    /// with or without `=`); kept for the cells the tables are read from ([`Cell::formula`]).
    /// A formula longer than a cell's text limit is kept as `…`: known to be one, not read.
    pub fn set_formula(&mut self, row: u32, col: u32, formula: &str) {
        let text = formula.trim();
        // OpenDocument writes its namespace first: 「of:=SUM([.D13:.D29])」.
        let text = text.strip_prefix("of:").unwrap_or(text);
        let text = text.strip_prefix('=').unwrap_or(text);
        if text.is_empty() || self.formulas.len() >= self.limits.cells {
            return;
        }
        let text = if text.len() > self.limits.cell_chars {
            "…"
        } else {
            text
        };
        self.formulas.insert((row, col), Arc::from(text));
    }

    /// The formula of the cell at (row, col), if it holds one.
    pub fn formula(&self, row: u32, col: u32) -> Option<&Arc<str>> {
        self.formulas.get(&(row, col))
    }

    pub fn get(&self, row: u32, col: u32) -> Option<&Content> {
        let cells = self.rows.get(&row)?;
        cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &cells[i].1)
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn location(&self, row: u32, col: u32) -> Location {
        Location::Sheet {
            sheet: self.sheet.clone(),
            row,
            col,
        }
    }

    /// The model cell at a position: a number, a blank, or text to normalise.
    fn cell(&self, row: u32, col: u32) -> Cell {
        self.cell_among(self.row_cells(row), row, col)
    }

    /// A row's cells, for reading several of them with [`Grid::cell_among`].
    fn row_cells(&self, row: u32) -> &[(u32, Content)] {
        self.rows.get(&row).map_or(&[], Vec::as_slice)
    }

    /// [`Grid::cell`] among its row's cells ([`Grid::row_cells`]).
    fn cell_among(&self, cells: &[(u32, Content)], row: u32, col: u32) -> Cell {
        let loc = Some(self.location(row, col));
        let content = cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .map(|i| &cells[i].1);
        let mut cell = match content {
            None => Cell::blank(loc),
            Some(Content::Number(n)) => Cell::number(*n, loc),
            Some(Content::Text(t) | Content::Run(t)) => Cell::from_text(t, loc),
        };
        cell.formula = self.formulas.get(&(row, col)).cloned();
        cell
    }

    /// Whether any cell was pushed as a run of figures (spreadsheets never are).
    pub fn has_runs(&self) -> bool {
        self.has_runs
    }

    /// The run of figures in a row, if it holds one (several are joined): its column and text.
    pub fn run(&self, row: u32) -> Option<(u32, String)> {
        let mut runs = self
            .rows
            .get(&row)?
            .iter()
            .filter_map(|(c, content)| match content {
                Content::Run(t) => Some((*c, t.as_str())),
                _ => None,
            });
        let (col, first) = runs.next()?;
        let mut text = first.to_string();
        for (_, more) in runs {
            text.push(' ');
            text.push_str(more);
        }
        Some((col, text))
    }

    /// Text cells of a row with their normalised, numbering-stripped labels.
    fn labels(&self, row: u32) -> impl Iterator<Item = (u32, &str)> + '_ {
        self.labels_with_hits(row).map(|(c, label, _)| (c, label))
    }

    /// [`Grid::labels`] with the statutory phrases each label holds.
    fn labels_with_hits(&self, row: u32) -> impl Iterator<Item = (u32, &str, &Hits)> + '_ {
        self.labels_in(self.labels.range((row, 0)..=(row, u32::MAX)))
            .map(|(_, c, label, hits)| (c, label, hits))
    }

    /// Every label of the sheet in (row, column) order, with its row and phrases: the
    /// locators' scans for a table's first row or a title.
    fn all_labels(&self) -> impl Iterator<Item = (u32, u32, &str, &Hits)> + '_ {
        self.labels_in(self.labels.iter())
    }

    /// The labels of rows `from` (inclusive) to `to` (exclusive), as [`Grid::all_labels`].
    fn labels_between(
        &self,
        from: u32,
        to: u32,
    ) -> impl Iterator<Item = (u32, u32, &str, &Hits)> + '_ {
        let to = if to > from { (to, 0) } else { (from, 0) };
        self.labels_in(self.labels.range((from, 0)..to))
    }

    /// Labels with their text, each row's cells looked up once.
    fn labels_in<'a>(
        &'a self,
        labels: impl Iterator<Item = (&'a (u32, u32), &'a (Label, Hits))> + 'a,
    ) -> impl Iterator<Item = (u32, u32, &'a str, &'a Hits)> + 'a {
        let mut last: Option<(u32, &'a [(u32, Content)])> = None;
        labels.map(move |(&(row, col), (label, hits))| {
            let cells = match last {
                Some((r, cells)) if r == row => cells,
                _ => {
                    let cells = self.row_cells(row);
                    last = Some((row, cells));
                    cells
                }
            };
            (row, col, label_of(cells, col, label), hits)
        })
    }

    /// Rows from `from` (inclusive) to `to` (exclusive) that hold cells.
    fn rows_between(&self, from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
        self.rows.range(from..to).map(|(r, _)| *r)
    }
}

/// A text cell's label (none for a figure or a blank marker) and the statutory phrases in it.
fn label_of_text(text: &str) -> Option<(Label, Hits)> {
    labels::classify_in_place(text).1.map(|label| {
        let hits = Hits::of(&label);
        let label = match label {
            std::borrow::Cow::Borrowed(tail) => Label::Tail((text.len() - tail.len()) as u32),
            std::borrow::Cow::Owned(own) => Label::Own(Arc::from(own)),
        };
        (label, hits)
    })
}

/// Texts longer than this are not remembered: prose, titles and notes, seldom seen twice.
const SEEN_TEXT_BYTES: usize = 120;
/// How many texts a thread remembers; past it, new texts are worked out each time.
const SEEN_TEXTS: usize = 4096;

/// A text cell's text → its label and phrases ([`label_of_text`]).
type SeenLabels = std::collections::HashMap<Box<str>, Option<(Label, Hits)>>;

thread_local! {
    /// Labels already worked out on this thread, by the cell's text: a statutory table's
    /// labels are the same words in every report of a run, so a bulk check normalises and
    /// scans each of them once rather than once a report. Bounded by [`SEEN_TEXTS`] entries
    /// of at most [`SEEN_TEXT_BYTES`].
    static LABELS_SEEN: std::cell::RefCell<SeenLabels> = std::cell::RefCell::default();
}

/// [`label_of_text`], remembered per thread ([`LABELS_SEEN`]).
fn label_seen(text: &str) -> Option<(Label, Hits)> {
    if text.len() > SEEN_TEXT_BYTES {
        return label_of_text(text);
    }
    LABELS_SEEN.with_borrow_mut(|seen| {
        if let Some(known) = seen.get(text) {
            return known.clone();
        }
        let label = label_of_text(text);
        if seen.len() < SEEN_TEXTS {
            seen.insert(text.into(), label.clone());
        }
        label
    })
}

/// The text of a label among its row's cells.
fn label_of<'a>(cells: &'a [(u32, Content)], col: u32, label: &'a Label) -> &'a str {
    match label {
        Label::Own(text) => text,
        Label::Tail(at) => cells
            .binary_search_by_key(&col, |(c, _)| *c)
            .ok()
            .and_then(|i| match &cells[i].1 {
                Content::Text(t) => t.get(*at as usize..),
                Content::Number(_) | Content::Run(_) => None,
            })
            .unwrap_or(""),
    }
}

/// What the locator found in a workbook.
#[derive(Debug, Default)]
pub struct Found {
    pub table2: Option<Table>,
    pub table3: Option<Table>,
    pub table4: Option<Table>,
    /// The first cell that reads like a report title, e.g.
    /// 「慈化镇人民政府2023年政府信息公开工作年度报告」.
    pub title: Option<String>,
    /// Sheets any table was found on, in workbook order.
    pub sheets: Vec<String>,
}

/// Find the statutory tables and the title in a workbook's sheets and fill a report.
pub fn locate_into(grids: &[Grid], report: &mut Report) {
    let found = locate(grids);
    if let Some(title) = &found.title {
        let (agency, year) = title_metadata(title);
        report.agency = report.agency.take().or(agency);
        report.year = report.year.or(year);
    }
    report.claims_report = found.title.is_some()
        || found.table2.is_some()
        || found.table3.is_some()
        || found.table4.is_some();
    report.source.sheets = found.sheets;
    report.table2 = found.table2;
    report.table3 = found.table3;
    report.table4 = found.table4;
    // Table 3 says nothing of its edition when (六) was not found; follow table 2 then.
    if let (Some(t3), Some(t2)) = (report.table3.take(), report.table2.as_ref()) {
        let other_found = t3
            .cells()
            .any(|(r, _, _)| r.key.starts_with("results.other"));
        report.table3 = Some(if !other_found && t3.edition != t2.edition {
            let mut t3 = t3.with_edition(t2.edition);
            t3.missing_rows.retain(|k| !k.starts_with("results.other"));
            t3.missing_rows.extend(
                t3.layout()
                    .rows
                    .iter()
                    .map(|r| r.key)
                    .filter(|k| k.starts_with("results.other")),
            );
            t3
        } else {
            t3
        });
    }
}

pub fn locate(grids: &[Grid]) -> Found {
    let title = find_title(grids);
    let mut candidates: Vec<Vec<Option<Table>>> = grids
        .iter()
        .map(|g| vec![locate_table2(g), locate_table3(g), locate_table4(g)])
        .collect();
    // The report's home sheet: the title's, when it holds a table; else the sheet holding
    // the most tables, then the most non-zero figures. Tables are read from it together,
    // so an unfilled template or last year's sheet beside it is never mixed in.
    let tables_on = |i: usize| candidates[i].iter().flatten().count();
    let figures_on = |i: usize| {
        candidates[i]
            .iter()
            .flatten()
            .map(nonzero_figures)
            .sum::<usize>()
    };
    let home = title
        .as_ref()
        .map(|(_, sheet)| *sheet)
        .filter(|&i| tables_on(i) > 0)
        .or_else(|| {
            (0..grids.len()).max_by_key(|&i| (tables_on(i), figures_on(i), std::cmp::Reverse(i)))
        });
    let mut found = Found {
        title: title.map(|(t, _)| t),
        ..Found::default()
    };
    let mut picked: [Option<(usize, Table)>; 3] = [None, None, None];
    for (t, slot) in picked.iter_mut().enumerate() {
        // A table missing from the home sheet (one table per sheet) comes from the sheet that
        // holds it with the most non-zero figures.
        let from = home.filter(|&h| candidates[h][t].is_some()).or_else(|| {
            (0..grids.len())
                .filter(|&i| candidates[i][t].is_some())
                .max_by_key(|&i| {
                    (
                        candidates[i][t].as_ref().map(nonzero_figures),
                        std::cmp::Reverse(i),
                    )
                })
        });
        *slot = from.and_then(|i| {
            candidates[i][t].take().map(|mut table| {
                super::runs::decode(&grids[i], &mut table);
                super::runs::resolve_jointly(&mut table);
                (i, table)
            })
        });
    }
    let mut sheets: Vec<usize> = picked.iter().flatten().map(|(i, _)| *i).collect();
    sheets.sort_unstable();
    sheets.dedup();
    found.sheets = sheets
        .into_iter()
        .map(|i| grids[i].sheet.to_string())
        .collect();
    let [t2, t3, t4] = picked;
    found.table2 = t2.map(|(_, t)| t);
    found.table3 = t3.map(|(_, t)| t);
    found.table4 = t4.map(|(_, t)| t);
    found
}

/// Figures other than 0: what tells a filled report from a template of zeros.
fn nonzero_figures(table: &Table) -> usize {
    table
        .cells()
        .filter(|(_, _, c)| matches!(c.value, Value::Number(n) if n.0 != 0.0))
        .count()
}

/// The cell that reads as the report's title: it names an annual report of government
/// information disclosure, and, by preference, a year (「20XX年」 templates and 填报说明 sheets
/// lose to the real title). An agency on its own line above the title is joined to it.
fn find_title(grids: &[Grid]) -> Option<(String, usize)> {
    let mut fallback = None;
    for (sheet, grid) in grids.iter().enumerate() {
        let s = &*STATUTORY;
        for (r, c, n, hits) in grid.all_labels() {
            if !(hits.contains(s.annual_report)
                && hits.contains(s.disclosure)
                && n.chars().count() <= 60)
                || hits.contains(s.note)
            {
                continue;
            }
            let Some(Content::Text(t)) = grid.get(r, c) else {
                continue;
            };
            let title = t.trim().to_string();
            match title_metadata(&title) {
                (Some(_), Some(_)) => return Some((title, sheet)),
                (None, Some(_)) => {
                    let title = match agency_above(grid, r, c) {
                        Some(agency) => format!("{agency}{title}"),
                        None => title,
                    };
                    return Some((title, sheet));
                }
                _ => {
                    fallback.get_or_insert((title, sheet));
                }
            }
        }
    }
    fallback
}

/// Words an agency's name ends with, to recognise a name standing alone above a title.
const AGENCY_ENDINGS: &[&str] = &[
    "政府",
    "办公室",
    "办公厅",
    "委员会",
    "局",
    "厅",
    "部",
    "署",
    "院",
    "中心",
    "镇",
    "乡",
    "街道",
    "办事处",
    "管委会",
    "集团",
    "所",
    "处",
    "站",
];

/// The text just above a title (the nearest non-empty cell in the rows above, same or
/// earlier column), when it reads as an agency name.
fn agency_above(grid: &Grid, row: u32, col: u32) -> Option<String> {
    let (_, cells) = grid.rows.range(row.saturating_sub(3)..row).next_back()?;
    cells
        .iter()
        .rev()
        .find(|(c, _)| *c <= col)
        .and_then(|(_, content)| match content {
            Content::Text(t) => {
                let n = labels::normalise(t);
                let plausible = n.chars().count() <= 30
                    && !n.chars().any(|ch| ch.is_ascii_digit())
                    && AGENCY_ENDINGS.iter().any(|e| n.ends_with(e));
                plausible.then_some(n)
            }
            Content::Number(_) | Content::Run(_) => None,
        })
}

/// Agency and report year from a title: the text before 「2023年」 and the year itself.
pub fn title_metadata(title: &str) -> (Option<String>, Option<i32>) {
    let n = labels::normalise(title);
    // 「标题: …」 as archives and scrapers store a page's title; 「# …」 in Markdown.
    let n = n.trim_start_matches('#');
    let n = n.strip_prefix("标题:").unwrap_or(n).to_string();
    let chars: Vec<char> = n.chars().collect();
    if let Some((i, year)) = labels::years_in(&n).find(|(_, y)| (1990..=2100).contains(y)) {
        let clean = |s: String| {
            s.trim_matches(|c: char| c == '"' || c.is_ascii_punctuation())
                .to_string()
        };
        let mut agency = clean(chars[..i].iter().collect());
        if agency.is_empty() {
            // 「2023年度临沭县人民政府政府信息公开工作年度报告」: the agency follows the year.
            let rest: String = chars[i + 5..].iter().collect();
            let rest = rest.strip_prefix('度').unwrap_or(&rest);
            if let Some(end) = rest.find("政府信息公开").or_else(|| rest.find("信息公开"))
            {
                agency = clean(rest[..end].to_string());
            }
        }
        // 「…办公室关于公布2023年…的通知」: the agency is what stands before 关于.
        if let Some(at) = agency.find("关于") {
            agency.truncate(at);
        }
        let agency = Some(agency)
            .filter(|a| !a.is_empty() && !a.contains("信息公开") && !a.contains("年度报告"));
        return (agency, Some(year));
    }
    (None, None)
}

/// How many rows above a table's first row its header may start.
const HEADER_ROWS: u32 = 8;
/// How many rows without a recognised label end a table.
const MAX_GAP: u32 = 6;

fn locate_table3(grid: &Grid) -> Option<Table> {
    // The anchor is the 本年新收 row label; prose that mentions it is longer and is skipped,
    // and a candidate that leads to no table gives way to the next.
    let s = &*STATUTORY;
    let mut last_row = None;
    grid.all_labels()
        .filter(|(_, _, l, hits)| {
            hits.contains(s.newly_received)
                && hits.contains(s.application)
                && l.chars().count() <= 30
        })
        // The first such label of each row.
        .filter(|(r, ..)| last_row.replace(*r) != Some(*r))
        .map(|(r, c, _, _)| (r, c))
        // A handful of candidates: a sheet of thousands of look-alike rows is not a report.
        .take(4)
        .find_map(|(anchor, label_col)| table3_at(grid, anchor, label_col))
}

/// The most rows a table 3 spans, headers aside (25 statutory rows plus slack for blank or
/// split rows).
const T3_MAX_ROWS: u32 = 80;

fn table3_at(grid: &Grid, anchor: u32, label_col: u32) -> Option<Table> {
    let columns = table3_columns(grid, anchor, label_col);
    let first_data = *columns.iter().min()?;

    let all_rows = table3_rows();
    let s = &*STATUTORY;
    let mut matched: BTreeMap<&'static str, u32> = BTreeMap::new();
    let mut found_labels: Vec<LabelMatch> = Vec::new();
    let mut ambiguous: Vec<AmbiguousLabel> = Vec::new();
    let mut group: Option<Group> = None;
    let mut gap = 0;
    let mut last = anchor;
    let mut row_labels: Vec<(&str, &Hits)> = Vec::new();
    for r in grid.rows_between(anchor, anchor.saturating_add(T3_MAX_ROWS)) {
        gap += r.saturating_sub(last).saturating_sub(1);
        last = r;
        row_labels.clear();
        row_labels.extend(
            grid.labels_with_hits(r)
                .filter(|(c, _, _)| *c < first_data)
                .map(|(_, l, hits)| (l, hits)),
        );
        if let Some((g, _)) = Group::ALL.iter().zip(&s.groups).find(|(_, phrases)| {
            row_labels
                .iter()
                .any(|(_, hits)| phrases.iter().any(|&p| hits.starts_with(p)))
        }) {
            group = Some(*g);
        }
        let exact = row_labels
            .iter()
            .rev()
            .find_map(|(label, hits)| statutory_row(label, hits, group));
        // A label with a typo or an OCR slip: the closest statutory label, when it is clearly
        // the closest; a label close to two is reported, never guessed.
        let hit = exact.or_else(|| {
            let texts: Vec<&str> = row_labels.iter().map(|(l, _)| *l).collect();
            match closest_row(&texts, all_rows) {
                Closest::One(row, label, score) => Some((row, label, score)),
                Closest::Several(label, candidates) => {
                    let col = grid
                        .labels(r)
                        .find(|(_, l)| *l == label)
                        .map(|(c, _)| c)
                        .unwrap_or(0);
                    ambiguous.push(AmbiguousLabel {
                        found: label,
                        candidates,
                        location: Some(grid.location(r, col)),
                    });
                    None
                }
                Closest::None => None,
            }
        });
        match hit {
            Some((row, label, confidence)) => {
                gap = 0;
                if matched.contains_key(row.key) {
                    // A row seen again: the next table (or a copy) begins; this one ended.
                    break;
                }
                matched.insert(row.key, r);
                found_labels.push(LabelMatch {
                    row: row.key,
                    found: label,
                    confidence,
                });
                if row.key == "carried_forward" {
                    break;
                }
            }
            None => {
                gap += 1;
                if gap > MAX_GAP || grid.labels_with_hits(r).any(|(_, _, h)| h.is(s.review)) {
                    break;
                }
            }
        }
    }
    if matched.len() < 3 {
        return None;
    }
    let has_sub_rows = matched.keys().any(|k| k.starts_with("results.other."));
    let edition = if has_sub_rows || !matched.contains_key("results.other") {
        Edition::E2021
    } else {
        Edition::E2019
    };
    let mut table = Table::new(TableId::T3, edition);
    table.labels = found_labels;
    table.ambiguous = ambiguous;
    let layout = table.layout();
    for (i, row) in layout.rows.iter().enumerate() {
        match matched.get(row.key) {
            Some(&r) => {
                let first = layout.row_start(i);
                let cells = grid.row_cells(r);
                for (slot, &c) in (first..first + row.columns.len()).zip(&columns) {
                    table.set_at(slot, grid.cell_among(cells, r, c));
                }
            }
            None => table.missing_rows.push(row.key),
        }
    }
    Some(table)
}

/// The table-3 row a label names by its statutory phrases ([`Hits`]), and how sure that is:
/// 1.0 when the full statutory wording is there, 0.9 for a known variant. A phrase that is a
/// whole label (「其他」) counts only under its group (「(六)其他处理」).
pub(super) fn statutory_row(
    label: &str,
    hits: &Hits,
    group: Option<Group>,
) -> Option<(&'static layout::Row, String, f64)> {
    let s = &*STATUTORY;
    table3_rows()
        .iter()
        .zip(&s.table3.masks)
        .enumerate()
        .find(|(_, (row, mask))| hits.names(mask, row.group.is_none() || row.group == group))
        .map(|(i, (row, _))| {
            let confidence = if hits.contains(s.table3.wording[i]) {
                1.0
            } else {
                0.9
            };
            (*row, label.to_string(), confidence)
        })
}

/// Every row table 3 can have, in statutory order: the 2021 rows, then 2019's single (六).
pub(super) fn table3_rows() -> &'static [&'static layout::Row] {
    static ROWS: std::sync::LazyLock<Vec<&'static layout::Row>> = std::sync::LazyLock::new(|| {
        layout::table(TableId::T3, Edition::E2021)
            .rows
            .iter()
            .chain(layout::table(TableId::T3, Edition::E2019).row("results.other"))
            .collect()
    });
    &ROWS
}

pub(super) enum Closest {
    One(&'static layout::Row, String, f64),
    Several(String, Vec<&'static str>),
    None,
}

/// How alike a label must be to a statutory one to stand for it.
const FUZZY_MIN: f64 = 0.6;
/// How much closer the best statutory label must be than the next one.
const FUZZY_MARGIN: f64 = 0.1;

/// The statutory row a label with a slip stands for: its wording without numbering or group
/// (「2.其他法律行政法规禁止公开」 → 其他法律行政法规禁止公开), compared by edit distance.
pub(super) fn closest_row(row_labels: &[&str], rows: &[&'static layout::Row]) -> Closest {
    let Some(label) = row_labels.iter().rev().find(|l| l.chars().count() >= 4) else {
        return Closest::None;
    };
    let chars: Vec<char> = label.chars().collect();
    let mut scored: Vec<(f64, &'static layout::Row)> = rows
        .iter()
        .map(|row| (labels::similarity_chars(&chars, row.wording_chars), *row))
        .filter(|(score, _)| *score >= FUZZY_MIN)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    match scored.as_slice() {
        [] => Closest::None,
        [(best, row)] => Closest::One(row, label.to_string(), *best),
        [(best, row), (next, _), ..] if best - next >= FUZZY_MARGIN => {
            Closest::One(row, label.to_string(), *best)
        }
        close => {
            let best = close[0].0;
            Closest::Several(
                label.to_string(),
                close
                    .iter()
                    .filter(|(s, _)| best - s < FUZZY_MARGIN)
                    .map(|(_, r)| r.key)
                    .collect(),
            )
        }
    }
}

/// The seven applicant columns of table 3: from the header cells above the first row;
/// where a header is not recognised, from its neighbours; with no header at all, the seven
/// value columns of the first row.
fn table3_columns(grid: &Grid, anchor: u32, label_col: u32) -> Vec<u32> {
    // The header cells above the first row, with their lengths in characters.
    let header_labels: Vec<(u32, usize, &Hits)> = grid
        .labels_between(anchor.saturating_sub(HEADER_ROWS), anchor)
        .map(|(_, c, l, hits)| (c, l.chars().count(), hits))
        .collect();
    let mut found: Vec<Option<u32>> = Vec::new();
    let mut after = label_col;
    for (col, headers) in layout::T3_COLUMNS.iter().zip(&STATUTORY.table3_headers) {
        let longest = col.label_zh.chars().count() + 2;
        let c = header_labels
            .iter()
            .filter(|(c, chars, hits)| {
                *c > after && hits.names_column(headers) && *chars <= longest
            })
            .map(|(c, _, _)| *c)
            .min();
        if let Some(c) = c {
            after = c;
        }
        found.push(c);
    }
    let known: Vec<(usize, u32)> = found
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i, c)))
        .collect();
    if known.len() >= 4 {
        // Fill the gaps: a missing header sits one column after the one before it.
        let mut columns = Vec::with_capacity(7);
        for (i, c) in found.iter().enumerate() {
            let c = match c {
                Some(c) => *c,
                None if i == 0 => known[0].1.saturating_sub(known[0].0 as u32),
                None => columns[i - 1] + 1,
            };
            columns.push(c);
        }
        if columns.windows(2).all(|w| w[0] < w[1]) {
            return columns;
        }
    }
    // No usable header: the value cells of the first row, in statutory order.
    let label_end = grid
        .labels(anchor)
        .map(|(c, _)| c)
        .max()
        .unwrap_or(label_col);
    let values = |r: u32| -> Vec<u32> {
        let label_end = grid.labels(r).map(|(c, _)| c).max().unwrap_or(label_col);
        grid.rows[&r]
            .iter()
            .filter(|(c, content)| *c > label_end && !matches!(content, Content::Run(_)))
            .map(|(c, _)| *c)
            .collect()
    };
    // The first row with seven figures (the first row's may be run together in a text).
    if let Some(columns) = grid
        .rows_between(anchor, anchor.saturating_add(T3_MAX_ROWS))
        .map(values)
        .find(|v| v.len() == 7)
    {
        return columns;
    }
    (1..=7).map(|i| label_end + i).collect()
}

fn locate_table4(grid: &Grid) -> Option<Table> {
    let review = STATUTORY.review;
    let (anchor, c0) = grid
        .all_labels()
        .find(|(_, _, l, hits)| {
            // Within 0.8 of a four-character word only a label of four or five can be,
            // and of four only the word itself (one slip in four is 0.75).
            hits.is(review) || (l.chars().count() == 5 && labels::similarity(l, "行政复议") >= 0.8)
        })
        .map(|(r, c, _, _)| (r, c))?;
    table4_across(grid, anchor, c0).or_else(|| table4_down(grid, anchor))
}

/// The statutory layout: the three groups side by side, one data row of fifteen figures.
fn table4_across(grid: &Grid, anchor: u32, c0: u32) -> Option<Table> {
    // Groups start where 结果维持 stands in the header, else every five columns from 行政复议.
    let header_rows: Vec<u32> = grid.rows_between(anchor, anchor + HEADER_ROWS).collect();
    let mut starts: Vec<u32> = header_rows
        .iter()
        .flat_map(|&r| grid.labels_with_hits(r))
        .filter(|(c, _, hits)| *c >= c0 && hits.is(STATUTORY.upheld))
        .map(|(c, _, _)| c)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    if starts.len() != 3 {
        starts = vec![c0, c0 + 5, c0 + 10];
    }
    let span = starts[0]..starts[2] + 5;
    // The data row is the row right after the header rows, even when it is blank (a table 4
    // left empty is fifteen blank cells, not a missing table); one blank row between header
    // and figures is tolerated.
    let in_span = |r: u32| -> Vec<&Content> {
        grid.rows
            .get(&r)
            .into_iter()
            .flatten()
            .filter(|(c, _)| span.contains(c))
            .map(|(_, v)| v)
            .collect()
    };
    let is_header = |r: u32| {
        in_span(r).iter().any(|content| {
            matches!(content, Content::Text(t) if labels::parse_number_text(t) == Value::Text && is_t4_header(&label_text(t)))
        })
    };
    let has_values = |r: u32| {
        let cells = in_span(r);
        !cells.is_empty()
            && cells.iter().all(|content| match content {
                Content::Number(_) | Content::Run(_) => true,
                Content::Text(t) => {
                    labels::parse_number_text(t) != Value::Text || !is_t4_header(&label_text(t))
                }
            })
    };
    // Figures on the 行政复议 row itself: the groups run down, not across.
    let figure = |c: &&Content| match c {
        Content::Number(_) | Content::Run(_) => true,
        Content::Text(t) => matches!(labels::parse_number_text(t), Value::Number(_)),
    };
    if in_span(anchor).iter().any(figure) {
        return None;
    }
    let mut data_row = anchor + 1;
    while data_row <= anchor + HEADER_ROWS && is_header(data_row) {
        data_row += 1;
    }
    if data_row > anchor + HEADER_ROWS {
        return None;
    }
    if in_span(data_row).is_empty() && has_values(data_row + 1) {
        data_row += 1;
    }
    let mut table = Table::new(TableId::T4, Edition::E2021);
    for (row, start) in table.layout().rows.iter().zip(&starts) {
        for (i, col) in row.columns.iter().enumerate() {
            table.set(row.key, col.key, grid.cell(data_row, start + i as u32));
        }
    }
    Some(table)
}

/// A layout some templates use: one row per group (行政复议, 未经复议直接起诉, 复议后起诉),
/// the five results as columns headed above.
fn table4_down(grid: &Grid, anchor: u32) -> Option<Table> {
    let group_rows = [
        ("review", &["行政复议"][..]),
        (
            "litigation_direct",
            &["未经复议直接起诉", "未经复议", "直接起诉"][..],
        ),
        ("litigation_after_review", &["复议后起诉"][..]),
    ];
    let rows: Vec<u32> = group_rows
        .iter()
        .map(|(_, phrases)| {
            grid.rows_between(anchor, anchor + HEADER_ROWS).find(|&r| {
                grid.labels(r)
                    .any(|(_, l)| phrases.iter().any(|p| l.ends_with(p)))
            })
        })
        .collect::<Option<_>>()?;
    let mut columns = BTreeMap::new();
    for r in grid.rows_between(anchor.saturating_sub(3), anchor) {
        for (c, l) in grid.labels(r) {
            if let Some(col) = layout::T4_COLUMNS
                .iter()
                .find(|col| header_matches(l, col.headers))
            {
                columns.entry(col.key).or_insert(c);
            }
        }
    }
    if columns.len() != layout::T4_COLUMNS.len() {
        return None;
    }
    let mut table = Table::new(TableId::T4, Edition::E2021);
    for (row, r) in table.layout().rows.iter().zip(rows) {
        for col in row.columns {
            table.set(row.key, col.key, grid.cell(r, columns[col.key]));
        }
    }
    Some(table)
}

fn is_t4_header(label: &str) -> bool {
    [
        "结果", "其他", "尚未", "总计", "审结", "维持", "纠正", "复议", "诉讼", "起诉",
    ]
    .iter()
    .any(|h| label.contains(h))
}

fn locate_table2(grid: &Grid) -> Option<Table> {
    let s = &*STATUTORY;
    // Every label cell that names a table-2 row, in either edition.
    let mut hits: Vec<(u32, u32, String, Hits)> = Vec::new();
    for (r, c, label, found) in grid.all_labels() {
        if s.table2.iter().any(|rows| found.names(&rows.any, true)) {
            hits.push((r, c, label.to_string(), *found));
        }
    }
    if hits.len() < 2 {
        return None;
    }
    let edition = table2_edition(grid, &hits);
    let layout = layout::table(TableId::T2, edition);
    let phrases = &s.table2[usize::from(edition == Edition::E2019)];
    let mut table = Table::new(TableId::T2, edition);
    for (i, row) in layout.rows.iter().enumerate() {
        let Some((r, c, found, _)) = hits
            .iter()
            .find(|(_, _, _, h)| h.names(&phrases.masks[i], true))
        else {
            table.missing_rows.push(row.key);
            continue;
        };
        table.labels.push(LabelMatch {
            row: row.key,
            found: found.clone(),
            confidence: 1.0,
        });
        let header = table2_header(grid, *r, *c, row, &phrases.headers[i]);
        for (i, col) in row.columns.iter().enumerate() {
            let at = header.get(col.key).copied().unwrap_or(c + 1 + i as u32);
            table.set(row.key, col.key, grid.cell(*r, at));
        }
    }
    Some(table)
}

/// The edition table 2's headings and rows belong to: 本年制发件数 is 2021; 本年新制作数量,
/// 上一年项目数量, 其他对外管理服务事项 and 政府集中采购 are 2019.
fn table2_edition(grid: &Grid, hits: &[(u32, u32, String, Hits)]) -> Edition {
    let first = hits.iter().map(|h| h.0).min().unwrap_or(0);
    let last = hits.iter().map(|h| h.0).max().unwrap_or(0);
    let mut score = 0i32;
    for (_, _, _, hits) in grid.labels_between(first.saturating_sub(HEADER_ROWS), last + 1) {
        if hits.starts_with_any(&STATUTORY.headings_2021) {
            score += 1;
        }
        if hits.starts_with_any(&STATUTORY.headings_2019) {
            score -= 1;
        }
    }
    if score < 0 {
        Edition::E2019
    } else {
        Edition::E2021
    }
}

/// Column positions of a table-2 row's values, from the nearest header row above it.
fn table2_header(
    grid: &Grid,
    row: u32,
    label_col: u32,
    layout_row: &layout::Row,
    headers: &[Vec<super::phrases::Phrase>],
) -> BTreeMap<&'static str, u32> {
    let mut found = BTreeMap::new();
    for r in grid
        .rows_between(row.saturating_sub(HEADER_ROWS), row)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
    {
        // A heading is over a value only to the right of the row's label.
        for (c, _, hits) in grid.labels_with_hits(r).filter(|(c, _, _)| *c > label_col) {
            for (col, headers) in layout_row.columns.iter().zip(headers) {
                if hits.names_column(headers) {
                    found.entry(col.key).or_insert(c);
                }
            }
        }
        if !found.is_empty() {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grid_knows_whether_it_holds_a_run_of_figures() {
        let mut grid = Grid::new("Sheet1");
        grid.push(0, 0, Content::Text("规章".into()));
        grid.push(0, 1, Content::Number(3.0));
        assert!(!grid.has_runs());
        grid.push(1, 3, Content::Run("23 0 00 0 023".into()));
        assert!(grid.has_runs());
        assert_eq!(grid.run(1), Some((3, "23 0 00 0 023".to_string())));
    }

    #[test]
    fn a_text_seen_before_is_labelled_as_the_first_time_and_the_memory_is_bounded() {
        let texts = [
            "（二）部分\u{3000}公开",
            "(一)予以公开",
            "本年新收政府信息公开申请数量",
        ];
        let fresh: Vec<_> = texts
            .iter()
            .map(|t| {
                let mut grid = Grid::new("表");
                grid.push(0, 0, Content::Text(t.to_string()));
                let (c, l, h) = grid.labels_with_hits(0).next().unwrap();
                (c, l.to_string(), *h)
            })
            .collect();
        for (t, first) in texts.iter().zip(&fresh) {
            assert!(
                LABELS_SEEN.with_borrow(|seen| seen.contains_key(*t)),
                "{t} remembered"
            );
            let mut grid = Grid::new("表");
            grid.push(0, 0, Content::Text(t.to_string()));
            let (c, l, h) = grid.labels_with_hits(0).next().unwrap();
            assert_eq!(&(c, l.to_string(), *h), first);
        }
        assert_eq!(fresh[0].1, "部分公开");
        let long = "说明".repeat(SEEN_TEXT_BYTES);
        label_seen(&long);
        assert!(!LABELS_SEEN.with_borrow(|seen| seen.contains_key(long.as_str())));
        for i in 0..SEEN_TEXTS + 10 {
            label_seen(&format!("标签{i}"));
        }
        assert_eq!(LABELS_SEEN.with_borrow(|seen| seen.len()), SEEN_TEXTS);
    }

    #[test]
    fn labels_pushed_out_of_order_are_kept_in_row_and_column_order() {
        let mut grid = Grid::new("表");
        for (r, c, t) in [
            (2, 0, "丙"),
            (0, 1, "乙"),
            (0, 0, "甲"),
            (1, 5, "丁"),
            (0, 3, "戊"),
        ] {
            grid.push(r, c, Content::Text(t.into()));
        }
        let order: Vec<(u32, u32, &str)> =
            grid.all_labels().map(|(r, c, l, _)| (r, c, l)).collect();
        assert_eq!(
            order,
            [
                (0, 0, "甲"),
                (0, 1, "乙"),
                (0, 3, "戊"),
                (1, 5, "丁"),
                (2, 0, "丙")
            ]
        );
        grid.push(0, 1, Content::Number(4.0));
        assert_eq!(grid.labels(0).collect::<Vec<_>>(), [(0, "甲"), (3, "戊")]);
        assert_eq!(grid.labels(1).collect::<Vec<_>>(), [(5, "丁")]);
        assert_eq!(grid.labels(7).count(), 0);
    }

    #[test]
    fn a_sheet_listed_backwards_keeps_its_labels_in_order() {
        // A file may list its rows in any order; each label costs a logarithm, not a shift
        // of all the others (found by an outside reviewer: 240,000 rows read backwards).
        let mut grid = Grid::new("表");
        for r in (0..20_000).rev() {
            grid.push(r, 0, Content::Text(format!("备注{r}")));
        }
        let rows: Vec<u32> = grid.all_labels().map(|(r, ..)| r).collect();
        assert_eq!(rows, (0..20_000).collect::<Vec<_>>());
        assert_eq!(grid.labels(19_999).collect::<Vec<_>>(), [(0, "备注19999")]);
    }

    #[test]
    fn labels_are_the_cells_text_normalised_without_numbering() {
        let mut grid = Grid::new("表");
        grid.push(0, 0, Content::Text("(一)予以公开".into()));
        grid.push(0, 1, Content::Text("（二）部分\u{3000}公开".into()));
        grid.push(0, 2, Content::Number(3.0));
        grid.push(0, 3, Content::Text("12".into()));
        assert_eq!(
            grid.labels(0).collect::<Vec<_>>(),
            [(0, "予以公开"), (1, "部分公开")]
        );
        // A cell written again takes its new label.
        grid.push(0, 0, Content::Text("3.其他".into()));
        grid.push(0, 1, Content::Number(1.0));
        assert_eq!(grid.labels(0).collect::<Vec<_>>(), [(0, "其他")]);
    }

    #[test]
    fn reads_agency_and_year_from_titles() {
        assert_eq!(
            title_metadata("慈化镇人民政府2023年政府信息公开工作年度报告"),
            (Some("慈化镇人民政府".into()), Some(2023))
        );
        assert_eq!(
            title_metadata("临沭县人民政府２０１９年度政府信息公开工作年度报告"),
            (Some("临沭县人民政府".into()), Some(2019))
        );
        assert_eq!(
            title_metadata("2023年政府信息公开工作年度报告"),
            (None, Some(2023))
        );
        assert_eq!(title_metadata("政府信息公开工作年度报告"), (None, None));
    }
}
