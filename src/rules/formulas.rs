//! Totals that are spreadsheet formulas (issue 14, point 4): which statutory cells a formula
//! adds up, so that
//! - FORMULA-RANGE can say when a total's `SUM` misses a statutory row or column, or takes in
//!   one it should not ([`formula_range`]);
//! - [`crate::suggest`] can follow a typo in an input cell through the totals computed from
//!   it ([`TableFormulas::effects`]): a leaf typed wrong moves its computed totals along, so
//!   only the balance fails, and the cell to fix is an input, never a total.
//!
//! Not a formula engine: `SUM` of cells and ranges, cells added or subtracted, numbers and
//! brackets, nested as deep as wanted. Anything else (`SUMIF`, `*`, a reference to another
//! workbook) leaves the formula unread, and nothing is said about it.

use std::collections::{BTreeMap, HashMap};

use super::arithmetic::{Equation, Term};
use super::{Rule, Subject, cell_name, cell_ref};
use crate::findings::Finding;
use crate::lang::Lang;
use crate::layout::TableId;
use crate::model::{Location, Table, a1};

/// The most cells one range may span before the formula is left unread.
const MAX_RANGE: u64 = 10_000;

/// A piece of a formula's text.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// A cell: zero-based row and column, `$` marks, and the sheet when named.
    Ref {
        sheet: Option<String>,
        row: u32,
        col: u32,
        row_abs: bool,
        col_abs: bool,
    },
    Name(String),
    Num(String),
    Str(String),
    Sym(char),
}

fn is_symbol(c: char) -> bool {
    c.is_whitespace() || "+-*/^&=<>(),;:!%\"'[]{}".contains(c)
}

/// `$D$13`, `d13`: a cell reference.
fn parse_ref(word: &str) -> Option<(u32, u32, bool, bool)> {
    let (col_abs, rest) = match word.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, word),
    };
    let letters = rest.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let (cols, rest) = rest.split_at(letters);
    let (row_abs, digits) = match rest.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if digits.is_empty() || digits.len() > 7 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    let col = cols.chars().fold(0u32, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    });
    if row == 0 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1, row_abs, col_abs))
}

fn reference(sheet: Option<String>, word: &str) -> Option<Tok> {
    let (row, col, row_abs, col_abs) = parse_ref(word)?;
    Some(Tok::Ref {
        sheet,
        row,
        col,
        row_abs,
        col_abs,
    })
}

/// A formula's pieces; `None` when it cannot even be cut into pieces.
fn tokens(text: &str) -> Option<Vec<Tok>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let word_at = |i: &mut usize| {
        let start = *i;
        while *i < chars.len() && !is_symbol(chars[*i]) {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '"' || c == '\'' {
            // A string, or a quoted sheet name ('' and "" stand for the quote itself).
            let mut s = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => return None,
                    Some(&q) if q == c && chars.get(i + 1) == Some(&c) => {
                        s.push(c);
                        i += 2;
                    }
                    Some(&q) if q == c => {
                        i += 1;
                        break;
                    }
                    Some(&q) => {
                        s.push(q);
                        i += 1;
                    }
                }
            }
            if c == '"' {
                out.push(Tok::Str(s));
            } else {
                if chars.get(i) != Some(&'!') {
                    return None;
                }
                i += 1;
                out.push(reference(Some(s), &word_at(&mut i))?);
            }
        } else if c == '[' {
            // OpenDocument: [.D13:.D29], [$表三.D13].
            let end = chars[i..].iter().position(|&x| x == ']')? + i;
            let inner: String = chars[i + 1..end].iter().collect();
            for (n, part) in inner.split(':').enumerate() {
                if n > 0 {
                    out.push(Tok::Sym(':'));
                }
                let (sheet, cell) = part.rsplit_once('.')?;
                let sheet = sheet.trim_start_matches('$').trim_matches('\'');
                let sheet = (!sheet.is_empty()).then(|| sheet.to_string());
                out.push(reference(sheet, cell)?);
            }
            i = end + 1;
        } else if c.is_ascii_digit() || c == '.' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            out.push(Tok::Num(chars[start..i].iter().collect()));
        } else if is_symbol(c) {
            out.push(Tok::Sym(c));
            i += 1;
        } else {
            let word = word_at(&mut i);
            if chars.get(i) == Some(&'!') {
                i += 1;
                out.push(reference(Some(word), &word_at(&mut i))?);
            } else if chars.get(i) != Some(&'(')
                && let Some(r) = reference(None, &word)
            {
                out.push(r);
            } else {
                out.push(Tok::Name(word));
            }
        }
    }
    Some(out)
}

