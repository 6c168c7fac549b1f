//! The progress of `hatsugen audit` on standard error, drawn by `indicatif`: a bar with the
//! rate and the time left when the size of the inputs is known (files), a count and the rate
//! otherwise (standard input, an unpacked archive folder). Nothing is drawn when standard
//! error is not a terminal or with `--quiet`; warnings go through [`Progress::println`] so
//! that they do not tear the bar.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{HumanCount, ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// With the size of the inputs: the bar follows the bytes read; rate and ETA.
const BAR: &str = "[{bar:30}] {percent:>3}%  {posts} posts  {rate}  ETA {eta}";
/// Without it: the posts checked so far and the rate.
const COUNT: &str = "{posts} posts checked  {rate}  {elapsed}";

/// The progress display: posts checked, and bytes read of `total` when it is known.
pub(crate) struct Progress {
    bar: ProgressBar,
    posts: Arc<AtomicU64>,
    /// Bytes read so far by every input (the readers add to it).
    pub(crate) bytes: Arc<AtomicU64>,
}

impl Progress {
    /// A display on standard error (hidden when it is not a terminal); `total` is the size
    /// of the inputs in bytes, when every input is a file of known size.
    pub(crate) fn stderr(total: Option<u64>, shown: bool) -> Progress {
        let target = if shown { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() };
        Progress::with_target(total, target)
    }

    /// A display drawn to `target`.
    pub(crate) fn with_target(total: Option<u64>, target: ProgressDrawTarget) -> Progress {
        let posts = Arc::new(AtomicU64::new(0));
        let total = total.filter(|&t| t > 0);
        let bar = ProgressBar::with_draw_target(total, target);
        let template = if total.is_some() { BAR } else { COUNT };
        // The templates are constants, checked by the tests below.
        if let Ok(style) = ProgressStyle::with_template(template) {
            let count = Arc::clone(&posts);
            let rate = Arc::clone(&posts);
            let style = style
                .progress_chars("#>.")
                .with_key("posts", move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", HumanCount(count.load(Ordering::Relaxed)));
                })
                .with_key("rate", move |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", posts_per_second(rate.load(Ordering::Relaxed), s.elapsed()));
                });
            bar.set_style(style);
        }
        Progress { bar, posts, bytes: Arc::new(AtomicU64::new(0)) }
    }

    /// Updates the display: `posts` checked (bad rows included), and the bytes read so far.
    pub(crate) fn update(&self, posts: u64) {
        self.posts.store(posts, Ordering::Relaxed);
        if self.bar.length().is_some() {
            self.bar.set_position(self.bytes.load(Ordering::Relaxed));
        } else {
            self.bar.set_position(posts);
        }
    }

    /// Prints a line above the bar (or plainly, when nothing is drawn).
    pub(crate) fn println(&self, line: &str) {
        if self.bar.is_hidden() {
            eprintln!("{line}");
        } else {
            self.bar.suspend(|| eprintln!("{line}"));
        }
    }

    /// Removes the bar; what follows is printed where it was.
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// `12,345 posts/s`; `…` in the first tenth of a second, when the rate means nothing yet.
fn posts_per_second(posts: u64, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    if secs < 0.1 {
        return "… posts/s".to_owned();
    }
    // Rates are far below 2^53: the conversions are exact enough for a display.
    let rate = (posts as f64 / secs).round() as u64;
    format!("{} posts/s", HumanCount(rate))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::sync::Mutex;

    use indicatif::TermLike;

    use super::*;

    /// A terminal that keeps what is drawn on it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<Vec<String>>>);

    impl Screen {
        fn text(&self) -> String {
            self.0.lock().unwrap().concat()
        }
        fn push(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push(s.to_owned());
            Ok(())
        }
    }

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            100
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.push(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.push(s)
        }
        fn clear_line(&self) -> std::io::Result<()> {
            self.push("<clear>")
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn shown(total: Option<u64>) -> (Progress, Screen) {
        let screen = Screen::default();
        let p = Progress::with_target(total, ProgressDrawTarget::term_like(Box::new(screen.clone())));
        (p, screen)
    }

    #[test]
    fn templates_are_valid() {
        assert!(ProgressStyle::with_template(BAR).is_ok());
        assert!(ProgressStyle::with_template(COUNT).is_ok());
    }

    #[test]
    fn files_get_a_bar_with_rate_and_eta() {
        let (p, screen) = shown(Some(1000));
        p.bytes.store(500, Ordering::Relaxed);
        p.update(12_345);
        p.bar.force_draw();
        let text = screen.text();
        let bar = format!("[{}>{}]  50%  12,345 posts  ", "#".repeat(15), ".".repeat(14));
        assert!(text.contains(&bar), "{text}");
        assert!(text.contains("posts/s  ETA "), "{text}");
    }

    #[test]
    fn streams_get_a_count_with_rate() {
        let (p, screen) = shown(None);
        p.update(3);
        p.bar.force_draw();
        let text = screen.text();
        assert!(text.contains("3 posts checked  "), "{text}");
        assert!(text.contains(" posts/s  "), "{text}");
        assert!(!text.contains('['), "no bar without a size: {text}");
    }

    #[test]
    fn lines_printed_during_the_bar_clear_it_first() {
        let (p, screen) = shown(Some(10));
        p.update(1);
        p.bar.force_draw();
        let before = screen.0.lock().unwrap().len();
        p.println("warning: x");
        let after = screen.0.lock().unwrap().get(before..).unwrap_or_default().concat();
        // The bar is cleared before the line is printed, then drawn again below it.
        assert!(after.starts_with("<clear>"), "{after}");
        assert!(after.contains("posts"), "{after}");
        p.finish();
        assert!(screen.text().ends_with("<clear>"), "{}", screen.text());
    }

    #[test]
    fn rates() {
        assert_eq!(posts_per_second(5, Duration::from_millis(50)), "… posts/s");
        assert_eq!(posts_per_second(123_456, Duration::from_secs(2)), "61,728 posts/s");
    }
}
