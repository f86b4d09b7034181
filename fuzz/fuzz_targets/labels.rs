//! The text matchers on any string: label normalisation and matching, number text, the
//! prose readers and the splitting of figures run together.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (left, right) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i));
    let _ = nianbao::labels::normalise(text);
    let _ = nianbao::labels::classify(text);
    let _ = nianbao::labels::parse_number_text(text);
    let _ = nianbao::labels::similarity(left, right);
    let _ = nianbao::labels::years_in(text).count();
    let _ = nianbao::prose::sum_claims(text);
    let _ = nianbao::prose::figure_claims(text, Some(2023));
    let _ = nianbao::prose::citing_2019_format(text);
    let sums = [nianbao::read::runs::Sum { parts: vec![0, 1], total: vec![2] }];
    let _ = nianbao::read::runs::readings(left, 3, &sums, 4);
    let _ = nianbao::read::grid::title_metadata(right);
    let _ = nianbao::labels::strip_numbering(text);
});
