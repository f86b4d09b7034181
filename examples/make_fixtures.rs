//! Fixture generator for nianbao's tests.
//!
//! ```text
//! cargo run --example make_fixtures            # writes into ./fixtures
//! cargo run --example make_fixtures -- DIR     # writes into DIR
//! ```
//!
//! Produces `fixtures/xlsx/*.xlsx`, `fixtures/bad/*` and `fixtures/json/*.json`
//! from one in-memory model of a report, laid out like the official
//! 国办公开办函〔2019〕60号 / 〔2021〕30号 templates as clerks fill them (title row,
//! section headings, merged header cells). The `.xls` / `.ods` copies are made
//! from these by `fixtures/convert.sh` (LibreOffice), not here.
//!
//! Every fixture is checked here with a tiny independent re-statement of the
//! arithmetic / cell rules of SPEC §3 and the generator panics if a fixture
//! does not break exactly the rules it is meant to break. The addresses of the
//! deliberately broken cells are printed (and are listed in fixtures/README.md).
//!
//! Output is deterministic (fixed document creation date), so re-running the
//! generator on an unchanged file produces byte-identical workbooks.

#[path = "common/statutory.rs"]
mod statutory;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::Worksheet;
use serde_json::{Value, json};
use statutory::{
    Ed, Fmts, Grid, JsonReport, P, R, Style, T3_COLS, T3Opts, T4_COLS, T4_GROUPS, T4Opts, V, a1,
    differs,
};

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

fn s(text: &str) -> V {
    V::S(text.to_string())
}

#[derive(Clone, Debug)]
struct Report {
    agency: String,
    year: u32,
    t2_ed: Ed,
    t3_ed: Ed,
    /// row key -> [(column key, value)], in statutory order.
    t2: Vec<(String, Vec<(String, V)>)>,
    /// dotted row key (e.g. `results.withheld.state_secret`) -> 7 values.
    t3: Vec<(String, Vec<V>)>,
    /// group -> 5 values.
    t4: Vec<(String, Vec<V>)>,
    has_t4: bool,
}

fn nums(xs: &[f64]) -> Vec<V> {
    xs.iter().map(|x| V::N(*x)).collect()
}

impl Report {
    fn t2_set(&mut self, row: &str, col: &str, v: V) {
        let r = self.t2.iter_mut().find(|(k, _)| k == row).expect("t2 row");
        let c = r.1.iter_mut().find(|(k, _)| k == col).expect("t2 col");
        c.1 = v;
    }
    fn t2_get(&self, row: &str, col: &str) -> &V {
        let r = self.t2.iter().find(|(k, _)| k == row).expect("t2 row");
        &r.1.iter().find(|(k, _)| k == col).expect("t2 col").1
    }
    fn t3_row(&self, row: &str) -> &Vec<V> {
        &self
            .t3
            .iter()
            .find(|(k, _)| k == row)
            .unwrap_or_else(|| panic!("t3 row {row}"))
            .1
    }
    fn t3_set(&mut self, row: &str, col: &str, v: V) {
        let ci = T3_COLS.iter().position(|c| *c == col).expect("t3 col");
        let r = self.t3.iter_mut().find(|(k, _)| k == row).expect("t3 row");
        r.1[ci] = v;
    }
    fn t4_row(&self, g: &str) -> &Vec<V> {
        &self.t4.iter().find(|(k, _)| k == g).expect("t4 group").1
    }
    fn t4_set(&mut self, g: &str, col: &str, v: V) {
        let ci = T4_COLS.iter().position(|c| *c == col).expect("t4 col");
        let r = self.t4.iter_mut().find(|(k, _)| k == g).expect("t4 group");
        r.1[ci] = v;
    }
    fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.agency, self.year)
    }
}

fn t3_clean(ed: Ed) -> Vec<(String, Vec<V>)> {
    statutory::sample_t3(ed)
        .into_iter()
        .map(|(k, v)| (k.to_string(), nums(&v)))
        .collect()
}

