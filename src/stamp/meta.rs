//! The metadata of files and folders as a stamp keeps it, and the digest of a list of them.

use std::fs::Metadata;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// An entry's metadata as a stamp keeps it: the bytes hashed (kind, size, modification and
/// change times, inode and device), and the later of its two times, in nanoseconds since
/// 1970, for telling a source changed just before the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Meta {
    pub(super) bytes: [u8; 49],
    changed: i128,
}

impl Meta {
    /// A folder: that it is one (its entries speak for it).
    pub(super) const FOLDER: Meta = Meta::of_kind(b'd', i128::MIN);
    /// An entry that could not be looked at: taken as changed just now, so that no stamp
    /// rests on it.
    pub(super) const UNREADABLE: Meta = Meta::of_kind(b'?', i128::MAX);

    const fn of_kind(kind: u8, changed: i128) -> Meta {
        let mut bytes = [0; 49];
        bytes[0] = kind;
        Meta { bytes, changed }
    }
}

/// The entries of one film folder, by path inside it, with their metadata.
#[derive(Debug, Default)]
pub(crate) struct Entries(pub(super) Vec<(String, Meta)>);

impl Entries {
    /// A file or link at `rel`, as `meta` describes it (never followed).
    pub(crate) fn file(&mut self, rel: String, meta: &Metadata) {
        self.0.push((rel, meta_of(meta, true)));
    }

    /// The folder at `rel`, whose entries are kept one by one.
    pub(crate) fn folder(&mut self, rel: String) {
        self.0.push((rel, Meta::FOLDER));
    }

    /// The entry at `rel`, looked at now (a folder with everything under it); where it
    /// cannot be, recorded as unreadable.
    pub(crate) fn record(&mut self, rel: String, path: &Path) {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_dir() => self.walk(rel, path),
            Ok(meta) => self.file(rel, &meta),
            Err(_) => self.0.push((rel, Meta::UNREADABLE)),
        }
    }

    /// The folder at `rel` and everything under it, looked at now.
    pub(crate) fn walk(&mut self, rel: String, dir: &Path) {
        let list: Vec<_> = match std::fs::read_dir(dir) {
            Ok(list) => list.collect(),
            Err(_) => {
                self.0.push((rel, Meta::UNREADABLE));
                return;
            }
        };
        for entry in list {
            let Ok(entry) = entry else {
                self.0.push((rel.clone() + "/?", Meta::UNREADABLE));
                continue;
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let inner = if rel.is_empty() {
                name.into_owned()
            } else {
                format!("{rel}/{name}")
            };
            // A folder's kind comes with its name, and a folder needs nothing else.
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => self.walk(inner, &entry.path()),
                _ => match entry.metadata() {
                    Ok(meta) => self.file(inner, &meta),
                    Err(_) => self.0.push((inner, Meta::UNREADABLE)),
                },
            }
        }
        self.0.push((rel, Meta::FOLDER));
    }

    /// The digest of the entries, whatever order they were met in, and whether any changed
    /// at or after `since`.
    pub(super) fn digest(mut self, since: Option<SystemTime>) -> ([u8; 32], bool) {
        self.0.sort_unstable();
        let since = since.map(|s| nanos(Some(s)));
        // One buffer hashed at once: hashing many small pieces costs several times more.
        let mut all = Vec::with_capacity(self.0.iter().map(|(rel, _)| rel.len() + 50).sum());
        let mut racy = false;
        for (rel, meta) in &self.0 {
            all.extend_from_slice(rel.as_bytes());
            all.push(0);
            all.extend_from_slice(&meta.bytes);
            racy |= since.is_some_and(|since| meta.changed >= since);
        }
        (*blake3::hash(&all).as_bytes(), racy)
    }
}

/// What a stamp keeps of `meta`; `with_ctime` false leaves the change time out.
pub(super) fn meta_of(meta: &Metadata, with_ctime: bool) -> Meta {
    let mut out = [0u8; 49];
    out[0] = if meta.is_dir() {
        b'd'
    } else if meta.is_symlink() {
        b'l'
    } else {
        b'f'
    };
    out[1..9].copy_from_slice(&meta.len().to_le_bytes());
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut changed = nanos(meta.modified().ok());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        out[9..17].copy_from_slice(&meta.mtime().to_le_bytes());
        out[17..21].copy_from_slice(&(meta.mtime_nsec() as u32).to_le_bytes());
        if with_ctime {
            out[21..29].copy_from_slice(&meta.ctime().to_le_bytes());
            out[29..33].copy_from_slice(&(meta.ctime_nsec() as u32).to_le_bytes());
            changed = changed.max(meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128);
        }
        out[33..41].copy_from_slice(&meta.ino().to_le_bytes());
        out[41..49].copy_from_slice(&meta.dev().to_le_bytes());
    }
    #[cfg(not(unix))]
    {
        let _ = with_ctime;
        out[9..17].copy_from_slice(&((changed / 1_000_000_000) as i64).to_le_bytes());
        out[17..21].copy_from_slice(&((changed % 1_000_000_000) as u32).to_le_bytes());
    }
    Meta {
        bytes: out,
        changed,
    }
}

/// A time as nanoseconds since 1970 (negative before), 0 where unknown.
pub(super) fn nanos(time: Option<SystemTime>) -> i128 {
    match time {
        Some(t) => match t.duration_since(UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        },
        None => 0,
    }
}
