//! `marquee serve`: build, then serve the output over HTTP on this machine.

use std::process::ExitCode;

use crate::cli::ServeArgs;
#[cfg(feature = "serve")]
use crate::{BuildError, cmd};

/// Builds the site with links pointing at the local server, then serves it until interrupted.
#[cfg(feature = "serve")]
pub fn run(args: &ServeArgs) -> ExitCode {
    use crate::serve::{Resolved, content_type, resolve};
    use tiny_http::{Header, Response, Server, StatusCode};

    let output = args
        .output
        .clone()
        .unwrap_or_else(|| preview_dir(&args.root));
    let address = format!("{}:{}", args.interface, args.port);
    let url = format!("http://{address}/");
    match crate::build(&args.root, &output, Some(&url)) {
        Ok(report) => {
            cmd::report(&cmd::without_notes(&report.warnings), cmd::WARNINGS_SHOWN);
            eprintln!(
                "built {} films, {} reviews in {:.2}s",
                report.films,
                report.reviews,
                report.elapsed.as_secs_f64()
            );
        }
        Err(BuildError::Invalid(diagnostics)) => {
            cmd::report(&diagnostics, cmd::WARNINGS_SHOWN);
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    }
    let server = match Server::http(&address) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on {address}: {e}");
            eprintln!("help: another program may be using the port; try --port 1112");
            return ExitCode::FAILURE;
        }
    };
    let root = match output.canonicalize() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: cannot open {}: {e}", output.display());
            return ExitCode::FAILURE;
        }
    };
    println!(
        "serving {} at {url} (press Ctrl-C to stop)",
        output.display()
    );
    let header = |name: &str, value: &str| {
        Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
    };
    for request in server.incoming_requests() {
        let response = match resolve(&root, request.url()) {
            Resolved::File(file) => match std::fs::read(&file) {
                Ok(bytes) => Response::from_data(bytes)
                    .with_header(header("Content-Type", content_type(&file))),
                Err(_) => {
                    Response::from_string("cannot read the file").with_status_code(StatusCode(500))
                }
            },
            Resolved::Redirect(to) => Response::from_string("")
                .with_status_code(StatusCode(301))
                .with_header(header("Location", &to)),
            Resolved::NotFound => {
                Response::from_data(std::fs::read(root.join("404.html")).unwrap_or_default())
                    .with_status_code(StatusCode(404))
                    .with_header(header("Content-Type", "text/html; charset=utf-8"))
            }
            Resolved::BadRequest => {
                Response::from_string("bad request").with_status_code(StatusCode(400))
            }
        };
        let _ = request.respond(response.with_header(header("Cache-Control", "no-store")));
    }
    ExitCode::SUCCESS
}

/// Without the `serve` feature there is no server to run.
#[cfg(not(feature = "serve"))]
pub fn run(_args: &ServeArgs) -> ExitCode {
    eprintln!("error: this marquee was built without the `serve` feature");
    ExitCode::FAILURE
}

/// Where a preview is built when no --output is given: a folder in the system's temporary
/// directory named after the site, so that the site's own `public/` is never touched.
#[cfg(feature = "serve")]
fn preview_dir(root: &std::path::Path) -> std::path::PathBuf {
    let abs = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let name = crate::model::slugify(&abs.to_string_lossy());
    std::env::temp_dir().join(format!(
        "marquee-preview-{}",
        if name.is_empty() { "site" } else { &name }
    ))
}
