//! The canonical model of one annual report: what every reader produces and every rule reads.
//!
//! A report is three statutory tables of cells addressed by canonical keys (SPEC §2). Which
//! rows and columns exist is not written here but in [`crate::layout`], so the model, the
//! readers, the JSON schema and the rules all follow one definition.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::layout::{self, TableId};

/// The statutory format a table follows (SPEC §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// 国办公开办函〔2019〕60号, for report years 2019 and 2020.
    E2019,
    /// 国办公开办函〔2021〕30号, for report years 2021 onward.
    E2021,
}

impl Edition {
    pub fn as_str(self) -> &'static str {
        match self {
            Edition::E2019 => "2019",
            Edition::E2021 => "2021",
        }
    }

    pub fn parse(s: &str) -> Option<Edition> {
        match s.trim() {
            "2019" => Some(Edition::E2019),
            "2021" => Some(Edition::E2021),
            _ => None,
        }
    }

    /// The edition the statute prescribes for a report year; `None` before 2019 (no tables).
    pub fn for_year(year: i32) -> Option<Edition> {
        match year {
            ..=2018 => None,
            2019 | 2020 => Some(Edition::E2019),
            _ => Some(Edition::E2021),
        }
    }

    /// The document that prescribes this edition.
    pub fn document(self) -> &'static str {
        match self {
            Edition::E2019 => "国办公开办函〔2019〕60号",
            Edition::E2021 => "国办公开办函〔2021〕30号",
        }
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Edition {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Edition {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Edition, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Edition::parse(&text).ok_or_else(|| serde::de::Error::custom("an edition: 2019 or 2021"))
    }
}

/// A number as reports hold them: counts are whole, money may have decimals.
///
/// Serialised as an integer when whole, so JSON shows `12`, not `12.0`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Num(pub f64);

impl Num {
    pub fn is_whole(self) -> bool {
        self.0.fract() == 0.0 && self.0.abs() < 9.0e15
    }
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole() {
            write!(f, "{}", self.0 as i64)
        } else {
            // Money: at most four decimals, trailing zeros dropped (12.50 -> 12.5).
            let s = format!("{:.4}", self.0);
            f.write_str(s.trim_end_matches('0').trim_end_matches('.'))
        }
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.is_whole() {
            s.serialize_i64(self.0 as i64)
        } else {
            s.serialize_f64(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Num, D::Error> {
        f64::deserialize(d).map(Num)
    }
}

/// The largest figure read as a number (10^15): beyond it f64 sums stop being exact.
pub const MAX_FIGURE: f64 = 1e15;

/// Where a cell was found, kept in absolute typed form and rendered only at the edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// A spreadsheet cell; `row` and `col` are zero-based and absolute.
    Sheet {
        sheet: std::sync::Arc<str>,
        row: u32,
        col: u32,
    },
    /// A JSON pointer (RFC 6901) into the input document.
    Pointer(String),
}

impl Location {
    /// `Sheet1!C7` for spreadsheets; `None` for JSON (the canonical key already says where).
    pub fn address(&self) -> Option<String> {
        match self {
            Location::Sheet { sheet, row, col } => Some(format!("{}!{}", sheet, a1(*row, *col))),
            Location::Pointer(_) => None,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sheet { sheet, row, col } => write!(f, "{}!{}", sheet, a1(*row, *col)),
            Location::Pointer(p) => f.write_str(p),
        }
    }
}

/// Zero-based (row, col) to an A1 address: (6, 2) -> `C7`.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col as u64 + 1;
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8(letters).expect("ASCII letters"),
        row as u64 + 1
    )
}

/// What a cell holds after normalisation (SPEC §5): what the rules see.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(Num),
    /// Empty, or one of the blank markers `-`, `—`, `/`, `无`.
    Blank,
    /// Text that is not a number even after normalisation.
    Text,
    /// Figures run together in scraped text (「8855698」 for three cells) that admit several
    /// readings, or none: not counted, and reported by TEXT-DIGITS-AMBIGUOUS.
    RunTogether,
    /// A cell of a row the reader could not read with confidence (the document ends inside
    /// the table, or its figures could not be placed): not counted, and reported by
    /// TEXT-ROWS-UNREAD.
    Unread,
}

