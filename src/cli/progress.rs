//! The terminal's progress bar (indicatif) behind the library's [`Progress`] trait: drawn on
//! stderr when it is a terminal, hidden otherwise.

use std::io::IsTerminal;

use evidence::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A byte-counting bar labelled with what is being done ("hashing", "verifying").
pub struct Bar(ProgressBar);

impl Bar {
    pub fn new(what: &str) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(ProgressBar::hidden());
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Self(bar)
    }

    /// A spinner, for work whose size is not known in advance.
    pub fn spinner() -> Self {
        if std::io::stderr().is_terminal() {
            Self(ProgressBar::new_spinner())
        } else {
            Self(ProgressBar::hidden())
        }
    }

    /// Remove the bar from the terminal.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Progress for Bar {
    fn set_total(&self, bytes: u64) {
        self.0.set_length(bytes);
    }

    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }
}
