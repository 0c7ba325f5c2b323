//! The `shipgate` binary: parse argv, run, map the outcome to an exit code.

/// mimalloc instead of the system allocator: loading a 4 MB API document makes
/// hundreds of thousands of small allocations (keys, strings, map nodes), and
/// glibc's malloc/free was a quarter of `shipgate diff`'s profile.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    shipgate_cli::main()
}