/// One cell of a statutory table: the normalised value, the raw text found, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// The text as found, when the input held text (`"１２"`, `"—"`, `"22(其中修订16件)"`).
    pub raw: Option<String>,
    pub location: Option<Location>,
    /// The formula that computed the value, as the spreadsheet holds it (`SUM(D13:D29)`,
    /// without `=`); `None` for a typed value and for every other kind of input. A formula
    /// whose text could not be recovered is `…`.
    pub formula: Option<std::sync::Arc<str>>,
}

impl Cell {
    /// A numeric cell. Figures beyond [`MAX_FIGURE`] (or not finite) are kept as text: no
    /// report counts that high, and sums over them would lose precision.
    pub fn number(n: f64, location: Option<Location>) -> Cell {
        if !n.is_finite() || n.abs() >= MAX_FIGURE {
            let raw = Some(format!("{n}"));
            return Cell {
                value: Value::Text,
                raw,
                location,
                formula: None,
            };
        }
        Cell {
            value: Value::Number(Num(n)),
            raw: None,
            location,
            formula: None,
        }
    }

    /// A cell of a row the reader could not read with confidence ([`Value::Unread`]).
    pub fn unread() -> Cell {
        Cell {
            value: Value::Unread,
            raw: None,
            location: None,
            formula: None,
        }
    }

    pub fn blank(location: Option<Location>) -> Cell {
        Cell {
            value: Value::Blank,
            raw: None,
            location,
            formula: None,
        }
    }

    /// A cell that held text: normalised into a number, a blank or unreadable text.
    pub fn from_text(raw: &str, location: Option<Location>) -> Cell {
        let value = crate::labels::parse_number_text(raw);
        let raw = if raw.is_empty() {
            None
        } else {
            Some(raw.to_string())
        };
        Cell {
            value,
            raw,
            location,
            formula: None,
        }
    }

    /// The number the arithmetic rules use: blanks count as 0 (CELL-BLANK says so), text
    /// counts as nothing (CELL-TEXT says so, and sums over it are not checked).
    pub fn amount(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => Some(n.0),
            Value::Blank => Some(0.0),
            Value::Text | Value::RunTogether | Value::Unread => None,
        }
    }

    /// The value as the canonical JSON shows it: number, null or the raw string.
    pub fn to_json(&self) -> serde_json::Value {
        match (&self.raw, &self.value) {
            (Some(raw), _) => serde_json::Value::String(raw.clone()),
            (None, Value::Number(n)) => serde_json::to_value(n).expect("number serialises"),
            (None, _) => serde_json::Value::Null,
        }
    }
}

/// One statutory table as read: a cell for each (row key, column key) of its layout.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub id: TableId,
    /// The edition this table's own shape follows; tables of one report can disagree.
    pub edition: Edition,
    /// In layout order ([`layout::TableLayout::slot`]); `None` where nothing was read.
    cells: Vec<Option<Cell>>,
    /// Rows of the layout that the reader could not find at all.
    pub missing_rows: Vec<&'static str>,
    /// How each row's label was recognised (tabular readers only).
    pub labels: Vec<LabelMatch>,
    /// Labels that read like two statutory rows at once: not used, and reported.
    pub ambiguous: Vec<AmbiguousLabel>,
    /// Rows whose figures were run together in the source and had to be split.
    pub runs: Vec<DigitRun>,
    /// How the table was read: from the grid's rows and columns, or from the document's
    /// stream of labels and figures ([`Reading`]).
    pub reading: Reading,
    /// Rows left unread, and why (their cells are [`Value::Unread`]).
    pub unread: Vec<Unread>,
    /// Figures that stood inside the table but belong to no row (a detached cell).
    pub strays: Vec<(String, Option<Location>)>,
}

/// How a table was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reading {
    /// From rows and columns: a spreadsheet, a page's or a Word document's table, text or a
    /// PDF whose rows stand one a line.
    #[default]
    Grid,
    /// From the document's labels in statutory order, each followed by its figures, whatever
    /// the layout ([`crate::read::sequence`]).
    Stream,
}

