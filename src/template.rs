//! The official template (`nianbao template`): the statutory tables of one edition as a clean
//! workbook — labels as the format has them, merged headers, number formats, zeros filled in,
//! and conditional formats that turn a total red in Excel, WPS or LibreOffice while its row
//! or column does not add up. Read back, it passes every rule.

use rust_xlsxwriter::{
    ConditionalFormatFormula, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::layout::{self, TableId, printed};
use crate::model::{Edition, Report, Value, a1};

/// Columns of table 3: labels in A–C, the seven applicant columns in D–J.
const T3_FIRST: u16 = 3;

struct Styles {
    title: Format,
    heading: Format,
    head: Format,
    label: Format,
    count: Format,
    money: Format,
    red: Format,
}

impl Styles {
    fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name("宋体")
            .set_font_size(10.5);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_name("方正小标宋简体")
                .set_align(FormatAlign::Center),
            heading: Format::new()
                .set_bold()
                .set_font_name("黑体")
                .set_font_size(12),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            label: cell
                .clone()
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            count: cell
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            money: cell.set_num_format("0.00").set_align(FormatAlign::Center),
            red: Format::new()
                .set_background_color("#FFC7CE")
                .set_font_color("#9C0006"),
        }
    }
}

/// The figures a template is filled with: a report's (`template --from`), or zeros.
#[derive(Clone, Copy)]
struct Values<'a>(Option<&'a Report>);

impl Values<'_> {
    /// Write the cell of (table, row, column) at (r, c): the report's value as read (a
    /// number, its text, or blank), or 0 for an empty template.
    fn write(
        self,
        sheet: &mut Worksheet,
        (r, c): (u32, u16),
        (table, row, col): (TableId, &str, &str),
        format: &Format,
    ) -> Result<(), XlsxError> {
        let Some(report) = self.0 else {
            sheet.write_number_with_format(r, c, 0, format)?;
            return Ok(());
        };
        let cell = report.table(table).and_then(|t| t.get(row, col));
        match cell.map(|c| (&c.value, &c.raw)) {
            Some((Value::Number(n), _)) => sheet.write_number_with_format(r, c, n.0, format)?,
            Some((_, Some(raw))) => sheet.write_string_with_format(r, c, raw, format)?,
            _ => sheet.write_blank(r, c, format)?,
        };
        Ok(())
    }
}

/// Write the template of `edition` as xlsx bytes; with `report`, filled with its figures.
pub fn template(
    edition: Edition,
    agency: Option<&str>,
    year: Option<i32>,
    report: Option<&Report>,
) -> Result<Vec<u8>, XlsxError> {
    let values = Values(report);
    let mut workbook = Workbook::new();
    let s = Styles::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("年度报告")?;
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 32)?;
    // Counts in D–O: narrow enough for table 4's fifteen columns to print on A4 portrait
    // at a legible scale; their headings wrap.
    for c in 3..=LAST_COL {
        sheet.set_column_width(c, 8)?;
    }
    let title = match (agency, year) {
        (Some(a), Some(y)) => format!("{a}{y}年政府信息公开工作年度报告"),
        (None, Some(y)) => format!("{y}年政府信息公开工作年度报告"),
        (Some(a), None) => format!("{a}政府信息公开工作年度报告"),
        (None, None) => "政府信息公开工作年度报告".to_string(),
    };
    sheet.merge_range(0, 0, 0, 9, &title, &s.title)?;
    let mut row = 2;
    sheet.write_string_with_format(row, 0, TableId::T2.title_zh(), &s.heading)?;
    row = table2(sheet, &s, edition, row + 1, values)?;
    sheet.write_string_with_format(row + 1, 0, TableId::T3.title_zh(), &s.heading)?;
    row = table3(sheet, &s, edition, row + 2, values)?;
    sheet.write_string_with_format(row + 1, 0, TableId::T4.title_zh(), &s.heading)?;
    let last = table4(sheet, &s, row + 2, values)?;
    print_setup(sheet, agency, year, last)?;
    workbook.save_to_buffer()
}

/// The last column written: table 4's fifteenth, O.
const LAST_COL: u16 = 14;

