//! Corpus generator: many realistic annual reports with a recorded truth.
//!
//! ```text
//! cargo run --release --example make_corpus -- --count N --out DIR [--seed S] [--json-share 0.2] [--jobs J]
//! ```
//!
//! Writes N reports (政府信息公开工作年度报告) into `DIR/<county>/…`, mostly `.xlsx` and a
//! share as canonical JSON (SPEC §7), plus `DIR/truth.jsonl` with one line per file:
//!
//! ```json
//! {"path": "平阳县/平阳县教育局2023年政府信息公开工作年度报告.xlsx", "agency": "平阳县教育局",
//!  "year": 2023, "edition": "2021", "layout": "…",
//!  "injected": null | {"kind", "key", "from", "to"},
//!  "expect_rules": ["T3-BALANCE", …], "expect_warnings": ["CELL-BLANK"]}
//! ```
//!
//! - Agencies come in series of consecutive years (2019–2024) with `carried_over(y)` =
//!   `carried_forward(y−1)`; the edition fits the year (2019 edition for 2019–2020, 2021 edition
//!   from 2021). Every clean report satisfies every SPEC §3 single-report rule.
//! - About 30 % of reports carry exactly one injected error (`kind`: `leaf_changed`,
//!   `total_changed`, `carried_forward_typo`, `t4_total_off`, `blank_cell`, `text_cell`,
//!   `negative_count`, `wrong_edition`). `expect_rules` are the error rule ids (a set) that
//!   a small restatement of SPEC §3 here computes on the data as written; `expect_warnings`
//!   the warning ids (CELL-BLANK). Cross-year rules (T3-CARRY-CONTINUITY …) are not in them.
//! - Layouts vary: official template at A1, offsets, sheet names, one/two/three sheets,
//!   tables out of order, WPS-merged or one-column labels, blank columns, split headers, a
//!   序号 column, table 4 with a label column or transposed, numbers as text (some
//!   full-width), several title forms. `layout` in the truth names the choices.
//! - Deterministic for a seed (splitmix64; fixed workbook date), whatever `--jobs` is.

#[path = "common/statutory.rs"]
mod statutory;

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rust_xlsxwriter::{Format, Worksheet};
use serde_json::{Value, json};
use statutory::{
    Ed, Fmts, Grid, JsonReport, P, R, Style, T3_COLS, T3Lab, T3Opts, T4_COLS, T4_GROUPS, T4Opts, V,
    differs, fmt_num, full_width, jv,
};

// ---------------------------------------------------------------------------
// PRNG (splitmix64)
// ---------------------------------------------------------------------------

#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }
    /// Inclusive range.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Index drawn with the given weights.
    fn weighted(&mut self, w: &[f64]) -> usize {
        let total: f64 = w.iter().sum();
        let mut x = self.unit() * total;
        for (i, wi) in w.iter().enumerate() {
            if x < *wi {
                return i;
            }
            x -= wi;
        }
        w.len() - 1
    }
    fn fork(&mut self) -> Rng {
        Rng(self.next())
    }
}

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// Result leaves shared by both editions, with a typical share of applications.
const LEAVES: [(&str, f64); 18] = [
    ("results.disclosed", 40.0),
    ("results.partially_disclosed", 7.0),
    ("results.withheld.state_secret", 0.4),
    ("results.withheld.prohibited_by_law", 0.6),
    ("results.withheld.security_stability", 0.3),
    ("results.withheld.third_party_rights", 1.2),
    ("results.withheld.internal_affairs", 1.0),
    ("results.withheld.process_info", 1.5),
    ("results.withheld.enforcement_file", 0.8),
    ("results.withheld.inquiry_matter", 0.8),
    ("results.unavailable.not_held", 22.0),
    ("results.unavailable.needs_creation", 4.0),
    ("results.unavailable.unclear_after_correction", 2.0),
    ("results.not_processed.complaint", 4.0),
    ("results.not_processed.duplicate", 3.0),
    ("results.not_processed.publication", 0.5),
    ("results.not_processed.mass_repetitive", 1.0),
    ("results.not_processed.confirm_or_reissue", 1.0),
];
const OTHER_2021: [(&str, f64); 3] = [
    ("results.other.overdue_correction", 3.0),
    ("results.other.overdue_fee", 0.3),
    ("results.other.other", 3.0),
];

fn t3_keys(ed: Ed) -> Vec<&'static str> {
    let mut k = vec!["new_received", "carried_over"];
    k.extend(LEAVES.iter().map(|(n, _)| *n));
    match ed {
        Ed::E2021 => k.extend(OTHER_2021.iter().map(|(n, _)| *n)),
        Ed::E2019 => k.push("results.other"),
    }
    k.push("results.total");
    k.push("carried_forward");
    k
}

fn is_leaf(key: &str) -> bool {
    key.starts_with("results.") && key != "results.total"
}

