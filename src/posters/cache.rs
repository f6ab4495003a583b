//! Publishing a poster's variants, from the cache of an earlier build where it has them.
//!
//! Each cache entry keeps its length and BLAKE3 hash before its bytes, and is checked against
//! them before use: a file cut short, overwritten or left half-written by a full disk is
//! never published, but encoded again (and said so).

use std::path::{Path, PathBuf};

use super::encode::encode;
use super::read::read_again;
use super::variants::{Variant, variants};
use super::{Poster, PosterError, SETTINGS};

/// What [`publish`] made: every output file with its bytes, and how many it had to encode
/// (none when the cache had them all).
#[derive(Debug)]
pub(crate) struct Published {
    /// (output path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Files encoded by this build rather than taken from the cache.
    pub encoded: usize,
    /// Whether the cache held a damaged entry for this poster (so it was encoded again).
    pub damaged: bool,
}

/// What every cache entry begins with (and the version of its layout).
const MAGIC: &[u8; 8] = b"mqcache1";

/// The bytes before an entry's content: [`MAGIC`], its length (8 bytes, little-endian) and
/// its BLAKE3 hash.
const HEAD: usize = 8 + 8 + 32;

/// `bytes` as a cache entry keeps them: with their length and hash.
fn sealed(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEAD + bytes.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(blake3::hash(bytes).as_bytes());
    out.extend_from_slice(bytes);
    out
}

/// The content of a cache entry, when it has the length and hash it says it has.
fn unsealed(mut stored: Vec<u8>) -> Option<Vec<u8>> {
    let head = stored.get(..HEAD)?;
    let length = u64::from_le_bytes(head[8..16].try_into().ok()?);
    let sound = head[..8] == MAGIC[..]
        && length == (stored.len() - HEAD) as u64
        && blake3::hash(&stored[HEAD..]).as_bytes()[..] == head[16..];
    sound.then(|| stored.split_off(HEAD))
}

/// What the cache holds for one variant.
enum Entry {
    /// Its bytes, checked.
    Sound(Vec<u8>),
    /// Nothing (or nothing that can be read).
    Missing,
    /// A file whose length or hash is not what it says.
    Damaged,
}

/// The cache entry at `path`.
fn read_entry(path: &Path) -> Entry {
    match std::fs::read(path) {
        Ok(stored) => unsealed(stored).map_or(Entry::Damaged, Entry::Sound),
        Err(_) => Entry::Missing,
    }
}

/// Where variant `v` of the poster hashed `hash` is kept in `cache`.
fn cached(cache: &Path, hash: &str, v: &Variant) -> PathBuf {
    let ext = v.file.rsplit('.').next().unwrap_or_default();
    cache.join(format!("{}.{}.{}.{ext}", &hash[..32], v.width, SETTINGS))
}

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed into place), so
/// that two builds sharing the cache never see half a file. Failing is harmless: the next
/// build encodes the variant again.
fn store(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let _ = crate::disk::write_atomically(path, bytes);
}

/// Makes every variant of the poster of film `slug`, whose source is `path`: from `cache`
/// (a folder, see [`CACHE_DIR`](super::CACHE_DIR)) when it has them all, sound, else by
/// decoding and encoding, storing the results there for the next build.
pub(crate) fn publish(
    path: &Path,
    slug: &str,
    poster: &Poster,
    cache: Option<&Path>,
) -> Result<Published, PosterError> {
    let variants = variants(slug, poster);
    if super::variants::is_published_as_it_is(poster) {
        let bytes = read_again(path, poster)?;
        return Ok(Published {
            files: vec![(variants.fallback.file, bytes)],
            encoded: 0,
            damaged: false,
        });
    }
    let all: Vec<&Variant> = variants
        .webp
        .iter()
        .chain(std::iter::once(&variants.fallback))
        .collect();
    let mut damaged = false;
    if let Some(cache) = cache {
        let mut hits = Vec::with_capacity(all.len());
        for v in &all {
            match read_entry(&cached(cache, &poster.hash, v)) {
                Entry::Sound(bytes) => hits.push((v.file.clone(), bytes)),
                Entry::Missing => break,
                Entry::Damaged => {
                    damaged = true;
                    break;
                }
            }
        }
        if hits.len() == all.len() {
            return Ok(Published {
                files: hits,
                encoded: 0,
                damaged,
            });
        }
    }
    let files = encode(path, poster, &all)?;
    if let Some(cache) = cache {
        for (v, (_, bytes)) in all.iter().zip(&files) {
            store(&cached(cache, &poster.hash, v), &sealed(bytes));
        }
    }
    Ok(Published {
        encoded: files.len(),
        files,
        damaged,
    })
}