fn t2_clean(ed: Ed) -> Vec<(String, Vec<(String, V)>)> {
    statutory::sample_t2(ed)
        .into_iter()
        .map(|(k, cols)| {
            (
                k.to_string(),
                cols.into_iter()
                    .map(|(c, x)| (c.to_string(), V::N(x)))
                    .collect(),
            )
        })
        .collect()
}

fn t4_clean() -> Vec<(String, Vec<V>)> {
    statutory::sample_t4()
        .into_iter()
        .map(|(g, v)| (g.to_string(), nums(&v)))
        .collect()
}

fn clean_2021() -> Report {
    Report {
        agency: "临沭县人民政府".into(),
        year: 2023,
        t2_ed: Ed::E2021,
        t3_ed: Ed::E2021,
        t2: t2_clean(Ed::E2021),
        t3: t3_clean(Ed::E2021),
        t4: t4_clean(),
        has_t4: true,
    }
}

fn clean_2019() -> Report {
    Report {
        agency: "临沭县人民政府".into(),
        year: 2020,
        t2_ed: Ed::E2019,
        t3_ed: Ed::E2019,
        t2: t2_clean(Ed::E2019),
        t3: t3_clean(Ed::E2019),
        t4: t4_clean(),
        has_t4: true,
    }
}

// ---------------------------------------------------------------------------
// Writing spreadsheets
// ---------------------------------------------------------------------------

/// Canonical key -> address, filled while writing.
type Addr = BTreeMap<String, String>;

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    name: String,
    f: &'a Fmts,
}

impl Grid for Sheet<'_> {
    fn parts(&mut self) -> (&mut Worksheet, Option<&Fmts>) {
        (self.ws, Some(self.f))
    }
}

impl Sheet<'_> {
    /// A value over `span` columns (merged if span > 1), recorded in `addr` as `key`.
    fn value(&mut self, r: u32, c: u16, span: u16, v: &V, key: String, addr: &mut Addr) -> R<()> {
        let f = &self.f.num;
        if span > 1 {
            self.ws.merge_range(r, c, r, c + span - 1, "", f)?;
        }
        match v {
            V::N(x) => {
                self.ws.write_number_with_format(r, c, *x, f)?;
            }
            V::S(t) => {
                self.ws.write_string_with_format(r, c, t, f)?;
            }
            V::E => {}
        }
        addr.insert(key, format!("{}!{}", self.name, a1(r, c)));
        Ok(())
    }
}

fn write_title(sh: &mut Sheet, r: u32, c: u16, rep: &Report) -> R<u32> {
    statutory::write_title(sh, r, c, &rep.title())
}

/// Writes heading + table 2 from (r, c); returns the next free row.
fn write_t2(sh: &mut Sheet, r0: u32, c0: u16, rep: &Report, addr: &mut Addr) -> R<u32> {
    statutory::write_t2(sh, r0, c0, rep.t2_ed, 0, &[], |sh, r, c, span, rk, ck| {
        let key = format!("table2.{rk}.{ck}");
        sh.value(r, c, span, rep.t2_get(rk, ck), key, addr)
    })
}

/// Writes heading + table 3 from (r, c); returns the next free row.
fn write_t3(sh: &mut Sheet, r0: u32, c0: u16, rep: &Report, addr: &mut Addr) -> R<u32> {
    let keys: Vec<&str> = rep.t3.iter().map(|(k, _)| k.as_str()).collect();
    statutory::write_t3(sh, r0, c0, &keys, &T3Opts::official(), |sh, r, i, ncol| {
        let (key, vals) = &rep.t3[i];
        for (j, v) in vals.iter().enumerate() {
            let k = format!("table3.{key}.{}", T3_COLS[j]);
            sh.value(r, ncol[j], 1, v, k, addr)?;
        }
        Ok(())
    })
}

