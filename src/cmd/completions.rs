//! `completions`.

use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args, _: &super::Ctx) -> Result<()> {
    Err(Error::Usage("`completions` is not available yet".into()))
}
