//! The value reader never panics, and what it reads is sane.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(v) = crosscheck::value::parse(s) {
            if let (Some(lo), Some(hi)) = (v.low(), v.high()) {
                assert!(lo.is_finite() && hi.is_finite() && lo <= hi, "{s:?} read as {lo}..{hi}");
            }
            let _ = v.norm();
        }
    }
});
