//! The canonical JSON of SPEC §7, checked against the layout with errors that name the JSON
//! pointer and what was expected there.

use serde_json::{Map, Value as J};

use super::ReadError;
use crate::lang::Lang;
use crate::layout::{self, TableId};
use crate::model::{Cell, Edition, Location, Report, Source, Table};

/// The top-level keys of a report: a JSON document with none of them (a `package.json`, a
/// data file) is some other document, not a broken report.
const REPORT_KEYS: [&str; 6] = ["agency", "year", "edition", "table2", "table3", "table4"];

/// A JSON document that is not a report: nothing to check, nothing wrong with it.
fn not_a_report(source: Source) -> Report {
    Report {
        source,
        kind: crate::model::DocumentKind::NotAReport { title: None },
        ..Report::default()
    }
}

pub fn read(bytes: &[u8], source: Source) -> Result<Report, ReadError> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let parsed: Result<J, _> = serde_json::from_slice(text);
    // A file that does not parse is a broken report only if it names a report's tables (a
    // `tsconfig.json` with comments is not one).
    let too_deep = parsed
        .as_ref()
        .is_err_and(|e| e.to_string().starts_with("recursion limit exceeded"));
    if parsed.is_err()
        && !too_deep
        && !["\"table2\"", "\"table3\"", "\"table4\""]
            .iter()
            .any(|k| text.windows(k.len()).any(|w| w == k.as_bytes()))
    {
        return Ok(not_a_report(source));
    }
    if let Ok(doc) = &parsed
        && !doc
            .as_object()
            .is_some_and(|top| REPORT_KEYS.iter().any(|k| top.contains_key(*k)))
    {
        return Ok(not_a_report(source));
    }
    let doc: J = parsed.map_err(|e| {
        let at = format!("line {} column {}", e.line(), e.column());
        // serde_json stops at 128 levels: a report has four, so this is not one.
        if e.to_string().starts_with("recursion limit exceeded") {
            return ReadError::new(
                "json",
                format!(
                    "JSON 嵌套超过 128 层(第 {} 行第 {} 列),不是一份报告",
                    e.line(),
                    e.column()
                ),
                format!(
                    "the JSON nests more than 128 levels deep (line {}, column {}): not a report",
                    e.line(),
                    e.column()
                ),
            )
            .at(at);
        }
        ReadError::new(
            "json",
            format!(
                "JSON 语法错误,第 {} 行第 {} 列:{}。请用文本编辑器改正该处后再检查",
                e.line(),
                e.column(),
                crate::explain::json_reason(&e)
                    .map_or_else(|| format!("(原始信息:{e})"), str::to_string)
            ),
            format!(
                "JSON syntax error at line {}, column {}: {}",
                e.line(),
                e.column(),
                e
            ),
        )
        .at(at)
    })?;
    let top = object(&doc, "")?;
    let mut report = Report {
        source,
        claims_report: true,
        ..Report::default()
    };
    for (key, value) in top {
        let ptr = pointer("", key);
        match key.as_str() {
            "agency" => report.agency = optional_string(value, &ptr)?,
            "year" => {
                report.year = match value {
                    J::Null => None,
                    J::Number(n) => Some(
                        n.as_i64()
                            .filter(|y| (1990..=2100).contains(y))
                            .ok_or_else(|| {
                                schema_error(
                                    &ptr,
                                    (
                                        "报告年度,如 2023 这样的整数",
                                        "a report year, a whole number such as 2023",
                                    ),
                                    value,
                                )
                            })? as i32,
                    ),
                    _ => {
                        return Err(schema_error(
                            &ptr,
                            (
                                "报告年度,如 2023 这样的整数",
                                "a report year, a whole number such as 2023",
                            ),
                            value,
                        ));
                    }
                }
            }
            "edition" => {
                report.edition = match value {
                    J::Null => None,
                    J::String(s) => Some(Edition::parse(s).ok_or_else(|| {
                        schema_error(
                            &ptr,
                            ("\"2019\" 或 \"2021\"", "\"2019\" or \"2021\""),
                            value,
                        )
                    })?),
                    J::Number(n) => Some(Edition::parse(&n.to_string()).ok_or_else(|| {
                        schema_error(
                            &ptr,
                            ("\"2019\" 或 \"2021\"", "\"2019\" or \"2021\""),
                            value,
                        )
                    })?),
                    _ => {
                        return Err(schema_error(
                            &ptr,
                            ("\"2019\" 或 \"2021\"", "\"2019\" or \"2021\""),
                            value,
                        ));
                    }
                }
            }
            // Where an extracted report came from and where its cells were; informative only.
            "source" | "locations" | "labels" | "readings" => {}
            "published" => report.published = optional_string(value, &ptr)?,
            "table2" | "table3" | "table4" => {}
            _ => {
                return Err(unknown_key(
                    &ptr,
                    &[
                        "agency",
                        "year",
                        "edition",
                        "published",
                        "source",
                        "locations",
                        "labels",
                        "readings",
                        "table2",
                        "table3",
                        "table4",
                    ],
                ));
            }
        }
    }
    for id in TableId::ALL {
        if let Some(value) = top.get(id.key()) {
            let ptr = pointer("", id.key());
            let edition = detect_edition(id, value)
                .or(report.edition)
                .unwrap_or(Edition::E2021);
            let table = read_table(id, edition, value, &ptr)?;
            // `{}`: a table with no row at all is as absent as a missing key (TABLE-MISSING).
            let empty = table.missing_rows.len() == table.layout().rows.len();
            *report.table_mut(id) = (!empty).then_some(table);
        }
    }
    Ok(report)
}

