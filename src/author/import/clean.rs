//! Text from exports: the characters a mis-decoded Windows-1252 export carries, put back.

/// What Windows-1252 puts at the bytes 0x80-0x9F, which an export decoded as Latin-1 turns
/// into the C1 control characters U+0080-U+009F; `None` where 1252 has no character.
pub(super) const WINDOWS_1252: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// `text` with the C1 controls of a mis-decoded Windows-1252 export replaced by the
/// characters they stood for (`Ok((text, true))` when any was); an error for a control
/// character whose meaning is not certain.
pub(super) fn clean(text: &str) -> Result<(String, bool), String> {
    let mut out = String::with_capacity(text.len());
    let mut cleaned = false;
    for c in text.chars() {
        match c {
            '\u{80}'..='\u{9f}' => match WINDOWS_1252[c as usize - 0x80] {
                Some(meant) => {
                    out.push(meant);
                    cleaned = true;
                }
                None => {
                    return Err(format!(
                        "the text holds the control character U+{:04X}, which stands for no \
                         character; remove it from the CSV",
                        c as u32
                    ));
                }
            },
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {
                return Err(format!(
                    "the text holds the control character U+{:04X}; remove it from the CSV",
                    c as u32
                ));
            }
            c => out.push(c),
        }
    }
    Ok((out, cleaned))
}
