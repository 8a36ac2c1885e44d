//! Pure decoder of `NtQuerySystemInformation(SystemProcessInformation)` (SPI): the
//! `SYSTEM_PROCESS_INFORMATION` entries and the `SYSTEM_THREAD_INFORMATION` array after
//! each, at the x86_64 offsets of windows.md section 6 (the `Reserved*` fields named).
//! Every field is read by value from the byte slice: Wine packs entries at odd offsets.

/// Size of one `SYSTEM_PROCESS_INFORMATION` (the thread array follows it).
pub(crate) const PROCESS_ENTRY_SIZE: usize = 256;
/// Size of one `SYSTEM_THREAD_INFORMATION`.
pub(crate) const THREAD_ENTRY_SIZE: usize = 80;
/// `KTHREAD_STATE::Waiting`.
const THREAD_STATE_WAITING: u32 = 5;
/// `KTHREAD_STATE::Ready`, `Standby` and `DeferredReady`: waiting for a processor.
const THREAD_STATES_READY: [u32; 3] = [1, 3, 7];
/// `KWAIT_REASON::Suspended`.
const WAIT_REASON_SUSPENDED: u32 = 5;

/// One thread of an SPI entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct SpiThread {
    /// The thread id (`ClientId.UniqueThread`).
    pub(crate) tid: u64,
    /// Kernel time, 100 ns ticks.
    pub(crate) kernel_ticks: i64,
    /// User time, 100 ns ticks.
    pub(crate) user_ticks: i64,
    /// `ContextSwitches`.
    pub(crate) ctx_switches: u32,
    /// `ThreadState` and `WaitReason`.
    pub(crate) state: (u32, u32),
}

/// The fields psutil takes from one SPI process entry.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct SpiProcess {
    pub(crate) pid: u64,
    pub(crate) ppid: u64,
    pub(crate) threads: u32,
    /// `CreateTime`, absolute FILETIME ticks.
    pub(crate) create_ticks: i64,
    pub(crate) user_ticks: i64,
    pub(crate) kernel_ticks: i64,
    pub(crate) handle_count: u32,
    pub(crate) page_faults: u32,
    pub(crate) peak_wset: u64,
    pub(crate) wset: u64,
    pub(crate) peak_paged_pool: u64,
    pub(crate) paged_pool: u64,
    pub(crate) peak_nonpaged_pool: u64,
    pub(crate) nonpaged_pool: u64,
    pub(crate) pagefile: u64,
    pub(crate) peak_pagefile: u64,
    pub(crate) private: u64,
    /// Read, write, other operation counts, then read, write, other transfer bytes.
    pub(crate) io: [u64; 6],
    /// The thread array.
    pub(crate) thread_list: Vec<SpiThread>,
}

impl SpiProcess {
    /// psutil's `status()`: stopped iff every thread waits with reason Suspended.
    pub(crate) fn all_threads_suspended(&self) -> bool {
        !self.thread_list.is_empty()
            && self.thread_list.iter().all(|t| t.state == (THREAD_STATE_WAITING, WAIT_REASON_SUSPENDED))
    }

    /// psutil's `num_ctx_switches().voluntary`: the threads' `ContextSwitches` summed.
    pub(crate) fn ctx_switches(&self) -> u64 {
        self.thread_list.iter().map(|t| u64::from(t.ctx_switches)).sum()
    }
}

fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(off..off + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], off: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(off..off + 8)?.try_into().ok()?))
}

fn i64_at(b: &[u8], off: usize) -> Option<i64> {
    u64_at(b, off).map(|v| v as i64)
}

fn thread_at(b: &[u8]) -> Option<SpiThread> {
    Some(SpiThread {
        kernel_ticks: i64_at(b, 0)?,
        user_ticks: i64_at(b, 8)?,
        tid: u64_at(b, 48)?,
        ctx_switches: u32_at(b, 64)?,
        state: (u32_at(b, 68)?, u32_at(b, 72)?),
    })
}

