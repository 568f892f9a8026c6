//! `evidence answer`: fill in a security questionnaire (CSV or XLSX) from the workspace.

use std::io::IsTerminal;
use std::path::PathBuf;

use evidence::questionnaire::{self, ColumnFlags, Options, SheetFormat, write};

use super::report_args::ReportArgs;
use super::{Ctx, Exit};

/// The long help that `--help` shows; `-h` and `evidence --help` show the one-line summary
/// given in src/cli/mod.rs.
const LONG_ABOUT: &str = "Answer a security questionnaire (CAIQ, SIG Lite, HECVAT, a customer's own sheet) from the \
workspace: deterministically, without a language model, citing controls and \
evidence.\n\nReads CSV (any of Excel's dialects: BOM, CRLF, semicolons) or XLSX; every \
vendor-facing sheet of a workbook is answered in one run (analyst, scoring and instruction \
sheets are left alone; --sheet picks one). The header row may be below a title; the ID, \
question, answer and narrative columns are found by their names (CAIQ's \"Question ID\", \
\"Question\", \"CSP CAIQ Answer\"; HECVAT's \"Code\", \"Answer\", \"Additional \
Information\"; common variants) or named with --id-column, --question-column, --answer-column \
and --narrative-column (header text or column letter). Question rows are recognised by their \
ID; section headings and footers are not questions.\n\nEach question is classified: yes/no \
questions get Yes/No/NA; open questions (how, what, where, describe) get the narrative; fields \
(names, contacts, website) are filled from evidence.toml and the trust page, or left for \
review. Certification questions are answered from the trust roadmap. Other questions are \
matched first against the answer library (answers/*.yaml; the built-in starter library when \
the workspace has none), then by calibrated BM25 retrieval over the controls. The matrix \
decides: Yes when the controls are implemented with fresh evidence; No when they are planned \
(with the target date), or when a control marked negative: true rules the practice out; \
\"needs review\", with the reason, when no control matches above --threshold, when \
implemented and unfinished controls mix, or when evidence is stale or missing.\n\nSpreadsheet \
output appends \"Review: ...\" columns (status, reason, confidence, controls, evidence with \
SHA-256) for the person who checks the answers; drop them with --no-review-columns before \
sending the sheet back. An XLSX questionnaire is answered in place: only the answered cells \
(and the appended review columns) change; every other cell, formula, style, drop-down list, \
merged range, comment, defined name and sheet is kept, and the workbook recalculates its \
formulas when opened. A CSV keeps its delimiter, line ends and byte-order mark.";

#[derive(Debug, clap::Args)]
#[command(long_about = LONG_ABOUT)]
#[command(after_help = "Examples:\n  \
evidence answer caiq-v4.xlsx --out caiq-v4-answered.xlsx\n  \
evidence answer customer-sheet.csv --question-column \"Security question\" --answer-column D --out answered.csv\n  \
evidence answer caiq-v4.xlsx --format json --now 2026-11-22 | jq .summary\n\n\
Exit codes: 0 the questionnaire was answered (rows needing review are not a failure); 1 when \
`evidence check` finds errors (unless --allow-findings), or with --strict when any row needs \
review; 2 the questionnaire or the workspace could not be read.\n\n\
A summary line goes to standard error: how many rows were answered and how many need review.")]
pub struct Args {
    /// The questionnaire: a .csv or .xlsx file
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The sheet to answer (default: every vendor-facing sheet with a recognisable header row;
    /// sheets named for analysts, scores, summaries or instructions are left alone)
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// The question ID column, by header text or letter (default: found by name)
    #[arg(long, value_name = "COLUMN")]
    id_column: Option<String>,
    /// The question column, by header text or letter (default: found by name)
    #[arg(long, value_name = "COLUMN")]
    question_column: Option<String>,
    /// The short-answer column, by header text or letter (default: found by name; appended as
    /// "Answer" if the sheet has none)
    #[arg(long, value_name = "COLUMN")]
    answer_column: Option<String>,
    /// The narrative column (what we do, in words), by header text or letter (default: found
    /// by name: "CSP Implementation Description", "Additional Information", "Notes",
    /// "Comments", "Evidence/Notes", ...)
    #[arg(long, value_name = "COLUMN")]
    narrative_column: Option<String>,
    /// Output format (default: the input's)
    #[arg(long, value_enum)]
    format: Option<AnswerFormat>,
    #[command(flatten)]
    report: ReportArgs,
    /// Lowest retrieval confidence (0 to 1) trusted without review; answer-library matches
    /// have confidence 1
    #[arg(long, value_name = "SCORE", default_value_t = questionnaire::DEFAULT_THRESHOLD,
          value_parser = parse_threshold)]
    threshold: f64,
    /// Exit 1 if any row needs review
    #[arg(long)]
    strict: bool,
    /// Answer even when `evidence check` finds errors (answers still never say Yes for a
    /// control the evidence does not verify)
    #[arg(long)]
    allow_findings: bool,
    /// Leave out the appended "Review: ..." columns in CSV and XLSX output
    #[arg(long)]
    no_review_columns: bool,
}

