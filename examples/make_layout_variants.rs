//! Layout-variant workbooks that stress the label-based table locator (SPEC §5).
//!
//! ```text
//! cargo run --example make_layout_variants                 # writes fixtures/xlsx/layouts/
//! cargo run --example make_layout_variants -- DIR [EXPECT] # writes into DIR; EXPECT = folder
//!                                                          # for <name>.expected.json (default DIR)
//! ```
//!
//! Every workbook carries the clean 2021 data of fixtures/README.md (临沭县人民政府, 2023),
//! laid out the way real provinces' templates and clerks do it (WPS merged label cells, one
//! label column, blank columns, split header text, text numbers, tables on other sheets,
//! extra label columns in table 4, …). `inject_one_error` alone changes one cell
//! (results.disclosed.natural_person 12 → 21).
//!
//! For each workbook the generator knows the canonical key → address of every statutory
//! cell it wrote; with a second argument it writes them, with the expected values and
//! metadata, to `EXPECT/<name>.expected.json` so that what a reader found can be compared
//! cell by cell. Output is deterministic (fixed document date).

#[path = "common/statutory.rs"]
mod statutory;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Formula, Worksheet};
use serde_json::{Map, Value, json};
use statutory::{
    Ed, Fmts, Grid, R, Style, T3_COLS, T3Lab, T3Opts, T4_COLS, T4_GROUPS, T4Opts, a1, fmt_num,
    full_width,
};

// ---------------------------------------------------------------------------
// Clean 2021 data (fixtures/README.md)
// ---------------------------------------------------------------------------

const AGENCY: &str = "临沭县人民政府";
const YEAR: i64 = 2023;

