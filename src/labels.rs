//! Normalisation of the text found in reports (SPEC §5), shared by every reader: labels are
//! matched, and number cells parsed, only after it.

use crate::layout::Match;
use crate::model::{Num, Value};

/// Normalise text for matching: drop all whitespace (U+3000 and NBSP included) and
/// zero-width characters, fold full-width ASCII to half-width, and unify quotes and brackets.
pub fn normalise(text: &str) -> String {
    normalised(text).into_owned()
}

/// [`normalise`] without a copy when there is nothing to change, as for most cells.
pub fn normalised(text: &str) -> std::borrow::Cow<'_, str> {
    let Some(first) = text
        .char_indices()
        .find(|&(_, ch)| changes(ch))
        .map(|(i, _)| i)
    else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..first]);
    for ch in text[first..].chars() {
        if let Some(ch) = replacement(ch) {
            out.push(ch);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether [`normalise`] drops or replaces the character.
fn changes(ch: char) -> bool {
    // Han characters, most of every label, never change.
    if ('\u{4E00}'..='\u{9FFF}').contains(&ch) {
        return false;
    }
    // Below U+2000 only ASCII quotes, fullwidth forms and white space change.
    if (ch as u32) < 0x80 {
        return ch == '\'' || ch.is_ascii_whitespace() || ch.is_whitespace();
    }
    replacement(ch) != Some(ch)
}

/// What a character becomes in a normalised label: `None` when it is dropped.
fn replacement(ch: char) -> Option<char> {
    if ch.is_whitespace() || matches!(ch, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}') {
        return None;
    }
    Some(match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        '“' | '”' | '„' | '‟' | '「' | '」' | '『' | '』' | '‘' | '’' | '\'' | '″' => {
            '"'
        }
        '〔' | '【' => '[',
        '〕' | '】' => ']',
        '﹙' => '(',
        '﹚' => ')',
        _ => ch,
    })
}

/// A digit or a Chinese numeral of a label's numbering (一 to 十).
pub(crate) fn is_numeral(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        )
}

/// Drop a leading numbering (「(一)」, 「一、」, 「1.」, 「1、」) from normalised text; the
/// position of a row is taken from where it stands, the numbering only helps humans.
pub fn strip_numbering(text: &str) -> &str {
    let mut s = text;
    loop {
        let before = s;
        if let Some(rest) = s.strip_prefix('(') {
            if let Some(end) = rest.find(')') {
                let inner = &rest[..end];
                if !inner.is_empty() && inner.chars().all(is_numeral) {
                    s = &rest[end + 1..];
                }
            }
        } else {
            let digits: usize = s
                .char_indices()
                .take_while(|(_, c)| is_numeral(*c))
                .map(|(i, c)| i + c.len_utf8())
                .last()
                .unwrap_or(0);
            if digits > 0 {
                let rest = &s[digits..];
                if let Some(r) = rest
                    .strip_prefix('、')
                    .or_else(|| rest.strip_prefix('.'))
                    .or_else(|| rest.strip_prefix(')'))
                {
                    s = r;
                }
            }
        }
        if s == before {
            return s;
        }
    }
}

/// The label as matched: normalised, numbering dropped.
pub fn label_text(raw: &str) -> String {
    strip_numbering(&normalised(raw)).to_string()
}

/// Whether a normalised, numbering-stripped label satisfies a layout match.
pub fn matches(label: &str, m: Match) -> bool {
    match m {
        Match::Exact(p) => label == p,
        Match::Contains(p) => label.contains(p),
    }
}

/// Whether a header cell's text names a column: equal to, or starting with, one of its
/// header phrases (「本年收费金额(单位:万元)」 starts with 「本年收费金额」).
pub fn header_matches(label: &str, headers: &[&str]) -> bool {
    headers.iter().any(|h| label == *h || label.starts_with(h))
}

/// How alike two labels are, from 0 to 1: one minus the character edit distance over the
/// longer length. 「其他法律行政止公开」 against 「其他法律行政法规禁止公开」 is 0.75. Exact from
/// one half up; below, it may be a bound above the true value.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    similarity_chars(&a, &b)
}

/// [`similarity`] of labels already split into characters (the statutory wordings are, once
/// with their layout); two rows of the edit-distance table, on the stack for labels of up to
/// 63 characters.
pub fn similarity_chars(a: &[char], b: &[char]) -> f64 {
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let shortest = a.len().min(b.len());
    if shortest * 2 < longest {
        return shortest as f64 / longest as f64;
    }
    let mut stack = [[0usize; 64]; 2];
    let mut heap: [Vec<usize>; 2];
    let (previous, current) = if b.len() < 64 {
        let [p, c] = &mut stack;
        (&mut p[..=b.len()], &mut c[..=b.len()])
    } else {
        heap = [vec![0; b.len() + 1], vec![0; b.len() + 1]];
        let [p, c] = &mut heap;
        (&mut p[..], &mut c[..])
    };
    for (j, cell) in previous.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous.copy_from_slice(current);
    }
    1.0 - previous[b.len()] as f64 / longest as f64
}

