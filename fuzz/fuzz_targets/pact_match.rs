//! libFuzzer entry for `shipgate_fuzz_targets::pact_match` (see its doc comment).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| shipgate_fuzz_targets::pact_match(data));
