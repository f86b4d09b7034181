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

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};
use serde_json::{Map, Value, json};

type R<T> = Result<T, XlsxError>;

// ---------------------------------------------------------------------------
// Clean 2021 data (fixtures/README.md)
// ---------------------------------------------------------------------------

const T3_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
];
const T4_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];
const AGENCY: &str = "临沭县人民政府";
const YEAR: i64 = 2023;

#[derive(Clone)]
struct Data {
    t3: Vec<(&'static str, [f64; 7])>,
    t4: Vec<(&'static str, [f64; 5])>,
}

fn clean() -> Data {
    let z = [0.0; 7];
    Data {
        t3: vec![
            ("new_received", [30., 5., 1., 0., 2., 1., 39.]),
            ("carried_over", [2., 1., 0., 0., 0., 0., 3.]),
            ("results.disclosed", [12., 3., 1., 0., 1., 0., 17.]),
            ("results.partially_disclosed", [4., 1., 0., 0., 0., 0., 5.]),
            (
                "results.withheld.state_secret",
                [1., 0., 0., 0., 0., 0., 1.],
            ),
            ("results.withheld.prohibited_by_law", z),
            ("results.withheld.security_stability", z),
            (
                "results.withheld.third_party_rights",
                [2., 0., 0., 0., 0., 0., 2.],
            ),
            ("results.withheld.internal_affairs", z),
            (
                "results.withheld.process_info",
                [1., 0., 0., 0., 0., 0., 1.],
            ),
            ("results.withheld.enforcement_file", z),
            ("results.withheld.inquiry_matter", z),
            ("results.unavailable.not_held", [5., 1., 0., 0., 1., 0., 7.]),
            (
                "results.unavailable.needs_creation",
                [1., 0., 0., 0., 0., 0., 1.],
            ),
            ("results.unavailable.unclear_after_correction", z),
            (
                "results.not_processed.complaint",
                [1., 0., 0., 0., 0., 0., 1.],
            ),
            (
                "results.not_processed.duplicate",
                [1., 0., 0., 0., 0., 1., 2.],
            ),
            ("results.not_processed.publication", z),
            ("results.not_processed.mass_repetitive", z),
            ("results.not_processed.confirm_or_reissue", z),
            (
                "results.other.overdue_correction",
                [1., 1., 0., 0., 0., 0., 2.],
            ),
            ("results.other.overdue_fee", z),
            ("results.other.other", z),
            ("results.total", [29., 6., 1., 0., 2., 1., 39.]),
            ("carried_forward", [3., 0., 0., 0., 0., 0., 3.]),
        ],
        t4: vec![
            ("review", [2., 1., 0., 1., 4.]),
            ("litigation_direct", [1., 0., 0., 1., 2.]),
            ("litigation_after_review", [0.; 5]),
        ],
    }
}

/// Table 2 (2021) as rows of (label or value, column span); every row spans 4 columns.
enum It {
    L(&'static str),
    V(&'static str, &'static str, f64),
}

fn t2_layout() -> Vec<Vec<(It, u16)>> {
    use It::*;
    vec![
        vec![(L("第二十条第（一）项"), 4)],
        vec![
            (L("信息内容"), 1),
            (L("本年制发件数"), 1),
            (L("本年废止件数"), 1),
            (L("现行有效件数"), 1),
        ],
        vec![
            (L("规章"), 1),
            (V("regulations", "issued", 0.), 1),
            (V("regulations", "repealed", 0.), 1),
            (V("regulations", "in_force", 0.), 1),
        ],
        vec![
            (L("行政规范性文件"), 1),
            (V("normative_documents", "issued", 8.), 1),
            (V("normative_documents", "repealed", 2.), 1),
            (V("normative_documents", "in_force", 45.), 1),
        ],
        vec![(L("第二十条第（五）项"), 4)],
        vec![(L("信息内容"), 1), (L("本年处理决定数量"), 3)],
        vec![(L("行政许可"), 1), (V("licensing", "decisions", 1234.), 3)],
        vec![(L("第二十条第（六）项"), 4)],
        vec![(L("信息内容"), 1), (L("本年处理决定数量"), 3)],
        vec![(L("行政处罚"), 1), (V("penalty", "decisions", 56.), 3)],
        vec![(L("行政强制"), 1), (V("coercion", "decisions", 3.), 3)],
        vec![(L("第二十条第（八）项"), 4)],
        vec![(L("信息内容"), 1), (L("本年收费金额（单位：万元）"), 3)],
        vec![(L("行政事业性收费"), 1), (V("fees", "amount", 12.5), 3)],
    ]
}

// ---------------------------------------------------------------------------
// Table-3 labels (official wording, full-width punctuation)
// ---------------------------------------------------------------------------

const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

enum T3Label {
    /// A top-level row (一、二、四、), label over all label columns.
    Top(&'static str),
    /// Under 三、本年度办理结果, no sub-rows.
    Bc(&'static str),
    /// Sub-row: (group label, sub label).
    Sub(&'static str, &'static str),
}

fn t3_label(key: &str) -> T3Label {
    use T3Label::*;
    const W: &str = "（三）不予公开";
    const U: &str = "（四）无法提供";
    const P: &str = "（五）不予处理";
    const O: &str = "（六）其他处理";
    match key {
        "new_received" => Top("一、本年新收政府信息公开申请数量"),
        "carried_over" => Top("二、上年结转政府信息公开申请数量"),
        "results.disclosed" => Bc("（一）予以公开"),
        "results.partially_disclosed" => {
            Bc("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        }
        "results.withheld.state_secret" => Sub(W, "1.属于国家秘密"),
        "results.withheld.prohibited_by_law" => Sub(W, "2.其他法律行政法规禁止公开"),
        "results.withheld.security_stability" => Sub(W, "3.危及“三安全一稳定”"),
        "results.withheld.third_party_rights" => Sub(W, "4.保护第三方合法权益"),
        "results.withheld.internal_affairs" => Sub(W, "5.属于三类内部事务信息"),
        "results.withheld.process_info" => Sub(W, "6.属于四类过程性信息"),
        "results.withheld.enforcement_file" => Sub(W, "7.属于行政执法案卷"),
        "results.withheld.inquiry_matter" => Sub(W, "8.属于行政查询事项"),
        "results.unavailable.not_held" => Sub(U, "1.本机关不掌握相关政府信息"),
        "results.unavailable.needs_creation" => Sub(U, "2.没有现成信息需要另行制作"),
        "results.unavailable.unclear_after_correction" => Sub(U, "3.补正后申请内容仍不明确"),
        "results.not_processed.complaint" => Sub(P, "1.信访举报投诉类申请"),
        "results.not_processed.duplicate" => Sub(P, "2.重复申请"),
        "results.not_processed.publication" => Sub(P, "3.要求提供公开出版物"),
        "results.not_processed.mass_repetitive" => Sub(P, "4.无正当理由大量反复申请"),
        "results.not_processed.confirm_or_reissue" => {
            Sub(P, "5.要求行政机关确认或重新出具已获取信息")
        }
        "results.other.overdue_correction" => Sub(
            O,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        ),
        "results.other.overdue_fee" => Sub(
            O,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        ),
        "results.other.other" => Sub(O, "3.其他"),
        "results.total" => Bc("（七）总计"),
        "carried_forward" => Top("四、结转下年度继续办理"),
        other => panic!("no label for table-3 row {other}"),
    }
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

/// How table 3's row labels are laid out.
#[derive(Clone, Copy, PartialEq)]
enum T3Lab {
    /// Official template: 三、本年度办理结果 merged down column 1, group label merged down
    /// column 2, sub label in column 3; top rows merged over all three.
    Official,
    /// One merged cell over the three label columns per row; the group label shares the
    /// first sub-row's cell (「（三）不予公开⏎1.属于国家秘密」); no 三、本年度办理结果 cell.
    WpsMerged,
    /// A single label column; 三、本年度办理结果 and each group label on a row of their own
    /// with no numbers.
    OneColumn,
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

struct Fmts {
    title: Format,
    heading: Format,
    label: Format,
    head: Format,
    num: Format,
    text_num: Format,
    plain: Format,
}

fn fmts() -> Fmts {
    let boxed = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    Fmts {
        title: Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
        heading: Format::new().set_bold(),
        label: boxed.clone().set_align(FormatAlign::Left),
        head: boxed.clone().set_align(FormatAlign::Center).set_bold(),
        num: boxed.clone().set_align(FormatAlign::Center),
        text_num: boxed.set_align(FormatAlign::Center).set_num_format("@"),
        plain: Format::new(),
    }
}

fn col_name(mut c: u16) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

fn a1(r: u32, c: u16) -> String {
    format!("{}{}", col_name(c), r + 1)
}

fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

fn repl(t: &str, r: &[(&str, &str)]) -> String {
    let mut s = t.to_string();
    for (a, b) in r {
        s = s.replace(a, b);
    }
    s
}

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

impl Ctx<'_> {
    fn text(&mut self, r: u32, c: u16, t: &str, f: &Format) -> R<()> {
        self.ws.write_string_with_format(r, c, t, f)?;
        Ok(())
    }
    fn merge(&mut self, r: u32, c: u16, r2: u32, c2: u16, t: &str, f: &Format) -> R<()> {
        if r == r2 && c == c2 {
            self.text(r, c, t, f)
        } else {
            self.ws.merge_range(r, c, r2, c2, t, f)?;
            Ok(())
        }
    }
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
    let f = cx.f;
    cx.text(r0, c0, "二、主动公开政府信息情况", &f.heading)?;
    let mut r = r0 + 1;
    for row in t2_layout() {
        let mut c = c0;
        for (it, span) in row {
            // The label column stands alone; the gap columns follow it.
            let (at, span) = if c == c0 {
                (c, if span > 1 { span + s.gap } else { 1 })
            } else {
                (c + s.gap, span)
            };
            match it {
                It::L(t) => {
                    let t = repl(t, &s.hrepl);
                    let fmt = if at != c0 || t == "信息内容" || t.starts_with("第二十条") {
                        &f.head
                    } else {
                        &f.label
                    };
                    cx.merge(r, at, r, at + span - 1, &t, fmt)?;
                }
                It::V(rk, ck, x) => {
                    cx.num(r, at, span, &format!("table2.{rk}.{ck}"), x)?;
                }
            }
            c += if c == c0 { 1 } else { span };
        }
        r += 1;
    }
    Ok(r)
}

fn write_t3(cx: &mut Ctx, r0: u32, c0: u16, d: &Data, s: &T3S) -> R<u32> {
    let f = cx.f;
    cx.text(r0, c0, "三、收到和处理政府信息公开申请情况", &f.heading)?;
    let h = r0 + 1;
    let lab0 = c0 + s.serial_col as u16;
    let nlab: u16 = if s.lab == T3Lab::OneColumn { 1 } else { 3 };
    let base = lab0 + nlab + s.gap_nums;
    let mut ncol = [0u16; 7];
    for (j, nc) in ncol.iter_mut().enumerate() {
        *nc = base + j as u16 + if j == 6 { s.gap_total } else { 0 };
    }
    let hd = |t: &str| repl(t, &s.hrepl);
    if s.serial_col {
        cx.merge(h, c0, h + 2, c0, &hd("序号"), &f.head)?;
    }
    cx.merge(h, lab0, h + 2, lab0 + nlab - 1, T3_NOTE, &f.label)?;
    cx.merge(h, ncol[0], h, ncol[6], &hd("申请人情况"), &f.head)?;
    cx.merge(h + 1, ncol[0], h + 2, ncol[0], &hd("自然人"), &f.head)?;
    if s.org_repeated {
        for c in &ncol[1..6] {
            cx.text(h + 1, *c, &hd("法人或其他组织"), &f.head)?;
        }
    } else {
        cx.merge(
            h + 1,
            ncol[1],
            h + 1,
            ncol[5],
            &hd("法人或其他组织"),
            &f.head,
        )?;
    }
    cx.merge(h + 1, ncol[6], h + 2, ncol[6], &hd("总计"), &f.head)?;
    for (i, t) in [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    .iter()
    .enumerate()
    {
        cx.text(h + 2, ncol[1 + i], &hd(t), &f.head)?;
    }
    let lb = |t: &str| repl(t, &s.lrepl);
    let mut r = h + 3;
    let first_res =
        d.t3.iter()
            .position(|(k, _)| k.starts_with("results."))
            .unwrap();
    let last_res =
        d.t3.iter()
            .position(|(k, _)| *k == "results.total")
            .unwrap();
    let mut serial = 0.0;
    let mut rows_of: BTreeMap<&str, u32> = BTreeMap::new();
    for (i, (key, vals)) in d.t3.iter().enumerate() {
        let group_start = match t3_label(key) {
            T3Label::Sub(g, _) => {
                !(i > 0 && matches!(t3_label(d.t3[i - 1].0), T3Label::Sub(pg, _) if pg == g))
            }
            _ => false,
        };
        match s.lab {
            T3Lab::Official => {
                if i == first_res {
                    let n = (last_res - first_res) as u32;
                    cx.merge(r, lab0, r + n, lab0, &lb("三、本年度办理结果"), &f.label)?;
                }
                match t3_label(key) {
                    T3Label::Top(t) => cx.merge(r, lab0, r, lab0 + 2, &lb(t), &f.label)?,
                    T3Label::Bc(t) => cx.merge(r, lab0 + 1, r, lab0 + 2, &lb(t), &f.label)?,
                    T3Label::Sub(g, sub) => {
                        if group_start {
                            let n = d.t3[i..]
                                .iter()
                                .take_while(
                                    |(k, _)| matches!(t3_label(k), T3Label::Sub(gg, _) if gg == g),
                                )
                                .count() as u32;
                            cx.merge(r, lab0 + 1, r + n - 1, lab0 + 1, &lb(g), &f.label)?;
                        }
                        cx.text(r, lab0 + 2, &lb(sub), &f.label)?;
                    }
                }
            }
            T3Lab::WpsMerged => {
                let t = match t3_label(key) {
                    T3Label::Top(t) | T3Label::Bc(t) => t.to_string(),
                    T3Label::Sub(g, sub) if group_start => format!("{g}\n{sub}"),
                    T3Label::Sub(_, sub) => sub.to_string(),
                };
                cx.merge(r, lab0, r, lab0 + 2, &lb(&t), &f.label)?;
            }
            T3Lab::OneColumn => {
                if i == first_res {
                    cx.text(r, lab0, &lb("三、本年度办理结果"), &f.label)?;
                    r += 1;
                }
                let t = match t3_label(key) {
                    T3Label::Top(t) | T3Label::Bc(t) => t,
                    T3Label::Sub(g, sub) => {
                        if group_start {
                            cx.text(r, lab0, &lb(g), &f.label)?;
                            r += 1;
                        }
                        sub
                    }
                };
                cx.text(r, lab0, &lb(t), &f.label)?;
            }
        }
        if s.serial_col {
            serial += 1.0;
            cx.ws.write_number_with_format(r, c0, serial, &f.num)?;
        }
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
        r += 1;
    }
    Ok(r)
}

fn write_t4(cx: &mut Ctx, r0: u32, c0: u16, d: &Data, s: &T4S) -> R<u32> {
    let f = cx.f;
    cx.text(r0, c0, "四、政府信息公开行政复议、行政诉讼情况", &f.heading)?;
    let h = r0 + 1;
    let hd = |t: &str| repl(t, &s.hrepl);
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    if s.transposed {
        // Header row: corner + five results; then one row per group.
        cx.merge(h, c0, h, c0 + 1, &hd("项目"), &f.head)?;
        for (i, t) in results.iter().enumerate() {
            cx.text(h, c0 + 2 + i as u16, &hd(t), &f.head)?;
        }
        cx.merge(h + 1, c0, h + 1, c0 + 1, &hd("行政复议"), &f.label)?;
        cx.merge(h + 2, c0, h + 3, c0, &hd("行政诉讼"), &f.label)?;
        cx.text(h + 2, c0 + 1, &hd("未经复议直接起诉"), &f.label)?;
        cx.text(h + 3, c0 + 1, &hd("复议后起诉"), &f.label)?;
        for (gi, (g, vals)) in d.t4.iter().enumerate() {
            for (ci, v) in vals.iter().enumerate() {
                let k = format!("table4.{g}.{}", T4_COLS[ci]);
                cx.num(h + 1 + gi as u32, c0 + 2 + ci as u16, 1, &k, *v)?;
            }
        }
        return Ok(h + 4);
    }
    let g0 = c0 + s.label_col.is_some() as u16;
    if let Some((corner, _)) = s.label_col {
        cx.merge(h, c0, h + 2, c0, &hd(corner), &f.head)?;
    }
    cx.merge(h, g0, h, g0 + 4, &hd("行政复议"), &f.head)?;
    cx.merge(h, g0 + 5, h, g0 + 14, &hd("行政诉讼"), &f.head)?;
    for (i, t) in results.iter().enumerate() {
        if s.review_bottom_only {
            cx.text(h + 2, g0 + i as u16, &hd(t), &f.head)?;
        } else {
            cx.merge(h + 1, g0 + i as u16, h + 2, g0 + i as u16, &hd(t), &f.head)?;
        }
    }
    cx.merge(
        h + 1,
        g0 + 5,
        h + 1,
        g0 + 9,
        &hd("未经复议直接起诉"),
        &f.head,
    )?;
    cx.merge(h + 1, g0 + 10, h + 1, g0 + 14, &hd("复议后起诉"), &f.head)?;
    for g in 0..2u16 {
        for (i, t) in results.iter().enumerate() {
            cx.text(h + 2, g0 + 5 + 5 * g + i as u16, &hd(t), &f.head)?;
        }
    }
    let r = h + 3;
    if let Some((_, label)) = s.label_col {
        cx.text(r, c0, label, &f.label)?;
    }
    for (gi, (g, vals)) in d.t4.iter().enumerate() {
        for (ci, v) in vals.iter().enumerate() {
            let k = format!("table4.{g}.{}", T4_COLS[ci]);
            cx.num(r, g0 + (gi * 5 + ci) as u16, 1, &k, *v)?;
        }
    }
    Ok(r + 1)
}

fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2024, 1, 15)
        .unwrap()
        .and_hms(9, 0, 0)
        .unwrap();
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&when)
            .set_author("nianbao make_layout_variants"),
    );
    wb
}

fn write_variant(v: &Variant, path: &Path) -> R<Expect> {
    let f = fmts();
    let mut exp = Expect::new();
    let mut wb = new_workbook();
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
                B::Title(t) => {
                    cx.merge(r, c0, r, c0 + 9, t, &f.title)?;
                    r + 1
                }
                B::Text(t) => {
                    cx.text(r, c0, t, &f.plain)?;
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
