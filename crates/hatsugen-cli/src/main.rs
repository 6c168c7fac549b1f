//! The `hatsugen` command: check posts before they are sent.
//!
//! Exit codes: 0 allow, 1 warn, 2 block, 64 usage error, 65 bad input (context, policy,
//! text), 74 I/O error. `audit` exits with the worst verdict of all posts, or 65 if a line
//! was bad; with `--exit-zero`, 0 unless the input itself is bad.

mod audit;
mod calendar;
mod fix;
mod human;
mod policy_check;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use hatsugen::{Checker, Policy, Verdict};

const EXIT_USAGE: u8 = 64;
const EXIT_DATA: u8 = 65;
const EXIT_IO: u8 = 74;

/// Check a social-media post against a public servant's posting guideline before it is sent.
#[derive(Parser, Debug)]
#[command(name = "hatsugen", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check one post (from the argument, --file, or standard input).
    Check(CheckArgs),
    /// Apply the machine-applicable fixes (masking personal data, removing invisible
    /// characters, adding the disclaimer to the profile…) and print the fixed post.
    ///
    /// Exits with the verdict of the fixed post (0 allow, 1 warn, 2 block).
    Fix(fix::FixArgs),
    /// Check many posts: JSON Lines, CSV or X/Twitter archives in, JSON Lines out, and an
    /// HTML or JSON report with --report.
    ///
    /// Exits with the worst verdict (0 allow, 1 warn, 2 block), 65 if a row could not be
    /// checked; with --exit-zero, 0 whatever the verdicts.
    Audit(audit::AuditArgs),
    /// List the rules of a policy.
    Rules(RulesArgs),
    /// Validate or show a policy.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// List the non-working days of a policy's calendar: holidays, closures, local holidays.
    Calendar(calendar::CalendarArgs),
}

#[derive(Args, Debug, Clone)]
struct PolicyArgs {
    /// A policy file (TOML). Default: the built-in `jp-local-gov` pack.
    #[arg(long, value_name = "FILE", conflicts_with = "builtin")]
    policy: Option<PathBuf>,
    /// A built-in pack by name (jp-local-gov, urayasu).
    #[arg(long, value_name = "NAME")]
    builtin: Option<String>,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

/// `--color`: `auto` follows `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR` and whether the
/// output is a terminal; `always` and `never` override them.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

impl Color {
    /// `raw` as a stream that keeps, strips or (on a console without ANSI) converts the
    /// styles of what is written to it.
    fn stream<W: std::io::Write + anstream::stream::RawStream>(self, raw: W) -> anstream::AutoStream<W> {
        let choice = match self {
            Color::Auto => anstream::ColorChoice::Auto,
            Color::Always => anstream::ColorChoice::Always,
            Color::Never => anstream::ColorChoice::Never,
        };
        anstream::AutoStream::new(raw, choice)
    }
}

/// One post, its context and the policy: what `check` and `fix` read.
#[derive(Args, Debug)]
pub(crate) struct PostArgs {
    /// The post. Without it, --file or standard input is read.
    text: Option<String>,
    /// Read the post from a file.
    #[arg(long, value_name = "PATH", conflicts_with = "text")]
    pub(crate) file: Option<PathBuf>,
    /// The context as JSON, or @FILE to read it from a file.
    #[arg(long, value_name = "JSON|@FILE")]
    context: Option<String>,
    #[command(flatten)]
    pub(crate) policy: PolicyArgs,
}

impl PostArgs {
    /// The post's bytes: the argument, the file, or standard input.
    pub(crate) fn read_text(&self) -> Result<Vec<u8>, Failure> {
        match (&self.text, &self.file) {
            (Some(t), _) => Ok(t.clone().into_bytes()),
            (None, Some(path)) => read_file(path),
            (None, None) => {
                let mut buf = Vec::new();
                std::io::stdin().read_to_end(&mut buf).map_err(|e| Failure::io(Path::new("<stdin>"), &e))?;
                Ok(buf)
            }
        }
    }