/// The edition a table's keys show, if they show one.
fn detect_edition(id: TableId, value: &J) -> Option<Edition> {
    let obj = value.as_object()?;
    match id {
        TableId::T2 => {
            let has = |row: &str, col: &str| {
                obj.get(row)
                    .and_then(J::as_object)
                    .is_some_and(|r| r.contains_key(col))
            };
            if obj.contains_key("other_services")
                || obj.contains_key("procurement")
                || has("regulations", "created")
                || has("licensing", "previous_items")
            {
                Some(Edition::E2019)
            } else if has("regulations", "issued")
                || has("normative_documents", "in_force")
                || has("licensing", "decisions")
            {
                Some(Edition::E2021)
            } else {
                None
            }
        }
        TableId::T3 => {
            let other = obj.get("results")?.get("other")?.as_object()?;
            if other
                .keys()
                .any(|k| layout::T3_COLUMNS.iter().any(|c| c.key == k))
            {
                Some(Edition::E2019)
            } else if !other.is_empty() {
                Some(Edition::E2021)
            } else {
                None
            }
        }
        TableId::T4 => None,
    }
}

fn read_table(id: TableId, edition: Edition, value: &J, ptr: &str) -> Result<Table, ReadError> {
    let layout = layout::table(id, edition);
    let mut table = Table::new(id, edition);
    check_keys(value, ptr, "", layout)?;
    for row in &layout.rows {
        let row_ptr = row
            .key
            .split('.')
            .fold(ptr.to_string(), |p, k| pointer(&p, k));
        let Some(row_value) = lookup(value, row.key) else {
            table.missing_rows.push(row.key);
            continue;
        };
        let row_obj = object(row_value, &row_ptr)?;
        for (key, _) in row_obj {
            if row.column(key).is_none() {
                let names: Vec<&str> = row.columns.iter().map(|c| c.key).collect();
                return Err(unknown_key(&pointer(&row_ptr, key), &names));
            }
        }
        for col in row.columns {
            let cell_ptr = pointer(&row_ptr, col.key);
            let location = Some(Location::Pointer(cell_ptr.clone()));
            let cell = match row_obj.get(col.key) {
                None | Some(J::Null) => Cell::blank(location),
                Some(J::Number(n)) => Cell::number(n.as_f64().unwrap_or(f64::NAN), location),
                Some(J::String(s)) => Cell::from_text(s, location),
                Some(other) => {
                    return Err(schema_error(
                        &cell_ptr,
                        (
                            "数字、null(空白)或字符串(单元格原文)",
                            "a number, null (blank) or a string (the raw text of the cell)",
                        ),
                        other,
                    ));
                }
            };
            table.set(row.key, col.key, cell);
        }
    }
    Ok(table)
}

