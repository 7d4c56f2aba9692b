//! The fragment `#d=…`: the user's own pasted or uploaded data
//! ([`SharedSeries`]), which browsers never send to a server. A versioned
//! binary layout (documented at [`encode_fragment`]), deflate-compressed
//! and base64url-encoded, with the limits that keep a link shareable
//! ([`MAX_FRAGMENT_CHARS`]) and a hostile one harmless
//! ([`MAX_INFLATED_BYTES`], the decompression-bomb guard).

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use miniz_oxide::inflate::TINFLStatus;
use thiserror::Error;

use super::notice::quote;

/// Longest fragment (`d=…`, after the `#`) [`encode_fragment`] writes, in
/// characters: links much longer than this break in chat apps and address
/// bars. Larger views go in a downloaded bundle
/// ([`encode_fragment_unlimited`]); [`decode_fragment`] reads both.
pub const MAX_FRAGMENT_CHARS: usize = 100_000;
/// Most bytes the fragment's data may unpack to: the decompression-bomb
/// guard (inflating stops there), and the most [`encode_fragment`] packs.
pub const MAX_INFLATED_BYTES: usize = 16 * 1024 * 1024;
/// Most series one fragment carries.
pub const MAX_SHARED_SERIES: usize = 64;
/// Longest name or source name of a shared series, in UTF-8 bytes: the
/// file-name limit of common file systems, so any real file name fits.
pub const MAX_NAME_BYTES: usize = 255;
/// The payload's layout version.
pub const FRAGMENT_VERSION: u8 = 1;
/// The payload's first bytes.
const MAGIC: &[u8; 2] = b"RR";

/// One series of the user's own data, as it travels in the fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedSeries {
    /// The name the series was loaded under (its id).
    pub name: String,
    /// The file name (or `pasted`) it came from.
    pub source_name: String,
    /// The original bytes as loaded (the CSV text, unparsed), shared with
    /// the page's copy: a link is recomputed on every change of the view,
    /// and a 40 MB file must not be copied each time.
    pub bytes: std::sync::Arc<[u8]>,
}

/// Why a fragment could not be written or read. Each message is a full
/// sentence the page shows as is.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FragmentError {
    /// The encoded data is longer than a link can carry.
    #[error("The shared data is {} characters, over the {} a link can carry: {} too many. Download the bundle instead.", grouped(*.chars), grouped(*.limit), grouped(.chars.saturating_sub(*.limit)))]
    TooLarge {
        /// Characters of the fragment.
        chars: usize,
        /// [`MAX_FRAGMENT_CHARS`].
        limit: usize,
    },
    /// The data unpacks (or would) to more than the limit: a damaged or
    /// hostile link, or a view too large to share.
    #[error("The shared data is over {} bytes once unpacked, the most a link may carry.", grouped(*.limit))]
    InflatedTooLarge {
        /// [`MAX_INFLATED_BYTES`].
        limit: usize,
    },
    /// More series than a fragment carries.
    #[error("{count} local series are more than the {limit} a link can carry.")]
    TooManySeries {
        /// Series given.
        count: usize,
        /// [`MAX_SHARED_SERIES`].
        limit: usize,
    },
    /// A name too long for the layout.
    #[error("The name \"{name}\" is {bytes} bytes long; a link carries names of at most {limit} bytes. Rename it to share it.")]
    NameTooLong {
        /// The name, quoted.
        name: String,
        /// Its length in UTF-8 bytes.
        bytes: usize,
        /// [`MAX_NAME_BYTES`].
        limit: usize,
    },
    /// A character outside base64url.
    #[error("The shared data is damaged: character {position} of it ({found:?}) is not base64url (A–Z, a–z, 0–9, - and _). Copy the whole link again.")]
    NotBase64 {
        /// 1-based position in the data (after `d=`).
        position: usize,
        /// The character found there.
        found: char,
    },
    /// The data ends early.
    #[error("The shared data ends early: the link was probably cut short when it was copied. Copy the whole link again.")]
    Truncated,
    /// The data does not unpack.
    #[error("The shared data is damaged: it does not unpack. Copy the whole link again.")]
    BadDeflate,
    /// The data unpacks, but not into the layout.
    #[error("The shared data unpacks but is not Regime Radar data: {what}.")]
    BadLayout {
        /// What is wrong, for the message.
        what: String,
    },
    /// A layout version this page does not read.
    #[error("The shared data is in format {version}; this page reads format {}. Open the link in an up-to-date Regime Radar.", FRAGMENT_VERSION)]
    UnsupportedVersion {
        /// The version byte found.
        version: u8,
    },
}

