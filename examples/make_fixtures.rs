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

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// One cell value as a clerk might have typed it.
#[derive(Clone, Debug)]
enum V {
    /// A real number cell (`write_number`).
    N(f64),
    /// A text cell holding the raw text.
    S(String),
    /// No cell at all.
    E,
}

fn s(text: &str) -> V {
    V::S(text.to_string())
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ed {
    E2019,
    E2021,
}

impl Ed {
    fn as_str(self) -> &'static str {
        match self {
            Ed::E2019 => "2019",
            Ed::E2021 => "2021",
        }
    }
}

const T3_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
];
const T4_GROUPS: [&str; 3] = ["review", "litigation_direct", "litigation_after_review"];
const T4_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

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
    let z = [0.0; 7];
    let mut rows: Vec<(&str, [f64; 7])> = vec![
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
    ];
    match ed {
        Ed::E2021 => {
            rows.push((
                "results.other.overdue_correction",
                [1., 1., 0., 0., 0., 0., 2.],
            ));
            rows.push(("results.other.overdue_fee", z));
            rows.push(("results.other.other", z));
        }
        Ed::E2019 => rows.push(("results.other", [1., 1., 0., 0., 0., 0., 2.])),
    }
    rows.push(("results.total", [29., 6., 1., 0., 2., 1., 39.]));
    rows.push(("carried_forward", [3., 0., 0., 0., 0., 0., 3.]));
    rows.into_iter()
        .map(|(k, v)| (k.to_string(), nums(&v)))
        .collect()
}

