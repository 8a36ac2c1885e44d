//! net_connections: sockets of the system and of one process.
