//! What the article targets share: a real edition folder to check photo paths against, and the
//! checks on a parsed article.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sahifa::input::article::RawArticle;
use sahifa::input::checked::{to_model, ArticleContext};
use sahifa::input::{InputError, Warning};
use sahifa::model::Block;

const ROCKET: &[u8] = include_bytes!("../../../examples/dostor/photos/rocket.jpg");
const CAMERA: &[u8] = include_bytes!("../../../examples/dostor/photos/camera.png");

/// The edition folder (made once per process) and its canonical path: the article would sit in
/// it, next to photos, a sub-folder, a text file named like a photo, a truncated JPEG and a
/// symlink to a photo outside. The names are in the targets' dictionaries.
pub fn folder() -> &'static (PathBuf, PathBuf) {
    static DIR: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    DIR.get_or_init(|| {
        let base = std::env::temp_dir().join(format!("sahifa-fuzz-{}", std::process::id()));
        let dir = base.join("day");
        std::fs::create_dir_all(dir.join("photos/sub")).unwrap();
        std::fs::write(dir.join("photos/rocket.jpg"), ROCKET).unwrap();
        std::fs::write(dir.join("photos/camera.png"), CAMERA).unwrap();
        std::fs::write(dir.join("photos/cut.jpg"), &ROCKET[..ROCKET.len() / 2]).unwrap();
        std::fs::write(dir.join("photos/text.jpg"), b"not a photo").unwrap();
        std::fs::write(base.join("outside.jpg"), ROCKET).unwrap();
        let _ = std::os::unix::fs::symlink(base.join("outside.jpg"), dir.join("photos/out.jpg"));
        let canonical = dir.canonicalize().unwrap();
        (dir, canonical)
    })
}

/// How every target reads an article: an Arabic edition in [`folder`], no downloads.
pub fn context() -> ArticleContext<'static> {
    let dir = &folder().0;
    ArticleContext {
        lang: "ar",
        root: dir,
        base: dir,
        default_id: "a".into(),
        fetch: None,
    }
}

/// Checks a parse result: errors and warnings format; an accepted article has a title, an id
/// and a body, and every photo resolved inside the folder, whatever its path said.
pub fn check(file: &Path, parsed: Result<(RawArticle, Vec<Warning>), InputError>) {
    let (_, canonical) = folder();
    let (raw, mut warnings) = match parsed {
        Ok(p) => p,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    match to_model(raw, file, &context(), &mut warnings) {
        Ok(a) => {
            assert!(!a.title.is_empty() && !a.id.is_empty() && !a.body.is_empty());
            let in_body = a.body.iter().filter_map(|b| match &b.block {
                Block::Image(i) => Some(i),
                _ => None,
            });
            for p in a.image.iter().chain(in_body) {
                assert!(
                    p.path.starts_with(canonical),
                    "{} escaped",
                    p.path.display()
                );
                assert!(p.width > 0 && p.height > 0 && !p.alt.is_empty());
            }
            let texts = [&a.title, &a.id]
                .into_iter()
                .chain(a.body.iter().filter_map(|b| match &b.block {
                    Block::Paragraph(t) => Some(&t.text),
                    Block::Heading(t) => Some(t),
                    _ => None,
                }));
            // Inline styles stay on their text: on character boundaries, never empty.
            for b in &a.body {
                if let Block::Paragraph(t) | Block::Quote { text: t, .. } = &b.block {
                    for s in &t.spans {
                        assert!(
                            s.range.start < s.range.end && t.text.get(s.range.clone()).is_some()
                        );
                    }
                }
            }
            for t in texts {
                assert!(
                    !t.contains(|c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
                    "{t:?}"
                );
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                let _ = e.to_string();
            }
        }
    }
    for w in warnings {
        let _ = w.to_string();
    }
}
