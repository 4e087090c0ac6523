//! Names as users type them: the lookup key, the look-alike skeleton and the escaped
//! form must never panic, and the key must be stable (a key's key is itself), or a
//! name stored today would not be found tomorrow.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(name) = std::str::from_utf8(data) else {
        return;
    };
    let key = crosscheck::lookalike::key(name);
    assert_eq!(crosscheck::lookalike::key(&key), key, "the key is stable");
    assert!(!key.chars().any(crosscheck::lookalike::is_invisible));
    let _ = crosscheck::lookalike::skeleton(name);
    let escaped = crosscheck::lookalike::escaped(name);
    assert!(!escaped.chars().any(crosscheck::lookalike::is_invisible));
    let _ = crosscheck::lookalike::differing(name, "Reuters");
});
