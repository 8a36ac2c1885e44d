//! `/proc/<pid>/environ`: checked against a plain model of psutil's
//! `parse_environ_block` (NUL-terminated items up to the first empty one, `KEY=VALUE`
//! with a non-empty key, the last duplicate wins at the first one's place).
#![no_main]
use libfuzzer_sys::fuzz_target;
use psutil_rs::__fuzz as f;

fn model(data: &[u8]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let Some(end) = data.iter().rposition(|&b| b == 0) else { return out };
    let text = String::from_utf8_lossy(&data[..=end]).into_owned();
    let items: Vec<&str> = text.split('\0').collect();
    for item in &items[..items.len() - 1] {
        if item.is_empty() {
            break;
        }
        if let Some(eq) = item.find('=') {
            if eq > 0 {
                let (k, v) = (item[..eq].to_owned(), item[eq + 1..].to_owned());
                match out.iter_mut().find(|(key, _)| *key == k) {
                    Some(slot) => slot.1 = v,
                    None => out.push((k, v)),
                }
            }
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let env = f::pid_environ(data).expect("an environment under 4 GiB always parses");
    let got: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    assert_eq!(got, model(data));
    assert_eq!(env.len(), got.len());
    for (k, v) in &got {
        assert_eq!(env.get(k), Some(v.as_str()));
        assert!(env.contains_key(k));
    }
});