/// `163402` → `163,402`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Decodes what [`encode_fragment`] writes: padding optional, and bits
/// past the last byte ignored, so a cut link reads as [`FragmentError::Truncated`]
/// (the inflater runs out) rather than as a bad symbol.
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The fragment for `series`: `d=` + base64url (no padding) of the
/// raw-deflated payload, or `""` for no series. Refused past
/// [`MAX_FRAGMENT_CHARS`] ([`FragmentError::TooLarge`] says by how much).
///
/// Payload layout, version 1 (integers little-endian):
///
/// | bytes | content |
/// |---|---|
/// | 2 | magic `RR` |
/// | 1 | layout version, `1` |
/// | 1 | series count, 0–[`MAX_SHARED_SERIES`] |
/// | per series: 4 + 4 + 4 | lengths of name, source name, bytes (names ≤ [`MAX_NAME_BYTES`]) |
/// | per series: the three | name (UTF-8), source name (UTF-8), bytes |
///
/// Nothing may follow the last series; the whole payload is at most
/// [`MAX_INFLATED_BYTES`].
pub fn encode_fragment(series: &[SharedSeries]) -> Result<String, FragmentError> {
    let fragment = encode_fragment_unlimited(series)?;
    let chars = fragment.len();
    if chars > MAX_FRAGMENT_CHARS {
        return Err(FragmentError::TooLarge {
            chars,
            limit: MAX_FRAGMENT_CHARS,
        });
    }
    Ok(fragment)
}

/// [`encode_fragment`] without the link-length limit, for a downloaded
/// bundle (the payload limits still hold, as [`decode_fragment`] needs them).
pub fn encode_fragment_unlimited(series: &[SharedSeries]) -> Result<String, FragmentError> {
    if series.is_empty() {
        return Ok(String::new());
    }
    let payload = payload(series)?;
    Ok(format!("d={}", pack(&payload)))
}

fn payload(series: &[SharedSeries]) -> Result<Vec<u8>, FragmentError> {
    let count = u8::try_from(series.len())
        .ok()
        .filter(|c| usize::from(*c) <= MAX_SHARED_SERIES)
        .ok_or(FragmentError::TooManySeries {
            count: series.len(),
            limit: MAX_SHARED_SERIES,
        })?;
    let mut size: usize = 4;
    for s in series {
        for name in [&s.name, &s.source_name] {
            if name.len() > MAX_NAME_BYTES {
                return Err(FragmentError::NameTooLong {
                    name: quote(name),
                    bytes: name.len(),
                    limit: MAX_NAME_BYTES,
                });
            }
        }
        size = size
            .saturating_add(12)
            .saturating_add(s.name.len())
            .saturating_add(s.source_name.len())
            .saturating_add(s.bytes.len());
    }
    let too_large = FragmentError::InflatedTooLarge {
        limit: MAX_INFLATED_BYTES,
    };
    if size > MAX_INFLATED_BYTES {
        return Err(too_large);
    }
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.push(FRAGMENT_VERSION);
    out.push(count);
    for s in series {
        for len in [s.name.len(), s.source_name.len(), s.bytes.len()] {
            // Every length is below the 16 MiB total checked above.
            let len = u32::try_from(len).map_err(|_| too_large.clone())?;
            out.extend_from_slice(&len.to_le_bytes());
        }
        out.extend_from_slice(s.name.as_bytes());
        out.extend_from_slice(s.source_name.as_bytes());
        out.extend_from_slice(&s.bytes);
    }
    Ok(out)
}

/// Reads a fragment: with or without the leading `#`, `d=…` alone or among
/// other `&`-separated parts (the last `d=` counts). No `d=` part means no
/// shared data (`Ok(vec![])`). Inflating stops at [`MAX_INFLATED_BYTES`].
pub fn decode_fragment(fragment: &str) -> Result<Vec<SharedSeries>, FragmentError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(data) = fragment
        .split('&')
        .filter_map(|p| p.strip_prefix("d="))
        .next_back()
    else {
        return Ok(Vec::new());
    };
    let payload = unpack(data, MAX_INFLATED_BYTES).map_err(|e| match e {
        Unpack::NotBase64 { position, found } => FragmentError::NotBase64 { position, found },
        Unpack::Truncated => FragmentError::Truncated,
        Unpack::TooLarge => FragmentError::InflatedTooLarge {
            limit: MAX_INFLATED_BYTES,
        },
        Unpack::BadDeflate => FragmentError::BadDeflate,
    })?;
    parse_payload(&payload)
}