/// Every 「2023年」 in a text: the character index and the year (four ASCII digits followed by
/// 年, not part of a longer number). Titles and opening sentences are read with it.
pub fn years_in(text: &str) -> impl Iterator<Item = (usize, i32)> + '_ {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(4)).filter_map(move |i| {
        let digits = &chars[i..i + 4];
        let year = digits.iter().all(char::is_ascii_digit)
            && chars.get(i + 4) == Some(&'年')
            && (i == 0 || !chars[i - 1].is_ascii_digit());
        if !year {
            return None;
        }
        digits
            .iter()
            .collect::<String>()
            .parse()
            .ok()
            .map(|y| (i, y))
    })
}

/// Text that stands for an empty cell in real reports.
const BLANK_MARKERS: &[&str] = &["-", "--", "—", "——", "–", "/", "\\", "无", "空", "~"];

/// Units clerks type after a figure (「251000元」, 「12件」); the figure is kept.
const UNITS: &[&str] = &["万元", "元", "件", "条", "个", "项", "次", "人", "份", "宗"];

/// Parse the text of a number cell (SPEC §5): `"12 "`, `"１２"`, `"1,234"`, `"22(其中修订16件)"`
/// and `"251000元"` are numbers; `""`, `"—"`, `"/"`, `"无"` are blank; anything else is text.
pub fn parse_number_text(raw: &str) -> Value {
    parse_normalised(raw, &normalised(raw))
}

/// A text cell read once: what it holds as a figure, and its label when it is text.
pub fn classify(raw: &str) -> (Value, Option<String>) {
    let (value, label) = classify_in_place(raw);
    (value, label.map(|l| l.into_owned()))
}

/// [`classify`] without a copy of a label that is the end of the raw text itself (most
/// labels: nothing to normalise, at most a numbering to drop).
pub fn classify_in_place(raw: &str) -> (Value, Option<std::borrow::Cow<'_, str>>) {
    let n = normalised(raw);
    let value = parse_normalised(raw, &n);
    if value != Value::Text {
        return (value, None);
    }
    let label = match &n {
        std::borrow::Cow::Borrowed(text) => std::borrow::Cow::Borrowed(strip_numbering(text)),
        std::borrow::Cow::Owned(text) => std::borrow::Cow::Owned(strip_numbering(text).to_string()),
    };
    (value, Some(label))
}

/// [`parse_number_text`] on text already normalised (`n`), with the raw text for the checks
/// that need its spacing.
fn parse_normalised(raw: &str, n: &str) -> Value {
    if n.is_empty() || BLANK_MARKERS.contains(&n) {
        return Value::Blank;
    }
    // No digit, no figure (nor two run together): most cells are labels.
    if !n.bytes().any(|b| b.is_ascii_digit()) {
        return Value::Text;
    }
    // 「5 1」 is two figures run together (a PDF conversion), not 51.
    if digits_split_by_space(raw) {
        return Value::Text;
    }
    let Some(n) = strip_thousands(n) else {
        return Value::Text;
    };
    if let Some(v) = parse_plain(&n) {
        return Value::Number(Num(v));
    }
    // A figure followed by a note in brackets: the figure is the number.
    if let Some(idx) = n.find('(')
        && n.ends_with(')')
        && let Some(v) = parse_plain(&n[..idx])
    {
        return Value::Number(Num(v));
    }
    for unit in UNITS {
        if let Some(head) = n.strip_suffix(unit)
            && let Some(v) = parse_plain(head)
        {
            return Value::Number(Num(v));
        }
    }
    Value::Text
}

/// A plain decimal: optional sign, digits, at most one point, at most 15 digits (beyond
/// that f64 is not exact and no report counts so high). Rejects `inf`, `NaN`, `1e5`.
fn parse_plain(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.is_empty() || body.starts_with('.') || body.ends_with('.') {
        return None;
    }
    if !body.chars().all(|c| c.is_ascii_digit() || c == '.') || body.matches('.').count() > 1 {
        return None;
    }
    if body.chars().filter(char::is_ascii_digit).count() > 15 {
        return None;
    }
    s.parse::<f64>().ok()
}

