//! What the system charges a build that reads one file per review and writes a site, before
//! any parsing or rendering: reads every file under the sources, then writes a copy of a
//! built site's files (read into memory first, untimed) into a new folder, and prints the
//! CPU time (user + system, every thread) of each step. `benches/cpu.sh` runs it beside the
//! builds it times, as the floor under their CPU time.
//!
//!     cargo run --release --example io_floor -- SITE/content BUILT_SITE NEW_FOLDER
//!
//! Both steps run in parallel, as a build does. Files are opened by their full paths
//! (Marquee opens sources relative to their folder, which costs the system a little less),
//! and each file is written with one call, as Marquee writes its pages.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Every file under `dir`, with the folders on the way (parents first).
fn walk(dir: &Path, files: &mut Vec<PathBuf>, folders: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => {
                folders.push(entry.path());
                walk(&entry.path(), files, folders);
            }
            Ok(kind) if kind.is_file() => files.push(entry.path()),
            _ => {}
        }
    }
}

/// The process's CPU time so far, in seconds (user + system, every thread).
fn cpu() -> f64 {
    #[cfg(target_os = "linux")]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
        t.tv_sec as f64 + t.tv_nsec as f64 / 1e9
    }
    #[cfg(not(target_os = "linux"))]
    f64::NAN
}

fn main() {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [sources, built, copy] = &args[..] else {
        eprintln!("usage: io_floor SOURCES BUILT_SITE NEW_FOLDER");
        std::process::exit(2);
    };
    if copy.exists() {
        eprintln!("{} exists; name a new folder", copy.display());
        std::process::exit(2);
    }

    let start = cpu();
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    walk(sources, &mut files, &mut folders);
    let bytes: usize = files
        .par_iter()
        .map(|f| std::fs::read(f).map_or(0, |b| b.len()))
        .sum();
    let read = cpu() - start;
    println!(
        "read {} source files ({bytes} bytes): {read:.2}s of CPU",
        files.len()
    );

    let (mut files, mut folders_out) = (Vec::new(), Vec::new());
    walk(built, &mut files, &mut folders_out);
    let pages: Vec<(PathBuf, Vec<u8>)> = files
        .par_iter()
        .map(|f| {
            let rel = f.strip_prefix(built).expect("under the built site");
            (copy.join(rel), std::fs::read(f).expect("a built file"))
        })
        .collect();
    let start = cpu();
    std::fs::create_dir(copy).expect("the new folder");
    for folder in &folders_out {
        let rel = folder.strip_prefix(built).expect("under the built site");
        std::fs::create_dir(copy.join(rel)).expect("a folder of the copy");
    }
    pages
        .par_iter()
        .for_each(|(path, bytes)| std::fs::write(path, bytes).expect("a file of the copy"));
    let wrote = cpu() - start;
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    println!(
        "wrote {} files ({total} bytes) in {} folders: {wrote:.2}s of CPU",
        pages.len(),
        folders_out.len()
    );
    println!("floor: {:.2}s of CPU", read + wrote);
}
