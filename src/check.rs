//! Checking one input: read it, apply the run's overrides, run the rules, and turn the
//! outcome — findings or a read failure — into a [`FileResult`].

use std::path::Path;

use crate::findings::{Classification, FileResult, Severity, Status};
use crate::lang::Lang;
use crate::model::{DocumentKind, Report};
use crate::read;
use crate::years::YearFacts;

/// What a check run needs to know beyond the files, already validated by the CLI layer.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub lang: Lang,
    /// `--agency`: replaces what the document says.
    pub agency: Option<String>,
    /// `--year`: replaces what the document says.
    pub year: Option<i32>,
    /// `--previous`: last year's report, compared with each report of the next year.
    pub previous: Option<YearFacts>,
    /// `--previous` that could not be read: its file and why. Each report says it was not
    /// compared, rather than looking as if it had been.
    pub previous_unread: Option<(String, String)>,
    /// Keep each report in its result, for a reporter that draws the tables.
    pub keep_report: bool,
    /// Pair reports of one agency in consecutive years within a run (off: `--no-across-years`).
    pub across_years: bool,
    /// `--file-timeout`: a file whose check takes longer is a `timeout` result in bulk runs.
    pub file_timeout: Option<std::time::Duration>,
    /// What one input may cost (`--max-…`).
    pub limits: read::Limits,
}

impl CheckOptions {
    /// Apply the overrides to a report as read.
    pub fn apply(&self, report: &mut Report) {
        if let Some(agency) = &self.agency {
            report.agency = Some(agency.clone());
        }
        if let Some(year) = self.year {
            report.year = Some(year);
        }
    }
}

/// Read and check one file. A file that cannot be read is a result, not an error.
pub fn check_path(path: &Path, options: &CheckOptions) -> FileResult {
    check_path_with_facts(path, options).0
}

/// [`check_path`], also keeping what the cross-year rules need of the report.
pub fn check_path_with_facts(
    path: &Path,
    options: &CheckOptions,
) -> (FileResult, Option<YearFacts>) {
    match read::read_path_with(path, &options.limits) {
        Ok(mut report) => {
            options.apply(&mut report);
            let mut result = check_report(&report, options.lang);
            let facts = YearFacts::of(&report);
            if options.keep_report {
                result.drawing = Some(Box::new(crate::report::Drawing::of(&report)));
            }
            compare_previous(&mut result, facts.as_ref(), options);
            (result, facts)
        }
        Err(e) => {
            let mut result =
                FileResult::unreadable(path.display().to_string(), e.into_failure(options.lang));
            result.agency = options.agency.clone();
            result.year = options.year;
            (result, None)
        }
    }
}

/// `--previous`: compare with last year's report of the same agency. Where that cannot be
/// done (the previous file unreadable, another agency, not the year before) the result
/// says so in a warning (PREVIOUS-NOT-COMPARED): a check not done is never passed off as
/// a clean one.
pub fn compare_previous(
    result: &mut FileResult,
    facts: Option<&YearFacts>,
    options: &CheckOptions,
) {
    if matches!(result.status, Status::Unreadable | Status::NotAReport) {
        return;
    }
    let lang = options.lang;
    let why = match (&options.previous, &options.previous_unread, facts) {
        (_, Some((file, why)), _) => Some((
            file.clone(),
            format!("{}{why}", lang.pick("无法读取:", "it could not be read: ")),
        )),
        (None, None, _) => None,
        (Some(previous), None, _) if crate::years::same_file(&previous.source, &result.source) => {
            None
        }
        (Some(previous), None, None) => Some((
            previous.source.clone(),
            lang.pick(
                "本报告没有写明机关名称或报告年度,无法配对",
                "this report names no agency or no year, so it cannot be paired",
            )
            .to_string(),
        )),
        (Some(previous), None, Some(facts)) => {
            if previous.agency_key != facts.agency_key {
                Some((
                    previous.source.clone(),
                    match lang {
                        Lang::Zh => format!(
                            "机关不同(上一年报告为「{}」,本报告为「{}」)",
                            previous.agency_key, facts.agency_key
                        ),
                        Lang::En => format!(
                            "another agency (last year's report is of “{}”, this one of “{}”)",
                            previous.agency_key, facts.agency_key
                        ),
                    },
                ))
            } else if previous.year + 1 != facts.year {
                Some((
                    previous.source.clone(),
                    match lang {
                        Lang::Zh => format!(
                            "上一年报告是{}年度,本报告是{}年度,不是相邻的前一年",
                            previous.year, facts.year
                        ),
                        Lang::En => format!(
                            "that report is for {}, this one for {}: not the year before",
                            previous.year, facts.year
                        ),
                    },
                ))
            } else {
                let findings = crate::years::compare(previous, facts, &facts.source, lang);
                crate::years::merge(result, findings);
                None
            }
        }
    };
    if let Some((file, why)) = why {
        let rule = crate::rules::rule("PREVIOUS-NOT-COMPARED").expect("registered rule");
        let finding = crate::findings::Finding {
            rule: rule.id,
            severity: rule.severity,
            cells: Vec::new(),
            expected: None,
            actual: None,
            difference: None,
            message: rule.message(lang, &[("previous_file", file), ("why", why)]),
            suggestion: None,
            table: 0,
        };
        crate::years::merge(result, vec![finding]);
    }
}

