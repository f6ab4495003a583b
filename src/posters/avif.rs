//! What can be told of an AVIF poster without decoding it (nothing here decodes AVIF): that
//! the file is whole. Its top-level boxes must each end within the file and the last where
//! the file does, and every extent its item location box (`iloc`) gives for the picture's
//! data must lie within the file, so that a file cut short, even with its boxes' lengths
//! rewritten to fit, is refused.

/// Whether the AVIF file `bytes` is whole, as the module's doc says.
pub(super) fn is_whole(bytes: &[u8]) -> bool {
    let Some(top) = boxes(bytes) else {
        return false;
    };
    let len = bytes.len() as u64;
    let Some(&(_, meta)) = top.iter().find(|(kind, _)| kind == b"meta") else {
        return true;
    };
    // `meta` is a full box: its version and flags come before its children.
    let Some(children) = meta.get(4..).and_then(boxes) else {
        return false;
    };
    match children.iter().find(|(kind, _)| kind == b"iloc") {
        Some(&(_, iloc)) => extents_within(iloc, len).unwrap_or(false),
        None => true,
    }
}

/// The boxes of `bytes`, each as its type and its body; `None` unless they fill `bytes`
/// exactly (a length of 0 is "to the end").
fn boxes(bytes: &[u8]) -> Option<Vec<([u8; 4], &[u8])>> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while at < bytes.len() {
        let head = bytes.get(at..at + 8)?;
        let kind: [u8; 4] = head[4..8].try_into().ok()?;
        let (size, header) = match u32::from_be_bytes(head[..4].try_into().ok()?) {
            0 => (bytes.len() - at, 8),
            1 => {
                let large = u64::from_be_bytes(bytes.get(at + 8..at + 16)?.try_into().ok()?);
                (usize::try_from(large).ok()?, 16)
            }
            size => (size as usize, 8),
        };
        if size < header || at.checked_add(size)? > bytes.len() {
            return None;
        }
        out.push((kind, &bytes[at + header..at + size]));
        at += size;
    }
    Some(out)
}

/// Whether every extent of the item location box `iloc` (its body) that points into the
/// file lies within its `len` bytes; `None` when the box cannot be read.
fn extents_within(iloc: &[u8], len: u64) -> Option<bool> {
    let mut r = Reader { bytes: iloc, at: 0 };
    let version = r.uint(1)?;
    r.uint(3)?;
    let sizes = r.uint(2)?;
    let (offset_size, length_size) = ((sizes >> 12) & 15, (sizes >> 8) & 15);
    let (base_size, index_size) = ((sizes >> 4) & 15, sizes & 15);
    let items = r.uint(if version < 2 { 2 } else { 4 })?;
    for _ in 0..items {
        r.uint(if version < 2 { 2 } else { 4 })?;
        // Version 1 and 2 say where the data is: 0 is in the file, others elsewhere.
        let method = if version >= 1 { r.uint(2)? & 15 } else { 0 };
        r.uint(2)?;
        let base = r.uint(base_size as usize)?;
        let extents = r.uint(2)?;
        for _ in 0..extents {
            if version >= 1 && index_size > 0 {
                r.uint(index_size as usize)?;
            }
            let offset = r.uint(offset_size as usize)?;
            let length = r.uint(length_size as usize)?;
            let end = base.checked_add(offset)?.checked_add(length)?;
            if method == 0 && end > len {
                return Some(false);
            }
        }
    }
    Some(true)
}

/// Big-endian unsigned numbers read one after another.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// The next `size` bytes as a number (0 for a size of 0), or `None` past the end.
    fn uint(&mut self, size: usize) -> Option<u64> {
        let field = self.bytes.get(self.at..self.at + size)?;
        self.at += size;
        Some(field.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
    }
}
