//! The statutory tables as the fixture generators write them (shared by `make_fixtures`,
//! `make_layout_variants` and `make_corpus`, each with
//! `#[path = "common/statutory.rs"] mod statutory;`).
//!
//! Official wording of the 国办公开办函〔2019〕60号 / 〔2021〕30号 templates (full-width
//! punctuation), the cell model, workbook formats, and writers of tables 2, 3 and 4 that
//! place every label and header and leave the value cells to the caller. A writer calls a
//! [`Grid`] in a fixed order, so each generator's output stays byte-identical.

// Each example uses only part of this module.
#![allow(dead_code)]

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde_json::{Map, Value, json};

pub type R<T> = Result<T, XlsxError>;

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// One cell value as a clerk might have typed it.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    /// A real number cell (`write_number`).
    N(f64),
    /// A text cell holding the raw text.
    S(String),
    /// No cell at all.
    E,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ed {
    E2019,
    E2021,
}

impl Ed {
    pub fn as_str(self) -> &'static str {
        match self {
            Ed::E2019 => "2019",
            Ed::E2021 => "2021",
        }
    }
    pub fn for_year(y: u32) -> Ed {
        if y >= 2021 { Ed::E2021 } else { Ed::E2019 }
    }
}

pub const T3_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
];
pub const T4_GROUPS: [&str; 3] = ["review", "litigation_direct", "litigation_after_review"];
pub const T4_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

// ---------------------------------------------------------------------------
// The clean sample report of fixtures/README.md (临沭县人民政府)
// ---------------------------------------------------------------------------

/// Table 3 of the clean sample, rows in statutory order.
pub fn sample_t3(ed: Ed) -> Vec<(&'static str, [f64; 7])> {
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
    rows
}

/// Table 4 of the clean sample, groups in [`T4_GROUPS`] order.
pub fn sample_t4() -> Vec<(&'static str, [f64; 5])> {
    vec![
        ("review", [2., 1., 0., 1., 4.]),
        ("litigation_direct", [1., 0., 0., 1., 2.]),
        ("litigation_after_review", [0.; 5]),
    ]
}

/// Table 2 of the clean sample: row key -> [(column key, value)].
pub fn sample_t2(ed: Ed) -> Vec<(&'static str, Vec<(&'static str, f64)>)> {
    match ed {
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
    }
}

// ---------------------------------------------------------------------------
// Statutory labels (official template wording, full-width punctuation)
// ---------------------------------------------------------------------------

pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// How a table-3 data row's label is laid out.
pub enum T3Label {
    /// A top-level row (一、二、四、), label over all label columns.
    Top(&'static str),
    /// Under 三、本年度办理结果, no sub-rows.
    Bc(&'static str),
    /// Sub-row: (group label, sub label).
    Sub(&'static str, &'static str),
}

pub fn t3_label(key: &str) -> T3Label {
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
pub enum It {
    L(&'static str),
    V(&'static str, &'static str),
}

/// Table 2 as rows of (item, column span); every row spans 4 columns.
pub fn t2_layout(ed: Ed) -> Vec<Vec<(It, u16)>> {
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
// Text helpers
// ---------------------------------------------------------------------------

pub fn col_name(mut c: u16) -> String {
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

/// A1-style address of a zero-based cell, without a sheet name.
pub fn a1(r: u32, c: u16) -> String {
    format!("{}{}", col_name(c), r + 1)
}

pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

pub fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap(),
            '.' => '．',
            c => c,
        })
        .collect()
}

/// `t` with every replacement of `r` applied in turn.
pub fn repl(t: &str, r: &[(&str, &str)]) -> String {
    let mut s = t.to_string();
    for (a, b) in r {
        s = s.replace(a, b);
    }
    s
}

// ---------------------------------------------------------------------------
// Self-check: SPEC §5 reading of a number cell
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, Debug)]
pub enum P {
    Num(f64),
    Blank,
    Text,
}

/// SPEC §5 normalisation of a number cell; `commas`: thousands separators are dropped too.
pub fn parse(v: &V, commas: bool) -> P {
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
        .filter(|ch| !ch.is_whitespace() && *ch != '\u{a0}' && !(commas && *ch == ','))
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
pub fn differs(a: Option<f64>, b: Option<f64>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if (a - b).abs() > 1e-9)
}

// ---------------------------------------------------------------------------
// JSON (SPEC §7 shape)
// ---------------------------------------------------------------------------

pub fn jv(v: &V) -> Value {
    match v {
        V::N(x) if x.fract() == 0.0 => json!(*x as i64),
        V::N(x) => json!(*x),
        V::S(t) => json!(t),
        V::E => Value::Null,
    }
}

/// The parts of a report that go into its JSON.
pub struct JsonReport<'a, K: AsRef<str>> {
    pub agency: &'a str,
    pub year: u32,
    pub edition: Ed,
    pub t2: &'a [(K, Vec<(K, V)>)],
    /// Dotted row keys, nested in the output.
    pub t3: &'a [(K, Vec<V>)],
    pub t4: Option<&'a [(K, Vec<V>)]>,
}