/// Decodes the entry that starts `e` (bounded by the next one or the buffer's end).
fn process_at(e: &[u8], with_threads: bool) -> Option<SpiProcess> {
    let threads = u32_at(e, 4)?;
    let mut io = [0u64; 6];
    for (i, slot) in io.iter_mut().enumerate() {
        *slot = u64_at(e, 208 + 8 * i)?;
    }
    let thread_list = if with_threads {
        (0..threads as usize)
            .map_while(|i| {
                let start = PROCESS_ENTRY_SIZE + i * THREAD_ENTRY_SIZE;
                thread_at(e.get(start..start + THREAD_ENTRY_SIZE)?)
            })
            .collect()
    } else {
        Vec::new()
    };
    Some(SpiProcess {
        pid: u64_at(e, 80)?,
        ppid: u64_at(e, 88)?,
        threads,
        create_ticks: i64_at(e, 32)?,
        user_ticks: i64_at(e, 40)?,
        kernel_ticks: i64_at(e, 48)?,
        handle_count: u32_at(e, 96)?,
        page_faults: u32_at(e, 128)?,
        peak_wset: u64_at(e, 136)?,
        wset: u64_at(e, 144)?,
        peak_paged_pool: u64_at(e, 152)?,
        paged_pool: u64_at(e, 160)?,
        peak_nonpaged_pool: u64_at(e, 168)?,
        nonpaged_pool: u64_at(e, 176)?,
        pagefile: u64_at(e, 184)?,
        peak_pagefile: u64_at(e, 192)?,
        private: u64_at(e, 200)?,
        io,
        thread_list,
    })
}

/// The start offset of every entry, following `NextEntryOffset` (0 ends the list; an
/// offset past the buffer or a loop ends it too).
fn entry_offsets(buf: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut off = 0usize;
    while off + PROCESS_ENTRY_SIZE <= buf.len() {
        out.push(off);
        match u32_at(buf, off) {
            Some(0) | None => break,
            Some(next) => off += next as usize,
        }
    }
    out
}

/// Every process entry, without their threads.
pub(crate) fn processes(buf: &[u8]) -> Vec<SpiProcess> {
    entry_offsets(buf).into_iter().filter_map(|o| process_at(&buf[o..], false)).collect()
}

/// The entry of `pid`, with its threads; `None` when the snapshot has no such pid.
pub(crate) fn find(buf: &[u8], pid: u64) -> Option<SpiProcess> {
    entry_offsets(buf)
        .into_iter()
        .find(|&o| u64_at(buf, o + 80) == Some(pid))
        .and_then(|o| process_at(&buf[o..], true))
}

