//! Any bytes named .html: read, then every rule and the suggestions. Reading may fail; it
//! may never panic, hang or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

// A panic the reader catches itself (a third-party parser's, on a damaged file) is a result;
// one that escapes aborts the target.
fuzz_target!(|data: &[u8]| {
    nianbao_fuzz_check(data, "fuzz.html");
});

fn nianbao_fuzz_check(data: &[u8], name: &str) {
    if let Ok(report) = nianbao::read::read_bytes(data.to_vec(), std::path::Path::new(name)) {
        let _ = nianbao::check::check_report(&report, nianbao::lang::Lang::Zh);
    }
}