/// How the sheet prints: A4 portrait (GB/T 148, the paper of government documents; Excel's
/// default is the printer's, LibreOffice's US Letter), the tables one page wide, the title
/// row at the top of every page, and a footer naming the report and the page on each sheet
/// of paper, so a page that comes loose is still known.
fn print_setup(
    sheet: &mut Worksheet,
    agency: Option<&str>,
    year: Option<i32>,
    last_row: u32,
) -> Result<(), XlsxError> {
    sheet.set_paper_size(9);
    sheet.set_portrait();
    // Inches: 1.5 cm left and right, 2 cm top and bottom, header and footer 0.8 cm in.
    sheet.set_margins(0.59, 0.59, 0.79, 0.79, 0.31, 0.31);
    sheet.set_print_center_horizontally(true);
    sheet.set_print_area(0, 0, last_row, LAST_COL)?;
    sheet.set_repeat_rows(0, 0)?;
    sheet.set_print_fit_to_pages(1, 0);
    let name = match (agency, year) {
        (Some(a), Some(y)) => format!("{a} {y}年度"),
        (Some(a), None) => a.to_string(),
        (None, Some(y)) => format!("{y}年度"),
        (None, None) => String::new(),
    };
    // `&` starts a code in a header or footer; Excel takes at most 255 characters.
    let name = name.replace('&', "&&");
    let pages = "&R第 &P 页，共 &N 页";
    let footer = if name.is_empty() || name.encode_utf16().count() > 200 {
        pages.to_string()
    } else {
        format!("&L{name}{pages}")
    };
    sheet.set_footer(footer);
    Ok(())
}

fn red_when(
    sheet: &mut Worksheet,
    s: &Styles,
    row: u32,
    col: u16,
    rule: String,
) -> Result<(), XlsxError> {
    let cf = ConditionalFormatFormula::new()
        .set_rule(rule.as_str())
        .set_format(&s.red);
    sheet.add_conditional_format(row, col, row, col, &cf)?;
    Ok(())
}

/// Table 2 in four (2021) or five (2019) blocks, each a 第二十条 heading, a header row and
/// its rows; returns the first row after it.
fn table2(
    sheet: &mut Worksheet,
    s: &Styles,
    edition: Edition,
    mut row: u32,
    values: Values,
) -> Result<u32, XlsxError> {
    let layout = layout::table(TableId::T2, edition);
    let blocks: &[(&str, &[&str])] = match edition {
        Edition::E2021 => &[
            (
                "第二十条第（一）项",
                &["regulations", "normative_documents"],
            ),
            ("第二十条第（五）项", &["licensing"]),
            ("第二十条第（六）项", &["penalty", "coercion"]),
            ("第二十条第（八）项", &["fees"]),
        ],
        Edition::E2019 => &[
            (
                "第二十条第（一）项",
                &["regulations", "normative_documents"],
            ),
            ("第二十条第（五）项", &["licensing", "other_services"]),
            ("第二十条第（六）项", &["penalty", "coercion"]),
            ("第二十条第（八）项", &["fees"]),
            ("第二十条第（九）项", &["procurement"]),
        ],
    };
    for (heading, keys) in blocks {
        sheet.merge_range(row, 0, row, 3, heading, &s.head)?;
        let columns = layout.row(keys[0]).expect("layout row").columns;
        sheet.write_string_with_format(row + 1, 0, "信息内容", &s.head)?;
        if columns.len() > 1 {
            // 现行有效件数 wraps in the narrow column D: two lines (LibreOffice does not
            // grow a row to its wrapped text on opening).
            sheet.set_row_height(row + 1, 28)?;
        }
        write_spread(
            sheet,
            row + 1,
            columns.len(),
            |i| printed(columns[i].label_zh),
            &s.head,
        )?;
        row += 2;
        for key in *keys {
            let r = layout.row(key).expect("layout row");
            sheet.write_string_with_format(row, 0, r.label_zh, &s.label)?;
            if r.label_zh.chars().count() > 7 {
                // 其他对外管理服务事项 (2019): two lines in column A.
                sheet.set_row_height(row, 28)?;
            }
            for (i, col) in r.columns.iter().enumerate() {
                let format = if col.kind == layout::ValueKind::Money {
                    &s.money
                } else {
                    &s.count
                };
                let at = if r.columns.len() == 1 {
                    sheet.merge_range(row, 1, row, 3, "", format)?;
                    (row, 1)
                } else {
                    (row, 1 + i as u16)
                };
                values.write(sheet, at, (TableId::T2, r.key, col.key), format)?;
            }
            row += 1;
        }
    }
    Ok(row)
}

/// A header or value spread over B–D: one per column, or one merged over all three.
fn write_spread(
    sheet: &mut Worksheet,
    row: u32,
    n: usize,
    text: impl Fn(usize) -> String,
    format: &Format,
) -> Result<(), XlsxError> {
    if n == 1 {
        sheet.merge_range(row, 1, row, 3, &text(0), format)?;
    } else {
        for i in 0..n {
            sheet.write_string_with_format(row, 1 + i as u16, text(i), format)?;
        }
    }
    Ok(())
}

