//! `man`: the manual page, rendered as roff by clap_mangen from the clap definition,
//! so `man crosscheck` says exactly what `--help` says.
//!
//! clap_mangen writes one page per command and points the top page at
//! `crosscheck-add(1)` and so on; `crosscheck man` prints a single page instead, with
//! one section per subcommand, because one file to install is what users expect.

use std::io::Write;

use clap::CommandFactory;
use clap_mangen::Man;

use crate::error::Result;

/// Print the manual page (roff) to stdout.
///
/// Example:
///   crosscheck man > ~/.local/share/man/man1/crosscheck.1 && man crosscheck
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, ctx: &super::Ctx) -> Result<()> {
    let mut cmd = crate::cli::Cli::command().bin_name("crosscheck");
    // Building fills in every subcommand's bin name ("crosscheck source add") for the
    // synopses below.
    cmd.build();
    let mut out = ctx.out()?;
    page(&cmd, &mut out)?;
    out.finish()
}

/// The whole page: the top command's sections, then a section per subcommand.
fn page(cmd: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let man = Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    for sub in visible(cmd) {
        subcommand(sub, out)?;
    }
    man.render_version_section(out)
}

fn visible(cmd: &clap::Command) -> impl Iterator<Item = &clap::Command> {
    cmd.get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
}

/// One subcommand as a `.SH` section whose synopsis, description and options are
/// `.SS` subsections; nested subcommands (`source add`) follow as sections of their own.
fn subcommand(cmd: &clap::Command, out: &mut dyn Write) -> std::io::Result<()> {
    let name = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
    // roff quoting: a double quote inside a quoted macro argument is written twice.
    writeln!(out, ".SH \"{}\"", name.to_uppercase().replace('"', "\"\""))?;
    // The global options are documented once, at the top; `--help` everywhere.
    let mut local = cmd.clone();
    let shared: Vec<clap::Id> = cmd
        .get_arguments()
        .filter(|a| a.is_global_set() || a.get_id() == "help")
        .map(|a| a.get_id().clone())
        .collect();
    for id in shared {
        local = local.mut_arg(id, |a| a.hide(true));
    }
    let man = Man::new(local);
    let mut buf = Vec::new();
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    // The roff crate escapes text lines that start with a dot, so a line starting
    // ".SH " is always a heading: demote it to a subsection.
    let text = String::from_utf8_lossy(&buf);
    for line in text.lines() {
        match line.strip_prefix(".SH ") {
            Some(title) => writeln!(out, ".SS {title}")?,
            None => writeln!(out, "{line}")?,
        }
    }
    for sub in visible(cmd) {
        subcommand(sub, out)?;
    }
    Ok(())
}
