//! A document as one stream of tokens: text, figures and blank cells in reading order,
//! whatever the layout they came in (one line, one cell a line, pipes, Markdown, a PDF's
//! lines, a page's table).
//!
//! The statutory tables are a fixed sequence of labels, each followed by a fixed number of
//! figures; read as a stream, every linearisation of the grid looks alike
//! ([`super::sequence`] reads it). This module only cuts the grid's cells into tokens: a
//! text cell that carries figures (「规章000行政规范性文件8855698」) is cut into its labels
//! and its runs of figures, and a numbering glued to the figures before it
//! (「00000002.其他法律…」) goes back to its label.

use super::grid::{Content, Grid, ROW_END};
use crate::labels;
use crate::model::{Location, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text, normalised ([`labels::normalise`]).
    Text(String),
    /// One figure as written, or figures run together (「640020470」, 「500000 5」: spaces
    /// separate figures, digits without a space may hold several).
    Figures(String),
    /// An empty cell, or one holding a blank marker (「-」, 「/」, 「无」).
    Blank,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub piece: Piece,
    /// The grid row and column the token stands in (text cut from one cell shares it).
    pub row: u32,
    pub col: u32,
}

impl Token {
    pub fn text(&self) -> Option<&str> {
        match &self.piece {
            Piece::Text(t) => Some(t),
            _ => None,
        }
    }

    pub fn is_figure(&self) -> bool {
        matches!(self.piece, Piece::Figures(_))
    }

    pub fn location(&self, grid: &Grid) -> Location {
        Location::Sheet {
            sheet: grid.sheet.clone(),
            row: self.row,
            col: self.col,
        }
    }
}

/// The most columns between two cells of a row that still stand for blank cells; wider
/// gaps are layout (a text reader puts a label at column 0 and its figures at column 40).
const MAX_BLANK_RUN: u32 = 7;

/// The grid in reading order, row by row: every cell, text cut into its pieces, and the
/// empty cells between two cells of a row.
pub fn tokens(grid: &Grid) -> Vec<Token> {
    let mut out = Vec::new();
    for (&row, cells) in &grid.rows {
        let mut previous: Option<u32> = None;
        for (col, content) in cells {
            if let Some(p) = previous {
                let gap = col - p - 1;
                if gap > 0 && gap <= MAX_BLANK_RUN {
                    for c in p + 1..*col {
                        out.push(Token {
                            piece: Piece::Blank,
                            row,
                            col: c,
                        });
                    }
                }
            }
            previous = Some(*col);
            let token = |piece| Token {
                piece,
                row,
                col: *col,
            };
            match content {
                Content::Number(n) => {
                    out.push(token(Piece::Figures(crate::model::Num(*n).to_string())))
                }
                Content::Run(t) => out.push(token(Piece::Figures(t.trim().to_string()))),
                Content::Text(t) => {
                    if labels::parse_number_text(t) == Value::Blank {
                        out.push(token(Piece::Blank));
                        continue;
                    }
                    let mut pieces = cut(t);
                    // 「1」 | 「.属于国家秘密」: a numbering drawn apart from its label (a
                    // browser's print) goes back to it.
                    if let (Some(Piece::Text(first)), Some(previous)) =
                        (pieces.first_mut(), out.last())
                        && previous.row == row
                        && first.starts_with(['.', '、'])
                        && let Piece::Figures(n) = &previous.piece
                        && n.len() <= 2
                        && n.chars().all(|c| c.is_ascii_digit())
                    {
                        *first = format!("{n}{first}");
                        out.pop();
                    }
                    out.extend(pieces.into_iter().map(token));
                }
            }
        }
        // A row of figures ending short of [`ROW_END`] ends in blank cells (a 总计 left
        // empty); a table's row needs them, or has them as padding.
        let figures = out
            .iter()
            .rev()
            .take_while(|t| t.row == row)
            .any(Token::is_figure);
        if let Some(last) = previous
            && figures
            && last < ROW_END
            && ROW_END - last <= MAX_BLANK_RUN
        {
            for col in last + 1..=ROW_END {
                out.push(Token {
                    piece: Piece::Blank,
                    row,
                    col,
                });
            }
        }
    }
    out
}