#[derive(Clone)]
struct Data {
    t3: Vec<(&'static str, [f64; 7])>,
    t4: Vec<(&'static str, [f64; 5])>,
}

fn clean() -> Data {
    Data {
        t3: statutory::sample_t3(Ed::E2021),
        t4: statutory::sample_t4(),
    }
}

/// A table-2 value of the clean data.
fn t2_value(row: &str, col: &str) -> f64 {
    let t2 = statutory::sample_t2(Ed::E2021);
    let cols = &t2.iter().find(|(k, _)| *k == row).expect("t2 row").1;
    cols.iter().find(|(k, _)| *k == col).expect("t2 col").1
}

// ---------------------------------------------------------------------------
// Styles of the variants
// ---------------------------------------------------------------------------

/// How count cells are stored.
#[derive(Clone, Copy, PartialEq)]
enum NumStyle {
    /// Real number cells.
    Number,
    /// Text cells in a 文本-formatted column; every other one in full-width digits, some with
    /// a trailing space, as WPS leaves them.
    Text,
}

#[derive(Clone)]
struct T3S {
    lab: T3Lab,
    /// Blank columns between the label columns and 自然人.
    gap_nums: u16,
    /// Blank columns between 其他 and 总计.
    gap_total: u16,
    /// 「法人或其他组织」 typed over each of the five columns instead of one merged cell.
    org_repeated: bool,
    /// A leading 序号 column holding row numbers as number cells.
    serial_col: bool,
    /// Replacements applied to every header text.
    hrepl: Vec<(&'static str, &'static str)>,
    /// Replacements applied to every row label.
    lrepl: Vec<(&'static str, &'static str)>,
    /// Totals (total column, results.total row) written as =SUM formulas with cached results.
    formulas: bool,
}

impl Default for T3S {
    fn default() -> Self {
        T3S {
            lab: T3Lab::Official,
            gap_nums: 0,
            gap_total: 0,
            org_repeated: false,
            serial_col: false,
            hrepl: vec![],
            lrepl: vec![],
            formulas: false,
        }
    }
}

#[derive(Clone, Default)]
struct T4S {
    /// A leading label column: (corner header over the header rows, label of the data row).
    label_col: Option<(&'static str, &'static str)>,
    /// 行政复议's five result headers only in the bottom header row (not merged down).
    review_bottom_only: bool,
    /// Groups as rows and the five results as columns.
    transposed: bool,
    hrepl: Vec<(&'static str, &'static str)>,
}

#[derive(Clone, Default)]
struct T2S {
    /// Blank columns between the label column and the values.
    gap: u16,
    hrepl: Vec<(&'static str, &'static str)>,
}

enum B {
    /// Title text merged over ten columns.
    Title(String),
    /// A plain text cell (notes, prose, 填报人…).
    Text(String),
    Blank(u32),
    T2(T2S),
    T3(T3S),
    T4(T4S),
}

struct SheetPlan {
    name: &'static str,
    c0: u16,
    blocks: Vec<B>,
    /// An unfilled template: labels only, no value cells (and no expected cells).
    unfilled: bool,
}

struct Variant {
    name: &'static str,
    what: &'static str,
    sheets: Vec<SheetPlan>,
    ns: NumStyle,
    data: Data,
    agency: Option<&'static str>,
    year: Option<i64>,
    /// Findings the correct read gives (rule + detail), for the report.
    expect: &'static str,
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// Expected reading: key -> (address, value).
type Expect = BTreeMap<String, (String, f64)>;

struct Ctx<'a> {
    ws: &'a mut Worksheet,
    sheet: String,
    f: &'a Fmts,
    ns: NumStyle,
    n: usize,
    exp: &'a mut Expect,
    unfilled: bool,
}

impl Grid for Ctx<'_> {
    fn parts(&mut self) -> (&mut Worksheet, Option<&Fmts>) {
        (self.ws, Some(self.f))
    }
}

impl Ctx<'_> {
    fn expect(&mut self, key: &str, r: u32, c: u16, x: f64) {
        let at = format!("{}!{}", self.sheet, a1(r, c));
        assert!(
            self.exp.insert(key.to_string(), (at, x)).is_none(),
            "{key} written twice"
        );
    }
    /// A count cell, stored per the variant's number style; `span` > 1 merges it.
    fn num(&mut self, r: u32, c: u16, span: u16, key: &str, x: f64) -> R<()> {
        if self.unfilled {
            return Ok(());
        }
        let f = if self.ns == NumStyle::Text {
            &self.f.text_num
        } else {
            &self.f.num
        };
        if span > 1 {
            self.ws.merge_range(r, c, r, c + span - 1, "", f)?;
        }
        match self.ns {
            NumStyle::Number => {
                self.ws.write_number_with_format(r, c, x, f)?;
            }
            NumStyle::Text => {
                self.n += 1;
                let plain = fmt_num(x);
                let t = match self.n % 4 {
                    0 => full_width(&plain),
                    1 => plain,
                    2 => full_width(&plain),
                    _ => format!("{plain} "),
                };
                self.ws.write_string_with_format(r, c, &t, f)?;
            }
        }
        self.expect(key, r, c, x);
        Ok(())
    }
    /// A total written as a formula with its cached result.
    fn formula(&mut self, r: u32, c: u16, key: &str, sum: &str, x: f64) -> R<()> {
        if self.unfilled {
            return Ok(());
        }
        let fm = Formula::new(format!("=SUM({sum})")).set_result(fmt_num(x));
        self.ws.write_formula_with_format(r, c, fm, &self.f.num)?;
        self.expect(key, r, c, x);
        Ok(())
    }
}

fn write_t2(cx: &mut Ctx, r0: u32, c0: u16, s: &T2S) -> R<u32> {
    statutory::write_t2(
        cx,
        r0,
        c0,
        Ed::E2021,
        s.gap,
        &s.hrepl,
        |cx, r, c, span, rk, ck| cx.num(r, c, span, &format!("table2.{rk}.{ck}"), t2_value(rk, ck)),
    )
}

