//! The statutory sequence: tables 2, 3 and 4 read from a document's stream of tokens
//! ([`super::tokens`]) by their labels, whatever the layout.
//!
//! Every published form of a table is a linearisation of one grid: a fixed sequence of row
//! labels, each followed by its row's figures (7 in table 3; table 4 is 15 figures after its
//! headers; table 2 by edition). So the reader looks for the labels, takes the figures that
//! follow one label as that row's, and splits figures run together only where one split
//! fits the row's own sums ([`super::runs`]).
//!
//! Converters sometimes move a row's figures away from its label (a PDF's wrapped labels
//! printed above a block of figure rows, stcsm-2024). A row of figures right after a label is
//! that label's; rows of figures with no label of their own fill, in order, the rows whose
//! labels got none, between the two rows read around them — only when they are exactly as
//! many. Where that does not hold, or the document ends inside a table, the rows are left
//! unread ([`Value::Unread`]) and said so, never guessed.

use super::grid::{self, Closest, Grid};
use super::phrases::Hits;
use super::runs;
use super::tokens::{self, Piece, Token};
use crate::labels;
use crate::layout::{self, Group, TableId};
use crate::model::{
    AmbiguousLabel, Cell, Edition, LabelMatch, Location, Reading, Table, Unread, Value, Why,
};
use crate::rules::arithmetic;

/// The tables read from the stream, each `None` where it was not found.
#[derive(Debug, Default)]
pub struct Found {
    pub table2: Option<Table>,
    pub table3: Option<Table>,
    pub table4: Option<Table>,
    /// The document ends inside a table: what follows it is missing, not absent.
    pub cut_off: bool,
}

/// A label, or any stretch of text cut at a numbering (「(二)」, 「2.」, 「四、」).
#[derive(Debug)]
struct Unit {
    /// Normalised, numbering kept.
    text: String,
    /// The token it begins in, and the one it ends in.
    token: usize,
    last: usize,
}

#[derive(Debug)]
enum Event {
    Unit(Unit),
    /// Figures and blank cells that stand together: one row, or one cell a line.
    Cluster(Vec<usize>),
}

/// Read the statutory tables from one grid's token stream.
pub fn read(grid: &Grid) -> Found {
    let tokens = tokens::tokens(grid);
    let events = events(&tokens);
    let reader = Reader {
        grid,
        tokens: &tokens,
        events: &events,
    };
    let mut found = Found::default();
    let t3 = reader.table3();
    let t3_start = t3.as_ref().map_or(events.len(), |t| t.start);
    let t4_from = t3.as_ref().map_or(0, |t| t.end);
    found.table2 = reader.table2(t3_start);
    if let Some(t3) = t3 {
        found.cut_off = t3.cut_off;
        let mut table = t3.table;
        // Table 3 shows its edition only in (六); without it, table 2's headings tell.
        if !t3.edition_seen
            && let Some(t2) = &found.table2
            && t2.edition != table.edition
        {
            table = table.with_edition(t2.edition);
        }
        found.table3 = Some(table);
    }
    if !found.cut_off {
        let (t4, cut_off) = reader.table4(t4_from);
        found.table4 = t4;
        found.cut_off = cut_off;
    }
    found
}

/// The stream as the reader sees it, an event a line: `T` a label or text cut at its
/// numbering, `#` a row of figures (`_` a blank cell). For a maintainer looking into a
/// document that reads wrong (`cargo run --example stream -- FILE`).
pub fn describe(grid: &Grid) -> String {
    let tokens = tokens::tokens(grid);
    let mut out = String::new();
    for event in events(&tokens) {
        match event {
            Event::Unit(u) => out.push_str(&format!("T {}\n", u.text)),
            Event::Cluster(c) => {
                let cells: Vec<String> = c
                    .iter()
                    .map(|&k| match &tokens[k].piece {
                        Piece::Figures(f) => f.clone(),
                        _ => "_".to_string(),
                    })
                    .collect();
                out.push_str(&format!("# {}\n", cells.join(" | ")));
            }
        }
    }
    out
}

