//! Across years (T3-CARRY-CONTINUITY, T2-IN-FORCE-CONTINUITY): what one year's report carries
//! forward, the next year's must carry over. Only the few figures these rules compare are
//! kept of each report ([`YearFacts`]), so a bulk run can pair any two files without holding
//! their workbooks.

use crate::findings::{CellRef, Finding, Severity};
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Cell, Edition, Location, Num, Report, a1};
use crate::rules::{Rule, num};

/// A figure kept for a cross-year comparison: its value (blank counts 0; text is `None`) and
/// its cell, with no allocation of its own — a bulk run keeps one set per report.
#[derive(Debug, Clone)]
struct Figure {
    /// Which cell, by its index in [`figure_cells`]: a run keeps one set of facts per
    /// report, so a figure is kept small (two keys as text doubled a run's memory).
    cell: u8,
    amount: Option<f64>,
    /// (row, column) on the report's sheet ([`YearFacts::sheet`]), for spreadsheets.
    at: Option<(u32, u32)>,
}

/// The cells the facts keep: table 3's carried rows by column, table 2's document rows.
fn figure_cells() -> &'static [(TableId, &'static str, &'static str)] {
    static CELLS: std::sync::LazyLock<Vec<(TableId, &'static str, &'static str)>> =
        std::sync::LazyLock::new(|| {
            let t3 = ["carried_over", "carried_forward"]
                .into_iter()
                .flat_map(|row| {
                    layout::T3_COLUMNS
                        .iter()
                        .map(move |c| (TableId::T3, row, c.key))
                });
            let t2 = ["regulations", "normative_documents"]
                .into_iter()
                .flat_map(|row| {
                    ["issued", "repealed", "in_force"]
                        .into_iter()
                        .map(move |col| (TableId::T2, row, col))
                });
            t3.chain(t2).collect()
        });
    &CELLS
}

impl Figure {
    fn of(report: &Report, table: TableId, row: &'static str, col: &'static str) -> Option<Figure> {
        let cell = figure_cells()
            .iter()
            .position(|&(t, r, c)| t == table && r == row && c == col)?;
        let found: &Cell = report.table(table)?.get(row, col)?;
        let at = match &found.location {
            Some(Location::Sheet { row, col, .. }) => Some((*row, *col)),
            _ => None,
        };
        Some(Figure {
            cell: u8::try_from(cell).ok()?,
            amount: found.amount(),
            at,
        })
    }

    fn table(&self) -> TableId {
        figure_cells()[usize::from(self.cell)].0
    }

    fn key(&self) -> String {
        let (table, row, col) = figure_cells()[usize::from(self.cell)];
        layout::cell_key(table, row, col)
    }

    fn address(&self, facts: &YearFacts) -> Option<String> {
        let (row, col) = self.at?;
        let sheet = if self.table() == TableId::T2 {
            &facts.sheet2
        } else {
            &facts.sheet3
        };
        Some(format!("{}!{}", sheet.as_deref()?, a1(row, col)))
    }

    /// The reference a finding shows (the value as the rules saw it).
    fn cell(&self, facts: &YearFacts) -> CellRef {
        CellRef {
            key: self.key(),
            address: self.address(facts),
            value: self.amount.map_or(serde_json::Value::Null, |v| {
                serde_json::to_value(Num(v)).expect("number")
            }),
            file: None,
            page: None,
            line: None,
        }
    }

    fn at(&self, facts: &YearFacts) -> String {
        self.address(facts).unwrap_or_else(|| self.key())
    }
}

