//! Figures run together in scraped text (SPEC §5): 「规章000」 is three cells, 「（七）总计23
//! 0 00 0 023」 seven. A run is split into its row's cells only where exactly one split
//! satisfies the row's own sums (总计 = the six applicant columns; table 4's 总计 = its four
//! results); several splits, or none, leave the row unread and say so — a guessed split must
//! never turn into an arithmetic finding.

use std::collections::BTreeMap;

use super::grid::{Content, Grid};
use crate::model::{Cell, DigitRun, Location, Table, Value};
use crate::rules::arithmetic;

/// A sum over the cells of one run, by index: `parts` add up to `total`.
#[derive(Debug, Clone, PartialEq)]
pub struct Sum {
    pub parts: Vec<usize>,
    pub total: Vec<usize>,
}

/// The most digits one figure may have (beyond this no count is plausible).
const MAX_DIGITS: usize = 12;
/// The most digits a run may hold: a row of table 4 is fifteen figures, a few of two digits.
const MAX_RUN_DIGITS: usize = 64;
/// Steps of the search before it gives up and calls the row ambiguous.
const BUDGET: usize = 200_000;

/// Every reading of `text` (groups of digits, split by spaces) as exactly `n` figures that
/// satisfies every sum, up to `limit` of them, and whether more fit (or the search gave up).
///
/// Spaces always separate figures; within a group any split is possible, but a figure never
/// starts with 0 unless it is 0.
pub fn readings(text: &str, n: usize, sums: &[Sum], limit: usize) -> (Vec<Vec<u64>>, bool) {
    // Only digits can be split: a group holding anything else (a decimal point, a letter)
    // has no reading.
    let Some(groups) = text
        .split_whitespace()
        .map(|g| g.chars().map(digit).collect::<Option<Vec<u8>>>())
        .collect::<Option<Vec<Vec<u8>>>>()
    else {
        return (Vec::new(), false);
    };
    let digits: usize = groups.iter().map(Vec::len).sum();
    if n == 0 || groups.is_empty() || digits > MAX_RUN_DIGITS || groups.len() > n || digits < n {
        return (Vec::new(), false);
    }
    let mut search = Search {
        groups: &groups,
        n,
        sums,
        limit,
        steps: 0,
        found: Vec::new(),
        more: false,
        values: Vec::with_capacity(n),
    };
    search.walk(0, 0);
    (search.found, search.more)
}

fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

struct Search<'a> {
    groups: &'a [Vec<u8>],
    n: usize,
    sums: &'a [Sum],
    limit: usize,
    steps: usize,
    found: Vec<Vec<u64>>,
    more: bool,
    values: Vec<u64>,
}

impl Search<'_> {
    /// Place the next figure starting at digit `at` of group `group`.
    fn walk(&mut self, group: usize, at: usize) {
        if self.more {
            return;
        }
        self.steps += 1;
        if self.steps > BUDGET {
            self.more = true;
            return;
        }
        if group == self.groups.len() {
            if self.values.len() == self.n {
                if self.found.len() == self.limit {
                    self.more = true;
                } else {
                    self.found.push(self.values.clone());
                }
            }
            return;
        }
        let digits = &self.groups[group];
        let left_in_group = digits.len() - at;
        let later: usize = self.groups[group + 1..].iter().map(Vec::len).sum();
        let figures_left = self.n - self.values.len();
        // Every later group needs a figure of its own, and no figure may be empty.
        if figures_left < self.groups.len() - group || figures_left > left_in_group + later {
            return;
        }
        let longest = if digits[at] == 0 {
            1
        } else {
            left_in_group.min(MAX_DIGITS)
        };
        for len in 1..=longest {
            let value = digits[at..at + len]
                .iter()
                .fold(0u64, |v, d| v * 10 + u64::from(*d));
            self.values.push(value);
            if self.sums_hold() {
                if at + len == digits.len() {
                    self.walk(group + 1, 0);
                } else {
                    self.walk(group, at + len);
                }
            }
            self.values.pop();
        }
    }

    /// Every sum whose cells are all placed holds (checked as soon as they are, which prunes
    /// table 4's fifteen figures group by group).
    fn sums_hold(&self) -> bool {
        let placed = self.values.len();
        self.sums.iter().all(|sum| {
            let complete = sum.parts.iter().chain(&sum.total).all(|&i| i < placed);
            !complete || {
                let add = |ix: &[usize]| ix.iter().map(|&i| self.values[i]).sum::<u64>();
                add(&sum.parts) == add(&sum.total)
            }
        })
    }
}

