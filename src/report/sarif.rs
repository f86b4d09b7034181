//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. A spreadsheet has no lines,
//! so each result names its cell as a logical location (canonical key and Sheet!A1) and
//! points at line 1 of the file.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Reporter, one_line};
use crate::findings::{FileResult, Severity, Summary};
use crate::lang::Lang;
use crate::rules::RULES;

pub struct SarifReporter {
    lang: Lang,
    results: Vec<Value>,
    notifications: Vec<Value>,
    artifacts: Vec<Value>,
}

impl SarifReporter {
    pub fn new(lang: Lang) -> SarifReporter {
        SarifReporter {
            lang,
            results: Vec::new(),
            notifications: Vec::new(),
            artifacts: Vec::new(),
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A path as a URI reference: unreserved ASCII and `/` kept, everything else (Chinese
/// names, spaces) percent-encoded as UTF-8.
pub fn uri(path: &str) -> String {
    let path = super::repository_path(path);
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Reporter for SarifReporter {
    fn report(&mut self, _out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        let artifact = json!({"uri": uri(&result.source)});
        let index = self.artifacts.len();
        self.artifacts.push(json!({"location": artifact}));
        let location_of = |logical: Vec<Value>| {
            json!({
                "physicalLocation": {"artifactLocation": {"uri": uri(&result.source), "index": index}, "region": {"startLine": 1}},
                "logicalLocations": logical,
            })
        };
        if result.error.is_some() {
            self.notifications.push(json!({
                "level": "error",
                "message": {"text": one_line(result, None)},
                "locations": [location_of(vec![])],
                "descriptor": {"id": "unreadable"},
            }));
        }
        for f in &result.findings {
            let logical: Vec<Value> = f
                .cells
                .iter()
                .map(|c| {
                    json!({
                        "name": c.key,
                        "fullyQualifiedName": c.address.clone().unwrap_or_else(|| c.key.clone()),
                        "kind": "member",
                    })
                })
                .collect();
            let rule_index = RULES.iter().position(|r| r.id == f.rule).unwrap_or(0);
            let suggestion = f
                .suggestion
                .as_ref()
                .map(serde_json::to_value)
                .transpose()?;
            let mut properties = serde_json::Map::new();
            for (k, v) in [
                ("expected", f.expected),
                ("actual", f.actual),
                ("difference", f.difference),
            ] {
                if let Some(v) = v {
                    properties.insert(k.into(), serde_json::to_value(v)?);
                }
            }
            if let Some(suggestion) = suggestion {
                properties.insert("suggestion".into(), suggestion);
            }
            self.results.push(json!({
                "ruleId": f.rule,
                "ruleIndex": rule_index,
                "level": level(f.severity),
                "message": {"text": f.message},
                "locations": [location_of(logical)],
                "properties": properties,
            }));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = RULES
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "shortDescription": {"text": r.summary(self.lang)},
                    "fullDescription": {"text": format!("{} / {}", r.summary_zh, r.summary_en)},
                    "help": {"text": format!("{} / {}", r.basis_zh, r.basis_en)},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {
                        "summary_zh": r.summary_zh,
                        "summary_en": r.summary_en,
                        "basis_zh": r.basis_zh,
                        "basis_en": r.basis_en,
                    },
                })
            })
            .collect();
        let log = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "nianbao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "invocations": [{
                    "executionSuccessful": summary.unreadable == 0,
                    "toolExecutionNotifications": std::mem::take(&mut self.notifications),
                }],
                "artifacts": std::mem::take(&mut self.artifacts),
                "results": std::mem::take(&mut self.results),
                "columnKind": "unicodeCodePoints",
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(super::uri("a/b c.xlsx"), "a/b%20c.xlsx");
        assert_eq!(super::uri("./a/b.xlsx"), "a/b.xlsx");
        assert_eq!(
            super::uri("县/报告.xlsx"),
            "%E5%8E%BF/%E6%8A%A5%E5%91%8A.xlsx"
        );
    }
}
