//! Text scraped or converted from report pages and PDFs (.txt, .md): tables come in several
//! flattened shapes, all turned into grid rows for the label locator —
//!
//! - one cell a line, each ending in ` |`, with lines of bare pipes for empty or merged cells
//!   (`|||` is three), as page scrapers write them (seed 002);
//! - a row a line, cells joined by ` | ` or tabs, or Markdown pipe tables (`| a | b |`,
//!   separator rows skipped), including one small table per row under generic headers;
//! - a row a line, a label followed by its figures separated by spaces, as copied from a
//!   browser.
//!
//! Rows that hold a label and figures are aligned on their last figure, so the columns of
//! one table line up whatever the label cells before them; rows of only text or only figures
//! start at the left (table 4's header and figures). Prose lines are kept one a row for the
//! title and metadata.

use super::grid::{Content, Grid};
use super::limits::Limits;
use crate::labels::parse_number_text;
use crate::model::Value;

/// The sheet name text sources are given in addresses.
pub const SHEET: &str = "文本";

use super::grid::ROW_END as RIGHT;

/// The most cells a row may have (a hostile line could hold millions of pipes).
const MAX_CELLS: usize = 64;

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Empty,
    Value(String),
    Text(String),
}

impl Token {
    fn of(cell: &str) -> Token {
        let cell = cell.trim();
        if cell.is_empty() {
            Token::Empty
        } else if parse_number_text(cell) == Value::Text {
            Token::Text(cell.to_string())
        } else {
            Token::Value(cell.to_string())
        }
    }
}

pub fn read(text: &str, limits: &Limits) -> Vec<Grid> {
    let mut grid = Grid::limited(SHEET, limits);
    let mut row = 0u32;
    let mut stream: Vec<Token> = Vec::new();
    // The line of the file each stream token and each grid row comes from (from 1), so a
    // finding can say 「第 14 行」 of the text a person opens.
    let mut stream_lines: Vec<u32> = Vec::new();
    let mut lines_of_rows: Vec<(u32, u32)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n as u32 + 1;
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if line.is_empty() {
            continue;
        }
        if is_cell_line(line) {
            let body = line.trim_end_matches('|').trim_end();
            if body.is_empty() {
                let pipes = line.chars().filter(|c| *c == '|').count().min(MAX_CELLS);
                stream.extend(std::iter::repeat_n(Token::Empty, pipes));
                stream_lines.extend(std::iter::repeat_n(line_no, pipes));
            } else {
                stream.push(Token::of(body));
                stream_lines.push(line_no);
            }
            continue;
        }
        if is_page_furniture(line) {
            continue;
        }
        flush(
            &mut stream,
            &mut stream_lines,
            &mut grid,
            &mut row,
            &mut lines_of_rows,
        );
        if let Some(pairs) = run_together(line) {
            for (label, figures) in pairs {
                if label.is_empty() {
                    grid.push(row, 0, Content::Run(figures));
                } else {
                    grid.push(row, 0, Content::Text(label));
                    grid.push(row, RIGHT, Content::Run(figures));
                }
                row += 1;
                lines_of_rows.push((0, line_no));
            }
            continue;
        }
        if let Some(cells) = split_row(line) {
            if cells.is_empty() {
                continue;
            }
            place(&cells, &mut grid, row, false);
        } else {
            grid.push(row, 0, Content::Text(line.to_string()));
        }
        row += 1;
        lines_of_rows.push((0, line_no));
    }
    flush(
        &mut stream,
        &mut stream_lines,
        &mut grid,
        &mut row,
        &mut lines_of_rows,
    );
    grid.pages = Some(lines_of_rows.into());
    vec![grid]
}

/// Characters that, right after a figure, make it a quantity in prose (「2023年」, 「5件」)
/// rather than a table's figure.
const UNITS: &str = "年月日号时分秒件条个项类人次户元万亿千百%‰篇期份家名起宗例批场届";