/// The SPEC §7 document; `cell` renders each value (called in table order).
pub fn report_json<K: AsRef<str>>(rep: &JsonReport<K>, mut cell: impl FnMut(&V) -> Value) -> Value {
    let mut top = Map::new();
    top.insert("agency".into(), json!(rep.agency));
    top.insert("year".into(), json!(rep.year));
    top.insert("edition".into(), json!(rep.edition.as_str()));
    let mut t2 = Map::new();
    for (rk, cols) in rep.t2 {
        let mut m = Map::new();
        for (ck, v) in cols {
            m.insert(ck.as_ref().into(), cell(v));
        }
        t2.insert(rk.as_ref().into(), Value::Object(m));
    }
    top.insert("table2".into(), Value::Object(t2));
    let mut t3 = Value::Object(Map::new());
    for (key, vals) in rep.t3 {
        let mut row = Map::new();
        for (j, v) in vals.iter().enumerate() {
            row.insert(T3_COLS[j].into(), cell(v));
        }
        let parts: Vec<&str> = key.as_ref().split('.').collect();
        let mut node = &mut t3;
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
    if let Some(t4rows) = rep.t4 {
        let mut t4 = Map::new();
        for (g, vals) in t4rows {
            let mut m = Map::new();
            for (ci, v) in vals.iter().enumerate() {
                m.insert(T4_COLS[ci].into(), cell(v));
            }
            t4.insert(g.as_ref().into(), Value::Object(m));
        }
        top.insert("table4".into(), Value::Object(t4));
    }
    Value::Object(top)
}

// ---------------------------------------------------------------------------
// Workbooks
// ---------------------------------------------------------------------------

/// A workbook with a fixed creation date, so regenerated files are byte-identical.
pub fn new_workbook(author: &str) -> Workbook {
    let mut wb = Workbook::new();
    let when = ExcelDateTime::from_ymd(2024, 1, 15)
        .unwrap()
        .and_hms(9, 0, 0)
        .unwrap();
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&when)
            .set_author(author),
    );
    wb
}

/// What a cell is, for the writer to pick a format.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Style {
    Title,
    /// A section heading (二、主动公开政府信息情况 …).
    Heading,
    /// A table label (row labels, the 勾稽关系 note).
    Label,
    /// A column header.
    Head,
    /// A number.
    Num,
    Plain,
}

pub struct Fmts {
    pub title: Format,
    pub heading: Format,
    pub label: Format,
    pub head: Format,
    pub num: Format,
    /// A number cell in a 文本-formatted column.
    pub text_num: Format,
    pub plain: Format,
}