/// Writes heading + table 4 from (r, c); returns the next free row.
fn write_t4(sh: &mut Sheet, r0: u32, c0: u16, rep: &Report, addr: &mut Addr) -> R<u32> {
    statutory::write_t4(sh, r0, c0, &T4Opts::default(), |sh, r, c, gi, ci| {
        let g = T4_GROUPS[gi];
        let k = format!("table4.{g}.{}", T4_COLS[ci]);
        sh.value(r, c, 1, &rep.t4_row(g)[ci], k, addr)
    })
}

fn new_workbook() -> rust_xlsxwriter::Workbook {
    statutory::new_workbook("nianbao make_fixtures")
}

fn widths(ws: &mut Worksheet, c0: u16) -> R<()> {
    // Print one page wide (landscape), as offices print these for signing.
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_column_width(c0, 14)?;
    ws.set_column_width(c0 + 1, 14)?;
    ws.set_column_width(c0 + 2, 44)?;
    for c in c0 + 3..c0 + 15 {
        ws.set_column_width(c, 9)?;
    }
    Ok(())
}

/// Standard one-sheet layout: title in row 1, tables from column A, no gaps.
fn write_standard(rep: &Report, path: &Path) -> R<Addr> {
    let f = Fmts::new();
    let mut addr = Addr::new();
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    widths(ws, 0)?;
    let mut sh = Sheet {
        ws,
        name: "Sheet1".into(),
        f: &f,
    };
    let r = write_title(&mut sh, 0, 0, rep)?;
    let r = write_t2(&mut sh, r, 0, rep, &mut addr)?;
    let r = write_t3(&mut sh, r, 0, rep, &mut addr)?;
    if rep.has_t4 {
        write_t4(&mut sh, r, 0, rep, &mut addr)?;
    }
    wb.save(path)?;
    Ok(addr)
}

/// Tables from D6 on sheet 「2023年报」, two blank rows between tables, notes around.
fn write_offset(rep: &Report, path: &Path) -> R<Addr> {
    let f = Fmts::new();
    let mut addr = Addr::new();
    let mut wb = new_workbook();
    let name = "2023年报";
    let ws = wb.add_worksheet().set_name(name)?;
    widths(ws, 3)?;
    let mut sh = Sheet {
        ws,
        name: name.into(),
        f: &f,
    };
    let c = 3; // column D
    sh.text(1, c, "填报人：张三", Style::Plain)?; // D2
    write_title(&mut sh, 3, c, rep)?; // D4
    // heading 二 in D5, table 2 itself starts at D6
    let r = write_t2(&mut sh, 4, c, rep, &mut addr)?;
    let r = write_t3(&mut sh, r + 2, c, rep, &mut addr)?;
    let r = write_t4(&mut sh, r + 2, c, rep, &mut addr)?;
    sh.text(
        r,
        c,
        "注：行政复议、行政诉讼数量含上年度结转数量",
        Style::Plain,
    )?;
    wb.save(path)?;
    Ok(addr)
}

/// Title + table 2 on sheet 1, table 3 on sheet 2, table 4 on sheet 3.
fn write_three_sheets(rep: &Report, path: &Path) -> R<Addr> {
    let f = Fmts::new();
    let mut addr = Addr::new();
    let mut wb = new_workbook();
    {
        let name = "表二 主动公开";
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 0)?;
        let mut sh = Sheet {
            ws,
            name: name.into(),
            f: &f,
        };
        let r = write_title(&mut sh, 0, 0, rep)?;
        write_t2(&mut sh, r, 0, rep, &mut addr)?;
    }
    {
        let name = "表三 依申请";
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 0)?;
        let mut sh = Sheet {
            ws,
            name: name.into(),
            f: &f,
        };
        write_t3(&mut sh, 0, 0, rep, &mut addr)?;
    }
    {
        let name = "表四 复议诉讼";
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 0)?;
        let mut sh = Sheet {
            ws,
            name: name.into(),
            f: &f,
        };
        write_t4(&mut sh, 0, 0, rep, &mut addr)?;
    }
    wb.save(path)?;
    Ok(addr)
}

