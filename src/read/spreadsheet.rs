//! Spreadsheets (.xlsx, .xlsm, .xls, .ods) through calamine, into grids.
//!
//! xlsx cells are streamed rather than loaded as a dense range: a hostile file that declares
//! a cell at XFD1048576 would otherwise make calamine allocate hundreds of gigabytes and
//! abort the process (calamine issue #693).

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx};

use super::ReadError;
use super::grid::{Content, Grid};
use super::limits::Limits;

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
///
/// calamine panics on some damaged files (found by fuzzing: a slice index in its OLE
/// reader); such a file is a damaged workbook, not an internal error.
pub fn read(bytes: Vec<u8>, format: Format, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    crate::guard::catch(|| read_unguarded(bytes, format, limits))
        .unwrap_or_else(|panic| Err(workbook_error(&panic)))
}

fn read_unguarded(bytes: Vec<u8>, format: Format, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    match format {
        Format::Xlsx => read_xlsx(bytes, limits),
        Format::Xls => {
            xls_extent(&bytes, limits)?;
            let formulas = xls_formula_cells(&bytes, limits);
            let mut wb =
                Xls::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
            let mut grids = read_ranges(&mut wb, limits)?;
            // calamine gives no text for a cell of a shared formula (LibreOffice's fill-down):
            // still a formula, of unknown text, never taken for a typed value.
            for grid in &mut grids {
                for &(row, col) in formulas.get(&*grid.sheet).into_iter().flatten() {
                    if grid.get(row, col).is_some() && grid.formula(row, col).is_none() {
                        grid.set_formula(row, col, "…");
                    }
                }
            }
            Ok(grids)
        }
        Format::Ods => {
            ods_extent(&bytes, limits)?;
            let mut wb =
                Ods::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
            read_ranges(&mut wb, limits)
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
    let said = crate::explain::damaged(detail);
    ReadError::new(
        "format",
        format!("不是可读的电子表格:{}", said.zh),
        format!("not a readable spreadsheet: {}", said.en),
    )
}

/// Where, in a workbook's zip directory, the parts stand that calamine reads on opening and
/// nianbao never uses: the theme (`xl/theme/theme1.xml`), whose palette only resolves the
/// colours of fonts and fills. It was a sixth of calamine's work in opening a workbook and
/// calamine has no option to skip it, so [`hide_unread_parts`] renames it in nianbao's copy
/// of the file; calamine then takes Office's default palette. Styles stay: their number
/// formats tell a date from a figure.
///
/// Only the part calamine asks for by that name (compared as calamine does: any case,
/// `\` for `/`), and only when it is a theme (its root element is one): a part's name is
/// free in OOXML, and a worksheet stored under that name must still be read.
pub(super) fn unread_parts(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Vec<usize> {
    use std::io::Read;
    let mut parts = Vec::new();
    for i in 0..archive.len() {
        let Ok(entry) = archive.by_index_raw(i) else {
            continue;
        };
        let named = entry
            .name()
            .is_ok_and(|n| n.replace('\\', "/").eq_ignore_ascii_case(THEME));
        let Some(at) = named
            .then(|| usize::try_from(entry.central_header_start()).ok())
            .flatten()
        else {
            continue;
        };
        drop(entry);
        // The first bytes say what the part is (the zip-bomb check has measured it).
        let mut head = Vec::with_capacity(THEME_HEAD);
        let read = archive
            .by_index(i)
            .map(|part| part.take(THEME_HEAD as u64).read_to_end(&mut head));
        if matches!(read, Ok(Ok(_))) && root_is_theme(&head) {
            parts.push(at);
        }
    }
    parts
}

/// The part calamine reads the palette from, in a workbook's usual folder.
const THEME: &str = "xl/theme/theme1.xml";
/// How much of a theme part is read to see its root element.
const THEME_HEAD: usize = 512;

/// Whether an XML text's first element is a DrawingML theme (`<a:theme …>`).
fn root_is_theme(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let mut rest = text.trim_start_matches('\u{feff}');
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
            .collect();
        return name.rsplit(':').next() == Some("theme");
    }
    false
}

/// Rename, in memory, the directory entries [`unread_parts`] found, so that calamine does
/// not find them: the last byte of each name becomes `~`. An entry is only touched where
/// its directory record and name are there as expected; the file on disk is never written.
pub(super) fn hide_unread_parts(bytes: &mut [u8], entries: &[usize]) {
    for &at in entries {
        let Some(record) = bytes.get(at..at.saturating_add(46)) else {
            continue;
        };
        if !record.starts_with(b"PK\x01\x02") {
            continue;
        }
        let name_len = usize::from(u16::from_le_bytes([record[28], record[29]]));
        let name = at + 46..at + 46 + name_len;
        if let Some(name) = bytes.get_mut(name)
            && name.len() == THEME.len()
            && name
                .iter()
                .map(|&b| if b == b'\\' { b'/' } else { b })
                .zip(THEME.bytes())
                .all(|(a, b)| a.eq_ignore_ascii_case(&b))
        {
            name[name.len() - 1] = b'~';
        }
    }
}

fn read_xlsx(bytes: Vec<u8>, limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
    let mut grids = Vec::new();
    let (mut total, mut text) = (0usize, 0u64);
    for name in wb.sheet_names() {
        let mut grid = Grid::limited(&name, limits);
        let mut shared = std::collections::HashMap::new();
        let mut cells = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| sheet_error(&name, &e))?;
        loop {
            let cell = cells.next_cell_with_formula_metadata().map_err(|e| {
                ReadError::new(
                    "format",
                    format!(
                        "工作表「{name}」已损坏:{}",
                        crate::explain::damaged(&e.to_string()).zh
                    ),
                    format!("sheet “{name}” is damaged: {e}"),
                )
                .at(name.clone())
            })?;
            let Some(cell) = cell else { break };
            let (row, col) = cell.pos;
            // Shared formulas (Excel's fill-down) name their text once, at the anchor; the
            // other cells of the group are the anchor's formula moved by their offset.
            if let Some(calamine::XlsxFormulaMetadata::Shared {
                shared_index,
                formula,
                ..
            }) = &cell.formula
                && shared.len() < limits.cells
                && formula.len() <= limits.cell_chars
            {
                shared.insert(*shared_index, (formula.clone(), row, col));
            }
            text = text.saturating_add(text_bytes(&cell.value));
            if text > limits.text_bytes {
                return Err(limits.too_much_text());
            }
            // A formula saved without its computed value (files written by scripts and
            // export systems): not a blank, and not 0 — its text says what to do.
            let content = match (content_ref(&cell.value), &cell.formula) {
                (None, Some(formula)) => Some(Content::Text(uncalculated(formula))),
                (content, _) => content,
            };
            if let Some(content) = content {
                total += 1;
                if total > limits.cells {
                    return Err(limits.too_many_cells());
                }
                grid.push(row, col, content);
                if let Some(formula) = &cell.formula {
                    grid.set_formula(row, col, &formula_text(formula, &shared, row, col));
                }
            }
        }
        drop(cells);
        grids.push(grid);
    }
    Ok(grids)
}

fn read_ranges<RS, R>(wb: &mut R, limits: &Limits) -> Result<Vec<Grid>, ReadError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut grids = Vec::new();
    let mut total = 0usize;
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| sheet_error(&name, &e))?;
        let mut grid = Grid::limited(&name, limits);
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, data) in range.used_cells() {
            if let Some(content) = content(data) {
                total += 1;
                if total > limits.cells {
                    return Err(limits.too_many_cells());
                }
                grid.push(r0 + r as u32, c0 + c as u32, content);
            }
        }
        // Which cells are formulas (.xls and .ods keep the text beside the values); a
        // workbook whose formulas calamine cannot give is read for its values alone.
        if let Ok(formulas) = wb.worksheet_formula(&name) {
            let (f0, g0) = formulas.start().unwrap_or((0, 0));
            for (r, c, text) in formulas.used_cells() {
                let (row, col) = (f0 + r as u32, g0 + c as u32);
                if !text.is_empty() && grid.get(row, col).is_some() {
                    grid.set_formula(row, col, text);
                }
            }
        }
        grids.push(grid);
    }
    Ok(grids)
}

