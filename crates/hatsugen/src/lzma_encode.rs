//! The encoder of the format `src/lzma.rs` decodes: the properties byte, the length, then
//! `lzma-rust2`'s raw LZMA stream without an end marker. Compiled by `build.rs` (`#[path]`),
//! which compresses the WebAssembly build's data with it, and by the decoder's tests; the
//! library never encodes, so `lzma-rust2` is a build and dev dependency only.

use std::io::Write as _;

/// `data` in the format of `src/lzma.rs`, with `lc` literal context bits, `lp` literal
/// position bits and `pb` position bits, at `lzma-rust2`'s strongest preset.
pub(crate) fn encode(data: &[u8], lc: u32, lp: u32, pb: u32) -> std::io::Result<Vec<u8>> {
    let mut options = lzma_rust2::LzmaOptions::with_preset(9);
    (options.lc, options.lp, options.pb, options.nice_len) = (lc, lp, pb, lzma_rust2::LzmaOptions::NICE_LEN_MAX);
    let size = u32::try_from(data.len()).map_err(|_| std::io::Error::other("longer than 4 GiB"))?;
    let mut out = vec![options.get_props()];
    out.extend_from_slice(&size.to_le_bytes());
    let mut w = lzma_rust2::LzmaWriter::new_no_header(&mut out, &options, false)?;
    w.write_all(data)?;
    w.finish()?;
    Ok(out)
}