fn t2_clean(ed: Ed) -> Vec<(String, Vec<(String, V)>)> {
    let rows: Vec<(&str, Vec<(&str, f64)>)> = match ed {
        Ed::E2021 => vec![
            (
                "regulations",
                vec![("issued", 0.), ("repealed", 0.), ("in_force", 0.)],
            ),
            (
                "normative_documents",
                vec![("issued", 8.), ("repealed", 2.), ("in_force", 45.)],
            ),
            ("licensing", vec![("decisions", 1234.)]),
            ("penalty", vec![("decisions", 56.)]),
            ("coercion", vec![("decisions", 3.)]),
            ("fees", vec![("amount", 12.5)]),
        ],
        Ed::E2019 => vec![
            (
                "regulations",
                vec![("created", 0.), ("published", 0.), ("total_published", 0.)],
            ),
            (
                "normative_documents",
                vec![("created", 5.), ("published", 5.), ("total_published", 40.)],
            ),
            (
                "licensing",
                vec![
                    ("previous_items", 120.),
                    ("change", -3.),
                    ("decisions", 2345.),
                ],
            ),
            (
                "other_services",
                vec![("previous_items", 30.), ("change", 2.), ("decisions", 150.)],
            ),
            (
                "penalty",
                vec![("previous_items", 80.), ("change", 0.), ("decisions", 45.)],
            ),
            (
                "coercion",
                vec![("previous_items", 12.), ("change", 0.), ("decisions", 6.)],
            ),
            ("fees", vec![("previous_items", 8.), ("change", -1.)]),
            ("procurement", vec![("items", 25.), ("amount", 251.6)]),
        ],
    };
    rows.into_iter()
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
    vec![
        ("review".to_string(), nums(&[2., 1., 0., 1., 4.])),
        ("litigation_direct".to_string(), nums(&[1., 0., 0., 1., 2.])),
        (
            "litigation_after_review".to_string(),
            nums(&[0., 0., 0., 0., 0.]),
        ),
    ]
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
// Statutory labels (official template wording, full-width punctuation)
// ---------------------------------------------------------------------------

const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// How a table-3 data row's label is laid out.
enum T3Label {
    /// Label merged over A–C.
    Top(&'static str),
    /// Label merged over B–C (under 三、本年度办理结果).
    Bc(&'static str),
    /// Sub-row: group label in B (merged down over the group), sub label in C.
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
        "results.other" => Bc(O),
        "results.total" => Bc("（七）总计"),
        "carried_forward" => Top("四、结转下年度继续办理"),
        other => panic!("no label for table-3 row {other}"),
    }
}

/// A cell in a table-2 template row: a label or the value of `row.col`.
enum It {
    L(&'static str),
    V(&'static str, &'static str),
}

/// Table 2 as rows of (item, column span); every row spans 4 columns.
fn t2_layout(ed: Ed) -> Vec<Vec<(It, u16)>> {
    use It::*;
    match ed {
        Ed::E2021 => vec![
            vec![(L("第二十条第（一）项"), 4)],
            vec![
                (L("信息内容"), 1),
                (L("本年制发件数"), 1),
                (L("本年废止件数"), 1),
                (L("现行有效件数"), 1),
            ],
            vec![
                (L("规章"), 1),
                (V("regulations", "issued"), 1),
                (V("regulations", "repealed"), 1),
                (V("regulations", "in_force"), 1),
            ],
            vec![
                (L("行政规范性文件"), 1),
                (V("normative_documents", "issued"), 1),
                (V("normative_documents", "repealed"), 1),
                (V("normative_documents", "in_force"), 1),
            ],
            vec![(L("第二十条第（五）项"), 4)],
            vec![(L("信息内容"), 1), (L("本年处理决定数量"), 3)],
            vec![(L("行政许可"), 1), (V("licensing", "decisions"), 3)],
            vec![(L("第二十条第（六）项"), 4)],
            vec![(L("信息内容"), 1), (L("本年处理决定数量"), 3)],
            vec![(L("行政处罚"), 1), (V("penalty", "decisions"), 3)],
            vec![(L("行政强制"), 1), (V("coercion", "decisions"), 3)],
            vec![(L("第二十条第（八）项"), 4)],
            vec![(L("信息内容"), 1), (L("本年收费金额（单位：万元）"), 3)],
            vec![(L("行政事业性收费"), 1), (V("fees", "amount"), 3)],
        ],
        Ed::E2019 => {
            let hdr3 = || {
                vec![
                    (L("信息内容"), 1),
                    (L("上一年项目数量"), 1),
                    (L("本年增/减"), 1),
                    (L("处理决定数量"), 1),
                ]
            };
            let row3 = |label: &'static str, key: &'static str| {
                vec![
                    (L(label), 1),
                    (V(key, "previous_items"), 1),
                    (V(key, "change"), 1),
                    (V(key, "decisions"), 1),
                ]
            };
            vec![
                vec![(L("第二十条第（一）项"), 4)],
                vec![
                    (L("信息内容"), 1),
                    (L("本年新制作数量"), 1),
                    (L("本年新公开数量"), 1),
                    (L("对外公开总数量"), 1),
                ],
                vec![
                    (L("规章"), 1),
                    (V("regulations", "created"), 1),
                    (V("regulations", "published"), 1),
                    (V("regulations", "total_published"), 1),
                ],
                vec![
                    (L("规范性文件"), 1),
                    (V("normative_documents", "created"), 1),
                    (V("normative_documents", "published"), 1),
                    (V("normative_documents", "total_published"), 1),
                ],
                vec![(L("第二十条第（五）项"), 4)],
                hdr3(),
                row3("行政许可", "licensing"),
                row3("其他对外管理服务事项", "other_services"),
                vec![(L("第二十条第（六）项"), 4)],
                hdr3(),
                row3("行政处罚", "penalty"),
                row3("行政强制", "coercion"),
                vec![(L("第二十条第（八）项"), 4)],
                vec![
                    (L("信息内容"), 1),
                    (L("上一年项目数量"), 1),
                    (L("本年增/减"), 2),
                ],
                vec![
                    (L("行政事业性收费"), 1),
                    (V("fees", "previous_items"), 1),
                    (V("fees", "change"), 2),
                ],
                vec![(L("第二十条第（九）项"), 4)],
                vec![
                    (L("信息内容"), 1),
                    (L("采购项目数量"), 1),
                    (L("采购总金额"), 2),
                ],
                vec![
                    (L("政府集中采购"), 1),
                    (V("procurement", "items"), 1),
                    (V("procurement", "amount"), 2),
                ],
            ]
        }
    }
}

// ---------------------------------------------------------------------------
// Writing spreadsheets
// ---------------------------------------------------------------------------

type R<T> = Result<T, XlsxError>;

struct Fmts {
    title: Format,
    heading: Format,
    label: Format,
    head: Format,
    num: Format,
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
        num: boxed.set_align(FormatAlign::Center),
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

fn a1(sheet: &str, r: u32, c: u16) -> String {
    format!("{sheet}!{}{}", col_name(c), r + 1)
}

/// Canonical key -> address, filled while writing.
type Addr = BTreeMap<String, String>;

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    name: String,
}

impl Sheet<'_> {
    fn text(&mut self, r: u32, c: u16, t: &str, f: &Format) -> R<()> {
        self.ws.write_string_with_format(r, c, t, f)?;
        Ok(())
    }
    /// Label merged over rows r..=r2 and cols c..=c2 (plain cell if 1×1).
    fn label(&mut self, r: u32, c: u16, r2: u32, c2: u16, t: &str, f: &Format) -> R<()> {
        if r == r2 && c == c2 {
            self.text(r, c, t, f)
        } else {
            self.ws.merge_range(r, c, r2, c2, t, f)?;
            Ok(())
        }
    }
    /// A value over `span` columns (merged if span > 1).
    fn value(&mut self, r: u32, c: u16, span: u16, v: &V, f: &Format) -> R<()> {
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
        Ok(())
    }
}

fn write_title(sh: &mut Sheet, r: u32, c: u16, rep: &Report, f: &Fmts) -> R<u32> {
    sh.label(r, c, r, c + 9, &rep.title(), &f.title)?;
    Ok(r + 1)
}

/// Writes heading + table 2 from (r, c); returns the next free row.
fn write_t2(sh: &mut Sheet, r0: u32, c0: u16, rep: &Report, f: &Fmts, addr: &mut Addr) -> R<u32> {
    sh.text(r0, c0, "二、主动公开政府信息情况", &f.heading)?;
    let mut r = r0 + 1;
    for row in t2_layout(rep.t2_ed) {
        let mut c = c0;
        for (it, span) in row {
            match it {
                It::L(t) => {
                    let fmt = if c != c0 || t == "信息内容" || t.starts_with("第二十条") {
                        &f.head
                    } else {
                        &f.label
                    };
                    sh.label(r, c, r, c + span - 1, t, fmt)?
                }
                It::V(rk, ck) => {
                    sh.value(r, c, span, rep.t2_get(rk, ck), &f.num)?;
                    addr.insert(format!("table2.{rk}.{ck}"), a1(&sh.name, r, c));
                }
            }
            c += span;
        }
        r += 1;
    }
    Ok(r)
}

/// Writes heading + table 3 from (r, c); returns the next free row.
fn write_t3(sh: &mut Sheet, r0: u32, c0: u16, rep: &Report, f: &Fmts, addr: &mut Addr) -> R<u32> {
    sh.text(r0, c0, "三、收到和处理政府信息公开申请情况", &f.heading)?;
    let h = r0 + 1;
    sh.label(h, c0, h + 2, c0 + 2, T3_NOTE, &f.label)?;
    sh.label(h, c0 + 3, h, c0 + 9, "申请人情况", &f.head)?;
    sh.label(h + 1, c0 + 3, h + 2, c0 + 3, "自然人", &f.head)?;
    sh.label(h + 1, c0 + 4, h + 1, c0 + 8, "法人或其他组织", &f.head)?;
    sh.label(h + 1, c0 + 9, h + 2, c0 + 9, "总计", &f.head)?;
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
        sh.text(h + 2, c0 + 4 + i as u16, t, &f.head)?;
    }
    let mut r = h + 3;
    // 三、本年度办理结果 spans from the first results.* row to results.total.
    let first_res = rep
        .t3
        .iter()
        .position(|(k, _)| k.starts_with("results."))
        .unwrap();
    let last_res = rep
        .t3
        .iter()
        .position(|(k, _)| k == "results.total")
        .unwrap();
    let mut i = 0;
    while i < rep.t3.len() {
        let (key, vals) = &rep.t3[i];
        if i == first_res {
            let n = (last_res - first_res) as u32;
            sh.label(r, c0, r + n, c0, "三、本年度办理结果", &f.label)?;
        }
        match t3_label(key) {
            T3Label::Top(t) => sh.label(r, c0, r, c0 + 2, t, &f.label)?,
            T3Label::Bc(t) => sh.label(r, c0 + 1, r, c0 + 2, t, &f.label)?,
            T3Label::Sub(group, sub) => {
                let prev_same =
                    i > 0 && matches!(t3_label(&rep.t3[i - 1].0), T3Label::Sub(g, _) if g == group);
                if !prev_same {
                    let n = rep.t3[i..]
                        .iter()
                        .take_while(
                            |(k, _)| matches!(t3_label(k), T3Label::Sub(g, _) if g == group),
                        )
                        .count() as u32;
                    sh.label(r, c0 + 1, r + n - 1, c0 + 1, group, &f.label)?;
                }
                sh.text(r, c0 + 2, sub, &f.label)?;
            }
        }
        for (j, v) in vals.iter().enumerate() {
            sh.value(r, c0 + 3 + j as u16, 1, v, &f.num)?;
            addr.insert(
                format!("table3.{key}.{}", T3_COLS[j]),
                a1(&sh.name, r, c0 + 3 + j as u16),
            );
        }
        r += 1;
        i += 1;
    }
    Ok(r)
}

/// Writes heading + table 4 from (r, c); returns the next free row.
fn write_t4(sh: &mut Sheet, r0: u32, c0: u16, rep: &Report, f: &Fmts, addr: &mut Addr) -> R<u32> {
    sh.text(r0, c0, "四、政府信息公开行政复议、行政诉讼情况", &f.heading)?;
    let h = r0 + 1;
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    sh.label(h, c0, h, c0 + 4, "行政复议", &f.head)?;
    sh.label(h, c0 + 5, h, c0 + 14, "行政诉讼", &f.head)?;
    for (i, t) in results.iter().enumerate() {
        sh.label(h + 1, c0 + i as u16, h + 2, c0 + i as u16, t, &f.head)?;
    }
    sh.label(h + 1, c0 + 5, h + 1, c0 + 9, "未经复议直接起诉", &f.head)?;
    sh.label(h + 1, c0 + 10, h + 1, c0 + 14, "复议后起诉", &f.head)?;
    for g in 0..2u16 {
        for (i, t) in results.iter().enumerate() {
            sh.text(h + 2, c0 + 5 + 5 * g + i as u16, t, &f.head)?;
        }
    }
    let r = h + 3;
    for (gi, g) in T4_GROUPS.iter().enumerate() {
        for (ci, v) in rep.t4_row(g).iter().enumerate() {
            let c = c0 + (gi * 5 + ci) as u16;
            sh.value(r, c, 1, v, &f.num)?;
            addr.insert(format!("table4.{g}.{}", T4_COLS[ci]), a1(&sh.name, r, c));
        }
    }
    Ok(r + 1)
}

fn new_workbook() -> Workbook {
    let mut wb = Workbook::new();
    // Fixed creation date: regenerated files are byte-identical.
    let when = ExcelDateTime::from_ymd(2024, 1, 15)
        .unwrap()
        .and_hms(9, 0, 0)
        .unwrap();
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&when)
            .set_author("nianbao make_fixtures"),
    );
    wb
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
    let f = fmts();
    let mut addr = Addr::new();
    let mut wb = new_workbook();
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    widths(ws, 0)?;
    let mut sh = Sheet {
        ws,
        name: "Sheet1".into(),
    };
    let r = write_title(&mut sh, 0, 0, rep, &f)?;
    let r = write_t2(&mut sh, r, 0, rep, &f, &mut addr)?;
    let r = write_t3(&mut sh, r, 0, rep, &f, &mut addr)?;
    if rep.has_t4 {
        write_t4(&mut sh, r, 0, rep, &f, &mut addr)?;
    }
    wb.save(path)?;
    Ok(addr)
}

