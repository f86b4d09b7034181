//! The JSON Schema (draft 2020-12) of the canonical report, generated from the layout so it
//! cannot drift from what the JSON reader accepts. `schemas/report.schema.json` is this
//! output, committed; a test keeps the two equal.

use serde_json::{Map, Value as J, json};

use crate::layout::{self, TableId, TableLayout};
use crate::model::Edition;

pub fn report_schema() -> J {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://nianbao.invalid/schemas/report.schema.json",
        "title": "政府信息公开工作年度报告 (nianbao canonical report)",
        "description": "One annual report: metadata and statutory tables 2, 3 and 4 keyed as in SPEC §2. A cell is a number, null (blank) or a string holding the raw text found. A missing table is an absent key.",
        "type": "object",
        "additionalProperties": false,
        "properties": {
            "agency": {"type": ["string", "null"], "description": "机关名称"},
            "year": {"type": ["integer", "null"], "minimum": 1990, "maximum": 2100, "description": "报告年度: the year reported on"},
            "edition": {"enum": ["2019", "2021", null], "description": "Format edition; detected from the tables' keys when absent"},
            "published": {"type": ["string", "null"], "description": "发布日期: the publication date the document states, as written"},
            "source": {"type": "object", "description": "Where an extracted report was read from; ignored on input"},
            "labels": {
                "type": "object",
                "description": "extract --locations: the label each row was found by and how sure the match is; ignored on input"
            },
            "readings": {
                "type": "object",
                "description": "extract --locations: how each table was read (grid or stream) and the rows left unread; ignored on input"
            },
            "locations": {
                "type": "object",
                "additionalProperties": {"type": "string"},
                "description": "extract --locations: the Sheet!A1 each cell was read from, by canonical key; ignored on input"
            },
            "table2": {"anyOf": [{"$ref": "#/$defs/table2_2021"}, {"$ref": "#/$defs/table2_2019"}]},
            "table3": {"anyOf": [{"$ref": "#/$defs/table3_2021"}, {"$ref": "#/$defs/table3_2019"}]},
            "table4": {"$ref": "#/$defs/table4"}
        },
        "$defs": {
            "cell": {
                "description": "A number, null for a blank cell, or the raw text found (\"１２\", \"—\", \"12 \")",
                "type": ["number", "string", "null"]
            },
            "table2_2021": table(layout::table(TableId::T2, Edition::E2021)),
            "table2_2019": table(layout::table(TableId::T2, Edition::E2019)),
            "table3_2021": table(layout::table(TableId::T3, Edition::E2021)),
            "table3_2019": table(layout::table(TableId::T3, Edition::E2019)),
            "table4": table(layout::table(TableId::T4, Edition::E2021)),
        }
    })
}

/// An object schema for a table: rows nested by their dotted keys, columns of cells.
fn table(layout: &TableLayout) -> J {
    let mut root = Map::new();
    for row in &layout.rows {
        let mut cols = Map::new();
        for col in row.columns {
            cols.insert(
                col.key.into(),
                json!({"$ref": "#/$defs/cell", "description": col.label_zh}),
            );
        }
        let row_schema = json!({
            "type": "object",
            "description": row.label_zh,
            "additionalProperties": false,
            "properties": cols,
        });
        insert(&mut root, row.key, row_schema);
    }
    wrap(
        root,
        &format!("{} ({} edition)", layout.id.title_zh(), layout.edition),
    )
}

fn wrap(props: Map<String, J>, description: &str) -> J {
    json!({"type": "object", "description": description, "additionalProperties": false, "properties": props})
}

/// Place a row schema at a dotted path, creating group objects on the way.
fn insert(props: &mut Map<String, J>, dotted: &str, schema: J) {
    match dotted.split_once('.') {
        None => {
            props.insert(dotted.into(), schema);
        }
        Some((head, rest)) => {
            let group = props
                .entry(head.to_string())
                .or_insert_with(|| wrap(Map::new(), head));
            if let Some(J::Object(inner)) = group.get_mut("properties") {
                insert(inner, rest, schema);
            }
        }
    }
}

/// The schema as committed: pretty JSON with a trailing newline.
pub fn report_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(&report_schema()).expect("schema serialises");
    s.push('\n');
    s
}
