//! Inside pages of the newspaper design: a lead photo that its height limit makes narrow (a
//! portrait, or a photo at the head of a front story's continuation, kept low there) is set in
//! the story's first column at the column's width, with the text beside it, instead of a small
//! picture centred over the columns with white on both sides of it.

use super::compose::Composer;
use super::pieces::{self, Piece, Setter};
use crate::model::{Article, Image};

/// A lead photo narrower than this share of the width it spans goes into a column.
const NARROW: f32 = 0.6;
/// Share of the page's height a photo in a column may take (as a moved lead photo).
const COLUMN_PHOTO_SHARE: f32 = 0.3;

impl<E> Composer<'_, '_, E> {
    /// The photo `img` set in one column, when `lead` (the lead photo as it would stand across
    /// the columns) is narrow and the story's `body` is long enough to fill the columns beside
    /// it (else the column photo would leave them short under a tall picture), and it fits in
    /// `room`, the height left under the story's header on this page.
    pub(super) fn narrow_lead(
        &self,
        (lead, room): (Option<&[Piece]>, f32),
        img: Option<&Image>,
        (article, body): (&Article, &[Piece]),
        setter: &Setter<'_>,
    ) -> Option<Vec<Piece>> {
        let (Some(lead), Some(img)) = (lead, img) else {
            return None;
        };
        let columns = self.grid.columns;
        if !self.column_photos || columns < 2 {
            return None;
        }
        let width = lead.iter().find_map(|p| match p {
            Piece::Photo { width, .. } => Some(*width),
            _ => None,
        })?;
        if width >= NARROW * self.grid.span_width(self.span) {
            return None;
        }
        let page_h = self.grid.frame.bottom - self.grid.frame.top;
        let mut again = Setter::new(setter.fonts, self.typo, article.dir, &article.lang);
        let column = self.grid.column;
        let photo = pieces::lead_photo(
            &mut again,
            img,
            "image",
            column,
            page_h * COLUMN_PHOTO_SHARE,
        );
        let height = |pieces: &[Piece]| pieces.iter().map(Piece::height).sum::<f32>();
        let tall = height(&photo);
        (tall <= room && height(body) >= tall * (columns - 1) as f32).then_some(photo)
    }
}
