//! Posters: images by name and content, damaged or cut short, and a cache that is checked.

use super::*;

#[test]
fn a_poster_must_be_an_image_by_name_and_content() {
    let (tmp, root) = copy_site("site");
    let film = root.join("content/films/the-alpha-test-2001");
    let index = fs::read_to_string(film.join("index.md")).unwrap();
    assert!(index.contains("poster = \"poster.png\""), "{index}");
    fs::write(film.join("fake.jpg"), "+++\nnot = \"an image\"\n+++\n").unwrap();
    for (poster, says) in [
        ("index.md", "the poster `index.md` is not an image file"),
        ("fake.jpg", "the poster `fake.jpg` is not an image file"),
    ] {
        fs::write(
            film.join("index.md"),
            index.replace("poster = \"poster.png\"", &format!("poster = \"{poster}\"")),
        )
        .unwrap();
        check(&root, &[])
            .code(1)
            .stderr(predicates::str::contains("error[E011]"))
            .stderr(predicates::str::contains(says));
    }
    fs::write(film.join("index.md"), &index).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    // The opaque PNG's copy for browsers without WebP is a JPEG of the poster's pixels, at
    // its size, each colour within a few steps of the source's on average.
    let copy = &files_named(&out.join("films/the-alpha-test-2001"), "poster-60.")[0];
    assert!(copy.ends_with(".jpg"), "{copy}");
    let published = image::open(out.join("films/the-alpha-test-2001").join(copy)).unwrap();
    let source = image::open(film.join("poster.png")).unwrap().to_rgb8();
    let published = published.to_rgb8();
    assert_eq!(published.dimensions(), source.dimensions());
    let diff: u64 = published
        .as_raw()
        .iter()
        .zip(source.as_raw())
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    let mean = diff as f64 / source.as_raw().len() as f64;
    assert!(mean < 6.0, "the copy is {mean:.1} steps off on average");
}

#[test]
fn a_poster_cut_short_damaged_or_too_large_is_a_located_error_and_nothing_is_written() {
    let (tmp, root) = copy_site("site");
    let film = root.join("content/films/the-alpha-test-2001");
    let good = fs::read(film.join("poster.png")).unwrap();
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let before = tree(&out);
    let at = "content/films/the-alpha-test-2001/index.md:11:10";
    // Cut short: found by `check`, which reads only headers, and by `build`.
    fs::write(film.join("poster.png"), &good[..good.len() / 2]).unwrap();
    for run in [check(&root, &[]), build(&root, &out, &[])] {
        run.code(1)
            .stderr(predicates::str::contains("error[E031]"))
            .stderr(predicates::str::contains("it was cut short"))
            .stderr(predicates::str::contains(at));
    }
    // A header that claims 30,000 x 30,000 pixels is refused before anything is decoded.
    let mut bomb = good.clone();
    bomb[16..24].copy_from_slice(&[0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30]);
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    fs::write(film.join("poster.png"), &bomb).unwrap();
    build(&root, &out, &[])
        .code(1)
        .stderr(predicates::str::contains(
            "the poster `poster.png` is 30000 x 30000 pixels, more than Marquee decodes",
        ))
        .stderr(predicates::str::contains(at));
    // Whole but damaged inside: `check` cannot see it; the build decodes it and says so.
    let mut damaged = good.clone();
    let middle = damaged.len() / 2;
    damaged[middle] ^= 0xff;
    fs::write(film.join("poster.png"), &damaged).unwrap();
    check(&root, &[]).success();
    build(&root, &out, &[])
        .code(1)
        .stderr(predicates::str::contains("cannot be read as an image"))
        .stderr(predicates::str::contains(at));
    assert_eq!(
        tree(&out),
        before,
        "a failed build leaves the output as it was"
    );
}

#[test]
fn a_damaged_poster_cache_is_never_published_even_with_force() {
    let (tmp, root) = copy_site("site");
    let out = tmp.path().join("public");
    build(&root, &out, &[]).success();
    let want = tree(&out);
    let cache = root.join(".marquee-cache");
    let mut entries: Vec<PathBuf> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    assert!(entries.len() >= 2, "{entries:?}");
    // One cut short, one overwritten with garbage of its own length.
    let first = fs::read(&entries[0]).unwrap();
    fs::write(&entries[0], &first[..first.len() / 3]).unwrap();
    let second = fs::read(&entries[1]).unwrap();
    fs::write(&entries[1], vec![0x5a; second.len()]).unwrap();
    build(&root, &out, &["--force"])
        .success()
        .stderr(predicates::str::contains("were damaged"))
        .stderr(predicates::str::contains("poster.png"))
        .stdout(predicates::str::contains("poster images: 0 encoded").not());
    assert_eq!(tree(&out), want, "the same site as from a sound cache");
    build(&root, &out, &["--force"])
        .success()
        .stderr(predicates::str::contains("damaged").not())
        .stdout(predicates::str::contains("0 encoded"));
}
