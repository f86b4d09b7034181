//! The statutory phrases the grid locators look for, and which of them a label holds.
//!
//! Every label of a sheet is scanned once, as its cell arrives, by one automaton over all
//! the phrases (row wordings and their variants, column headers, group labels, anchors);
//! what it holds is kept as bit sets beside the label. Finding the three tables is then bit
//! tests, not a substring search per label, row and phrase: that search was most of the
//! locators' time in bulk runs. The answers are those of `contains`, `starts_with` and `==`
//! on the same normalised label, by construction (an overlapping search reports every
//! occurrence of every phrase).

use std::sync::LazyLock;

use daachorse::CharwiseDoubleArrayAhoCorasick;

use crate::layout::{self, Group, Match, TableId};
use crate::model::Edition;

/// A phrase's number in [`STATUTORY`]: a bit of [`Hits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phrase(u16);

/// How many phrases [`Bits`] can hold.
const CAPACITY: usize = 256;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Bits([u64; CAPACITY / 64]);

impl Bits {
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    fn has(&self, p: Phrase) -> bool {
        let i = usize::from(p.0);
        self.0[i / 64] & (1 << (i % 64)) != 0
    }

    fn meets(&self, other: &Bits) -> bool {
        let [a, b] = [self.0, other.0];
        (a[0] & b[0]) | (a[1] & b[1]) | (a[2] & b[2]) | (a[3] & b[3]) != 0
    }
}

/// Which phrases a label contains, starts with, and is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hits {
    contains: Bits,
    starts: Bits,
    exact: Bits,
}

impl Hits {
    /// The phrases in a normalised, numbering-stripped label.
    pub fn of(label: &str) -> Hits {
        let mut hits = Hits::default();
        for m in STATUTORY.matcher.find_overlapping_iter(label) {
            let id = m.value() as usize;
            hits.contains.set(id);
            if m.start() == 0 {
                hits.starts.set(id);
                if m.end() == label.len() {
                    hits.exact.set(id);
                }
            }
        }
        hits
    }

    pub fn contains(&self, p: Phrase) -> bool {
        self.contains.has(p)
    }

    pub fn starts_with(&self, p: Phrase) -> bool {
        self.starts.has(p)
    }

    pub fn is(&self, p: Phrase) -> bool {
        self.exact.has(p)
    }

    /// [`crate::labels::header_matches`] on the label: it is, or starts with, a header.
    pub fn names_column(&self, headers: &[Phrase]) -> bool {
        headers.iter().any(|&h| self.starts_with(h))
    }

    /// Whether the label names a row of `mask` ([`Rows::masks`], [`Rows::any`]); its whole
    /// label phrases ([`Match::Exact`]) count only when `whole_counts`.
    pub fn names(&self, mask: &RowMask, whole_counts: bool) -> bool {
        self.contains.meets(&mask.contains) || whole_counts && self.exact.meets(&mask.exact)
    }

    /// Whether the label starts with any phrase of `set`.
    pub fn starts_with_any(&self, set: &PhraseSet) -> bool {
        self.starts.meets(&set.0)
    }
}

/// Every phrase of some rows, by how each is matched: whether a label names any of them.
#[derive(Debug, Default)]
pub struct RowMask {
    contains: Bits,
    exact: Bits,
}

/// A set of phrases, tested at once.
#[derive(Debug, Default)]
pub struct PhraseSet(Bits);

/// The rows of one table layout with their phrases numbered, in layout order.
#[derive(Debug)]
pub struct Rows {
    /// Each row's [`layout::Row::matches`] as one mask: [`Match::Contains`] phrases by
    /// containment, [`Match::Exact`] ones by equality.
    pub masks: Vec<RowMask>,
    /// Each row's own wording ([`layout::Row::wording`]).
    pub wording: Vec<Phrase>,
    /// Each row's columns' headers.
    pub headers: Vec<Vec<Vec<Phrase>>>,
    /// All the rows' phrases.
    pub any: RowMask,
}

