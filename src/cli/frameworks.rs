use evidence::catalog::{Catalogs, LoadedCatalog};
use serde::Serialize;
use tabled::settings::Style;
use tabled::{Table, Tabled};

use super::{Ctx, Exit};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List the catalogs: built-in ones and the workspace's own (frameworks/*.yaml)
    List {
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// Show one catalog with all its requirements
    Show {
        /// Catalog ID, e.g. iso42001, nist-ai-rmf, eu-ai-act, gdpr, dpdp
        id: String,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
    /// How two catalogs map onto each other (typed pairs: equal, subset, superset, intersect, related)
    Crosswalk {
        from: String,
        to: String,
        #[arg(long, value_enum, default_value_t = FormatArg::Text)]
        format: FormatArg,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
}

pub fn run(ctx: &Ctx, command: Command) -> anyhow::Result<Exit> {
    let catalogs = ctx.catalogs()?;
    let text = match command {
        Command::List { format } => list(&catalogs, format)?,
        Command::Show { id, format } => show(find(&catalogs, &id)?, format)?,
        Command::Crosswalk { from, to, format } => {
            find(&catalogs, &from)?;
            find(&catalogs, &to)?;
            crosswalk(&catalogs, &from, &to, format)?
        }
    };
    super::emit(None, &text)?;
    Ok(Exit::Ok)
}

fn find<'a>(catalogs: &'a Catalogs, id: &str) -> anyhow::Result<&'a LoadedCatalog> {
    catalogs.get(id).ok_or_else(|| {
        anyhow::anyhow!(
            "unknown framework `{id}`; known: {}",
            catalogs.ids().join(", ")
        )
    })
}

#[derive(Serialize, Tabled)]
struct ListRow<'a> {
    id: &'a str,
    name: &'a str,
    version: &'a str,
    requirements: usize,
    assessed: usize,
    #[tabled(skip)]
    source: &'a str,
    #[tabled(skip)]
    licence: &'a str,
    origin: String,
}

fn list(catalogs: &Catalogs, format: FormatArg) -> anyhow::Result<String> {
    let rows: Vec<ListRow> = catalogs
        .iter()
        .map(|c| ListRow {
            id: c.id(),
            name: &c.catalog.name,
            version: &c.catalog.version,
            requirements: c.requirements().len(),
            assessed: c.assessable().count(),
            source: &c.catalog.source,
            licence: &c.catalog.licence,
            origin: if c.is_builtin() {
                "built-in".into()
            } else {
                evidence::source::display_path(&c.file)
            },
        })
        .collect();
    Ok(match format {
        FormatArg::Json => json(&serde_json::json!({ "frameworks": rows }))?,
        FormatArg::Text => {
            let mut t = Table::new(rows);
            t.with(Style::sharp());
            format!("{t}\n")
        }
    })
}

#[derive(Tabled)]
struct ShowRow<'a> {
    id: &'a str,
    kind: &'a str,
    title: &'a str,
}

fn show(c: &LoadedCatalog, format: FormatArg) -> anyhow::Result<String> {
    Ok(match format {
        FormatArg::Json => json(&c.catalog)?,
        FormatArg::Text => {
            let cat = &c.catalog;
            let mut out = format!("{} — {} {}\n", cat.id.value, cat.name, cat.version);
            out.push_str(&format!(
                "publisher: {}\nsource: {}\nlicence: {}\n",
                cat.publisher, cat.source, cat.licence
            ));
            if !cat.roles.is_empty() {
                let roles: Vec<&str> = cat.roles.iter().map(|r| r.id.value.as_str()).collect();
                out.push_str(&format!("roles: {}\n", roles.join(", ")));
            }
            let rows: Vec<ShowRow> = cat
                .requirements
                .iter()
                .map(|r| ShowRow {
                    id: &r.id,
                    kind: r.kind.as_deref().unwrap_or(""),
                    title: &r.title,
                })
                .collect();
            let mut t = Table::new(rows);
            t.with(Style::sharp());
            format!("{out}{t}\n")
        }
    })
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
    format: FormatArg,
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
        FormatArg::Json => json(&serde_json::json!({ "from": from, "to": to, "pairs": rows }))?,
        FormatArg::Text => {
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