// ---------------------------------------------------------------------------
// JSON (SPEC §7 shape)
// ---------------------------------------------------------------------------

fn to_json(rep: &Report) -> Value {
    let doc = JsonReport {
        agency: &rep.agency,
        year: rep.year,
        edition: rep.t3_ed,
        t2: &rep.t2,
        t3: &rep.t3,
        t4: rep.has_t4.then_some(&rep.t4[..]),
    };
    statutory::report_json(&doc, statutory::jv)
}

fn write_json(v: &Value, path: &Path) {
    let mut text = serde_json::to_string_pretty(v).unwrap();
    text.push('\n');
    fs::write(path, text).unwrap();
}

// ---------------------------------------------------------------------------
// Self-check: a minimal restatement of SPEC §3/§5, independent of src/
// ---------------------------------------------------------------------------

/// SPEC §5 reading of a number cell (thousands separators are not dropped here).
fn parse(v: &V) -> P {
    statutory::parse(v, false)
}

fn check(rep: &Report) -> Vec<String> {
    let mut out = Vec::new();
    let want = if rep.year >= 2021 {
        Ed::E2021
    } else {
        Ed::E2019
    };
    if rep.t2_ed != want || rep.t3_ed != want {
        out.push("EDITION-MISMATCH".to_string());
    }
    if !rep.has_t4 {
        out.push("TABLE-MISSING table4".to_string());
    }
    // Cell-level rules.
    let mut cells: Vec<(String, &V, bool)> = Vec::new(); // key, value, is_count
    for (rk, cols) in &rep.t2 {
        for (ck, v) in cols {
            let count = !(ck == "amount" || ck == "change");
            cells.push((format!("table2.{rk}.{ck}"), v, count));
        }
    }
    for (rk, vals) in &rep.t3 {
        for (j, v) in vals.iter().enumerate() {
            cells.push((format!("table3.{rk}.{}", T3_COLS[j]), v, true));
        }
    }
    if rep.has_t4 {
        for (g, vals) in &rep.t4 {
            for (ci, v) in vals.iter().enumerate() {
                cells.push((format!("table4.{g}.{}", T4_COLS[ci]), v, true));
            }
        }
    }
    for (k, v, count) in &cells {
        match parse(v) {
            P::Blank => out.push(format!("CELL-BLANK {k}")),
            P::Text => out.push(format!("CELL-TEXT {k}")),
            P::Num(x) if *count && (x < 0.0 || x.fract() != 0.0) => {
                out.push(format!("CELL-COUNT {k}"))
            }
            _ => {}
        }
    }
    // Arithmetic; a check touching a Text cell is not evaluated; blanks are 0.
    let num = |v: &V| match parse(v) {
        P::Num(x) => Some(x),
        P::Blank => Some(0.0),
        P::Text => None,
    };
    let sum = |vs: &[&V]| vs.iter().map(|v| num(v)).sum::<Option<f64>>();
    let leaves: Vec<&(String, Vec<V>)> = rep
        .t3
        .iter()
        .filter(|(k, _)| k.starts_with("results.") && k != "results.total")
        .collect();
    for (j, col) in T3_COLS.iter().enumerate() {
        let lhs = sum(&[
            &rep.t3_row("new_received")[j],
            &rep.t3_row("carried_over")[j],
        ]);
        let rhs = sum(&[
            &rep.t3_row("results.total")[j],
            &rep.t3_row("carried_forward")[j],
        ]);
        if differs(lhs, rhs) {
            out.push(format!("T3-BALANCE {col}"));
        }
        let parts: Vec<&V> = leaves.iter().map(|(_, v)| &v[j]).collect();
        if differs(sum(&parts), num(&rep.t3_row("results.total")[j])) {
            out.push(format!("T3-RESULTS-SUM {col}"));
        }
    }
    for (rk, vals) in &rep.t3 {
        let parts: Vec<&V> = vals[..6].iter().collect();
        if differs(sum(&parts), num(&vals[6])) {
            out.push(format!("T3-COLUMN-SUM {rk}"));
        }
    }
    if rep.has_t4 {
        for (g, vals) in &rep.t4 {
            let parts: Vec<&V> = vals[..4].iter().collect();
            if differs(sum(&parts), num(&vals[4])) {
                out.push(format!("T4-GROUP-SUM {g}"));
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// The fixtures
// ---------------------------------------------------------------------------

enum Layout {
    Standard,
    Offset,
    ThreeSheets,
}

struct Fixture {
    name: &'static str,
    layout: Layout,
    report: Report,
    /// What check() must find (sorted), as "RULE key".
    expect: &'static [&'static str],
    /// Keys whose addresses are printed (the broken cells).
    show: &'static [&'static str],
}

fn fixtures() -> Vec<Fixture> {
    let mut v = Vec::new();
    let fx = |name, layout, report, expect, show| Fixture {
        name,
        layout,
        report,
        expect,
        show,
    };

    v.push(fx(
        "clean_2021",
        Layout::Standard,
        clean_2021(),
        &[][..],
        &[][..],
    ));
    v.push(fx("clean_2019", Layout::Standard, clean_2019(), &[], &[]));
    v.push(fx(
        "layout_offset_merged",
        Layout::Offset,
        clean_2021(),
        &[],
        &[
            "table2.regulations.issued",
            "table3.new_received.natural_person",
            "table4.review.upheld",
        ],
    ));

    // Numbers stored as text; all equal to the clean values.
    let mut r = clean_2021();
    r.t3_set("results.disclosed", "natural_person", s("12 ")); // trailing space
    r.t3_set("new_received", "natural_person", s("３０")); // full-width digits
    r.t3_set("new_received", "total", s("３９"));
    r.t3_set("carried_forward", "natural_person", s(" 3")); // leading space
    r.t3_set("carried_forward", "total", s("3\u{3000}")); // ideographic space
    for row in [
        "results.withheld.prohibited_by_law",
        "results.withheld.security_stability",
    ] {
        for col in T3_COLS {
            r.t3_set(row, col, s("0"));
        }
    }
    r.t3_set("results.total", "total", s("\u{a0}39")); // NBSP
    r.t2_set("normative_documents", "in_force", s("45（其中修订16件）"));
    r.t2_set("licensing", "decisions", s("１２３４"));
    r.t2_set("fees", "amount", s("１２．５"));
    r.t4_set("review", "total", s("4 "));
    v.push(fx(
        "text_numbers",
        Layout::Standard,
        r,
        &[],
        &[
            "table3.results.disclosed.natural_person",
            "table3.new_received.natural_person",
            "table3.new_received.total",
            "table3.carried_forward.natural_person",
            "table3.carried_forward.total",
            "table3.results.withheld.prohibited_by_law.natural_person",
            "table3.results.total.total",
            "table2.normative_documents.in_force",
            "table2.licensing.decisions",
            "table2.fees.amount",
            "table4.review.total",
        ],
    ));

    v.push(fx(
        "three_sheets",
        Layout::ThreeSheets,
        clean_2021(),
        &[],
        &[
            "table2.regulations.issued",
            "table3.new_received.natural_person",
            "table4.review.upheld",
        ],
    ));

    let mut r = clean_2021();
    r.t3_set("carried_forward", "natural_person", V::N(5.));
    r.t3_set("carried_forward", "total", V::N(5.));
    v.push(fx(
        "rule_t3_balance",
        Layout::Standard,
        r,
        &["T3-BALANCE natural_person", "T3-BALANCE total"],
        &[
            "table3.carried_forward.natural_person",
            "table3.carried_forward.total",
        ],
    ));

    let mut r = clean_2021();
    r.t3_set("results.total", "research", V::N(2.));
    r.t3_set("results.total", "total", V::N(40.));
    v.push(fx(
        "rule_t3_results_sum",
        Layout::Standard,
        r,
        &[
            "T3-BALANCE research",
            "T3-BALANCE total",
            "T3-RESULTS-SUM research",
            "T3-RESULTS-SUM total",
        ],
        &[
            "table3.results.total.research",
            "table3.results.total.total",
        ],
    ));

    let mut r = clean_2021();
    r.t3_set("new_received", "total", V::N(38.));
    v.push(fx(
        "rule_t3_column_sum",
        Layout::Standard,
        r,
        &["T3-BALANCE total", "T3-COLUMN-SUM new_received"],
        &["table3.new_received.total"],
    ));

    let mut r = clean_2021();
    r.t4_set("review", "total", V::N(5.));
    v.push(fx(
        "rule_t4_group_sum",
        Layout::Standard,
        r,
        &["T4-GROUP-SUM review"],
        &["table4.review.total"],
    ));

    let mut r = clean_2021();
    r.t2_set("penalty", "decisions", V::N(-3.));
    r.t4_set("litigation_direct", "pending", V::N(1.5));
    r.t4_set("litigation_direct", "total", V::N(2.5));
    v.push(fx(
        "rule_cell_count",
        Layout::Standard,
        r,
        &[
            "CELL-COUNT table2.penalty.decisions",
            "CELL-COUNT table4.litigation_direct.pending",
            "CELL-COUNT table4.litigation_direct.total",
        ],
        &[
            "table2.penalty.decisions",
            "table4.litigation_direct.pending",
            "table4.litigation_direct.total",
        ],
    ));

    let mut r = clean_2021();
    r.t3_set("new_received", "social_welfare", V::E);
    r.t3_set("results.withheld.inquiry_matter", "natural_person", s("—"));
    r.t4_set("litigation_after_review", "upheld", s("/"));
    v.push(fx(
        "rule_cell_blank",
        Layout::Standard,
        r,
        &[
            "CELL-BLANK table3.new_received.social_welfare",
            "CELL-BLANK table3.results.withheld.inquiry_matter.natural_person",
            "CELL-BLANK table4.litigation_after_review.upheld",
        ],
        &[
            "table3.new_received.social_welfare",
            "table3.results.withheld.inquiry_matter.natural_person",
            "table4.litigation_after_review.upheld",
        ],
    ));

    let mut r = clean_2021();
    r.t3_set("results.disclosed", "commercial", s("三"));
    r.t2_set("licensing", "decisions", s("见附件"));
    v.push(fx(
        "rule_cell_text",
        Layout::Standard,
        r,
        &[
            "CELL-TEXT table2.licensing.decisions",
            "CELL-TEXT table3.results.disclosed.commercial",
        ],
        &[
            "table3.results.disclosed.commercial",
            "table2.licensing.decisions",
        ],
    ));

    let mut r = clean_2019();
    r.year = 2023;
    v.push(fx(
        "rule_edition_mismatch",
        Layout::Standard,
        r,
        &["EDITION-MISMATCH"],
        &[],
    ));

    let mut r = clean_2021();
    r.t3_ed = Ed::E2019;
    r.t3 = t3_clean(Ed::E2019);
    v.push(fx(
        "rule_edition_mixed",
        Layout::Standard,
        r,
        &["EDITION-MISMATCH"],
        &["table3.results.other.natural_person"],
    ));

    let mut r = clean_2021();
    r.has_t4 = false;
    v.push(fx(
        "rule_table_missing",
        Layout::Standard,
        r,
        &["TABLE-MISSING table4"],
        &[],
    ));
    v
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "fixtures".into()));
    for d in ["xlsx", "bad", "json"] {
        fs::create_dir_all(root.join(d)).unwrap();
    }

    // --- spreadsheets ---------------------------------------------------
    for fx in fixtures() {
        let got = check(&fx.report);
        let want: Vec<String> = fx.expect.iter().map(|x| x.to_string()).collect();
        assert_eq!(got, want, "{}: self-check disagrees with intent", fx.name);
        let path = root.join("xlsx").join(format!("{}.xlsx", fx.name));
        let addr = match fx.layout {
            Layout::Standard => write_standard(&fx.report, &path),
            Layout::Offset => write_offset(&fx.report, &path),
            Layout::ThreeSheets => write_three_sheets(&fx.report, &path),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", fx.name));
        let found = if got.is_empty() {
            "passes every rule".to_string()
        } else {
            got.join(", ")
        };
        println!("xlsx/{}.xlsx  — {found}", fx.name);
        for k in fx.show {
            let at = addr.get(*k).unwrap_or_else(|| panic!("no address for {k}"));
            println!("    {k} @ {at}");
        }
    }

    // --- bad inputs -----------------------------------------------------
    fs::write(
        root.join("bad/not_a_spreadsheet.xlsx"),
        "这不是电子表格。This is a plain UTF-8 text file with an .xlsx name.\n",
    )
    .unwrap();
    let clean = fs::read(root.join("xlsx/clean_2021.xlsx")).unwrap();
    fs::write(root.join("bad/truncated.xlsx"), &clean[..2000]).unwrap();
    {
        let mut wb = new_workbook();
        wb.add_worksheet();
        wb.save(root.join("bad/empty.xlsx")).unwrap();
    }
    {
        let mut wb = new_workbook();
        let ws = wb.add_worksheet();
        let rows = [
            ["姓名", "科室", "电话"],
            ["张三", "办公室", "0539-6211001"],
            ["李四", "政务公开科", "0539-6211002"],
            ["王五", "法制科", "0539-6211003"],
            ["赵六", "财务科", "0539-6211004"],
            ["孙七", "信息中心", "0539-6211005"],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *t).unwrap();
            }
        }
        wb.save(root.join("bad/no_tables.xlsx")).unwrap();
    }
    println!("bad/not_a_spreadsheet.xlsx bad/truncated.xlsx bad/empty.xlsx bad/no_tables.xlsx");

    // --- JSON -----------------------------------------------------------
    let j = |n: &str| root.join("json").join(n);
    write_json(&to_json(&clean_2021()), &j("clean_2021.json"));
    write_json(&to_json(&clean_2019()), &j("clean_2019.json"));

    let mut r = clean_2021();
    r.t3_set("carried_forward", "natural_person", V::N(5.));
    r.t3_set("carried_forward", "total", V::N(5.));
    assert_eq!(check(&r), ["T3-BALANCE natural_person", "T3-BALANCE total"]);
    write_json(&to_json(&r), &j("rule_t3_balance.json"));

    let mut bad_type = to_json(&clean_2021());
    bad_type["table3"]["new_received"]["total"] = json!({"n": 39});
    write_json(&bad_type, &j("bad_type.json"));

    let full = serde_json::to_string_pretty(&to_json(&clean_2021())).unwrap();
    let cut = full.find("\"carried_over\"").expect("cut point");
    fs::write(j("bad_syntax.json"), &full[..cut + 20]).unwrap();

    let mut unknown = to_json(&clean_2021());
    let total = unknown["table3"]["results"]["total"].clone();
    unknown["table3"]
        .as_object_mut()
        .unwrap()
        .insert("results_total".into(), total);
    write_json(&unknown, &j("unknown_key.json"));

    let mut r = clean_2021();
    r.t3_set("results.disclosed", "natural_person", s("１２"));
    r.t3_set("new_received", "total", s("39 "));
    r.t2_set("normative_documents", "in_force", s("45（其中修订16件）"));
    r.t3_set("results.withheld.prohibited_by_law", "total", s("—"));
    r.t4_set("litigation_after_review", "pending", V::E);
    assert_eq!(
        check(&r),
        [
            "CELL-BLANK table3.results.withheld.prohibited_by_law.total",
            "CELL-BLANK table4.litigation_after_review.pending",
        ]
    );
    write_json(&to_json(&r), &j("strings.json"));
    println!(
        "json/: clean_2021 clean_2019 rule_t3_balance bad_type bad_syntax unknown_key strings"
    );
}