/// The tokens as events: text joined over cells and lines, then cut at every numbering; a
/// row's figures together (one cell a line: consecutive lines of one figure together).
fn events(tokens: &[Token]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut text = String::new();
    // Where each token's text begins in `text`.
    let mut starts: Vec<(usize, usize)> = Vec::new();
    let mut cluster: Vec<usize> = Vec::new();
    let on_row = |from: usize, row: u32| {
        tokens[from..]
            .iter()
            .take_while(|t| t.row == row && t.text().is_none())
            .count()
    };
    for (i, token) in tokens.iter().enumerate() {
        match &token.piece {
            Piece::Text(t) => {
                if !cluster.is_empty() {
                    events.push(Event::Cluster(std::mem::take(&mut cluster)));
                }
                starts.push((text.len(), i));
                text.push_str(t);
            }
            Piece::Figures(_) | Piece::Blank => {
                if !text.is_empty() {
                    events.extend(units(
                        &std::mem::take(&mut text),
                        &std::mem::take(&mut starts),
                    ));
                }
                if let Some(&last) = cluster.last() {
                    let last_row = tokens[last].row;
                    let several = cluster
                        .iter()
                        .filter(|&&k| tokens[k].row == last_row)
                        .count()
                        > 1
                        || on_row(i, token.row) > 1;
                    if last_row != token.row && several {
                        events.push(Event::Cluster(std::mem::take(&mut cluster)));
                    }
                }
                cluster.push(i);
            }
        }
    }
    if !cluster.is_empty() {
        events.push(Event::Cluster(cluster));
    }
    if !text.is_empty() {
        events.extend(units(&text, &starts));
    }
    events
}

/// Cut text at every numbering that can begin a label: 「(一)」, 「一、」, 「1.」, 「1、」.
fn units(text: &str, starts: &[(usize, usize)]) -> Vec<Event> {
    let token_at = |offset: usize| {
        starts
            .iter()
            .take_while(|(at, _)| *at <= offset)
            .last()
            .map_or(0, |(_, t)| *t)
    };
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let numeral = crate::labels::is_numeral;
    let mut cuts = vec![0];
    for (k, &(at, c)) in chars.iter().enumerate() {
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        let starts = if c == '(' {
            let inner = chars[k + 1..]
                .iter()
                .take_while(|(_, c)| numeral(*c))
                .count();
            (1..=2).contains(&inner) && chars.get(k + 1 + inner).is_some_and(|(_, c)| *c == ')')
        } else if numeral(c) && !prev.is_some_and(numeral) && prev != Some('第') {
            let run = chars[k..].iter().take_while(|(_, c)| numeral(*c)).count();
            let after = chars.get(k + run).map(|(_, c)| *c);
            let then = chars.get(k + run + 1).map(|(_, c)| *c);
            run <= 2
                && (after == Some('、')
                    || (after == Some('.') && then.is_some_and(|c| !c.is_ascii_digit())))
        } else {
            false
        };
        if starts && at > 0 {
            cuts.push(at);
        }
    }
    cuts.push(text.len());
    cuts.windows(2)
        .filter(|w| w[0] < w[1])
        .map(|w| {
            Event::Unit(Unit {
                text: text[w[0]..w[1]].to_string(),
                token: token_at(w[0]),
                last: token_at(w[1] - 1),
            })
        })
        .collect()
}

/// A cluster's cells: each figure as written (a token may hold several, spaced or run
/// together) or a blank.
#[derive(Debug)]
struct Items<'a> {
    /// `Some((figures, token))` for figures, `None` for a blank cell.
    cells: Vec<Option<(&'a str, usize)>>,
    /// The token of each cell, blank or not.
    at: Vec<usize>,
    /// Each cell's place among its token's figures: (index, how many).
    within: Vec<(usize, usize)>,
}