/// Whether two digits stand apart with only white space between them (「5 1」, 「３　０」).
fn digits_split_by_space(raw: &str) -> bool {
    let mut seen_digit = false;
    let mut gap = false;
    for ch in raw.chars() {
        let digit = ch.is_ascii_digit() || ('０'..='９').contains(&ch);
        if digit {
            if seen_digit && gap {
                return true;
            }
            seen_digit = true;
            gap = false;
        } else if ch.is_whitespace() {
            gap = seen_digit;
        } else {
            seen_digit = false;
            gap = false;
        }
    }
    false
}

/// Remove thousands separators when they group correctly (「1,234」, 「12,345.6」); `None`
/// when a comma stands anywhere else (「5,1」 is two figures, not 51).
fn strip_thousands(n: &str) -> Option<std::borrow::Cow<'_, str>> {
    if !n.contains(',') {
        return Some(std::borrow::Cow::Borrowed(n));
    }
    let body = n.trim_start_matches(['-', '+']);
    let integer = body.split(['.', '(']).next().unwrap_or(body);
    let groups: Vec<&str> = integer.split(',').collect();
    let grouped = !groups[0].is_empty()
        && groups[0].len() <= 3
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    grouped.then(|| std::borrow::Cow::Owned(n.replacen(',', "", groups.len() - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_spaces_widths_quotes_and_brackets() {
        assert_eq!(normalise("商业\n企业"), "商业企业");
        assert_eq!(normalise("（一）予以\u{3000}公开\u{a0}"), "(一)予以公开");
        assert_eq!(normalise("危及“三安全一稳定”"), "危及\"三安全一稳定\"");
        assert_eq!(normalise("１２"), "12");
    }

    #[test]
    fn similarity_of_long_labels_matches_short_ones() {
        // 64 characters and more take the heap rows; the distance is the same.
        let long_a = "其他法律行政法规禁止公开".repeat(6);
        let long_b = "其他法律行政止公开".repeat(6);
        let short = similarity("其他法律行政法规禁止公开", "其他法律行政止公开");
        assert_eq!(similarity(&long_a, &long_b), short);
        assert_eq!(similarity(&long_a, &long_a), 1.0);
    }

    #[test]
    fn normalised_borrows_only_what_needs_no_change() {
        assert!(matches!(
            normalised("予以公开"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            normalised("(一)予以公开"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(normalised("（一）予以\u{3000}公开"), "(一)予以公开");
        assert_eq!(normalised("a\u{000B}b"), "ab");
        assert_eq!(normalised("it's"), "it\"s");
        let (_, label) = classify_in_place("(一)予以公开");
        assert!(matches!(
            label,
            Some(std::borrow::Cow::Borrowed("予以公开"))
        ));
    }

    #[test]
    fn strips_numbering_prefixes() {
        assert_eq!(strip_numbering("(一)予以公开"), "予以公开");
        assert_eq!(strip_numbering("三、本年度办理结果"), "本年度办理结果");
        assert_eq!(strip_numbering("1.属于国家秘密"), "属于国家秘密");
        assert_eq!(strip_numbering("12、其他"), "其他");
        assert_eq!(strip_numbering("(七)总计"), "总计");
        assert_eq!(strip_numbering("规章"), "规章");
        assert_eq!(strip_numbering("一是"), "一是");
    }

    #[test]
    fn measures_label_similarity() {
        assert_eq!(similarity("行政复议", "行政复议"), 1.0);
        assert_eq!(
            similarity("其他法律行政止公开", "其他法律行政法规禁止公开"),
            0.75
        );
        assert!(similarity("行政法复议", "行政复议") >= 0.8);
        assert!(similarity("予以公开", "重复申请") < 0.3);
    }

    #[test]
    fn parses_number_cells_as_clerks_type_them() {
        let num = |v| Value::Number(Num(v));
        assert_eq!(parse_number_text("12 "), num(12.0));
        assert_eq!(parse_number_text("１２"), num(12.0));
        assert_eq!(parse_number_text("1,234"), num(1234.0));
        assert_eq!(parse_number_text("1,234,567.5"), num(1234567.5));
        assert_eq!(parse_number_text("22（其中修订16件）"), num(22.0));
        assert_eq!(parse_number_text("251000元"), num(251000.0));
        assert_eq!(parse_number_text("-3"), num(-3.0));
        assert_eq!(parse_number_text("12.5"), num(12.5));
        for blank in ["", " ", "—", "-", "/", "无", "\u{a0}"] {
            assert_eq!(parse_number_text(blank), Value::Blank, "{blank:?}");
        }
        for text in [
            "三",
            "见附件",
            "inf",
            "NaN",
            "1e5",
            "12..3",
            ".",
            "5 1",
            "３　０",
            "5,1",
            "1,23",
            "1111111111111111",
        ] {
            assert_eq!(parse_number_text(text), Value::Text, "{text:?}");
        }
    }
}