fn write_t3(cx: &mut Ctx, r0: u32, c0: u16, d: &Data, s: &T3S) -> R<u32> {
    let o = T3Opts {
        lab: s.lab,
        gap_nums: s.gap_nums,
        gap_total: s.gap_total,
        org_repeated: s.org_repeated,
        serial_col: s.serial_col,
        hrepl: &s.hrepl,
        lrepl: &s.lrepl,
    };
    let keys: Vec<&str> = d.t3.iter().map(|(k, _)| *k).collect();
    let mut rows_of: BTreeMap<&str, u32> = BTreeMap::new();
    statutory::write_t3(cx, r0, c0, &keys, &o, |cx, r, i, ncol| {
        let (key, vals) = &d.t3[i];
        rows_of.insert(key, r);
        for (j, v) in vals.iter().enumerate() {
            let k = format!("table3.{key}.{}", T3_COLS[j]);
            if s.formulas && j == 6 {
                let sum = format!("{}:{}", a1(r, ncol[0]), a1(r, ncol[5]));
                cx.formula(r, ncol[j], &k, &sum, *v)?;
            } else if s.formulas && *key == "results.total" {
                let top = rows_of["results.disclosed"];
                let sum = format!("{}:{}", a1(top, ncol[j]), a1(r - 1, ncol[j]));
                cx.formula(r, ncol[j], &k, &sum, *v)?;
            } else {
                cx.num(r, ncol[j], 1, &k, *v)?;
            }
        }
        Ok(())
    })
}

fn write_t4(cx: &mut Ctx, r0: u32, c0: u16, d: &Data, s: &T4S) -> R<u32> {
    let o = T4Opts {
        label_col: s.label_col,
        review_bottom_only: s.review_bottom_only,
        transposed: s.transposed,
        hrepl: &s.hrepl,
    };
    statutory::write_t4(cx, r0, c0, &o, |cx, r, c, gi, ci| {
        let (g, vals) = &d.t4[gi];
        debug_assert_eq!(*g, T4_GROUPS[gi]);
        let k = format!("table4.{g}.{}", T4_COLS[ci]);
        cx.num(r, c, 1, &k, vals[ci])
    })
}

fn write_variant(v: &Variant, path: &Path) -> R<Expect> {
    let f = Fmts::new();
    let mut exp = Expect::new();
    let mut wb = statutory::new_workbook("nianbao make_layout_variants");
    for sp in &v.sheets {
        let ws = wb.add_worksheet().set_name(sp.name)?;
        ws.set_landscape();
        ws.set_column_width(sp.c0, 16)?;
        ws.set_column_width(sp.c0 + 1, 14)?;
        ws.set_column_width(sp.c0 + 2, 40)?;
        let mut cx = Ctx {
            ws,
            sheet: sp.name.to_string(),
            f: &f,
            ns: v.ns,
            n: 0,
            exp: &mut exp,
            unfilled: sp.unfilled,
        };
        let c0 = sp.c0;
        let mut r = 0u32;
        for b in &sp.blocks {
            r = match b {
                B::Title(t) => statutory::write_title(&mut cx, r, c0, t)?,
                B::Text(t) => {
                    cx.text(r, c0, t, Style::Plain)?;
                    r + 1
                }
                B::Blank(n) => r + n,
                B::T2(s) => write_t2(&mut cx, r, c0, s)?,
                B::T3(s) => write_t3(&mut cx, r, c0, &v.data, s)?,
                B::T4(s) => write_t4(&mut cx, r, c0, &v.data, s)?,
            };
        }
    }
    wb.save(path)?;
    Ok(exp)
}

// ---------------------------------------------------------------------------
// The variants
// ---------------------------------------------------------------------------

fn title() -> String {
    format!("{AGENCY}{YEAR}年政府信息公开工作年度报告")
}

/// Title, then tables 2, 3, 4 one after another.
fn one_sheet(name: &'static str, c0: u16, t2: T2S, t3: T3S, t4: T4S) -> Vec<SheetPlan> {
    vec![SheetPlan {
        name,
        c0,
        blocks: vec![
            B::Title(title()),
            B::Blank(1),
            B::T2(t2),
            B::T3(t3),
            B::T4(t4),
        ],
        unfilled: false,
    }]
}

fn variant(name: &'static str, what: &'static str, sheets: Vec<SheetPlan>) -> Variant {
    Variant {
        name,
        what,
        sheets,
        ns: NumStyle::Number,
        data: clean(),
        agency: Some(AGENCY),
        year: Some(YEAR),
        expect: "pass",
    }
}

fn wps() -> T3S {
    T3S {
        lab: T3Lab::WpsMerged,
        ..T3S::default()
    }
}

