//! Every diagnostic code: one code per meaning, with its title and the explanation that
//! `marquee check --explain` prints and the diagnostics reference is generated from.

use std::fmt;

use serde::{Serialize, Serializer};

/// What a diagnostic is about: a stable identifier people and tools can look up. `E` codes
/// are errors, `W` warnings (errors under `--strict`), `I` notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// a file or folder cannot be read
    E001,
    /// the site has no content folder
    E002,
    /// the front matter or TOML file is not valid TOML, or a value has the wrong type
    E003,
    /// a film folder name is not a valid slug
    E004,
    /// a film folder has no index.md
    E005,
    /// the file is not UTF-8 text
    E006,
    /// the front matter delimiters are missing
    E007,
    /// a name or title is empty
    E008,
    /// a year or runtime is implausible
    E009,
    /// a score is out of range
    E010,
    /// the poster is not a file in the film's folder
    E011,
    /// a url is not an http or https address
    E012,
    /// a review has both score and rating
    E013,
    /// a rating cannot be converted
    E014,
    /// assigned without a score
    E015,
    /// a date is not a plain calendar date
    E016,
    /// a profile's file name does not match its name
    E017,
    /// a publication weight is out of range
    E018,
    /// a content file is too large
    E019,
    /// a setting in config.toml is invalid
    E020,
    /// a verdict is not one Marquee knows
    E021,
    /// two sources would be written to one URL
    E022,
    /// a field is not one Marquee knows
    E023,
    /// a required field is missing
    E024,
    /// the text holds a control character
    E025,
    /// a review without a byline names its critic
    E026,
    /// an alias is not a path within the site
    E027,
    /// a page's file name is not a valid slug
    E028,
    /// a template cannot be used
    E030,
    /// a poster cannot be used as an image
    E031,
    /// the output holds a file Marquee did not write
    E032,
    /// the output folder cannot be replaced by a build
    E033,
    /// a file is in a place Marquee does not read
    W001,
    /// a symbolic link is skipped
    W002,
    /// a review is dated in the future
    W003,
    /// a critic reviews the same film twice
    W004,
    /// a critic or publication is spelled two ways
    W005,
    /// a review is dated before its film's year
    W006,
    /// two films have the same title and year
    W007,
    /// a rating looks like a different scale
    W008,
    /// a film's poster file does not exist
    W009,
    /// base_url is not a full address
    W010,
    /// the site is over, or near, a limit of its host
    W011,
    /// an alias is the address of a page, or of another alias
    W012,
    /// a link to a review or profile is dead
    W013,
    /// a hidden file in static/ is not published
    W014,
    /// a navigation link leads to a draft
    W015,
    /// a file still holds the placeholder text `new` wrote
    W016,
    /// a verdict disagrees with its score
    I001,
    /// a rating is out of an unusual scale
    I002,
    /// robots.txt under a sub-path has no effect
    I003,
}

impl Code {
    /// Every code, in order.
    pub const ALL: [Code; 51] = [
        Code::E001,
        Code::E002,
        Code::E003,
        Code::E004,
        Code::E005,
        Code::E006,
        Code::E007,
        Code::E008,
        Code::E009,
        Code::E010,
        Code::E011,
        Code::E012,
        Code::E013,
        Code::E014,
        Code::E015,
        Code::E016,
        Code::E017,
        Code::E018,
        Code::E019,
        Code::E020,
        Code::E021,
        Code::E022,
        Code::E023,
        Code::E024,
        Code::E025,
        Code::E026,
        Code::E027,
        Code::E028,
        Code::E030,
        Code::E031,
        Code::E032,
        Code::E033,
        Code::W001,
        Code::W002,
        Code::W003,
        Code::W004,
        Code::W005,
        Code::W006,
        Code::W007,
        Code::W008,
        Code::W009,
        Code::W010,
        Code::W011,
        Code::W012,
        Code::W013,
        Code::W014,
        Code::W015,
        Code::W016,
        Code::I001,
        Code::I002,
        Code::I003,
    ];

