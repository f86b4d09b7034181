//! The statutory tables as data (SPEC §2): every row and column of both editions, with its
//! canonical key, its statutory label and the phrases a reader matches it by.
//!
//! Readers, the JSON schema, the canonical JSON and the rules all walk these definitions, so
//! a row added here is read, validated, printed and checked everywhere at once.

use std::sync::LazyLock;

use crate::model::Edition;

/// The three statutory tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    /// 二、主动公开政府信息情况
    T2,
    /// 三、收到和处理政府信息公开申请情况
    T3,
    /// 四、政府信息公开行政复议、行政诉讼情况
    T4,
}

impl TableId {
    pub const ALL: [TableId; 3] = [TableId::T2, TableId::T3, TableId::T4];

    /// The key in the canonical JSON and the first segment of every cell key.
    pub fn key(self) -> &'static str {
        match self {
            TableId::T2 => "table2",
            TableId::T3 => "table3",
            TableId::T4 => "table4",
        }
    }

    /// The table a canonical key names (`table3`), the inverse of [`TableId::key`].
    pub fn from_key(key: &str) -> Option<TableId> {
        TableId::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The table's number as the form writes it: 「二」「三」「四」.
    pub fn numeral_zh(self) -> &'static str {
        match self {
            TableId::T2 => "二",
            TableId::T3 => "三",
            TableId::T4 => "四",
        }
    }

    pub fn number(self) -> u8 {
        match self {
            TableId::T2 => 2,
            TableId::T3 => 3,
            TableId::T4 => 4,
        }
    }

    pub fn title_zh(self) -> &'static str {
        match self {
            TableId::T2 => "二、主动公开政府信息情况",
            TableId::T3 => "三、收到和处理政府信息公开申请情况",
            TableId::T4 => "四、政府信息公开行政复议、行政诉讼情况",
        }
    }

    pub fn title_en(self) -> &'static str {
        match self {
            TableId::T2 => "2. Proactive disclosure",
            TableId::T3 => "3. Disclosure applications received and handled",
            TableId::T4 => "4. Administrative review and litigation",
        }
    }
}

/// What a cell may hold, which decides CELL-COUNT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// A non-negative whole number.
    Count,
    /// A whole number that may be negative (2019 table 2 本年增/减).
    Change,
    /// Money: non-negative, decimals allowed.
    Money,
}

#[derive(Debug)]
pub struct Column {
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub kind: ValueKind,
    /// Normalised header texts this column is found by; a header cell matches when its
    /// normalised text starts with one of them (「本年收费金额(单位:万元)」).
    pub headers: &'static [&'static str],
}

/// How a row label is recognised in a normalised, number-stripped cell text.
#[derive(Debug, Clone, Copy)]
pub enum Match {
    /// The text equals the phrase (short labels such as 「其他」 or 「规章」).
    Exact(&'static str),
    /// The text contains the phrase (long labels that carry notes or drift in wording).
    Contains(&'static str),
}

#[derive(Debug)]
pub struct Row {
    /// Dotted key inside the table: `results.withheld.state_secret`.
    pub key: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    pub columns: &'static [Column],
    /// Any of these identifies the row.
    pub matches: &'static [Match],
    /// The group label (「(三)不予公开」) the row sits under, when its own label is ambiguous
    /// without it (「3.其他」).
    pub group: Option<Group>,
    /// A leaf under 三、本年度办理结果: summed into `results.total`.
    pub result_leaf: bool,
    /// The row's own wording as a label reads after normalisation, without numbering or
    /// group (「(三)不予公开 1.属于国家秘密」 → 属于国家秘密), and its characters: computed once
    /// with the layout, since the locators compare thousands of labels with it.
    pub wording: &'static str,
    pub wording_chars: &'static [char],
}

impl Row {
    pub fn column(&self, key: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.key == key)
    }
}

/// The sub-groups of table 3's results, recognised so that their sub-rows can be told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Withheld,
    Unavailable,
    NotProcessed,
    Other,
}

impl Group {
    pub const ALL: [Group; 4] = [
        Group::Withheld,
        Group::Unavailable,
        Group::NotProcessed,
        Group::Other,
    ];