/// The formats of `evidence answer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AnswerFormat {
    /// The sheet as CSV, answers filled in
    Csv,
    /// XLSX: the input workbook answered in place (a CSV input becomes a new workbook)
    Xlsx,
    /// {"summary": {"answered", "needs_review"}, "answers": [...]}
    Json,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is outside 0 to 1"))
    }
}

pub fn run(ctx: &Ctx, args: Args) -> anyhow::Result<Exit> {
    let format = output_format(&args)?;
    let ws = ctx.load_workspace()?;
    let assessment = evidence::assessment::Assessment::new(&ws, args.report.today());
    if let Some(refused) =
        super::refuse_on_findings(&ws, &assessment, args.allow_findings, "answer for")?
    {
        return Ok(refused);
    }
    let options = Options {
        sheet: args.sheet.clone(),
        columns: ColumnFlags {
            id: args.id_column.clone(),
            question: args.question_column.clone(),
            answer: args.answer_column.clone(),
            narrative: args.narrative_column.clone(),
        },
        threshold: args.threshold,
    };
    let answered = questionnaire::answer_file(&ws, &assessment, &args.file, &options)?;
    let review_columns = !args.no_review_columns;
    let bytes = match format {
        AnswerFormat::Json => write::to_json(&answered)?.into_bytes(),
        AnswerFormat::Csv => {
            let filled = write::filled_workbook(&answered, review_columns);
            let sheet = answered.parts.first().map_or(0, |p| p.layout.sheet);
            if answered.parts.len() > 1 {
                eprintln!(
                    "note: CSV holds one sheet: writing \"{}\" only; use --format xlsx (or json) \
for all {} answered sheets, or --sheet to choose one",
                    answered.workbook.sheets[sheet].name,
                    answered.parts.len()
                );
            }
            write::to_csv(&filled.sheets[sheet], answered.workbook.dialect)?
        }
        AnswerFormat::Xlsx if answered.workbook.format == SheetFormat::Xlsx => {
            // Read again rather than kept from the first read: the file is at most 64 MiB and
            // read once more only when XLSX output is asked for.
            let input = std::fs::read(&args.file)
                .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
            write::to_xlsx_in_place(&input, &answered, review_columns)?
        }
        AnswerFormat::Xlsx => {
            let filled = write::filled_workbook(&answered, review_columns);
            write::to_xlsx(&filled, &answered, review_columns)?
        }
    };
    args.report.emit(&bytes)?;
    if let Some(notice) = &answered.notice {
        eprintln!("note: {notice}");
    }
    let s = answered.summary;
    eprintln!(
        "{}: {} questions: {} answered, {} need review (threshold {}); {}",
        args.file.display(),
        s.answered + s.needs_review,
        s.answered,
        s.needs_review,
        args.threshold,
        answered.describe_parts()
    );
    Ok(if args.strict && s.needs_review > 0 {
        Exit::Findings
    } else {
        Exit::Ok
    })
}

/// `--format`, else the input's format; refuse to pour a binary workbook onto a terminal.
fn output_format(args: &Args) -> anyhow::Result<AnswerFormat> {
    let format = match args.format {
        Some(format) => format,
        None => match SheetFormat::from_path(&args.file) {
            Some(SheetFormat::Xlsx) => AnswerFormat::Xlsx,
            _ => AnswerFormat::Csv,
        },
    };
    if format == AnswerFormat::Xlsx && args.report.out.is_none() && std::io::stdout().is_terminal()
    {
        anyhow::bail!(
            "XLSX output is binary; write it to a file with --out FILE, or choose --format csv or json"
        );
    }
    Ok(format)
}