/// Every key of a table object (and its nested groups) must be a row or group of the layout.
fn check_keys(
    value: &J,
    ptr: &str,
    prefix: &str,
    layout: &layout::TableLayout,
) -> Result<(), ReadError> {
    let obj = object(value, ptr)?;
    let mut allowed: Vec<&str> = layout
        .rows
        .iter()
        .filter_map(|r| r.key.strip_prefix(prefix))
        .map(|rest| rest.split('.').next().unwrap_or(rest))
        .collect();
    allowed.dedup();
    for (key, child) in obj {
        let path = format!("{prefix}{key}");
        if !allowed.contains(&key.as_str()) {
            return Err(unknown_key(&pointer(ptr, key), &allowed));
        }
        // A group (results, results.withheld, …) rather than a row: look inside it.
        if layout.row(&path).is_none() {
            check_keys(child, &pointer(ptr, key), &format!("{path}."), layout)?;
        }
    }
    Ok(())
}

fn lookup<'a>(value: &'a J, dotted: &str) -> Option<&'a J> {
    dotted.split('.').try_fold(value, |v, k| v.get(k))
}

fn object<'a>(value: &'a J, ptr: &str) -> Result<&'a Map<String, J>, ReadError> {
    value
        .as_object()
        .ok_or_else(|| schema_error(ptr, ("对象", "an object"), value))
}

fn optional_string(value: &J, ptr: &str) -> Result<Option<String>, ReadError> {
    match value {
        J::Null => Ok(None),
        J::String(s) => Ok(Some(s.clone())),
        _ => Err(schema_error(
            ptr,
            ("字符串或 null", "a string or null"),
            value,
        )),
    }
}

/// RFC 6901: append a key to a pointer, escaping `~` and `/`.
fn pointer(base: &str, key: &str) -> String {
    format!("{base}/{}", key.replace('~', "~0").replace('/', "~1"))
}

fn describe(value: &J, lang: Lang) -> String {
    match (value, lang) {
        (J::Null, _) => "null".into(),
        (J::Bool(b), Lang::Zh) => format!("布尔值 {b}"),
        (J::Bool(b), Lang::En) => format!("the boolean {b}"),
        (J::Number(n), Lang::Zh) => format!("数字 {n}"),
        (J::Number(n), Lang::En) => format!("the number {n}"),
        (J::String(s), Lang::Zh) => format!("字符串 {s:?}"),
        (J::String(s), Lang::En) => format!("the string {s:?}"),
        (J::Array(_), Lang::Zh) => "数组".into(),
        (J::Array(_), Lang::En) => "an array".into(),
        (J::Object(_), Lang::Zh) => "对象".into(),
        (J::Object(_), Lang::En) => "an object".into(),
    }
}

/// `expected` is (Chinese, English).
fn schema_error(ptr: &str, expected: (&str, &str), found: &J) -> ReadError {
    let at = if ptr.is_empty() { "/" } else { ptr };
    ReadError::new(
        "schema",
        format!(
            "{at}:应为 {},实为 {}",
            expected.0,
            describe(found, Lang::Zh)
        ),
        format!(
            "{at}: expected {}, found {}",
            expected.1,
            describe(found, Lang::En)
        ),
    )
    .at(at)
}

fn unknown_key(ptr: &str, allowed: &[&str]) -> ReadError {
    ReadError::new(
        "schema",
        format!("{ptr}:未知的键;此处允许的键为 {}", allowed.join(", ")),
        format!("{ptr}: unknown key; allowed here: {}", allowed.join(", ")),
    )
    .at(ptr)
}
