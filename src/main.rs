//! The `sahifa` binary: parse flags, run, exit with a code that says what happened.

use clap::Parser;
use sahifa::cli::Cli;
use sahifa::report::exit;

fn main() {
    tune_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    std::process::exit(sahifa::run::run(cli));
}

/// Large blocks go to `mmap` and back to the system when freed.
///
/// glibc raises its mmap threshold each time a large block is freed (up to 32 MB), after which
/// such blocks come from the heap, and freed heap is kept by the process. epub-builder's zip
/// writer allocates a compressor state of about 380 KB for every entry, so a day of 1000
/// articles kept about 90 MB of freed memory; a fixed threshold keeps the peak flat.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets an allocator parameter; no allocation is in flight and no other
    // thread exists yet.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