/// What a report says that the next or the previous year's report must agree with.
/// Crosses the pipe from a worker process in the plain form of [`FactsWire`].
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(into = "FactsWire", try_from = "FactsWire")]
pub struct YearFacts {
    pub source: String,
    /// The agency, normalised for pairing (whitespace and full-width folded).
    pub agency_key: String,
    pub year: i32,
    /// The sheets tables 2 and 3 were read from, for the figures' addresses.
    sheet2: Option<Box<str>>,
    sheet3: Option<Box<str>>,
    /// Table 3's two carried rows, by column in statutory order. Fixed arrays: a run keeps
    /// one of these per report, so they hold no allocation of their own.
    carried_over: [Option<Figure>; 7],
    carried_forward: [Option<Figure>; 7],
    /// 2021 table 2: (row, issued, repealed, in force) for 规章 and 行政规范性文件.
    documents: [Option<(&'static layout::Row, Figure, Figure, Figure)>; 2],
}

impl YearFacts {
    /// The facts of a report, when it names its agency and year.
    pub fn of(report: &Report) -> Option<YearFacts> {
        let agency = report.agency.as_deref()?;
        let year = report.year?;
        let row = |key: &'static str| -> [Option<Figure>; 7] {
            std::array::from_fn(|i| Figure::of(report, TableId::T3, key, layout::T3_COLUMNS[i].key))
        };
        let documents = match report.table2.as_ref() {
            Some(t2) if t2.edition == Edition::E2021 => {
                ["regulations", "normative_documents"].map(|key| {
                    let r = t2.layout().row(key)?;
                    let f = |c: &'static str| Figure::of(report, TableId::T2, r.key, c);
                    Some((r, f("issued")?, f("repealed")?, f("in_force")?))
                })
            }
            _ => [None, None],
        };
        Some(YearFacts {
            source: report.source.path.clone(),
            agency_key: crate::labels::normalise(agency),
            year,
            sheet2: sheet_of(report, TableId::T2),
            sheet3: sheet_of(report, TableId::T3),
            carried_over: row("carried_over"),
            carried_forward: row("carried_forward"),
            documents,
        })
    }
}

/// A [`Figure`] with its keys as text.
#[derive(serde::Serialize, serde::Deserialize)]
struct FigureWire(u8, String, String, Option<f64>, Option<(u32, u32)>);

/// [`YearFacts`] as it crosses the pipe: the same fields, with table 2's rows by key.
#[derive(serde::Serialize, serde::Deserialize)]
struct FactsWire {
    source: String,
    agency_key: String,
    year: i32,
    sheet2: Option<Box<str>>,
    sheet3: Option<Box<str>>,
    carried_over: Vec<Option<FigureWire>>,
    carried_forward: Vec<Option<FigureWire>>,
    documents: Vec<Option<(String, FigureWire, FigureWire, FigureWire)>>,
}

impl From<Figure> for FigureWire {
    fn from(f: Figure) -> FigureWire {
        let (table, row, col) = figure_cells()[usize::from(f.cell)];
        FigureWire(table.number(), row.into(), col.into(), f.amount, f.at)
    }
}

impl TryFrom<FigureWire> for Figure {
    type Error = &'static str;
    fn try_from(
        FigureWire(table, row, col, amount, at): FigureWire,
    ) -> Result<Figure, Self::Error> {
        let table = crate::wire::table_id(table).ok_or("a table number")?;
        let cell = figure_cells()
            .iter()
            .position(|&(t, r, c)| t == table && r == row && c == col)
            .ok_or("a cell the facts keep")?;
        Ok(Figure {
            cell: u8::try_from(cell).map_err(|_| "a cell the facts keep")?,
            amount,
            at,
        })
    }
}

impl From<YearFacts> for FactsWire {
    fn from(f: YearFacts) -> FactsWire {
        let figures =
            |row: [Option<Figure>; 7]| row.into_iter().map(|f| f.map(FigureWire::from)).collect();
        FactsWire {
            source: f.source,
            agency_key: f.agency_key,
            year: f.year,
            sheet2: f.sheet2,
            sheet3: f.sheet3,
            carried_over: figures(f.carried_over),
            carried_forward: figures(f.carried_forward),
            documents: f
                .documents
                .into_iter()
                .map(|d| {
                    d.map(|(row, a, b, c)| (row.key.to_string(), a.into(), b.into(), c.into()))
                })
                .collect(),
        }
    }
}

impl TryFrom<FactsWire> for YearFacts {
    type Error = &'static str;
    fn try_from(w: FactsWire) -> Result<YearFacts, Self::Error> {
        let figures = |row: Vec<Option<FigureWire>>| -> Result<[Option<Figure>; 7], Self::Error> {
            let row: Vec<Option<Figure>> = row
                .into_iter()
                .map(|f| f.map(Figure::try_from).transpose())
                .collect::<Result<_, _>>()?;
            row.try_into().map_err(|_| "seven figures")
        };
        let t2 = layout::table(TableId::T2, Edition::E2021);
        let mut documents = w.documents.into_iter().map(|d| {
            d.map(|(key, a, b, c)| -> Result<_, Self::Error> {
                let row = t2.row(&key).ok_or("a table 2 row")?;
                Ok((row, a.try_into()?, b.try_into()?, c.try_into()?))
            })
            .transpose()
        });
        let mut next = || documents.next().unwrap_or(Ok(None));
        let documents = [next()?, next()?];
        Ok(YearFacts {
            source: w.source,
            agency_key: w.agency_key,
            year: w.year,
            sheet2: w.sheet2,
            sheet3: w.sheet3,
            carried_over: figures(w.carried_over)?,
            carried_forward: figures(w.carried_forward)?,
            documents,
        })
    }
}

/// The sheet a table was read from (its cells all share it).
fn sheet_of(report: &Report, table: TableId) -> Option<Box<str>> {
    report
        .table(table)?
        .cells()
        .find_map(|(_, _, c)| match &c.location {
            Some(Location::Sheet { sheet, .. }) => Some(Box::from(&**sheet)),
            _ => None,
        })
}

fn rule(id: &str) -> &'static Rule {
    crate::rules::rule(id).expect("registered rule")
}

