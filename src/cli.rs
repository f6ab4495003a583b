//! Command-line arguments (clap derive). One variant per subcommand; each is run by the
//! module of the same name under [`crate::cmd`].

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Marquee builds a film review aggregation website from a folder of review files.
#[derive(Debug, Parser)]
#[command(name = "marquee", version, about, propagate_version = true)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build(BuildArgs),
    /// Check every file and report every problem; writes nothing.
    Check(CheckArgs),
    /// Build the site and serve it on this machine for preview.
    Serve(ServeArgs),
    /// Turn other tools' data into content files.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Create a new site that builds at once, in a new or empty folder.
    Init(InitArgs),
    /// Create a film or a review file.
    #[command(subcommand)]
    New(NewCommand),
    /// Work with the theme: the templates and static files pages are made with.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

/// What `marquee theme` does.
#[derive(Debug, Subcommand)]
pub(crate) enum ThemeCommand {
    /// Write the built-in templates, static files and language files into a site, to edit
    /// them there.
    Export(ThemeExportArgs),
}

/// Arguments of `marquee theme export`.
#[derive(Debug, clap::Args)]
pub(crate) struct ThemeExportArgs {
    /// The files to write, by name (`film.html`, `style.css`, `i18n/fr.toml`, or
    /// `templates/film.html`) [default: every template, static file and language file of the
    /// theme].
    pub names: Vec<String>,
    /// The site's root folder, to write `templates/`, `static/` and `i18n/` into.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Arguments of `marquee init`.
#[derive(Debug, clap::Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in (new or empty).
    pub dir: PathBuf,
}

/// What `marquee new` creates.
#[derive(Debug, Subcommand)]
pub(crate) enum NewCommand {
    /// A film: `content/films/<slug>/index.md` with every field present.
    Film(NewFilmArgs),
    /// A review of an existing film.
    Review(NewReviewArgs),
}

/// Arguments of `marquee new film`.
#[derive(Debug, clap::Args)]
pub(crate) struct NewFilmArgs {
    /// The film's title.
    pub title: String,
    /// The release year.
    #[arg(long)]
    pub year: u16,
    /// The folder name [default: the title's slug and the year].
    #[arg(long)]
    pub slug: Option<String>,
    /// The synopsis, in Markdown [default: a placeholder that check and build point out].
    #[arg(long)]
    pub synopsis: Option<String>,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Arguments of `marquee new review`.
#[derive(Debug, clap::Args)]
pub(crate) struct NewReviewArgs {
    /// The film's slug (its folder name).
    pub film: String,
    /// The critic's name (leave out for an uncredited review).
    #[arg(long)]
    pub critic: Option<String>,
    /// The publication's name.
    #[arg(long)]
    pub publication: Option<String>,
    /// A score from 0 to 100.
    #[arg(long, conflicts_with = "rating")]
    pub score: Option<u8>,
    /// A rating in the critic's scale: "3.5/4", "8/10", "B+", "★★★½", "4 out of 5".
    #[arg(long)]
    pub rating: Option<String>,
    /// The critic's verdict: positive, mixed, negative (or fresh, rotten).
    #[arg(long)]
    pub verdict: Option<String>,
    /// The review's date, YYYY-MM-DD.
    #[arg(long)]
    pub date: Option<String>,
    /// The address of the full review (http or https).
    #[arg(long)]
    pub url: Option<String>,
    /// The excerpt, in Markdown [default: a placeholder that check and build point out].
    #[arg(long)]
    pub excerpt: Option<String>,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// The formats `marquee import` reads.
#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// A CSV with one review per row; writes one folder per film, one file per review.
    Csv(Box<ImportCsvArgs>),
}

/// Arguments of `marquee import csv`. A column not named here is taken from the preset
/// (`--from`), else from the usual review-export names, when the CSV has it.
#[derive(Debug, clap::Args)]
pub(crate) struct ImportCsvArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The export the CSV comes from, which names its columns and its scale.
    #[arg(long, value_enum)]
    pub from: Option<ImportPreset>,
    /// Column with the film's title (with --year-column, how a film without an id is found).
    #[arg(long, required_unless_present_any = ["id_column", "from"])]
    pub film_column: Option<String>,
    /// Column with the film's id in a catalogue (TMDb, IMDb...), kept in the film's index.md
    /// as `ids`: how the film is found again whatever its title.
    #[arg(long, alias = "folder-column")]
    pub id_column: Option<String>,
    /// The catalogue the ids are from, as named in `ids` [default: the id column's name].
    #[arg(long)]
    pub id_source: Option<String>,
    /// Column with the film's year (needed for films that have no folder yet).
    #[arg(long)]
    pub year_column: Option<String>,
    /// Column with the critic's name (empty: uncredited) [default: critic_name].
    #[arg(long)]
    pub critic_column: Option<String>,
    /// The critic of every row, for one person's export (a Letterboxd export needs it).
    #[arg(long, conflicts_with = "critic_column")]
    pub critic: Option<String>,
    /// Column with the publication's name [default: publisher_name].
    #[arg(long)]
    pub publication_column: Option<String>,
    /// The publication of every row.
    #[arg(long, conflicts_with = "publication_column")]
    pub publication: Option<String>,
    /// Column with the verdict, Fresh/Rotten or positive/mixed/negative [default: review_type].
    #[arg(long)]
    pub verdict_column: Option<String>,
    /// Column with the grade: "3.5/5", "B", a bare number or empty [default: review_score].
    #[arg(long)]
    pub score_column: Option<String>,
    /// What bare numbers in the score column are out of: 5 for stars, 10 for marks out of
    /// 10 (decimals allowed) [default: 100].
    #[arg(long, value_parser = clap::value_parser!(u8).range(2..=100))]
    pub scale: Option<u8>,
    /// Column with the review's date, YYYY-MM-DD [default: review_date].
    #[arg(long)]
    pub date_column: Option<String>,
    /// Column with the excerpt [default: review_content].
    #[arg(long)]
    pub excerpt_column: Option<String>,
    /// Column with the link to the full review.
    #[arg(long)]
    pub url_column: Option<String>,
    /// Column saying whether the critic is a top critic (True/False), kept on the review.
    #[arg(long)]
    pub top_critic_column: Option<String>,
    /// Column with the export's own id of each review: how a review is found again whatever
    /// else the export corrects in it.
    #[arg(long)]
    pub review_id_column: Option<String>,
    /// Accept quoted fields that run over several lines (by default an error, since an
    /// unbalanced quote swallows the rows after it).
    #[arg(long)]
    pub multiline: bool,
    /// Replace reviews already in the site that differ from their row (otherwise they are
    /// reported and left alone).
    #[arg(long)]
    pub update: bool,
    /// Write nothing unless every row can be imported and every file written.
    #[arg(long)]
    pub strict: bool,
}