impl Reading {
    pub fn as_str(self) -> &'static str {
        match self {
            Reading::Grid => "grid",
            Reading::Stream => "stream",
        }
    }
}

/// Rows of a table that were not read, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Unread {
    pub rows: Vec<&'static str>,
    pub why: Why,
}

/// Why rows were left unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The document ends inside the table (a page cut off, a truncated copy).
    DocumentEnds,
    /// Rows of figures stood apart from their labels and could not be matched to them
    /// one for one.
    NotPlaced,
    /// The row's figures do not make the row's number of cells.
    WrongCount,
}

/// A row whose figures stood run together (「规章000」, 「（七）总计23 0 00 0 023」): the
/// readings that fit the row's own sums. One reading is taken; several, or none, leave the
/// row unread ([`Value::RunTogether`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DigitRun {
    /// The cells the run stands for, in layout order: (row key, column key).
    pub cells: Vec<(&'static str, &'static str)>,
    /// The figures as written.
    pub text: String,
    /// The readings that fit, at most [`DigitRun::MAX_READINGS`] of them.
    pub readings: Vec<Vec<u64>>,
    /// More readings fit than were kept (or the search gave up).
    pub more: bool,
    /// The reading was told by the table's other sums (columns, results), several fitting
    /// the row's own ([`crate::read::runs::resolve_jointly`]).
    pub by_table: bool,
    pub location: Option<Location>,
}

impl DigitRun {
    /// Enough readings to show a clerk that the row is ambiguous.
    pub const MAX_READINGS: usize = 4;

    /// The one reading taken, when exactly one fits.
    pub fn reading(&self) -> Option<&[u64]> {
        match self.readings.as_slice() {
            [one] if !self.more => Some(one),
            _ => None,
        }
    }
}

/// The label a row was found by, and how sure the match is (1.0: the statutory wording, or a
/// known variant; less: a label with a typo or an OCR slip).
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMatch {
    pub row: &'static str,
    pub found: String,
    pub confidence: f64,
}

/// A label close to more than one statutory row.
#[derive(Debug, Clone, PartialEq)]
pub struct AmbiguousLabel {
    pub found: String,
    pub candidates: Vec<&'static str>,
    pub location: Option<Location>,
}

impl Table {
    pub fn new(id: TableId, edition: Edition) -> Table {
        Table {
            id,
            edition,
            cells: vec![None; layout::table(id, edition).cell_count()],
            missing_rows: Vec::new(),
            labels: Vec::new(),
            ambiguous: Vec::new(),
            runs: Vec::new(),
            reading: Reading::Grid,
            unread: Vec::new(),
            strays: Vec::new(),
        }
    }

    pub fn get(&self, row: &str, col: &str) -> Option<&Cell> {
        let slot = self.layout().slot(row, col)?;
        self.cells[slot].as_ref()
    }

    /// The cell at a slot of the layout ([`layout::TableLayout::slot`]).
    pub fn at(&self, slot: usize) -> Option<&Cell> {
        self.cells.get(slot)?.as_ref()
    }

    pub fn get_mut(&mut self, row: &str, col: &str) -> Option<&mut Cell> {
        let slot = self.layout().slot(row, col)?;
        self.cells[slot].as_mut()
    }

    /// Put a cell at a slot of the layout ([`layout::TableLayout::row_start`] plus the
    /// column's index); a slot outside it is a reader's bug, and is ignored.
    pub fn set_at(&mut self, slot: usize, cell: Cell) {
        if let Some(place) = self.cells.get_mut(slot) {
            *place = Some(cell);
        }
    }

    /// Put a cell in place; a key outside the layout is a reader's bug, and is ignored.
    pub fn set(&mut self, row: &str, col: &str, cell: Cell) {
        if let Some(slot) = self.layout().slot(row, col) {
            self.cells[slot] = Some(cell);
        }
    }