fn render(tokens: &[Tok]) -> String {
    let mut s = String::new();
    for t in tokens {
        match t {
            Tok::Ref {
                sheet,
                row,
                col,
                row_abs,
                col_abs,
            } => {
                if let Some(sheet) = sheet {
                    s.push_str(&format!("'{}'!", sheet.replace('\'', "''")));
                }
                let cell = a1(*row, *col);
                let split = cell.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                let (letters, digits) = cell.split_at(split);
                s.push_str(&format!(
                    "{}{letters}{}{digits}",
                    if *col_abs { "$" } else { "" },
                    if *row_abs { "$" } else { "" }
                ));
            }
            Tok::Name(n) | Tok::Num(n) => s.push_str(n),
            Tok::Str(x) => s.push_str(&format!("\"{}\"", x.replace('"', "\"\""))),
            Tok::Sym(c) => s.push(*c),
        }
    }
    s
}

/// A shared formula's text as it stands in a cell `rows` and `cols` away from its anchor:
/// relative references move, `$` ones stay (`SUM(D13:I13)` one row down: `SUM(D14:I14)`).
pub fn shift(formula: &str, rows: i64, cols: i64) -> Option<String> {
    let mut toks = tokens(formula)?;
    for t in &mut toks {
        if let Tok::Ref {
            row,
            col,
            row_abs,
            col_abs,
            ..
        } = t
        {
            if !*row_abs {
                *row = u32::try_from(i64::from(*row) + rows).ok()?;
            }
            if !*col_abs {
                *col = u32::try_from(i64::from(*col) + cols).ok()?;
            }
        }
    }
    Some(render(&toks))
}

/// A cell a formula names: its sheet (`None`: the formula's own), row and column.
pub type Place = (Option<String>, u32, u32);

/// What a formula computes: each cell it names times its weight, plus a constant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Linear {
    pub cells: BTreeMap<Place, f64>,
    pub constant: f64,
}

/// A formula of sums read into its cells and weights; `None` for anything else.
pub fn parse(formula: &str) -> Option<Linear> {
    let text = formula.trim();
    let text = text.strip_prefix("of:").unwrap_or(text);
    let text = text.strip_prefix('=').unwrap_or(text);
    let toks = tokens(text)?;
    let mut p = Parser {
        toks: &toks,
        at: 0,
        out: Linear::default(),
    };
    p.expr(1.0)?;
    (p.at == toks.len()).then_some(p.out)
}

