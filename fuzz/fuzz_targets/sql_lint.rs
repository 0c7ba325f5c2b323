//! libFuzzer entry for `shipgate_fuzz_targets::sql_lint` (see its doc comment).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shipgate_fuzz_targets::sql_lint(data));