impl Fmts {
    pub fn new() -> Fmts {
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
    pub fn of(&self, st: Style) -> &Format {
        match st {
            Style::Title => &self.title,
            Style::Heading => &self.heading,
            Style::Label => &self.label,
            Style::Head => &self.head,
            Style::Num => &self.num,
            Style::Plain => &self.plain,
        }
    }
}

/// Where the table writers put labels and headers.
pub trait Grid {
    /// The worksheet, and the formats to write with (`None`: unformatted cells).
    fn parts(&mut self) -> (&mut Worksheet, Option<&Fmts>);
    fn text(&mut self, r: u32, c: u16, t: &str, st: Style) -> R<()> {
        match self.parts() {
            (ws, Some(f)) => ws.write_string_with_format(r, c, t, f.of(st))?,
            (ws, None) => ws.write_string(r, c, t)?,
        };
        Ok(())
    }
    fn number(&mut self, r: u32, c: u16, x: f64, st: Style) -> R<()> {
        match self.parts() {
            (ws, Some(f)) => ws.write_number_with_format(r, c, x, f.of(st))?,
            (ws, None) => ws.write_number(r, c, x)?,
        };
        Ok(())
    }
    /// Text merged over rows r..=r2 and cols c..=c2 (a plain cell if 1×1).
    fn merge(&mut self, r: u32, c: u16, r2: u32, c2: u16, t: &str, st: Style) -> R<()> {
        if r == r2 && c == c2 {
            return self.text(r, c, t, st);
        }
        match self.parts() {
            (ws, Some(f)) => ws.merge_range(r, c, r2, c2, t, f.of(st))?,
            (ws, None) => ws.merge_range(r, c, r2, c2, t, &Format::new())?,
        };
        Ok(())
    }
}

/// A title merged over ten columns; returns the next row.
pub fn write_title<G: Grid>(g: &mut G, r: u32, c: u16, t: &str) -> R<u32> {
    g.merge(r, c, r, c + 9, t, Style::Title)?;
    Ok(r + 1)
}

/// Writes heading + table 2 from (r0, c0); returns the next free row. `gap` blank columns
/// follow the label column; `val(g, r, c, span, row, col)` writes each value cell.
pub fn write_t2<G: Grid>(
    g: &mut G,
    r0: u32,
    c0: u16,
    ed: Ed,
    gap: u16,
    hrepl: &[(&str, &str)],
    mut val: impl FnMut(&mut G, u32, u16, u16, &str, &str) -> R<()>,
) -> R<u32> {
    g.text(r0, c0, "二、主动公开政府信息情况", Style::Heading)?;
    let mut r = r0 + 1;
    for row in t2_layout(ed) {
        let mut c = c0;
        for (it, span) in row {
            // The label column stands alone; the gap columns follow it.
            let (at, span) = if c == c0 {
                (c, if span > 1 { span + gap } else { 1 })
            } else {
                (c + gap, span)
            };
            match it {
                It::L(t) => {
                    let t = repl(t, hrepl);
                    let st = if at != c0 || t == "信息内容" || t.starts_with("第二十条") {
                        Style::Head
                    } else {
                        Style::Label
                    };
                    g.merge(r, at, r, at + span - 1, &t, st)?;
                }
                It::V(rk, ck) => val(g, r, at, span, rk, ck)?,
            }
            c += if c == c0 { 1 } else { span };
        }
        r += 1;
    }
    Ok(r)
}

/// How table 3's row labels are laid out.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum T3Lab {
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

/// Table-3 layout choices.
pub struct T3Opts<'a> {
    pub lab: T3Lab,
    /// Blank columns between the label columns and 自然人.
    pub gap_nums: u16,
    /// Blank columns between 其他 and 总计.
    pub gap_total: u16,
    /// 「法人或其他组织」 typed over each of the five columns instead of one merged cell.
    pub org_repeated: bool,
    /// A leading 序号 column holding row numbers as number cells.
    pub serial_col: bool,
    /// Replacements applied to every header text.
    pub hrepl: &'a [(&'a str, &'a str)],
    /// Replacements applied to every row label.
    pub lrepl: &'a [(&'a str, &'a str)],
}

impl T3Opts<'_> {
    /// The official template.
    pub fn official() -> T3Opts<'static> {
        T3Opts {
            lab: T3Lab::Official,
            gap_nums: 0,
            gap_total: 0,
            org_repeated: false,
            serial_col: false,
            hrepl: &[],
            lrepl: &[],
        }
    }
}