    /// The context JSON given with --context (read from the file for @FILE), if any.
    pub(crate) fn context_json(&self) -> Result<Option<String>, Failure> {
        context_arg(self.context.as_deref())
    }
}

#[derive(Args, Debug)]
struct CheckArgs {
    #[command(flatten)]
    post: PostArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// Colour in human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(Args, Debug)]
struct RulesArgs {
    #[command(flatten)]
    policy: PolicyArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

#[derive(Subcommand, Debug)]
enum PolicyCommand {
    /// Validate a policy file (errors give line and column) and run its `[[example]]`s.
    Check {
        /// The policy file.
        file: PathBuf,
        /// Also run the examples of the packs it extends, not only its own.
        #[arg(long)]
        all_examples: bool,
        /// Output format: every error and warning as rustc shows its own, or as JSON.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Print the effective policy (after `extends`) as standalone TOML.
    Show {
        /// A policy file; default: a built-in pack.
        file: Option<PathBuf>,
        /// A built-in pack by name.
        #[arg(long, value_name = "NAME", conflicts_with = "file")]
        builtin: Option<String>,
    },
}

/// A failure with its exit code.
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    fn data(message: impl Into<String>) -> Failure {
        Failure { code: EXIT_DATA, message: message.into() }
    }
    fn io(path: &Path, e: &std::io::Error) -> Failure {
        Failure { code: EXIT_IO, message: format!("cannot read `{}`: {e}", path.display()) }
    }
}

fn main() -> ExitCode {
    // The matches are kept for the order of `audit`'s per-input options.
    let parsed = Cli::command().try_get_matches().and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (cli, matches) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli, &matches) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn run(cli: Cli, matches: &ArgMatches) -> Result<u8, Failure> {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Fix(args) => fix::run(args),
        Command::Audit(args) => {
            let code = audit::run(&load_checker(&args.policy)?, &args, matches.subcommand_matches("audit"))?;
            // 0/1/2 are verdicts; anything else (65) is bad input.
            Ok(if args.exit_zero && code <= 2 { 0 } else { code })
        }
        Command::Rules(args) => rules(args),
        Command::Calendar(args) => calendar::run(&args, &load_policy(&args.policy)?),
        Command::Policy(PolicyCommand::Check { file, all_examples, format }) => {
            policy_check::run(&file, all_examples, format)
        }
        Command::Policy(PolicyCommand::Show { file, builtin }) => {
            let policy = match file {
                Some(f) => load_policy_file(&f)?,
                None => builtin_policy(builtin.as_deref().unwrap_or(hatsugen::policy::DEFAULT_PACK))?,
            };
            print_out(&policy.to_toml())?;
            Ok(0)
        }
    }
}

/// Writes to standard output; a closed pipe (`| head`) is not an error.
fn print_out(text: &str) -> Result<(), Failure> {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Failure::io(Path::new("<stdout>"), &e)),
        _ => Ok(()),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::io(path, &e))
}

fn load_policy_file(path: &Path) -> Result<Policy, Failure> {
    let bytes = read_file(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        Failure::data(format!("policy `{}` is not valid UTF-8 (byte {})", path.display(), e.valid_up_to()))
    })?;
    Policy::from_toml(text)
        .map_err(|e| Failure::data(e.to_string().replacen("<policy>", &path.display().to_string(), 1)))
}

fn builtin_policy(name: &str) -> Result<Policy, Failure> {
    Policy::builtin(name).map_err(|e| Failure { code: EXIT_USAGE, message: e.to_string() })
}

fn load_policy(args: &PolicyArgs) -> Result<Policy, Failure> {
    match (&args.policy, &args.builtin) {
        (Some(path), _) => load_policy_file(path),
        (None, Some(name)) => builtin_policy(name),
        (None, None) => builtin_policy(hatsugen::policy::DEFAULT_PACK),
    }
}

fn load_checker(args: &PolicyArgs) -> Result<Checker, Failure> {
    Checker::new(&load_policy(args)?).map_err(|e| Failure::data(e.to_string()))
}

fn check(args: CheckArgs) -> Result<u8, Failure> {
    let checker = load_checker(&args.post.policy)?;
    let text = args.post.read_text()?;
    let context = args.post.context_json()?;
    let report =
        hatsugen::wire::check_bytes(&checker, &text, context.as_deref()).map_err(|e| Failure::data(e.to_string()))?;
    let written = match args.format {
        Format::Json => writeln!(std::io::stdout().lock(), "{}", report.to_json()),
        Format::Human => {
            // `text` was validated by check_bytes, and so was the context.
            let text = String::from_utf8_lossy(&text);
            let ctx = context.as_deref().and_then(|c| hatsugen::Context::from_json(c).ok()).unwrap_or_default();
            let origin = args.post.file.as_deref().map_or_else(|| "<post>".to_owned(), |p| p.display().to_string());
            let post = human::Post { text: &text, origin: &origin, profile: ctx.profile.as_deref(), time: ctx.time };
            let mut out = args.color.stream(std::io::stdout().lock());
            write!(out, "{}", human::render(&post, &report))
        }
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(Failure::io(Path::new("<stdout>"), &e)),
        _ => {}
    }
    Ok(verdict_code(report.verdict))
}

/// The `--context` argument: JSON, or `@FILE` to read it from a file.
fn context_arg(arg: Option<&str>) -> Result<Option<String>, Failure> {
    Ok(match arg {
        Some(c) if c.starts_with('@') => {
            let path = Path::new(c.get(1..).unwrap_or_default());
            let bytes = read_file(path)?;
            Some(
                String::from_utf8(bytes)
                    .map_err(|_| Failure::data(format!("context `{}` is not valid UTF-8", path.display())))?,
            )
        }
        Some(c) => Some(c.to_owned()),
        None => None,
    })
}

fn verdict_code(v: Verdict) -> u8 {
    match v {
        Verdict::Allow => 0,
        Verdict::Warn => 1,
        Verdict::Block => 2,
    }
}

fn rules(args: RulesArgs) -> Result<u8, Failure> {
    let checker = load_checker(&args.policy)?;
    let rules = checker.rules();
    let mut text = String::new();
    match args.format {
        Format::Json => text = format!("{}\n", checker.rules_json()),
        Format::Human => {
            let width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
            for r in &rules {
                let state = if r.enabled { "" } else { " (disabled)" };
                text.push_str(&format!("{:width$}  {:5}  {}{}\n", r.id, r.severity.as_str(), r.clause, state));
            }
        }
    }
    print_out(&text)?;
    Ok(0)
}