/// The exports `import csv --from` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ImportPreset {
    /// Letterboxd's reviews.csv or diary.csv: Name, Year, Rating (out of 5), Review,
    /// Watched Date, Letterboxd URI; one person's, named with --critic.
    Letterboxd,
    /// The Rotten Tomatoes critic reviews dataset: rotten_tomatoes_link (the film's id),
    /// critic_name, top_critic, publisher_name, review_type, review_score, review_date,
    /// review_content.
    RottenTomatoes,
}

/// Arguments of `marquee build`.
#[derive(Debug, clap::Args)]
pub(crate) struct BuildArgs {
    /// The site's root folder (the one with config.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/public].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override `base_url` from config.toml, e.g. for a preview deployment.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    pub quiet: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// When another build is writing the same output, fail at once instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
    /// Include the films, reviews and pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build every page even when nothing changed since the last build into this output.
    #[arg(long)]
    pub force: bool,
    /// Delete files in the output folder that Marquee did not write (they stop the build
    /// otherwise); its `.git` is always kept.
    #[arg(long)]
    pub clean: bool,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// rustc-style text with the offending line and a caret.
    Human,
    /// One JSON array of diagnostics, for editors and CI bots.
    Json,
}

/// Arguments of `marquee check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The output folder to look for files Marquee did not write in [default: ROOT/public].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Check the site as `build --base-url URL` would build it.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Leave out the notes (I codes), which point at what is probably right but worth a look.
    #[arg(long)]
    pub quiet_notes: bool,
    /// Print the long explanation of a diagnostic code (such as E010) and exit; without a
    /// code, list every code.
    #[arg(long, value_name = "CODE", num_args = 0..=1, default_missing_value = "")]
    pub explain: Option<String>,
    /// Check the drafts as part of the site, as `build --drafts` would build them (their
    /// files are checked for errors either way).
    #[arg(long)]
    pub drafts: bool,
    /// Also ask every review's and profile's `url` over the network, and warn about dead ones.
    #[arg(long)]
    pub links: bool,
    /// With --links: seconds to wait for each address before calling it dead.
    #[arg(long, default_value_t = 10, value_name = "SECONDS", requires = "links")]
    pub link_timeout: u64,
}

/// Arguments of `marquee serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct ServeArgs {
    /// The site's root folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on (0: a free one, given in the address serve prints).
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; the default keeps the preview private to this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    /// Where to write the preview build [default: a temporary folder].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Open the site in the web browser ($BROWSER if set, else the system's default).
    #[arg(long)]
    pub open: bool,
    /// Leave drafts out, as `build` does (the preview shows them, marked, by default).
    #[arg(long)]
    pub no_drafts: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
