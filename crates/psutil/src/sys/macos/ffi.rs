//! Thin FFI for macOS: each function makes one call (or one fixed sequence) and returns
//! owned bytes or plain numbers; the decoding is in `parse.rs`/`fdinfo.rs`.

use std::io;

use super::parse::{KINFO_PROC_SIZE, TASKINFO_SIZE};
use crate::sys::unix::sysctl;

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid}`: one `kinfo_proc`, or no bytes when
/// the pid does not exist.
pub(crate) fn kinfo(pid: i32) -> io::Result<Vec<u8>> {
    crate::sys::unix::bsd_proc::kinfo_bytes(pid, KINFO_PROC_SIZE)
}

/// `sysctl {CTL_KERN, KERN_PROC, KERN_PROC_ALL}`: every process's `kinfo_proc`.
pub(crate) fn kinfo_all() -> io::Result<Vec<u8>> {
    sysctl::growing_mib(&[libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_ALL, 0])
}

/// `proc_pidinfo(pid, PROC_PIDTASKINFO)`: the `proc_taskinfo` bytes, or the errno (0 when
/// the call failed without one) for `raise_for_pid`.
pub(crate) fn taskinfo(pid: i32) -> Result<Vec<u8>, i32> {
    let mut buf = vec![0u8; TASKINFO_SIZE];
    // SAFETY: `buf` is writable for the size passed.
    let ret = unsafe {
        libc::proc_pidinfo(pid, libc::PROC_PIDTASKINFO, 0, buf.as_mut_ptr().cast(), TASKINFO_SIZE as i32)
    };
    if ret <= 0 || (ret as usize) < TASKINFO_SIZE {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    Ok(buf)
}

/// `sysctl {CTL_KERN, KERN_PROCARGS2, pid}` into a `KERN_ARGMAX`-sized buffer.
pub(crate) fn procargs2(pid: i32) -> io::Result<Vec<u8>> {
    let argmax: [u8; 4] = sysctl::fixed_mib(&[libc::CTL_KERN, libc::KERN_ARGMAX])?;
    let size = usize::try_from(i32::from_ne_bytes(argmax)).unwrap_or(0).max(4096);
    let mut buf = vec![0u8; size];
    let n = sysctl::by_mib(&[libc::CTL_KERN, libc::KERN_PROCARGS2, pid], Some(&mut buf))?;
    buf.truncate(n);
    Ok(buf)
}

/// `proc_pidpath(pid)`: the executable's path bytes, or the errno (0 if none).
pub(crate) fn pidpath(pid: i32) -> Result<Vec<u8>, i32> {
    let mut buf = vec![0u8; libc::PROC_PIDPATHINFO_MAXSIZE as usize];
    // SAFETY: `buf` is writable for the size passed.
    let ret = unsafe { libc::proc_pidpath(pid, buf.as_mut_ptr().cast(), buf.len() as u32) };
    if ret <= 0 {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    buf.truncate(ret as usize);
    Ok(buf)
}

/// A `host_statistics(64)` answer: the bytes and the count of 32-bit words filled.
fn host_stats(flavor: libc::c_int, words: usize, is64: bool) -> io::Result<(Vec<u8>, usize)> {
    let mut buf = vec![0u8; words * 4];
    let mut count = words as libc::mach_msg_type_number_t;
    // SAFETY: `buf` holds `count` writable words; the host port is this task's send right
    // (libc's binding is deprecated in favour of mach2, whose value is the same).
    #[allow(deprecated)]
    let ret = unsafe {
        let host = libc::mach_host_self();
        if is64 {
            libc::host_statistics64(host, flavor, buf.as_mut_ptr().cast(), &mut count)
        } else {
            libc::host_statistics(host, flavor, buf.as_mut_ptr().cast(), &mut count)
        }
    };
    if ret != libc::KERN_SUCCESS {
        return Err(io::Error::other(format!("host_statistics(flavor {flavor}) failed: kern_return {ret}")));
    }
    Ok((buf, count as usize))
}

/// `host_statistics64(HOST_VM_INFO64)` with room for 256 words (macOS 27's struct is
/// 104 words; a 38-word buffer fails there, psutil gh-2853).
pub(crate) fn vm_statistics64() -> io::Result<(Vec<u8>, usize)> {
    host_stats(libc::HOST_VM_INFO64, 256, true)
}

/// `host_statistics(HOST_VM_INFO)`: the 15-word `vm_statistics`.
pub(crate) fn vm_statistics_words() -> io::Result<Vec<u32>> {
    let (buf, count) = host_stats(libc::HOST_VM_INFO, 15, false)?;
    Ok(buf[..count.min(15) * 4]
        .chunks_exact(4)
        .map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
        .collect())
}

/// `host_statistics(HOST_CPU_LOAD_INFO)`: the system's 4 tick counters.
pub(crate) fn cpu_load_ticks() -> io::Result<[u32; 4]> {
    let (buf, count) = host_stats(libc::HOST_CPU_LOAD_INFO, 4, false)?;
    if count < 4 {
        return Err(io::Error::other("host_cpu_load_info shorter than 4 words"));
    }
    Ok(std::array::from_fn(|i| {
        u32::from_ne_bytes([buf[4 * i], buf[4 * i + 1], buf[4 * i + 2], buf[4 * i + 3]])
    }))
}

/// `host_processor_info(PROCESSOR_CPU_LOAD_INFO)`: (CPU count, their tick words), the
/// kernel's array copied and released (`vm_deallocate`).
pub(crate) fn percpu_load_words() -> io::Result<(usize, Vec<u32>)> {
    let mut cpus: libc::natural_t = 0;
    let mut info: libc::processor_info_array_t = std::ptr::null_mut();
    let mut count: libc::mach_msg_type_number_t = 0;
    // SAFETY: out-parameters; the returned array is `count` ints owned by us until freed.
    #[allow(deprecated)]
    let ret = unsafe {
        libc::host_processor_info(
            libc::mach_host_self(),
            libc::PROCESSOR_CPU_LOAD_INFO,
            &mut cpus,
            &mut info,
            &mut count,
        )
    };
    if ret != libc::KERN_SUCCESS || info.is_null() {
        return Err(io::Error::other(format!("host_processor_info failed: kern_return {ret}")));
    }
    // SAFETY: the kernel filled `count` ints at `info`.
    let words = unsafe { std::slice::from_raw_parts(info.cast::<u32>(), count as usize) }.to_vec();
    // SAFETY: the region was allocated in our task by the call above and is freed once.
    #[allow(deprecated)]
    unsafe {
        libc::vm_deallocate(
            libc::mach_task_self(),
            info as libc::vm_address_t,
            (count as usize * std::mem::size_of::<libc::integer_t>()) as libc::vm_size_t,
        );
    }
    Ok((cpus as usize, words))
}

/// `mach_timebase_info` (numer, denom).
#[allow(deprecated)] // libc's binding; mach2's is the same call
pub(crate) fn timebase() -> (u32, u32) {
    let mut info = libc::mach_timebase_info { numer: 0, denom: 0 };
    // SAFETY: a writable struct.
    #[allow(deprecated)]
    unsafe {
        libc::mach_timebase_info(&mut info);
    }
    (info.numer, info.denom)
}

/// `proc_pidinfo(pid, PROC_PIDLISTFDS)`: the `proc_fdinfo` array, grown until the answer
/// leaves room for one more entry (psutil's `psutil_proc_list_fds`), or the errno.
pub(crate) fn list_fds(pid: i32) -> Result<Vec<u8>, i32> {
    const ENTRY: usize = super::fdinfo::FDINFO_SIZE;
    // SAFETY: a null buffer asks for the size only.
    let hint = unsafe { libc::proc_pidinfo(pid, libc::PROC_PIDLISTFDS, 0, std::ptr::null_mut(), 0) };
    if hint <= 0 {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    let mut size = (hint as usize).next_multiple_of(32 * ENTRY).max(32 * ENTRY);
    loop {
        let mut buf = vec![0u8; size];
        // SAFETY: `buf` is writable for the size passed.
        let got = unsafe {
            libc::proc_pidinfo(pid, libc::PROC_PIDLISTFDS, 0, buf.as_mut_ptr().cast(), size as i32)
        };
        if got <= 0 {
            return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
        }
        let got = got as usize;
        if got + ENTRY < size || size >= 24 << 20 {
            buf.truncate(got.min(size));
            return Ok(buf);
        }
        size += 32 * ENTRY;
    }
}

/// `proc_pidfdinfo(pid, fd, flavor)` into `size` bytes, or the errno (0 if none) when
/// the answer is short.
pub(crate) fn fd_info(pid: i32, fd: i32, flavor: i32, size: usize) -> Result<Vec<u8>, i32> {
    let mut buf = vec![0u8; size];
    // SAFETY: `buf` is writable for the size passed.
    let got = unsafe { libc::proc_pidfdinfo(pid, fd, flavor, buf.as_mut_ptr().cast(), size as i32) };
    if got <= 0 || (got as usize) < size {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    Ok(buf)
}

/// `proc_pidinfo(pid, PROC_PIDVNODEPATHINFO)`: the current directory's path bytes.
pub(crate) fn cwd_path(pid: i32) -> Result<Vec<u8>, i32> {
    // SAFETY: plain data; zeroes are valid.
    let mut info: libc::proc_vnodepathinfo = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::proc_vnodepathinfo>();
    // SAFETY: `info` is writable for the size passed.
    let got = unsafe {
        libc::proc_pidinfo(
            pid,
            libc::PROC_PIDVNODEPATHINFO,
            0,
            (&mut info as *mut libc::proc_vnodepathinfo).cast(),
            size as i32,
        )
    };
    if got <= 0 || (got as usize) < size {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    let path = &info.pvi_cdir.vip_path;
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes: &[u8] =
        unsafe { std::slice::from_raw_parts(path.as_ptr().cast(), std::mem::size_of_val(path)) };
    Ok(bytes.split(|&b| b == 0).next().unwrap_or(bytes).to_vec())
}

/// `PROC_PIDLISTTHREADS` (xnu `<sys/proc_info.h>`; not in libc).
const PROC_PIDLISTTHREADS: libc::c_int = 6;

/// `proc_pidinfo(pid, PROC_PIDLISTTHREADS)`: the thread handles' bytes (sized from the
/// task's thread count plus headroom), or the errno.
pub(crate) fn thread_list(pid: i32, threads: usize) -> Result<Vec<u8>, i32> {
    let size = (threads + 16) * 8;
    let mut buf = vec![0u8; size];
    // SAFETY: `buf` is writable for the size passed.
    let got =
        unsafe { libc::proc_pidinfo(pid, PROC_PIDLISTTHREADS, 0, buf.as_mut_ptr().cast(), size as i32) };
    if got <= 0 {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    buf.truncate(got as usize);
    Ok(buf)
}

/// `proc_pidinfo(pid, PROC_PIDTHREADINFO, handle)`: (user, system) CPU time in ns.
pub(crate) fn thread_times(pid: i32, handle: u64) -> Result<(u64, u64), i32> {
    // SAFETY: plain data; zeroes are valid.
    let mut info: libc::proc_threadinfo = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::proc_threadinfo>();
    // SAFETY: `info` is writable for the size passed.
    let got = unsafe {
        libc::proc_pidinfo(
            pid,
            libc::PROC_PIDTHREADINFO,
            handle,
            (&mut info as *mut libc::proc_threadinfo).cast(),
            size as i32,
        )
    };
    if got <= 0 || (got as usize) < size {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    Ok((info.pth_user_time, info.pth_system_time))
}

/// `PROC_PIDREGIONINFO` (xnu `<sys/proc_info.h>`; not in libc).
const PROC_PIDREGIONINFO: libc::c_int = 7;

/// `proc_pidinfo(pid, PROC_PIDREGIONINFO, address)`: the bytes of the `proc_regioninfo`
/// of the region at or after `address` (as many as the call wrote), or the errno (0 when
/// none) when it answers nothing.
pub(crate) fn region_info(pid: i32, address: u64) -> Result<Vec<u8>, i32> {
    let size = super::regions::REGIONINFO_SIZE;
    let mut buf = vec![0u8; size];
    // SAFETY: `buf` is writable for the size passed.
    let got =
        unsafe { libc::proc_pidinfo(pid, PROC_PIDREGIONINFO, address, buf.as_mut_ptr().cast(), size as i32) };
    if got <= 0 {
        return Err(io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    buf.truncate(got as usize);
    Ok(buf)
}

/// `sysctl.proc_cputype`: the CPU type of the calling process (what psutil asks).
pub(crate) fn own_cpu_type() -> io::Result<i32> {
    let buf: [u8; 4] = sysctl::fixed_name(c"sysctl.proc_cputype")?;
    Ok(i32::from_ne_bytes(buf))
}