    /// The group's label after normalisation and without its numbering (其它 is a common
    /// variant of 其他).
    pub fn phrases(self) -> &'static [&'static str] {
        match self {
            Group::Withheld => &["不予公开"],
            Group::Unavailable => &["无法提供"],
            Group::NotProcessed => &["不予处理"],
            Group::Other => &["其他处理", "其它处理"],
        }
    }
}

#[derive(Debug)]
pub struct TableLayout {
    pub id: TableId,
    pub edition: Edition,
    pub rows: Vec<Row>,
    /// Row keys in byte order with each row's index and first slot: the rules name cells
    /// by key thousands of times a report, so a key is found by binary search.
    by_key: Vec<(&'static str, usize, usize)>,
    /// Each row's first slot.
    starts: Vec<usize>,
}

impl TableLayout {
    fn new(id: TableId, edition: Edition, mut rows: Vec<Row>) -> TableLayout {
        for row in &mut rows {
            let own = row.label_zh.rsplit(' ').next().unwrap_or(row.label_zh);
            let wording = crate::labels::label_text(own);
            // The layouts are statics, built once: their wordings live as long.
            row.wording_chars = Vec::leak(wording.chars().collect());
            row.wording = String::leak(wording);
        }
        let mut by_key = Vec::with_capacity(rows.len());
        let mut starts = Vec::with_capacity(rows.len());
        let mut slot = 0;
        for (i, row) in rows.iter().enumerate() {
            by_key.push((row.key, i, slot));
            starts.push(slot);
            slot += row.columns.len();
        }
        by_key.sort_unstable_by_key(|(key, _, _)| *key);
        debug_assert!(
            by_key.windows(2).all(|w| w[0].0 != w[1].0),
            "row keys are unique"
        );
        TableLayout {
            id,
            edition,
            rows,
            by_key,
            starts,
        }
    }

    pub fn row(&self, key: &str) -> Option<&Row> {
        let at = self
            .by_key
            .binary_search_by(|(k, _, _)| (*k).cmp(key))
            .ok()?;
        Some(&self.rows[self.by_key[at].1])
    }

    /// How many cells the table has.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| r.columns.len()).sum()
    }

    /// The slot of the first cell of the layout's `r`-th row: loops over the layout find
    /// their cells from it without a key lookup.
    pub fn row_start(&self, r: usize) -> usize {
        self.starts[r]
    }

    /// The position of a cell in layout order (row by row), which is where a
    /// [`crate::model::Table`] keeps it.
    pub fn slot(&self, row: &str, col: &str) -> Option<usize> {
        // Keys taken from this layout are found by address, others by binary search.
        fn same(a: &str, b: &str) -> bool {
            std::ptr::eq(a.as_ptr(), b.as_ptr()) && a.len() == b.len()
        }
        let (r, first) = match self.rows.iter().position(|r| same(r.key, row)) {
            Some(r) => (r, self.starts[r]),
            None => {
                let at = self
                    .by_key
                    .binary_search_by(|(key, _, _)| (*key).cmp(row))
                    .ok()?;
                let (_, r, first) = self.by_key[at];
                (r, first)
            }
        };
        let columns = self.rows[r].columns;
        let c = columns
            .iter()
            .position(|c| same(c.key, col))
            .or_else(|| columns.iter().position(|c| c.key == col))?;
        Some(first + c)
    }
}

/// Table 2's headings that tell its edition: the 2021 edition's columns, and the 2019
/// edition's columns and rows (其他对外管理服务事项, 政府集中采购 exist only there).
pub const T2_HEADINGS_2021: &[&str] = &[
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "本年收费金额",
];
pub const T2_HEADINGS_2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "采购项目数量",
    "其他对外管理服务事项",
    "政府集中采购",
];

/// The layout of one table in one edition.
pub fn table(id: TableId, edition: Edition) -> &'static TableLayout {
    match (id, edition) {
        (TableId::T2, Edition::E2019) => &T2_2019,
        (TableId::T2, Edition::E2021) => &T2_2021,
        (TableId::T3, Edition::E2019) => &T3_2019,
        (TableId::T3, Edition::E2021) => &T3_2021,
        (TableId::T4, Edition::E2019) => &T4_2019,
        (TableId::T4, Edition::E2021) => &T4_2021,
    }
}