/// How many cells one sheet may span, blanks included, per non-empty cell allowed, before
/// calamine is let build its dense range: a report spans about 60 × 20; a 1 KB hostile .ods
/// can declare 10^8.
const AREA_PER_CELL: u64 = 4;

/// Measure an .xls before calamine builds its sheets, and refuse one whose sheets could
/// span more than [`AREA_PER_CELL`] times `--max-cells` together: calamine builds every
/// sheet's dense range as it opens the file, and a 10 KB file with a cell at row 65,535 of
/// column 65,535 made it ask for 137 GB and abort the process (found by fuzzing).
///
/// The measure does not follow the file's own structure, which is what tricks exploit (a
/// nested BOF, a sheet hidden inside an unknown record, a second `Workbook` stream in a
/// storage): every cell record of every `Workbook` or `Book` stream is read, from the
/// stream's start and from every sheet offset, and each sheet is taken to span all of them.
/// A real workbook's sheets together span some thousands of cells.
fn xls_extent(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    use std::io::Read;
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
    let streams: Vec<std::path::PathBuf> = file
        .walk()
        .filter(|e| {
            e.is_stream() && ["workbook", "book"].contains(&e.name().to_ascii_lowercase().as_str())
        })
        .map(|e| e.path().to_path_buf())
        .collect();
    if streams.is_empty() {
        return Err(workbook_error("no Workbook stream"));
    }
    let max_area = limits.cells as u64 * AREA_PER_CELL;
    let too_large = || {
        ReadError::new(
            "too_large",
            format!(
                "工作表的数据区域合计超过 {max_area} 个单元格(--max-cells 的 {AREA_PER_CELL} 倍),不像一份年度报告"
            ),
            format!(
                "the sheets span more than {max_area} cells together ({AREA_PER_CELL} × --max-cells), far more than a report"
            ),
        )
    };
    let mut measure = BiffMeasure::default();
    for path in streams {
        let mut stream = Vec::new();
        file.open_stream(&path)
            .and_then(|s| s.take(limits.unzipped_bytes).read_to_end(&mut stream))
            .map_err(|e| workbook_error(&e.to_string()))?;
        measure.stream(&stream);
        if measure.declared > max_area || measure.area() > max_area {
            return Err(too_large());
        }
    }
    Ok(())
}