fn variants() -> Vec<Variant> {
    let d = T2S::default;
    let t4 = T4S::default;
    let mut v = Vec::new();

    v.push(variant(
        "wps_style",
        "sheet 附件2; title B1, tables from B3; table-3 labels one merged B:D cell per row \
         with numbering, the group label shares the first sub-row's cell \
         (「（三）不予公开⏎1.属于国家秘密」), no 三、本年度办理结果 cell",
        one_sheet("附件2", 1, d(), wps(), t4()),
    ));

    v.push(variant(
        "labels_one_column",
        "table 3 with every label in column A: 三、本年度办理结果 and the group labels \
         (（三）不予公开 …（六）其他处理) on rows of their own with no numbers",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                lab: T3Lab::OneColumn,
                ..T3S::default()
            },
            t4(),
        ),
    ));

    v.push(variant(
        "extra_blank_columns",
        "a blank column between the label columns and the numbers in tables 2 and 3, and a \
         blank column between 其他 and 总计 in table 3 (headers above the used columns)",
        one_sheet(
            "Sheet1",
            0,
            T2S {
                gap: 1,
                ..T2S::default()
            },
            T3S {
                gap_nums: 1,
                gap_total: 1,
                ..T3S::default()
            },
            t4(),
        ),
    ));

    let split_headers = vec![
        ("商业企业", "商业\n企业"),
        ("科研机构", "科研\n机构"),
        ("社会公益组织", "社会公益\n组织"),
        ("法律服务机构", "法律服务\n机构"),
        ("自然人", "自 然 人"),
        ("总计", "总 计"),
        ("结果维持", "结果\n维持"),
        ("尚未审结", "尚未\n审结"),
        ("行政复议", "行政 复议"),
        ("本年制发件数", "本年制发\n件数"),
        ("本年处理决定数量", "本年处理决定\n数量"),
    ];
    v.push(variant(
        "split_header_text",
        "headers with line breaks and spaces (「商业⏎企业」「总 计」「结果⏎维持」「行政 复议」\
         「本年制发⏎件数」); labels with half-width brackets 「(一)予以公开」 and ASCII quotes \
         「3.危及\"三安全一稳定\"」",
        one_sheet(
            "Sheet1",
            0,
            T2S {
                hrepl: split_headers.clone(),
                ..T2S::default()
            },
            T3S {
                hrepl: split_headers.clone(),
                lrepl: vec![("（", "("), ("）", ")"), ("“", "\""), ("”", "\"")],
                ..T3S::default()
            },
            T4S {
                hrepl: split_headers,
                ..T4S::default()
            },
        ),
    ));

    let mut x = variant(
        "all_text_cells",
        "every number in tables 2–4 stored as text in 文本-formatted cells, every other one in \
         full-width digits, some with a trailing space (WPS)",
        one_sheet("Sheet1", 0, d(), T3S::default(), t4()),
    );
    x.ns = NumStyle::Text;
    v.push(x);

    v.push(variant(
        "tables_out_of_order_sheets",
        "sheet 1 「表三表四」 holds tables 3 and 4, sheet 2 「表二」 the title and table 2",
        vec![
            SheetPlan {
                name: "表三表四",
                c0: 0,
                blocks: vec![B::T3(T3S::default()), B::Blank(1), B::T4(t4())],
                unfilled: false,
            },
            SheetPlan {
                name: "表二",
                c0: 0,
                blocks: vec![B::Title(title()), B::T2(d())],
                unfilled: false,
            },
        ],
    ));

    v.push(variant(
        "table4_with_label_column",
        "table 4 with a leading label column: 「项目」 merged over the header rows, the data row \
         labelled 「件数」; the groups start one column right",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S::default(),
            T4S {
                label_col: Some(("项目", "件数")),
                ..T4S::default()
            },
        ),
    ));

    v.push(variant(
        "table4_vertical_headers",
        "table 4: 「项目」 corner cell, 行政复议 merged over the five columns to its right, and \
         行政复议's result headers only in the bottom header row (the middle row is empty \
         there); data row labelled 「数量」",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S::default(),
            T4S {
                label_col: Some(("项目", "数量")),
                review_bottom_only: true,
                ..T4S::default()
            },
        ),
    ));

    let mut x = variant(
        "no_title_metadata",
        "no title row at all: agency and year are absent (pass with agency/year null; \
         --year/--agency set them)",
        vec![SheetPlan {
            name: "Sheet1",
            c0: 0,
            blocks: vec![B::T2(d()), B::T3(T3S::default()), B::T4(t4())],
            unfilled: false,
        }],
    );
    x.agency = None;
    x.year = None;
    v.push(x);

    let mut x = variant(
        "inject_one_error",
        "wps_style layout with results.disclosed.natural_person 12 → 21",
        one_sheet("附件2", 1, d(), wps(), t4()),
    );
    x.data.t3[2].1[0] = 21.0;
    x.expect = "T3-COLUMN-SUM results.disclosed and T3-RESULTS-SUM natural_person, both listing 附件2!E24 (=21); T3-BALANCE holds, since results.total is unchanged";
    v.push(x);

    v.push(variant(
        "org_header_repeated",
        "table 3: 「法人或其他组织」 typed over each of the five columns (not merged)",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                org_repeated: true,
                ..T3S::default()
            },
            t4(),
        ),
    ));

    v.push(variant(
        "t3_header_heji",
        "table 3's total column headed 「合计」 instead of 「总计」",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                hrepl: vec![("总计", "合计")],
                ..T3S::default()
            },
            t4(),
        ),
    ));

    v.push(variant(
        "t3_results_total_heji",
        "table 3's results total row labelled 「（七）合计」 instead of 「（七）总计」",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                lrepl: vec![("（七）总计", "（七）合计")],
                ..T3S::default()
            },
            t4(),
        ),
    ));

    v.push(variant(
        "qita_variant_char",
        "「其它」 (variant character) for 「其他」: the table-3 header column and the \
         （六） sub-row 「3.其它」",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                hrepl: vec![("其他", "其它")],
                lrepl: vec![("3.其他", "3.其它")],
                ..T3S::default()
            },
            t4(),
        ),
    ));

    let mut x = variant(
        "title_niandu",
        "title 「临沭县自然资源局2023年度政府信息公开工作年度报告」 (with 年度)",
        one_sheet("Sheet1", 0, d(), T3S::default(), t4()),
    );
    x.sheets[0].blocks[0] = B::Title("临沭县自然资源局2023年度政府信息公开工作年度报告".into());
    x.agency = Some("临沭县自然资源局");
    v.push(x);

    let mut x = variant(
        "title_year_first",
        "title 「2023年度临沭县人民政府政府信息公开工作年度报告」 (year before the agency)",
        one_sheet("Sheet1", 0, d(), T3S::default(), t4()),
    );
    x.sheets[0].blocks[0] = B::Title("2023年度临沭县人民政府政府信息公开工作年度报告".into());
    v.push(x);

    let mut x = variant(
        "instructions_sheet_first",
        "a first sheet 「填报说明」 headed 「政府信息公开工作年度报告填报说明」 with notes, \
         then the report on 「报表」",
        vec![
            SheetPlan {
                name: "填报说明",
                c0: 0,
                blocks: vec![
                    B::Text("政府信息公开工作年度报告填报说明".into()),
                    B::Text(
                        "1.本表依据国办公开办函〔2021〕30号规定的格式填报，请勿增删行列。".into(),
                    ),
                    B::Text("2.表三中“总计”列等于各类申请人之和。".into()),
                    B::Text("3.数字请填写阿拉伯数字，没有的填0。".into()),
                ],
                unfilled: false,
            },
            SheetPlan {
                name: "报表",
                c0: 0,
                blocks: vec![
                    B::Title(title()),
                    B::Blank(1),
                    B::T2(d()),
                    B::T3(T3S::default()),
                    B::T4(t4()),
                ],
                unfilled: false,
            },
        ],
    );
    x.expect = "pass; agency/year from the 报表 title";
    v.push(x);

    let mut x = variant(
        "prose_above_tables",
        "section 一、总体情况 pasted as a text cell above table 2, mentioning \
         「本年新收政府信息公开申请39件」 and 「行政复议」",
        one_sheet("Sheet1", 0, d(), T3S::default(), t4()),
    );
    x.sheets[0].blocks[1] = B::Text(
        "一、总体情况：2023年，本机关本年新收政府信息公开申请39件，上年结转政府信息公开申请3件，\
         办结39件，结转下年度继续办理3件；发生政府信息公开行政复议4件，行政诉讼2件。"
            .into(),
    );
    v.push(x);

    v.push(variant(
        "serial_number_column",
        "table 3 with a leading 「序号」 column holding 1…25 as number cells",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                serial_col: true,
                ..T3S::default()
            },
            t4(),
        ),
    ));

    v.push(variant(
        "formula_totals",
        "table 3's 总计 column and （七）总计 row are =SUM formulas with cached results (as \
         Excel saves them)",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S {
                formulas: true,
                ..T3S::default()
            },
            t4(),
        ),
    ));

    let mut x = variant(
        "title_two_lines",
        "title split over two rows: 「临沭县人民政府」 then 「2023年政府信息公开工作年度报告」",
        one_sheet("Sheet1", 0, d(), T3S::default(), t4()),
    );
    x.sheets[0].blocks[0] = B::Title(AGENCY.into());
    x.sheets[0].blocks[1] = B::Title(format!("{YEAR}年政府信息公开工作年度报告"));
    v.push(x);

    let mut x = variant(
        "unfilled_template_sheet_first",
        "the province's empty template kept as the first sheet 「模板」 (all labels, no numbers), \
         the filled report on the second sheet 「临沭县」",
        vec![
            SheetPlan {
                name: "模板",
                c0: 0,
                blocks: vec![
                    B::Title("XX单位20XX年政府信息公开工作年度报告".into()),
                    B::Blank(1),
                    B::T2(d()),
                    B::T3(T3S::default()),
                    B::T4(t4()),
                ],
                unfilled: true,
            },
            SheetPlan {
                name: "临沭县",
                c0: 0,
                blocks: vec![
                    B::Title(title()),
                    B::Blank(1),
                    B::T2(d()),
                    B::T3(T3S::default()),
                    B::T4(t4()),
                ],
                unfilled: false,
            },
        ],
    );
    x.expect = "pass, read from 「临沭县」 with its title's agency/year";
    v.push(x);

    v.push(variant(
        "table4_transposed",
        "table 4 turned: one row per group (行政复议 / 行政诉讼·未经复议直接起诉 / \
         复议后起诉), the five results as columns",
        one_sheet(
            "Sheet1",
            0,
            d(),
            T3S::default(),
            T4S {
                transposed: true,
                ..T4S::default()
            },
        ),
    ));

    v
}