/// The findings of comparing a report with the previous year's, listed with the later one.
///
/// The findings go with the file `attached` (one of the two): every cell of the other file
/// names its file, so the output points at the right report whichever way round it is.
pub fn compare(
    previous: &YearFacts,
    current: &YearFacts,
    attached: &str,
    lang: Lang,
) -> Vec<Finding> {
    let tag = |cell: CellRef, facts: &YearFacts| {
        if facts.source == attached {
            cell
        } else {
            in_file(&cell, &facts.source)
        }
    };
    let mut out = Vec::new();
    let carry = rule("T3-CARRY-CONTINUITY");
    for ((col, over), forward) in layout::T3_COLUMNS
        .iter()
        .zip(&current.carried_over)
        .zip(&previous.carried_forward)
    {
        let (Some(over), Some(forward)) = (over, forward) else {
            continue;
        };
        let (Some(now), Some(before)) = (over.amount, forward.amount) else {
            continue;
        };
        if now == before {
            continue;
        }
        let args = [
            ("col", lang.pick(col.label_zh, col.label_en).to_string()),
            ("year", current.year.to_string()),
            ("previous_year", previous.year.to_string()),
            ("carried_over", num(now)),
            ("carried_forward", num(before)),
            ("at", over.at(current)),
            ("previous_file", previous.source.clone()),
            ("previous_at", forward.at(previous)),
        ];
        out.push(finding(
            carry,
            TableId::T3,
            vec![
                tag(over.cell(current), current),
                tag(forward.cell(previous), previous),
            ],
            before,
            now,
            lang,
            &args,
        ));
    }
    let in_force = rule("T2-IN-FORCE-CONTINUITY");
    for (now_row, before_row) in current.documents.iter().zip(&previous.documents) {
        let (Some((row, issued, repealed, now)), Some((_, _, _, before))) = (now_row, before_row)
        else {
            continue;
        };
        let (Some(i), Some(r), Some(n), Some(b)) =
            (issued.amount, repealed.amount, now.amount, before.amount)
        else {
            continue;
        };
        let expected = b + i - r;
        if (n - expected).abs() < 1e-9 {
            continue;
        }
        let args = [
            ("row", lang.pick(row.label_zh, row.label_en).to_string()),
            ("year", current.year.to_string()),
            ("previous_year", previous.year.to_string()),
            ("previous_in_force", num(b)),
            ("issued", num(i)),
            ("repealed", num(r)),
            ("expected", num(expected)),
            ("actual", num(n)),
            ("previous_file", previous.source.clone()),
        ];
        let cells = vec![
            tag(now.cell(current), current),
            tag(issued.cell(current), current),
            tag(repealed.cell(current), current),
            tag(before.cell(previous), previous),
        ];
        out.push(finding(
            in_force,
            TableId::T2,
            cells,
            expected,
            n,
            lang,
            &args,
        ));
    }
    out
}

/// A cell of the other year's file: the file is named in the reference.
fn in_file(cell: &CellRef, file: &str) -> CellRef {
    CellRef {
        file: Some(file.to_string()),
        ..cell.clone()
    }
}

fn finding(
    rule: &'static Rule,
    table: TableId,
    cells: Vec<CellRef>,
    expected: f64,
    actual: f64,
    lang: Lang,
    args: &[(&str, String)],
) -> Finding {
    Finding {
        rule: rule.id,
        severity: rule.severity,
        cells,
        expected: Some(Num(expected)),
        actual: Some(Num(actual)),
        difference: Some(Num(actual - expected)),
        message: rule.message(lang, args),
        suggestion: None,
        table: table.number(),
    }
}

/// Pairs reports of one agency in consecutive years as a run meets them: each report is
/// compared with the ones already seen, and the findings go with the one seen second, so the
/// output is the same whatever the order files finish in.
#[derive(Debug, Default)]
pub struct Linker {
    seen: std::collections::HashMap<String, Vec<YearFacts>>,
}

impl Linker {
    /// Cross-year findings for `facts` against the reports of its agency seen before it;
    /// then remember it.
    pub fn link(&mut self, facts: YearFacts, except: Option<&str>, lang: Lang) -> Vec<Finding> {
        let mut out = Vec::new();
        // Most agencies have one or two reports in a run: room for one to start with, not
        // the four a vector of 744-byte facts takes at its first push.
        let same_agency = self
            .seen
            .entry(facts.agency_key.clone())
            .or_insert_with(|| Vec::with_capacity(1));
        // `except`: the `--previous` report, already compared with every report of the run.
        let is_except = |source: &str| except.is_some_and(|e| same_file(e, source));
        for other in same_agency
            .iter()
            .filter(|o| !is_except(&o.source) && !is_except(&facts.source))
        {
            if other.year + 1 == facts.year {
                out.extend(compare(other, &facts, &facts.source, lang));
            } else if facts.year + 1 == other.year {
                out.extend(compare(&facts, other, &facts.source, lang));
            }
        }
        same_agency.push(facts);
        out
    }
}

/// Add cross-year findings to a file's result, keeping the order and status rules of a
/// single check.
pub fn merge(result: &mut crate::findings::FileResult, extra: Vec<Finding>) {
    if extra.is_empty() {
        return;
    }
    result.findings.extend(extra);
    result
        .findings
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if result
        .findings
        .iter()
        .any(|f| f.severity == Severity::Error)
    {
        result.status = crate::findings::Status::Fail;
    }
}

/// Whether two paths as given name the same file (`a.json` and `./a.json`).
pub(crate) fn same_file(a: &str, b: &str) -> bool {
    a == b
        || match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
}