/// Where a cell stands on the form, in reading order (row by row, left to right), from its
/// dotted key: findings of one rule are listed as a clerk reads the table (B6, C6, D6), not
/// in the keys' alphabetical order. A key that names no cell of either edition (a whole
/// table, a sentence) comes after every cell.
pub fn position(key: &str) -> usize {
    split_key(key)
        .and_then(|(id, row, col)| {
            [Edition::E2021, Edition::E2019]
                .into_iter()
                .find_map(|e| self::table(id, e).slot(row, col))
        })
        .unwrap_or(usize::MAX)
}

/// A dotted cell key split into its table, row key and column key, the inverse of
/// [`cell_key`] (`table3.results.withheld.state_secret.natural_person` → table 3,
/// `results.withheld.state_secret`, `natural_person`); `None` for a key that is no cell's.
pub fn split_key(key: &str) -> Option<(TableId, &str, &str)> {
    let (table, rest) = key.split_once('.')?;
    let (row, col) = rest.rsplit_once('.')?;
    Some((TableId::from_key(table)?, row, col))
}

/// The statutory wording as printed on the form (the template and the HTML page): full-width
/// brackets, colons, commas and curly quotes (「(一)予以公开」 → 「（一）予以公开」); the layout
/// keeps the half-width forms that normalised labels are matched in.
pub fn printed(label: &str) -> String {
    let mut out = String::with_capacity(label.len() + 8);
    let mut open = true;
    for ch in label.chars() {
        match ch {
            '(' => out.push('（'),
            ')' => out.push('）'),
            ':' => out.push('：'),
            ',' => out.push('，'),
            '"' => {
                out.push(if open { '\u{201c}' } else { '\u{201d}' });
                open = !open;
            }
            _ => out.push(ch),
        }
    }
    out
}

/// The dotted canonical key of a cell: `table3.results.disclosed.natural_person`.
pub fn cell_key(table: TableId, row: &str, col: &str) -> String {
    format!("{}.{}.{}", table.key(), row, col)
}

const fn col(
    key: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    kind: ValueKind,
    headers: &'static [&'static str],
) -> Column {
    Column {
        key,
        label_zh,
        label_en,
        kind,
        headers,
    }
}

/// Table 3's applicant columns, in statutory order; `total` last.
pub static T3_COLUMNS: [Column; 7] = [
    col(
        "natural_person",
        "自然人",
        "natural persons",
        ValueKind::Count,
        &["自然人"],
    ),
    col(
        "commercial",
        "商业企业",
        "commercial enterprises",
        ValueKind::Count,
        &["商业企业"],
    ),
    col(
        "research",
        "科研机构",
        "research institutions",
        ValueKind::Count,
        &["科研机构"],
    ),
    col(
        "social_welfare",
        "社会公益组织",
        "public-welfare organisations",
        ValueKind::Count,
        &["社会公益组织"],
    ),
    col(
        "legal_service",
        "法律服务机构",
        "legal-service organisations",
        ValueKind::Count,
        &["法律服务机构"],
    ),
    col(
        "other_org",
        "其他",
        "other organisations",
        ValueKind::Count,
        &["其他", "其它"],
    ),
    col(
        "total",
        "总计",
        "total",
        ValueKind::Count,
        &["总计", "合计"],
    ),
];

/// The six applicant columns whose sum is `total`.
pub fn t3_applicant_columns() -> &'static [Column] {
    &T3_COLUMNS[..6]
}

pub static T4_COLUMNS: [Column; 5] = [
    col(
        "upheld",
        "结果维持",
        "upheld",
        ValueKind::Count,
        &["结果维持"],
    ),
    col(
        "corrected",
        "结果纠正",
        "corrected",
        ValueKind::Count,
        &["结果纠正"],
    ),
    col(
        "other",
        "其他结果",
        "other outcome",
        ValueKind::Count,
        &["其他结果"],
    ),
    col(
        "pending",
        "尚未审结",
        "pending",
        ValueKind::Count,
        &["尚未审结"],
    ),
    col(
        "total",
        "总计",
        "total",
        ValueKind::Count,
        &["总计", "合计"],
    ),
];