/// Tables from D6 on sheet 「2023年报」, two blank rows between tables, notes around.
fn write_offset(rep: &Report, path: &Path) -> R<Addr> {
    let f = fmts();
    let mut addr = Addr::new();
    let mut wb = new_workbook();
    let name = "2023年报";
    let ws = wb.add_worksheet().set_name(name)?;
    widths(ws, 3)?;
    let mut sh = Sheet {
        ws,
        name: name.into(),
    };
    let c = 3; // column D
    sh.text(1, c, "填报人：张三", &f.plain)?; // D2
    write_title(&mut sh, 3, c, rep, &f)?; // D4
    // heading 二 in D5, table 2 itself starts at D6
    let r = write_t2(&mut sh, 4, c, rep, &f, &mut addr)?;
    let r = write_t3(&mut sh, r + 2, c, rep, &f, &mut addr)?;
    let r = write_t4(&mut sh, r + 2, c, rep, &f, &mut addr)?;
    sh.text(r, c, "注：行政复议、行政诉讼数量含上年度结转数量", &f.plain)?;
    wb.save(path)?;
    Ok(addr)
}

/// Title + table 2 on sheet 1, table 3 on sheet 2, table 4 on sheet 3.
fn write_three_sheets(rep: &Report, path: &Path) -> R<Addr> {
    let f = fmts();
    let mut addr = Addr::new();
    let mut wb = new_workbook();
    {
        let name = "表二 主动公开";
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 0)?;
        let mut sh = Sheet {
            ws,
            name: name.into(),
        };
        let r = write_title(&mut sh, 0, 0, rep, &f)?;
        write_t2(&mut sh, r, 0, rep, &f, &mut addr)?;
    }
    {
        let name = "表三 依申请";
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 0)?;
        let mut sh = Sheet {
            ws,
            name: name.into(),
        };
        write_t3(&mut sh, 0, 0, rep, &f, &mut addr)?;
    }
    {
        let name = "表四 复议诉讼";
        let ws = wb.add_worksheet().set_name(name)?;
        widths(ws, 0)?;
        let mut sh = Sheet {
            ws,
            name: name.into(),
        };
        write_t4(&mut sh, 0, 0, rep, &f, &mut addr)?;
    }
    wb.save(path)?;
    Ok(addr)
}