struct Parser<'a> {
    toks: &'a [Tok],
    at: usize,
    out: Linear,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Sym(c)) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self, sign: f64) -> Option<()> {
        self.unary(sign)?;
        loop {
            if self.eat('+') {
                self.unary(sign)?;
            } else if self.eat('-') {
                self.unary(-sign)?;
            } else {
                return Some(());
            }
        }
    }

    fn unary(&mut self, mut sign: f64) -> Option<()> {
        loop {
            if self.eat('-') {
                sign = -sign;
            } else if !self.eat('+') {
                break;
            }
        }
        match self.peek()?.clone() {
            Tok::Num(n) => {
                self.at += 1;
                self.out.constant += sign * n.parse::<f64>().ok()?;
            }
            Tok::Ref { .. } => self.cells(sign, false)?,
            Tok::Name(name) if name.eq_ignore_ascii_case("SUM") => {
                self.at += 1;
                if !self.eat('(') {
                    return None;
                }
                if !self.eat(')') {
                    loop {
                        if matches!(self.peek(), Some(Tok::Ref { .. }))
                            && self.toks.get(self.at + 1) == Some(&Tok::Sym(':'))
                        {
                            self.cells(sign, true)?;
                        } else {
                            self.expr(sign)?;
                        }
                        if !(self.eat(',') || self.eat(';')) {
                            break;
                        }
                    }
                    if !self.eat(')') {
                        return None;
                    }
                }
            }
            Tok::Sym('(') => {
                self.at += 1;
                self.expr(sign)?;
                if !self.eat(')') {
                    return None;
                }
            }
            _ => return None,
        }
        Some(())
    }

    /// A cell, or (inside `SUM`) a range of cells.
    fn cells(&mut self, sign: f64, range: bool) -> Option<()> {
        let Some(Tok::Ref {
            sheet, row, col, ..
        }) = self.peek().cloned()
        else {
            return None;
        };
        self.at += 1;
        let (mut r1, mut c1) = (row, col);
        if range {
            if !self.eat(':') {
                return None;
            }
            let Some(Tok::Ref {
                sheet: s2,
                row: r,
                col: c,
                ..
            }) = self.peek().cloned()
            else {
                return None;
            };
            self.at += 1;
            if s2.is_some() && s2 != sheet {
                return None;
            }
            (r1, c1) = (r, c);
        }
        let (rows, cols) = (row.min(r1)..=row.max(r1), col.min(c1)..=col.max(c1));
        let area =
            u64::from(rows.end() - rows.start() + 1) * u64::from(cols.end() - cols.start() + 1);
        if area > MAX_RANGE {
            return None;
        }
        for r in rows {
            for c in cols.clone() {
                *self.out.cells.entry((sheet.clone(), r, c)).or_default() += sign;
            }
        }
        Some(())
    }
}

/// The formulas of one table's cells, read over the table's own cells: what each computed
/// cell adds up, among the statutory cells (other cells a formula names count as constants).
pub struct TableFormulas<'a> {
    table: &'a Table,
    /// Formula cells: the statutory cells each adds up, with their weights; `None` for a
    /// formula that is not a sum.
    sums: BTreeMap<Term, Option<Vec<(Term, f64)>>>,
}

