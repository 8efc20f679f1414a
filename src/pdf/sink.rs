//! The PDF file as it is written: objects go out one by one as soon as they are complete, so
//! the writer never holds more than a page (and one photo) of the edition.
//!
//! pdf-writer formats each object (dictionaries, strings, numbers, streams) into a small
//! [`Chunk`]; this sink appends it to the output, remembers where it starts for the
//! cross-reference table, and feeds every byte to a SHA-256 from which the trailer's `/ID` is
//! made: the same edition always gives the same file, and another edition another id.

use std::io::Write;

use pdf_writer::{Chunk, Ref};
use sha2::{Digest, Sha256};

use super::error::PdfError;

/// The header: version, then a comment of high bytes that tells transfer tools the file is binary.
const HEADER: &[u8] = b"%PDF-1.7\n%\x80\x80\x80\x80\n";

pub(crate) struct Sink<W: Write> {
    out: W,
    /// Bytes written so far: the offset of the next object.
    written: u64,
    hasher: Sha256,
    /// Offset of each object by number (index 0 is the free list head).
    offsets: Vec<Option<u64>>,
}

impl<W: Write> Sink<W> {
    pub fn new(out: W) -> Result<Self, PdfError> {
        let mut sink = Sink {
            out,
            written: 0,
            hasher: Sha256::new(),
            offsets: vec![None],
        };
        sink.put(HEADER)?;
        Ok(sink)
    }

    /// A new object number, to be written later (objects may refer to objects not yet written).
    pub fn alloc(&mut self) -> Ref {
        let id = i32::try_from(self.offsets.len()).unwrap_or(i32::MAX);
        self.offsets.push(None);
        Ref::new(id)
    }

    /// Writes one object: `fill` writes object `id` (and nothing else) into a fresh chunk.
    pub fn object(&mut self, id: Ref, fill: impl FnOnce(&mut Chunk)) -> Result<(), PdfError> {
        let mut chunk = Chunk::with_settings(pdf_writer::Settings { pretty: false });
        fill(&mut chunk);
        debug_assert!(chunk.refs().all(|r| r == id), "one object per chunk");
        let slot = usize::try_from(id.get())
            .ok()
            .and_then(|i| self.offsets.get_mut(i))
            .ok_or_else(|| {
                PdfError::Serialize(format!("object {} was never allocated", id.get()))
            })?;
        if slot.is_some() {
            return Err(PdfError::Serialize(format!(
                "object {} written twice",
                id.get()
            )));
        }
        *slot = Some(self.written);
        self.put(chunk.as_bytes())
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), PdfError> {
        self.out.write_all(bytes).map_err(PdfError::Write)?;
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }

    /// Writes the cross-reference table and the trailer, and hands back the output.
    pub fn finish(mut self, catalog: Ref, info: Ref) -> Result<W, PdfError> {
        let xref = self.written;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", self.offsets.len());
        for (i, offset) in self.offsets.iter().enumerate().skip(1) {
            match offset {
                Some(at) => table.push_str(&format!("{at:010} 00000 n \n")),
                None => {
                    return Err(PdfError::Serialize(format!(
                        "object {i} was allocated but never written"
                    )))
                }
            }
        }
        self.put(table.as_bytes())?;
        let digest = std::mem::take(&mut self.hasher).finalize();
        let id: String = digest[..16].iter().map(|b| format!("{b:02X}")).collect();
        let trailer = format!(
            "trailer\n<< /Size {} /Root {} 0 R /Info {} 0 R /ID [<{id}> <{id}>] >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len(),
            catalog.get(),
            info.get(),
        );
        self.put(trailer.as_bytes())?;
        self.out.flush().map_err(PdfError::Write)?;
        Ok(self.out)
    }
}

/// Deflates `data` at a fast level: content streams and fonts shrink by two thirds or more, and
/// the slowest levels saved a few percent for several times the time.
pub(crate) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(2),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_point_at_the_objects() {
        let mut sink = Sink::new(Vec::new()).unwrap();
        let a = sink.alloc();
        let b = sink.alloc();
        sink.object(b, |c| {
            c.indirect(b).primitive(7);
        })
        .unwrap();
        sink.object(a, |c| {
            c.indirect(a).primitive(pdf_writer::Name(b"Catalog"));
        })
        .unwrap();
        let bytes = sink.finish(a, b).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let table: Vec<&str> = text
            .split("xref\n")
            .nth(1)
            .unwrap()
            .lines()
            .skip(2)
            .take(2)
            .collect();
        for (line, number) in table.iter().zip([1, 2]) {
            let at: usize = line[..10].parse().unwrap();
            let expected = format!("{number} 0 obj");
            assert!(bytes[at..].starts_with(expected.as_bytes()), "{line}");
        }
    }

    #[test]
    fn an_object_never_written_is_an_error_not_a_broken_file() {
        let mut sink = Sink::new(Vec::new()).unwrap();
        let a = sink.alloc();
        let _forgotten = sink.alloc();
        sink.object(a, |c| {
            c.indirect(a).primitive(1);
        })
        .unwrap();
        assert!(matches!(sink.finish(a, a), Err(PdfError::Serialize(_))));
    }
}