/// The phrases the locators look for, numbered, and the automaton that finds them.
pub struct Statutory {
    /// Over characters: Chinese phrases make a small automaton that way, so a label's scan
    /// stays in the cache.
    matcher: CharwiseDoubleArrayAhoCorasick<u32>,
    /// Table 3's rows as [`super::grid::table3_rows`] lists them.
    pub table3: Rows,
    /// Table 2's rows, 2021 edition then 2019.
    pub table2: [Rows; 2],
    /// Each [`Group::ALL`]'s phrases.
    pub groups: [Vec<Phrase>; 4],
    /// Each of [`layout::T3_COLUMNS`]'s headers.
    pub table3_headers: Vec<Vec<Phrase>>,
    /// Table 2 headings only each edition has ([`layout::T2_HEADINGS_2021`], `_2019`).
    pub headings_2021: PhraseSet,
    pub headings_2019: PhraseSet,
    /// 本年新收 and 申请: table 3's first row.
    pub newly_received: Phrase,
    pub application: Phrase,
    /// 年度报告, 信息公开 and 说明: a title, and a note about one.
    pub annual_report: Phrase,
    pub disclosure: Phrase,
    pub note: Phrase,
    /// 行政复议: table 4's first heading (and table 3's end).
    pub review: Phrase,
    /// 结果维持: the first heading of each of table 4's groups.
    pub upheld: Phrase,
}

pub static STATUTORY: LazyLock<Statutory> = LazyLock::new(Statutory::new);

/// Numbers phrases as they are met, one number per distinct text.
#[derive(Default)]
struct Numbering {
    texts: Vec<&'static str>,
    known: std::collections::HashMap<&'static str, Phrase>,
}

impl Numbering {
    fn phrase(&mut self, text: &'static str) -> Phrase {
        if let Some(&p) = self.known.get(text) {
            return p;
        }
        let p = Phrase(self.texts.len() as u16);
        self.texts.push(text);
        self.known.insert(text, p);
        p
    }

