//! A decoder of LZMA streams, for the built-in data of the WebAssembly build.
//!
//! The download of that build has a size budget, and most of what it carries besides code is
//! text: the built-in packs, the table of readings and the model. Gzip (what a web server
//! applies, and what the budget measures) compresses them with a 32 KB window and a Huffman
//! code per block; LZMA's window spans the whole text and its range coder adapts every bit
//! to the bits before it, so the same data is about a ninth smaller (the packs 74 → 67 KB;
//! the gzipped module 9 KB smaller than with the data left to gzip). `build.rs` compresses
//! the data of that build with `lzma-rust2` (a build dependency only), decodes it with this
//! module and fails unless it gets the data back; the library decodes each piece once, when
//! it is first needed. Other builds embed the data as it is.
//!
//! The format is LZMA's (as `xz --format=raw` writes it), preceded by a header of five bytes:
//! the properties byte (`(pb × 5 + lp) × 9 + lc`) and the length of the decoded data
//! (little-endian `u32`). The stream has no end marker: it ends when that many bytes are
//! out. This decoder holds the whole output, which is also its dictionary.
//!
//! Compiled by `build.rs` (`#[path]`) and by the library.

// Only the WebAssembly build decodes at run time; the others test it.
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

/// Probabilities are 11-bit: `p / 2048` is the chance of a 0.
const PROB_BITS: u32 = 11;
/// A probability's starting value: a 0 and a 1 alike.
const PROB_INIT: u16 = 1 << (PROB_BITS - 1);
/// How fast a probability adapts: it moves by 1/32 of its distance to certainty.
const MOVE_BITS: u32 = 5;

/// States of the decoder (which kinds of packets came last).
const STATES: usize = 12;
/// Position states (`1 << pb`) at most.
const POS_STATES: usize = 16;

// Where each model's probabilities start in the one table.
const IS_MATCH: usize = 0;
const IS_REP: usize = IS_MATCH + STATES * POS_STATES;
const IS_REP_G0: usize = IS_REP + STATES;
const IS_REP_G1: usize = IS_REP_G0 + STATES;
const IS_REP_G2: usize = IS_REP_G1 + STATES;
const IS_REP0_LONG: usize = IS_REP_G2 + STATES;
/// Six-bit trees of distance slots, one per length (2, 3, 4, 5 and more).
const POS_SLOT: usize = IS_REP0_LONG + STATES * POS_STATES;
/// Reverse trees of the low bits of distances of slots 4 to 13.
const SPEC_POS: usize = POS_SLOT + 4 * 64;
/// The reverse tree of the four low bits of longer distances.
const ALIGN: usize = SPEC_POS + 115;
/// The lengths of matches and of repeated matches.
const LEN: usize = ALIGN + 16;
const REP_LEN: usize = LEN + LEN_SIZE;
/// Literal coders (0x300 probabilities each), `1 << (lc + lp)` of them.
const LITERAL: usize = REP_LEN + LEN_SIZE;
/// A length coder: two choices, eight three-bit trees per position state for lengths 2–9
/// and 10–17, and an eight-bit tree for 18–273.
const LEN_SIZE: usize = 2 + 2 * POS_STATES * 8 + 256;

/// Decodes `bytes` (the header described in the module docs, then the stream). `None` when
/// they are not such a stream.
pub(crate) fn decode(bytes: &[u8]) -> Option<Vec<u8>> {
    let (&props, rest) = bytes.split_first()?;
    let (size, stream) = rest.split_first_chunk::<4>()?;
    let size = usize::try_from(u32::from_le_bytes(*size)).ok()?;
    let props = u32::from(props);
    if props >= 9 * 5 * 5 {
        return None;
    }
    let (lc, lp, pb) = (props % 9, props / 9 % 5, props / 45);
    if lc + lp > 8 {
        return None;
    }
    let mut d =
        Decoder { rc: RangeDecoder::new(stream)?, probs: vec![PROB_INIT; LITERAL + (0x300 << (lc + lp))], ok: true };
    let out = d.run(size, lc, (1 << lp) - 1, (1 << pb) - 1)?;
    (d.ok && d.rc.pos <= stream.len()).then_some(out)
}

/// The range decoder: a 32-bit window on the arithmetic code of the bits.
struct RangeDecoder<'a> {
    input: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
}

impl<'a> RangeDecoder<'a> {
    fn new(input: &'a [u8]) -> Option<Self> {
        // The encoder's first byte is always 0; then the code's first four bytes.
        let (&0, rest) = input.split_first()? else { return None };
        let code = u32::from_be_bytes(*rest.first_chunk::<4>()?);
        Some(RangeDecoder { input, pos: 5, range: u32::MAX, code })
    }

