//! The CSV's records, numbered as a spreadsheet numbers its rows, with the quoting checked:
//! an unbalanced quote in an export silently swallows the rows after it into one field, so
//! a quoted field that runs over lines (unless asked for) or to the end of the file is an
//! error naming the row and line where it starts.

use super::model::RowError;

/// One record of the CSV: its row (the header is row 1) and its fields.
pub(super) struct Record {
    pub(super) row: u64,
    pub(super) fields: csv::StringRecord,
}

/// The header and every record of `bytes`, and the problems of the records that could not
/// be read (each such record is left out). Fails only when there is no usable header.
pub(super) fn read(
    bytes: &[u8],
    multiline: bool,
) -> Result<(csv::StringRecord, Vec<Record>, Vec<RowError>), RowError> {
    let header_error = |message: String| RowError {
        row: 1,
        column: None,
        message,
    };
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|e| header_error(format!("cannot read the header: {}", csv_problem(&e))))?
        .clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(header_error(
            "the file is empty: an export starts with a header row naming its columns".into(),
        ));
    }
    let names: Vec<&str> = header.iter().map(str::trim).collect();
    let mut seen = std::collections::HashMap::new();
    for (i, name) in names.iter().enumerate().filter(|(_, n)| !n.is_empty()) {
        if let Some(first) = seen.insert(*name, i) {
            return Err(header_error(format!(
                "the header names `{name}` twice (columns {} and {}): rename one, so that \
                 it is clear which holds what",
                first + 1,
                i + 1
            )));
        }
    }
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::default();
    // The header's row and last line: blank lines are rows too, in a spreadsheet.
    let header_end = reader.position().byte() as usize;
    let header_start = content_start(bytes, 0);
    let mut row = lines.at(bytes, header_start) as u64;
    let mut last_line = lines.at(
        bytes,
        content_end(bytes, header_start, header_end).max(1) - 1,
    );
    loop {
        let start = reader.position().byte() as usize;
        let read = reader.read_record(&mut record);
        let end = reader.position().byte() as usize;
        let first = content_start(bytes, start);
        if first >= bytes.len() && read.is_ok() {
            break;
        }
        let starts_on = lines.at(bytes, first);
        row += (starts_on - last_line).max(1) as u64;
        let ends_on = lines.at(bytes, content_end(bytes, first, end).max(first + 1) - 1);
        last_line = ends_on;
        if let Some(field) = open_quote_at_end(bytes, start, end) {
            problems.push(RowError {
                row,
                column: header.get(field).map(str::to_string),
                message: format!(
                    "a quoted field starts on line {starts_on} and is never closed, so every \
                     line after it (to line {ends_on}) would be read into it and none of them \
                     is imported; close the quote (a `\"` inside a quoted field is written \
                     `\"\"`)"
                ),
            });
            break;
        }
        match read {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                problems.push(RowError {
                    row,
                    column: csv_column(&e)
                        .and_then(|i| header.get(i))
                        .map(str::to_string),
                    message: format!("line {starts_on}: {}", csv_problem(&e)),
                });
                continue;
            }
        }
        if !multiline && let Some(field) = record.iter().position(|f| f.contains(['\n', '\r'])) {
            problems.push(RowError {
                row,
                column: header.get(field).map(str::to_string),
                message: format!(
                    "a quoted field runs from line {starts_on} to line {ends_on}: an unbalanced \
                     quote swallows the rows after it; close the quote where the field ends, or \
                     pass --multiline if the field really holds line breaks"
                ),
            });
            continue;
        }
        records.push(Record {
            row,
            fields: record.clone(),
        });
    }
    Ok((header, records, problems))
}

/// Where the record the reader left off before `at` really starts: past the blank lines
/// the reader skips.
fn content_start(bytes: &[u8], at: usize) -> usize {
    let at = at.min(bytes.len());
    at + bytes[at..]
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .count()
}

/// Where the record in `bytes[start..end]` ends, without its line break.
fn content_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let end = end.min(bytes.len());
    let start = start.min(end);
    start + bytes[start..end].trim_ascii_end().len()
}

/// The column (from 0) a reading error is in, when it is one column's.
fn csv_column(e: &csv::Error) -> Option<usize> {
    match e.kind() {
        csv::ErrorKind::Utf8 { err, .. } => Some(err.field()),
        _ => None,
    }
}

/// What a reading error means, and what to do.
fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the text is not UTF-8: save the export as UTF-8 \
             (in a spreadsheet, \"CSV UTF-8\") and import it again"
            .into(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "the row has {len} fields but the header has {expected_len}: a field that holds \
             a comma must be in double quotes"
        ),
        csv::ErrorKind::Io(e) => format!("the file cannot be read: {e}"),
        _ => e.to_string(),
    }
}