/// Writes heading + table 3 with rows `keys` from (r0, c0); returns the next free row.
/// `vals(g, r, i, ncol)` writes row `keys[i]`'s seven values in row `r`, columns `ncol`.
pub fn write_t3<G: Grid>(
    g: &mut G,
    r0: u32,
    c0: u16,
    keys: &[&str],
    o: &T3Opts,
    mut vals: impl FnMut(&mut G, u32, usize, &[u16; 7]) -> R<()>,
) -> R<u32> {
    use Style::{Head, Label};
    g.text(r0, c0, "三、收到和处理政府信息公开申请情况", Style::Heading)?;
    let h = r0 + 1;
    let lab0 = c0 + o.serial_col as u16;
    let nlab: u16 = if o.lab == T3Lab::OneColumn { 1 } else { 3 };
    let base = lab0 + nlab + o.gap_nums;
    let mut ncol = [0u16; 7];
    for (j, nc) in ncol.iter_mut().enumerate() {
        *nc = base + j as u16 + if j == 6 { o.gap_total } else { 0 };
    }
    let hd = |t: &str| repl(t, o.hrepl);
    if o.serial_col {
        g.merge(h, c0, h + 2, c0, &hd("序号"), Head)?;
    }
    g.merge(h, lab0, h + 2, lab0 + nlab - 1, T3_NOTE, Label)?;
    g.merge(h, ncol[0], h, ncol[6], &hd("申请人情况"), Head)?;
    g.merge(h + 1, ncol[0], h + 2, ncol[0], &hd("自然人"), Head)?;
    if o.org_repeated {
        for c in &ncol[1..6] {
            g.text(h + 1, *c, &hd("法人或其他组织"), Head)?;
        }
    } else {
        g.merge(h + 1, ncol[1], h + 1, ncol[5], &hd("法人或其他组织"), Head)?;
    }
    g.merge(h + 1, ncol[6], h + 2, ncol[6], &hd("总计"), Head)?;
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
        g.text(h + 2, ncol[1 + i], &hd(t), Head)?;
    }
    let lb = |t: &str| repl(t, o.lrepl);
    let mut r = h + 3;
    // 三、本年度办理结果 spans from the first results.* row to results.total.
    let first_res = keys.iter().position(|k| k.starts_with("results.")).unwrap();
    let last_res = keys.iter().position(|k| *k == "results.total").unwrap();
    let mut serial = 0.0;
    for (i, key) in keys.iter().enumerate() {
        let group_start = match t3_label(key) {
            T3Label::Sub(gr, _) => {
                !(i > 0 && matches!(t3_label(keys[i - 1]), T3Label::Sub(pg, _) if pg == gr))
            }
            _ => false,
        };
        match o.lab {
            T3Lab::Official => {
                if i == first_res {
                    let n = (last_res - first_res) as u32;
                    g.merge(r, lab0, r + n, lab0, &lb("三、本年度办理结果"), Label)?;
                }
                match t3_label(key) {
                    T3Label::Top(t) => g.merge(r, lab0, r, lab0 + 2, &lb(t), Label)?,
                    T3Label::Bc(t) => g.merge(r, lab0 + 1, r, lab0 + 2, &lb(t), Label)?,
                    T3Label::Sub(gr, sub) => {
                        if group_start {
                            let n = keys[i..]
                                .iter()
                                .take_while(
                                    |k| matches!(t3_label(k), T3Label::Sub(gg, _) if gg == gr),
                                )
                                .count() as u32;
                            g.merge(r, lab0 + 1, r + n - 1, lab0 + 1, &lb(gr), Label)?;
                        }
                        g.text(r, lab0 + 2, &lb(sub), Label)?;
                    }
                }
            }
            T3Lab::WpsMerged => {
                let t = match t3_label(key) {
                    T3Label::Top(t) | T3Label::Bc(t) => t.to_string(),
                    T3Label::Sub(gr, sub) if group_start => format!("{gr}\n{sub}"),
                    T3Label::Sub(_, sub) => sub.to_string(),
                };
                g.merge(r, lab0, r, lab0 + 2, &lb(&t), Label)?;
            }
            T3Lab::OneColumn => {
                if i == first_res {
                    g.text(r, lab0, &lb("三、本年度办理结果"), Label)?;
                    r += 1;
                }
                let t = match t3_label(key) {
                    T3Label::Top(t) | T3Label::Bc(t) => t,
                    T3Label::Sub(gr, sub) => {
                        if group_start {
                            g.text(r, lab0, &lb(gr), Label)?;
                            r += 1;
                        }
                        sub
                    }
                };
                g.text(r, lab0, &lb(t), Label)?;
            }
        }
        if o.serial_col {
            serial += 1.0;
            g.number(r, c0, serial, Style::Num)?;
        }
        vals(g, r, i, &ncol)?;
        r += 1;
    }
    Ok(r)
}