/// Why a packed fragment part (base64url of raw deflate) did not unpack;
/// each part's own error says it in its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Unpack {
    /// A character outside base64url, 1-based position in the part.
    NotBase64 { position: usize, found: char },
    /// The part ends early (a cut link).
    Truncated,
    /// It unpacks to more than the limit.
    TooLarge,
    /// It does not unpack.
    BadDeflate,
}

/// `bytes` raw-deflated (level 9) and base64url-encoded without padding:
/// how every packed part of the fragment is written.
pub(super) fn pack(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(bytes, 9))
}

/// Reads what [`pack`] writes (padding optional), inflating at most
/// `limit` bytes.
pub(super) fn unpack(data: &str, limit: usize) -> Result<Vec<u8>, Unpack> {
    // At most two `=` of padding; any other `=` is a bad character below.
    let body = data
        .strip_suffix("==")
        .or_else(|| data.strip_suffix('='))
        .unwrap_or(data);
    if body.is_empty() {
        return Err(Unpack::Truncated);
    }
    if let Some((index, found)) = body
        .chars()
        .enumerate()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(Unpack::NotBase64 {
            position: index + 1,
            found,
        });
    }
    let deflated = LENIENT_URL_SAFE.decode(body).map_err(|e| match e {
        base64::DecodeError::InvalidByte(offset, byte)
        | base64::DecodeError::InvalidLastSymbol(offset, byte) => Unpack::NotBase64 {
            position: offset + 1,
            found: char::from(byte),
        },
        // A length no encoder produces (4n + 1): the link was cut.
        base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidPadding => {
            Unpack::Truncated
        }
    })?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, limit).map_err(|e| {
        match e.status {
            TINFLStatus::HasMoreOutput => Unpack::TooLarge,
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                Unpack::Truncated
            }
            _ => Unpack::BadDeflate,
        }
    })
}

/// A cursor over the payload that refuses to read past its end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u8(&mut self) -> Option<u8> {
        self.take(1).and_then(|b| b.first().copied())
    }

    fn u32(&mut self) -> Option<usize> {
        let b: [u8; 4] = self.take(4)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(b)).ok()
    }
}

fn bad(what: String) -> FragmentError {
    FragmentError::BadLayout { what }
}

fn parse_payload(payload: &[u8]) -> Result<Vec<SharedSeries>, FragmentError> {
    let mut r = Reader {
        bytes: payload,
        at: 0,
    };
    if r.take(2) != Some(MAGIC.as_slice()) {
        return Err(bad("it does not start with the RR mark".to_string()));
    }
    let version = r
        .u8()
        .ok_or_else(|| bad("it ends before its version".to_string()))?;
    if version != FRAGMENT_VERSION {
        return Err(FragmentError::UnsupportedVersion { version });
    }
    let count = usize::from(
        r.u8()
            .ok_or_else(|| bad("it ends before its series count".to_string()))?,
    );
    if count > MAX_SHARED_SERIES {
        return Err(bad(format!(
            "it lists {count} series, more than {MAX_SHARED_SERIES}"
        )));
    }
    let mut out = Vec::with_capacity(count);
    for n in 1..=count {
        let ends_early = || bad(format!("series {n} of {count} ends early"));
        let name_len = r.u32().ok_or_else(ends_early)?;
        let source_len = r.u32().ok_or_else(ends_early)?;
        let bytes_len = r.u32().ok_or_else(ends_early)?;
        if name_len > MAX_NAME_BYTES || source_len > MAX_NAME_BYTES {
            return Err(bad(format!(
                "series {n} has a name longer than {MAX_NAME_BYTES} bytes"
            )));
        }
        let text = |raw: &[u8], what: &str| {
            String::from_utf8(raw.to_vec())
                .map_err(|_| bad(format!("the {what} of series {n} is not UTF-8 text")))
        };
        let name = text(r.take(name_len).ok_or_else(ends_early)?, "name")?;
        let source_name = text(r.take(source_len).ok_or_else(ends_early)?, "source name")?;
        let bytes = r.take(bytes_len).ok_or_else(ends_early)?.into();
        out.push(SharedSeries {
            name,
            source_name,
            bytes,
        });
    }
    let left = payload.len().saturating_sub(r.at);
    if left > 0 {
        return Err(bad(format!("{left} bytes follow the last series")));
    }
    Ok(out)
}