/// The cells of each sheet of an .xls that hold a formula (FORMULA records), by sheet name:
/// found from each BOUNDSHEET's offset to its sheet's EOF. Empty when the file cannot be
/// walked (calamine then reads it, or says why).
fn xls_formula_cells(
    bytes: &[u8],
    limits: &Limits,
) -> std::collections::HashMap<String, Vec<(u32, u32)>> {
    use std::io::Read;
    let mut out = std::collections::HashMap::new();
    let Ok(mut file) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return out;
    };
    let mut stream = Vec::new();
    let opened = ["/Workbook", "/Book"]
        .iter()
        .find_map(|p| file.open_stream(p).ok())
        .map(|s| s.take(limits.unzipped_bytes).read_to_end(&mut stream));
    if !matches!(opened, Some(Ok(_))) {
        return out;
    }
    let record = |at: usize| -> Option<(u16, &[u8])> {
        let head = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([head[0], head[1]]);
        let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
        Some((kind, stream.get(at + 4..at + 4 + len)?))
    };
    // BOUNDSHEET records of the globals: each sheet's BOF offset and name.
    let mut sheets = Vec::new();
    let mut at = 0;
    while let Some((kind, data)) = record(at) {
        at += 4 + data.len();
        match kind {
            0x0085 if data.len() >= 8 => {
                let offset = u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize;
                let n = usize::from(data[6]);
                let name = if data[7] & 1 == 1 {
                    let units: Vec<u16> = data[8..]
                        .chunks_exact(2)
                        .take(n)
                        .map(|b| u16::from_le_bytes([b[0], b[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                } else {
                    data[8..].iter().take(n).map(|&b| char::from(b)).collect()
                };
                sheets.push((offset, name));
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut total = 0usize;
    for (offset, name) in sheets {
        let mut cells = Vec::new();
        let mut at = offset;
        let mut first = true;
        while let Some((kind, data)) = record(at) {
            at += 4 + data.len();
            match kind {
                0x0809 if first => first = false,
                0x0006 if data.len() >= 4 && total < limits.cells => {
                    total += 1;
                    cells.push((
                        u32::from(u16::from_le_bytes([data[0], data[1]])),
                        u32::from(u16::from_le_bytes([data[2], data[3]])),
                    ));
                }
                0x000A => break,
                _ => {}
            }
        }
        out.insert(name, cells);
    }
    out
}

/// What a Workbook stream's records say about the cells calamine will allocate.
#[derive(Debug, Default)]
struct BiffMeasure {
    /// Sheets declared (BOUNDSHEET records), at least one per stream read.
    sheets: u64,
    /// (first row, last row, first column, last column) of every cell record seen.
    extent: Option<(u16, u16, u16, u16)>,
    /// The largest area a DIMENSIONS record declares, as calamine computes it.
    declared: u64,
}

impl BiffMeasure {
    /// Every sheet taken to span every cell seen.
    fn area(&self) -> u64 {
        let Some((r0, r1, c0, c1)) = self.extent else {
            return 0;
        };
        let one = (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1);
        one.saturating_mul(self.sheets.max(1))
    }

    fn stream(&mut self, stream: &[u8]) {
        let mut boundaries = std::collections::HashSet::new();
        let mut offsets = Vec::new();
        self.records(stream, 0, &mut boundaries, &mut offsets, None);
        // A sheet whose offset is not a record of the linear walk: read from there too,
        // until the walk meets a record already read.
        for offset in offsets.clone() {
            if !boundaries.contains(&offset) {
                let known = boundaries.clone();
                self.records(
                    stream,
                    offset,
                    &mut boundaries,
                    &mut Vec::new(),
                    Some(&known),
                );
            }
        }
        self.sheets = self.sheets.max(1);
    }

    fn records(
        &mut self,
        stream: &[u8],
        mut at: usize,
        boundaries: &mut std::collections::HashSet<usize>,
        offsets: &mut Vec<usize>,
        stop_at: Option<&std::collections::HashSet<usize>>,
    ) {
        let u16_at = |d: &[u8], i: usize| d.get(i..i + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        let u32_at = |d: &[u8], i: usize| {
            d.get(i..i + 4)
                .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        while at + 4 <= stream.len() {
            if stop_at.is_some_and(|known| known.contains(&at)) {
                return;
            }
            boundaries.insert(at);
            let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
            let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
            let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
            at += 4 + len;
            let cells = match kind {
                // BOUNDSHEET: a sheet, and where its substream starts.
                0x0085 => {
                    self.sheets += 1;
                    if let Some(offset) = u32_at(data, 0) {
                        offsets.push(offset as usize);
                    }
                    None
                }
                // DIMENSIONS: calamine reserves room for the area a sheet declares (fuzzing: a
                // declared 4 billion cells aborted it), computed as calamine computes it.
                0x0200 => {
                    self.declared = self.declared.max(declared_area(data));
                    None
                }
                // NUMBER, LABELSST, RK, BLANK, BOOLERR, LABEL, RSTRING, FORMULA: one cell.
                0x0203 | 0x00FD | 0x027E | 0x0201 | 0x0205 | 0x0204 | 0x00D6 | 0x0006 => {
                    u16_at(data, 0).zip(u16_at(data, 2)).map(|(r, c)| (r, c, c))
                }
                // MULRK, MULBLANK: a row of cells, its last column in the last two bytes.
                0x00BD | 0x00BE => u16_at(data, 0)
                    .zip(u16_at(data, 2))
                    .zip(data.len().checked_sub(2).and_then(|i| u16_at(data, i)))
                    .map(|((r, c), last)| (r, c.min(last), c.max(last))),
                _ => None,
            };
            if let Some((row, first, last)) = cells {
                let (r0, r1, c0, c1) = self.extent.unwrap_or((row, row, first, last));
                self.extent = Some((r0.min(row), r1.max(row), c0.min(first), c1.max(last)));
            }
        }
    }
}

/// The area a DIMENSIONS record declares, as calamine computes it.
fn declared_area(data: &[u8]) -> u64 {
    let u16_at = |i: usize| {
        data.get(i..i + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |i: usize| {
        data.get(i..i + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let declared = match data.len() {
        10 => u16_at(0).zip(u16_at(2)).zip(u16_at(4)).zip(u16_at(6)),
        14 | 16 => u32_at(0).zip(u32_at(4)).zip(u16_at(8)).zip(u16_at(10)),
        _ => None,
    };
    let Some((((first_row, row_end), first_col), col_end)) = declared else {
        return 0;
    };
    let first_col = if first_col > 0xFF || col_end < first_col {
        0
    } else {
        first_col
    };
    let span = |first: u32, end: u32| {
        if end == 0 {
            1
        } else {
            u64::from((end - 1).wrapping_sub(first).wrapping_add(1))
        }
    };
    if row_end >= 1 && col_end >= 1 {
        span(first_row, row_end).saturating_mul(span(first_col, col_end))
    } else {
        1
    }
}

/// Measure an .ods from its XML before calamine builds it, counting repeated rows and
/// columns: calamine allocates each sheet's used area densely and copies a repeated cell's
/// text into every cell it repeats over (a 1 KB file: one long cell down 20,000 rows, 7.5 GB),
/// and an allocation failure aborts the process. Refused: sheets spanning more than
/// [`AREA_PER_CELL`] times `--max-cells` together, or more text than `--max-text-mb` once
/// repeated. A table inside a table counts with the one around it, never afresh.
fn ods_extent(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    use quick_xml::events::Event;
    use std::io::{BufReader, Read};

    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| workbook_error(&e.to_string()))?;
    let content = archive
        .by_name("content.xml")
        .map_err(|e| workbook_error(&e.to_string()))?;
    let mut xml =
        quick_xml::Reader::from_reader(BufReader::new(content.take(limits.unzipped_bytes)));
    let max_area = limits.cells as u64 * AREA_PER_CELL;
    let mut buf = Vec::new();
    let (mut row, mut col, mut row_repeat) = (0u64, 0u64, 1u64);
    let (mut max_row, mut max_col) = (0u64, 0u64);
    // Areas of the sheets already closed, and how deep in tables the reader is.
    let (mut closed_area, mut depth) = (0u64, 0usize);
    // The text of the cell being read, and how many cells it repeats over.
    let (mut text, mut cell_repeat, mut in_cell) = (0u64, 1u64, false);
    let mut total_text = 0u64;
    let mut sheet = String::new();
    let repeat = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| a.value.parse().ok())
            .unwrap_or(1)
    };
    let too_large = |sheet: &str| {
        ReadError::new(
            "too_large",
            format!("工作表的数据区域合计超过 {max_area} 个单元格(--max-cells 的 {AREA_PER_CELL} 倍),不像一份年度报告"),
            format!("the sheets span more than {max_area} cells together ({AREA_PER_CELL} × --max-cells), far more than a report"),
        )
        .at(sheet)
    };
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| workbook_error(&e.to_string()))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" if matches!(event, Event::Start(_)) => {
                    depth += 1;
                    if depth == 1 {
                        (row, max_row, max_col) = (0, 0, 0);
                        sheet = e
                            .try_get_attribute("table:name")
                            .ok()
                            .flatten()
                            .map(|a| a.value.into_owned())
                            .unwrap_or_default();
                    }
                }
                "table:table-row" => {
                    col = 0;
                    row_repeat = repeat(e, "table:number-rows-repeated");
                    if matches!(event, Event::Empty(_)) {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let span = repeat(e, "table:number-columns-repeated");
                    let filled = matches!(event, Event::Start(_))
                        || e.try_get_attribute("office:value-type")
                            .ok()
                            .flatten()
                            .is_some();
                    if filled {
                        max_row = max_row.max(row.saturating_add(row_repeat));
                        max_col = max_col.max(col.saturating_add(span));
                        let area = closed_area.saturating_add(max_row.saturating_mul(max_col));
                        if area > max_area {
                            return Err(too_large(&sheet));
                        }
                    }
                    if matches!(event, Event::Start(_)) {
                        (text, cell_repeat, in_cell) = (0, span.saturating_mul(row_repeat), true);
                    }
                    col = col.saturating_add(span);
                }
                _ => {}
            },
            Event::Text(t) if in_cell => text = text.saturating_add(t.len() as u64),
            Event::End(e) => match e.name().as_ref() {
                "table:table-row" => row = row.saturating_add(row_repeat),
                "table:table-cell" | "table:covered-table-cell" if in_cell => {
                    in_cell = false;
                    total_text = total_text.saturating_add(text.saturating_mul(cell_repeat));
                    if total_text > limits.text_bytes {
                        return Err(limits.too_much_text().at(sheet.clone()));
                    }
                }
                "table:table" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        closed_area = closed_area.saturating_add(max_row.saturating_mul(max_col));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

fn sheet_error(name: &str, e: &dyn std::fmt::Display) -> ReadError {
    ReadError::new(
        "format",
        format!(
            "无法读取工作表「{name}」:{}",
            crate::explain::damaged(&e.to_string()).zh
        ),
        format!("cannot read sheet “{name}”: {e}"),
    )
    .at(name)
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

/// The bytes of text a cell will be copied into.
fn text_bytes(data: &DataRef<'_>) -> u64 {
    match data {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len() as u64,
        DataRef::SharedString(s) => s.len() as u64,
        _ => 0,
    }
}

/// [`content`] of a streamed cell: its text copied once, straight from calamine's shared
/// strings.
fn content_ref(data: &DataRef<'_>) -> Option<Content> {
    match data {
        DataRef::SharedString(s) => Some(Content::Text((*s).to_string())),
        DataRef::String(s) => Some(Content::Text(s.clone())),
        DataRef::Int(i) => Some(Content::Number(*i as f64)),
        DataRef::Float(f) => Some(Content::Number(*f)),
        DataRef::Empty => None,
        other => content(&Data::from(other.clone())),
    }
}

/// The text of a formula whose value was never computed: 「=SUM(D21:I21)(公式未计算)」.
fn uncalculated(formula: &calamine::XlsxFormulaMetadata) -> String {
    let text = match formula {
        calamine::XlsxFormulaMetadata::Normal { formula }
        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => {
            format!("={formula}")
        }
        _ => "=…".to_string(),
    };
    format!("{text}(公式未计算,请在 Excel/WPS 中打开并保存)")
}

/// The text of an xlsx cell's formula; a cell of a shared group takes its anchor's formula
/// moved by its offset, and `…` when the anchor was not seen or the formula cannot be moved.
fn formula_text(
    formula: &calamine::XlsxFormulaMetadata,
    shared: &std::collections::HashMap<usize, (String, u32, u32)>,
    row: u32,
    col: u32,
) -> String {
    match formula {
        calamine::XlsxFormulaMetadata::Normal { formula }
        | calamine::XlsxFormulaMetadata::Shared { formula, .. } => formula.clone(),
        calamine::XlsxFormulaMetadata::SharedDerived { shared_index } => shared
            .get(shared_index)
            .and_then(|(anchor, r, c)| {
                crate::rules::formulas::shift(
                    anchor,
                    i64::from(row) - i64::from(*r),
                    i64::from(col) - i64::from(*c),
                )
            })
            .unwrap_or_else(|| "…".to_string()),
        _ => "…".to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook as Excel and rust_xlsxwriter write it: a theme part beside the styles,
    /// a date cell that the styles' number formats make a date.
    fn workbook() -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "规章").unwrap();
        sheet.write_number(0, 1, 3.0).unwrap();
        let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
        sheet
            .write_number_with_format(1, 1, 45306.0, &date)
            .unwrap();
        book.save_to_buffer().unwrap()
    }

    fn cells(bytes: Vec<u8>) -> Vec<(u32, u32, Content)> {
        let grids = read(bytes, Format::Xlsx, &Limits::default()).unwrap();
        grids[0]
            .rows
            .iter()
            .flat_map(|(r, cells)| cells.iter().map(|(c, v)| (*r, *c, v.clone())))
            .collect()
    }

    #[test]
    fn the_theme_is_hidden_from_calamine_and_the_cells_read_the_same() {
        let original = workbook();
        let mut bytes = original.clone();
        let entries = {
            let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
            unread_parts(&mut archive)
        };
        assert_eq!(entries.len(), 1, "one theme part");
        hide_unread_parts(&mut bytes, &entries);
        let names: Vec<String> = zip::ZipArchive::new(Cursor::new(&bytes[..]))
            .unwrap()
            .file_names()
            .map(|n| n.unwrap().to_string())
            .collect();
        assert!(
            names.contains(&"xl/theme/theme1.xm~".to_string()),
            "{names:?}"
        );
        assert!(names.contains(&"xl/styles.xml".to_string()), "styles stay");
        let read = cells(bytes);
        assert_eq!(read, cells(original));
        // The date is still a date: the number formats were read.
        assert!(
            read.contains(&(1, 1, Content::Text("2024-01-15".into()))),
            "{read:?}"
        );
    }

    #[test]
    fn only_a_part_whose_root_is_a_theme_is_hidden() {
        assert!(root_is_theme(
            b"<?xml version=\"1.0\"?>\n<a:theme xmlns:a=\"x\" name=\"Office\">"
        ));
        assert!(root_is_theme("\u{feff}<theme>".as_bytes()));
        assert!(!root_is_theme(
            b"<?xml version=\"1.0\"?><worksheet xmlns=\"x\"><sheetData/>"
        ));
        assert!(!root_is_theme(b"<!-- a:theme --><workbook/>"));
        assert!(!root_is_theme(b""));
    }

    #[test]
    fn an_entry_that_is_not_where_the_directory_said_is_left_alone() {
        let mut bytes = workbook();
        let before = bytes.clone();
        let near_end = bytes.len() - 3;
        hide_unread_parts(&mut bytes, &[0, 5, near_end, usize::MAX]);
        assert_eq!(bytes, before);
    }
}
