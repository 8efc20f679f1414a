//! The global allocator: the system's, with a small cache of freed large blocks.
//!
//! Photos are decoded, shrunk and encoded one after another in buffers of a few hundred
//! kilobytes to a few megabytes, mostly of the same few sizes (a day's photos come from the same
//! cameras). glibc serves such blocks with `mmap` and returns them with `munmap` (`main` fixes
//! its threshold at 256 KB so that freed memory goes back to the system, see `tune_allocator`),
//! so every new buffer is fresh memory that the kernel maps page by page on first touch: on a
//! mixed day of 200 articles that was a fifth of the processor time (page faults, in a virtual
//! machine where each costs a few microseconds). Raising glibc's threshold instead keeps the
//! blocks in its heaps, where the day's long-lived small objects pin them: a mixed day of 1000
//! articles then peaked at 200–220 MB instead of 140.
//!
//! So freed blocks of 256 KB or more are kept here, up to [`CAPACITY`] bytes in all, and given
//! again to the next request of the same size class (sizes rounded up to a quarter octave).
//! A block that does not fit pushes out the ones kept longest; memory held stays bounded
//! whatever the day's length. Everything else goes straight to the system allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;

/// The smallest block kept: glibc's mmap threshold as `main` sets it.
const SMALLEST: usize = 256 * 1024;
/// The most bytes kept at once: what a thread converting a 1600 px photo for print frees
/// between two photos (the file, the decoded planes and pixels, the shrunk ones). It bounds what
/// the cache adds to the peak: a mixed day of 1000 articles peaked at 137 MB with 8 MB, as
/// without the cache (137–141 MB), and at 146–157 MB with 16 MB (the aim is 150), for the same
/// processor time within noise on a mixed day of 200.
const CAPACITY: usize = 8 * 1024 * 1024;
/// The largest block kept: larger ones (a 4000 px photo decoded at half size) are rare, and one
/// would push out most of the cache.
const LARGEST: usize = CAPACITY / 2;
/// How many blocks may be kept at once.
const SLOTS: usize = 32;
/// The largest alignment handled here (what `malloc` gives); blocks aligned more go straight
/// to the system.
const ALIGN: usize = 16;

/// The system allocator with a cache of freed large blocks.
pub struct BlockCache {
    kept: Mutex<Kept>,
}

/// Freed blocks: address and size class of each, and when it was kept (a counter).
struct Kept {
    blocks: [(usize, usize, u64); SLOTS],
    bytes: usize,
    clock: u64,
}

