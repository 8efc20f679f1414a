//! Photos: JPEGs embedded byte for byte, everything else lossless, oversized photos downsampled.
//!
//! A PDF can hold a JPEG file itself under `/DCTDecode`, so JPEGs are never decoded and
//! re-encoded when they need no resampling; nor are opaque grey or RGB PNGs, whose compressed
//! rows a PDF image stream takes as they are. Other images (PNG with alpha or a palette, GIF,
//! WebP…) are decoded and stored as deflated samples, with any alpha channel as a soft mask. Each image is written to
//! the file the first time it is placed and dropped at once: a day's photos are never all held. A photo placed so small that it exceeds the resolution limit
//! is resampled first: a news photo at 4000 px in a 6 cm column would bloat the edition tenfold.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use pdf_writer::Ref;

use super::error::PdfError;
use super::image_data::{
    decode_error, jpeg_object, png_object, raw_object, reencode_jpeg, ImageObject,
};
use super::sink::Sink;
use crate::frame::PlacedImage;
use crate::photo::decode::Decoded;
use crate::photo::resample::{area_average, fit};
use crate::photo::{decode, jpeg, orientation, png};

/// One image ready to be drawn: its XObject name and object, and the matrix that places it.
pub(crate) struct Placement {
    pub name: String,
    pub id: Ref,
    pub matrix: [f32; 6],
}

/// What happened to the images, for tests and reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImageStats {
    /// JPEGs embedded with their original bytes.
    pub jpeg_passthrough: usize,
    /// Images stored losslessly (deflated samples).
    pub lossless: usize,
    /// Of those, PNGs whose compressed samples were copied without decoding.
    pub png_passthrough: usize,
    /// Images resampled because they exceeded the resolution limit.
    pub downsampled: usize,
}

/// An image file and the pixel size it was resampled to (`None`: as it is).
type PreparedKey = (PathBuf, Option<(u32, u32)>);

/// How far above the target resolution a photo may be before it is resampled.
pub const DOWNSAMPLE_ABOVE: f32 = 1.5;

/// How many pages after its placement a converted photo's object is written. Photos that must
/// be decoded (resampled or not JPEG) are converted on another core while the next pages are
/// written; the object is written at a point that depends only on the page count, so the file
/// is the same whatever the timing.
const CONVERSION_LAG_PAGES: usize = 16;

/// The document's images, each written once per size it is drawn at.
#[derive(Default)]
pub(crate) struct ImageSet {
    /// Name, object and EXIF orientation of each image placed.
    written: HashMap<PreparedKey, (String, Ref, u8)>,
    /// Conversions under way, in the order they were placed.
    pending: VecDeque<Pending>,
    pub stats: ImageStats,
}

/// A photo being converted for object `id`, placed on page `page`.
struct Pending {
    id: Ref,
    page: usize,
    work: Arc<Conversion>,
}

/// A photo to decode, resample if `target` says so, and encode again: by a background task,
/// or by the writer when it needs the result first.
///
/// Nobody ever blocks on the lock for good. Decoding runs rayon work (jpeg-decoder's `rayon`
/// feature), and a rayon thread waiting inside it may pick up any other job, the writer's page
/// loop included: a writer that blocked on a background conversion could be waiting on itself
/// (a mixed day of 200 articles hung that way), or on a thread that waits for a piece of its own
/// decoding left below the writer on a third thread's stack (with `-j 3`, waiting without a
/// bound hung too). So the background task skips a conversion the writer holds; the writer,
/// finding a background task converting its photo, waits for it at most [`WAIT_FOR_CONVERSION`]
/// (running other rayon jobs meanwhile), and converts it on its own at once when that task is
/// below it on its own thread's stack (`converter`), or when the wait runs out. Converting twice
/// cost a photo's decoding and encoding again (a few percent of a mixed day's processor time),
/// and a conversion takes milliseconds. Every way gives the same bytes.
struct Conversion {
    file: Vec<u8>,
    path: PathBuf,
    target: Option<(u32, u32)>,
    /// The source was a JPEG: it goes back to JPEG.
    jpeg: bool,
    state: Mutex<State>,
    /// The rayon thread converting in the background, plus one; 0 when none.
    converter: AtomicUsize,
}