    /// Every cell read, in layout order, with its row and column.
    pub fn cells(
        &self,
    ) -> impl Iterator<Item = (&'static layout::Row, &'static layout::Column, &Cell)> + '_ {
        let layout = self.layout();
        layout
            .rows
            .iter()
            .flat_map(|row| row.columns.iter().map(move |col| (row, col)))
            .zip(&self.cells)
            .filter_map(|((row, col), cell)| cell.as_ref().map(|c| (row, col, c)))
    }

    /// The same cells under another edition's layout (table 3's edition is sometimes only
    /// known once table 2 is read); rows the new layout lacks are dropped.
    pub fn with_edition(self, edition: Edition) -> Table {
        let mut table = Table::new(self.id, edition);
        table.missing_rows = self.missing_rows.clone();
        table.labels = self.labels.clone();
        table.ambiguous = self.ambiguous.clone();
        table.runs = self.runs.clone();
        table.reading = self.reading;
        table.unread = self.unread.clone();
        table.strays = self.strays.clone();
        for (row, col, cell) in self.cells() {
            table.set(row.key, col.key, cell.clone());
        }
        table
    }

    pub fn layout(&self) -> &'static layout::TableLayout {
        layout::table(self.id, self.edition)
    }
}

/// Where the report came from (SPEC §6).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Source {
    pub path: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
}

/// What a document turned out to be (issue 4's classification of published input).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum DocumentKind {
    /// An annual report with its statutory tables (or a spreadsheet or JSON report).
    #[default]
    AnnualReport,
    /// An annual report whose statutory section headings are there but whose tables are not
    /// (images, or an attached file): `headings` lists the headings found.
    TablesMissing { headings: Vec<String> },
    /// A report under the 2008 regulations (before 2019): no prescribed tables, prose only.
    PreRegulation { year: i32 },
    /// Not an annual report at all; `title` is what the document calls itself.
    NotAReport { title: Option<String> },
}

impl DocumentKind {
    /// The stable name in JSON output.
    pub fn key(&self) -> &'static str {
        match self {
            DocumentKind::AnnualReport => "annual_report",
            DocumentKind::TablesMissing { .. } => "report_tables_missing",
            DocumentKind::PreRegulation { .. } => "pre_2019_report",
            DocumentKind::NotAReport { .. } => "not_a_report",
        }
    }
}

/// One annual report in canonical form.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub agency: Option<String>,
    pub year: Option<i32>,
    /// Declared (JSON `edition`) or detected from the tables.
    pub edition: Option<Edition>,
    pub source: Source,
    /// Whether the document calls itself an annual report (a title cell, or a JSON report),
    /// which turns an absent table into TABLE-MISSING.
    pub claims_report: bool,
    /// What kind of document this is (published pages and text are not always reports).
    pub kind: DocumentKind,
    /// The publication date the document states (「发布时间:2015-01-05」), as written.
    pub published: Option<String>,
    pub table2: Option<Table>,
    pub table3: Option<Table>,
    pub table4: Option<Table>,
    /// The document ends inside a table (a page cut off, a truncated copy): the tables after
    /// it are missing from the copy, not from the report.
    pub cut_off: bool,
    /// The document's sentences that state figures, for the prose rules (published
    /// documents only; a spreadsheet's notes are not prose).
    pub prose: Vec<Prose>,
    /// A PDF's grid rows as page and line (see [`crate::read::grid::Grid::pages`]).
    pub pages: Option<std::sync::Arc<[(u32, u32)]>>,
}

impl Report {
    /// Where a person finds a grid row of this report: its page and line, for a PDF.
    pub fn page_line(&self, row: u32) -> Option<(u32, u32)> {
        self.pages.as_ref()?.get(row as usize).copied()
    }
}

/// A paragraph of a published document, as read: wrapped lines joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Prose {
    pub text: String,
    pub location: Option<Location>,
}

impl Report {
    pub fn table(&self, id: TableId) -> Option<&Table> {
        match id {
            TableId::T2 => self.table2.as_ref(),
            TableId::T3 => self.table3.as_ref(),
            TableId::T4 => self.table4.as_ref(),
        }
    }

    pub fn table_mut(&mut self, id: TableId) -> &mut Option<Table> {
        match id {
            TableId::T2 => &mut self.table2,
            TableId::T3 => &mut self.table3,
            TableId::T4 => &mut self.table4,
        }
    }

    /// The edition to report: the declared one, else table 2's (its headings are the
    /// clearest signal), else table 3's.
    pub fn effective_edition(&self) -> Option<Edition> {
        self.edition
            .or(self.table2.as_ref().map(|t| t.edition))
            .or(self.table3.as_ref().map(|t| t.edition))
    }