/// `--previous FILE`: what last year's report carried forward, read once for the run.
pub fn previous_facts(path: &Path, options: &CheckOptions) -> Result<YearFacts, String> {
    let lang = options.lang;
    let report =
        read::read_path_with(path, &options.limits).map_err(|e| e.message(lang).to_string())?;
    YearFacts::of(&report).ok_or_else(|| {
        lang.pick(
            "上一年报告中没有机关名称或报告年度(应在标题中写明)",
            "last year's report names no agency or year (its title should)",
        )
        .to_string()
    })
}

/// `extract`: the canonical JSON of what was read, with where each value was read when
/// `locations`.
pub fn extract(
    path: &Path,
    options: &CheckOptions,
    locations: bool,
) -> Result<serde_json::Value, crate::findings::ReadFailure> {
    let mut report =
        read::read_path_with(path, &options.limits).map_err(|e| e.into_failure(options.lang))?;
    options.apply(&mut report);
    let mut json = report.to_json();
    if locations {
        json["locations"] = report.locations_json();
        json["labels"] = report.labels_json();
        json["readings"] = report.readings_json();
    }
    Ok(json)
}

/// Check a report already read.
pub fn check_report(report: &Report, lang: Lang) -> FileResult {
    let mut findings = crate::rules::check(report, lang);
    crate::suggest::annotate(report, &mut findings, lang);
    place_on_pages(report, &mut findings, lang);
    let status = if report.kind.key() == "not_a_report" {
        Status::NotAReport
    } else if findings.iter().any(|f| f.severity == Severity::Error) {
        Status::Fail
    } else {
        Status::Pass
    };
    FileResult {
        source: report.source.path.clone(),
        agency: report.agency.clone(),
        year: report.year,
        edition: report.effective_edition(),
        status,
        findings,
        error: None,
        classification: classification(report, lang),
        conversion: None,
        drawing: None,
    }
}

