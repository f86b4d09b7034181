//! `nianbao template` as a clerk prints and saves it (issue 14, point 6): A4 portrait, the
//! tables one page wide, the title on every page; `-o -` for a pipe; no xlsx bytes under
//! another name; no template that fails its own check; no filled report written over.
//!
//! The LibreOffice test needs soffice; `.ci/run` sets NIANBAO_REQUIRE_SOFFICE=1, so there it
//! cannot pass by skipping.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{check_json, nianbao};

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_nianbao")
}

/// One part of an xlsx archive as text.
fn part(xlsx: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[test]
fn the_template_prints_on_a4_portrait_one_page_wide_with_its_title_on_every_page() {
    let dir = tempfile::tempdir().unwrap();
    for (edition, year) in [("2021", "2024"), ("2019", "2020")] {
        let path = dir.path().join(format!("模板{edition}.xlsx"));
        let (code, _, stderr) = nianbao(&[
            "template",
            "--edition",
            edition,
            "--year",
            year,
            "--agency",
            "某某县人民政府",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        let sheet = part(&path, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains(r#"<pageSetup paperSize="9""#), "{sheet}");
        assert!(sheet.contains(r#"orientation="portrait""#), "{sheet}");
        // One page wide (fitToWidth's default, 1), as many tall as it takes.
        assert!(sheet.contains(r#"<pageSetUpPr fitToPage="1"/>"#), "{sheet}");
        assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
        assert!(!sheet.contains("fitToWidth="), "{sheet}");
        assert!(sheet.contains("<pageMargins "), "{sheet}");
        assert!(
            sheet.contains(&format!(
                "<oddFooter>&amp;L某某县人民政府 {year}年度&amp;R第 &amp;P 页，共 &amp;N 页</oddFooter>"
            )),
            "{sheet}"
        );
        let book = part(&path, "xl/workbook.xml");
        assert!(
            book.contains(
                r#"<definedName name="_xlnm.Print_Titles" localSheetId="0">年度报告!$1:$1</definedName>"#
            ),
            "{book}"
        );
        // The print area: A1 to table 4's last column (O) and its row of figures.
        let area = book
            .split(r#"<definedName name="_xlnm.Print_Area" localSheetId="0">"#)
            .nth(1)
            .and_then(|s| s.split("</definedName>").next())
            .unwrap_or_else(|| panic!("no print area: {book}"));
        let last_row: u32 = area
            .strip_prefix("年度报告!$A$1:$O$")
            .unwrap_or_else(|| panic!("{area}"))
            .parse()
            .unwrap();
        assert!(sheet.contains(&format!(r#"<row r="{last_row}""#)), "{area}");
        assert!(
            !sheet.contains(&format!(r#"<row r="{}""#, last_row + 1)),
            "{area}"
        );
        // Still the template that passes its own check.
        let (code, json) = check_json(&[path.to_str().unwrap()], &[]);
        assert_eq!(code, 0, "{}", json["files"][0]);
    }
}

#[test]
fn dash_writes_the_workbook_to_a_pipe_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(bin())
        .current_dir(dir.path())
        .args(["template", "--year", "2024", "-o", "-"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{:?}", out);
    assert!(out.stdout.starts_with(b"PK\x03\x04"));
    let piped = dir.path().join("piped.xlsx");
    std::fs::write(&piped, &out.stdout).unwrap();
    assert!(part(&piped, "xl/worksheets/sheet1.xml").contains(r#"paperSize="9""#));
    assert!(!dir.path().join("-").exists(), "a file named - was written");
    let (code, json) = check_json(&[piped.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{}", json["files"][0]);
    assert_eq!(json["files"][0]["edition"], "2021");
}

#[test]
fn an_output_name_other_than_xlsx_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "t.xls",
        "t.XLS",
        "t",
        "t.xlsx.bak",
        "t.xlsm",
        "t.ods",
        ".xlsx",
    ] {
        let path = dir.path().join(name);
        let p = path.to_str().unwrap();
        let (code, _, stderr) = nianbao(&["template", "-o", p]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains(p), "{name}: {stderr}");
        assert!(stderr.contains(".xlsx 结尾"), "{name}: {stderr}");
        assert!(!path.exists(), "{name} was written");
        let (code, _, stderr) = nianbao(&["--lang", "en", "template", "-o", p]);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert!(stderr.contains("name the file with .xlsx"), "{stderr}");
    }
    let upper = dir.path().join("T.XLSX");
    let (code, _, stderr) = nianbao(&["template", "-o", upper.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn an_edition_the_year_does_not_take_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let p = path.to_str().unwrap();
    for (edition, year, needed) in [
        ("2019", "2024", "2021"),
        ("2019", "2021", "2021"),
        ("2021", "2020", "2019"),
        ("2021", "2019", "2019"),
    ] {
        let args = ["template", "--edition", edition, "--year", year, "-o", p];
        let (code, _, stderr) = nianbao(&args);
        assert_eq!(code, 2, "{edition} {year}: {stderr}");
        assert!(
            stderr.contains(&format!("{year}年度报告须用{needed}版表格")),
            "{stderr}"
        );
        assert!(stderr.contains(&format!("--edition {needed}")), "{stderr}");
        // --force is about overwriting a file, not about this.
        let (code, _, stderr) = nianbao(&[&args[..], &["--force"]].concat());
        assert_eq!(code, 2, "{edition} {year} --force: {stderr}");
        let (code, _, stderr) = nianbao(&[&["--lang", "en"], &args[..]].concat());
        assert_eq!(code, 2);
        assert!(
            stderr.contains(&format!("needs the {needed} edition")),
            "{stderr}"
        );
        assert!(!path.exists());
    }
    // The year asked for against the edition of the --from report's tables.
    let (code, _, stderr) = nianbao(&[
        "template",
        "--from",
        "fixtures/json/clean_2019.json",
        "--year",
        "2024",
        "-o",
        p,
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--from 的报告为2019版表格"), "{stderr}");
    assert!(!path.exists());
    // Editions that fit their years (and a year before the tables) are written.
    for (edition, year) in [("2019", "2019"), ("2019", "2020"), ("2021", "2021")] {
        let ok = dir.path().join(format!("{edition}_{year}.xlsx"));
        let (code, _, stderr) = nianbao(&[
            "template",
            "--edition",
            edition,
            "--year",
            year,
            "-o",
            ok.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{edition} {year}: {stderr}");
    }
}

#[test]
fn an_existing_file_is_not_written_over_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let filled = dir.path().join("填好的报告.xlsx");
    std::fs::write(&filled, b"a filled report").unwrap();
    let p = filled.to_str().unwrap();
    let (code, _, stderr) = nianbao(&["template", "--year", "2024", "-o", p]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(p) && stderr.contains("--force"), "{stderr}");
    assert_eq!(std::fs::read(&filled).unwrap(), b"a filled report");
    let (code, _, stderr) = nianbao(&["--lang", "en", "template", "-o", p]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the file exists; add --force"), "{stderr}");
    assert_eq!(std::fs::read(&filled).unwrap(), b"a filled report");
    // A link to nowhere is there too: writing through it would create its target.
    #[cfg(unix)]
    {
        let target = dir.path().join("elsewhere.xlsx");
        let link = dir.path().join("link.xlsx");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (code, _, stderr) = nianbao(&["template", "-o", link.to_str().unwrap()]);
        assert_eq!(code, 2, "{stderr}");
        assert!(!target.exists());
    }
    let (code, _, stderr) = nianbao(&["template", "--year", "2024", "-o", p, "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(std::fs::read(&filled).unwrap().starts_with(b"PK\x03\x04"));
}

fn soffice_here() -> Option<std::path::PathBuf> {
    let found = nianbao::convert::find_soffice();
    if found.is_none() {
        assert!(
            !common::required("NIANBAO_REQUIRE_SOFFICE"),
            "LibreOffice is required here but soffice was not found"
        );
        eprintln!("skipped: no LibreOffice (soffice) on this machine");
    }
    found
}

/// Every page's /MediaBox (width, height) in points, and the number of pages.
fn pdf_pages(pdf: &[u8]) -> (Vec<(f64, f64)>, usize) {
    let text = String::from_utf8_lossy(pdf);
    let boxes = text
        .split("/MediaBox")
        .skip(1)
        .map(|rest| {
            let inside = rest.split('[').nth(1).unwrap().split(']').next().unwrap();
            let n: Vec<f64> = inside
                .split_whitespace()
                .map(|x| x.parse().unwrap())
                .collect();
            (n[2] - n[0], n[3] - n[1])
        })
        .collect();
    let pages = text
        .match_indices("/Type/Page")
        .filter(|(i, _)| !text[i + 10..].starts_with('s'))
        .count()
        + text
            .match_indices("/Type /Page")
            .filter(|(i, _)| !text[i + 11..].starts_with('s'))
            .count();
    (boxes, pages)
}

/// LibreOffice, which used to print the template on US Letter, prints it on A4, the three
/// tables on one page: one page wide.
#[test]
fn libreoffice_prints_the_template_on_one_a4_page() {
    let Some(soffice) = soffice_here() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for year in ["2024", "2020"] {
        let path = dir.path().join(format!("t{year}.xlsx"));
        let (code, _, stderr) = nianbao(&[
            "template",
            "--year",
            year,
            "--agency",
            "某某县人民政府",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{stderr}");
        files.push(path);
    }
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut child = Command::new(soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(&files)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(180);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("soffice did not finish in 180 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    for file in &files {
        let pdf = std::fs::read(file.with_extension("pdf")).expect("soffice wrote the PDF");
        let (boxes, pages) = pdf_pages(&pdf);
        assert!(!boxes.is_empty(), "{}: no page", file.display());
        for (w, h) in boxes {
            // A4: 210 × 297 mm = 595.3 × 841.9 pt (US Letter: 612 × 792).
            assert!(
                (w - 595.3).abs() < 1.0 && (h - 841.9).abs() < 1.0,
                "{}: {w} × {h}",
                file.display()
            );
        }
        // Fifteen columns of table 4 on portrait A4 unscaled take three pages across.
        assert_eq!(pages, 1, "{}", file.display());
    }
}