fn main() {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "fixtures/xlsx/layouts".into()),
    );
    // The expected-cell files sit beside the workbooks unless told otherwise.
    let expect_dir = Some(args.next().map_or_else(|| root.clone(), PathBuf::from));
    fs::create_dir_all(&root).unwrap();
    if let Some(d) = &expect_dir {
        fs::create_dir_all(d).unwrap();
    }
    for v in variants() {
        let path = root.join(format!("{}.xlsx", v.name));
        let exp = write_variant(&v, &path).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(exp.len(), 10 + 25 * 7 + 15, "{}: cell count", v.name);
        println!("{}  — {}", path.display(), v.what);
        println!("    expected: {}", v.expect);
        for k in [
            "table2.regulations.issued",
            "table3.new_received.natural_person",
            "table3.results.disclosed.natural_person",
            "table4.review.upheld",
        ] {
            println!("    {k} @ {}", exp[k].0);
        }
        if let Some(d) = &expect_dir {
            let mut cells = Map::new();
            for (k, (at, x)) in &exp {
                cells.insert(k.clone(), json!({"addr": at, "v": x}));
            }
            let doc = json!({
                "name": v.name,
                "what": v.what,
                "expect": v.expect,
                "agency": v.agency,
                "year": v.year,
                "cells": Value::Object(cells),
            });
            let mut text = serde_json::to_string_pretty(&doc).unwrap();
            text.push('\n');
            fs::write(d.join(format!("{}.expected.json", v.name)), text).unwrap();
        }
    }
}
