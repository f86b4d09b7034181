//! Spreadsheets (.xlsx, .xlsm, .xls, .ods) through calamine, into grids.
//!
//! xlsx cells are streamed rather than loaded as a dense range: a hostile file that declares
//! a cell at XFD1048576 would otherwise make calamine allocate hundreds of gigabytes and
//! abort the process (calamine issue #693).

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx};

use super::ReadError;
use super::grid::{Content, Grid};

/// The most non-empty cells read from one workbook; a report has a few hundred.
pub const MAX_CELLS: usize = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm), a zip.
    Xlsx,
    /// Excel 97–2003 (.xls), an OLE compound file.
    Xls,
    /// OpenDocument (.ods), a zip.
    Ods,
}

/// Read every sheet of a workbook into grids, in workbook order.
pub fn read(bytes: Vec<u8>, format: Format) -> Result<Vec<Grid>, ReadError> {
    match format {
        Format::Xlsx => read_xlsx(bytes),
        Format::Xls => {
            let mut wb =
                Xls::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
            read_ranges(&mut wb)
        }
        Format::Ods => {
            let mut wb =
                Ods::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
            read_ranges(&mut wb)
        }
    }
}

fn workbook_error(detail: &str) -> ReadError {
    if detail.contains("password") {
        return ReadError::new(
            "encrypted",
            "工作簿受密码保护,无法读取",
            "the workbook is password-protected",
        );
    }
    ReadError::new(
        "format",
        format!("不是可读的电子表格(文件可能损坏或不完整):{detail}"),
        format!("not a readable spreadsheet (damaged or incomplete?): {detail}"),
    )
}

fn read_xlsx(bytes: Vec<u8>) -> Result<Vec<Grid>, ReadError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
    let mut grids = Vec::new();
    let mut total = 0usize;
    for name in wb.sheet_names() {
        let mut grid = Grid::new(&name);
        let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| {
            ReadError::new(
                "format",
                format!("无法读取工作表「{name}」:{e}"),
                format!("cannot read sheet “{name}”: {e}"),
            )
            .at(name.clone())
        })?;
        loop {
            let cell = cells.next_cell().map_err(|e| {
                ReadError::new(
                    "format",
                    format!("工作表「{name}」已损坏:{e}"),
                    format!("sheet “{name}” is damaged: {e}"),
                )
                .at(name.clone())
            })?;
            let Some(cell) = cell else { break };
            let (row, col) = cell.get_position();
            if let Some(content) = content_ref(cell.get_value()) {
                total += 1;
                if total > MAX_CELLS {
                    return Err(too_many_cells());
                }
                grid.push(row, col, content);
            }
        }
        drop(cells);
        grids.push(grid);
    }
    Ok(grids)
}

fn read_ranges<RS, R>(wb: &mut R) -> Result<Vec<Grid>, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut grids = Vec::new();
    let mut total = 0usize;
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).map_err(|e| {
            ReadError::new(
                "format",
                format!("无法读取工作表「{name}」:{e}"),
                format!("cannot read sheet “{name}”: {e}"),
            )
            .at(name.clone())
        })?;
        let mut grid = Grid::new(&name);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            if let Some(content) = content(data) {
                total += 1;
                if total > MAX_CELLS {
                    return Err(too_many_cells());
                }
                grid.push(r0 + r as u32, c0 + c as u32, content);
            }
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn too_many_cells() -> ReadError {
    ReadError::new(
        "too_large",
        format!("工作簿超过 {MAX_CELLS} 个非空单元格,不像一份年度报告"),
        format!("the workbook has more than {MAX_CELLS} non-empty cells, far more than a report"),
    )
}

/// calamine gives whole numbers as floats for xlsx/ods and as ints for xls; both become f64.
fn content(data: &Data) -> Option<Content> {
    match data {
        Data::Int(i) => Some(Content::Number(*i as f64)),
        Data::Float(f) => Some(Content::Number(*f)),
        Data::String(s) => Some(Content::Text(s.clone())),
        Data::Bool(b) => Some(Content::Text(b.to_string())),
        Data::DateTime(d) => Some(Content::Text(date_text(d))),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Content::Text(s.clone())),
        Data::Error(e) => Some(Content::Text(e.to_string())),
        Data::Empty => None,
    }
}

fn content_ref(data: &DataRef<'_>) -> Option<Content> {
    match data {
        DataRef::SharedString(s) => Some(Content::Text((*s).to_string())),
        DataRef::Int(i) => Some(Content::Number(*i as f64)),
        DataRef::Float(f) => Some(Content::Number(*f)),
        DataRef::String(s) => Some(Content::Text(s.clone())),
        DataRef::Bool(b) => Some(Content::Text(b.to_string())),
        DataRef::DateTime(d) => Some(Content::Text(date_text(d))),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(Content::Text(s.clone())),
        DataRef::Error(e) => Some(Content::Text(e.to_string())),
        DataRef::Empty => None,
    }
}

/// A date-formatted cell as the clerk sees it (「1-30」 typed into a count cell becomes a date
/// in Excel): text, so CELL-TEXT shows the date rather than its serial number.
fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
    if d.is_duration() || (h, min, sec) != (0, 0, 0) && y <= 1900 {
        format!("{h:02}:{min:02}:{sec:02}")
    } else {
        format!("{y}-{m:02}-{day:02}")
    }
}