    fn normalize(&mut self) {
        if self.range < 1 << 24 {
            self.range <<= 8;
            // Past the end it reads zeros; `decode` then rejects the stream.
            self.code = (self.code << 8) | u32::from(self.input.get(self.pos).copied().unwrap_or(0));
            self.pos += 1;
        }
    }

    /// One bit of chance `p` / 2048 of being 0, and `p` adapted to it.
    fn bit(&mut self, p: &mut u16) -> u32 {
        let bound = (self.range >> PROB_BITS) * u32::from(*p);
        let bit = if self.code < bound {
            self.range = bound;
            *p += ((1 << PROB_BITS) - *p) >> MOVE_BITS;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *p -= *p >> MOVE_BITS;
            1
        };
        self.normalize();
        bit
    }

    /// `n` bits of even chances, the highest first.
    fn direct(&mut self, n: u32) -> u32 {
        let mut value = 0;
        for _ in 0..n {
            self.range >>= 1;
            let bit = u32::from(self.code >= self.range);
            if bit == 1 {
                self.code -= self.range;
            }
            value = (value << 1) | bit;
            self.normalize();
        }
        value
    }
}

struct Decoder<'a> {
    rc: RangeDecoder<'a>,
    probs: Vec<u16>,
    /// False once an index fell outside the table (only a corrupt stream gets there).
    ok: bool,
}

impl Decoder<'_> {
    fn bit(&mut self, i: usize) -> u32 {
        match self.probs.get_mut(i) {
            Some(p) => self.rc.bit(p),
            None => {
                self.ok = false;
                0
            }
        }
    }

    /// A tree of `bits` bits, the highest first, its nodes at `base + 1`….
    fn tree(&mut self, base: usize, bits: u32) -> u32 {
        let mut m = 1;
        for _ in 0..bits {
            m = (m << 1) | self.bit(base + m as usize);
        }
        m - (1 << bits)
    }

    /// A tree of `bits` bits, the lowest first.
    fn reverse_tree(&mut self, base: usize, bits: u32) -> u32 {
        let (mut m, mut value) = (1, 0);
        for i in 0..bits {
            let bit = self.bit(base + m as usize);
            m = (m << 1) | bit;
            value |= bit << i;
        }
        value
    }

    /// A match length less 2.
    fn length(&mut self, base: usize, pos_state: usize) -> usize {
        let low = base + 2 + pos_state * 8;
        let n = if self.bit(base) == 0 {
            self.tree(low, 3)
        } else if self.bit(base + 1) == 0 {
            8 + self.tree(low + POS_STATES * 8, 3)
        } else {
            16 + self.tree(base + 2 + 2 * POS_STATES * 8, 8)
        };
        n as usize
    }

    /// A match distance less 1, for a match of length `len` + 2.
    fn distance(&mut self, len: usize) -> u32 {
        let slot = self.tree(POS_SLOT + len.min(3) * 64, 6);
        if slot < 4 {
            return slot;
        }
        let bits = (slot >> 1) - 1;
        let base = (2 | (slot & 1)) << bits;
        if slot < 14 {
            base + self.reverse_tree(SPEC_POS + (base - slot) as usize, bits)
        } else {
            base + (self.rc.direct(bits - 4) << 4) + self.reverse_tree(ALIGN, 4)
        }
    }

    fn run(&mut self, size: usize, lc: u32, lp_mask: usize, pb_mask: usize) -> Option<Vec<u8>> {
        // The header's length is trusted only as far as the stream could hold it.
        let mut out: Vec<u8> = Vec::with_capacity(size.min(self.rc.input.len().saturating_mul(16)));
        let mut state = 0usize;
        // The last four distances (less 1).
        let mut reps = [0usize; 4];
        while out.len() < size && self.ok {
            let pos = out.len();
            let pos_state = pos & pb_mask;
            if self.bit(IS_MATCH + state * POS_STATES + pos_state) == 0 {
                let prev = out.last().copied().unwrap_or(0);
                let coder = LITERAL + 0x300 * (((pos & lp_mask) << lc) + (usize::from(prev) >> (8 - lc)));
                let mut symbol = 1usize;
                if state >= 7 {
                    // After a match: the byte the last distance points at guides the
                    // coding until the first bit where they differ.
                    let mut matched = usize::from(*out.get(pos.checked_sub(reps[0] + 1)?)?);
                    while symbol < 0x100 {
                        let match_bit = (matched >> 7) & 1;
                        matched <<= 1;
                        let bit = self.bit(coder + ((1 + match_bit) << 8) + symbol) as usize;
                        symbol = (symbol << 1) | bit;
                        if bit != match_bit {
                            break;
                        }
                    }
                }
                while symbol < 0x100 {
                    symbol = (symbol << 1) | self.bit(coder + symbol) as usize;
                }
                out.push(symbol as u8);
                state = match state {
                    0..4 => 0,
                    4..10 => state - 3,
                    _ => state - 6,
                };
                continue;
            }
            let len = if self.bit(IS_REP + state) == 0 {
                // A new match.
                let len = self.length(LEN, pos_state);
                reps = [self.distance(len) as usize, reps[0], reps[1], reps[2]];
                state = if state < 7 { 7 } else { 10 };
                len
            } else {
                // One of the last four distances again.
                if self.bit(IS_REP_G0 + state) == 0 {
                    if self.bit(IS_REP0_LONG + state * POS_STATES + pos_state) == 0 {
                        // One byte.
                        state = if state < 7 { 9 } else { 11 };
                        out.push(*out.get(pos.checked_sub(reps[0] + 1)?)?);
                        continue;
                    }
                } else if self.bit(IS_REP_G1 + state) == 0 {
                    reps.swap(0, 1);
                } else if self.bit(IS_REP_G2 + state) == 0 {
                    reps = [reps[2], reps[0], reps[1], reps[3]];
                } else {
                    reps = [reps[3], reps[0], reps[1], reps[2]];
                }
                state = if state < 7 { 8 } else { 11 };
                self.length(REP_LEN, pos_state)
            };
            let from = pos.checked_sub(reps[0] + 1)?;
            let end = pos + len + 2;
            if end > size {
                return None;
            }
            for i in from..from + len + 2 {
                out.push(*out.get(i)?);
            }
        }
        Some(out)
    }
}

