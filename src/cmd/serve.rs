//! `serve` and `token`: the web front end, and the tokens that let people write
//! through it.

use std::path::PathBuf;

use crate::error::Result;

/// Serve the desk's web pages and JSON API on this ledger.
///
/// Pages: /contradictions, /groups/ID, /claims, /claims/ID, /claims/new, /extract,
/// /sources, /timeline. API: GET /api/claims, /api/contradictions, /api/truth and
/// /api/parse?value= answer with the CLI's JSON; POST /api/claims (JSON Lines) and
/// POST /api/groups/ID/resolve ({"correct": CLAIM} or {"dismiss": REASON}) need
/// `Authorization: Bearer TOKEN`. Every write is recorded under the token's name.
///
/// It listens on this machine only unless --bind says otherwise, which needs
/// --token-file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to listen: HOST:PORT (port 0 picks a free one, printed on stderr)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Refuse every write (403)
    #[arg(long)]
    pub read_only: bool,
    /// Who may write: lines of `NAME sha256:HEX` (see `crosscheck token add`)
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

pub fn run(args: Args, ctx: &super::Ctx) -> Result<()> {
    // Refuse a missing ledger the way every command does, before listening.
    drop(ctx.open()?);
    crate::serve::run(crate::serve::Options {
        db: ctx.db.clone(),
        bind: args.bind,
        read_only: args.read_only,
        token_file: args.token_file,
        verbose: ctx.verbose,
    })
}

/// Make write tokens for `serve`.
#[derive(Debug, clap::Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Make a new random token for NAME: its hash is appended to the token file, the
    /// token is printed once on stdout and kept nowhere else
    Add {
        /// Who the token is for; recorded as the actor of every change made with it
        name: String,
        /// The token file (created, private, when missing)
        #[arg(long, value_name = "FILE")]
        token_file: PathBuf,
    },
}

pub fn run_token(args: TokenArgs, ctx: &super::Ctx) -> Result<()> {
    match args.command {
        TokenCommand::Add { name, token_file } => {
            let token = crate::serve::auth::add_token(&token_file, &name)?;
            ctx.say(format!(
                "added a token for '{}' to {}; it is shown once, here on stdout — keep it \
                 somewhere safe",
                name.trim(),
                token_file.display()
            ));
            let mut out = ctx.out()?;
            std::io::Write::write_all(&mut out, format!("{token}\n").as_bytes())?;
            out.finish()
        }
    }
}
