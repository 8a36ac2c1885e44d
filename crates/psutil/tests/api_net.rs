//! Portable invariants of the network functions. Not gated to Linux.

mod common;

#[test]
fn interfaces_have_addresses_and_counters() {
    let addrs = psutil_rs::net_if_addrs().expect("net_if_addrs");
    assert!(!addrs.is_empty(), "no interface at all");
    let stats = psutil_rs::net_if_stats().expect("net_if_stats");
    assert!(!stats.is_empty());
    let io = psutil_rs::net_io_counters_pernic(false).expect("net_io_counters_pernic");
    let total = psutil_rs::net_io_counters(false).expect("net_io_counters").expect("some interface");
    let sent: u64 = io.values().map(|c| c.bytes_sent).sum();
    assert!(total.bytes_sent >= sent.saturating_sub(sent / 100), "total below the sum of the NICs");
}

#[test]
fn our_listening_socket_is_among_the_connections() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let me = psutil_rs::Process::current().expect("current");
    let conns = me.net_connections(psutil_rs::ConnectionKind::Tcp).expect("net_connections");
    if common::under_wine() {
        // Wine 8.0 reports owner pid 0 for every row: the system-wide table has our
        // socket with pid 0, and no row is ours.
        assert!(conns.is_empty(), "{conns:?}");
        let all = psutil_rs::net_connections(psutil_rs::ConnectionKind::Tcp4).expect("net_connections");
        let row = all.iter().find(|c| c.laddr.inet().is_some_and(|a| a.port == port)).expect("our port");
        assert_eq!((row.pid, row.status), (Some(0), psutil_rs::ConnStatus::Listen));
        return;
    }
    assert!(
        conns.iter().any(|c| c.laddr.inet().is_some_and(|a| a.port == port)),
        "port {port} not in {conns:?}"
    );
}
