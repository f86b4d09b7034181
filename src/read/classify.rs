//! What a published document is (issue 4): an annual report with its tables; one whose
//! statutory headings are there but whose tables are not (images or an attachment); a report
//! from before the 2019 format, with no prescribed tables; or not an annual report at all (a
//! work plan, an implementation plan). Also the metadata a page states in its first lines.

use super::grid::{Content, Grid};
use crate::labels::normalise;
use crate::model::{DocumentKind, Location, Prose, Report};

/// The statutory section headings, as normalised text contains them.
const HEADINGS: [&str; 3] = [
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议",
];

/// Lines of a document in reading order (the text cells of its grids).
fn lines(grids: &[Grid]) -> impl Iterator<Item = &str> {
    grids
        .iter()
        .flat_map(|g| g.rows.values().flatten())
        .filter_map(|(_, c)| match c {
            Content::Text(t) => Some(t.as_str()),
            Content::Number(_) | Content::Run(_) => None,
        })
}

/// Decide the kind of a document read from a page, a Word file or text, and fill in the
/// metadata its first lines state when no title did.
pub fn classify(grids: &[Grid], report: &mut Report) {
    if report.published.is_none() {
        report.published = lines(grids).take(40).find_map(publication_date);
    }
    if (report.agency.is_none() || report.year.is_none())
        && let Some((agency, year)) = lines(grids).take(5).find_map(opening_metadata)
    {
        report.year = report.year.or(Some(year));
        report.agency = report.agency.take().or(agency);
    }
    let has_tables = report.table2.is_some() || report.table3.is_some() || report.table4.is_some();
    if has_tables {
        report.kind = DocumentKind::AnnualReport;
        report.claims_report = true;
        return;
    }
    let mut headings: Vec<String> = Vec::new();
    for line in lines(grids) {
        let n = normalise(line);
        for h in HEADINGS {
            if n.contains(h) && !headings.iter().any(|x| x == h) {
                headings.push(h.to_string());
            }
        }
    }
    let titled = report.claims_report;
    report.kind = match report.year {
        Some(year) if titled && year < 2019 => DocumentKind::PreRegulation { year },
        _ if headings.len() >= 2 || (titled && !headings.is_empty()) => {
            DocumentKind::TablesMissing { headings }
        }
        _ => DocumentKind::NotAReport {
            title: document_title(grids),
        },
    };
    if let DocumentKind::NotAReport { .. } = report.kind {
        // A plan's year and author are not a report's: nothing to group it by.
        report.agency = None;
        report.year = None;
    }
    report.claims_report = matches!(report.kind, DocumentKind::TablesMissing { .. });
}

/// What a document calls itself: the first short line naming a year that is not the site's
/// breadcrumb (「当前位置: 首页 / 政务公开 / …」).
fn document_title(grids: &[Grid]) -> Option<String> {
    let short = |l: &&str| (4..=60).contains(&l.chars().count());
    let candidates: Vec<&str> = lines(grids).map(str::trim).filter(short).take(20).collect();
    candidates
        .iter()
        .find(|l| {
            crate::labels::years_in(l).next().is_some()
                && !l.contains('/')
                && !l.contains("当前位置")
                && !l.contains("发布")
        })
        .or(candidates.first())
        .map(|l| l.to_string())
}

/// The paragraphs of a document that state figures, for the prose rules: rows holding one
/// text cell of a sentence's length, a line wrapped mid-sentence (a PDF's, a page's) joined
/// to the next.
pub fn prose(grids: &[Grid]) -> Vec<Prose> {
    /// A line this long is a line of running text, not a table's label.
    const SENTENCE: usize = 10;
    /// A line at least this long that ends mid-sentence was wrapped (a PDF's line holds
    /// some 35 to 45 characters).
    const WRAPPED: usize = 30;
    let mut paragraphs: Vec<Prose> = Vec::new();
    for grid in grids {
        let mut open = false;
        for (&row, cells) in &grid.rows {
            let line = match cells.as_slice() {
                [(col, Content::Text(t))] if t.trim().chars().count() >= SENTENCE => {
                    Some((*col, t.trim()))
                }
                _ => None,
            };
            let Some((col, line)) = line else {
                open = false;
                continue;
            };
            match paragraphs.last_mut() {
                Some(last) if open => last.text.push_str(line),
                _ => paragraphs.push(Prose {
                    text: line.to_string(),
                    location: Some(Location::Sheet {
                        sheet: grid.sheet.clone(),
                        row,
                        col,
                    }),
                }),
            }
            // A line wrapped mid-sentence is a full line; a short one (a title) ends its own.
            open = line.chars().count() >= WRAPPED
                && !line.ends_with(['。', '；', '！', '？', ':', '：', ';', '!', '?']);
        }
    }
    let has_figure = |t: &str| {
        t.chars()
            .any(|c| c.is_ascii_digit() || "零〇一二两三四五六七八九十百千".contains(c))
    };
    paragraphs.retain(|p| has_figure(&p.text));
    paragraphs
}