/// A line of labels and figures, spaced (「规章 0 0 0」) or run together as scrapers leave
/// them (「规章000行政规范性文件8855698」, 「（七）总计23 0 00 0 023」, 「000000000000000」):
/// each label with its figures, left for the locator to read into the row's cells
/// ([`super::runs`]), where the number of cells is known.
fn run_together(line: &str) -> Option<Vec<(String, String)>> {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if line.chars().count() > 150
        || line.contains(['|', '\t', '。', '；', '：', ';', ':', '？', '！'])
    {
        return None;
    }
    // Alternate stretches: text, and figures (digits, a decimal point or a leading minus
    // within them, and the spaces among them).
    let chars: Vec<char> = line.chars().collect();
    let digit_at = |k: usize| chars.get(k).is_some_and(|c| is_digit(*c));
    // A figure starts at a digit, or at a minus sign before one that follows a space.
    let starts_figure = |k: usize| {
        digit_at(k)
            || (chars[k] == '-' && digit_at(k + 1) && (k == 0 || chars[k - 1].is_whitespace()))
    };
    let mut pieces: Vec<(bool, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let figures = starts_figure(i);
        let mut j = i;
        while j < chars.len()
            && if figures {
                j == i
                    || digit_at(j)
                    || (matches!(chars[j], '.' | '．') && digit_at(j + 1))
                    // 「1,030」: a thousands separator before exactly three digits.
                    || (chars[j] == ','
                        && digit_at(j - 1)
                        && (j + 1..j + 4).all(digit_at)
                        && !digit_at(j + 4))
                    || (chars[j] == ' '
                        && (j + 1..chars.len())
                            .find(|&k| chars[k] != ' ')
                            .is_some_and(starts_figure))
                    || (chars[j] == '-' && chars[j - 1] == ' ' && digit_at(j + 1))
            } else {
                !starts_figure(j)
            }
        {
            j += 1;
        }
        let piece: String = chars[i..j].iter().collect();
        pieces.push((figures, piece));
        i = j;
    }
    // Figures followed by anything but the start of another label belong to the text:
    // numbering (「1.」, 「(2)」), quantities (「2023年」).
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut label = String::new();
    for (k, (figures, piece)) in pieces.iter().enumerate() {
        if !figures {
            label.push_str(piece);
            continue;
        }
        match pieces.get(k + 1).and_then(|(_, next)| next.chars().next()) {
            None => {}
            Some(c) if UNITS.contains(c) => return None,
            Some(c) if !is_label_start(c) => {
                label.push_str(piece);
                continue;
            }
            Some(_) => {}
        }
        pairs.push((label.trim().to_string(), piece.trim().to_string()));
        label.clear();
    }
    if !label.trim().is_empty() || pairs.is_empty() {
        return None;
    }
    // Every row of figures is read as a run, spaced or not: the locator, which knows how
    // many cells the row has, reads one figure a cell when the count is right and splits
    // only where one split fits (a lost space, 「30 5 1 0 2 139」, is never a row of 0s).
    // A lone number on a line of its own is just text, unless no single figure is written
    // so (a leading 0, eight digits or more: a table-4 row of fifteen run together).
    let figures = &pairs[0].1;
    let lone = pairs.len() == 1
        && pairs[0].0.is_empty()
        && !figures.contains(' ')
        && !(figures.len() > 1 && figures.starts_with(['0', '０']))
        && figures.chars().count() < 8;
    (!lone).then_some(pairs)
}

/// A character a row label can start with: a CJK ideograph or an opening bracket.
fn is_label_start(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || matches!(c, '（' | '(' | '“' | '"' | '「')
}

/// A scraper's cell line: text then ` |`, or bare pipes; not a Markdown or joined row.
fn is_cell_line(line: &str) -> bool {
    line.chars().all(|c| c == '|')
        || (line.ends_with('|')
            && !line.starts_with('|')
            && !line.trim_end_matches('|').contains('|'))
}

/// A line that is a whole row: Markdown, ` | `-joined, tab-separated, or a label and figures.
fn split_row(line: &str) -> Option<Vec<Token>> {
    let pipes = line.matches('|').count();
    if line.starts_with('|') && pipes >= 2 {
        let inner = line.trim_start_matches('|').trim_end_matches('|');
        if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
            return Some(Vec::new());
        }
        let cells: Vec<&str> = inner.split('|').take(MAX_CELLS).map(str::trim).collect();
        // A converter's generic header (「项目 | 数据1 | 数据2 …」) says nothing: skipped.
        if cells.iter().all(|c| is_generic_header(c)) {
            return Some(Vec::new());
        }
        return Some(cells.into_iter().map(Token::of).collect());
    }
    if line.contains(" | ") {
        return Some(line.split('|').take(MAX_CELLS).map(Token::of).collect());
    }
    if line.contains('\t') {
        return Some(line.split('\t').take(MAX_CELLS).map(Token::of).collect());
    }
    // 「规章 0 0 0」: a label, then figures only; 「2 1 0 1 4 …」: figures only; 「行政复议
    // 行政诉讼」: short headings side by side.
    let words: Vec<&str> = line.split_whitespace().collect();
    if words.len() >= 2 && words.len() <= MAX_CELLS {
        let all_figures = words
            .iter()
            .all(|w| matches!(Token::of(w), Token::Value(_)));
        let headings = words.iter().all(|w| {
            w.chars().count() <= 12 && !w.contains(['，', '。', ',', ';', '；', '：', ':'])
        });
        if all_figures || headings {
            return Some(words.iter().map(|w| Token::of(w)).collect());
        }
    }
    let figures = words
        .iter()
        .rev()
        .take_while(|w| !matches!(Token::of(w), Token::Text(_)))
        .count();
    if figures >= 1
        && figures < words.len()
        && words.len() <= MAX_CELLS
        && line.chars().count() <= 200
    {
        let label = words[..words.len() - figures].join(" ");
        let mut cells = vec![Token::of(&label)];
        cells.extend(words[words.len() - figures..].iter().map(|w| Token::of(w)));
        return Some(cells);
    }
    None
}