    /// The code as written: "E010".
    pub fn as_str(self) -> &'static str {
        // The variant's name is the code.
        match self {
            Code::E001 => "E001",
            Code::E002 => "E002",
            Code::E003 => "E003",
            Code::E004 => "E004",
            Code::E005 => "E005",
            Code::E006 => "E006",
            Code::E007 => "E007",
            Code::E008 => "E008",
            Code::E009 => "E009",
            Code::E010 => "E010",
            Code::E011 => "E011",
            Code::E012 => "E012",
            Code::E013 => "E013",
            Code::E014 => "E014",
            Code::E015 => "E015",
            Code::E016 => "E016",
            Code::E017 => "E017",
            Code::E018 => "E018",
            Code::E019 => "E019",
            Code::E020 => "E020",
            Code::E021 => "E021",
            Code::E022 => "E022",
            Code::E023 => "E023",
            Code::E024 => "E024",
            Code::E025 => "E025",
            Code::E026 => "E026",
            Code::E027 => "E027",
            Code::E028 => "E028",
            Code::E030 => "E030",
            Code::E031 => "E031",
            Code::E032 => "E032",
            Code::E033 => "E033",
            Code::W001 => "W001",
            Code::W002 => "W002",
            Code::W003 => "W003",
            Code::W004 => "W004",
            Code::W005 => "W005",
            Code::W006 => "W006",
            Code::W007 => "W007",
            Code::W008 => "W008",
            Code::W009 => "W009",
            Code::W010 => "W010",
            Code::W011 => "W011",
            Code::W012 => "W012",
            Code::W013 => "W013",
            Code::W014 => "W014",
            Code::W015 => "W015",
            Code::W016 => "W016",
            Code::I001 => "I001",
            Code::I002 => "I002",
            Code::I003 => "I003",
        }
    }

    /// The code written in any case ("e010"), if there is one.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// What the code is about, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Code::E001 => "a file or folder cannot be read",
            Code::E002 => "the site has no content folder",
            Code::E003 => {
                "the front matter or TOML file is not valid TOML, or a value has the wrong type"
            }
            Code::E004 => "a film folder name is not a valid slug",
            Code::E005 => "a film folder has no index.md",
            Code::E006 => "the file is not UTF-8 text",
            Code::E007 => "the front matter delimiters are missing",
            Code::E008 => "a name or title is empty or too long",
            Code::E009 => "a year or runtime is implausible",
            Code::E010 => "a score is out of range",
            Code::E011 => "the poster is not a file in the film's folder",
            Code::E012 => "a url is not an http or https address",
            Code::E013 => "a review has both score and rating",
            Code::E014 => "a rating cannot be converted",
            Code::E015 => "assigned without a score",
            Code::E016 => "a date is not a plain calendar date",
            Code::E017 => "a profile's file name does not match its name",
            Code::E018 => "a publication weight is out of range",
            Code::E019 => "a content file is too large",
            Code::E020 => "a setting in config.toml is invalid",
            Code::E021 => "a verdict is not one Marquee knows",
            Code::E022 => "two sources would be written to one URL",
            Code::E023 => "a field is not one Marquee knows",
            Code::E024 => "a required field is missing",
            Code::E025 => "the text holds a control character",
            Code::E026 => "a review without a byline names its critic",
            Code::E027 => "an alias is not a path within the site",
            Code::E028 => "a page's file name is not a valid slug",
            Code::E030 => "a template cannot be used",
            Code::E031 => "a poster cannot be used as an image",
            Code::E032 => "the output holds a file Marquee did not write",
            Code::E033 => "the output folder cannot be replaced by a build",
            Code::W001 => "a file is in a place Marquee does not read",
            Code::W002 => "a symbolic link is skipped",
            Code::W003 => "a review is dated in the future",
            Code::W004 => "a critic reviews the same film twice",
            Code::W005 => "a critic or publication is spelled two ways",
            Code::W006 => "a review is dated before its film's year",
            Code::W007 => "two films have the same title and year",
            Code::W008 => "a rating looks like a different scale",
            Code::W009 => "a film's poster file does not exist",
            Code::W010 => "base_url is not a full address",
            Code::W011 => "the site is over, or near, a limit of its host",
            Code::W012 => "an alias is the address of a page, or of another alias",
            Code::W013 => "a link to a review or profile is dead",
            Code::W014 => "a hidden file in static/ is not published",
            Code::W015 => "a navigation link leads to a draft",
            Code::W016 => "a file still holds the placeholder text `new` wrote",
            Code::I001 => "a verdict disagrees with its score",
            Code::I002 => "a rating is out of an unusual scale",
            Code::I003 => "robots.txt under a sub-path has no effect",
        }
    }

    /// What the problem is, why Marquee cares, and a correct example.
    pub fn explanation(self) -> &'static str {
        match self {
            Code::E001 => {
                "The operating system refused to read a file or folder of the site (permissions, a broken disk). The message carries the system's own reason. Check the file's permissions with `ls -l` and that the path exists."
            }
            Code::E002 => {
                "A site is a folder with `content/` in it (and usually `config.toml`). Run marquee in that folder or pass `--root DIR`.\n\n    my-site/\n      config.toml\n      content/films/pusher-1996/index.md"
            }
            Code::E003 => {
                "Front matter is TOML between two `+++` lines. Strings take double quotes, dates are bare (`date = 2013-07-15`), numbers are bare, lists use brackets. Unknown field names are errors so that a typo never silently does nothing; the message names the field and lists the valid ones.\n\n    +++\n    critic = \"Noel Murray\"\n    date = 2013-07-15\n    score = 83\n    +++"
            }
            Code::E004 => {
                "The folder name is the film's URL: lowercase ASCII letters and digits, in runs joined by single hyphens. Rename the folder to the suggested name.\n\n    content/films/pusher-1996/     valid\n    content/films/Pusher_1996/     not valid"
            }
            Code::E005 => {
                "Each folder under `content/films/` is a film and needs `index.md` with at least `title` and `year`.\n\n    +++\n    title = \"Pusher\"\n    year = 1996\n    +++\n    The synopsis, in Markdown."
            }
            Code::E006 => {
                "Content files must be UTF-8 text without NUL bytes. Re-save the file as UTF-8 in your editor; the diagnostic points at the first bad byte."
            }
            Code::E007 => {
                "Every Markdown content file starts with a line `+++`, then TOML, then another line `+++`, then the body. An empty file, a file without the first `+++` (or with YAML's `---`) and a file whose front matter is never closed are reported here."
            }
            Code::E008 => {
                "Titles, critic names, publication names and profile names need at least one letter or digit, because names become URLs; and a critic's or publication's name may make an address of at most 200 characters, since it names a folder of the published site. Write the name (shorter), or remove the field."
            }
            Code::E009 => {
                "`year` must be a four-digit year from 1850 to 2200; `runtime` a positive number of minutes.\n\n    year = 1996\n    runtime = 105"
            }
            Code::E010 => {
                "`score` is a whole number from 0 to 100. For a grade on the critic's own scale use `rating` instead and Marquee converts it. A review has one or the other:\n\n    score = 80\n\nor\n\n    rating = \"3.5/4\"    # becomes 88"
            }
            Code::E011 => {
                "`poster` names an image file beside the film's `index.md`: just the file name, no folders, no `..`, and not a symbolic link (links are never followed).\n\n    content/films/pusher-1996/poster.jpg\n    poster = \"poster.jpg\""
            }
            Code::E012 => {
                "Links to full reviews and profiles must be complete http or https addresses. Other schemes (javascript:, data:, file:) are refused because they can run code or leak files in readers' browsers.\n\n    url = \"https://example.com/reviews/pusher\""
            }
            Code::E013 => {
                "A review's grade is either a `score` (0-100) or a `rating` in the critic's own scale, never both: keep the one the critic published."
            }
            Code::E014 => {
                "Ratings are fractions out of 4, 5, 10 or 100 with the first number between 0 and the scale (\"3.5/4\", \"8/10\", \"72.5/100\"), or letter grades A+ to F (A+ 100, A 100, A- 91, B+ 83, B 75, B- 67, C+ 58, C 50, C- 42, D+ 33, D 25, D- 16, F 0). Anything else (\"5/4\", \"4/0\", \"Z+\", \"****\") is refused rather than guessed."
            }
            Code::E015 => {
                "`assigned = true` marks a score that the site's editors gave a review which carries no grade, so it needs a `score`.\n\n    score = 75\n    assigned = true"
            }
            Code::E016 => {
                "Dates are written bare as YYYY-MM-DD, without quotes or a time, and must exist on the calendar (no 2013-02-30).\n\n    date = 2013-07-15"
            }
            Code::E017 => {
                "Critic and publication profiles are found by the slug of their name, so `content/critics/noel-murray.md` must say `name = \"Noel Murray\"`. Rename the file to the suggested name."
            }
            Code::E018 => {
                "`weight` scales a publication's reviews in every Metascore: a number above 0 and at most 1000, taken to three decimals. 1.0 is the default; 2.0 counts twice."
            }
            Code::E019 => {
                "Content files may be at most 4 MB. Excerpts and synopses are short texts: keep the quote and link to the full review with `url`."
            }
            Code::E020 => {
                "`base_url` must be an http(s) URL or a path, `per_page` at least 1, and the score thresholds ordered: 0 <= mixed <= positive <= 100.\n\n    base_url = \"https://user.github.io/reviews/\"\n    [scores]\n    positive = 61\n    mixed = 40"
            }
            Code::E021 => {
                "A review's `verdict` is \"positive\", \"mixed\" or \"negative\"; \"fresh\" and \"rotten\" are read as positive and negative. Case does not matter.\n\n    verdict = \"Fresh\""
            }
            Code::E022 => {
                "Every file of the built site comes from one source: a film folder, a critic's or publication's name, a genre or other term, a static file, or a page Marquee makes itself (the film lists sorted by title, year, Metascore or % positive live at /films/title/, /films/year/...; the feeds, search index and sitemap at the root). When two sources claim the same path, one page would silently replace the other, so the build stops and names both. Rename the source you control, as the hint suggests: a film folder with the year in it never collides with a list.\n\n    content/films/title/        collides with the list /films/title/\n    content/films/title-2024/   its own page\n\nThe same holds for the anchor of each review on its film's page (`#review-…`): a review file's name, or an entry of reviews.toml's byline. Two reviews with one anchor would make links and feed entries name the wrong review; rename the file, or move the second entry of a byline out of reviews.toml into a file of its own."
            }
            Code::E023 => {
                "Front matter, `reviews.toml` and `config.toml` accept only the fields Marquee reads; a misspelt field would otherwise silently do nothing. The message names the field and lists the valid ones. The field is set aside and the rest of the file is still checked, so every problem shows in one run.\n\n    critc = \"Noel Murray\"     # unknown: did you mean `critic`?"
            }
            Code::E024 => {
                "A film's `index.md` needs `title` and `year`; a profile needs `name`. Add the field the message names.\n\n    +++\n    title = \"Pusher\"\n    year = 1996\n    +++"
            }
            Code::E025 => {
                "Pages and feeds cannot carry invisible control characters (U+0000-U+001F but tab and line breaks, U+007F-U+009F): an Atom feed holding one does not parse. The diagnostic points at the character, written raw in the file or as a TOML escape such as `\\u0007`. Delete it; text pasted from a Windows-1252 export often carries U+0085 where \"…\" was meant, and `marquee import` cleans those."
            }
            Code::E026 => {
                "`byline = false` marks a review whose source gives no byline at all: its card shows no \"Reviewed by\" line. A review without `critic` is otherwise shown as \"Staff [Not Credited]\". The two cannot go with a named critic: remove `byline = false`, or remove `critic`.\n\n    +++\n    byline = false\n    score = 80\n    +++"
            }
            Code::E027 => {
                "`aliases` lists the old addresses of a film, page, critic or publication, so that links to them keep working after a rename: each is written as a small page that sends readers on (and, for hosts that read it, a rule in `_redirects`). An alias is a path from the site's root: it starts with `/`, has no `..`, `?`, `#` or spaces, and is not the home page. Under a sub-path `base_url` it is still written from the site's root (`/films/old/` becomes `/reviews/films/old/`).\n\n    aliases = [\"/films/pusher/\", \"/pusher.html\"]"
            }
            Code::E028 => {
                "A free-form page's file name becomes its address: `content/pages/about.md` is published at `/about/`. Use lowercase letters, digits and single hyphens, and rename the file as the message suggests."
            }
            Code::E030 => {
                "A template in the site's `templates/` folder (or one it extends or includes) has a syntax error, or refers to something that does not exist. The message shows Tera's report with the line. docs/templates.md in Marquee's repository lists what each template receives."
            }
            Code::E031 => {
                "Marquee publishes each poster resized to a few widths (WebP, plus a JPEG or PNG copy for older browsers), so it must be able to decode it. It refuses a file over 40 MB, a picture over 40 megapixels or 16,384 pixels a side (judged from the file's header, before decoding, so that a small file claiming a huge picture cannot exhaust memory), a file holding data that inflates far beyond its size (a PNG colour profile over 16 MB: every read of a poster is limited in the memory it may take), and a file that is cut short (found when the site is read, by `check` too) or damaged inside (found when `build` decodes it). Save a smaller or repaired copy as JPEG or PNG; 1,000 pixels wide is more than any page shows."
            }
            Code::E032 => {
                "A build replaces the whole output folder, so a file someone else put there (a `CNAME` for GitHub Pages, a download, notes) would be deleted with the previous output. Marquee knows the files it wrote from the list in the output's `.marquee-output` file, and stops the build rather than delete any other (a folder that holds nothing of Marquee's is named once). Move a file that should be published into the site's `static/` folder, at the same place (`static/CNAME` is published as `CNAME`); move anything else out of the output; or build with `--clean` to delete them. A `.git` at the top of the output is never deleted: it is carried over to the new output, so the output can be a worktree of a publishing branch."
            }
            Code::E033 => {
                "A build replaces its whole output folder with the new site in one step, so it refuses a folder that is not safe to replace: the filesystem root, your home folder, the site's own folder or its sources (`content/`, `templates/`, `static/`, `config.toml`, `.marquee-cache/`), a file, a non-empty folder Marquee did not make (no `.marquee-output` file in it), a mount point, or a folder with a mount point inside it (a volume bound at `public/api`: replacing the output would move the volume away, and removing the old output would empty it). `check` says so before a build is tried. Choose another `--output`, empty the folder yourself (a file to publish, such as a `CNAME`, goes into `static/`), or unmount the volume."
            }
            Code::W001 => {
                "Only these places are read: `content/films/<slug>/index.md`, `content/films/<slug>/reviews/*.md`, `content/films/<slug>/reviews.toml`, images beside a film's `index.md`, `content/critics/*.md`, `content/publications/*.md` and `content/pages/*.md`. A file elsewhere is probably misplaced."
            }
            Code::W002 => {
                "Marquee never follows symbolic links inside a site's folders, so that content cannot make it read files outside the site or loop forever. Copy the file into the site instead. (The folders `content/`, `templates/` and `static/` themselves may be links: they are followed.)"
            }
            Code::W003 => {
                "The review's date is after today, your own date where you are (the system's time zone, or `TZ`). It is built as written; check the year."
            }
            Code::W004 => {
                "Two review files of one film have the same critic (names compared by their slug). Usually a file was copied or imported twice; remove one, or correct the critic's name."
            }
            Code::W005 => {
                "Two spellings of a name differ only in punctuation, spaces or case (\"The A.V. Club\" and \"The AV Club\"). Where their slugs differ they become two pages and split the statistics; where the slugs agree they share a page under the first spelling. Use one spelling everywhere."
            }
            Code::W006 => {
                "The review's date is earlier than the film's `year`. Festival reviews can precede a release, but usually the date or the year is wrong."
            }
            Code::W007 => {
                "Two film folders have the same title and year. If they are the same film, merge the reviews into one folder; if they are different films, nothing needs to change. Films that `marquee import` created as two (\"Home\" and \"HOME\" are two titles to it) come back as two at the next import unless the export names them alike: correct the title in the export, or give the film the export's id (`ids` in its index.md) and import with --id-column."
            }
            Code::W008 => {
                "A fraction rating whose scale looks wrong: a critic who rates almost always out of one scale (\"3/4\", \"2.5/4\") gives one rating out of another (\"3/5\"), or a small mark is written out of 100 (\"7/100\", probably 7/10). Each is read as written, so a slip changes the score: 3/5 is 60, 3/4 would be 75. Fix the rating if it is a typo; a critic who really changed scales can ignore this."
            }
            Code::W009 => {
                "The film's `poster` names a file that is not in the film's folder, so the page is built without a poster (and without a preview image for links shared on social sites). Add the image beside `index.md` or remove the field; with --strict this is an error."
            }
            Code::W010 => {
                "Canonical links, the sitemap, Atom feed ids and links, and Open Graph tags must be absolute URLs to mean anything once the site is published. With a `base_url` such as \"/\" they are relative, and feed ids are made up. Set `base_url` to where the site will live, or pass it when you build for a host (the deployment guides do). `serve` always uses its own address, so the preview never warns. This warning stays a warning under --strict.\n\n    base_url = \"https://reviews.example.com/\"\n    marquee build --base-url \"https://user.github.io/reviews/\""
            }
            Code::W011 => {
                "With `[publish] host` set, `build` checks the written site against the limits that host documents: GitHub Pages 1 GB; GitLab Pages 1 GB and 200,000 files; Cloudflare Pages 20,000 files (100,000 on a paid plan) of at most 25 MiB each. It warns when the site is over a limit, and when it is near one (80%), so that the next films do not break the next deployment. The help says what would bring the site under: the per-film feeds and JSON files are the first to go. Netlify and S3 have no limit Marquee checks.\n\n    [publish]\n    host = \"github-pages\""
            }
            Code::W012 => {
                "An alias would be written where a page of the site already is (or where an earlier alias is): the page wins and the alias is not written. Remove the alias, or rename what it collides with.\n\n    aliases = [\"/films/\"]     # the film list lives there"
            }
            Code::W013 => {
                "`marquee check --links` asks every review's and profile's `url` over the network (a few at a time, each with a time limit) and warns about those that answer 404 or 410, fail with a server error, or do not answer at all. Sites move: link to an archived copy, or remove the `url`. Without `--links`, `check` uses no network."
            }
            Code::W014 => {
                "Every file in `static/` is published at the same place in the output, but for names that begin with a dot: hidden files (`.env`, `.htaccess`, a `.git` folder) are often there by accident and could leak what they hold. Two are published because static hosts read them: `static/.nojekyll` (GitHub Pages serves the site as it is) and the whole `static/.well-known/` folder (`security.txt`, domain checks). Any other is skipped with this warning. To publish it, rename it without the leading dot, or put it in `static/.well-known/` if it belongs there; if it is not for the site, move it out of `static/`. Editors' temporary files (`*~`, `*.swp`, `.DS_Store` and the like) are skipped without a word."
            }
            Code::W015 => {
                "A `[[nav]]` link in config.toml points at a film or page marked `draft = true`. Drafts are left out of `build`, so the link would be broken on every page of the published site (`serve` shows drafts, so the preview hides the problem). Publish the page (remove `draft = true`), or remove the link until it is ready."
            }
            Code::W016 => {
                "`marquee new film` and `marquee new review` write a file that builds at once, with a line of placeholder text where the synopsis or the excerpt goes (\"The synopsis, in Markdown.\", \"The excerpt, in Markdown.\"). Published as it is, the placeholder would be the review's quote on the page. Replace it with the real text (`new review --excerpt \"...\"` writes it at once), or delete it to publish the review without a quote."
            }
            Code::I001 => {
                "The critic's verdict (say Rotten) differs from the band of the review's score (a \"2.5/4\" is 63, positive). The verdict decides the review's band; this note only points it out."
            }
            Code::I002 => {
                "Ratings may be out of any whole number from 2 to 100, but most critics grade out of 4, 5, 10 or 100. A rating like \"5/6\" or \"14/20\" is used as written (83 and 70); this note only asks you to make sure the scale is the critic's and not a typo. `marquee check` shows notes; `build` does not.\n\n    rating = \"14/20\""
            }
            Code::I003 => {
                "Crawlers look for robots.txt only at the root of a host (https://example.com/robots.txt). A site published under a sub-path, such as a GitHub project site at https://user.github.io/reviews/, still gets its robots.txt, but no crawler reads it there. The sitemap it names is still valid: submit sitemap.xml to search engines yourself, or publish the site at a host's root."
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
