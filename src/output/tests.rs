use super::*;

use std::os::unix::fs::PermissionsExt;

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn staged_file_appears_only_on_commit() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.epub");
    fs::write(&target, b"old").unwrap();
    let mut s = [stage(&target, b"new").unwrap()];
    assert_eq!(fs::read(&target).unwrap(), b"old");
    let temp = s[0].temp.path.clone();
    let temp_name = temp.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        temp_name.starts_with(".sahifa-a.epub.") && temp_name.ends_with(".tmp"),
        "{temp_name}"
    );
    commit(&mut s).unwrap();
    assert_eq!(fs::read(&target).unwrap(), b"new");
    assert!(!temp.exists());
    assert_eq!(s[0].sha256.len(), 64);
    drop(s);
    assert_eq!(names(dir.path()), ["a.epub"]);
}

#[test]
fn an_unfinished_staging_file_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.pdf");
    let mut staging = Staging::create(&target).unwrap();
    staging.write_all(b"half an edition").unwrap();
    drop(staging);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_streamed_file_reports_its_real_size_and_digest() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.epub");
    let mut staging = Staging::create(&target).unwrap();
    staging.write_all(b"xxxx").unwrap();
    staging.seek(SeekFrom::Start(1)).unwrap();
    staging.write_all(b"y").unwrap();
    let mut s = [staging.finish().unwrap()];
    assert_eq!(s[0].bytes, 4);
    assert_eq!(s[0].sha256, hex(&Sha256::digest(b"xyxx")));
    commit(&mut s).unwrap();
    assert_eq!(fs::read(&target).unwrap(), b"xyxx");
}

#[test]
fn discarded_file_leaves_old_output() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("a.pdf");
    fs::write(&target, b"good").unwrap();
    let s = stage(&target, b"half").unwrap();
    drop(s);
    assert_eq!(fs::read(&target).unwrap(), b"good");
    assert_eq!(names(dir.path()), ["a.pdf"]);
}

/// A folder where the PDF should go: the EPUB, although first in line, is not replaced.
#[test]
fn an_edition_is_replaced_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (epub, pdf) = (dir.path().join("d.epub"), dir.path().join("d.pdf"));
    fs::write(&epub, b"yesterday").unwrap();
    fs::create_dir(&pdf).unwrap();
    let mut s = [
        stage(&epub, b"today").unwrap(),
        stage(&pdf, b"today").unwrap(),
    ];
    let err = commit(&mut s).unwrap_err();
    assert!(err.to_string().contains("a folder is in the way"), "{err}");
    drop(s);
    assert_eq!(fs::read(&epub).unwrap(), b"yesterday");
    assert_eq!(names(dir.path()), ["d.epub", "d.pdf"]);
}

/// A rename that fails after another succeeded (the second target's folder is gone): the first
/// file is put back as it was.
#[test]
fn a_failed_rename_puts_back_what_was_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("sub");
    let (a, b) = (dir.path().join("a.epub"), sub.join("b.pdf"));
    fs::write(&a, b"yesterday").unwrap();
    let mut s = [stage(&a, b"today").unwrap(), stage(&b, b"today").unwrap()];
    // The second staging file vanishes before the rename (as on a full or broken disk).
    fs::remove_dir_all(&sub).unwrap();
    assert!(commit(&mut s).is_err());
    drop(s);
    assert_eq!(fs::read(&a).unwrap(), b"yesterday");
    assert_eq!(names(dir.path()), ["a.epub"]);
}

/// A link planted at the target is replaced itself; the file it points to is not written.
#[test]
fn a_link_at_the_target_is_replaced_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, b"precious").unwrap();
    let target = dir.path().join("a.pdf");
    std::os::unix::fs::symlink(&victim, &target).unwrap();
    let mut s = [stage(&target, b"new").unwrap()];
    commit(&mut s).unwrap();
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert!(!target.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(fs::read(&target).unwrap(), b"new");
}

/// The published file has the permissions of any new file (0666 less the umask), not the
/// staging file's 0600.
#[test]
fn published_files_have_the_permissions_of_new_files() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    fs::write(&plain, b"").unwrap();
    let target = dir.path().join("a.epub");
    let mut s = [stage(&target, b"x").unwrap()];
    commit(&mut s).unwrap();
    let mode = |p: &Path| p.metadata().unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&target), mode(&plain));
}

/// After a write error, the staging file swallows what follows (so writers that finish
/// themselves on drop stay quiet) and `finish` returns the first error.
#[test]
fn a_write_error_is_kept_for_finish() {
    let dir = tempfile::tempdir().unwrap();
    let mut staging = Staging::create(&dir.path().join("a.epub")).unwrap();
    let first = staging.fail(io::Error::from_raw_os_error(libc::ENOSPC));
    assert_eq!(first.raw_os_error(), Some(libc::ENOSPC));
    staging.write_all(b"more").unwrap();
    assert_eq!(staging.seek(SeekFrom::End(0)).unwrap(), 4);
    let err = staging.finish().unwrap_err();
    assert_eq!(err.source.raw_os_error(), Some(libc::ENOSPC));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Leftovers of a killed run (older than this run, unlocked) are removed; a live staging file
/// (locked), other files, links, and a kept `.old` copy whose file is missing are not.
#[test]
fn stale_staging_files_are_swept() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let live = Staging::create(&d.join("live.pdf")).unwrap();
    fs::write(d.join(".sahifa-x.pdf.abcdef.tmp"), b"stale").unwrap();
    fs::write(d.join("z.pdf"), b"today").unwrap();
    fs::write(d.join(".sahifa-z.pdf.abcdef.old"), b"yesterday").unwrap();
    fs::write(
        d.join(".sahifa-y.pdf.abcdef.old"),
        b"the only copy of y.pdf",
    )
    .unwrap();
    fs::write(d.join(".other.tmp"), b"not ours").unwrap();
    std::os::unix::fs::symlink("/nonexistent", d.join(".sahifa-l.abcdef.tmp")).unwrap();
    let later = std::time::SystemTime::now();
    // File times come from the kernel's coarse clock (a few milliseconds behind `now`).
    std::thread::sleep(std::time::Duration::from_millis(50));
    fs::write(
        d.join(".sahifa-new.pdf.abcdef.tmp"),
        b"another run, after ours",
    )
    .unwrap();
    live::remove_stale(d, later);
    let live_name = live
        .temp
        .path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut expected = vec![
        live_name,
        ".other.tmp".to_string(),
        ".sahifa-l.abcdef.tmp".to_string(),
        ".sahifa-new.pdf.abcdef.tmp".to_string(),
        ".sahifa-y.pdf.abcdef.old".to_string(),
        "z.pdf".to_string(),
    ];
    expected.sort();
    assert_eq!(names(d), expected);
}
