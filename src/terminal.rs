//! Text from untrusted input made safe to print: names from a bundle, a tar member, a workspace
//! file or a questionnaire can carry control characters that draw on the terminal (a fake
//! "verified" line) or bidi and zero-width characters that hide a difference. Every printer of
//! such text escapes it through [`escape`].

/// Unicode general category Cf (format characters), which includes every bidi control
/// (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), zero-width characters and tags.
/// The table follows Unicode 16.
pub fn is_format(c: char) -> bool {
    matches!(u32::from(c),
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2
        | 0x180E | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFEFF | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// Characters that render as nothing (Unicode Default_Ignorable_Code_Point) outside category Cf:
/// Hangul fillers, the combining grapheme joiner, variation selectors, Mongolian free variation
/// selectors, Khmer inherent vowels and unassigned default-ignorables. Two names differing only
/// by one of these look identical.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(u32::from(c),
        0x034F | 0x115F..=0x1160 | 0x17B4..=0x17B5 | 0x180B..=0x180F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFFA0 | 0xFFF0..=0xFFF8 | 0xE0000..=0xE0FFF)
}

/// Whether a character is invisible or moves the cursor when printed: control (Cc), format
/// (Cf, bidi controls) or default-ignorable. Such characters are escaped whenever untrusted text
/// is printed.
pub fn is_invisible(c: char) -> bool {
    c.is_control() || is_format(c) || is_default_ignorable(c)
}

/// `text` with every invisible character (see [`is_invisible`]) written as `\u{XXXX}`, so that
/// a name from a bundle or a workspace can neither draw on the terminal nor hide a difference.
pub fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_draws_on_the_terminal_or_hides() {
        assert_eq!(escape("a\u{1b}[2Jb\u{202e}"), "a\\u{001b}[2Jb\\u{202e}");
        assert!(matches!(
            escape("plain ünïcode"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
