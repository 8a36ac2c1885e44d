//! hwmon and thermal values (`temp*_input`, `fan*_input`, `trip_point_*_temp`): the text
//! as read is trimmed, and the numbers round-trip through their decimal text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fuzz_target!(|data: &[u8]| {
    let text = f::sysfs_text(data);
    assert_eq!(text.trim_ascii(), text, "read text is trimmed");
    if let Some(v) = f::hwmon_float(&text) {
        let back = f::hwmon_float(&format!("{v:?}")).expect("own output parses");
        assert!(back == v || (v.is_nan() && back.is_nan()));
    }
    if let Some(v) = f::hwmon_fan(&text) {
        assert_eq!(f::hwmon_fan(&v.to_string()), Some(v));
        assert!(f::hwmon_float(&text).is_some(), "an integer is a float too");
    }
});
