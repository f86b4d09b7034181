//! `--format junit`: JUnit XML as GitLab and Jenkins read it — a testsuite per file, a
//! testcase per rule, a failure per finding at or above `--fail-on`, an error for a file that
//! could not be read. Warnings below the threshold go to the testcase's `system-out`.

use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::{Reporter, one_line};
use crate::findings::{FileResult, Severity, Status, Summary};
use crate::rules::RULES;

pub struct JunitReporter {
    fail_on: Severity,
    suites: Vec<FileResult>,
}

impl JunitReporter {
    pub fn new(fail_on: Severity) -> JunitReporter {
        JunitReporter {
            fail_on,
            suites: Vec::new(),
        }
    }

    fn failures(&self, result: &FileResult) -> usize {
        result
            .findings
            .iter()
            .filter(|f| f.severity >= self.fail_on)
            .count()
    }
}

impl Reporter for JunitReporter {
    fn report(&mut self, _out: &mut dyn Write, result: &FileResult) -> io::Result<()> {
        self.suites.push(result.clone());
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let tests: usize = self
            .suites
            .iter()
            .map(|s| {
                if s.error.is_some() || s.status == Status::NotAReport {
                    1
                } else {
                    RULES.len()
                }
            })
            .sum();
        let failures: usize = self.suites.iter().map(|s| self.failures(s)).sum();
        let errors = self.suites.iter().filter(|s| s.error.is_some()).count();
        w.create_element("testsuites")
            .with_attributes([
                ("name", "nianbao"),
                ("tests", tests.to_string().as_str()),
                ("failures", failures.to_string().as_str()),
                ("errors", errors.to_string().as_str()),
            ])
            .write_inner_content(|w| {
                for suite in &self.suites {
                    self.write_suite(w, suite)?;
                }
                Ok(())
            })?;
        drop(w);
        writeln!(out)
    }
}

impl JunitReporter {
    fn write_suite<W: Write>(&self, w: &mut Writer<W>, result: &FileResult) -> io::Result<()> {
        let name = result.source.as_str();
        if let Some(error) = &result.error {
            w.create_element("testsuite")
                .with_attributes([
                    ("name", name),
                    ("tests", "1"),
                    ("failures", "0"),
                    ("errors", "1"),
                    ("skipped", "0"),
                ])
                .write_inner_content(|w| {
                    w.create_element("testcase")
                        .with_attributes([("name", "read"), ("classname", name)])
                        .write_inner_content(|w| {
                            w.create_element("error")
                                .with_attributes([
                                    ("message", one_line(result, None).as_str()),
                                    ("type", error.kind),
                                ])
                                .write_text_content(BytesText::new(&error.message))?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            return Ok(());
        }
        // Not a report: nothing was checked, so one skipped case says so rather than every
        // rule passing.
        if result.status == Status::NotAReport {
            let why = result
                .classification
                .as_ref()
                .map_or("not_a_report", |c| c.reason.as_str());
            w.create_element("testsuite")
                .with_attributes([
                    ("name", name),
                    ("tests", "1"),
                    ("failures", "0"),
                    ("errors", "0"),
                    ("skipped", "1"),
                ])
                .write_inner_content(|w| {
                    w.create_element("testcase")
                        .with_attributes([("name", "read"), ("classname", name)])
                        .write_inner_content(|w| {
                            w.create_element("skipped")
                                .with_attributes([("message", why)])
                                .write_empty()?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            return Ok(());
        }
        let failures = self.failures(result).to_string();
        let tests = RULES.len().to_string();
        w.create_element("testsuite")
            .with_attributes([
                ("name", name),
                ("tests", tests.as_str()),
                ("failures", failures.as_str()),
                ("errors", "0"),
                ("skipped", "0"),
            ])
            .write_inner_content(|w| {
                for rule in RULES {
                    let findings: Vec<_> = result
                        .findings
                        .iter()
                        .filter(|f| f.rule == rule.id)
                        .collect();
                    let case = w
                        .create_element("testcase")
                        .with_attributes([("name", rule.id), ("classname", name)]);
                    if findings.is_empty() {
                        case.write_empty()?;
                        continue;
                    }
                    case.write_inner_content(|w| {
                        let mut notes = Vec::new();
                        for f in &findings {
                            let cells: Vec<String> = f
                                .cells
                                .iter()
                                .map(|c| c.address.clone().unwrap_or_else(|| c.key.clone()))
                                .collect();
                            let mut detail = format!("{}\n{}", f.message, cells.join(" "));
                            if let Some(s) = &f.suggestion {
                                detail.push_str(&format!("\n{}", s.message));
                            }
                            if f.severity >= self.fail_on {
                                w.create_element("failure")
                                    .with_attributes([
                                        ("message", f.message.as_str()),
                                        ("type", f.rule),
                                    ])
                                    .write_text_content(BytesText::new(&detail))?;
                            } else {
                                notes.push(format!("{}: {}", f.severity.as_str(), detail));
                            }
                        }
                        if !notes.is_empty() {
                            w.create_element("system-out")
                                .write_text_content(BytesText::new(&notes.join("\n")))?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })?;
        Ok(())
    }
}