impl<'a> TableFormulas<'a> {
    pub fn new(table: &'a Table) -> TableFormulas<'a> {
        let mut sums = BTreeMap::new();
        // Most tables are typed figures: no position map to build.
        if table.cells().all(|(_, _, cell)| cell.formula.is_none()) {
            return TableFormulas { table, sums };
        }
        let mut at: HashMap<(&str, u32, u32), Term> = HashMap::new();
        for (row, col, cell) in table.cells() {
            if let Some(Location::Sheet {
                sheet,
                row: r,
                col: c,
            }) = &cell.location
            {
                at.insert((sheet, *r, *c), (row.key, col.key));
            }
        }
        for (row, col, cell) in table.cells() {
            let Some(formula) = &cell.formula else {
                continue;
            };
            let own = match &cell.location {
                Some(Location::Sheet { sheet, .. }) => Some(&**sheet),
                _ => None,
            };
            let sum = parse(formula).and_then(|linear| {
                let mut terms: Vec<(Term, f64)> = Vec::new();
                for ((sheet, r, c), w) in linear.cells {
                    let sheet = sheet.as_deref().or(own)?;
                    if let Some(term) = at.get(&(sheet, r, c)) {
                        terms.push((*term, w));
                    }
                }
                Some(terms)
            });
            sums.insert((row.key, col.key), sum);
        }
        TableFormulas { table, sums }
    }

    /// Whether any cell of the table is a formula.
    pub fn any(&self) -> bool {
        !self.sums.is_empty()
    }

    pub fn is_formula(&self, term: Term) -> bool {
        self.sums.contains_key(&term)
    }

    /// The statutory cells a formula cell adds up, with their weights (as written, not
    /// expanded through other formulas); `None` for a typed cell or a formula not a sum.
    pub fn direct(&self, term: Term) -> Option<&[(Term, f64)]> {
        self.sums.get(&term)?.as_deref()
    }

    /// What a cell comes to in the table's input cells: itself for an input, its formula
    /// expanded through the formulas it names for a computed one; `None` through a formula
    /// that is not a sum, or a circular one.
    pub fn expanded(&self, term: Term) -> Option<BTreeMap<Term, f64>> {
        self.expand(term, 0)
    }

    fn expand(&self, term: Term, depth: usize) -> Option<BTreeMap<Term, f64>> {
        if depth > 16 {
            return None;
        }
        let mut out = BTreeMap::new();
        match self.sums.get(&term) {
            None => {
                out.insert(term, 1.0);
            }
            Some(None) => return None,
            Some(Some(terms)) => {
                for (t, w) in terms {
                    for (leaf, v) in self.expand(*t, depth + 1)? {
                        *out.entry(leaf).or_default() += w * v;
                    }
                }
                out.retain(|_, v| *v != 0.0);
            }
        }
        Some(out)
    }

    /// What changing one input cell by 1 does to the table: +1 on itself, and on every
    /// computed cell what it computes from it. `None` when a formula of the table is not a
    /// sum (what it does cannot be told), or the cell is itself computed.
    pub fn effects(&self, input: Term) -> Option<Vec<(Term, f64)>> {
        if self.is_formula(input) {
            return None;
        }
        let mut out = vec![(input, 1.0)];
        for &computed in self.sums.keys() {
            let w = self.expanded(computed)?.get(&input).copied().unwrap_or(0.0);
            if w != 0.0 {
                out.push((computed, w));
            }
        }
        Some(out)
    }

    /// A cell's address as the sheet shows it (`D13`), with its sheet when `other` than
    /// the one given.
    fn address(&self, term: Term, sheet: Option<&str>) -> Option<String> {
        match &self.table.get(term.0, term.1)?.location {
            Some(Location::Sheet { sheet: s, row, col }) if Some(&**s) == sheet => {
                Some(a1(*row, *col))
            }
            Some(loc) => loc.address(),
            None => None,
        }
    }
}

/// FORMULA-RANGE: a total computed by a formula must add up exactly the cells its statutory
/// equation names. Each total is judged against every equation it is the total of (表三
/// (七)总计/总计 is both the sum of its column and of its row): a formula that fits one of
/// them, as written or expanded through the formulas it names, is right.
pub(super) fn formula_range(rule: &Rule, subject: &Subject, out: &mut Vec<Finding>) {
    for id in [TableId::T3, TableId::T4] {
        let Some(table) = subject.report.table(id) else {
            continue;
        };
        let formulas = TableFormulas::new(table);
        if !formulas.any() {
            continue;
        }
        let mut totals: Vec<(Term, Vec<&Equation>)> = Vec::new();
        for eq in subject.equations.iter().filter(|e| e.table == id) {
            let [total] = eq.actual[..] else { continue };
            match totals.iter_mut().find(|(t, _)| *t == total) {
                Some((_, eqs)) => eqs.push(eq),
                None => totals.push((total, vec![eq])),
            }
        }
        for (total, eqs) in totals {
            if let Some(finding) = judge(rule, table, &formulas, total, &eqs, subject.lang) {
                out.push(finding);
            }
        }
    }
}

fn judge(
    rule: &Rule,
    table: &Table,
    formulas: &TableFormulas,
    total: Term,
    eqs: &[&Equation],
    lang: Lang,
) -> Option<Finding> {
    let direct = formulas.direct(total)?;
    let cell = table.get(total.0, total.1)?;
    let sheet = match &cell.location {
        Some(Location::Sheet { sheet, .. }) => Some(&**sheet),
        _ => None,
    };
    let weights = |terms: &[(Term, f64)]| -> BTreeMap<Term, f64> {
        let mut m = BTreeMap::new();
        for (t, w) in terms {
            *m.entry(*t).or_insert(0.0) += w;
        }
        m.retain(|_, w| *w != 0.0);
        m
    };
    let written = weights(direct);
    let expanded = formulas.expanded(total);
    let fits = |eq: &Equation| {
        // Every cell of the equation must stand in the sheet, or the formula cannot name it.
        if eq
            .expected
            .iter()
            .any(|t| formulas.address(*t, sheet).is_none())
        {
            return true;
        }
        let want = weights(&eq.expected.iter().map(|t| (*t, 1.0)).collect::<Vec<_>>());
        if written == want {
            return true;
        }
        let mut want_leaves = BTreeMap::new();
        for t in &eq.expected {
            let Some(leaves) = formulas.expanded(*t) else {
                return true;
            };
            for (leaf, w) in leaves {
                *want_leaves.entry(leaf).or_insert(0.0) += w;
            }
        }
        want_leaves.retain(|_, w: &mut f64| *w != 0.0);
        expanded.as_ref().is_some_and(|e| *e == want_leaves)
    };
    if eqs.iter().any(|eq| fits(eq)) {
        return None;
    }
    let eq = eqs[0];
    let layout = table.layout();
    let label = |t: Term| -> String {
        let at = formulas
            .address(t, sheet)
            .unwrap_or_else(|| format!("{}.{}", t.0, t.1));
        match layout
            .row(t.0)
            .zip(layout.row(t.0).and_then(|r| r.column(t.1)))
        {
            Some((r, _)) if eq.expected.iter().all(|e| e.1 == t.1) => match lang {
                Lang::Zh => format!("{at}({})", r.label_zh),
                Lang::En => format!("{at} ({})", r.label_en),
            },
            Some((_, c)) if eq.expected.iter().all(|e| e.0 == t.0) => match lang {
                Lang::Zh => format!("{at}({})", c.label_zh),
                Lang::En => format!("{at} ({})", c.label_en),
            },
            Some((r, c)) => match lang {
                Lang::Zh => format!("{at}({}/{})", r.label_zh, c.label_zh),
                Lang::En => format!("{at} ({} / {})", r.label_en, c.label_en),
            },
            None => at,
        }
    };
    let sep = lang.pick("、", ", ");
    let missing: Vec<Term> = eq
        .expected
        .iter()
        .copied()
        .filter(|t| !written.contains_key(t))
        .collect();
    let extra: Vec<Term> = written
        .keys()
        .copied()
        .filter(|t| !eq.expected.contains(t))
        .collect();
    let twice: Vec<(Term, f64)> = written
        .iter()
        .filter(|(t, w)| eq.expected.contains(t) && **w != 1.0)
        .map(|(t, w)| (*t, *w))
        .collect();
    let mut what = Vec::new();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|t| label(*t))
            .collect::<Vec<_>>()
            .join(sep);
        what.push(match lang {
            Lang::Zh => format!("漏了 {list}"),
            Lang::En => format!("leaves out {list}"),
        });
    }
    if !extra.is_empty() {
        let list = extra
            .iter()
            .map(|t| label(*t))
            .collect::<Vec<_>>()
            .join(sep);
        what.push(match lang {
            Lang::Zh => format!("多算了 {list}"),
            Lang::En => format!("also takes in {list}"),
        });
    }
    for (t, w) in &twice {
        what.push(match lang {
            Lang::Zh => format!("把 {} 算作 {} 倍", label(*t), super::num(*w)),
            Lang::En => format!("counts {} {} times", label(*t), super::num(*w)),
        });
    }
    if what.is_empty() {
        return None;
    }
    let should = cover(formulas, &eq.expected, sheet, lang);
    let (row, col) = (layout.row(total.0)?, layout.row(total.0)?.column(total.1)?);
    let args = [
        ("cell", cell_name(table.id, row, col, Some(cell), lang)),
        (
            "formula",
            format!("={}", cell.formula.as_deref().unwrap_or("")),
        ),
        ("what", what.join(lang.pick(",", "; "))),
        ("should", should),
    ];
    let mut refs = vec![cell_ref(table.id, total.0, total.1, Some(cell))];
    for t in missing.iter().chain(&extra) {
        refs.push(cell_ref(table.id, t.0, t.1, table.get(t.0, t.1)));
    }
    Some(rule.finding(table.id, refs, lang, &args))
}

