//! The `sahifa` binary: parse flags, run, exit with a code that says what happened.

use clap::Parser;
use sahifa::cli::Cli;
use sahifa::report::exit;

mod block_cache;

/// Freed photo-sized buffers are kept for the next photo (see [`block_cache`]).
#[global_allocator]
static ALLOCATOR: block_cache::BlockCache = block_cache::BlockCache::new();

fn main() {
    sahifa::output::mark_run_start();
    sahifa::console::prepare();
    tune_allocator();
    clean_up_on_signals();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // `--help` on a closed pipe is no reason to panic either.
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

/// SIGTERM, SIGINT and SIGHUP remove every staging file, then end the process with 128 + the
/// signal's number, as a shell reports a process killed by it. A rename of the edition into
/// place in progress is finished (or undone) first, so the edition is whole, old or new.
///
/// `_exit` rather than `exit`: other threads may be shaping text, and `exit` would run the
/// C++ destructors of HarfBuzz's static data under them.
fn clean_up_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            sahifa::output::abandon();
            // SAFETY: _exit ends the process at once; nothing of this process runs after it.
            unsafe { libc::_exit(128 + signal) };
        }
    });
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
