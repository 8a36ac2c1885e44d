//! `free` and `meminfo`: virtual memory and swap.

use serde_json::{json, Value};

use crate::args::FreeArgs;
use crate::error::{CmdResult, Context};
use crate::output::{self, bytes2human, cell, field, fields, Align, KeyValues, Table};

/// Like `free`: Mem and Swap rows. Sizes in KiB by default (as `free` prints them),
/// bytes with `-b`, human-readable (1024-based, psutil's `bytes2human`) with `-h`.
/// `used` is psutil's `total - available`; `buff/cache` is `buffers + cached`. When swap
/// cannot be read (Wine 8 has no paging-file information), the error goes to stderr and
/// the Swap row is left out (`null` in JSON): memory is still shown.
pub fn free(args: &FreeArgs, json: bool) -> CmdResult {
    let vm = psutil_rs::virtual_memory().context("virtual_memory")?;
    let sw = psutil_rs::swap_memory().map_err(|e| eprintln!("psutil: swap_memory: {e}")).ok();
    if json {
        return output::json(&json!({ "virtual_memory": vm, "swap_memory": sw }));
    }
    let size = |n: u64| -> String {
        if args.human {
            bytes2human(n)
        } else if args.bytes {
            n.to_string()
        } else {
            (n / 1024).to_string()
        }
    };
    let extra = |name: &str| field(&vm, name).and_then(|v| v.as_u64());
    let buff_cache = match (extra("buffers"), extra("cached")) {
        (None, None) => String::new(),
        (b, c) => size(b.unwrap_or(0) + c.unwrap_or(0)),
    };
    let mut table = Table::new(&[
        ("", Align::Left),
        ("total", Align::Right),
        ("used", Align::Right),
        ("free", Align::Right),
        ("shared", Align::Right),
        ("buff/cache", Align::Right),
        ("available", Align::Right),
    ]);
    table.row([
        "Mem:".to_string(),
        size(vm.total),
        size(vm.used),
        size(vm.free),
        extra("shared").map(size).unwrap_or_default(),
        buff_cache,
        size(vm.available),
    ]);
    if let Some(sw) = sw {
        table.row(["Swap:".to_string(), size(sw.total), size(sw.used), size(sw.free)]);
    }
    Ok(table.render())
}

/// Every `virtual_memory()` and `swap_memory()` field; sizes human-readable.
pub fn meminfo(json: bool) -> CmdResult {
    let vm = psutil_rs::virtual_memory().context("virtual_memory")?;
    let sw = psutil_rs::swap_memory().context("swap_memory")?;
    if json {
        return output::json(&json!({ "virtual_memory": vm, "swap_memory": sw }));
    }
    let mut out = String::from("MEMORY\n------\n");
    out.push_str(&human_fields(&fields(&vm)));
    out.push_str("\nSWAP\n----\n");
    out.push_str(&human_fields(&fields(&sw)));
    Ok(out)
}

/// `key : value` lines with byte counts human-readable and percents with a `%` sign.
fn human_fields(items: &[(String, Value)]) -> String {
    let mut kv = KeyValues::new();
    for (k, v) in items {
        let text = match v.as_u64() {
            Some(n) if k != "percent" => bytes2human(n),
            _ if k == "percent" => format!("{v}%"),
            _ => cell(v),
        };
        kv.add(format!("{k:<10}:"), text);
    }
    kv.render()
}