fn table3(
    sheet: &mut Worksheet,
    s: &Styles,
    edition: Edition,
    top: u32,
    values: Values,
) -> Result<u32, XlsxError> {
    let layout = layout::table(TableId::T3, edition);
    let (d, j) = (T3_FIRST, T3_FIRST + 6);
    sheet.merge_range(
        top,
        0,
        top + 2,
        2,
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        &s.head,
    )?;
    sheet.merge_range(top, d, top, j, "申请人情况", &s.head)?;
    sheet.merge_range(top + 1, d, top + 2, d, "自然人", &s.head)?;
    sheet.merge_range(top + 1, d + 1, top + 1, d + 5, "法人或其他组织", &s.head)?;
    sheet.merge_range(top + 1, j, top + 2, j, "总计", &s.head)?;
    // 社会公益组织, 法律服务机构: two lines in their columns.
    sheet.set_row_height(top + 2, 28)?;
    for (i, col) in layout::T3_COLUMNS[1..6].iter().enumerate() {
        sheet.write_string_with_format(top + 2, d + 1 + i as u16, col.label_zh, &s.head)?;
    }
    let first = top + 3;
    let rows = &layout.rows;
    let at = |key: &str| first + rows.iter().position(|r| r.key == key).expect("layout row") as u32;
    for (i, r) in rows.iter().enumerate() {
        let row = first + i as u32;
        let (group, leaf) = r
            .label_zh
            .split_once(' ')
            .map_or((None, r.label_zh), |(g, l)| (Some(g), l));
        match (r.key, r.group) {
            ("new_received" | "carried_over" | "carried_forward", _) => {
                sheet.merge_range(row, 0, row, 2, &printed(r.label_zh), &s.label)?;
            }
            (_, Some(g)) => {
                // The group label once, merged down its sub-rows.
                if let Some(group) = group {
                    let span = rows.iter().filter(|x| x.group == Some(g)).count() as u32;
                    sheet.merge_range(row, 1, row + span - 1, 1, &printed(group), &s.label)?;
                }
                sheet.write_string_with_format(row, 2, printed(leaf), &s.label)?;
                if leaf.chars().count() > 16 {
                    sheet.set_row_height(row, 30)?;
                }
            }
            _ => {
                sheet.merge_range(row, 1, row, 2, &printed(r.label_zh), &s.label)?;
            }
        }
        for (c, col) in (d..=j).zip(&layout::T3_COLUMNS) {
            values.write(sheet, (row, c), (TableId::T3, r.key, col.key), &s.count)?;
        }
        // 总计 column: the six applicant columns.
        red_when(
            sheet,
            s,
            row,
            j,
            format!(
                "={}<>SUM({}:{})",
                a1(row, j as u32),
                a1(row, d as u32),
                a1(row, (j - 1) as u32)
            ),
        )?;
    }
    let results_top = at("results.disclosed");
    let total = at("results.total");
    sheet.merge_range(results_top, 0, total, 0, "三、本年度办理结果", &s.label)?;
    let (new, carried, forward) = (
        at("new_received"),
        at("carried_over"),
        at("carried_forward"),
    );
    for c in d..=j {
        let col = |r: u32| a1(r, c as u32);
        // (七)总计: the sum of every result row above it.
        red_when(
            sheet,
            s,
            total,
            c,
            format!(
                "={}<>SUM({}:{})",
                col(total),
                col(results_top),
                col(total - 1)
            ),
        )?;
        // 结转下年度: new + carried over = results total + carried forward.
        red_when(
            sheet,
            s,
            forward,
            c,
            format!(
                "={}+{}<>{}+{}",
                col(new),
                col(carried),
                col(total),
                col(forward)
            ),
        )?;
    }
    Ok(first + rows.len() as u32)
}

/// Table 4 at `top`; returns its last row (the figures).
fn table4(sheet: &mut Worksheet, s: &Styles, top: u32, values: Values) -> Result<u32, XlsxError> {
    sheet.merge_range(top, 0, top, 4, "行政复议", &s.head)?;
    sheet.merge_range(top, 5, top, 14, "行政诉讼", &s.head)?;
    for (i, col) in layout::T4_COLUMNS.iter().enumerate() {
        sheet.merge_range(top + 1, i as u16, top + 2, i as u16, col.label_zh, &s.head)?;
        sheet.write_string_with_format(top + 2, 5 + i as u16, col.label_zh, &s.head)?;
        sheet.write_string_with_format(top + 2, 10 + i as u16, col.label_zh, &s.head)?;
    }
    sheet.merge_range(top + 1, 5, top + 1, 9, "未经复议直接起诉", &s.head)?;
    sheet.merge_range(top + 1, 10, top + 1, 14, "复议后起诉", &s.head)?;
    let row = top + 3;
    let t4 = layout::table(TableId::T4, Edition::E2021);
    for (g, group) in t4.rows.iter().enumerate() {
        for (i, col) in group.columns.iter().enumerate() {
            let c = (g * 5 + i) as u16;
            values.write(sheet, (row, c), (TableId::T4, group.key, col.key), &s.count)?;
        }
    }
    for g in 0..3u32 {
        let start = g * 5;
        let total = start + 4;
        red_when(
            sheet,
            s,
            row,
            total as u16,
            format!(
                "={}<>SUM({}:{})",
                a1(row, total),
                a1(row, start),
                a1(row, start + 3)
            ),
        )?;
    }
    Ok(row)
}
