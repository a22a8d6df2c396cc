//! libFuzzer target: `harness::shard_case` (see tests/harness/fuzz.rs). A
//! returned failure panics, so libFuzzer saves the input.
#![no_main]

#[path = "../../tests/harness/fuzz.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = harness::shard_case(data) {
        panic!("{e}");
    }
});