/// Counts lines as the reader moves forward through the file, so that numbering every
/// record costs one pass over it.
#[derive(Clone, Default)]
struct Lines {
    /// The bytes before this offset are counted.
    counted: usize,
    /// Line ends among them (`\r\n` counts once).
    ends: usize,
    /// The last byte counted.
    previous: u8,
}

impl Lines {
    /// The line (from 1) that the byte at `at` is on, with `\n`, `\r\n` or a lone `\r`
    /// ending a line; `at` is never before an offset asked for earlier.
    fn at(&mut self, bytes: &[u8], at: usize) -> usize {
        let at = at.min(bytes.len());
        for &b in &bytes[self.counted.min(at)..at] {
            if b == b'\n' && self.previous != b'\r' || b == b'\r' {
                self.ends += 1;
            }
            self.previous = b;
        }
        self.counted = self.counted.max(at);
        1 + self.ends
    }
}

/// Where the record in `bytes[start..end]` leaves a quoted field open at the end of the
/// file: the index of that field. Records that end before the file does are closed by
/// definition (the reader found their end).
fn open_quote_at_end(bytes: &[u8], start: usize, end: usize) -> Option<usize> {
    if end < bytes.len() || start >= end {
        return None;
    }
    let (mut field, mut quoted, mut at_field_start) = (0, false, true);
    let mut i = start;
    while i < end {
        let b = bytes[i];
        if quoted {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_field_start {
            quoted = true;
        } else if b == b',' {
            field += 1;
            at_field_start = true;
            i += 1;
            continue;
        }
        at_field_start = false;
        i += 1;
    }
    quoted.then_some(field)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str, multiline: bool) -> (Vec<u64>, Vec<String>) {
        let (_, records, problems) = read(csv.as_bytes(), multiline).unwrap();
        (
            records.iter().map(|r| r.row).collect(),
            problems.iter().map(ToString::to_string).collect(),
        )
    }

    #[test]
    fn rows_are_numbered_as_a_spreadsheet_numbers_them_whatever_the_line_ends() {
        for end in ["\n", "\r\n", "\r"] {
            let csv = ["a,b", "1,2", "3,4", ""].join(end);
            assert_eq!(rows(&csv, false), (vec![2, 3], vec![]), "{end:?}");
        }
    }

    #[test]
    fn blank_lines_are_rows_as_in_a_spreadsheet() {
        let csv = "\na,b\n\n1,2\n\n\n3,4\n\n";
        assert_eq!(rows(csv, false), (vec![4, 7], vec![]));
    }

    #[test]
    fn a_header_that_cannot_be_used_is_said_plainly() {
        let problem = |csv: &str| read(csv.as_bytes(), false).err().unwrap().message;
        assert!(problem("").starts_with("the file is empty"));
        assert!(problem("\n\n").starts_with("the file is empty"));
        assert!(problem("a,b,a\n1,2,3\n").contains("names `a` twice (columns 1 and 3)"));
    }

    #[test]
    fn rows_the_reader_refuses_are_said_in_plain_words() {
        let (kept, problems) = rows("a,b\n1,2,3\n4,5\n", false);
        assert_eq!(kept, [3]);
        assert!(
            problems[0].contains("the row has 3 fields but the header has 2"),
            "{problems:?}"
        );
        let mut latin1 = b"a,b\n1,caf".to_vec();
        latin1.extend([0xE9, b'\n']);
        let (_, _, problems) = read(&latin1, false).unwrap();
        assert!(
            problems[0]
                .to_string()
                .starts_with("row 2, column `b`: line 2: the text is not UTF-8"),
            "{problems:?}"
        );
    }

    #[test]
    fn an_unbalanced_quote_is_an_error_where_it_starts() {
        let csv = "title,excerpt\nA,\"Warm and\nB,odd\nC,\"dim\"\nD,fine\n";
        let (kept, problems) = rows(csv, false);
        assert_eq!(
            kept,
            [3],
            "the row after the swallowed ones is read: {problems:?}"
        );
        assert!(
            problems[0]
                .starts_with("row 2, column `excerpt`: a quoted field runs from line 2 to line 4"),
            "{problems:?}"
        );
        let (kept, problems) = rows(csv, true);
        assert_eq!(
            (kept, problems),
            (vec![2, 3], vec![]),
            "asked for: one field over lines"
        );
    }

    #[test]
    fn a_quote_left_open_to_the_end_of_the_file_is_an_error() {
        for csv in [
            "t,e\nA,ok\nB,\"never closed",
            "t,e\nA,ok\nB,\"never \"\"closed\n",
        ] {
            let (kept, problems) = rows(csv, true);
            assert_eq!(kept, [2], "{csv:?}");
            assert!(
                problems[0].starts_with(
                    "row 3, column `e`: a quoted field starts on line 3 and is never closed"
                ),
                "{problems:?}"
            );
        }
        let (kept, problems) = rows("t,e\nA,\"closed \"\"here\"\"\"", false);
        assert_eq!((kept, problems), (vec![2], vec![]));
    }
}
