//! Standard output and standard error at the edge of the command line: every write can fail
//! (a reader that went away, a full device) without a panic, and the caller decides what a
//! failure means. `println!` and `eprintln!` panic on such errors, so the binary never uses
//! them.
//!
//! A descriptor closed by the caller (`>&-`, `2>&-`, `<&-`) is reopened on `/dev/null` by
//! Rust's runtime before `main`: what is written there is lost, the run goes on, and a closed
//! standard input reads as empty. So the staging files never get descriptor 1 or 2.

use std::io::{self, Write};

/// Ignores SIGXFSZ, so that a write over the file size limit (`ulimit -f`) fails with `EFBIG`,
/// is reported and its staging file removed, instead of the signal killing the process with the
/// file left behind. Call first thing in `main`.
pub fn prepare() {
    // SAFETY: setting a signal's disposition to "ignore" installs no handler code.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// Writes `text` and a newline on standard output, flushed.
pub fn out(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Writes `text` and a newline on standard error. A failure is ignored by most callers: there is
/// nowhere left to report it.
pub fn err(text: &str) -> io::Result<()> {
    let mut err = io::stderr().lock();
    err.write_all(text.as_bytes())?;
    err.write_all(b"\n")
}

/// The exit code for a run whose work ended with `code` but whose standard output could not
/// be written: 141 (128 + SIGPIPE, what a shell shows for a tool killed by SIGPIPE) when the
/// reader went away, else [`crate::report::exit::OUTPUT`] with the reason on standard error.
pub fn failed_stdout(e: &io::Error, code: i32) -> i32 {
    use crate::report::exit;
    if e.kind() == io::ErrorKind::BrokenPipe {
        return exit::BROKEN_PIPE;
    }
    let _ = err(&format!("error: cannot write on standard output: {e}"));
    if code == exit::OK || code == exit::PARTIAL {
        exit::OUTPUT
    } else {
        code
    }
}