    fn all(&mut self, texts: &[&'static str]) -> Vec<Phrase> {
        texts.iter().map(|t| self.phrase(t)).collect()
    }

    fn set(&mut self, texts: &[&'static str]) -> PhraseSet {
        let mut set = PhraseSet::default();
        for t in texts {
            set.0.set(usize::from(self.phrase(t).0));
        }
        set
    }

    fn rows<'a>(&mut self, rows: impl Iterator<Item = &'a layout::Row>) -> Rows {
        let mut out = Rows {
            masks: Vec::new(),
            wording: Vec::new(),
            headers: Vec::new(),
            any: RowMask::default(),
        };
        for row in rows {
            let mut mask = RowMask::default();
            for m in row.matches {
                match *m {
                    Match::Exact(t) => mask.exact.set(usize::from(self.phrase(t).0)),
                    Match::Contains(t) => mask.contains.set(usize::from(self.phrase(t).0)),
                }
            }
            for (any, own) in [
                (&mut out.any.exact, &mask.exact),
                (&mut out.any.contains, &mask.contains),
            ] {
                for (a, o) in any.0.iter_mut().zip(own.0) {
                    *a |= o;
                }
            }
            out.masks.push(mask);
            out.wording.push(self.phrase(row.wording));
            out.headers
                .push(row.columns.iter().map(|c| self.all(c.headers)).collect());
        }
        out
    }
}

impl Statutory {
    fn new() -> Statutory {
        let mut n = Numbering::default();
        let table3 = n.rows(super::grid::table3_rows().iter().copied());
        let table2 = [Edition::E2021, Edition::E2019]
            .map(|e| n.rows(layout::table(TableId::T2, e).rows.iter()));
        let groups = Group::ALL.map(|g| n.all(g.phrases()));
        let table3_headers = layout::T3_COLUMNS
            .iter()
            .map(|c| n.all(c.headers))
            .collect();
        let headings_2021 = n.set(layout::T2_HEADINGS_2021);
        let headings_2019 = n.set(layout::T2_HEADINGS_2019);
        let newly_received = n.phrase("本年新收");
        let application = n.phrase("申请");
        let annual_report = n.phrase("年度报告");
        let disclosure = n.phrase("信息公开");
        let note = n.phrase("说明");
        let review = n.phrase("行政复议");
        let upheld = n.phrase("结果维持");
        assert!(
            n.texts.len() <= CAPACITY,
            "{} statutory phrases, room for {CAPACITY}",
            n.texts.len()
        );
        // Each text once (a repeated pattern is an error), none empty: built from the
        // constant layout, so a failure is a bug that any test run shows at once.
        let matcher = CharwiseDoubleArrayAhoCorasick::new(&n.texts)
            .expect("the statutory phrases make an automaton");
        Statutory {
            matcher,
            table3,
            table2,
            groups,
            table3_headers,
            headings_2021,
            headings_2019,
            newly_received,
            application,
            annual_report,
            disclosure,
            note,
            review,
            upheld,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_answer_as_substring_search_does() {
        let s = &*STATUTORY;
        let cases = [
            "本年新收政府信息公开申请数量",
            "行政复议",
            "行政复议结果",
            "结果维持",
            "其他处理",
            "本年制发件数(件)",
            "政府信息公开工作年度报告说明",
            "",
        ];
        for label in cases {
            let hits = Hits::of(label);
            for (i, text) in [
                ("本年新收", s.newly_received),
                ("申请", s.application),
                ("年度报告", s.annual_report),
                ("信息公开", s.disclosure),
                ("说明", s.note),
                ("行政复议", s.review),
                ("结果维持", s.upheld),
            ]
            .into_iter()
            .map(|(t, p)| (p, t))
            {
                assert_eq!(hits.contains(i), label.contains(text), "{label} ∋ {text}");
                assert_eq!(
                    hits.starts_with(i),
                    label.starts_with(text),
                    "{label} ^ {text}"
                );
                assert_eq!(hits.is(i), label == text, "{label} = {text}");
            }
        }
    }

    #[test]
    fn row_masks_name_the_rows_that_substring_search_names() {
        let s = &*STATUTORY;
        let t3: Vec<&layout::Row> = super::super::grid::table3_rows().to_vec();
        let t2 = [Edition::E2021, Edition::E2019].map(|e| {
            layout::table(TableId::T2, e)
                .rows
                .iter()
                .collect::<Vec<_>>()
        });
        let tables = [
            (&t3, &s.table3),
            (&t2[0], &s.table2[0]),
            (&t2[1], &s.table2[1]),
        ];
        // Every wording and phrase of every row, alone and inside other text.
        let mut labels: Vec<String> = Vec::new();
        for (rows, _) in tables {
            for row in rows.iter() {
                labels.push(row.wording.to_string());
                for m in row.matches {
                    let (Match::Exact(p) | Match::Contains(p)) = *m;
                    labels.extend([p.to_string(), format!("{p}情况"), format!("其中{p}")]);
                }
            }
        }
        for label in &labels {
            let hits = Hits::of(label);
            for (rows, numbered) in tables {
                for (i, row) in rows.iter().enumerate() {
                    let by_search = row
                        .matches
                        .iter()
                        .any(|m| crate::labels::matches(label, *m));
                    assert_eq!(
                        hits.names(&numbered.masks[i], true),
                        by_search,
                        "{label} / {}",
                        row.key
                    );
                    let wording = label.contains(row.wording);
                    assert_eq!(
                        hits.contains(numbered.wording[i]),
                        wording,
                        "{label} ∋ {}",
                        row.wording
                    );
                }
            }
        }
    }

    #[test]
    fn the_phrases_fit_their_bit_sets() {
        // 结果维持 is numbered last: the count is one more, and the automaton finds it.
        let s = &*STATUTORY;
        assert!(usize::from(s.upheld.0) < CAPACITY);
        assert!(Hits::of("结果维持").is(s.upheld));
    }
}
