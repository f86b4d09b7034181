//! nianbao: validate Chinese government information-disclosure annual reports
//! (政府信息公开工作年度报告) against the statutory tables and their arithmetic.
//!
//! The library reads inputs into one canonical [`model::Report`], runs the [`rules`] over
//! it and returns [`findings`]; it never prints. Reporters in [`report`] turn results into
//! text for the CLI.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod convert;
pub mod explain;
pub mod findings;
pub mod guard;
pub mod inputs;
pub mod isolate;
pub mod labels;
pub mod lang;
pub mod layout;
pub mod model;
pub mod prose;
pub mod read;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod suggest;
pub mod template;
pub mod wire;
pub mod years;
