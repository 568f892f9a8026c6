//! Shell completions and the man page, generated from the clap definition so they never drift
//! from the real options (the committed copies under docs/ are kept current by a test).

use clap::CommandFactory;

use super::{Cli, Exit};

/// Print a shell completion script
///
/// Examples:
///   evidence completions bash > ~/.local/share/bash-completion/completions/evidence
///   evidence completions zsh > ~/.zfunc/_evidence
///   evidence completions fish > ~/.config/fish/completions/evidence.fish
#[derive(Debug, clap::Args)]
pub struct Args {
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> anyhow::Result<Exit> {
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "evidence", &mut out);
    super::emit(None, &out)?;
    Ok(Exit::Ok)
}

/// Print the man page (roff): `evidence man > evidence.1`
///
/// The page covers the command and every subcommand, as `--help` does.
#[derive(Debug, clap::Args)]
pub struct ManArgs {}

pub fn man(_: ManArgs) -> anyhow::Result<Exit> {
    let command = Cli::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut out)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_subcommand(&mut out, sub, "evidence")?;
    }
    super::emit(None, &out)?;
    Ok(Exit::Ok)
}

/// Each subcommand's section, nested ones included, as the page of `evidence SUB`.
fn render_subcommand(out: &mut Vec<u8>, sub: &clap::Command, parent: &str) -> anyhow::Result<()> {
    let name = format!("{parent}-{}", sub.get_name());
    let page = sub.clone().name(name.clone());
    out.extend_from_slice(b"\n");
    clap_mangen::Man::new(page)
        .title(name.to_uppercase())
        .render(out)?;
    for nested in sub.get_subcommands().filter(|s| !s.is_hide_set()) {
        render_subcommand(out, nested, &name)?;
    }
    Ok(())
}
