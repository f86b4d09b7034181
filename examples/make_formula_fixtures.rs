//! Fixture generator: workbooks whose totals are `=SUM(...)` formulas (issue 14, point 4).
//!
//! ```text
//! cargo run --example make_formula_fixtures            # writes into ./fixtures/xlsx/formulas
//! cargo run --example make_formula_fixtures -- DIR     # writes into DIR
//! ```
//!
//! The clean sample report (临沭县人民政府, 2023) in the official layout, as a clerk's own
//! template holds it: the leaves typed, every total of tables 3 and 4 a formula — 总计 of a
//! row `=SUM(D{r}:I{r})`, (七)总计 of a column `=SUM(D{first}:D{last})`, table 4's 总计
//! `=SUM(...)` of its four results — saved with the values the formulas compute.
//!
//! - `sum_formulas.xlsx`: every formula right, every figure right.
//! - `sum_formulas_leaf_typo.xlsx`: 「(二)部分公开/自然人」 typed 6 instead of 4; the totals
//!   computed from it moved along, so only T3-BALANCE fails.
//! - `sum_formulas_missing_row.xlsx`: 自然人's (七)总计 is `=SUM(D13:D32)`, leaving out the
//!   three rows of (六)其他处理 (which hold 1).
//!
//! LibreOffice then re-saves each (`soffice --headless --convert-to xlsx`), so the committed
//! files hold values computed by a real spreadsheet program (see fixtures/README.md).

#[path = "common/statutory.rs"]
mod statutory;

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Formula, Worksheet};
use statutory::{Ed, Fmts, Grid, R, Style, T3Opts, T4Opts, a1, fmt_num};

struct Sheet<'a> {
    ws: &'a mut Worksheet,
    f: &'a Fmts,
}

impl Grid for Sheet<'_> {
    fn parts(&mut self) -> (&mut Worksheet, Option<&Fmts>) {
        (self.ws, Some(self.f))
    }
}

impl Sheet<'_> {
    fn formula(&mut self, r: u32, c: u16, text: &str, value: f64) -> R<()> {
        let f = Formula::new(text).set_result(fmt_num(value));
        self.ws.write_formula_with_format(r, c, f, &self.f.num)?;
        Ok(())
    }
}

enum Variant {
    Clean,
    /// (row key, column index, value typed)
    LeafTypo(&'static str, usize, f64),
    /// Column index whose (七)总计 leaves out the rows of (六)其他处理.
    MissingRows(usize),
}

fn write(path: &Path, variant: &Variant) -> R<()> {
    let f = Fmts::new();
    let mut wb = statutory::new_workbook("nianbao make_formula_fixtures");
    let ws = wb.add_worksheet().set_name("Sheet1")?;
    ws.set_column_width(2, 44)?;
    let mut sh = Sheet { ws, f: &f };
    let r = statutory::write_title(
        &mut sh,
        0,
        0,
        "临沭县人民政府2023年政府信息公开工作年度报告",
    )?;
    let t2 = statutory::sample_t2(Ed::E2021);
    let r = statutory::write_t2(
        &mut sh,
        r,
        0,
        Ed::E2021,
        0,
        &[],
        |sh, r, c, span, rk, ck| {
            let x = t2
                .iter()
                .find(|(k, _)| *k == rk)
                .and_then(|(_, cols)| cols.iter().find(|(k, _)| *k == ck))
                .map_or(0.0, |(_, x)| *x);
            if span > 1 {
                sh.ws.merge_range(r, c, r, c + span - 1, "", &sh.f.num)?;
            }
            sh.number(r, c, x, Style::Num)
        },
    )?;

    // Table 3: the typed leaves, then every total as a formula over them.
    let mut t3 = statutory::sample_t3(Ed::E2021);
    if let Variant::LeafTypo(key, col, x) = variant {
        t3.iter_mut().find(|(k, _)| k == key).expect("t3 row").1[*col] = *x;
    }
    let keys: Vec<&str> = t3.iter().map(|(k, _)| *k).collect();
    let leaves: Vec<usize> = (0..keys.len())
        .filter(|&i| keys[i].starts_with("results.") && keys[i] != "results.total")
        .collect();
    let (first, last) = (leaves[0], *leaves.last().unwrap());
    // (row on the sheet, column letters) of each key, filled as table 3 is written.
    let mut rows = vec![0u32; keys.len()];
    let mut values = vec![[0.0f64; 7]; keys.len()];
    let r = statutory::write_t3(
        &mut sh,
        r,
        0,
        &keys,
        &T3Opts::official(),
        |sh, r, i, ncol| {
            rows[i] = r;
            let key = keys[i];
            for j in 0..6 {
                if key == "results.total" {
                    // (七)总计 = SUM over the result rows of its column.
                    let end = match variant {
                        Variant::MissingRows(c) if *c == j => last - 3,
                        _ => last,
                    };
                    let v: f64 = (first..=end).map(|k| values[k][j]).sum();
                    let text = format!(
                        "=SUM({}:{})",
                        a1(rows[first], ncol[j]),
                        a1(rows[end], ncol[j])
                    );
                    sh.formula(r, ncol[j], &text, v)?;
                    values[i][j] = v;
                } else {
                    values[i][j] = t3[i].1[j];
                    sh.number(r, ncol[j], t3[i].1[j], Style::Num)?;
                }
            }
            // 总计 of the row = SUM of its six applicant columns; (七)总计's own 总计 sums the
            // 总计 column of the result rows, a sum of sums.
            let (text, v) = if key == "results.total" {
                let v: f64 = (first..=last).map(|k| values[k][6]).sum();
                (
                    format!(
                        "=SUM({}:{})",
                        a1(rows[first], ncol[6]),
                        a1(rows[last], ncol[6])
                    ),
                    v,
                )
            } else {
                let v: f64 = values[i][..6].iter().sum();
                (format!("=SUM({}:{})", a1(r, ncol[0]), a1(r, ncol[5])), v)
            };
            values[i][6] = v;
            sh.formula(r, ncol[6], &text, v)
        },
    )?;

    // Table 4: each group's 总计 = SUM of its four results.
    let t4 = statutory::sample_t4();
    statutory::write_t4(&mut sh, r, 0, &T4Opts::default(), |sh, r, c, gi, ci| {
        let row = t4[gi].1;
        if ci == 4 {
            let text = format!("=SUM({}:{})", a1(r, c - 4), a1(r, c - 1));
            sh.formula(r, c, &text, row[..4].iter().sum())
        } else {
            sh.number(r, c, row[ci], Style::Num)
        }
    })?;
    wb.save(path)?;
    Ok(())
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "fixtures/xlsx/formulas".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    for (name, variant) in [
        ("sum_formulas", Variant::Clean),
        (
            "sum_formulas_leaf_typo",
            Variant::LeafTypo("results.partially_disclosed", 0, 6.0),
        ),
        ("sum_formulas_missing_row", Variant::MissingRows(0)),
    ] {
        let path = dir.join(format!("{name}.xlsx"));
        write(&path, &variant).unwrap_or_else(|e| panic!("{name}: {e}"));
        println!("{}", path.display());
    }
}