impl BlockCache {
    pub const fn new() -> Self {
        BlockCache {
            kept: Mutex::new(Kept {
                blocks: [(0, 0, 0); SLOTS],
                bytes: 0,
                clock: 0,
            }),
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for BlockCache {
    /// Frees the blocks kept (the global allocator is never dropped; a test's cache is).
    fn drop(&mut self) {
        let kept = self.kept.get_mut().unwrap_or_else(|e| e.into_inner());
        for &(addr, size, _) in kept.blocks.iter().filter(|b| b.0 != 0) {
            // SAFETY: a kept block was allocated by the system with this layout and is owned
            // by the cache alone.
            unsafe {
                System.dealloc(
                    addr as *mut u8,
                    Layout::from_size_align_unchecked(size, ALIGN),
                )
            };
        }
    }
}

impl Default for BlockCache {
    fn default() -> Self {
        Self::new()
    }
}

/// The size class of a large block: `size` rounded up to a quarter of its power of two, so a
/// block is at most a quarter larger than asked for. `None` for blocks not handled here.
fn class(layout: Layout) -> Option<usize> {
    let size = layout.size();
    if size < SMALLEST || layout.align() > ALIGN {
        return None;
    }
    let step = (1usize << (usize::BITS - 1 - size.leading_zeros())) / 4;
    // A layout's size may not pass isize::MAX once rounded up to its alignment.
    size.checked_next_multiple_of(step)
        .filter(|&class| class <= isize::MAX as usize - ALIGN)
}

impl Kept {
    /// A kept block of size class `class`, taken out of the cache.
    fn take(&mut self, class: usize) -> Option<*mut u8> {
        let slot = self.blocks.iter_mut().find(|b| b.0 != 0 && b.1 == class)?;
        let ptr = slot.0 as *mut u8;
        *slot = (0, 0, 0);
        self.bytes -= class;
        Some(ptr)
    }

    /// Keeps the block `ptr` of size class `class`, pushing out the blocks kept longest to make
    /// room; returns those (address and size class) for the caller to free. `false` when the
    /// block is too large to keep: then the caller frees it too.
    fn keep(&mut self, ptr: *mut u8, class: usize, out: &mut [(usize, usize); SLOTS]) -> bool {
        if class > LARGEST {
            return false;
        }
        let mut n = 0;
        loop {
            let free_slot = self.blocks.iter().position(|b| b.0 == 0);
            if let (Some(i), true) = (free_slot, self.bytes + class <= CAPACITY) {
                self.clock += 1;
                self.blocks[i] = (ptr as usize, class, self.clock);
                self.bytes += class;
                return true;
            }
            // The oldest block goes.
            let Some(oldest) = (0..SLOTS)
                .filter(|&i| self.blocks[i].0 != 0)
                .min_by_key(|&i| self.blocks[i].2)
            else {
                return false;
            };
            let (addr, size, _) = self.blocks[oldest];
            self.blocks[oldest] = (0, 0, 0);
            self.bytes -= size;
            out[n] = (addr, size);
            n += 1;
        }
    }
}

// SAFETY: every block handed out is either the system's for the same layout, or a large block
// the system allocated with the layout (class size, ALIGN) that is freed or kept with that
// same layout; a kept block is owned by the cache alone until handed out again.
unsafe impl GlobalAlloc for BlockCache {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class(layout) else {
            return System.alloc(layout);
        };
        if let Some(ptr) = self.kept().take(class) {
            return ptr;
        }
        System.alloc(Layout::from_size_align_unchecked(class, ALIGN))
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class(layout) else {
            return System.alloc_zeroed(layout);
        };
        if let Some(ptr) = self.kept().take(class) {
            std::ptr::write_bytes(ptr, 0, layout.size());
            return ptr;
        }
        // Fresh pages from the system are zero already.
        System.alloc_zeroed(Layout::from_size_align_unchecked(class, ALIGN))
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(class) = class(layout) else {
            return System.dealloc(ptr, layout);
        };
        let mut evicted = [(0, 0); SLOTS];
        let kept = self.kept().keep(ptr, class, &mut evicted);
        // Freed outside the lock.
        for &(addr, size) in evicted.iter().take_while(|e| e.0 != 0) {
            System.dealloc(
                addr as *mut u8,
                Layout::from_size_align_unchecked(size, ALIGN),
            );
        }
        if !kept {
            System.dealloc(ptr, Layout::from_size_align_unchecked(class, ALIGN));
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
        match (class(layout), class(new_layout)) {
            (None, None) => System.realloc(ptr, layout, new_size),
            // Still within its block.
            (Some(old), Some(new)) if old == new => ptr,
            // A block too large to keep, growing or shrinking (a document or an archive being
            // written to memory): the system's realloc moves its pages without copying them,
            // where a new block would hold both copies at once.
            (Some(old), Some(new)) if old > LARGEST && new > LARGEST => {
                System.realloc(ptr, Layout::from_size_align_unchecked(old, ALIGN), new)
            }
            _ => {
                let new_ptr = self.alloc(new_layout);
                if !new_ptr.is_null() {
                    std::ptr::copy_nonoverlapping(ptr, new_ptr, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new_ptr
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_round_up_by_at_most_a_quarter() {
        let l = |size| Layout::from_size_align(size, 8).unwrap();
        assert_eq!(class(l(1000)), None);
        assert_eq!(class(l(SMALLEST)), Some(SMALLEST));
        assert_eq!(class(l(SMALLEST + 1)), Some(SMALLEST * 5 / 4));
        assert_eq!(class(l(1 << 20)), Some(1 << 20));
        assert_eq!(class(l((1 << 20) + 1)), Some((1 << 20) + (1 << 18)));
        for size in [300_000, 1_281_600, 8_000_000, 31_000_123] {
            let c = class(l(size)).unwrap();
            assert!(c >= size && c <= size + size / 4, "{size} → {c}");
        }
        assert_eq!(class(Layout::from_size_align(1 << 20, 4096).unwrap()), None);
    }

    #[test]
    fn blocks_are_reused_and_the_cache_stays_bounded() {
        let cache = BlockCache::new();
        let layout = Layout::from_size_align(1_000_000, 8).unwrap();
        unsafe {
            let a = cache.alloc(layout);
            a.write(7);
            cache.dealloc(a, layout);
            // The same size class gets the same block back, zeroed when asked.
            let b = cache.alloc_zeroed(layout);
            assert_eq!(b, a);
            assert_eq!(*b, 0);
            cache.dealloc(b, layout);
            // Many more blocks than fit: the oldest are freed, the bytes kept stay bounded.
            let blocks: Vec<_> = (0..40).map(|_| cache.alloc(layout)).collect();
            for p in blocks {
                cache.dealloc(p, layout);
            }
            assert!(cache.kept().bytes <= CAPACITY);
            // Growing a block past its class moves it and keeps its bytes.
            let c = cache.alloc(layout);
            c.write(9);
            let d = cache.realloc(c, layout, 3_000_000);
            assert_eq!(*d, 9);
            cache.dealloc(d, Layout::from_size_align(3_000_000, 8).unwrap());
        }
    }
}
