//! The `shipgate` binary: parse argv, run, map the outcome to an exit code.

fn main() -> std::process::ExitCode {
    shipgate_cli::main()
}