#[cfg(test)]
#[path = "lzma_encode.rs"]
mod encoder;

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    /// What `build.rs` writes.
    fn encode(data: &[u8], lc: u32, lp: u32, pb: u32) -> Vec<u8> {
        encoder::encode(data, lc, lp, pb).unwrap()
    }

    #[test]
    fn decodes_what_lzma_rust2_encodes() {
        let pack = include_str!("../packs/jp-local-gov.toml").as_bytes();
        for (lc, lp, pb) in [(3, 0, 0), (3, 0, 2), (0, 2, 0), (4, 0, 4), (8, 0, 0)] {
            let bytes = encode(pack, lc, lp, pb);
            assert!(bytes.len() < pack.len() / 3, "{} of {}", bytes.len(), pack.len());
            assert!(decode(&bytes).unwrap() == pack, "lc {lc} lp {lp} pb {pb}");
        }
        assert_eq!(decode(&encode(b"", 3, 0, 0)).unwrap(), b"");
        // Long runs (the longest matches, repeated distances) and bytes of every value.
        let mut mixed: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        mixed.extend(std::iter::repeat_n(b'a', 3000));
        mixed.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
        mixed.extend_from_slice(&mixed.clone()[100..2000]);
        assert_eq!(decode(&encode(&mixed, 3, 0, 2)).unwrap(), mixed);
    }

    #[test]
    fn rejects_what_is_not_a_stream() {
        let data = "ソーシャルメディアの私的利用".repeat(40);
        let good = encode(data.as_bytes(), 3, 0, 0);
        assert!(decode(&good).is_some());
        assert_eq!(decode(&[]), None);
        assert_eq!(decode(&good[..5]), None);
        // Cut short: it reads zeros past the end, and says so.
        assert_eq!(decode(&good[..good.len() - 3]), None);
        // Properties out of range.
        let mut bad = good.clone();
        bad[0] = 225;
        assert_eq!(decode(&bad), None);
        // The range coder's first byte is not 0.
        let mut bad = good.clone();
        bad[5] = 1;
        assert_eq!(decode(&bad), None);
        // Longer than the stream holds: distances and lengths past the data, or zeros read.
        let mut bad = good.clone();
        bad[1..5].copy_from_slice(&100_000u32.to_le_bytes());
        assert_eq!(decode(&bad), None);
        // Any flipped byte: no panic, and never the data back unnoticed unless it decodes to it.
        for i in 6..good.len() {
            let mut bad = good.clone();
            bad[i] ^= 0x5a;
            if let Some(out) = decode(&bad) {
                assert_eq!(out.len(), data.len());
            }
        }
    }

    proptest::proptest! {
        /// Any bytes after a valid header: an answer or `None`, never a panic, and never
        /// more than the header's length.
        #[test]
        fn random_streams_do_not_panic(props in 0u8..225, size in 0u32..5000, stream in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let mut bytes = vec![props];
            bytes.extend_from_slice(&size.to_le_bytes());
            bytes.push(0);
            bytes.extend_from_slice(&stream);
            if let Some(out) = decode(&bytes) {
                proptest::prop_assert_eq!(out.len(), size as usize);
            }
        }
    }
}