/// The threads of the whole snapshot that wait for a processor (Ready, Standby,
/// DeferredReady): what the `\System\Processor Queue Length` counter counts (the
/// `getloadavg` emulation's sample).
pub(crate) fn ready_threads(buf: &[u8]) -> usize {
    entry_offsets(buf)
        .into_iter()
        .filter_map(|o| process_at(&buf[o..], true))
        .map(|p| p.thread_list.iter().filter(|t| THREAD_STATES_READY.contains(&t.state.0)).count())
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(b: &mut [u8], off: usize, v: &[u8]) {
        b[off..off + v.len()].copy_from_slice(v);
    }

    /// One hand-built entry: pid, ppid, threads as (tid, kernel, user, ctxsw, state, reason).
    fn entry(pid: u64, ppid: u64, threads: &[(u64, i64, i64, u32, u32, u32)], next: u32) -> Vec<u8> {
        let mut e = vec![0u8; PROCESS_ENTRY_SIZE + threads.len() * THREAD_ENTRY_SIZE];
        put(&mut e, 0, &next.to_le_bytes());
        put(&mut e, 4, &(threads.len() as u32).to_le_bytes());
        put(&mut e, 32, &133_000_000_000_000_000i64.to_le_bytes());
        put(&mut e, 40, &25_000_000i64.to_le_bytes());
        put(&mut e, 48, &5_000_000i64.to_le_bytes());
        put(&mut e, 80, &pid.to_le_bytes());
        put(&mut e, 88, &ppid.to_le_bytes());
        put(&mut e, 96, &77u32.to_le_bytes());
        put(&mut e, 144, &4096u64.to_le_bytes());
        put(&mut e, 184, &8192u64.to_le_bytes());
        put(&mut e, 208 + 40, &999u64.to_le_bytes());
        for (i, &(tid, k, u, cs, st, wr)) in threads.iter().enumerate() {
            let t = PROCESS_ENTRY_SIZE + i * THREAD_ENTRY_SIZE;
            put(&mut e, t, &k.to_le_bytes());
            put(&mut e, t + 8, &u.to_le_bytes());
            put(&mut e, t + 48, &tid.to_le_bytes());
            put(&mut e, t + 64, &cs.to_le_bytes());
            put(&mut e, t + 68, &st.to_le_bytes());
            put(&mut e, t + 72, &wr.to_le_bytes());
        }
        e
    }

    #[test]
    fn walks_unaligned_entries_and_finds_a_pid() {
        let first = entry(4, 0, &[(8, 1, 2, 3, 5, 5)], 0);
        let mut buf = entry(100, 4, &[(101, 10, 20, 7, 5, 5), (102, 1, 2, 9, 5, 5)], 0);
        // An odd entry offset, as Wine gives.
        let next = (buf.len() + 3) as u32;
        put(&mut buf, 0, &next.to_le_bytes());
        buf.extend_from_slice(&[0xAA; 3]);
        buf.extend_from_slice(&first);
        let all = processes(&buf);
        assert_eq!(all.iter().map(|p| (p.pid, p.ppid)).collect::<Vec<_>>(), vec![(100, 4), (4, 0)]);
        let p = find(&buf, 100).unwrap();
        assert_eq!(p.threads, 2);
        assert_eq!(p.thread_list[1].tid, 102);
        assert_eq!(p.ctx_switches(), 16);
        assert!(p.all_threads_suspended());
        assert_eq!(
            (p.user_ticks, p.kernel_ticks, p.handle_count, p.wset, p.pagefile),
            (25_000_000, 5_000_000, 77, 4096, 8192)
        );
        assert_eq!(p.io[5], 999);
        assert_eq!(find(&buf, 4).unwrap().thread_list[0].tid, 8);
        assert!(find(&buf, 5).is_none());
    }

    #[test]
    fn running_unless_every_thread_is_suspended() {
        let buf = entry(9, 1, &[(1, 0, 0, 0, 5, 5), (2, 0, 0, 0, 5, 6)], 0);
        assert!(!find(&buf, 9).unwrap().all_threads_suspended());
        let none = entry(9, 1, &[], 0);
        assert!(!find(&none, 9).unwrap().all_threads_suspended());
    }

    #[test]
    fn ready_threads_are_counted_over_every_process() {
        // States: 1 Ready, 2 Running, 3 Standby, 5 Waiting, 7 DeferredReady, 0 Initialized.
        let mut buf = entry(4, 0, &[(8, 0, 0, 0, 1, 0), (9, 0, 0, 0, 2, 0), (10, 0, 0, 0, 5, 5)], 0);
        let second = entry(100, 4, &[(101, 0, 0, 0, 3, 0), (102, 0, 0, 0, 7, 0), (103, 0, 0, 0, 0, 0)], 0);
        let next = buf.len() as u32;
        put(&mut buf, 0, &next.to_le_bytes());
        buf.extend_from_slice(&second);
        assert_eq!(ready_threads(&buf), 3);
        // Wine 8 reports (0, 0) for every thread: none is ready.
        assert_eq!(ready_threads(&entry(9, 1, &[(1, 0, 0, 0, 0, 0); 4], 0)), 0);
        assert_eq!(ready_threads(&[]), 0);
    }

    #[test]
    fn odd_data_never_panics() {
        assert!(processes(&[]).is_empty());
        let mut buf = entry(9, 1, &[(1, 0, 0, 0, 0, 0)], 0);
        // A thread count larger than the bytes present, and a self-loop offset.
        put(&mut buf, 4, &1000u32.to_le_bytes());
        assert_eq!(find(&buf, 9).unwrap().thread_list.len(), 1);
        let mut lo = entry(9, 1, &[], 0);
        put(&mut lo, 0, &(1u32 << 31).to_le_bytes());
        assert_eq!(processes(&lo).len(), 1);
    }
}