/// Split the runs of a located table: each grid row holding a run gives its figures to the
/// table's cells read from that row, by the one reading that fits the row's sums.
pub fn decode(grid: &Grid, table: &mut Table) {
    if !grid.has_runs() {
        return;
    }
    let mut by_row: BTreeMap<u32, Vec<(&'static str, &'static str)>> = BTreeMap::new();
    for (row, col, cell) in table.cells() {
        if let Some(Location::Sheet { row: r, .. }) = &cell.location
            && grid.run(*r).is_some()
        {
            by_row.entry(*r).or_default().push((row.key, col.key));
        }
    }
    if by_row.is_empty() {
        return;
    }
    let equations = arithmetic::table_equations(table);
    for (r, cells) in by_row {
        let Some((col, text)) = grid.run(r) else {
            continue;
        };
        let location = Some(Location::Sheet {
            sheet: grid.sheet.clone(),
            row: r,
            col,
        });
        // Each figure's own address: where it would stand had the row been spaced, ending
        // at the run's column (or starting at it, for a run that starts its line).
        let n = cells.len();
        let at = |i: usize| location.as_ref().map(|l| figure_at(l, n, i));
        let groups = text.split_whitespace().count();
        if groups == cells.len() {
            // One figure a cell: nothing to split, so nothing guessed (「规章 0 0 0」, or a
            // figure glued to its label, 「总计23 0 0 0 0 0 23」). Its sums are checked as
            // written.
            for (i, (&(row, column), figure)) in
                cells.iter().zip(text.split_whitespace()).enumerate()
            {
                let cell = match Content::from_text(figure.to_string()) {
                    Content::Number(v) => Cell::number(v, at(i)),
                    _ => Cell::from_text(figure, at(i)),
                };
                table.set(row, column, cell);
            }
            continue;
        }
        split_into(table, &equations, cells, &text, location.clone(), at);
    }
}

/// The most runs read together, and the most combinations of their readings tried.
const JOINT_RUNS: usize = 8;
const JOINT_COMBINATIONS: usize = 4096;

/// Runs left open by their own row's sums, read together: where exactly one choice of a
/// reading for each makes every sum of the table through them hold (table 3's columns, its
/// results, its balance), that choice is the reading (pingtan-2021: 「270020130」 is 2, 7,
/// 0, 0, 20, 1, 30 or 27, 0, 0, 2, 0, 1, 30 by its row; only the second fits its column).
/// Two choices, or none, leave them open: a report that does not add up is never made to.
pub fn resolve_jointly(table: &mut Table) {
    let open: Vec<usize> = (0..table.runs.len())
        .filter(|&i| table.runs[i].reading().is_none())
        .collect();
    if open.is_empty() || open.len() > JOINT_RUNS {
        return;
    }
    let equations = arithmetic::table_equations(table);
    let mut options: Vec<Vec<Vec<u64>>> = Vec::new();
    for &i in &open {
        let run = &table.runs[i];
        let sums = sums_within(&equations, &run.cells);
        let (found, more) = readings(&run.text, run.cells.len(), &sums, 64);
        if more || found.is_empty() {
            return;
        }
        options.push(found);
    }
    let combinations = options
        .iter()
        .try_fold(1usize, |n, o| n.checked_mul(o.len()))
        .filter(|&n| n <= JOINT_COMBINATIONS);
    let Some(combinations) = combinations else {
        return;
    };
    let open_cells: Vec<(&str, &str)> = open
        .iter()
        .flat_map(|&i| table.runs[i].cells.iter().copied())
        .collect();
    let through: Vec<&arithmetic::Equation> = equations
        .iter()
        .filter(|eq| eq.terms().any(|t| open_cells.contains(&t)))
        .collect();
    let mut fitting: Vec<Vec<usize>> = Vec::new();
    let mut trial = table.clone();
    for mut k in 0..combinations {
        let choice: Vec<usize> = options
            .iter()
            .map(|o| {
                let c = k % o.len();
                k /= o.len();
                c
            })
            .collect();
        for (&i, (&c, o)) in open.iter().zip(choice.iter().zip(&options)) {
            for (&(row, col), &v) in table.runs[i].cells.iter().zip(&o[c]) {
                trial.set(row, col, Cell::number(v as f64, None));
            }
        }
        let residuals: Vec<f64> = through
            .iter()
            .filter_map(|eq| eq.residual_in(&trial))
            .collect();
        if !residuals.is_empty() && residuals.iter().all(|r| r.abs() < arithmetic::EPSILON) {
            fitting.push(choice);
            if fitting.len() > 1 {
                return;
            }
        }
    }
    let [choice] = fitting.as_slice() else {
        return;
    };
    for (&i, (&c, o)) in open.iter().zip(choice.iter().zip(options)) {
        let reading = o[c].clone();
        let run = &mut table.runs[i];
        run.readings = vec![reading.clone()];
        run.more = false;
        run.by_table = true;
        let (cells, location) = (run.cells.clone(), run.location.clone());
        for (&(row, col), v) in cells.iter().zip(reading) {
            table.set(row, col, Cell::number(v as f64, location.clone()));
        }
    }
}

/// The address of the `i`-th of `n` figures of a run at `run`: where it would stand had the
/// row been spaced, ending at the run's column (or starting at it, for a run that starts
/// its line).
pub fn figure_at(run: &Location, n: usize, i: usize) -> Location {
    match run {
        Location::Sheet { sheet, row, col } => {
            let n = n as u32;
            let first = if col + 1 >= n { col + 1 - n } else { *col };
            Location::Sheet {
                sheet: sheet.clone(),
                row: *row,
                col: first + i as u32,
            }
        }
        other => other.clone(),
    }
}