impl<'a> Items<'a> {
    fn of(tokens: &'a [Token], cluster: &[usize]) -> Items<'a> {
        let mut cells = Vec::new();
        let mut at = Vec::new();
        let mut within = Vec::new();
        for &k in cluster {
            match &tokens[k].piece {
                Piece::Figures(f) => {
                    let n = f.split_whitespace().count();
                    within.extend((0..n).map(|i| (i, n)));
                    cells.extend(f.split_whitespace().map(|g| Some((g, k))));
                }
                _ => {
                    cells.push(None);
                    within.push((0, 1));
                }
            }
            at.resize(cells.len(), k);
        }
        Items { cells, at, within }
    }

    /// Blank cells at the end: padding, as many of them as a row needs.
    fn trailing_blanks(&self) -> usize {
        self.cells.iter().rev().take_while(|c| c.is_none()).count()
    }

    fn digits(&self) -> usize {
        self.cells
            .iter()
            .flatten()
            .map(|(g, _)| g.chars().filter(|c| c.is_ascii_digit()).count())
            .sum()
    }

    /// The cells that make a row of `n`, one figure (or blank) a cell: the figures from the
    /// first to the last, and as many blank cells beside them as the row needs — after
    /// them first (a 总计 left empty), then before them. Further blanks are layout.
    fn window(&self, n: usize) -> Option<std::ops::Range<usize>> {
        let first = self.cells.iter().position(Option::is_some)?;
        let last = self.cells.iter().rposition(Option::is_some)?;
        let core = last - first + 1;
        let need = n.checked_sub(core)?;
        let after = need.min(self.cells.len() - 1 - last);
        let before = need - after;
        (before <= first).then(|| first - before..last + 1 + after)
    }

    /// How these figures make `n` cells: one figure (or blank) a cell; figures run together
    /// to split; or not at all.
    fn fit(&self, n: usize) -> Fit {
        if self.window(n).is_some() {
            return Fit::Direct;
        }
        let (Some(first), Some(last)) = (
            self.cells.iter().position(Option::is_some),
            self.cells.iter().rposition(Option::is_some),
        ) else {
            return Fit::No;
        };
        let all_digits = self.cells[first..=last]
            .iter()
            .all(|c| c.is_some_and(|(g, _)| g.chars().all(|ch| ch.is_ascii_digit())));
        if last - first + 1 < n && all_digits && self.digits() >= n {
            return Fit::Split;
        }
        Fit::No
    }

    /// Only blank cells: a line's empty cells, not a row of figures.
    fn is_blank(&self) -> bool {
        self.cells.iter().all(Option::is_none)
    }
}

#[derive(Debug, PartialEq)]
enum Fit {
    Direct,
    Split,
    No,
}

struct Reader<'a> {
    grid: &'a Grid,
    tokens: &'a [Token],
    events: &'a [Event],
}

/// Table 3 as read, with where it stands in the events.
struct Table3 {
    table: Table,
    start: usize,
    end: usize,
    cut_off: bool,
    edition_seen: bool,
}

/// A table-3 row found in the stream: its label and its figures.
#[derive(Default, Clone)]
struct Found3 {
    label: Option<(String, f64)>,
    cluster: Option<usize>,
}