/// Characters that, right after a figure, make it a quantity or a date in text (「2023年」,
/// 「70件」, 「第711号」), not a table's figure.
const UNITS: &str = "年月日号时分秒件条个项类人次户元万亿千百%‰篇期份家名起宗例批场届";

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Cut one text cell into text and figures.
///
/// A stretch of digits (with spaces, a decimal point or a leading minus among them) is
/// figures unless the text makes it part of itself: a unit or date after it, a letter or
/// 「数据」 before it (a converter's 「数据1」), a bracket around it (「(1)」). A stretch
/// followed by 「.」 or 「、」 and a label ends in that label's numbering: its last digit
/// goes back to the text.
pub fn cut(text: &str) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut words = String::new();
    let mut i = 0;
    let starts = |k: usize| {
        chars.get(k).is_some_and(|c| is_digit(*c))
            || (chars.get(k) == Some(&'-')
                && chars.get(k + 1).is_some_and(|c| is_digit(*c))
                && (k == 0 || chars[k - 1].is_whitespace()))
    };
    while i < chars.len() {
        if !starts(i) {
            words.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() {
            let c = chars[j];
            let next_digit = chars.get(j + 1).is_some_and(|c| is_digit(*c));
            let ok = is_digit(c)
                || (matches!(c, '.' | '．') && is_digit(chars[j - 1]) && next_digit)
                // 「120 -3 2345」: a negative figure among spaced ones (2019's 本年增/减).
                || (c == '-' && chars[j - 1] == ' ' && next_digit)
                // 「1,030」: a thousands separator before exactly three digits.
                || (matches!(c, ',' | '，')
                    && is_digit(chars[j - 1])
                    && (j + 1..j + 4).all(|k| chars.get(k).is_some_and(|c| is_digit(*c)))
                    && !chars.get(j + 4).is_some_and(|c| is_digit(*c)))
                || (c == ' '
                    && (j + 1..chars.len())
                        .find(|&k| chars[k] != ' ')
                        .is_some_and(starts));
            if !ok {
                break;
            }
            j += 1;
        }
        let before = words.trim_end().chars().last();
        let after = chars[j..].iter().find(|c| !c.is_whitespace()).copied();
        let after_next = chars[j..]
            .iter()
            .filter(|c| !c.is_whitespace())
            .nth(1)
            .copied();
        let stretch: String = chars[i..j].iter().collect();
        // Money keeps its unit and stays a figure (「251.6万元」, 「251000元」), as in a cell.
        let money = after == Some('元') || (after == Some('万') && after_next == Some('元'));
        let in_words = (after.is_some_and(|c| UNITS.contains(c)) && !money)
            || before.is_some_and(|c| {
                c.is_ascii_alphabetic() || matches!(c, '(' | '（' | '第' | '-' | '/')
            })
            || words.trim_end().ends_with("数据")
            || after.is_some_and(|c| matches!(c, ')' | '）' | '/' | ':' | '：' | '-'))
            || after.is_some_and(|c| c.is_ascii_alphabetic());
        let numbering = matches!(after, Some('.' | '．' | '、'))
            && after_next.is_some_and(|c| is_cjk(c) || matches!(c, '“' | '"' | '（' | '('));
        if in_words {
            words.push_str(&stretch);
        } else if numbering {
            // 「00000002.其他…」: seven figures, then the numbering 「2.」.
            let digits = stretch.trim_end();
            let cut_at = digits.char_indices().last().map_or(0, |(k, _)| k);
            let (figures, number) = digits.split_at(cut_at);
            let figures = figures.trim_end();
            if !figures.is_empty() {
                flush(&mut words, &mut pieces);
                pieces.push(Piece::Figures(figures.to_string()));
            }
            words.push_str(number);
        } else {
            flush(&mut words, &mut pieces);
            pieces.push(Piece::Figures(stretch.trim().to_string()));
        }
        i = j;
    }
    flush(&mut words, &mut pieces);
    pieces
}

fn flush(words: &mut String, pieces: &mut Vec<Piece>) {
    // Markdown's heading and emphasis marks are no part of a label.
    let n = labels::normalise(words);
    let n = n.trim_matches(|c| matches!(c, '#' | '*' | '>'));
    if !n.is_empty() {
        pieces.push(Piece::Text(n.to_string()));
    }
    words.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str) -> Vec<String> {
        cut(text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t,
                Piece::Figures(f) => format!("#{f}"),
                Piece::Blank => "_".into(),
            })
            .collect()
    }

    #[test]
    fn labels_and_figures_run_together_are_cut_apart() {
        assert_eq!(
            shown("规章 000行政规范性文件693665第二十条第（五）项"),
            [
                "规章",
                "#000",
                "行政规范性文件",
                "#693665",
                "第二十条第(五)项"
            ]
        );
        assert_eq!(
            shown("（二）部分公开（区分处理的，只计这一情形，不计其他情形）500000 5（三）不予公开"),
            [
                "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                "#500000 5",
                "(三)不予公开"
            ]
        );
    }

    #[test]
    fn a_numbering_glued_to_figures_goes_back_to_its_label() {
        assert_eq!(
            shown("1.属于国家秘密00000002.其他法律行政法规禁止公开"),
            ["1.属于国家秘密", "#0000000", "2.其他法律行政法规禁止公开"]
        );
    }

    #[test]
    fn quantities_dates_and_headers_stay_text() {
        assert_eq!(shown("共收到70件申请"), ["共收到70件申请"]);
        assert_eq!(shown("2023 年 1 月 1 日"), ["2023年1月1日"]);
        assert_eq!(shown("数据1"), ["数据1"]);
        assert_eq!(shown("国令第 711 号"), ["国令第711号"]);
        assert_eq!(
            shown("收费金额24252.311082三、"),
            ["收费金额", "#24252.311082", "三、"]
        );
    }
}
