//! The one result model: what a check found, serialised as is for `--format json` and drawn
//! by every other reporter.

use serde::{Deserialize, Serialize};

use crate::model::{Edition, Num};

/// An id that is a literal of this binary (a rule id, a failure kind). Named, so that serde
/// reads it through [`crate::wire::static_str`] rather than borrowing from its input.
pub type Id = &'static str;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A cell a finding is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRef {
    /// Dotted canonical key: `table3.results.disclosed.natural_person`.
    pub key: String,
    /// `Sheet1!C7`, for spreadsheets only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Number, null (blank) or the raw text found.
    pub value: serde_json::Value,
    /// The other report's file, for a cell of another year's report (cross-year rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// For a PDF: the page (from 1) and the text line on it (from 1) the cell was read
    /// from, as a person looking at the PDF counts them; `address` keeps the grid's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    #[serde(deserialize_with = "crate::wire::static_str")]
    pub rule: Id,
    pub severity: Severity,
    pub cells: Vec<CellRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<Num>,
    pub message: String,
    /// The likely fix, when the failures this finding belongs to are explained by one slip
    /// (SPEC §4); never changes the finding itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<Suggestion>,
    /// Which table the finding belongs to (2, 3, 4; 0 for the report as a whole); orders
    /// findings, not serialised since the cell keys say it.
    #[serde(skip)]
    pub table: u8,
}

impl Finding {
    /// The order of SPEC §7: table, then rule id, then — where SPEC says the first cell key —
    /// the first cell's place on the form (row by row, left to right), then its key.
    pub fn sort_key(&self) -> (u8, &'static str, usize, &str) {
        let key = self.cells.first().map_or("", |c| c.key.as_str());
        (self.table, self.rule, crate::layout::position(key), key)
    }
}

/// A cell a suggestion would change: where it is, what it holds, what it should hold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestedCell {
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub value: serde_json::Value,
    /// `None` for a mere candidate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggested: Option<Num>,
}

/// What one slip would explain: `single_cell` (or `digit_swap`, the same with the digits of
/// the value swapped, or `subtotal_as_leaf`, a group's sub-total typed into one of its items),
/// `neighbour` (a value typed into the adjacent cell), or `candidates`
/// (several single cells would each explain the failures; none is picked).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Suggestion {
    #[serde(deserialize_with = "crate::wire::static_str")]
    pub kind: Id,
    pub cells: Vec<SuggestedCell>,
    /// How many error findings the fix would clear.
    pub explains: usize,
    pub message: String,
}

/// Why a file could not be read: one clear message naming the file and, where known, the
/// sheet and cell or JSON pointer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadFailure {
    /// A stable machine-readable kind: `io`, `format`, `json`, `schema`, `no_tables`, `empty`.
    #[serde(deserialize_with = "crate::wire::static_str")]
    pub kind: Id,
    pub message: String,
    /// Sheet!A1 or JSON pointer, when the failure is at one place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Unreadable,
    /// Read, and not an annual report at all (a work plan, a notice): nothing to check.
    #[serde(rename = "not_a_report")]
    NotAReport,
}

/// The result for one input file (SPEC §7 `files[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileResult {
    pub source: String,
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub edition: Option<Edition>,
    pub status: Status,
    pub findings: Vec<Finding>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ReadFailure>,
    /// What a published document turned out to be, and why; absent for an ordinary report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classification: Option<Classification>,
    /// How the file was converted before it was read (`--convert`); absent for a file read
    /// as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion: Option<Conversion>,
    /// The tables as read, kept only for the reporter that draws them (`--format html`).
    #[serde(skip)]
    pub drawing: Option<Box<crate::report::Drawing>>,
}

impl FileResult {
    /// The result of a file that could not be read (or checked): its failure, no findings.
    pub fn unreadable(source: String, failure: ReadFailure) -> FileResult {
        FileResult {
            source,
            agency: None,
            year: None,
            edition: None,
            status: Status::Unreadable,
            findings: Vec::new(),
            error: Some(failure),
            classification: None,
            conversion: None,
            drawing: None,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// The kind of a published document (`annual_report`, `report_tables_missing`,
/// `pre_2019_report`, `not_a_report`) and the reason, for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classification {
    #[serde(deserialize_with = "crate::wire::static_str")]
    pub kind: Id,
    pub reason: String,
}

/// A conversion by another program before the file was read: which, and into what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conversion {
    /// `LibreOffice`.
    pub tool: String,
    /// The format converted to: `docx`, `xlsx`.
    pub format: String,
}

/// Totals over a run (SPEC §7 `summary`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub files: usize,
    pub passed: usize,
    pub failed: usize,
    pub unreadable: usize,
    /// Documents that are not annual reports (published input only).
    pub not_a_report: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn add(&mut self, result: &FileResult) {
        self.files += 1;
        match result.status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
            Status::Unreadable => self.unreadable += 1,
            Status::NotAReport => self.not_a_report += 1,
        }
        self.errors += result.count(Severity::Error);
        self.warnings += result.count(Severity::Warning);
    }
}
