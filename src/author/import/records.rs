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
        .map_err(|e| header_error(format!("cannot read the header: {e}")))?
        .clone();
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut row = 1;
    let mut lines = Lines::default();
    loop {
        let start = reader.position().byte() as usize;
        let read = reader.read_record(&mut record);
        let end = reader.position().byte() as usize;
        row += 1;
        let starts_on = lines.at(bytes, start);
        if let Some(field) = open_quote_at_end(bytes, start, end) {
            problems.push(RowError {
                row,
                column: header.get(field).map(str::to_string),
                message: format!(
                    "a quoted field starts on line {starts_on} and is never closed: the rest \
                     of the file would be read into it; close the quote (a `\"` inside a \
                     quoted field is written `\"\"`)"
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
                    column: None,
                    message: format!("not a valid CSV row (line {starts_on}): {e}"),
                });
                continue;
            }
        }
        let raw = &bytes[start.min(bytes.len())..end.min(bytes.len())];
        if !multiline && let Some(field) = record.iter().position(|f| f.contains(['\n', '\r'])) {
            let ends_on = lines.clone().at(bytes, start + raw.trim_ascii_end().len());
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
