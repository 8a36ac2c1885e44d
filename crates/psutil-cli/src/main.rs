//! `psutil`: psutil's example tools as subcommands of one command-line program.

use clap::Parser;

/// psutil's example tools (ps, top, free, df, netstat, ...) as subcommands.
#[derive(Parser, Debug)]
#[command(name = "psutil", version, about)]
struct Cli {}

fn main() {
    let _cli = Cli::parse();
    println!("psutil {}", env!("CARGO_PKG_VERSION"));
}
