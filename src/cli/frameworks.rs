//! `evidence frameworks`: list and show the catalogs and the crosswalks between them.

use evidence::catalog::{Catalogs, LoadedCatalog};
use serde::Serialize;
use tabled::settings::Style;
use tabled::{Table, Tabled};

use super::{Ctx, Exit, TextOrJson};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the catalogs: built-in ones and the workspace's own (frameworks/*.yaml)
    List {
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// Show one catalog with all its requirements
    Show {
        /// Catalog ID, e.g. iso42001, nist-ai-rmf, eu-ai-act, gdpr, dpdp, iso27001, soc2, nist-csf
        id: String,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
    /// How two catalogs map onto each other (typed pairs: equal, subset, superset, intersect, related)
    Crosswalk {
        from: String,
        to: String,
        #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
        format: TextOrJson,
    },
}

pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Exit> {
    let catalogs = ctx.catalogs()?;
    let text = match command {
        Command::List { format } => list(&catalogs, format)?,
        Command::Show { id, format } => show(catalogs.get_or_unknown(&id)?, format)?,
        Command::Crosswalk { from, to, format } => {
            catalogs.get_or_unknown(&from)?;
            catalogs.get_or_unknown(&to)?;
            crosswalk(&catalogs, &from, &to, format)?
        }
    };
    super::emit(None, &text)?;
    Ok(Exit::Ok)
}

#[derive(Serialize, Tabled)]
struct ListRow<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    requirements: usize,
    assessed: usize,
    source: &'a str,
    /// The first sentence of the catalog's licence note.
    #[serde(skip)]
    #[tabled(rename = "licence note")]
    licence_note: String,
    #[tabled(skip)]
    licence: &'a str,
    origin: String,
}

fn list(catalogs: &Catalogs, format: TextOrJson) -> anyhow::Result<String> {
    let rows: Vec<ListRow> = catalogs
        .iter()
        .map(|c| ListRow {
            id: c.id(),
            name: &c.catalog.name,
            version: &c.catalog.version,
            requirements: c.requirements().len(),
            assessed: c.assessable().count(),
            source: &c.catalog.source,
            licence_note: first_sentence(&c.catalog.licence),
            licence: &c.catalog.licence,
            origin: if c.is_builtin() {
                "built-in".into()
            } else {
                evidence::source::display_path(&c.file)
            },
        })
        .collect();
    Ok(match format {
        TextOrJson::Json => json(&serde_json::json!({ "frameworks": rows }))?,
        TextOrJson::Text => {
            let mut t = Table::new(rows);
            t.with(Style::sharp());
            format!("{t}\n")
        }
    })
}

/// The licence note's first sentence, for the list's table (the JSON carries the whole note).
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            // '.' is one byte, so `i + 1` is a character boundary.
            c == '.' && {
                let rest = &text[i + 1..];
                rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase)
            }
        })
        .map(|(i, _)| i + 1)
        .unwrap_or(text.len());
    text[..end].to_string()
}

#[derive(Tabled)]
struct ShowRow<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
    /// What the requirement's text is: verbatim, summary or own-words (empty: no text).
    text: &'a str,
    applies_from: String,
}

fn show(c: &LoadedCatalog, format: TextOrJson) -> anyhow::Result<String> {
    Ok(match format {
        TextOrJson::Json => json(&c.catalog)?,
        TextOrJson::Text => {
            let cat = &c.catalog;
            let mut out = format!("{} — {} {}\n", cat.id.value, cat.name, cat.version);
            out.push_str(&format!(
                "publisher: {}\nsource: {}\nlicence: {}\n",
                cat.publisher, cat.source, cat.licence
            ));
            if let Some(consolidated) = &cat.consolidated {
                out.push_str(&format!("consolidated: {consolidated}\n"));
            }
            for a in &cat.amendments {
                out.push_str(&format!(
                    "amendment {}: {} (in force {})\n",
                    a.id.value, a.title, a.in_force
                ));
            }
            if !cat.roles.is_empty() {
                let roles: Vec<&str> = cat.roles.iter().map(|r| r.id.value.as_str()).collect();
                out.push_str(&format!("roles: {}\n", roles.join(", ")));
            }
            out.push_str(
                "text: verbatim = quoted from the official text, omissions marked […]; summary = our summary; own-words = our description\n",
            );
            let rows: Vec<ShowRow> = cat
                .requirements
                .iter()
                .map(|r| ShowRow {
                    id: &r.id,
                    kind: r.kind.as_deref().unwrap_or(""),
                    title: &r.title,
                    text: r.text_kind.map(|k| k.as_str()).unwrap_or(""),
                    applies_from: applies_from_cell(r),
                })
                .collect();
            let mut t = Table::new(rows);
            t.with(Style::sharp());
            format!("{out}{t}\n")
        }
    })
}

/// The current application date, and each earlier one with the amendment that changed it.
fn applies_from_cell(r: &evidence::catalog::Requirement) -> String {
    let mut cell = r.applies_from.map(|d| d.to_string()).unwrap_or_default();
    for e in &r.earlier {
        let before = if e.inserted {
            "new".to_string()
        } else if e.applies_from == r.applies_from {
            "date unchanged".to_string()
        } else {
            e.applies_from
                .map(|d| format!("was {d}"))
                .unwrap_or_else(|| "was undated".into())
        };
        cell.push_str(&format!(" ({before}, amendment {})", e.amendment.value));
    }
    cell
}

#[derive(Serialize, Tabled)]
struct PairRow<'a> {
    from: &'a str,
    to: &'a str,
    relationship: &'a str,
    #[tabled(skip)]
    source: &'a str,
}

fn crosswalk(
    catalogs: &Catalogs,
    from: &str,
    to: &str,
    format: TextOrJson,
) -> anyhow::Result<String> {
    let pairs = catalogs.crosswalk_pairs(from, to);
    let rows: Vec<PairRow> = pairs
        .iter()
        .map(|p| PairRow {
            from: p.from,
            to: p.to,
            relationship: p.relationship.as_str(),
            source: &p.crosswalk.crosswalk.source,
        })
        .collect();
    Ok(match format {
        TextOrJson::Json => json(&serde_json::json!({ "from": from, "to": to, "pairs": rows }))?,
        TextOrJson::Text => {
            if rows.is_empty() {
                return Ok(format!("no crosswalk between {from} and {to}\n"));
            }
            let mut sources: Vec<String> = pairs
                .iter()
                .map(|p| {
                    let cw = &p.crosswalk.crosswalk;
                    format!("{} ({:?} analysis): {}", cw.title, cw.analysis, cw.source)
                })
                .collect();
            sources.dedup();
            let mut t = Table::new(rows);
            t.with(Style::sharp());
            format!("{}\n{t}\n{} pairs\n", sources.join("\n"), pairs.len())
        }
    })
}

fn json<T: Serialize>(value: &T) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(value)?;
    s.push('\n');
    Ok(s)
}