#[derive(Clone, Debug)]
struct Report {
    agency: String,
    county: String,
    year: u32,
    ed: Ed,
    t2: Vec<(&'static str, Vec<(&'static str, V)>)>,
    t3: Vec<(&'static str, Vec<V>)>,
    t4: Vec<(&'static str, Vec<V>)>,
}

impl Report {
    fn t3_row(&self, row: &str) -> &Vec<V> {
        &self.t3.iter().find(|(k, _)| *k == row).expect("t3 row").1
    }
    fn t2_get(&self, row: &str, col: &str) -> &V {
        let r = self.t2.iter().find(|(k, _)| *k == row).expect("t2 row");
        &r.1.iter().find(|(k, _)| *k == col).expect("t2 col").1
    }
    /// Every cell: (canonical key, value).
    fn cells(&self) -> Vec<(String, V)> {
        let mut out = Vec::new();
        for (rk, cols) in &self.t2 {
            for (ck, v) in cols {
                out.push((format!("table2.{rk}.{ck}"), v.clone()));
            }
        }
        for (rk, vals) in &self.t3 {
            for (j, v) in vals.iter().enumerate() {
                out.push((format!("table3.{rk}.{}", T3_COLS[j]), v.clone()));
            }
        }
        for (g, vals) in &self.t4 {
            for (j, v) in vals.iter().enumerate() {
                out.push((format!("table4.{g}.{}", T4_COLS[j]), v.clone()));
            }
        }
        out
    }
    fn get(&self, key: &str) -> V {
        self.cells()
            .into_iter()
            .find(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("no cell {key}"))
            .1
    }
    fn set(&mut self, key: &str, v: V) {
        let parts: Vec<&str> = key.split('.').collect();
        let (last, row) = (parts[parts.len() - 1], parts[1..parts.len() - 1].join("."));
        match parts[0] {
            "table2" => {
                let r = self.t2.iter_mut().find(|(k, _)| *k == row).expect("t2 row");
                r.1.iter_mut().find(|(k, _)| *k == last).expect("t2 col").1 = v;
            }
            "table3" => {
                let j = T3_COLS.iter().position(|c| *c == last).expect("t3 col");
                self.t3
                    .iter_mut()
                    .find(|(k, _)| *k == row)
                    .expect("t3 row")
                    .1[j] = v;
            }
            "table4" => {
                let j = T4_COLS.iter().position(|c| *c == last).expect("t4 col");
                self.t4
                    .iter_mut()
                    .find(|(k, _)| *k == row)
                    .expect("t4 grp")
                    .1[j] = v;
            }
            t => panic!("bad table {t}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Agencies
// ---------------------------------------------------------------------------

const SYL1: &[&str] = &[
    "东", "西", "南", "北", "青", "白", "金", "安", "平", "永", "长", "清", "宁", "丰", "兴", "和",
    "泰", "新", "高", "龙", "凤", "云", "石", "桃", "柳", "松", "临", "沙", "湖", "溪", "双", "江",
];
const SYL2: &[&str] = &[
    "阳", "山", "河", "城", "川", "江", "源", "宁", "安", "平", "林", "州", "丘", "水", "原", "陵",
    "峰", "乐", "溪", "泉", "台", "湾", "口", "岭",
];
const BUREAUS: &[(&str, u8)] = &[
    // name, size class (0 tiny, 1 small, 2 medium, 3 large-ish)
    ("发展和改革局", 1),
    ("教育局", 1),
    ("科学技术局", 0),
    ("工业和信息化局", 0),
    ("公安局", 2),
    ("民政局", 1),
    ("司法局", 1),
    ("财政局", 1),
    ("人力资源和社会保障局", 2),
    ("自然资源局", 2),
    ("自然资源和规划局", 2),
    ("生态环境分局", 1),
    ("住房和城乡建设局", 2),
    ("交通运输局", 1),
    ("水利局", 1),
    ("农业农村局", 1),
    ("商务局", 0),
    ("文化和旅游局", 0),
    ("卫生健康局", 1),
    ("退役军人事务局", 0),
    ("应急管理局", 0),
    ("审计局", 0),
    ("市场监督管理局", 2),
    ("统计局", 0),
    ("医疗保障局", 1),
    ("林业局", 0),
    ("城市管理局", 1),
    ("行政审批服务局", 1),
    ("发展和改革委员会", 1),
    ("卫生健康委员会", 1),
    ("民族宗教事务委员会", 0),
    ("经济开发区管理委员会", 1),
    ("教育和体育委员会", 1),
];

#[derive(Clone)]
struct Agency {
    name: String,
    county: String,
    /// 0 tiny … 3 large.
    size: u8,
    town: bool,
    government: bool,
}

fn county_names(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    let mut tries = 0usize;
    while out.len() < n {
        tries += 1;
        let suffix = *rng.pick(&["县", "县", "县", "区", "区", "市"]);
        // Two-syllable names run out after a few thousand; then three syllables.
        let mid = if tries > 20 * n.min(1000) {
            *rng.pick(SYL2)
        } else {
            ""
        };
        let name = format!("{}{}{}{}", rng.pick(SYL1), mid, rng.pick(SYL2), suffix);
        if seen.insert(name.clone()) {
            out.push(name);
        }
    }
    out
}

fn county_agencies(rng: &mut Rng, county: &str) -> Vec<Agency> {
    let mut v = vec![Agency {
        name: format!("{county}人民政府"),
        county: county.into(),
        size: 2 + rng.chance(0.3) as u8,
        town: false,
        government: true,
    }];
    if county.ends_with('区') || county.ends_with('市') {
        v.push(Agency {
            name: format!("{county}人民政府办公室"),
            county: county.into(),
            size: 1,
            town: false,
            government: true,
        });
    }
    for (b, size) in BUREAUS {
        if rng.chance(0.7) {
            v.push(Agency {
                name: format!("{county}{b}"),
                county: county.into(),
                size: *size,
                town: false,
                government: false,
            });
        }
    }
    let mut seen = HashSet::new();
    for _ in 0..rng.range(4, 14) {
        let base = format!("{}{}", rng.pick(SYL1), rng.pick(SYL2));
        if !seen.insert(base.clone()) {
            continue;
        }
        let name = match rng.below(5) {
            0 | 1 => format!("{county}{base}镇人民政府"),
            2 => format!("{county}{base}乡人民政府"),
            _ => format!("{county}{base}街道办事处"),
        };
        v.push(Agency {
            name,
            county: county.into(),
            size: 0,
            town: true,
            government: true,
        });
    }
    v
}

// ---------------------------------------------------------------------------
// Clean data
// ---------------------------------------------------------------------------

fn n(x: i64) -> V {
    V::N(x as f64)
}

/// Scatters `count` units over the weights.
fn scatter(rng: &mut Rng, count: i64, w: &[f64]) -> Vec<i64> {
    let mut out = vec![0; w.len()];
    for _ in 0..count {
        out[rng.weighted(w)] += 1;
    }
    out
}

fn applications(rng: &mut Rng, a: &Agency) -> i64 {
    let size = if rng.chance(0.05) { 3 } else { a.size };
    match size {
        0 => {
            if rng.chance(0.4) {
                0
            } else {
                rng.range(1, 6)
            }
        }
        1 => rng.range(0, 30),
        2 => rng.range(10, 120),
        _ => rng.range(100, 900),
    }
}

/// Table 3 for one year; `carried_over` per applicant column (6).
fn gen_t3(
    rng: &mut Rng,
    a: &Agency,
    ed: Ed,
    carried_over: [i64; 6],
) -> Vec<(&'static str, Vec<V>)> {
    let total_new = applications(rng, a);
    let mut cw = [
        rng.range(60, 95) as f64,
        rng.range(0, 20) as f64,
        rng.range(0, 3) as f64,
        rng.range(0, 3) as f64,
        rng.range(0, 8) as f64,
        rng.range(0, 6) as f64,
    ];
    if rng.chance(0.3) {
        cw[2] = 0.0;
        cw[3] = 0.0;
    }
    let new6 = scatter(rng, total_new, &cw);
    let p_cf = *rng.pick(&[0.0, 0.0, 0.02, 0.05, 0.1]);
    let mut leaf_w: Vec<(&'static str, f64)> = LEAVES.to_vec();
    match ed {
        Ed::E2021 => leaf_w.extend(OTHER_2021),
        Ed::E2019 => leaf_w.push(("results.other", OTHER_2021.iter().map(|x| x.1).sum())),
    }
    let w: Vec<f64> = leaf_w
        .iter()
        .map(|(_, x)| x * (0.3 + rng.unit() * 1.4))
        .collect();
    let mut leaves = vec![[0i64; 6]; leaf_w.len()];
    let mut res = [0i64; 6];
    let mut cf = [0i64; 6];
    for c in 0..6 {
        let handled = new6[c] + carried_over[c];
        for _ in 0..handled {
            if rng.chance(p_cf) {
                cf[c] += 1;
            } else {
                leaves[rng.weighted(&w)][c] += 1;
                res[c] += 1;
            }
        }
    }
    let row = |x: [i64; 6]| -> Vec<V> {
        let mut v: Vec<V> = x.iter().map(|y| n(*y)).collect();
        v.push(n(x.iter().sum()));
        v
    };
    let mut out = vec![
        ("new_received", row(new6.try_into().unwrap())),
        ("carried_over", row(carried_over)),
    ];
    for (i, (k, _)) in leaf_w.iter().enumerate() {
        out.push((*k, row(leaves[i])));
    }
    out.push(("results.total", row(res)));
    out.push(("carried_forward", row(cf)));
    out
}

fn t4_gen(rng: &mut Rng, a: &Agency) -> Vec<(&'static str, Vec<V>)> {
    let scale: f64 = match a.size {
        0 => 0.15,
        1 => 0.6,
        2 => 2.0,
        _ => 6.0,
    };
    T4_GROUPS
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let m: f64 = scale * [1.0, 0.6, 0.3][gi];
            let cnt = if rng.chance((m / (1.0 + m)).min(0.9)) {
                rng.range(1, (m * 3.0).ceil() as i64 + 1)
            } else {
                0
            };
            let p = scatter(rng, cnt, &[6.0, 1.0, 1.5, 1.5]);
            let mut v: Vec<V> = p.iter().map(|x| n(*x)).collect();
            v.push(n(cnt));
            (*g, v)
        })
        .collect()
}

fn log_count(rng: &mut Rng, p_zero: f64, max_exp: f64) -> i64 {
    if rng.chance(p_zero) {
        0
    } else {
        10f64.powf(rng.unit() * max_exp).floor() as i64
    }
}

fn money(rng: &mut Rng, p_zero: f64) -> f64 {
    if rng.chance(p_zero) {
        0.0
    } else {
        let x = 10f64.powf(rng.unit() * 3.0 - 0.5);
        match rng.below(3) {
            0 => x.round(),
            1 => (x * 10.0).round() / 10.0,
            _ => (x * 100.0).round() / 100.0,
        }
    }
}

fn t2_gen(rng: &mut Rng, a: &Agency, ed: Ed) -> Vec<(&'static str, Vec<(&'static str, V)>)> {
    let big = match a.size {
        0 => 1.5,
        1 => 2.5,
        2 => 3.5,
        _ => 4.3,
    };
    let regs = a.government && !a.town && rng.chance(0.05);
    match ed {
        Ed::E2021 => {
            let (ri, rr, rf) = if regs {
                (rng.range(0, 3), rng.range(0, 1), rng.range(3, 40))
            } else {
                (0, 0, 0)
            };
            let ni = rng.range(0, if a.town { 5 } else { 25 });
            let nr = rng.range(0, ni.max(2));
            let nf = ni + rng.range(0, 150);
            vec![
                (
                    "regulations",
                    vec![("issued", n(ri)), ("repealed", n(rr)), ("in_force", n(rf))],
                ),
                (
                    "normative_documents",
                    vec![("issued", n(ni)), ("repealed", n(nr)), ("in_force", n(nf))],
                ),
                (
                    "licensing",
                    vec![("decisions", n(log_count(rng, 0.35, big)))],
                ),
                (
                    "penalty",
                    vec![("decisions", n(log_count(rng, 0.4, big - 0.5)))],
                ),
                (
                    "coercion",
                    vec![("decisions", n(log_count(rng, 0.6, big - 1.5)))],
                ),
                ("fees", vec![("amount", V::N(money(rng, 0.6)))]),
            ]
        }
        Ed::E2019 => {
            let (rc, rp, rt) = if regs {
                let c = rng.range(0, 3);
                (c, c, rng.range(3, 40))
            } else {
                (0, 0, 0)
            };
            let nc = rng.range(0, if a.town { 5 } else { 25 });
            let np = rng.range((nc - 2).max(0), nc);
            let nt = np + rng.range(0, 150);
            let row3 = |rng: &mut Rng, p0: f64, e: f64| {
                let prev = log_count(rng, p0, 2.3);
                let ch = if prev == 0 {
                    rng.range(0, 2)
                } else {
                    rng.range(-5, 5)
                };
                vec![
                    ("previous_items", n(prev)),
                    ("change", n(ch)),
                    ("decisions", n(log_count(rng, p0, e))),
                ]
            };
            let lic = row3(rng, 0.35, big);
            let oth = row3(rng, 0.5, big - 0.5);
            let pen = row3(rng, 0.4, big - 0.5);
            let coe = row3(rng, 0.6, big - 1.5);
            let fp = log_count(rng, 0.6, 1.3);
            vec![
                (
                    "regulations",
                    vec![
                        ("created", n(rc)),
                        ("published", n(rp)),
                        ("total_published", n(rt)),
                    ],
                ),
                (
                    "normative_documents",
                    vec![
                        ("created", n(nc)),
                        ("published", n(np)),
                        ("total_published", n(nt)),
                    ],
                ),
                ("licensing", lic),
                ("other_services", oth),
                ("penalty", pen),
                ("coercion", coe),
                (
                    "fees",
                    vec![
                        ("previous_items", n(fp)),
                        ("change", n(rng.range(-1, 1).max(-fp))),
                    ],
                ),
                (
                    "procurement",
                    vec![
                        ("items", n(log_count(rng, 0.5, 1.8))),
                        ("amount", V::N(money(rng, 0.5))),
                    ],
                ),
            ]
        }
    }
}

/// Converts a clean report to the other edition (the "wrong edition" injection): table 2
/// regenerated with the other keys, table 3's (六)其他处理 merged into one row or split.
fn to_edition(rng: &mut Rng, rep: &mut Report, a: &Agency, ed: Ed) {
    rep.ed = ed;
    rep.t2 = t2_gen(rng, a, ed);
    let mut t3 = Vec::new();
    for (k, v) in rep.t3.drain(..) {
        match (ed, k) {
            (Ed::E2019, "results.other.overdue_correction") => t3.push(("results.other", v)),
            (Ed::E2019, k) if k.starts_with("results.other.") => {
                let last: &mut (&str, Vec<V>) = t3.last_mut().unwrap();
                for (x, y) in last.1.iter_mut().zip(v) {
                    if let (V::N(a), V::N(b)) = (x, y) {
                        *a += b;
                    }
                }
            }
            (Ed::E2021, "results.other") => {
                t3.push(("results.other.overdue_correction", v));
                t3.push(("results.other.overdue_fee", vec![n(0); 7]));
                t3.push(("results.other.other", vec![n(0); 7]));
            }
            (_, k) => t3.push((k, v)),
        }
    }
    rep.t3 = t3;
}

// ---------------------------------------------------------------------------
// Independent restatement of SPEC §3 single-report rules (and §5 cell reading)
// ---------------------------------------------------------------------------

/// SPEC §5 reading of a number cell, thousands separators dropped.
fn parse(v: &V) -> P {
    statutory::parse(v, true)
}

fn is_count(key: &str) -> bool {
    !(key.ends_with(".amount") || (key.starts_with("table2.") && key.ends_with(".change")))
}

/// (error rule ids, warning rule ids).
fn check(rep: &Report) -> (BTreeSet<&'static str>, BTreeSet<&'static str>) {
    let mut err = BTreeSet::new();
    let mut warn = BTreeSet::new();
    if rep.ed != Ed::for_year(rep.year) {
        err.insert("EDITION-MISMATCH");
    }
    for (k, v) in rep.cells() {
        match parse(&v) {
            P::Blank => {
                warn.insert("CELL-BLANK");
            }
            P::Text => {
                err.insert("CELL-TEXT");
            }
            P::Num(x) if is_count(&k) && (x < 0.0 || x.fract() != 0.0) => {
                err.insert("CELL-COUNT");
            }
            _ => {}
        }
    }
    let num = |v: &V| match parse(v) {
        P::Num(x) => Some(x),
        P::Blank => Some(0.0),
        P::Text => None,
    };
    let sum = |vs: &[&V]| vs.iter().map(|v| num(v)).sum::<Option<f64>>();
    let leaves: Vec<&Vec<V>> = rep
        .t3
        .iter()
        .filter(|(k, _)| is_leaf(k))
        .map(|(_, v)| v)
        .collect();
    for j in 0..7 {
        let lhs = sum(&[
            &rep.t3_row("new_received")[j],
            &rep.t3_row("carried_over")[j],
        ]);
        let rhs = sum(&[
            &rep.t3_row("results.total")[j],
            &rep.t3_row("carried_forward")[j],
        ]);
        if differs(lhs, rhs) {
            err.insert("T3-BALANCE");
        }
        let parts: Vec<&V> = leaves.iter().map(|v| &v[j]).collect();
        if differs(sum(&parts), num(&rep.t3_row("results.total")[j])) {
            err.insert("T3-RESULTS-SUM");
        }
    }
    for (_, vals) in &rep.t3 {
        let parts: Vec<&V> = vals[..6].iter().collect();
        if differs(sum(&parts), num(&vals[6])) {
            err.insert("T3-COLUMN-SUM");
        }
    }
    for (_, vals) in &rep.t4 {
        let parts: Vec<&V> = vals[..4].iter().collect();
        if differs(sum(&parts), num(&vals[4])) {
            err.insert("T4-GROUP-SUM");
        }
    }
    (err, warn)
}

// ---------------------------------------------------------------------------
// Injection
// ---------------------------------------------------------------------------

struct Injected {
    kind: &'static str,
    key: String,
    from: Value,
    to: Value,
}

fn num_of(v: &V) -> i64 {
    match v {
        V::N(x) => *x as i64,
        _ => 0,
    }
}

/// A plausible typo of a whole number: ±1, ±2, +10, or two digits swapped.
fn typo(rng: &mut Rng, x: i64) -> i64 {
    loop {
        let y = match rng.below(5) {
            0 => x + 1,
            1 => x - 1,
            2 => x + 2,
            3 => x + 10,
            _ => {
                let s: Vec<char> = x.to_string().chars().collect();
                if s.len() >= 2 {
                    let mut t = s.clone();
                    t.swap(s.len() - 1, s.len() - 2);
                    t.iter().collect::<String>().parse().unwrap()
                } else {
                    x + 1
                }
            }
        };
        if y >= 0 && y != x {
            return y;
        }
    }
}

fn inject(rng: &mut Rng, rep: &mut Report, a: &Agency) -> Injected {
    let kinds = [
        "leaf_changed",
        "total_changed",
        "carried_forward_typo",
        "t4_total_off",
        "blank_cell",
        "text_cell",
        "negative_count",
        "wrong_edition",
    ];
    let kind = *rng.pick(&kinds);
    let col7 = |rng: &mut Rng| *rng.pick(&[0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 6, 6]);
    let change = |rep: &mut Report, key: String, to: V| -> Injected {
        let from = rep.get(&key);
        rep.set(&key, to.clone());
        Injected {
            kind,
            key,
            from: jv(&from),
            to: jv(&to),
        }
    };
    match kind {
        "leaf_changed" => {
            let leaves: Vec<&str> = rep.t3.iter().map(|x| x.0).filter(|k| is_leaf(k)).collect();
            // Mostly a row that has applications in it.
            let row = if rng.chance(0.7) {
                leaves[0]
            } else {
                *rng.pick(&leaves)
            };
            let key = format!("table3.{row}.{}", T3_COLS[col7(rng)]);
            let x = num_of(&rep.get(&key));
            let y = typo(rng, x);
            change(rep, key, n(y))
        }
        "total_changed" => {
            let key = if rng.chance(0.5) {
                let row = *rng.pick(&[
                    "new_received",
                    "carried_over",
                    "results.total",
                    "carried_forward",
                ]);
                format!("table3.{row}.total")
            } else {
                format!("table3.results.total.{}", T3_COLS[rng.below(6)])
            };
            let x = num_of(&rep.get(&key));
            let y = typo(rng, x);
            change(rep, key, n(y))
        }
        "carried_forward_typo" => {
            let key = format!("table3.carried_forward.{}", T3_COLS[col7(rng)]);
            let x = num_of(&rep.get(&key));
            let y = typo(rng, x);
            change(rep, key, n(y))
        }
        "t4_total_off" => {
            let key = format!("table4.{}.total", rng.pick(&T4_GROUPS));
            let x = num_of(&rep.get(&key));
            let y = if x == 0 || rng.chance(0.5) {
                x + 1
            } else {
                x - 1
            };
            change(rep, key, n(y))
        }
        "blank_cell" => {
            let cells: Vec<(String, V)> = rep
                .cells()
                .into_iter()
                .filter(|(k, _)| !k.starts_with("table2."))
                .collect();
            let nonzero: Vec<&(String, V)> = cells.iter().filter(|(_, v)| *v != n(0)).collect();
            let key = if !nonzero.is_empty() && rng.chance(0.6) {
                rng.pick(&nonzero).0.clone()
            } else {
                rng.pick(&cells).0.clone()
            };
            let to = match rng.below(6) {
                0 | 1 => V::E,
                2 => V::S("—".into()),
                3 => V::S("-".into()),
                4 => V::S("/".into()),
                _ => V::S("无".into()),
            };
            change(rep, key, to)
        }
        "text_cell" => {
            let cells: Vec<String> = rep.cells().into_iter().map(|(k, _)| k).collect();
            let key = rng.pick(&cells).clone();
            let t = *rng.pick(&["见附件", "见附件", "详见附件", "见附表", "三"]);
            change(rep, key, V::S(t.into()))
        }
        "negative_count" => {
            let cells: Vec<(String, V)> = rep
                .cells()
                .into_iter()
                .filter(|(k, _)| is_count(k))
                .collect();
            let (key, v) = rng.pick(&cells).clone();
            let x = num_of(&v);
            let y = if x > 0 { -x } else { -rng.range(1, 3) };
            change(rep, key, n(y))
        }
        "wrong_edition" => {
            let right = rep.ed;
            let wrong = if right == Ed::E2021 {
                Ed::E2019
            } else {
                Ed::E2021
            };
            to_edition(rng, rep, a, wrong);
            Injected {
                kind,
                key: "edition".into(),
                from: json!(right.as_str()),
                to: json!(wrong.as_str()),
            }
        }
        _ => unreachable!(),
    }
}

// ---------------------------------------------------------------------------
// Layout choices
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum NumStyle {
    Number,
    /// Every figure a text cell; some full-width, some with spaces, big ones with commas.
    Text,
    /// About one figure in four a text cell.
    Mixed,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Split {
    One,
    /// title + table 2 | tables 3 + 4.
    Two,
    /// title + table 2 | table 3 | table 4.
    Three,
    /// tables 3 + 4 | title + table 2.
    OutOfOrder,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum TitleStyle {
    Plain,
    Niandu,
    YearFirst,
    TwoLines,
}

#[derive(Clone, Debug)]
struct Layout {
    split: Split,
    sheet_names: Vec<String>,
    instructions_first: bool,
    r0: u32,
    c0: u16,
    filler_note: bool,
    prose: bool,
    title: TitleStyle,
    gap_rows: u32,
    t2_gap: u16,
    t3_lab: T3Lab,
    gap_nums: u16,
    gap_total: u16,
    org_repeated: bool,
    serial_col: bool,
    hrepl: Vec<(&'static str, &'static str)>,
    lrepl: Vec<(&'static str, &'static str)>,
    t4_label_col: bool,
    t4_transposed: bool,
    t4_note: bool,
    ns: NumStyle,
    seed: u64,
}

impl Layout {
    fn describe(&self) -> String {
        let mut d = vec![format!("{:?}", self.split).to_lowercase()];
        d.push(format!("sheets={}", self.sheet_names.join("|")));
        if self.r0 > 0 || self.c0 > 0 {
            d.push(format!("start=R{}C{}", self.r0 + 1, self.c0 + 1));
        }
        d.push(format!("t3={:?}", self.t3_lab).to_lowercase());
        d.push(format!("nums={:?}", self.ns).to_lowercase());
        d.push(format!("title={:?}", self.title).to_lowercase());
        for (on, what) in [
            (self.instructions_first, "instructions_sheet"),
            (self.filler_note, "filler_note"),
            (self.prose, "prose"),
            (
                self.t2_gap > 0 || self.gap_nums > 0 || self.gap_total > 0,
                "blank_cols",
            ),
            (self.org_repeated, "org_repeated"),
            (self.serial_col, "serial_col"),
            (self.hrepl.len() > 1, "header_split"),
            (self.hrepl.len() == 1, "header_heji"),
            (self.lrepl.len() > 1, "label_ascii"),
            (self.lrepl.len() == 1, "label_heji"),
            (self.t4_label_col, "t4_label_col"),
            (self.t4_transposed, "t4_transposed"),
            (self.t4_note, "t4_note"),
        ] {
            if on {
                d.push(what.into());
            }
        }
        d.join(" ")
    }
}

fn gen_layout(rng: &mut Rng, rep: &Report) -> Layout {
    let split = match rng.below(20) {
        0..=13 => Split::One,
        14 | 15 => Split::Two,
        16 | 17 => Split::Three,
        _ => Split::OutOfOrder,
    };
    let y = rep.year;
    let one_names = [
        "Sheet1".to_string(),
        "Sheet1".to_string(),
        "附件2".to_string(),
        format!("{y}年报"),
        "年报".to_string(),
        "报表".to_string(),
        "政务公开年报".to_string(),
        format!("{y}"),
    ];
    let sheet_names: Vec<String> = match split {
        Split::One => vec![rng.pick(&one_names).clone()],
        Split::Two | Split::OutOfOrder => {
            let p = *rng.pick(&[
                ("表二", "表三表四"),
                ("Sheet1", "Sheet2"),
                ("主动公开", "依申请公开及复议诉讼"),
            ]);
            if split == Split::Two {
                vec![p.0.into(), p.1.into()]
            } else {
                vec![p.1.into(), p.0.into()]
            }
        }
        Split::Three => rng
            .pick(&[
                ["表二 主动公开", "表三 依申请", "表四 复议诉讼"],
                ["表2", "表3", "表4"],
                ["主动公开", "依申请公开", "复议诉讼"],
                ["Sheet1", "Sheet2", "Sheet3"],
            ])
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    let official = rng.chance(0.4);
    let mut l = Layout {
        split,
        sheet_names,
        instructions_first: false,
        r0: 0,
        c0: 0,
        filler_note: false,
        prose: false,
        title: TitleStyle::Plain,
        gap_rows: 0,
        t2_gap: 0,
        t3_lab: T3Lab::Official,
        gap_nums: 0,
        gap_total: 0,
        org_repeated: false,
        serial_col: false,
        hrepl: vec![],
        lrepl: vec![],
        t4_label_col: false,
        t4_transposed: false,
        t4_note: false,
        ns: NumStyle::Number,
        seed: rng.next(),
    };
    if official {
        return l;
    }
    l.instructions_first = rng.chance(0.05);
    if rng.chance(0.4) {
        l.r0 = rng.range(0, 4) as u32;
        l.c0 = rng.range(0, 3) as u16;
        l.filler_note = l.r0 >= 2 && rng.chance(0.5);
    }
    l.prose = rng.chance(0.1);
    l.title = *rng.pick(&[
        TitleStyle::Plain,
        TitleStyle::Plain,
        TitleStyle::Plain,
        TitleStyle::Niandu,
        TitleStyle::YearFirst,
        TitleStyle::TwoLines,
    ]);
    l.gap_rows = *rng.pick(&[0, 0, 1, 2]);
    l.t3_lab = *rng.pick(&[
        T3Lab::Official,
        T3Lab::Official,
        T3Lab::WpsMerged,
        T3Lab::OneColumn,
    ]);
    if rng.chance(0.15) {
        l.t2_gap = 1;
        l.gap_nums = 1;
        l.gap_total = rng.below(2) as u16;
    }
    l.org_repeated = rng.chance(0.1);
    l.serial_col = rng.chance(0.08);
    if rng.chance(0.15) {
        l.hrepl = vec![
            ("商业企业", "商业\n企业"),
            ("科研机构", "科研\n机构"),
            ("社会公益组织", "社会公益\n组织"),
            ("法律服务机构", "法律服务\n机构"),
            ("自然人", "自 然 人"),
            ("总计", "总 计"),
            ("结果维持", "结果\n维持"),
            ("尚未审结", "尚未\n审结"),
            ("本年制发件数", "本年制发\n件数"),
        ];
    } else if rng.chance(0.05) {
        l.hrepl = vec![("总计", "合计")];
    }
    if rng.chance(0.1) {
        l.lrepl = vec![("（", "("), ("）", ")"), ("“", "\""), ("”", "\"")];
    } else if rng.chance(0.05) {
        l.lrepl = vec![("（七）总计", "（七）合计")];
    }
    match rng.below(10) {
        0 => l.t4_label_col = true,
        1 => l.t4_transposed = true,
        _ => {}
    }
    l.t4_note = rng.chance(0.2);
    l.ns = *rng.pick(&[
        NumStyle::Number,
        NumStyle::Number,
        NumStyle::Number,
        NumStyle::Number,
        NumStyle::Text,
        NumStyle::Mixed,
    ]);
    l
}

// ---------------------------------------------------------------------------
// Writing workbooks
// ---------------------------------------------------------------------------

fn with_commas(x: i64) -> String {
    let s = x.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

struct Ctx<'a> {
    ws: &'a mut Worksheet,
    f: &'a Format,
    ns: NumStyle,
    rng: Rng,
}

impl Grid for Ctx<'_> {
    fn parts(&mut self) -> (&mut Worksheet, Option<&Fmts>) {
        (self.ws, None)
    }
}

impl Ctx<'_> {
    fn val(&mut self, r: u32, c: u16, span: u16, v: &V) -> R<()> {
        if span > 1 {
            self.ws.merge_range(r, c, r, c + span - 1, "", self.f)?;
        }
        match v {
            V::N(x) => {
                let as_text = match self.ns {
                    NumStyle::Number => false,
                    NumStyle::Text => true,
                    NumStyle::Mixed => self.rng.chance(0.25),
                };
                if as_text {
                    let plain = fmt_num(*x);
                    let t = if *x < 0.0 {
                        plain
                    } else {
                        match self.rng.below(8) {
                            0..=2 => plain,
                            3 | 4 => full_width(&plain),
                            5 => format!("{plain} "),
                            6 => format!(" {plain}"),
                            _ if x.fract() == 0.0 && *x >= 1000.0 => with_commas(*x as i64),
                            _ => plain,
                        }
                    };
                    self.ws.write_string(r, c, t)?;
                } else {
                    self.ws.write_number(r, c, *x)?;
                }
            }
            V::S(t) => {
                self.ws.write_string(r, c, t)?;
            }
            V::E => {}
        }
        Ok(())
    }
}

fn write_t2(cx: &mut Ctx, r0: u32, c0: u16, rep: &Report, l: &Layout) -> R<u32> {
    statutory::write_t2(
        cx,
        r0,
        c0,
        rep.ed,
        l.t2_gap,
        &l.hrepl,
        |cx, r, c, span, rk, ck| cx.val(r, c, span, rep.t2_get(rk, ck)),
    )
}

fn write_t3(cx: &mut Ctx, r0: u32, c0: u16, rep: &Report, l: &Layout) -> R<u32> {
    let o = T3Opts {
        lab: l.t3_lab,
        gap_nums: l.gap_nums,
        gap_total: l.gap_total,
        org_repeated: l.org_repeated,
        serial_col: l.serial_col,
        hrepl: &l.hrepl,
        lrepl: &l.lrepl,
    };
    let keys: Vec<&str> = rep.t3.iter().map(|(k, _)| *k).collect();
    statutory::write_t3(cx, r0, c0, &keys, &o, |cx, r, i, ncol| {
        for (j, v) in rep.t3[i].1.iter().enumerate() {
            cx.val(r, ncol[j], 1, v)?;
        }
        Ok(())
    })
}

fn write_t4(cx: &mut Ctx, r0: u32, c0: u16, rep: &Report, l: &Layout) -> R<u32> {
    let o = T4Opts {
        label_col: l.t4_label_col.then_some(("项目", "件数")),
        review_bottom_only: false,
        transposed: l.t4_transposed,
        hrepl: &l.hrepl,
    };
    statutory::write_t4(cx, r0, c0, &o, |cx, r, c, gi, ci| {
        cx.val(r, c, 1, &rep.t4[gi].1[ci])
    })
}

fn title_rows(rep: &Report, l: &Layout) -> Vec<String> {
    let (a, y) = (&rep.agency, rep.year);
    match l.title {
        TitleStyle::Plain => vec![format!("{a}{y}年政府信息公开工作年度报告")],
        TitleStyle::Niandu => vec![format!("{a}{y}年度政府信息公开工作年度报告")],
        TitleStyle::YearFirst => vec![format!("{y}年度{a}政府信息公开工作年度报告")],
        TitleStyle::TwoLines => vec![a.clone(), format!("{y}年政府信息公开工作年度报告")],
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Blk {
    Head,
    T2,
    T3,
    T4,
}

fn write_xlsx(rep: &Report, l: &Layout, path: &Path) -> R<()> {
    let f = Format::new();
    let mut wb = statutory::new_workbook("nianbao make_corpus");
    if l.instructions_first {
        let ws = wb.add_worksheet().set_name("填报说明")?;
        ws.write_string(0, 0, "政府信息公开工作年度报告填报说明")?;
        let doc = if rep.ed == Ed::E2021 {
            "国办公开办函〔2021〕30号"
        } else {
            "国办公开办函〔2019〕60号"
        };
        ws.write_string(
            1,
            0,
            format!("1.本表依据{doc}规定的格式填报，请勿增删行列。"),
        )?;
        ws.write_string(2, 0, "2.数字请填写阿拉伯数字，没有的填0。")?;
    }
    let plan: Vec<Vec<Blk>> = match l.split {
        Split::One => vec![vec![Blk::Head, Blk::T2, Blk::T3, Blk::T4]],
        Split::Two => vec![vec![Blk::Head, Blk::T2], vec![Blk::T3, Blk::T4]],
        Split::Three => vec![vec![Blk::Head, Blk::T2], vec![Blk::T3], vec![Blk::T4]],
        Split::OutOfOrder => vec![vec![Blk::T3, Blk::T4], vec![Blk::Head, Blk::T2]],
    };
    let mut rng = Rng(l.seed);
    for (si, blocks) in plan.iter().enumerate() {
        let ws = wb.add_worksheet().set_name(&l.sheet_names[si])?;
        let mut cx = Ctx {
            ws,
            f: &f,
            ns: l.ns,
            rng: rng.fork(),
        };
        let (c0, mut r) = (l.c0, l.r0);
        if si == 0 && l.filler_note {
            cx.text(
                0,
                c0,
                "填报人：张三    联系电话：0000-1234567",
                Style::Plain,
            )?;
        }
        for (bi, b) in blocks.iter().enumerate() {
            if bi > 0 {
                r += l.gap_rows;
            }
            r = match b {
                Blk::Head => {
                    for t in title_rows(rep, l) {
                        r = statutory::write_title(&mut cx, r, c0, &t)?;
                    }
                    if l.prose {
                        let t3 = |k: &str| num_of(&rep.t3_row(k)[6]);
                        cx.text(
                            r,
                            c0,
                            &format!(
                                "一、总体情况：{}年，本机关本年新收政府信息公开申请{}件，上年结转{}件，办结{}件，结转下年度继续办理{}件。",
                                rep.year,
                                t3("new_received"),
                                t3("carried_over"),
                                t3("results.total"),
                                t3("carried_forward")
                            ),
                            Style::Plain,
                        )?;
                        r += 1;
                    }
                    r
                }
                Blk::T2 => write_t2(&mut cx, r, c0, rep, l)?,
                Blk::T3 => write_t3(&mut cx, r, c0, rep, l)?,
                Blk::T4 => {
                    let r = write_t4(&mut cx, r, c0, rep, l)?;
                    if l.t4_note {
                        cx.text(
                            r,
                            c0,
                            "注：行政复议、行政诉讼数量含上年度结转数量",
                            Style::Plain,
                        )?;
                        r + 1
                    } else {
                        r
                    }
                }
            };
        }
    }
    wb.save(path)
}

// ---------------------------------------------------------------------------
// JSON (SPEC §7)
// ---------------------------------------------------------------------------

fn to_json(rep: &Report, text_share: f64, rng: &mut Rng) -> Value {
    let cell = |v: &V| -> Value {
        match v {
            V::N(x) if *x >= 0.0 && rng.chance(text_share) => {
                let p = fmt_num(*x);
                json!(if rng.chance(0.5) {
                    full_width(&p)
                } else {
                    format!("{p} ")
                })
            }
            v => jv(v),
        }
    };
    let doc = JsonReport {
        agency: &rep.agency,
        year: rep.year,
        edition: rep.ed,
        t2: &rep.t2,
        t3: &rep.t3,
        t4: Some(&rep.t4[..]),
    };
    statutory::report_json(&doc, cell)
}

// ---------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------

enum Kind {
    Xlsx(Layout),
    Json {
        text_share: f64,
        seed: u64,
        compact: bool,
    },
}

struct Item {
    rel: String,
    rep: Report,
    kind: Kind,
    injected: Option<Injected>,
    expect: BTreeSet<&'static str>,
    warn: BTreeSet<&'static str>,
}

fn file_name(rng: &mut Rng, agency: &str, year: u32, ext: &str) -> String {
    match rng.below(6) {
        0 | 1 => format!("{agency}{year}年政府信息公开工作年度报告.{ext}"),
        2 => format!("{agency}_{year}.{ext}"),
        3 => format!("{year}年报-{agency}.{ext}"),
        4 => format!("附件2 {agency}{year}年度报告表格.{ext}"),
        _ => format!("{year}/{agency}.{ext}"),
    }
}

fn plan(count: usize, seed: u64, json_share: f64, inject_share: f64) -> Vec<Item> {
    let mut rng = Rng(seed ^ 0x6E69_616E_6261_6F00);
    let ncounty = count / 60 + 1;
    let mut counties = county_names(&mut rng, ncounty);
    let mut pools: Vec<Vec<Agency>> = counties
        .iter()
        .map(|c| county_agencies(&mut rng, c))
        .collect();
    let mut items = Vec::with_capacity(count);
    let mut used_paths: HashSet<String> = HashSet::new();
    while items.len() < count {
        if pools.iter().all(|p| p.is_empty()) {
            let more = county_names(&mut rng, counties.len() + ncounty);
            let fresh: Vec<String> = more.into_iter().filter(|c| !counties.contains(c)).collect();
            for c in fresh {
                pools.push(county_agencies(&mut rng, &c));
                counties.push(c);
            }
        }
        let ci = rng.below(pools.len());
        if pools[ci].is_empty() {
            continue;
        }
        let ai = rng.below(pools[ci].len());
        let a = pools[ci].swap_remove(ai);
        let start = rng.range(2019, 2024) as u32;
        let len = rng.range(1, (2024 - start + 1) as i64) as u32;
        let mut co = [0i64; 6];
        if start > 2019 && rng.chance(0.5) {
            for (c, x) in co.iter_mut().enumerate() {
                *x = if c == 0 {
                    rng.range(0, 3)
                } else {
                    rng.range(0, 1) * rng.range(0, 1)
                };
            }
        }
        // Naming habit is per agency.
        let mut name_rng = rng.fork();
        let habit = name_rng.next();
        for year in start..start + len {
            if items.len() >= count {
                break;
            }
            let ed = Ed::for_year(year);
            let t3 = gen_t3(&mut rng, &a, ed, co);
            let cf = &t3.iter().find(|(k, _)| *k == "carried_forward").unwrap().1;
            for c in 0..6 {
                co[c] = num_of(&cf[c]);
            }
            let mut rep = Report {
                agency: a.name.clone(),
                county: a.county.clone(),
                year,
                ed,
                t2: t2_gen(&mut rng, &a, ed),
                t3,
                t4: t4_gen(&mut rng, &a),
            };
            let (e, w) = check(&rep);
            assert!(
                e.is_empty() && w.is_empty(),
                "clean report breaks rules: {e:?} {w:?}"
            );
            let injected = if rng.chance(inject_share) {
                Some(inject(&mut rng, &mut rep, &a))
            } else {
                None
            };
            let (expect, warn) = check(&rep);
            let keys: Vec<&str> = rep.t3.iter().map(|x| x.0).collect();
            assert_eq!(
                keys,
                t3_keys(rep.ed),
                "table-3 rows of the {} edition",
                rep.ed.as_str()
            );
            if let Some(inj) = &injected {
                // Every injection must be visible to at least one rule.
                assert!(
                    !expect.is_empty() || !warn.is_empty(),
                    "invisible injection {}",
                    inj.key
                );
            }
            let is_json = rng.chance(json_share);
            let ext = if is_json { "json" } else { "xlsx" };
            let mut nr = Rng(habit);
            let mut rel = format!("{}/{}", a.county, file_name(&mut nr, &a.name, year, ext));
            let mut k = 2;
            while !used_paths.insert(rel.clone()) {
                rel = format!(
                    "{}/{}",
                    a.county,
                    file_name(&mut nr, &a.name, year, ext)
                        .replace(&format!(".{ext}"), &format!("（{k}）.{ext}"))
                );
                k += 1;
            }
            let kind = if is_json {
                Kind::Json {
                    text_share: if rng.chance(0.2) { 0.1 } else { 0.0 },
                    seed: rng.next(),
                    compact: rng.chance(0.3),
                }
            } else {
                Kind::Xlsx(gen_layout(&mut rng, &rep))
            };
            items.push(Item {
                rel,
                rep,
                kind,
                injected,
                expect,
                warn,
            });
        }
    }
    items
}

fn write_item(root: &Path, it: &Item) {
    let path = root.join(&it.rel);
    match &it.kind {
        Kind::Xlsx(l) => {
            write_xlsx(&it.rep, l, &path).unwrap_or_else(|e| panic!("{}: {e}", it.rel))
        }
        Kind::Json {
            text_share,
            seed,
            compact,
        } => {
            let v = to_json(&it.rep, *text_share, &mut Rng(*seed));
            let mut s = if *compact {
                serde_json::to_string(&v)
            } else {
                serde_json::to_string_pretty(&v)
            }
            .unwrap();
            s.push('\n');
            fs::write(&path, s).unwrap_or_else(|e| panic!("{}: {e}", it.rel));
        }
    }
}

fn truth_line(it: &Item) -> String {
    let layout = match &it.kind {
        Kind::Xlsx(l) => l.describe(),
        Kind::Json {
            text_share,
            compact,
            ..
        } => {
            format!(
                "json{}{}",
                if *compact { " compact" } else { "" },
                if *text_share > 0.0 {
                    " text_numbers"
                } else {
                    ""
                }
            )
        }
    };
    let inj = match &it.injected {
        None => Value::Null,
        Some(i) => json!({"kind": i.kind, "key": i.key, "from": i.from, "to": i.to}),
    };
    serde_json::to_string(&json!({
        "path": it.rel,
        "agency": it.rep.agency,
        "county": it.rep.county,
        "year": it.rep.year,
        "edition": it.rep.ed.as_str(),
        "layout": layout,
        "injected": inj,
        "expect_rules": it.expect.iter().collect::<Vec<_>>(),
        "expect_warnings": it.warn.iter().collect::<Vec<_>>(),
    }))
    .unwrap()
}

fn usage() -> ! {
    eprintln!(
        "usage: make_corpus --count N --out DIR [--seed S] [--json-share 0.2] [--inject-share 0.3] [--jobs J]"
    );
    std::process::exit(2)
}

fn main() {
    let mut count = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut json_share = 0.2;
    let mut inject_share = 0.3;
    let mut jobs = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--count" => count = Some(val().parse::<usize>().unwrap_or_else(|_| usage())),
            "--out" => out = Some(PathBuf::from(val())),
            "--seed" => seed = val().parse().unwrap_or_else(|_| usage()),
            "--json-share" => json_share = val().parse().unwrap_or_else(|_| usage()),
            "--inject-share" => inject_share = val().parse().unwrap_or_else(|_| usage()),
            "--jobs" => jobs = val().parse::<usize>().unwrap_or_else(|_| usage()).max(1),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    let (Some(count), Some(out)) = (count, out) else {
        usage()
    };
    let t0 = Instant::now();
    let items = plan(count, seed, json_share, inject_share);
    let dirs: BTreeSet<PathBuf> = items
        .iter()
        .map(|it| out.join(&it.rel).parent().unwrap().to_path_buf())
        .collect();
    for d in &dirs {
        fs::create_dir_all(d).unwrap();
    }
    let t_plan = t0.elapsed();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..jobs {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    write_item(&out, &items[i]);
                }
            });
        }
    });
    let mut truth = std::io::BufWriter::new(fs::File::create(out.join("truth.jsonl")).unwrap());
    for it in &items {
        writeln!(truth, "{}", truth_line(it)).unwrap();
    }
    truth.flush().unwrap();
    let injected = items.iter().filter(|i| i.injected.is_some()).count();
    let json = items
        .iter()
        .filter(|i| matches!(i.kind, Kind::Json { .. }))
        .count();
    eprintln!(
        "make_corpus: {} files ({} xlsx, {} json; {} injected) in {} in {:.2?} (plan {:.2?}, {} jobs)",
        items.len(),
        items.len() - json,
        json,
        injected,
        out.display(),
        t0.elapsed(),
        t_plan,
        jobs
    );
}