/// The cells an equation adds up, as a range when they stand in one line (`D13:D29`).
fn cover(formulas: &TableFormulas, cells: &[Term], sheet: Option<&str>, lang: Lang) -> String {
    let places: Vec<(u32, u32)> = cells
        .iter()
        .filter_map(|t| match &formulas.table.get(t.0, t.1)?.location {
            Some(Location::Sheet { row, col, .. }) => Some((*row, *col)),
            _ => None,
        })
        .collect();
    let line = |v: Vec<u32>| {
        let mut v = v;
        v.sort_unstable();
        v.windows(2).all(|w| w[1] == w[0] + 1)
    };
    if places.len() == cells.len() && places.len() > 1 {
        let (first, last) = (
            *places.iter().min().expect("cells"),
            *places.iter().max().expect("cells"),
        );
        let one_col =
            places.iter().all(|p| p.1 == first.1) && line(places.iter().map(|p| p.0).collect());
        let one_row =
            places.iter().all(|p| p.0 == first.0) && line(places.iter().map(|p| p.1).collect());
        if one_col || one_row {
            return format!("{}:{}", a1(first.0, first.1), a1(last.0, last.1));
        }
    }
    cells
        .iter()
        .filter_map(|t| formulas.address(*t, sheet))
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(formula: &str) -> Vec<(String, f64)> {
        parse(formula)
            .unwrap()
            .cells
            .into_iter()
            .map(|((s, r, c), w)| {
                let at = a1(r, c);
                (s.map_or(at.clone(), |s| format!("{s}!{at}")), w)
            })
            .collect()
    }

    #[test]
    fn sums_ranges_and_plain_additions_are_read() {
        assert_eq!(
            cells("SUM(D13:D15)"),
            [
                ("D13".into(), 1.0),
                ("D14".into(), 1.0),
                ("D15".into(), 1.0)
            ]
        );
        assert_eq!(
            cells("=D1+$E$1-F1"),
            [("D1".into(), 1.0), ("E1".into(), 1.0), ("F1".into(), -1.0)]
        );
        assert_eq!(
            cells("SUM(D1:E1,SUM(G1),(H1+H1))"),
            [
                ("D1".into(), 1.0),
                ("E1".into(), 1.0),
                ("G1".into(), 1.0),
                ("H1".into(), 2.0)
            ]
        );
        assert_eq!(cells("'表 三'!D3+Sheet1!D4").len(), 2);
        // OpenDocument's syntax, as calamine gives it for .ods.
        assert_eq!(cells("of:=SUM([.D13:.D14])").len(), 2);
        assert_eq!(cells("of:=[.D1]+[$Sheet1.E1]")[1].0, "Sheet1!E1");
    }

    #[test]
    fn anything_but_sums_is_left_unread() {
        for f in [
            "SUMIF(D1:D9,\">0\")",
            "D1*2",
            "AVERAGE(D1:D3)",
            "D1:D3",
            "SUM(A1:XFD1048576)",
            "SUM(D1",
            "…",
        ] {
            assert_eq!(parse(f), None, "{f}");
        }
    }

    #[test]
    fn shared_formulas_move_their_relative_references() {
        assert_eq!(shift("SUM(D13:I13)", 1, 0).unwrap(), "SUM(D14:I14)");
        assert_eq!(shift("SUM($D13:D$13)", 2, 1).unwrap(), "SUM($D15:E$13)");
        assert_eq!(shift("D1+'a b'!E2", 0, 1).unwrap(), "E1+'a b'!F2");
        assert_eq!(shift("D1", -1, 0), None);
    }
}