/// A PDF's cells get the page and line a person looking at it counts (`PDF!AO22` is the
/// 22nd text line of the whole document, which nobody counts); a text file's, the line of
/// the file (`文本!C7` is the grid's seventh row, not the file's seventh line).
fn place_on_pages(report: &Report, findings: &mut [crate::findings::Finding], lang: Lang) {
    if report.pages.is_none() {
        return;
    }
    let place = |address: &str| -> Option<(u32, u32)> {
        let a1 = [crate::read::pdf::SHEET, crate::read::text::SHEET]
            .iter()
            .find_map(|sheet| address.strip_prefix(sheet)?.strip_prefix('!'))?;
        let row: u32 = a1
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()?;
        report.page_line(row.checked_sub(1)?)
    };
    let words = |(page, line): (u32, u32)| match (lang, page) {
        (Lang::Zh, 0) => format!("第{line}行"),
        (Lang::En, 0) => format!("line {line}"),
        (Lang::Zh, _) => format!("第{page}页第{line}行"),
        (Lang::En, _) => format!("p. {page} line {line}"),
    };
    for finding in findings.iter_mut() {
        for cell in finding.cells.iter_mut().filter(|c| c.file.is_none()) {
            if let Some((page, line)) = cell.address.as_deref().and_then(place) {
                // Text has lines, no pages (page 0).
                cell.page = (page > 0).then_some(page);
                cell.line = Some(line);
            }
        }
        // The sentences name their cells by address: by page and line too. Longest first:
        // `PDF!E9` must not eat the start of `PDF!E90`.
        let mut addresses: Vec<String> = finding
            .cells
            .iter()
            .filter(|c| c.file.is_none())
            .filter_map(|c| c.address.clone())
            .chain(
                finding
                    .suggestion
                    .iter()
                    .flat_map(|s| s.cells.iter().filter_map(|c| c.address.clone())),
            )
            .collect();
        addresses.sort_by_key(|a| std::cmp::Reverse(a.len()));
        addresses.dedup();
        for address in addresses {
            let Some(at) = place(&address) else { continue };
            let said = words(at);
            finding.message = finding.message.replace(&address, &said);
            if let Some(s) = finding.suggestion.as_mut() {
                s.message = s.message.replace(&address, &said);
            }
        }
    }
}

/// Why a published document was classified as it was; nothing for an ordinary report.
fn classification(report: &Report, lang: Lang) -> Option<Classification> {
    let reason = match (&report.kind, lang) {
        (DocumentKind::AnnualReport, _) => return None,
        (DocumentKind::TablesMissing { headings }, Lang::Zh) => format!(
            "有年度报告的法定标题({}),但没有找到表格:表格可能是图片,或在附件中",
            headings
                .iter()
                .map(|h| format!("「{h}」"))
                .collect::<Vec<_>>()
                .join("")
        ),
        (DocumentKind::TablesMissing { headings }, Lang::En) => format!(
            "the statutory headings are there ({}) but no table was found: the tables are probably images or in an attachment",
            headings.join(", ")
        ),
        (DocumentKind::PreRegulation { year }, Lang::Zh) => {
            format!("{year}年度报告早于2019年的法定格式,没有规定的表格;只能检查文字")
        }
        (DocumentKind::PreRegulation { year }, Lang::En) => {
            format!(
                "a report for {year}, before the 2019 format prescribed tables; only its prose can be checked"
            )
        }
        // Named like a report, but with neither the statutory sections nor the tables (a
        // notice that publishes the report, a page whose report is an attachment or images).
        (DocumentKind::NotAReport { title: Some(t) }, Lang::Zh) if t.contains("年度报告") => {
            format!(
                "「{t}」虽以年度报告为题,但既没有法定的章节标题,也没有法定表格(可能是发布通知,或报告在附件、图片中):没有可检查的内容"
            )
        }
        (DocumentKind::NotAReport { title: Some(t) }, Lang::En) if t.contains("年度报告") => {
            format!(
                "“{t}” is titled as an annual report but has neither the statutory sections nor the tables (a notice publishing it, or the report is an attachment or images): nothing to check"
            )
        }
        (DocumentKind::NotAReport { title }, Lang::Zh) => format!(
            "{}不是政府信息公开工作年度报告:没有年度报告标题,也没有法定表格",
            title
                .as_deref()
                .map(|t| format!("「{t}」"))
                .unwrap_or_else(|| "该文件".into())
        ),
        (DocumentKind::NotAReport { title }, Lang::En) => format!(
            "{} is not an annual report: no report title and no statutory table",
            title
                .as_deref()
                .map(|t| format!("“{t}”"))
                .unwrap_or_else(|| "the file".into())
        ),
    };
    Some(Classification {
        kind: report.kind.key(),
        reason,
    })
}