/// 「发布时间:2015-01-05」, 「发布日期：2024年1月20日」: the date as written.
fn publication_date(line: &str) -> Option<String> {
    let n = normalise(line);
    let at = ["发布时间", "发布日期", "发文日期", "成文日期", "公开日期"]
        .iter()
        .find_map(|k| n.find(k).map(|i| i + k.len()))?;
    let rest = n[at..].trim_start_matches([':', '：']);
    let date: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日'))
        .collect();
    (date.chars().filter(char::is_ascii_digit).count() >= 6).then_some(date)
}

/// Agency endings, to find the agency in an opening sentence.
const AGENCY_ENDINGS: [&str; 10] = [
    "人民政府",
    "街道办事处",
    "委员会",
    "办公室",
    "街道",
    "镇",
    "乡",
    "局",
    "县",
    "区",
];

/// 「2023年以来,慈化镇坚持……」: the year reported on and the agency named after it.
fn opening_metadata(line: &str) -> Option<(Option<String>, i32)> {
    let n = normalise(line);
    let chars: Vec<char> = n.chars().collect();
    let (at, year) = crate::labels::years_in(&n).next()?;
    if !(2000..=2100).contains(&year) || at > 10 {
        return None;
    }
    let rest: String = chars[at + 5..].iter().collect();
    let rest = rest.trim_start_matches(['度', '以', '来', ',', '，', '、', ' ']);
    let head: String = rest.chars().take(16).collect();
    // The longest name ending like an agency (袁州区教育局, not 袁州区) that is still a name:
    // no verb of the sentence, no punctuation.
    let verbs = [
        "坚持",
        "认真",
        "按照",
        "围绕",
        "紧紧",
        "积极",
        "全面",
        "深入",
        "进一步",
        "严格",
        "以",
    ];
    let mut names: Vec<&str> = Vec::new();
    for ending in AGENCY_ENDINGS {
        names.extend(
            head.match_indices(ending)
                .map(|(i, _)| &head[..i + ending.len()]),
        );
    }
    let agency = names
        .into_iter()
        .filter(|a| a.chars().count() >= 2)
        .filter(|a| {
            !verbs.iter().any(|v| a.contains(v))
                && !a
                    .chars()
                    .any(|c| c.is_ascii_punctuation() || "，。、；：“”".contains(c))
        })
        .max_by_key(|a| a.len())
        .map(str::to_string);
    Some((agency, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_year_and_agency_of_an_opening_sentence() {
        assert_eq!(
            opening_metadata("2023年以来,慈化镇坚持“以公开促监管”"),
            Some((Some("慈化镇".into()), 2023))
        );
        assert_eq!(opening_metadata("一、总体情况"), None);
        assert_eq!(
            opening_metadata("2023年,袁州区教育局坚持依法公开"),
            Some((Some("袁州区教育局".into()), 2023))
        );
        assert_eq!(
            opening_metadata("2023年以来,宜春市袁州区人民政府认真贯彻"),
            Some((Some("宜春市袁州区人民政府".into()), 2023))
        );
    }

    #[test]
    fn reads_publication_dates() {
        assert_eq!(
            publication_date("发布时间:2015-01-05 保护视力色"),
            Some("2015-01-05".into())
        );
        assert_eq!(
            publication_date("发布日期：2024年1月20日"),
            Some("2024年1月20日".into())
        );
        assert_eq!(publication_date("2014年,立岗镇"), None);
    }
}
