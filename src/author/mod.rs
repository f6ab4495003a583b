//! Writing content files for authors: starter sites and single films and reviews
//! (`marquee init`, `marquee new`), and reviews imported from other tools' exports.
//!
//! Receives what the user asks for; hands on files under `content/` that the loader accepts
//! (every file is read back by the loader before it is written) and never overwrites one.

pub mod import;
pub mod scaffold;