const fn t3_row(
    key: &'static str,
    label_zh: &'static str,
    label_en: &'static str,
    matches: &'static [Match],
    group: Option<Group>,
    result_leaf: bool,
) -> Row {
    Row {
        key,
        label_zh,
        label_en,
        columns: &T3_COLUMNS,
        matches,
        group,
        result_leaf,
        wording: "",
        wording_chars: &[],
    }
}

use Match::{Contains, Exact};

fn t3_rows(edition: Edition) -> Vec<Row> {
    let leaf = |key, zh, en, m, g| t3_row(key, zh, en, m, g, true);
    let mut rows = vec![
        t3_row(
            "new_received",
            "一、本年新收政府信息公开申请数量",
            "new applications received this year",
            &[Contains("本年新收")],
            None,
            false,
        ),
        t3_row(
            "carried_over",
            "二、上年结转政府信息公开申请数量",
            "applications carried over from last year",
            &[Contains("上年结转")],
            None,
            false,
        ),
        leaf(
            "results.disclosed",
            "(一)予以公开",
            "disclosed",
            &[Exact("予以公开"), Contains("予以公开")],
            None,
        ),
        leaf(
            "results.partially_disclosed",
            "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
            "partially disclosed",
            &[Contains("部分公开")],
            None,
        ),
        leaf(
            "results.withheld.state_secret",
            "(三)不予公开 1.属于国家秘密",
            "withheld: state secret",
            &[Contains("国家秘密")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.prohibited_by_law",
            "2.其他法律行政法规禁止公开",
            "withheld: prohibited by other laws",
            &[Contains("禁止公开"), Contains("法律行政法规")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.security_stability",
            "3.危及\"三安全一稳定\"",
            "withheld: endangers security and stability",
            &[Contains("三安全一稳定"), Contains("一稳定")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.third_party_rights",
            "4.保护第三方合法权益",
            "withheld: third-party rights",
            &[Contains("第三方合法权益"), Contains("第三方")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.internal_affairs",
            "5.属于三类内部事务信息",
            "withheld: internal affairs",
            &[Contains("内部事务")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.process_info",
            "6.属于四类过程性信息",
            "withheld: process information",
            &[Contains("过程性信息")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.enforcement_file",
            "7.属于行政执法案卷",
            "withheld: enforcement file",
            &[Contains("行政执法案卷")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.withheld.inquiry_matter",
            "8.属于行政查询事项",
            "withheld: inquiry matter",
            &[Contains("行政查询事项")],
            Some(Group::Withheld),
        ),
        leaf(
            "results.unavailable.not_held",
            "(四)无法提供 1.本机关不掌握相关政府信息",
            "unavailable: not held",
            &[Contains("不掌握")],
            Some(Group::Unavailable),
        ),
        leaf(
            "results.unavailable.needs_creation",
            "2.没有现成信息需要另行制作",
            "unavailable: would need creating",
            &[Contains("另行制作"), Contains("没有现成信息")],
            Some(Group::Unavailable),
        ),
        leaf(
            "results.unavailable.unclear_after_correction",
            "3.补正后申请内容仍不明确",
            "unavailable: unclear after correction",
            &[Contains("仍不明确")],
            Some(Group::Unavailable),
        ),
        leaf(
            "results.not_processed.complaint",
            "(五)不予处理 1.信访举报投诉类申请",
            "not processed: complaint",
            &[Contains("信访举报投诉")],
            Some(Group::NotProcessed),
        ),
        leaf(
            "results.not_processed.duplicate",
            "2.重复申请",
            "not processed: duplicate",
            &[Exact("重复申请"), Contains("重复申请")],
            Some(Group::NotProcessed),
        ),
        leaf(
            "results.not_processed.publication",
            "3.要求提供公开出版物",
            "not processed: publication",
            &[Contains("公开出版物")],
            Some(Group::NotProcessed),
        ),
        leaf(
            "results.not_processed.mass_repetitive",
            "4.无正当理由大量反复申请",
            "not processed: mass repetitive",
            &[Contains("大量反复申请")],
            Some(Group::NotProcessed),
        ),
        leaf(
            "results.not_processed.confirm_or_reissue",
            "5.要求行政机关确认或重新出具已获取信息",
            "not processed: confirm or reissue",
            &[Contains("重新出具")],
            Some(Group::NotProcessed),
        ),
    ];
    match edition {
        Edition::E2021 => rows.extend([
            leaf(
                "results.other.overdue_correction",
                "(六)其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                "other: correction overdue",
                &[Contains("逾期不补正")],
                Some(Group::Other),
            ),
            leaf(
                "results.other.overdue_fee",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                "other: fee overdue",
                &[Contains("缴纳费用"), Contains("收费通知")],
                Some(Group::Other),
            ),
            leaf(
                "results.other.other",
                "3.其他",
                "other: other",
                &[Exact("其他"), Exact("其它")],
                Some(Group::Other),
            ),
        ]),
        Edition::E2019 => rows.push(leaf(
            "results.other",
            "(六)其他处理",
            "other handling",
            &[Exact("其他处理"), Exact("其它处理")],
            None,
        )),
    }
    rows.push(t3_row(
        "results.total",
        "(七)总计",
        "results total",
        &[Exact("总计"), Exact("合计")],
        None,
        false,
    ));
    rows.push(t3_row(
        "carried_forward",
        "四、结转下年度继续办理",
        "carried forward to next year",
        &[Contains("结转下年")],
        None,
        false,
    ));
    rows
}

static T3_2019: LazyLock<TableLayout> =
    LazyLock::new(|| TableLayout::new(TableId::T3, Edition::E2019, t3_rows(Edition::E2019)));
static T3_2021: LazyLock<TableLayout> =
    LazyLock::new(|| TableLayout::new(TableId::T3, Edition::E2021, t3_rows(Edition::E2021)));

fn t4_rows() -> Vec<Row> {
    let row = |key, zh, en| Row {
        key,
        label_zh: zh,
        label_en: en,
        columns: &T4_COLUMNS,
        matches: &[],
        group: None,
        result_leaf: false,
        wording: "",
        wording_chars: &[],
    };
    vec![
        row("review", "行政复议", "administrative review"),
        row(
            "litigation_direct",
            "行政诉讼 未经复议直接起诉",
            "litigation without prior review",
        ),
        row(
            "litigation_after_review",
            "行政诉讼 复议后起诉",
            "litigation after review",
        ),
    ]
}

static T4_2019: LazyLock<TableLayout> =
    LazyLock::new(|| TableLayout::new(TableId::T4, Edition::E2019, t4_rows()));
static T4_2021: LazyLock<TableLayout> =
    LazyLock::new(|| TableLayout::new(TableId::T4, Edition::E2021, t4_rows()));

static T2_DOCS_2021: [Column; 3] = [
    col(
        "issued",
        "本年制发件数",
        "issued this year",
        ValueKind::Count,
        &["本年制发件数", "本年制发"],
    ),
    col(
        "repealed",
        "本年废止件数",
        "repealed this year",
        ValueKind::Count,
        &["本年废止件数", "本年废止"],
    ),
    col(
        "in_force",
        "现行有效件数",
        "in force",
        ValueKind::Count,
        &["现行有效件数", "现行有效"],
    ),
];
static T2_DECISIONS_2021: [Column; 1] = [col(
    "decisions",
    "本年处理决定数量",
    "decisions this year",
    ValueKind::Count,
    &["本年处理决定数量", "处理决定数量"],
)];
static T2_FEES_2021: [Column; 1] = [col(
    "amount",
    "本年收费金额(单位:万元)",
    "fees collected (10k yuan)",
    ValueKind::Money,
    &["本年收费金额", "收费金额"],
)];

static T2_2021: LazyLock<TableLayout> = LazyLock::new(|| {
    let row = |key, zh, en, columns, matches| Row {
        key,
        label_zh: zh,
        label_en: en,
        columns,
        matches,
        group: None,
        result_leaf: false,
        wording: "",
        wording_chars: &[],
    };
    TableLayout::new(
        TableId::T2,
        Edition::E2021,
        vec![
            row(
                "regulations",
                "规章",
                "regulations",
                &T2_DOCS_2021[..],
                &[Exact("规章")][..],
            ),
            row(
                "normative_documents",
                "行政规范性文件",
                "normative documents",
                &T2_DOCS_2021,
                &[Exact("行政规范性文件"), Exact("规范性文件")],
            ),
            row(
                "licensing",
                "行政许可",
                "administrative licensing",
                &T2_DECISIONS_2021,
                &[Exact("行政许可")],
            ),
            row(
                "penalty",
                "行政处罚",
                "administrative penalties",
                &T2_DECISIONS_2021,
                &[Exact("行政处罚")],
            ),
            row(
                "coercion",
                "行政强制",
                "administrative coercion",
                &T2_DECISIONS_2021,
                &[Exact("行政强制")],
            ),
            row(
                "fees",
                "行政事业性收费",
                "administrative fees",
                &T2_FEES_2021,
                &[Exact("行政事业性收费")],
            ),
        ],
    )
});

static T2_DOCS_2019: [Column; 3] = [
    col(
        "created",
        "本年新制作数量",
        "newly made",
        ValueKind::Count,
        &["本年新制作数量", "本年新制作"],
    ),
    col(
        "published",
        "本年新公开数量",
        "newly published",
        ValueKind::Count,
        &["本年新公开数量", "本年新公开"],
    ),
    col(
        "total_published",
        "对外公开总数量",
        "published in total",
        ValueKind::Count,
        &["对外公开总数量", "对外公开总数"],
    ),
];
static T2_ITEMS_2019: [Column; 3] = [
    col(
        "previous_items",
        "上一年项目数量",
        "items last year",
        ValueKind::Count,
        &["上一年项目数量", "上一年项目"],
    ),
    col(
        "change",
        "本年增/减",
        "change this year",
        ValueKind::Change,
        &["本年增/减", "本年增减"],
    ),
    col(
        "decisions",
        "处理决定数量",
        "decisions",
        ValueKind::Count,
        &["处理决定数量", "本年处理决定数量"],
    ),
];
static T2_PROCUREMENT_2019: [Column; 2] = [
    col(
        "items",
        "采购项目数量",
        "procurement items",
        ValueKind::Count,
        &["采购项目数量"],
    ),
    col(
        "amount",
        "采购总金额",
        "procurement amount",
        ValueKind::Money,
        &["采购总金额"],
    ),
];

static T2_2019: LazyLock<TableLayout> = LazyLock::new(|| {
    let row = |key, zh, en, columns, matches| Row {
        key,
        label_zh: zh,
        label_en: en,
        columns,
        matches,
        group: None,
        result_leaf: false,
        wording: "",
        wording_chars: &[],
    };
    TableLayout::new(
        TableId::T2,
        Edition::E2019,
        vec![
            row(
                "regulations",
                "规章",
                "regulations",
                &T2_DOCS_2019[..],
                &[Exact("规章")][..],
            ),
            row(
                "normative_documents",
                "规范性文件",
                "normative documents",
                &T2_DOCS_2019,
                &[Exact("规范性文件"), Exact("行政规范性文件")],
            ),
            row(
                "licensing",
                "行政许可",
                "administrative licensing",
                &T2_ITEMS_2019,
                &[Exact("行政许可")],
            ),
            row(
                "other_services",
                "其他对外管理服务事项",
                "other external services",
                &T2_ITEMS_2019,
                &[Exact("其他对外管理服务事项"), Contains("对外管理服务事项")],
            ),
            row(
                "penalty",
                "行政处罚",
                "administrative penalties",
                &T2_ITEMS_2019,
                &[Exact("行政处罚")],
            ),
            row(
                "coercion",
                "行政强制",
                "administrative coercion",
                &T2_ITEMS_2019,
                &[Exact("行政强制")],
            ),
            row(
                "fees",
                "行政事业性收费",
                "administrative fees",
                &T2_ITEMS_2019[..2],
                &[Exact("行政事业性收费")],
            ),
            row(
                "procurement",
                "政府集中采购",
                "central government procurement",
                &T2_PROCUREMENT_2019,
                &[Exact("政府集中采购")],
            ),
        ],
    )
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table3_has_the_statutory_leaf_counts() {
        let leaves = |e| {
            table(TableId::T3, e)
                .rows
                .iter()
                .filter(|r| r.result_leaf)
                .count()
        };
        assert_eq!(leaves(Edition::E2019), 19);
        assert_eq!(leaves(Edition::E2021), 21);
    }

    #[test]
    fn table4_has_fifteen_numbers() {
        let t = table(TableId::T4, Edition::E2021);
        assert_eq!(t.rows.iter().map(|r| r.columns.len()).sum::<usize>(), 15);
    }
}
