use super::*;
use notify::event::{Event, EventKind, Flag, ModifyKind};
use std::fs;

#[test]
fn a_watcher_error_or_overflow_is_never_nothing_changed() {
    let root = Path::new("/site");
    let mut missed = None;
    let overflow = Event::new(EventKind::Other).set_flag(Flag::Rescan);
    assert_eq!(edits(root, Ok(overflow), &mut missed), [root]);
    assert_eq!(missed.take().as_deref(), Some("too many changes at once"));
    let error = notify::Error::generic("inotify queue overflow");
    assert_eq!(edits(root, Err(error), &mut missed), [root]);
    assert!(missed.take().unwrap().contains("overflow"));
    let edit = Event::new(EventKind::Modify(ModifyKind::Any))
        .add_path(root.join("content/films/a/index.md"));
    assert_eq!(edits(root, Ok(edit), &mut missed).len(), 1);
    assert_eq!(missed, None);
    let read = Event::new(EventKind::Access(notify::event::AccessKind::Any))
        .add_path(root.join("content/films/a/index.md"));
    assert!(edits(root, Ok(read), &mut missed).is_empty());
}

#[test]
fn the_watcher_follows_what_the_build_reads() {
    let root = Path::new("/site");
    for (path, read) in [
        ("config.toml", true),
        ("content/films/a/index.md", true),
        ("content", true),
        ("static/.nojekyll", true),
        ("static/.well-known/security.txt", true),
        ("static/CNAME", true),
        ("static/data.tmp", false),
        ("static/style.css~", false),
        ("static/.style.css.swp", false),
        ("static/.env", false),
        ("templates/4913", false),
        ("content/films/a/#index.md#", false),
        ("content/films/a/.#index.md", false),
        ("content/films/a/index.md.kate-swp", false),
        ("content/.DS_Store", false),
        ("notes/a.md", false),
        ("sub/config.toml", false),
    ] {
        assert_eq!(relevant(root, &root.join(path)), read, "{path}");
    }
}

/// Waits (bounded) for a burst that satisfies `wanted`, returning it.
fn burst_where(watching: &mut Watching, wanted: impl Fn(&Burst) -> bool) -> Burst {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        if let Some(burst) = watching.burst(Some(Duration::from_secs(1)))
            && wanted(&burst)
        {
            return burst;
        }
    }
    panic!("timed out waiting for the burst");
}

#[test]
fn a_replaced_source_folder_is_watched_again() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().canonicalize().unwrap();
    fs::create_dir_all(root.join("content/films/a")).unwrap();
    fs::write(root.join("content/films/a/index.md"), "a").unwrap();
    let mut watching = Watching::start(&root).unwrap();
    // Moved away and copied back, as `mv content content.old && cp -a content.old content`.
    fs::rename(root.join("content"), root.join("content.old")).unwrap();
    let burst = burst_where(&mut watching, |b| b.replaced == ["content"]);
    assert!(burst.changed.contains(&root.join("content")));
    fs::create_dir_all(root.join("content/films/a")).unwrap();
    fs::write(root.join("content/films/a/index.md"), "a").unwrap();
    burst_where(&mut watching, |b| b.replaced == ["content"]);
    // An edit in the new folder is seen, one in the old one is not.
    std::thread::sleep(Duration::from_millis(50));
    fs::write(root.join("content.old/films/a/index.md"), "old").unwrap();
    fs::write(root.join("content/films/a/index.md"), "b").unwrap();
    let burst = burst_where(&mut watching, |b| !b.changed.is_empty());
    assert_eq!(burst.changed, [root.join("content/films/a/index.md")]);
    assert!(burst.replaced.is_empty());
    // A folder made after serve started is watched too.
    fs::create_dir(root.join("static")).unwrap();
    burst_where(&mut watching, |b| b.replaced == ["static"]);
    fs::write(root.join("static/.nojekyll"), "").unwrap();
    let burst = burst_where(&mut watching, |b| !b.changed.is_empty());
    assert_eq!(burst.changed, [root.join("static/.nojekyll")]);
}