/// The sums among `cells` (by index) that `equations` state: the ones whose every term is
/// one of the cells.
pub fn sums_within(equations: &[arithmetic::Equation], cells: &[(&str, &str)]) -> Vec<Sum> {
    let index = |term: &(&str, &str)| cells.iter().position(|c| c == term);
    equations
        .iter()
        .filter_map(|eq| {
            Some(Sum {
                parts: eq.expected.iter().map(index).collect::<Option<_>>()?,
                total: eq.actual.iter().map(index).collect::<Option<_>>()?,
            })
        })
        .collect()
}

/// Read figures run together (`text`) into `cells` of `table`: the one reading that fits
/// the sums among them, each figure at `at(i)`; several readings, or none, leave the cells
/// [`Value::RunTogether`]. Either way the run is recorded for TEXT-DIGITS-SPLIT or
/// TEXT-DIGITS-AMBIGUOUS.
pub fn split_into(
    table: &mut Table,
    equations: &[arithmetic::Equation],
    cells: Vec<(&'static str, &'static str)>,
    text: &str,
    location: Option<Location>,
    at: impl Fn(usize) -> Option<Location>,
) {
    let sums = sums_within(equations, &cells);
    let (readings, more) = readings(text, cells.len(), &sums, DigitRun::MAX_READINGS);
    let run = DigitRun {
        cells: cells.clone(),
        text: text.to_string(),
        readings,
        more,
        by_table: false,
        location: location.clone(),
    };
    match run.reading() {
        Some(values) => {
            for (i, (&(row, column), value)) in cells.iter().zip(values).enumerate() {
                table.set(row, column, Cell::number(*value as f64, at(i)));
            }
        }
        None => {
            for &(row, column) in &cells {
                table.set(
                    row,
                    column,
                    Cell {
                        value: Value::RunTogether,
                        raw: Some(text.to_string()),
                        location: location.clone(),
                        formula: None,
                    },
                );
            }
        }
    }
    table.runs.push(run);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_sum() -> Vec<Sum> {
        vec![Sum {
            parts: (0..6).collect(),
            total: vec![6],
        }]
    }

    #[test]
    fn a_row_total_picks_the_one_split() {
        let (found, more) = readings("23 0 00 0 023", 7, &column_sum(), 4);
        assert_eq!(found, [vec![23, 0, 0, 0, 0, 0, 23]]);
        assert!(!more);
    }

    #[test]
    fn zeros_split_one_way_without_any_sum() {
        assert_eq!(readings("000", 3, &[], 4).0, [vec![0, 0, 0]]);
    }

    #[test]
    fn several_splits_are_all_reported() {
        let (found, more) = readings("8855698", 3, &[], 4);
        assert_eq!(found.len(), 4);
        assert!(more);
        assert_eq!(found[0], vec![8, 8, 55698]);
    }

    #[test]
    fn no_split_fits_an_inconsistent_row() {
        // 1 1 1 1 1 1 cannot total 5.
        assert_eq!(readings("1111115", 7, &column_sum(), 4), (vec![], false));
    }

    #[test]
    fn table_4_is_pruned_group_by_group() {
        let sums: Vec<Sum> = (0..3)
            .map(|g| Sum {
                parts: (g * 5..g * 5 + 4).collect(),
                total: vec![g * 5 + 4],
            })
            .collect();
        let (found, more) = readings("10200121000100000", 15, &sums, 4);
        assert_eq!(found, [vec![10, 2, 0, 0, 12, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0]]);
        assert!(!more);
        // The longest run there may be, of digits that fit no sum: ends, with nothing.
        assert_eq!(readings(&"1".repeat(64), 15, &sums, 4), (vec![], false));
    }

    /// Found by the `labels` fuzz target: a group without a digit indexed an empty slice.
    #[test]
    fn groups_that_are_not_digits_read_nothing() {
        let fuzzed = include_str!("../../fixtures/regressions/fuzz/labels_runs_not_digits.txt");
        let half = fuzzed
            .char_indices()
            .nth(fuzzed.chars().count() / 2)
            .map_or(fuzzed.len(), |(i, _)| i);
        let sums = [Sum {
            parts: vec![0, 1],
            total: vec![2],
        }];
        assert_eq!(readings(&fuzzed[..half], 3, &sums, 4), (vec![], false));
        assert_eq!(readings("12.5 3", 3, &[], 4), (vec![], false));
        assert_eq!(readings("一 2", 2, &[], 4), (vec![], false));
    }

    #[test]
    fn too_many_groups_or_too_few_digits_read_nothing() {
        assert!(readings("1 2 3 4", 3, &[], 4).0.is_empty());
        assert!(readings("12", 3, &[], 4).0.is_empty());
    }
}
