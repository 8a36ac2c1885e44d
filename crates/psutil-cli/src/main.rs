//! `psutil`: psutil's example tools as subcommands of one command-line program.
//!
//! `main` parses the command line, runs one subcommand (each module renders a table or
//! JSON into a string) and maps failures to a message on stderr and a non-zero exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

mod args;
mod cpu;
mod disks;
mod error;
#[cfg(target_os = "linux")]
mod exporter;
mod kill;
mod memory;
mod model;
mod monitor;
mod netstat;
mod network;
mod output;
mod overview;
mod procinfo;
mod procs;
mod sensors;
mod signals;
mod smem;
mod tui;
mod users;
mod winservices;

use args::{Cli, Command};
use error::{CmdResult, EXIT_FAILURE};

fn run(cli: Cli) -> CmdResult {
    let json = cli.json;
    match cli.command {
        None => overview::overview(json),
        Some(Command::Free(a)) => memory::free(&a, json),
        Some(Command::Meminfo) => memory::meminfo(json),
        Some(Command::Df(a)) => disks::df(&a, json),
        Some(Command::DisksIo) => disks::disks_io(json),
        Some(Command::Ifconfig) => network::ifconfig(json),
        Some(Command::Netstat(a)) => netstat::netstat(&a, json, &procs::name_of_pid),
        Some(Command::NetIo) => network::net_io(json),
        Some(Command::Sensors(a)) => sensors::sensors(&a, json),
        Some(Command::Temperatures(a)) => sensors::temperatures(&a, json),
        Some(Command::Fans) => sensors::fans(json),
        Some(Command::Battery) => sensors::battery(json),
        Some(Command::Who) => users::who(json, &procs::name_of_pid),
        Some(Command::Cpu(a)) => cpu::cpu(&a, json),
        Some(Command::Ps) => procs::ps(json),
        Some(Command::Pstree) => procs::pstree(json),
        Some(Command::Procinfo(a)) => procinfo::procinfo(&a, json),
        Some(Command::Pidof(a)) => procs::pidof(&a, json),
        Some(Command::Killall(a)) => kill::killall(&a, json),
        Some(Command::Pmap(a)) => procinfo::pmap(&a, json),
        Some(Command::Procsmem) => smem::procsmem(json),
        Some(Command::Top(a)) => monitor::top(&a, json),
        Some(Command::Iotop(a)) => monitor::iotop(&a, json),
        Some(Command::Nettop(a)) => monitor::nettop(&a, json),
        Some(Command::CpuDistribution(a)) => monitor::cpu_distribution(&a, json),
        Some(Command::Winservices) => winservices::winservices(json),
        #[cfg(target_os = "linux")]
        Some(Command::Exporter(a)) => exporter::exporter(&a),
        #[cfg(not(target_os = "linux"))]
        Some(Command::Exporter(_)) => {
            Err(error::CliError::failure("exporter: only Linux has a backend for it yet"))
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(text) => match io::stdout().lock().write_all(text.as_bytes()) {
            // `psutil ps | head` closes the pipe early: that is not an error.
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(io::stderr(), "psutil: cannot write output: {e}");
                ExitCode::from(EXIT_FAILURE)
            }
        },
        Err(e) => {
            let _ = io::stdout().lock().write_all(e.output.as_bytes());
            let _ = writeln!(io::stderr(), "psutil: {e}");
            ExitCode::from(e.code)
        }
    }
}
