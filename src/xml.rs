//! XML text for the files we write by hand (the trust page's Atom feed, the cells of an XLSX
//! answered in place): one escaping rule, so that every XML 1.0 parser reads back the text we
//! meant.

/// Text made safe for XML 1.0 element content and attribute values: the five markup characters
/// become entities, a carriage return becomes `&#13;` (a parser would otherwise turn it into a
/// line feed), and the other control characters, which XML 1.0 cannot carry, are dropped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c < ' ' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_is_escaped_and_what_xml_cannot_carry_is_dropped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'\u{1}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(escape("tab\tline\nreturn\r"), "tab\tline\nreturn&#13;");
    }
}
