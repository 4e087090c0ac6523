//! The record reader never panics on any bytes, and every record it accepts either
//! becomes a draft or is refused with a line number.
#![no_main]
use crosscheck::record::{self, InputFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = record::read(data, InputFormat::Csv, |r| {
        match r {
            Ok(raw) => {
                if let Err(errors) = record::to_draft(&raw) {
                    assert!(!errors.is_empty());
                }
            }
            Err(e) => assert!(e.line > 0 || e.message.contains("header") || e.message.contains("UTF-16")),
        }
        Ok(())
    });
});