// ---------------------------------------------------------------------------
// JSON (SPEC §7 shape)
// ---------------------------------------------------------------------------

fn jv(v: &V) -> Value {
    match v {
        V::N(x) if x.fract() == 0.0 => json!(*x as i64),
        V::N(x) => json!(*x),
        V::S(t) => json!(t),
        V::E => Value::Null,
    }
}

fn to_json(rep: &Report) -> Value {
    let mut top = Map::new();
    top.insert("agency".into(), json!(rep.agency));
    top.insert("year".into(), json!(rep.year));
    top.insert("edition".into(), json!(rep.t3_ed.as_str()));
    let mut t2 = Map::new();
    for (rk, cols) in &rep.t2 {
        let mut m = Map::new();
        for (ck, v) in cols {
            m.insert(ck.clone(), jv(v));
        }
        t2.insert(rk.clone(), Value::Object(m));
    }
    top.insert("table2".into(), Value::Object(t2));
    // table3: nest dotted keys.
    let mut t3 = Value::Object(Map::new());
    for (key, vals) in &rep.t3 {
        let mut row = Map::new();
        for (j, v) in vals.iter().enumerate() {
            row.insert(T3_COLS[j].into(), jv(v));
        }
        let mut node = &mut t3;
        let parts: Vec<&str> = key.split('.').collect();
        for p in &parts[..parts.len() - 1] {
            node = node
                .as_object_mut()
                .unwrap()
                .entry(p.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
        }
        node.as_object_mut()
            .unwrap()
            .insert(parts[parts.len() - 1].into(), Value::Object(row));
    }
    top.insert("table3".into(), t3);
    if rep.has_t4 {
        let mut t4 = Map::new();
        for (g, vals) in &rep.t4 {
            let mut m = Map::new();
            for (ci, v) in vals.iter().enumerate() {
                m.insert(T4_COLS[ci].into(), jv(v));
            }
            t4.insert(g.clone(), Value::Object(m));
        }
        top.insert("table4".into(), Value::Object(t4));
    }
    Value::Object(top)
}

fn write_json(v: &Value, path: &Path) {
    let mut text = serde_json::to_string_pretty(v).unwrap();
    text.push('\n');
    fs::write(path, text).unwrap();
}

// ---------------------------------------------------------------------------
// Self-check: a minimal restatement of SPEC §3/§5, independent of src/
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
enum P {
    Num(f64),
    Blank,
    Text,
}

/// SPEC §5 normalisation of a number cell.
fn parse(v: &V) -> P {
    let raw = match v {
        V::N(x) => return P::Num(*x),
        V::E => return P::Blank,
        V::S(t) => t,
    };
    let t: String = raw
        .chars()
        .map(|ch| match ch as u32 {
            0xFF01..=0xFF5E => char::from_u32(ch as u32 - 0xFEE0).unwrap(),
            _ => ch,
        })
        .filter(|ch| !ch.is_whitespace() && *ch != '\u{a0}')
        .collect();
    if ["", "-", "—", "/", "无"].contains(&t.as_str()) {
        return P::Blank;
    }
    // Leading number; a trailing note (「45(其中修订16件)」) is ignored.
    let end = t
        .char_indices()
        .find(|(i, ch)| !(ch.is_ascii_digit() || *ch == '.' || (*i == 0 && *ch == '-')))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    match t[..end].parse::<f64>() {
        Ok(x) => P::Num(x),
        Err(_) => P::Text,
    }
}

/// Both sides known and different (a side touching a text cell is unknown).
fn differs(a: Option<f64>, b: Option<f64>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if (a - b).abs() > 1e-9)
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
