//! Results that depend on the whole ledger, kept for one state of it.
//!
//! The state is the ledger's head: the id of its newest event. Every write, through this
//! server or any other process (`crosscheck add` in another terminal), appends an event
//! and so moves the head. A request reads the head first and takes a kept result only
//! if it was made at that head; otherwise the result is made anew, by the same ops call
//! the handler would make without the cache, and kept in place of the old one. So a
//! page never shows the ledger as it was before a write the reader could have seen.
//!
//! Each kind of result keeps one entry: the memory is one report, one set of name
//! lists, one sources table. Results that depend on a request's own filters are not
//! kept here; a filtered report is cut from the kept whole report when that is current,
//! and swept afresh (one subject at a time, cheaply) when it is not.

use std::sync::{Arc, Mutex, MutexGuard};

use crate::detect::{Group, Settings};
use crate::error::Result;
use crate::ops::contradictions::{self, Context, ReportOptions, Tally};
use crate::store::Store;

/// One kept result and the head it was made at.
pub struct Slot<T> {
    kept: Mutex<Option<(i64, Arc<T>)>>,
    /// Held while a result is made, so that requests arriving meanwhile wait for it
    /// instead of making it again.
    making: Mutex<()>,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            kept: Mutex::new(None),
            making: Mutex::new(()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl<T> Slot<T> {
    /// The result made at `head`, if it is the one kept.
    pub fn peek(&self, head: i64) -> Option<Arc<T>> {
        match &*lock(&self.kept) {
            Some((at, v)) if *at == head => Some(Arc::clone(v)),
            _ => None,
        }
    }

    /// The result at `head`: the kept one, or `make`'s, which is then kept.
    pub fn get(&self, head: i64, make: impl FnOnce() -> Result<T>) -> Result<Arc<T>> {
        if let Some(v) = self.peek(head) {
            return Ok(v);
        }
        let _making = lock(&self.making);
        if let Some(v) = self.peek(head) {
            return Ok(v);
        }
        let v = Arc::new(make()?);
        let mut kept = lock(&self.kept);
        // Heads only grow: a result made for an older head never replaces a newer one.
        if kept.as_ref().is_none_or(|(at, _)| *at <= head) {
            *kept = Some((head, Arc::clone(&v)));
        }
        Ok(v)
    }
}

/// Everything the server keeps per state of the ledger.
#[derive(Default)]
pub struct Cache {
    /// The claims page's lists of source, subject and metric names, as drawn.
    pub facets: Slot<String>,
    /// The sources page's rows: each source with its record and estimated accuracy.
    pub sources: Slot<Vec<(crate::ops::names::SourceRecord, Option<f64>)>>,
    /// The judgements and track records every report applies.
    context: Slot<Context>,
    /// Every group of the ledger under the default settings, judged.
    groups: Slot<Vec<Group>>,
}

/// The ledger's current head, the key of everything kept.
pub fn head(ledger: &dyn Store) -> Result<i64> {
    ledger.head_event()
}

impl Cache {
    /// The contradiction report `options` asks for, and how many groups matched: what
    /// [`contradictions::report_counted`] gives on the same ledger.
    ///
    /// A report of the whole ledger under the default settings (the front page, a
    /// group's page) is made once per head. A report about one subject or metric is cut
    /// from that when it is current, and otherwise swept on its own: after a write, a
    /// look at one subject should not wait for the whole ledger to be swept again.
    pub fn report(
        &self,
        ledger: &dyn Store,
        options: &ReportOptions,
    ) -> Result<(Vec<Group>, Tally)> {
        let head = head(ledger)?;
        let context = self.context.get(head, || Context::load(ledger))?;
        let all = if options.settings != Settings::default() {
            None
        } else if options.subject.is_none() && options.metric.is_none() {
            Some(self.groups.get(head, || {
                contradictions::all_groups(ledger, &context, options.settings)
            })?)
        } else {
            self.groups.peek(head)
        };
        contradictions::report_counted_with(
            ledger,
            &context,
            all.as_deref().map(|g| &g[..]),
            options,
        )
    }
}
