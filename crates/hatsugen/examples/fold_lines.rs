//! Folds texts as the checker does before it scans them, one JSON string per line in and
//! out: what `scripts/gen-model` trains the model on, so that its bigrams are the ones the
//! checker scores.
//!
//! ```sh
//! printf '"ﾃｽﾄ　です"\n' | cargo run -q -p hatsugen --example fold_lines
//! ```

use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let text: String = serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let folded = hatsugen::text::Normalized::new(&text);
        serde_json::to_writer(&mut out, folded.as_str())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