impl Reader<'_> {
    fn location(&self, token: usize) -> Option<Location> {
        Some(self.tokens[token].location(self.grid))
    }

    fn unit(&self, e: usize) -> Option<&Unit> {
        match &self.events[e] {
            Event::Unit(u) => Some(u),
            Event::Cluster(_) => None,
        }
    }

    fn cluster(&self, e: usize) -> Option<&[usize]> {
        match &self.events[e] {
            Event::Cluster(c) => Some(c),
            Event::Unit(_) => None,
        }
    }

    /// Whether a cluster makes `n` cells one a cell only with blank cells added: fewer
    /// figures than cells.
    fn padded(&self, cluster: &[usize], n: usize) -> bool {
        let items = Items::of(self.tokens, cluster);
        items.fit(n) == Fit::Direct && items.cells.iter().flatten().count() < n
    }

    /// Put a cluster's figures into `cells` of `table`: one a cell, or split where they ran
    /// together; `false` when they do not make that many cells.
    fn fill(
        &self,
        table: &mut Table,
        cells: Vec<(&'static str, &'static str)>,
        cluster: &[usize],
        equations: &[arithmetic::Equation],
    ) -> bool {
        let items = Items::of(self.tokens, cluster);
        let n = cells.len();
        match items.fit(n) {
            Fit::Direct => {
                let window = items.window(n).unwrap_or_default();
                let slots = items.cells[window.clone()]
                    .iter()
                    .zip(&items.at[window.clone()])
                    .zip(&items.within[window]);
                for (&(row, col), ((item, &token), &(i, of))) in cells.iter().zip(slots) {
                    let cell = match item {
                        Some((figure, token)) => {
                            // Spaced figures in one cell stand where they would, spread.
                            let location = self.location(*token).map(|l| {
                                if of > 1 {
                                    runs::figure_at(&l, of, i)
                                } else {
                                    l
                                }
                            });
                            match super::grid::Content::from_text(figure.to_string()) {
                                super::grid::Content::Number(v) => Cell::number(v, location),
                                _ => Cell::from_text(figure, location),
                            }
                        }
                        None => Cell::blank(self.location(token)),
                    };
                    table.set(row, col, cell);
                }
                true
            }
            Fit::Split => {
                let text: Vec<&str> = items.cells.iter().flatten().map(|(g, _)| *g).collect();
                let location = self.location(cluster[0]);
                runs::split_into(
                    table,
                    equations,
                    cells,
                    &text.join(" "),
                    location.clone(),
                    |i| location.as_ref().map(|l| runs::figure_at(l, n, i)),
                );
                true
            }
            Fit::No => false,
        }
    }

    fn table3(&self) -> Option<Table3> {
        let start = self.events.iter().position(|e| match e {
            Event::Unit(u) => {
                // The row's label, perhaps with a converter's header glued on; not a sentence.
                u.text.contains("本年新收")
                    && u.text.contains("申请")
                    && u.text.chars().count() <= 120
                    && !u.text.contains(['。', ';', '；'])
            }
            Event::Cluster(_) => false,
        })?;
        let rows = grid::table3_rows();
        let mut found: Vec<Found3> = vec![Found3::default(); rows.len()];
        let mut ambiguous: Vec<AmbiguousLabel> = Vec::new();
        let mut orphans: Vec<usize> = Vec::new();
        let mut strays: Vec<usize> = Vec::new();
        let mut group: Option<Group> = None;
        // Rows labelled since the last row of figures, with the row their label ends on.
        // An ambiguous label waits too, as `None`: its figures are left out, as the grid
        // reader leaves its row out, never given to a row by order.
        let mut waiting: Vec<(Option<usize>, u32)> = Vec::new();
        let mut end = self.events.len();
        let mut ended = false;
        for e in start..self.events.len() {
            match &self.events[e] {
                Event::Unit(unit) => {
                    let label = labels::strip_numbering(&unit.text);
                    if e > start && is_table3_end(label) {
                        end = e;
                        ended = true;
                        break;
                    }
                    if let Some(g) = group_of(&unit.text, label) {
                        group = Some(g);
                    }
                    let hit = grid::statutory_row(label, &Hits::of(label), group).or_else(|| {
                        match grid::closest_row(&[label], rows) {
                            Closest::One(row, label, score) => Some((row, label, score)),
                            Closest::Several(label, candidates) => {
                                waiting.push((None, self.tokens[unit.last].row));
                                ambiguous.push(AmbiguousLabel {
                                    found: label,
                                    candidates,
                                    location: self.location(unit.token),
                                });
                                None
                            }
                            Closest::None => None,
                        }
                    });
                    let Some((row, text, confidence)) = hit else {
                        continue;
                    };
                    let r = rows.iter().position(|x| std::ptr::eq(*x, row)).unwrap_or(0);
                    if found[r].label.is_some() {
                        if r == 0 && confidence == 1.0 {
                            // 本年新收 again: a second table (last year's, or a copy) begins.
                            end = e;
                            ended = true;
                            break;
                        }
                        continue;
                    }
                    found[r].label = Some((text, confidence));
                    waiting.push((Some(r), self.tokens[unit.last].row));
                }
                Event::Cluster(cluster) => {
                    let items = Items::of(self.tokens, cluster);
                    if items.is_blank() {
                        continue;
                    }
                    if items.fit(layout::T3_COLUMNS.len()) == Fit::No {
                        // On its label's own line, the figures are that row's, too few or
                        // too many to read (a lost blank, a footer on the line): the row is
                        // there, unread. Elsewhere they belong to no row.
                        let row = self.tokens[cluster[0]].row;
                        match waiting.iter().rev().find(|(_, r)| *r == row) {
                            Some((Some(r), _)) if found[*r].cluster.is_none() => {
                                found[*r].cluster = Some(e);
                                waiting.clear();
                            }
                            _ => strays.push(e),
                        }
                        continue;
                    }
                    // Figures belong to the label on their own line; else to the one label
                    // waiting. Several labels waiting over lines of their own (a PDF's
                    // wrapped labels beside a block of rows) are told apart below, by order.
                    let row = self.tokens[cluster[0]].row;
                    let label = waiting
                        .iter()
                        .rev()
                        .find(|(_, r)| *r == row)
                        .or(match waiting.as_slice() {
                            [one] => Some(one),
                            _ => None,
                        })
                        .map(|(r, _)| *r);
                    waiting.clear();
                    match label {
                        Some(None) => {}
                        Some(Some(r)) if found[r].cluster.is_none() => {
                            found[r].cluster = Some(e);
                            if rows[r].key == "carried_forward" {
                                end = e + 1;
                                ended = true;
                                break;
                            }
                        }
                        _ => orphans.push(e),
                    }
                }
            }
        }
        let sub_rows = rows.iter().zip(&found).any(|(r, f)| {
            r.key.starts_with("results.other.") && (f.label.is_some() || f.cluster.is_some())
        });
        let single_other = rows
            .iter()
            .zip(&found)
            .any(|(r, f)| r.key == "results.other" && f.label.is_some());
        let edition = if sub_rows || !single_other {
            Edition::E2021
        } else {
            Edition::E2019
        };
        // This edition's rows, in statutory order, with what was found for each.
        let order: Vec<(&'static layout::Row, Found3)> = layout::table(TableId::T3, edition)
            .rows
            .iter()
            .map(|row| {
                let f = rows
                    .iter()
                    .position(|x| x.key == row.key)
                    .map(|i| found[i].clone())
                    .unwrap_or_default();
                (row, f)
            })
            .collect();
        if order.iter().filter(|(_, f)| f.label.is_some()).count() < 3 {
            return None;
        }
        let mut placed: Vec<Option<usize>> = order.iter().map(|(_, f)| f.cluster).collect();
        let mut not_placed: Vec<usize> = Vec::new();
        let cut_off = !ended;
        // Rows of figures without a label of their own fill the rows between their
        // neighbours that got none, one for one.
        let mut k = 0;
        while k < orphans.len() {
            let o = orphans[k];
            let before = (0..placed.len())
                .filter(|&i| placed[i].is_some_and(|c| c < o))
                .max_by_key(|&i| placed[i]);
            let after = (0..placed.len())
                .filter(|&i| placed[i].is_some_and(|c| c > o))
                .min_by_key(|&i| placed[i]);
            let same_stretch = |x: usize| {
                let b = (0..placed.len())
                    .filter(|&i| placed[i].is_some_and(|c| c < x))
                    .max_by_key(|&i| placed[i]);
                b == before
            };
            let group_end = orphans[k..]
                .iter()
                .take_while(|&&x| {
                    same_stretch(x) && after.is_none_or(|a| placed[a].is_some_and(|c| x < c))
                })
                .count();
            let these: Vec<usize> = orphans[k..k + group_end].to_vec();
            k += group_end.max(1);
            let from = before.map_or(0, |b| b + 1);
            let to = after.unwrap_or(placed.len());
            if from > to {
                not_placed.extend(&these);
                continue;
            }
            let gap: Vec<usize> = (from..to).filter(|&i| placed[i].is_none()).collect();
            // Past the last row read, only rows whose labels were seen are filled: the rest
            // of the table may have been cut off.
            let gap: Vec<usize> = if after.is_none() {
                gap.into_iter()
                    .take_while(|&i| order[i].1.label.is_some())
                    .collect()
            } else {
                gap
            };
            if gap.len() == these.len() {
                for (i, c) in gap.into_iter().zip(these) {
                    placed[i] = Some(c);
                }
            } else {
                not_placed.extend(&these);
                for i in gap {
                    placed[i] = None;
                }
            }
        }
        let mut table = Table::new(TableId::T3, edition);
        table.reading = Reading::Stream;
        table.ambiguous = ambiguous;
        let equations = arithmetic::table_equations(&table);
        let last_placed = placed.iter().rposition(Option::is_some);
        let mut unread: Vec<(&'static str, Why)> = Vec::new();
        for (i, (row, f)) in order.iter().enumerate() {
            if let Some((label, confidence)) = &f.label {
                table.labels.push(LabelMatch {
                    row: row.key,
                    found: label.clone(),
                    confidence: *confidence,
                });
            }
            let cells: Vec<(&'static str, &'static str)> =
                row.columns.iter().map(|c| (row.key, c.key)).collect();
            match placed[i] {
                // The last row before a cut, short of figures and padded with blanks: its
                // figures may be cut too.
                Some(c)
                    if cut_off
                        && Some(i) == last_placed
                        && self.padded(self.cluster(c).unwrap_or_default(), cells.len()) =>
                {
                    unread.push((row.key, Why::DocumentEnds));
                }
                Some(c) => {
                    let cluster = self.cluster(c).unwrap_or_default();
                    if !self.fill(&mut table, cells, cluster, &equations) {
                        // The row the document breaks off in lost its figures to the cut.
                        let why = if cut_off && Some(i) == last_placed {
                            Why::DocumentEnds
                        } else {
                            Why::WrongCount
                        };
                        unread.push((row.key, why));
                    }
                }
                None if cut_off && last_placed.is_none_or(|l| i > l) => {
                    unread.push((row.key, Why::DocumentEnds));
                }
                None if f.label.is_some() && !not_placed.is_empty() => {
                    unread.push((row.key, Why::NotPlaced));
                }
                None => table.missing_rows.push(row.key),
            }
        }
        for &(row, _) in &unread {
            if let Some(layout_row) = table.layout().row(row) {
                for col in layout_row.columns {
                    table.set(row, col.key, Cell::unread());
                }
            }
        }
        runs::resolve_jointly(&mut table);
        for why in [Why::DocumentEnds, Why::NotPlaced, Why::WrongCount] {
            let rows: Vec<&'static str> = unread
                .iter()
                .filter(|(_, w)| *w == why)
                .map(|(r, _)| *r)
                .collect();
            if !rows.is_empty() {
                table.unread.push(Unread { rows, why });
            }
        }
        table.strays = strays
            .iter()
            .chain(&not_placed)
            .filter_map(|&e| self.cluster(e))
            .map(|c| {
                let text: Vec<&str> = Items::of(self.tokens, c)
                    .cells
                    .iter()
                    .flatten()
                    .map(|(g, _)| *g)
                    .collect();
                (text.join(" "), self.location(c[0]))
            })
            .filter(|(t, _)| !t.is_empty())
            .collect();
        Some(Table3 {
            table,
            start,
            end,
            cut_off,
            edition_seen: sub_rows || single_other,
        })
    }

    /// Table 4: fifteen figures after 行政复议 and the headers, in statutory order (review,
    /// then litigation without and after review; each upheld, corrected, other, pending,
    /// total). Also whether the document ends before them.
    fn table4(&self, from: usize) -> (Option<Table>, bool) {
        let Some(anchor) = (from..self.events.len())
            .find(|&e| self.unit(e).is_some_and(|u| u.text.contains("行政复议")))
        else {
            return (None, false);
        };
        let mut cluster: Vec<usize> = Vec::new();
        let mut ended = false;
        for e in anchor + 1..self.events.len() {
            match &self.events[e] {
                Event::Unit(u) if is_table4_header(&u.text) => {}
                Event::Unit(_) => {
                    ended = true;
                    break;
                }
                Event::Cluster(c) => {
                    cluster.extend(c);
                    let items = Items::of(self.tokens, &cluster);
                    if items.cells.len() - items.trailing_blanks() >= 15 {
                        ended = true;
                        break;
                    }
                }
            }
        }
        if cluster.is_empty() {
            return (None, !ended);
        }
        let mut table = Table::new(TableId::T4, Edition::E2021);
        table.reading = Reading::Stream;
        let cells: Vec<(&'static str, &'static str)> = table
            .layout()
            .rows
            .iter()
            .flat_map(|r| r.columns.iter().map(move |c| (r.key, c.key)))
            .collect();
        let equations = arithmetic::table_equations(&table);
        if !ended || !self.fill(&mut table, cells.clone(), &cluster, &equations) {
            for (row, col) in &cells {
                table.set(row, col, Cell::unread());
            }
            table.unread.push(Unread {
                rows: table.layout().rows.iter().map(|r| r.key).collect(),
                why: if ended {
                    Why::WrongCount
                } else {
                    Why::DocumentEnds
                },
            });
        }
        (Some(table), !ended)
    }

    /// Table 2, before table 3: each row label at the end of the text just before a
    /// cluster of figures.
    fn table2(&self, until: usize) -> Option<Table> {
        let count = |words: &[&str]| {
            (0..until)
                .filter_map(|e| self.unit(e))
                .filter(|u| words.iter().any(|w| u.text.contains(w)))
                .count()
        };
        let edition = if count(layout::T2_HEADINGS_2019) > count(layout::T2_HEADINGS_2021) {
            Edition::E2019
        } else {
            Edition::E2021
        };
        let mut table = Table::new(TableId::T2, edition);
        table.reading = Reading::Stream;
        let layout = table.layout();
        let mut read: Vec<&'static str> = Vec::new();
        let mut unread: Vec<&'static str> = Vec::new();
        for e in 1..until {
            let (Some(unit), Some(cluster)) = (self.unit(e - 1), self.cluster(e)) else {
                continue;
            };
            let Some((row, phrase)) = layout.rows.iter().find_map(|row| {
                row.matches
                    .iter()
                    .filter_map(|m| match m {
                        layout::Match::Exact(p) => Some(*p),
                        layout::Match::Contains(_) => None,
                    })
                    .filter(|p| unit.text.ends_with(p))
                    .max_by_key(|p| p.len())
                    .map(|p| (row, p))
            }) else {
                continue;
            };
            // 「规章」 also ends 「行政规章」; 「其他」-like short words need their own cell.
            let before = unit.text[..unit.text.len() - phrase.len()].chars().last();
            if before.is_some_and(|c| c == '行' && phrase == "规章") {
                continue;
            }
            if read.contains(&row.key) || unread.contains(&row.key) {
                continue;
            }
            let cells: Vec<(&'static str, &'static str)> =
                row.columns.iter().map(|c| (row.key, c.key)).collect();
            if self.fill(&mut table, cells, cluster, &[]) {
                read.push(row.key);
                table.labels.push(LabelMatch {
                    row: row.key,
                    found: phrase.to_string(),
                    confidence: 1.0,
                });
            } else {
                unread.push(row.key);
            }
        }
        if read.len() + unread.len() < 2 {
            return None;
        }
        for row in &layout.rows {
            if unread.contains(&row.key) {
                for col in row.columns {
                    table.set(row.key, col.key, Cell::unread());
                }
            } else if !read.contains(&row.key) {
                table.missing_rows.push(row.key);
            }
        }
        if !unread.is_empty() {
            table.unread.push(Unread {
                rows: unread,
                why: Why::WrongCount,
            });
        }
        Some(table)
    }
}

/// The group of table 3's results a label opens: by its phrase (「不予公开」), or by its
/// numbering (「(六)其他」 is 其他处理, as converters shorten it).
fn group_of(text: &str, label: &str) -> Option<Group> {
    let by_numbering = [
        ("(三)", Group::Withheld),
        ("(四)", Group::Unavailable),
        ("(五)", Group::NotProcessed),
        ("(六)", Group::Other),
    ];
    Group::ALL
        .iter()
        .find(|g| g.phrases().iter().any(|p| label.starts_with(p)))
        .copied()
        .or_else(|| {
            by_numbering
                .iter()
                .find(|(n, _)| text.starts_with(n))
                .map(|(_, g)| *g)
        })
}

/// Text that ends table 3: table 4's title or headers, or the next section.
fn is_table3_end(label: &str) -> bool {
    label.contains("行政复议")
        || label.contains("行政诉讼")
        || label.starts_with("存在的主要问题")
        || label.starts_with("其他需要报告")
}

/// Whether text is only table 4's headers (「行政诉讼(未经复议直接起诉)」, 「结果结果其他尚未」,
/// 「总 计」 split over lines), so the figures after it are still table 4's.
fn is_table4_header(text: &str) -> bool {
    const HEADER: &str =
        "行政复议诉讼未经直接起后结果维持纠正其他它尚审结总计合、()情况政府信息公开";
    let t = labels::strip_numbering(text);
    !t.is_empty() && t.chars().all(|c| HEADER.contains(c))
}

/// Read the tables from the stream as well and keep, table by table, the reading that
/// accounts for more figures. On a tie the grid's is kept where the grid is a real table's
/// rows and columns (a page, a Word document, a PDF's drawn lines), the stream's where it
/// is a guess at the layout of plain text (`text_grid`).
pub fn prefer(grids: &[Grid], report: &mut crate::model::Report, text_grid: bool) {
    for grid in grids {
        let found = read(grid);
        let mut took = false;
        for (id, stream) in [
            (TableId::T2, found.table2),
            (TableId::T3, found.table3),
            (TableId::T4, found.table4),
        ] {
            let Some(stream) = stream else { continue };
            let slot = report.table_mut(id);
            let better = |t: &Table| {
                let (s, g) = (figures(&stream), figures(t));
                s > g || (text_grid && s == g)
            };
            // A table of which the stream read not one figure is no reading at all.
            if figures(&stream) > 0 && slot.as_ref().is_none_or(better) {
                *slot = Some(stream);
                took = true;
            }
        }
        if took {
            report.claims_report = true;
            report.cut_off |= found.cut_off;
        }
    }
}

/// How many cells of a table hold a figure: what decides between two readings.
pub fn figures(table: &Table) -> usize {
    table
        .cells()
        .filter(|(_, _, c)| matches!(c.value, Value::Number(_)))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::limits::Limits;

    fn read_text(text: &str) -> Found {
        let grids = crate::read::text::read(text, &Limits::default());
        read(&grids[0])
    }

    fn row(table: &Table, key: &str) -> Vec<Option<f64>> {
        table
            .layout()
            .row(key)
            .unwrap()
            .columns
            .iter()
            .map(|c| {
                table.get(key, c.key).and_then(|c| match c.value {
                    Value::Number(n) => Some(n.0),
                    _ => None,
                })
            })
            .collect()
    }

    #[test]
    fn rows_of_figures_apart_from_their_labels_fill_the_rows_between() {
        let text = "一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 0 | 3 |\n\
                    二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n\
                    | （一）予以公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n\
                    | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n\
                    （二）部分公开\n\
                    | 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n";
        let found = read_text(text);
        let t3 = found.table3.unwrap();
        assert_eq!(row(&t3, "results.partially_disclosed")[0], Some(2.0));
        assert_eq!(row(&t3, "results.disclosed")[6], Some(1.0));
        assert!(found.cut_off);
    }
}
