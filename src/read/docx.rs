//! Word attachments (.docx): the tables of the document body (gridSpan and vMerge laid out as
//! merged cells) and the paragraphs around them, into one grid like a saved page's.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::Event;

use super::ReadError;
use super::grid::{Content, Grid};
use super::html::SHEET;
use super::limits::Limits;

/// The most bytes of document.xml read (a zip bomb inflates past it).
const MAX_XML: u64 = 256 * 1024 * 1024;
/// The most paragraphs kept from outside tables, for the title.
const MAX_PARAGRAPHS: usize = 60;
const MAX_SPAN: u32 = 200;

/// A cell as Word stores it: its text, how many grid columns it spans, and whether it
/// continues a vertical merge from the row above.
struct WordCell {
    text: String,
    span: u32,
    continues: bool,
}

pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Grid>, ReadError> {
    let bad = |e: &dyn std::fmt::Display| {
        ReadError::new(
            "format",
            format!(
                "不是可读的 Word 文档:{}",
                crate::explain::damaged(&e.to_string()).zh
            ),
            format!("not a readable Word document: {e}"),
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let xml = archive.by_name("word/document.xml").map_err(|e| bad(&e))?;
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(xml.take(MAX_XML)));
    let mut buf = Vec::new();

    let mut paragraphs: Vec<String> = Vec::new();
    // Tables being read (nested tables stack); each is rows of cells.
    let mut tables: Vec<Vec<Vec<WordCell>>> = Vec::new();
    let mut done: Vec<(Vec<Vec<WordCell>>, bool)> = Vec::new();
    let mut nested = Vec::new();
    let mut cell: Option<WordCell> = None;
    let mut paragraph = String::new();
    let mut in_text = false;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        match &event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:tbl" => {
                    if let Some(parent) = nested.last_mut() {
                        *parent = true;
                    }
                    tables.push(Vec::new());
                    nested.push(false);
                }
                "w:tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.push(Vec::new());
                    }
                }
                "w:tc" => {
                    cell = Some(WordCell {
                        text: String::new(),
                        span: 1,
                        continues: false,
                    })
                }
                "w:gridBefore" => {
                    // Grid columns a row skips before its first cell.
                    let skip = attr(e, "w:val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0u32)
                        .min(MAX_SPAN);
                    if let Some(row) = tables.last_mut().and_then(|t| t.last_mut()) {
                        row.push(WordCell {
                            text: String::new(),
                            span: skip,
                            continues: true,
                        });
                    }
                }
                "w:gridSpan" => {
                    if let Some(c) = cell.as_mut() {
                        c.span = attr(e, "w:val")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_SPAN);
                    }
                }
                "w:vMerge" => {
                    // `<w:vMerge/>` or `w:val="continue"` continues; `restart` begins a merge.
                    if let Some(c) = cell.as_mut() {
                        c.continues = attr(e, "w:val").is_none_or(|v| v == "continue");
                    }
                }
                "w:t" if matches!(event, Event::Start(_)) => in_text = true,
                "w:tab" => paragraph.push(' '),
                "w:br" => paragraph.push(' '),
                _ => {}
            },
            Event::Text(t) if in_text => {
                paragraph.push_str(t.as_ref());
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(ch)) = r.resolve_char_ref() {
                    paragraph.push(ch);
                } else {
                    paragraph.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => {
                    let text = std::mem::take(&mut paragraph)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    match cell.as_mut() {
                        Some(_) if text.is_empty() => {}
                        Some(c) if !tables.is_empty() => {
                            if !c.text.is_empty() {
                                c.text.push(' ');
                            }
                            c.text.push_str(&text);
                        }
                        _ if !text.is_empty() && paragraphs.len() < MAX_PARAGRAPHS => {
                            paragraphs.push(text)
                        }
                        _ => {}
                    }
                }
                "w:tc" => {
                    if let (Some(c), Some(t)) = (cell.take(), tables.last_mut())
                        && let Some(row) = t.last_mut()
                    {
                        row.push(c);
                    }
                }
                "w:tbl" => {
                    if let (Some(t), Some(has_nested)) = (tables.pop(), nested.pop()) {
                        done.push((t, has_nested));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }

    let mut grid = Grid::limited(SHEET, limits);
    let mut row = 0;
    for p in paragraphs {
        grid.push(row, 0, Content::Text(p));
        row += 1;
    }
    row += 1;
    for (table, has_nested) in done {
        if has_nested {
            continue;
        }
        for cells in &table {
            let mut col = 0;
            for c in cells {
                if !c.continues && !c.text.is_empty() {
                    grid.push(row, col, Content::from_text(c.text.clone()));
                }
                col += c.span;
            }
            row += 1;
        }
        row += 1;
    }
    if grid.is_empty() {
        return Err(ReadError::new(
            "empty",
            "Word 文档中没有文字或表格",
            "the Word document has no text and no table",
        ));
    }
    Ok(vec![grid])
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.into_owned())
}