/// How long the writer waits for a background task converting the photo it needs before it
/// converts the photo itself: about what a 1600 px photo takes to shrink for print.
const WAIT_FOR_CONVERSION: std::time::Duration = std::time::Duration::from_millis(25);

/// The current rayon thread's index plus one, or 0 outside rayon's threads.
fn this_thread() -> usize {
    rayon::current_thread_index().map_or(0, |i| i + 1)
}

/// Where a conversion is.
enum State {
    Waiting,
    Done(Result<ImageObject, PdfError>),
    /// The writer took the result.
    Taken,
}

impl Conversion {
    /// The state, unless another thread holds it (`None`). A thread that panicked while
    /// converting left it `Waiting`: converted again.
    fn try_state(&self) -> Option<MutexGuard<'_, State>> {
        match self.state.try_lock() {
            Ok(state) => Some(state),
            Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        }
    }

    /// The background task: converts the photo unless the writer has it or took it.
    fn run_in_background(&self) {
        if let Some(mut state) = self.try_state() {
            if matches!(*state, State::Waiting) {
                self.converter.store(this_thread(), Ordering::Release);
                *state = State::Done(self.convert());
                self.converter.store(0, Ordering::Release);
            }
        }
    }

    /// The result, for the writer (who asks once): the background's if it is done or under
    /// way on another thread, else converted here.
    fn take(&self) -> Result<ImageObject, PdfError> {
        let me = this_thread();
        let started = std::time::Instant::now();
        let mut state = loop {
            if let Some(state) = self.try_state() {
                break state;
            }
            // Held by a background task: on this thread (below the writer on its stack, so
            // it cannot finish first), or on another, or between taking the lock and saying so.
            let converter = self.converter.load(Ordering::Acquire);
            if (me != 0 && converter == me) || started.elapsed() > WAIT_FOR_CONVERSION {
                return self.convert();
            }
            if converter != 0 && rayon::yield_now() == Some(rayon::Yield::Executed) {
                continue;
            }
            // Nothing else to do: a conversion takes milliseconds, a look every 100 µs costs
            // nothing (spinning on `sched_yield` would take a core from the other work).
            std::thread::sleep(std::time::Duration::from_micros(100));
        };
        match std::mem::replace(&mut *state, State::Taken) {
            State::Done(result) => result,
            State::Waiting => self.convert(),
            State::Taken => Err(PdfError::Serialize(format!(
                "the conversion of {} was taken twice",
                self.path.display()
            ))),
        }
    }

    fn convert(&self) -> Result<ImageObject, PdfError> {
        let decoded = match (self.jpeg, self.target) {
            // Back to JPEG: kept in YCbCr from decoder to encoder where it can be.
            (true, Some(target)) => decode::for_jpeg(&self.file, target),
            _ => decode::decode(&self.file).map(|image| Decoded {
                image,
                ycbcr: false,
                chroma_420: false,
            }),
        };
        let mut pixels = decoded.map_err(|e| decode_error(&self.path, e))?;
        if let Some((w, h)) = self.target {
            pixels.image = area_average(&pixels.image, w, h);
        }
        if self.jpeg {
            reencode_jpeg(&pixels, &self.path)
        } else {
            Ok(raw_object(&pixels.image))
        }
    }
}

