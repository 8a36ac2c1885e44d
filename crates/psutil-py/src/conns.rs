//! Connection rows built as psutil's final objects here, not in Python: with thousands of
//! sockets, a Python-level step per row costs more than the kernel reads.
//!
//! The rows are the package's `sconn` (system-wide) or `pconn` (per process) named
//! tuples with `addr` tuples inside, and the family and type are the members that the
//! package's `sockfam_to_enum` / `socktype_to_enum` give (asked once per distinct number
//! in a call); the classes and the two functions are looked up once per interpreter.
//! Named tuples are made with `tuple.__new__(cls, items)`, which is what their own
//! `__new__` does. Equal addresses and IP strings share one object within a call.

use psutil_rs::{ConnAddr, ConnStatus, Connection, ConnectionKind};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyModule, PyString, PyTuple, PyType};

use crate::conv::{ntuple, ntuple_class, untrack};
use crate::errors::to_py;
use crate::system::sys;

/// Builds psutil's row objects for one call, caching what rows share.
pub struct Shaper<'py, 'c> {
    py: Python<'py>,
    row_cls: Bound<'py, PyType>,
    addr_cls: Bound<'py, PyType>,
    family_fn: Bound<'py, PyAny>,
    type_fn: Bound<'py, PyAny>,
    /// With the `pid` field (`sconn`) or without (`pconn`).
    with_pid: bool,
    families: Vec<(i32, Bound<'py, PyAny>)>,
    types: Vec<(i32, Bound<'py, PyAny>)>,
    statuses: Vec<(ConnStatus, Bound<'py, PyAny>)>,
    ips: Lossy<&'c str, Bound<'py, PyAny>>,
    addrs: Lossy<(&'c str, u16), Bound<'py, PyAny>>,
    last_pid: Option<(psutil_rs::Pid, Bound<'py, PyAny>)>,
    empty: Bound<'py, PyAny>,
    empty_str: Bound<'py, PyAny>,
    none: Bound<'py, PyAny>,
}

impl<'py, 'c> Shaper<'py, 'c> {
    /// A shaper of `sconn` rows (`with_pid`) or `pconn` rows.
    pub fn new(py: Python<'py>, with_pid: bool) -> PyResult<Self> {
        static SCONN: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static PCONN: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static ADDR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
        static FAMILY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        static KIND: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let row_cls =
            if with_pid { ntuple_class(py, &SCONN, "sconn")? } else { ntuple_class(py, &PCONN, "pconn")? };
        Ok(Shaper {
            py,
            row_cls: row_cls.clone(),
            addr_cls: ntuple_class(py, &ADDR, "addr")?.clone(),
            family_fn: FAMILY.import(py, "psutil_rs._common", "sockfam_to_enum")?.clone(),
            type_fn: KIND.import(py, "psutil_rs._common", "socktype_to_enum")?.clone(),
            with_pid,
            families: Vec::new(),
            types: Vec::new(),
            statuses: Vec::new(),
            ips: Lossy::new(64),
            addrs: Lossy::new(1024),
            last_pid: None,
            empty: PyTuple::empty(py).into_any(),
            empty_str: PyString::new(py, "").into_any(),
            none: py.None().into_bound(py),
        })
    }

    fn enum_of(
        cache: &mut Vec<(i32, Bound<'py, PyAny>)>,
        convert: &Bound<'py, PyAny>,
        num: i32,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Some((_, member)) = cache.iter().find(|(n, _)| *n == num) {
            return Ok(member.clone());
        }
        let member = convert.call1((num,))?;
        cache.push((num, member.clone()));
        Ok(member)
    }

    fn status(&mut self, s: ConnStatus) -> Bound<'py, PyAny> {
        if let Some((_, v)) = self.statuses.iter().find(|(k, _)| *k == s) {
            return v.clone();
        }
        let v = PyString::new(self.py, s.as_str()).into_any();
        self.statuses.push((s, v.clone()));
        v
    }

    fn addr(&mut self, a: &'c ConnAddr) -> PyResult<Bound<'py, PyAny>> {
        match a {
            ConnAddr::Empty => Ok(self.empty.clone()),
            ConnAddr::Inet(a) => {
                let key = (a.ip.as_str(), a.port);
                let slot = fnv(a.ip.as_bytes(), a.port);
                if let Some(v) = self.addrs.get(slot, &key) {
                    return Ok(v.clone());
                }
                let py = self.py;
                let ip_slot = fnv(a.ip.as_bytes(), 0);
                let ip = match self.ips.get(ip_slot, &key.0) {
                    Some(ip) => ip.clone(),
                    None => {
                        let ip = PyString::new(py, &a.ip).into_any();
                        self.ips.put(ip_slot, key.0, ip.clone());
                        ip
                    }
                };
                let port = a.port.into_pyobject(py)?.into_any();
                let v = ntuple(&self.addr_cls, PyTuple::new(py, [ip, port])?)?;
                // An (ip, port) tuple refers to no container, so it can never be part of a
                // reference cycle: the garbage collector need not track it (CPython itself
                // stops tracking plain tuples of atoms).
                untrack(&v);
                self.addrs.put(slot, key, v.clone());
                Ok(v)
            }
            ConnAddr::Unix(p) if p.is_empty() => Ok(self.empty_str.clone()),
            // the library's exact bytes, decoded as Python decodes file names
            ConnAddr::Unix(p) => Ok(p.as_os_str().into_pyobject(self.py)?.into_any()),
        }
    }

    /// psutil's `sconn` (or `pconn`) for `c`.
    pub fn row(&mut self, c: &'c Connection) -> PyResult<Bound<'py, PyAny>> {
        let py = self.py;
        let fd = c.fd.into_pyobject(py)?.into_any();
        let family = Self::enum_of(&mut self.families, &self.family_fn, c.family.raw())?;
        let kind = Self::enum_of(&mut self.types, &self.type_fn, c.r#type.raw())?;
        let laddr = self.addr(&c.laddr)?;
        let raddr = self.addr(&c.raddr)?;
        let status = self.status(c.status);
        let items = if self.with_pid {
            let pid = self.pid(c.pid)?;
            PyTuple::new(py, [fd, family, kind, laddr, raddr, status, pid])?
        } else {
            PyTuple::new(py, [fd, family, kind, laddr, raddr, status])?
        };
        let row = ntuple(&self.row_cls, items)?;
        // A row's containers are its address tuples (untracked above) and the enum members
        // of the socket module, which live as long as the interpreter: no garbage cycle can
        // run through it, so the collector need not track thousands of rows.
        untrack(&row);
        Ok(row)
    }

    /// The `pid` field; rows come grouped by owner, so the last number is reused.
    fn pid(&mut self, pid: Option<psutil_rs::Pid>) -> PyResult<Bound<'py, PyAny>> {
        let Some(pid) = pid else { return Ok(self.none.clone()) };
        if let Some((last, v)) = &self.last_pid {
            if *last == pid {
                return Ok(v.clone());
            }
        }
        let v = pid.into_pyobject(self.py)?.into_any();
        self.last_pid = Some((pid, v.clone()));
        Ok(v)
    }

    /// A list of rows.
    pub fn rows(&mut self, conns: &'c [Connection]) -> PyResult<Bound<'py, PyList>> {
        let mut out = Vec::with_capacity(conns.len());
        for c in conns {
            out.push(self.row(c)?);
        }
        PyList::new(self.py, out)
    }
}

/// A direct-mapped cache: one entry per slot, the newest wins. A lookup costs the same
/// whatever the keys, so addresses chosen by a remote peer to collide only cause misses.
/// The slots are made by the first `put`: a call with no addresses allocates nothing.
struct Lossy<K, V> {
    slots: Vec<Option<(K, V)>>,
    size: usize,
}

impl<K: PartialEq, V> Lossy<K, V> {
    /// `n` slots (a power of two).
    fn new(n: usize) -> Self {
        Lossy { slots: Vec::new(), size: n }
    }

    fn get(&self, hash: u64, key: &K) -> Option<&V> {
        match self.slots.get(self.index(hash)) {
            Some(Some((k, v))) if k == key => Some(v),
            _ => None,
        }
    }

    fn put(&mut self, hash: u64, key: K, value: V) {
        if self.slots.is_empty() {
            self.slots = (0..self.size).map(|_| None).collect();
        }
        let i = self.index(hash);
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = Some((key, value));
        }
    }

    fn index(&self, hash: u64) -> usize {
        (hash as usize) & (self.slots.len().wrapping_sub(1))
    }
}

/// FNV-1a of `bytes` then `port`.
fn fnv(bytes: &[u8], port: u16) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes.iter().chain(&port.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h ^ (h >> 32)
}

/// psutil's `net_connections(kind)` as its final list of `sconn` rows.
#[pyfunction]
fn net_connections<'py>(py: Python<'py>, kind: &str, procfs: &str) -> PyResult<Bound<'py, PyList>> {
    let kind: ConnectionKind = kind.parse().map_err(|e| to_py(py, e))?;
    let conns = sys(py, procfs, || psutil_rs::net_connections(kind))?;
    Shaper::new(py, true)?.rows(&conns)
}

/// Adds this module's functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(net_connections, m)?)?;
    Ok(())
}