/// Turn a scraper's cell stream into rows: a row begins at a label that follows a figure or
/// an empty cell, and at a run of fifteen or more figures (table 4's one row).
fn flush(
    stream: &mut Vec<Token>,
    stream_lines: &mut Vec<u32>,
    grid: &mut Grid,
    row: &mut u32,
    lines_of_rows: &mut Vec<(u32, u32)>,
) {
    if stream.is_empty() {
        return;
    }
    let tokens = std::mem::take(stream);
    let lines = std::mem::take(stream_lines);
    let mut current: Vec<Token> = Vec::new();
    let mut first_line = lines.first().copied().unwrap_or(0);
    for (i, token) in tokens.iter().enumerate() {
        let previous = i.checked_sub(1).map(|p| &tokens[p]);
        let after_value_or_empty = matches!(previous, Some(Token::Value(_)) | Some(Token::Empty));
        let starts_label = matches!(token, Token::Text(_)) && after_value_or_empty;
        let starts_long_run = matches!(token, Token::Value(_))
            && !matches!(previous, Some(Token::Value(_)))
            && tokens[i..]
                .iter()
                .take_while(|t| matches!(t, Token::Value(_)))
                .count()
                >= 15;
        if (starts_label || starts_long_run) && !current.is_empty() {
            place(&current, grid, *row, true);
            *row += 1;
            lines_of_rows.push((0, first_line));
            current.clear();
        }
        if current.is_empty() {
            first_line = lines.get(i).copied().unwrap_or(first_line);
        }
        current.push(token.clone());
    }
    if !current.is_empty() {
        place(&current, grid, *row, true);
        *row += 1;
        lines_of_rows.push((0, first_line));
    }
}

/// Put one row's cells into the grid: a row of a label and figures ends at [`RIGHT`]; any
/// other row starts at column 0.
fn place(cells: &[Token], grid: &mut Grid, row: u32, padded: bool) {
    // A scraper's trailing pipes are colspan padding; a joined or Markdown row's trailing
    // empty cell is a real blank (a 总计 left empty) and keeps its place.
    let end = if padded {
        cells
            .iter()
            .rposition(|t| *t != Token::Empty)
            .map_or(0, |i| i + 1)
    } else {
        cells.len()
    };
    let cells = &cells[..end];
    if cells.is_empty() {
        return;
    }
    let mixed = cells.iter().any(|t| matches!(t, Token::Text(_)))
        && cells.iter().any(|t| matches!(t, Token::Value(_)));
    let start = if mixed {
        (RIGHT + 1).saturating_sub(cells.len() as u32)
    } else {
        0
    };
    for (i, token) in cells.iter().enumerate() {
        let col = start + i as u32;
        match token {
            Token::Empty => {}
            Token::Value(v) => grid.push(row, col, Content::from_text(v.clone())),
            Token::Text(t) => grid.push(row, col, Content::Text(t.clone())),
        }
    }
}

/// 「项目」, 「数据1」, 「列3」, 「Column 2」: what converters put over a table's columns.
fn is_generic_header(cell: &str) -> bool {
    let c = crate::labels::normalise(cell);
    let stem = c.trim_end_matches(|ch: char| ch.is_ascii_digit());
    c.is_empty()
        || matches!(c.as_str(), "项目" | "序号" | "内容")
        || (stem.len() < c.len() && matches!(stem, "数据" | "列" | "Column" | "column" | "Col"))
}

/// Page numbers and footers a PDF conversion leaves between rows (「- 1 -」, 「第 2 页」,
/// 「2/5」): dropped, so a table split over pages reads as one.
fn is_page_furniture(line: &str) -> bool {
    let c = crate::labels::normalise(line);
    let digits = |s: &str| !s.is_empty() && s.chars().all(|ch| ch.is_ascii_digit());
    let inner = c.trim_matches('-');
    (c.starts_with('-') && c.ends_with('-') && digits(inner))
        || c.strip_prefix('第')
            .and_then(|r| r.strip_suffix('页'))
            .is_some_and(|n| {
                digits(n)
                    || n.split_once("页共")
                        .is_some_and(|(a, b)| digits(a) && digits(b))
            })
        || c.split_once('/')
            .is_some_and(|(a, b)| digits(a) && digits(b) && c.len() <= 7)
}