impl ImageSet {
    /// Prepares `image` for a page of height `page_height`; `None` when the image has no area.
    /// Places an image; photos above `max_dpi` × [`DOWNSAMPLE_ABOVE`] are resampled to `max_dpi`.
    /// A JPEG placed for the first time (at this size) as it is, is written to `sink` there
    /// and then; any other image is converted in the background and written by
    /// [`ImageSet::write_converted`]. `page` is the index of the page being drawn.
    pub fn place<W: Write>(
        &mut self,
        image: &PlacedImage,
        page: usize,
        page_height: f32,
        max_dpi: f32,
        sink: &mut Sink<W>,
    ) -> Result<Option<Placement>, PdfError> {
        let rect = image.rect;
        if rect.width <= 0.0 || rect.height <= 0.0 {
            return Ok(None);
        }
        let path = &image.path;
        // Read for each placement and dropped after.
        let file = crate::regular_file::read_photo(path).map_err(|source| PdfError::ImageRead {
            path: path.clone(),
            source,
        })?;
        let bytes = &file;

        // The largest pixel size worth keeping at this placement.
        let limit = (
            (rect.width / 72.0 * max_dpi).ceil().max(1.0) as u32,
            (rect.height / 72.0 * max_dpi).ceil().max(1.0) as u32,
        );
        let jpeg = jpeg::header(bytes).filter(|j| {
            j.precision == 8 && matches!(j.components, 1 | 3 | 4) && j.width > 0 && j.height > 0
        });
        let (shown_w, shown_h) = match jpeg {
            Some(j) => {
                orientation::shown_size(u32::from(j.width), u32::from(j.height), j.orientation)
            }
            None => decode::shown_size(bytes).map_err(|e| decode_error(path, e))?,
        };
        // Like print workflows (Acrobat's press settings: "to 300 ppi for images above 450
        // ppi"), only photos well above the target are resampled: re-encoding a JPEG costs
        // quality and time, and one just over 300 dpi would shrink by a few percent.
        let over = |shown: u32, lim: u32| shown as f32 > lim as f32 * DOWNSAMPLE_ABOVE;
        let target = (over(shown_w, limit.0) || over(shown_h, limit.1))
            .then(|| fit(shown_w, shown_h, limit));

        let key = (path.clone(), target);
        if !self.written.contains_key(&key) {
            let name = format!("Im{}", self.written.len());
            let id = sink.alloc();
            let copied = match (jpeg, target) {
                (None, None) => png::samples(&file),
                _ => None,
            };
            let orientation = match (jpeg, target, copied) {
                (Some(j), None, _) => {
                    self.stats.jpeg_passthrough += 1;
                    jpeg_object(file, &j).write(id, sink)?;
                    j.orientation
                }
                (None, None, Some(samples)) => {
                    self.stats.lossless += 1;
                    self.stats.png_passthrough += 1;
                    png_object(samples).write(id, sink)?;
                    1
                }
                _ => {
                    if target.is_some() {
                        self.stats.downsampled += 1;
                    }
                    if jpeg.is_none() {
                        self.stats.lossless += 1;
                    }
                    let work = Arc::new(Conversion {
                        file,
                        path: path.clone(),
                        target,
                        jpeg: jpeg.is_some(),
                        state: Mutex::new(State::Waiting),
                        converter: AtomicUsize::new(0),
                    });
                    // The task holds the conversion weakly: when every core is busy (the EPUB
                    // being written beside the PDF) tasks wait in rayon's queue long after the
                    // writer converted their photo itself, and a strong hold would keep each
                    // photo's file in memory until then (417 MB for a mixed day of 1000).
                    let background = Arc::downgrade(&work);
                    rayon::spawn(move || {
                        if let Some(work) = background.upgrade() {
                            work.run_in_background();
                        }
                    });
                    self.pending.push_back(Pending { id, page, work });
                    // Decoding applies the orientation to the pixels.
                    1
                }
            };
            self.written.insert(key.clone(), (name, id, orientation));
        }
        let (name, id, orientation) = self.written[&key].clone();

        let o = orientation::matrix(orientation);
        let (w, h) = (rect.width, rect.height);
        let (x, y) = (rect.x, page_height - rect.y - rect.height);
        let matrix = [
            o[0] * w,
            o[1] * h,
            o[2] * w,
            o[3] * h,
            o[4] * w + x,
            o[5] * h + y,
        ];
        Ok(Some(Placement { name, id, matrix }))
    }
}

impl ImageSet {
    /// Writes the converted photos placed on pages before `pages - CONVERSION_LAG_PAGES`, or all
    /// of them when `all` (the document's end), waiting for or doing the conversions still due.
    pub fn write_converted<W: Write>(
        &mut self,
        pages: usize,
        all: bool,
        sink: &mut Sink<W>,
    ) -> Result<(), PdfError> {
        while let Some(front) = self.pending.front() {
            if !all && front.page + CONVERSION_LAG_PAGES > pages {
                break;
            }
            let Some(Pending { id, work, .. }) = self.pending.pop_front() else {
                break;
            };
            work.take()?.write(id, sink)?;
        }
        Ok(())
    }
}