    /// The canonical JSON of SPEC §7, with `source` added so a converted file says where it
    /// came from.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value as J};
        let mut top = Map::new();
        top.insert(
            "agency".into(),
            self.agency.clone().map_or(J::Null, J::String),
        );
        top.insert("year".into(), self.year.map_or(J::Null, J::from));
        if let Some(e) = self.effective_edition() {
            top.insert("edition".into(), J::String(e.as_str().into()));
        }
        top.insert(
            "source".into(),
            serde_json::to_value(&self.source).expect("source"),
        );
        if let Some(date) = &self.published {
            top.insert("published".into(), J::String(date.clone()));
        }
        for id in TableId::ALL {
            let Some(table) = self.table(id) else {
                continue;
            };
            let mut tj = Map::new();
            for row in &table.layout().rows {
                if table.missing_rows.contains(&row.key) {
                    continue;
                }
                let mut rj = Map::new();
                for col in row.columns {
                    let v = table.get(row.key, col.key).map_or(J::Null, Cell::to_json);
                    rj.insert(col.key.into(), v);
                }
                insert_dotted(&mut tj, row.key, J::Object(rj));
            }
            top.insert(id.key().into(), J::Object(tj));
        }
        J::Object(top)
    }
}

impl Report {
    /// Where each cell was read, by canonical key (`table3.new_received.total` →
    /// `Sheet1!J21`), for `extract --locations`: so a reading can be checked by eye.
    pub fn locations_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for id in TableId::ALL {
            let Some(table) = self.table(id) else {
                continue;
            };
            for row in &table.layout().rows {
                for col in row.columns {
                    let address = table
                        .get(row.key, col.key)
                        .and_then(|c| c.location.as_ref())
                        .and_then(Location::address);
                    if let Some(address) = address {
                        map.insert(layout::cell_key(id, row.key, col.key), address.into());
                    }
                }
            }
        }
        serde_json::Value::Object(map)
    }

    /// How each table was read (`grid` or `stream`) and the rows left unread, by table, for
    /// `extract --locations`: `{"table3": {"reading": "stream", "unread": ["carried_forward"]}}`.
    pub fn readings_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for id in TableId::ALL {
            let Some(table) = self.table(id) else {
                continue;
            };
            let unread: Vec<&str> = table
                .unread
                .iter()
                .flat_map(|u| u.rows.iter().copied())
                .collect();
            map.insert(
                id.key().into(),
                serde_json::json!({"reading": table.reading.as_str(), "unread": unread}),
            );
        }
        serde_json::Value::Object(map)
    }

    /// How each row's label was recognised, by row key (`table3.results.disclosed` →
    /// `{"found": "(一)予以公开", "confidence": 1.0}`), for `extract --locations`.
    pub fn labels_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for id in TableId::ALL {
            let Some(table) = self.table(id) else {
                continue;
            };
            for m in &table.labels {
                map.insert(
                    format!("{}.{}", id.key(), m.row),
                    serde_json::json!({"found": m.found, "confidence": (m.confidence * 100.0).round() / 100.0}),
                );
            }
        }
        serde_json::Value::Object(map)
    }
}

/// Insert `value` at a dotted path (`results.withheld.state_secret`), creating objects.
fn insert_dotted(
    map: &mut serde_json::Map<String, serde_json::Value>,
    path: &str,
    value: serde_json::Value,
) {
    match path.split_once('.') {
        None => {
            map.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let child = map
                .entry(head.to_string())
                .or_insert_with(|| serde_json::Value::Object(Default::default()));
            if let serde_json::Value::Object(child) = child {
                insert_dotted(child, rest, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_addresses() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(6, 2), "C7");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1048575, 16383), "XFD1048576");
    }

    #[test]
    fn numbers_print_whole_or_trimmed() {
        assert_eq!(Num(12.0).to_string(), "12");
        assert_eq!(Num(12.5).to_string(), "12.5");
        assert_eq!(Num(-3.0).to_string(), "-3");
        assert_eq!(serde_json::to_string(&Num(39.0)).unwrap(), "39");
    }
}
