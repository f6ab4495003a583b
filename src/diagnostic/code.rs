//! Every diagnostic code: one code per meaning, with its title and the explanation that
//! `marquee check --explain` prints and the diagnostics reference is generated from.

use std::fmt;

use serde::{Serialize, Serializer};

use super::Severity;

/// Declares every code once, with its severity, title and explanation: the enum, and the
/// tables `check --explain` and the diagnostics reference are made of, cannot drift apart.
macro_rules! codes {
    ($($code:ident $severity:ident $title:literal $explanation:literal;)*) => {
        /// What a diagnostic is about: a stable identifier people and tools can look up. `E`
        /// codes are errors, `W` warnings (errors under `--strict`), `I` notes.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $title]
                $code,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$code),*];

            /// The code as written ("E010").
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => stringify!($code),)*
                }
            }

            /// What the code is about, in a few words.
            pub fn title(self) -> &'static str {
                match self {
                    $(Code::$code => $title,)*
                }
            }

            /// What the problem is, why Marquee cares, and a correct example.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$code => $explanation,)*
                }
            }

            /// How grave a problem of this code is, unless `--strict` makes a warning an
            /// error.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$code => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    E001 Error
        "a file or folder cannot be read"
        "The operating system refused to read a file or folder of the site (permissions, a broken disk). The message carries the system's own reason. Check the file's permissions with `ls -l` and that the path exists.";
    E002 Error
        "the site has no content folder"
        "A site is a folder with `content/` in it (and usually `config.toml`). Run marquee in that folder or pass `--root DIR`.\n\n    my-site/\n      config.toml\n      content/films/pusher-1996/index.md";
    E003 Error
        "the front matter or TOML file is not valid TOML, or a value has the wrong type"
        "Front matter is TOML between two `+++` lines. Strings take double quotes, dates are bare (`date = 2013-07-15`), numbers are bare, lists use brackets. Unknown field names are errors so that a typo never silently does nothing; the message names the field and lists the valid ones.\n\n    +++\n    critic = \"Noel Murray\"\n    date = 2013-07-15\n    score = 83\n    +++";
    E004 Error
        "a film folder name is not a valid slug"
        "The folder name is the film's URL: lowercase ASCII letters and digits, in runs joined by single hyphens. Rename the folder to the suggested name.\n\n    content/films/pusher-1996/     valid\n    content/films/Pusher_1996/     not valid";
    E005 Error
        "a film folder has no index.md"
        "Each folder under `content/films/` is a film and needs `index.md` with at least `title` and `year`.\n\n    +++\n    title = \"Pusher\"\n    year = 1996\n    +++\n    The synopsis, in Markdown.";
    E006 Error
        "the file is not UTF-8 text"
        "Content files must be UTF-8 text without NUL bytes. Re-save the file as UTF-8 in your editor; the diagnostic points at the first bad byte.";
    E007 Error
        "the front matter delimiters are missing"
        "Every Markdown content file starts with a line `+++`, then TOML, then another line `+++`, then the body. An empty file, a file without the first `+++` (or with YAML's `---`) and a file whose front matter is never closed are reported here.";
    E008 Error
        "a name or title is empty or too long"
        "Titles, critic names, publication names and profile names need at least one letter or digit, because names become URLs; and a critic's or publication's name may make an address of at most 200 characters, since it names a folder of the published site. Write the name (shorter), or remove the field.";
    E009 Error
        "a year or runtime is implausible"
        "`year` must be a four-digit year from 1850 to 2200; `runtime` a positive number of minutes.\n\n    year = 1996\n    runtime = 105";
    E010 Error
        "a score is out of range"
        "`score` is a whole number from 0 to 100. For a grade on the critic's own scale use `rating` instead and Marquee converts it. A review has one or the other:\n\n    score = 80\n\nor\n\n    rating = \"3.5/4\"    # becomes 88";
    E011 Error
        "the poster is not a file in the film's folder"
        "`poster` names an image file beside the film's `index.md`: just the file name, no folders, no `..`, and not a symbolic link (links are never followed).\n\n    content/films/pusher-1996/poster.jpg\n    poster = \"poster.jpg\"";
    E012 Error
        "a url is not an http or https address"
        "Links to full reviews and profiles must be complete http or https addresses. Other schemes (javascript:, data:, file:) are refused because they can run code or leak files in readers' browsers.\n\n    url = \"https://example.com/reviews/pusher\"";
    E013 Error
        "a review has both score and rating"
        "A review's grade is either a `score` (0-100) or a `rating` in the critic's own scale, never both: keep the one the critic published.";
    E014 Error
        "a rating cannot be converted"
        "Ratings are fractions out of 4, 5, 10 or 100 with the first number between 0 and the scale (\"3.5/4\", \"8/10\", \"72.5/100\"), or letter grades A+ to F (A+ 100, A 100, A- 91, B+ 83, B 75, B- 67, C+ 58, C 50, C- 42, D+ 33, D 25, D- 16, F 0). Anything else (\"5/4\", \"4/0\", \"Z+\", \"****\") is refused rather than guessed.";
    E015 Error
        "assigned without a score"
        "`assigned = true` marks a score that the site's editors gave a review which carries no grade, so it needs a `score`.\n\n    score = 75\n    assigned = true";
    E016 Error
        "a date is not a plain calendar date"
        "Dates are written bare as YYYY-MM-DD, without quotes or a time, and must exist on the calendar (no 2013-02-30).\n\n    date = 2013-07-15";
    E017 Error
        "a profile's file name does not match its name"
        "Critic and publication profiles are found by the slug of their name, so `content/critics/noel-murray.md` must say `name = \"Noel Murray\"`. Rename the file to the suggested name.";
    E018 Error
        "a publication weight is out of range"
        "`weight` scales a publication's reviews in every Metascore: a number above 0 and at most 1000, taken to three decimals. 1.0 is the default; 2.0 counts twice.";
    E019 Error
        "a content file is too large"
        "Content files may be at most 4 MiB. Excerpts and synopses are short texts: keep the quote and link to the full review with `url`.";
    E020 Error
        "a setting in config.toml is invalid"
        "`base_url` must be an http(s) URL or a path, `per_page` at least 1, and the score thresholds ordered: 0 <= mixed <= positive <= 100.\n\n    base_url = \"https://user.github.io/reviews/\"\n    [scores]\n    positive = 61\n    mixed = 40";
    E021 Error
        "a verdict is not one Marquee knows"
        "A review's `verdict` is \"positive\", \"mixed\" or \"negative\"; \"fresh\" and \"rotten\" are read as positive and negative. Case does not matter.\n\n    verdict = \"Fresh\"";
    E022 Error
        "two sources would be written to one URL"
        "Every file of the built site comes from one source: a film folder, a critic's or publication's name, a genre or other term, a static file, or a page Marquee makes itself (the film lists sorted by title, year, Metascore or % positive live at /films/title/, /films/year/...; the feeds, search index and sitemap at the root). When two sources claim the same path, one page would silently replace the other, so the build stops and names both. Rename the source you control, as the hint suggests: a film folder with the year in it never collides with a list.\n\n    content/films/title/        collides with the list /films/title/\n    content/films/title-2024/   its own page\n\nThe same holds for the anchor of each review on its film's page (`#review-…`): a review file's name, or an entry of reviews.toml's byline. Two reviews with one anchor would make links and feed entries name the wrong review; rename the file, or move the second entry of a byline out of reviews.toml into a file of its own.";
    E023 Error
        "a field is not one Marquee knows"
        "Front matter, `reviews.toml` and `config.toml` accept only the fields Marquee reads; a misspelt field would otherwise silently do nothing. The message names the field and lists the valid ones. The field is set aside and the rest of the file is still checked, so every problem shows in one run.\n\n    critc = \"Noel Murray\"     # unknown: did you mean `critic`?";
    E024 Error
        "a required field is missing"
        "A film's `index.md` needs `title` and `year`; a profile needs `name`. Add the field the message names.\n\n    +++\n    title = \"Pusher\"\n    year = 1996\n    +++";
    E025 Error
        "the text holds a control character"
        "Pages and feeds cannot carry invisible control characters (U+0000-U+001F but tab and line breaks, U+007F-U+009F): an Atom feed holding one does not parse. The diagnostic points at the character, written raw in the file or as a TOML escape such as `\\u0007`. Delete it; text pasted from a Windows-1252 export often carries U+0085 where \"…\" was meant, and `marquee import` cleans those.";
    E026 Error
        "a review without a byline names its critic"
        "`byline = false` marks a review whose source gives no byline at all: its card shows no \"Reviewed by\" line. A review without `critic` is otherwise shown as \"Staff [Not Credited]\". The two cannot go with a named critic: remove `byline = false`, or remove `critic`.\n\n    +++\n    byline = false\n    score = 80\n    +++";
    E027 Error
        "an alias is not a path within the site"
        "`aliases` lists the old addresses of a film, page, critic or publication, so that links to them keep working after a rename: each is written as a small page that sends readers on (and, for hosts that read it, a rule in `_redirects`). An alias is a path from the site's root: it starts with `/`, has no `..`, `?`, `#` or spaces, and is not the home page. Under a sub-path `base_url` it is still written from the site's root (`/films/old/` becomes `/reviews/films/old/`).\n\n    aliases = [\"/films/pusher/\", \"/pusher.html\"]";
    E028 Error
        "a page's file name is not a valid slug"
        "A free-form page's file name becomes its address: `content/pages/about.md` is published at `/about/`. Use lowercase letters, digits and single hyphens, and rename the file as the message suggests.";
    E030 Error
        "a template cannot be used"
        "A template in the site's `templates/` folder (or one it extends or includes) has a syntax error, or refers to something that does not exist. The message shows Tera's report with the line. docs/templates.md in Marquee's repository lists what each template receives.";
    E031 Error
        "a poster cannot be used as an image"
        "Marquee publishes each poster resized to a few widths (WebP, plus a JPEG or PNG copy for older browsers), so it must be able to decode it. It refuses a file over 40 MiB, a picture over 40 megapixels or 16,384 pixels a side (judged from the file's header, before decoding, so that a small file claiming a huge picture cannot exhaust memory), a file holding data that inflates far beyond its size (a PNG colour profile over 16 MiB: every read of a poster is limited in the memory it may take), and a file that is cut short (found when the site is read, by `check` too) or damaged inside (found when `build` decodes it). Save a smaller or repaired copy as JPEG or PNG; 1,000 pixels wide is more than any page shows.";
    E032 Error
        "the output holds a file Marquee did not write"
        "A build replaces the whole output folder, so a file someone else put there (a `CNAME` for GitHub Pages, a download, notes) would be deleted with the previous output. Marquee knows the files it wrote from the list in the output's `.marquee-output` file, and stops the build rather than delete any other (a folder that holds nothing of Marquee's is named once). Move a file that should be published into the site's `static/` folder, at the same place (`static/CNAME` is published as `CNAME`); move anything else out of the output; or build with `--clean` to delete them. A `.git` at the top of the output is never deleted: it is carried over to the new output, so the output can be a worktree of a publishing branch.";
    E033 Error
        "the output folder cannot be replaced by a build"
        "A build replaces its whole output folder with the new site in one step, so it refuses a folder that is not safe to replace: the filesystem root, your home folder, the site's own folder or its sources (`content/`, `templates/`, `static/`, `config.toml`, `.marquee-cache/`), a file, a non-empty folder Marquee did not make (no `.marquee-output` file in it), a mount point, or a folder with a mount point inside it (a volume bound at `public/api`: replacing the output would move the volume away, and removing the old output would empty it). `check` says so before a build is tried. Choose another `--output`, empty the folder yourself (a file to publish, such as a `CNAME`, goes into `static/`), or unmount the volume.";
    E034 Error
        "a film's consensus is not one short paragraph"
        "A film's `consensus` is the editors' verdict in a sentence or two, shown under the score, in the page's description for search engines and link previews, and in the JSON export. It is Markdown (emphasis and links work) but must be one paragraph: no blank line, list, heading, quote or code block, and at most 300 characters, so that it reads whole wherever it is shown. Shorten it, or move the longer text into the synopsis (the body of index.md).\n\n    consensus = \"A *raw*, relentless debut that never blinks.\"";
    E035 Error
        "a review's language is not a language tag"
        "A review written in another language than the site's can say so with `language`, a BCP 47 tag: two or three letters for the language, then optional subtags joined by hyphens for the script or region (\"en\", \"fr\", \"pt-BR\", \"zh-Hant\"). Its card on every page then carries that `lang`, so that browsers hyphenate it and screen readers pronounce it in its own language. Names such as \"English\" and underscores (\"en_US\") are not tags.\n\n    language = \"pt-BR\"";
    E036 Error
        "a language file cannot be read"
        "A site's `i18n/<language>.toml` changes or adds the words Marquee writes on its pages. It is TOML: `key = \"text\"` under `[group]` headings, each key one of Marquee's (its i18n/en.toml lists them all), each in the shape English gives it: a string, a list of strings (the months), or plural forms (`one`, `other` and, as the language needs, `zero`, `two`, `few`, `many`). Fix the file at the place named.\n\n    [nav]\n    films = \"Films\"\n\n    [count]\n    films = { one = \"{count} film\", other = \"{count} films\" }";
    E037 Error
        "the site's language is not a language tag"
        "`language` in config.toml names the language of the site's pages: it sets `<html lang>` and picks the file of words Marquee writes them with (`i18n/<language>.toml`). It is a BCP 47 tag: two or three letters for the language, then optional subtags joined by hyphens for the script or region (\"en\", \"fr\", \"pt-BR\", \"zh-Hant\"). Names such as \"français\", underscores (\"fr_FR\") and paths are not tags.\n\n    language = \"fr\"";
    W001 Warning
        "a file is in a place Marquee does not read"
        "Only these places are read: `content/films/<slug>/index.md`, `content/films/<slug>/reviews/*.md`, `content/films/<slug>/reviews.toml`, images beside a film's `index.md`, `content/critics/*.md`, `content/publications/*.md` and `content/pages/*.md`. A file elsewhere is probably misplaced.";
    W002 Warning
        "a symbolic link is skipped"
        "Marquee never follows symbolic links inside a site's folders, so that content cannot make it read files outside the site or loop forever. Copy the file into the site instead. (The folders `content/`, `templates/`, `static/` and `i18n/` themselves may be links: they are followed.)";
    W003 Warning
        "a review is dated in the future"
        "The review's date is after today, your own date where you are (the system's time zone, or `TZ`). It is built as written; check the year.";
    W004 Warning
        "a critic reviews the same film twice"
        "Two review files of one film have the same critic (names compared by their slug). Usually a file was copied or imported twice; remove one, or correct the critic's name.";
    W005 Warning
        "a critic, publication or person is spelled two ways"
        "Two spellings of a name differ only in punctuation, spaces or case (\"The A.V. Club\" and \"The AV Club\", or a director written \"LIO VARGA\" in one film and \"Lio Varga\" in another). Where their slugs differ they become two pages and split the statistics; where the slugs agree they share a page under the first spelling. Use one spelling everywhere.";
    W006 Warning
        "a review is dated before its film's year"
        "The review's date is earlier than the film's `year`. Festival reviews can precede a release, but usually the date or the year is wrong.";
    W007 Warning
        "two films have the same title and year"
        "Two film folders have the same title and year. If they are the same film, merge the reviews into one folder; if they are different films, nothing needs to change. Films that `marquee import` created as two (\"Home\" and \"HOME\" are two titles to it) come back as two at the next import unless the export names them alike: correct the title in the export, or give the film the export's id (`ids` in its index.md) and import with --id-column.";
    W008 Warning
        "a rating looks like a different scale"
        "A fraction rating whose scale looks wrong: a critic who rates almost always out of one scale (\"3/4\", \"2.5/4\") gives one rating out of another (\"3/5\"), or a small mark is written out of 100 (\"7/100\", probably 7/10). Each is read as written, so a slip changes the score: 3/5 is 60, 3/4 would be 75. Fix the rating if it is a typo; a critic who really changed scales can ignore this.";
    W009 Warning
        "a film's poster file does not exist"
        "The film's `poster` names a file that is not in the film's folder, so the page is built without a poster (and without a preview image for links shared on social sites). Add the image beside `index.md` or remove the field; with --strict this is an error.";
    W010 Warning
        "base_url is not a full address"
        "Canonical links, the sitemap, Atom feed ids and links, and Open Graph tags must be absolute URLs to mean anything once the site is published. With a `base_url` such as \"/\" they are relative, and feed ids are made up. Set `base_url` to where the site will live, or pass it when you build for a host (the deployment guides do). `serve` always uses its own address, so the preview never warns. This warning stays a warning under --strict.\n\n    base_url = \"https://reviews.example.com/\"\n    marquee build --base-url \"https://user.github.io/reviews/\"";
    W011 Warning
        "the site is over, or near, a limit of its host"
        "With `[publish] host` set, `build` checks the written site against the limits that host documents: GitHub Pages 1 GB; GitLab Pages 1 GB and 200,000 files; Cloudflare Pages 20,000 files (100,000 on a paid plan) of at most 25 MiB each. It warns when the site is over a limit, and when it is near one (80%), so that the next films do not break the next deployment. The help says what would bring the site under: the per-film feeds and JSON files are the first to go. Netlify and S3 have no limit Marquee checks. A site may set limits of its own in `[publish.limits]` (`site_bytes`, `files`, `file_bytes`), which replace the host's one by one.\n\n    [publish]\n    host = \"github-pages\"";
    W012 Warning
        "an alias is the address of a page, or of another alias"
        "An alias would be written where a page of the site already is (or where an earlier alias is): the page wins and the alias is not written. Remove the alias, or rename what it collides with.\n\n    aliases = [\"/films/\"]     # the film list lives there";
    W013 Warning
        "a link to a review or profile is dead"
        "`marquee check --links` asks every review's and profile's `url` over the network (a few at a time, each with a time limit) and warns about those that answer 404 or 410, fail with a server error, or do not answer at all. Sites move: link to an archived copy, or remove the `url`. Without `--links`, `check` uses no network.";
    W014 Warning
        "a hidden file in static/ is not published"
        "Every file in `static/` is published at the same place in the output, but for names that begin with a dot: hidden files (`.env`, `.htaccess`, a `.git` folder) are often there by accident and could leak what they hold. Two are published because static hosts read them: `static/.nojekyll` (GitHub Pages serves the site as it is) and the whole `static/.well-known/` folder (`security.txt`, domain checks). Any other is skipped with this warning. To publish it, rename it without the leading dot, or put it in `static/.well-known/` if it belongs there; if it is not for the site, move it out of `static/`. Editors' temporary files (`*~`, `*.swp`, `.DS_Store` and the like) are skipped without a word.";
    W015 Warning
        "a navigation link leads to a draft"
        "A `[[nav]]` link in config.toml points at a film or page marked `draft = true`. Drafts are left out of `build`, so the link would be broken on every page of the published site (`serve` shows drafts, so the preview hides the problem). Publish the page (remove `draft = true`), or remove the link until it is ready.";
    W016 Warning
        "a file still holds the placeholder text `new` wrote"
        "`marquee new film` and `marquee new review` write a file that builds at once, with a line of placeholder text where the synopsis or the excerpt goes (\"The synopsis, in Markdown.\", \"The excerpt, in Markdown.\"). Published as it is, the placeholder would be the review's quote on the page. Replace it with the real text (`new review --excerpt \"...\"` writes it at once), or delete it to publish the review without a quote.";
    W017 Warning
        "a language file lacks keys, shown in English"
        "A site that adds a language of its own (`language` in config.toml, with `i18n/<language>.toml` beside it) should translate every key of Marquee's i18n/en.toml. Each key the file lacks is written in English on the pages; the warning names them. Translate them, or copy their English text on purpose.";
    W018 Warning
        "a language file has a key Marquee does not write"
        "Each key of a site's `i18n/<language>.toml` replaces one of Marquee's strings, named as in its i18n/en.toml (`nav.films`: `films` under `[nav]`). A key that is none of them is not used anywhere: it is probably misspelt or under the wrong heading.";
    W019 Warning
        "no language file for the site's language"
        "`language` in config.toml names a language Marquee has no strings for (built in: English, French, German, Spanish and Arabic) and the site has no `i18n/<language>.toml`. The pages keep `<html lang>` but are written in English. Write the file: copy Marquee's i18n/en.toml and translate each string.";
    I001 Note
        "a verdict disagrees with its score"
        "The critic's verdict (say Rotten) differs from the band of the review's score (a \"2.5/4\" is 63, positive). The verdict decides the review's band; this note only points it out.";
    I002 Note
        "a rating is out of an unusual scale"
        "Ratings may be out of any whole number from 2 to 100, but most critics grade out of 4, 5, 10 or 100. A rating like \"5/6\" or \"14/20\" is used as written (83 and 70); this note only asks you to make sure the scale is the critic's and not a typo. `marquee check` shows notes; `build` does not.\n\n    rating = \"14/20\"";
    I003 Note
        "robots.txt under a sub-path has no effect"
        "Crawlers look for robots.txt only at the root of a host (https://example.com/robots.txt). A site published under a sub-path, such as a GitHub project site at https://user.github.io/reviews/, still gets its robots.txt, but no crawler reads it there. The sitemap it names is still valid: submit sitemap.xml to search engines yourself, or publish the site at a host's root.";
}

impl Code {
    /// The code written in any case ("e010"), if there is one.
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
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