/// Table-4 layout choices.
#[derive(Default)]
pub struct T4Opts<'a> {
    /// A leading label column: (corner header over the header rows, label of the data row).
    pub label_col: Option<(&'a str, &'a str)>,
    /// 行政复议's five result headers only in the bottom header row (not merged down).
    pub review_bottom_only: bool,
    /// Groups as rows and the five results as columns.
    pub transposed: bool,
    /// Replacements applied to every header text.
    pub hrepl: &'a [(&'a str, &'a str)],
}

/// Writes heading + table 4 from (r0, c0); returns the next free row.
/// `val(g, r, c, group, col)` writes the value of `T4_GROUPS[group]`, `T4_COLS[col]`.
pub fn write_t4<G: Grid>(
    g: &mut G,
    r0: u32,
    c0: u16,
    o: &T4Opts,
    mut val: impl FnMut(&mut G, u32, u16, usize, usize) -> R<()>,
) -> R<u32> {
    use Style::{Head, Label};
    g.text(
        r0,
        c0,
        "四、政府信息公开行政复议、行政诉讼情况",
        Style::Heading,
    )?;
    let h = r0 + 1;
    let hd = |t: &str| repl(t, o.hrepl);
    let results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
    if o.transposed {
        // Header row: corner + five results; then one row per group.
        g.merge(h, c0, h, c0 + 1, &hd("项目"), Head)?;
        for (i, t) in results.iter().enumerate() {
            g.text(h, c0 + 2 + i as u16, &hd(t), Head)?;
        }
        g.merge(h + 1, c0, h + 1, c0 + 1, &hd("行政复议"), Label)?;
        g.merge(h + 2, c0, h + 3, c0, &hd("行政诉讼"), Label)?;
        g.text(h + 2, c0 + 1, &hd("未经复议直接起诉"), Label)?;
        g.text(h + 3, c0 + 1, &hd("复议后起诉"), Label)?;
        for gi in 0..T4_GROUPS.len() {
            for ci in 0..T4_COLS.len() {
                val(g, h + 1 + gi as u32, c0 + 2 + ci as u16, gi, ci)?;
            }
        }
        return Ok(h + 4);
    }
    let g0 = c0 + o.label_col.is_some() as u16;
    if let Some((corner, _)) = o.label_col {
        g.merge(h, c0, h + 2, c0, &hd(corner), Head)?;
    }
    g.merge(h, g0, h, g0 + 4, &hd("行政复议"), Head)?;
    g.merge(h, g0 + 5, h, g0 + 14, &hd("行政诉讼"), Head)?;
    for (i, t) in results.iter().enumerate() {
        if o.review_bottom_only {
            g.text(h + 2, g0 + i as u16, &hd(t), Head)?;
        } else {
            g.merge(h + 1, g0 + i as u16, h + 2, g0 + i as u16, &hd(t), Head)?;
        }
    }
    g.merge(h + 1, g0 + 5, h + 1, g0 + 9, &hd("未经复议直接起诉"), Head)?;
    g.merge(h + 1, g0 + 10, h + 1, g0 + 14, &hd("复议后起诉"), Head)?;
    for gr in 0..2u16 {
        for (i, t) in results.iter().enumerate() {
            g.text(h + 2, g0 + 5 + 5 * gr + i as u16, &hd(t), Head)?;
        }
    }
    let r = h + 3;
    if let Some((_, label)) = o.label_col {
        g.text(r, c0, label, Label)?;
    }
    for gi in 0..T4_GROUPS.len() {
        for ci in 0..T4_COLS.len() {
            val(g, r, g0 + (gi * 5 + ci) as u16, gi, ci)?;
        }
    }
    Ok(r + 1)
}
