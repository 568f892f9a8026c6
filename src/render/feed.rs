//! The trust page's Atom feed (RFC 4287): the dated changes of `trust/*.yaml` `changelog:`, so
//! customers can subscribe to the notice period the page promises (new sub-processors,
//! certifications) instead of re-reading the page.

use std::fmt::Write;

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use crate::model::trustpage::ChangeEntry;
use crate::workspace::Workspace;
use crate::xml::escape;

/// The feed for `ws`, newest entry first. `page_url` is the published trust page (the feed's
/// alternate link); `today` dates an empty feed.
pub fn atom(ws: &Workspace, page_url: Option<&str>, today: Date) -> String {
    let organisation = &ws.config.organisation.name;
    let mut entries: Vec<&ChangeEntry> = ws
        .trust
        .iter()
        .flat_map(|t| t.value.changelog.iter())
        .collect();
    // Newest first; entries of one day keep the order they were written in.
    entries.sort_by_key(|e| std::cmp::Reverse(e.date));
    let updated = entries.first().map_or(today, |e| e.date);
    let feed_id = page_url.map_or_else(
        || urn_uuid(&format!("evidence trust feed\0{organisation}")),
        |url| format!("{url}#changes"),
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(
        out,
        "  <title>{}</title>",
        escape(&format!("{organisation}: trust and security changes"))
    );
    let _ = writeln!(out, "  <id>{}</id>", escape(&feed_id));
    let _ = writeln!(out, "  <updated>{}</updated>", timestamp(updated));
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        escape(organisation)
    );
    if let Some(url) = page_url {
        let _ = writeln!(
            out,
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(url)
        );
    }
    let _ = writeln!(out, "  <generator>evidence</generator>");
    for e in &entries {
        let id = urn_uuid(&format!(
            "{feed_id}\0{}\0{}\0{}",
            e.date,
            e.kind.label(),
            e.title
        ));
        out.push_str("  <entry>\n");
        let _ = writeln!(
            out,
            "    <title>{}</title>",
            escape(&format!("{}: {}", e.kind.label(), e.title))
        );
        let _ = writeln!(out, "    <id>{id}</id>");
        let _ = writeln!(out, "    <updated>{}</updated>", timestamp(e.date));
        let term = serde_json::to_value(e.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(out, "    <category term=\"{}\"/>", escape(&term));
        if let Some(url) = page_url {
            let _ = writeln!(
                out,
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
                escape(url)
            );
        }
        if let Some(summary) = &e.summary {
            let _ = writeln!(out, "    <summary>{}</summary>", escape(summary));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// A day as an RFC 3339 timestamp (midnight UTC), as Atom requires.
fn timestamp(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// A stable `urn:uuid:` from text: the same change always gets the same id, so feed readers
/// never show an entry twice.
fn urn_uuid(seed: &str) -> String {
    let h = Sha256::digest(seed.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&h[..16]);
    // Version 8 (custom), RFC 9562 variant.
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = crate::hash::hex(&b);
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_uuids_and_text_is_escaped() {
        let a = urn_uuid("x");
        assert_eq!(a, urn_uuid("x"));
        assert_ne!(a, urn_uuid("y"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
