//! Publishing a poster's variants, from the cache of an earlier build where it has them.

use std::path::{Path, PathBuf};

use super::encode::encode;
use super::read::read_again;
use super::variants::{Variant, variants};
use super::{Poster, PosterError, SETTINGS};

/// What [`publish`] made: every output file with its bytes, and how many it had to encode
/// (none when the cache had them all).
#[derive(Debug)]
pub struct Published {
    /// (output path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Files encoded by this build rather than taken from the cache.
    pub encoded: usize,
}

/// Where variant `v` of the poster hashed `hash` is kept in `cache`.
fn cached(cache: &Path, hash: &str, v: &Variant) -> PathBuf {
    let ext = v.file.rsplit('.').next().unwrap_or_default();
    cache.join(format!("{}.{}.{}.{ext}", &hash[..32], v.width, SETTINGS))
}

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed into place), so
/// that two builds sharing the cache never see half a file. Failing is harmless: the next
/// build encodes the variant again.
pub(crate) fn keep(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Makes every variant of the poster of film `slug`, whose source is `path`: from `cache`
/// (a folder, see [`CACHE_DIR`]) when it has them, else by decoding and encoding, keeping
/// the results there for the next build.
pub fn publish(
    path: &Path,
    slug: &str,
    poster: &Poster,
    cache: Option<&Path>,
) -> Result<Published, PosterError> {
    let variants = variants(slug, poster);
    if poster.size.is_none() {
        let bytes = read_again(path, poster)?;
        return Ok(Published {
            files: vec![(variants.fallback.file, bytes)],
            encoded: 0,
        });
    }
    let all: Vec<&Variant> = variants
        .webp
        .iter()
        .chain(std::iter::once(&variants.fallback))
        .collect();
    if let Some(cache) = cache {
        let hits: Vec<(String, Vec<u8>)> = all
            .iter()
            .map_while(|v| {
                let bytes = std::fs::read(cached(cache, &poster.hash, v)).ok()?;
                Some((v.file.clone(), bytes))
            })
            .collect();
        if hits.len() == all.len() {
            return Ok(Published {
                files: hits,
                encoded: 0,
            });
        }
    }
    let files = encode(path, poster, &all)?;
    if let Some(cache) = cache {
        for (v, (_, bytes)) in all.iter().zip(&files) {
            keep(&cached(cache, &poster.hash, v), bytes);
        }
    }
    Ok(Published {
        encoded: files.len(),
        files,
    })
}
