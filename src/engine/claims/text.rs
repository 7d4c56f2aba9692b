//! Text clean-up before parsing: HTML tags and entities out (the text is
//! only ever read, never rendered), Unicode minus signs and dashes to ASCII,
//! non-breaking and other spaces to plain spaces, runs of spaces collapsed
//! (line breaks kept: they end sentences).
//!
//! Invariant: every function here is total — any input, however malformed
//! (an unclosed `<`, a stray `&`), gives a string, never a panic.

/// The text of an HTML (or Markdown) document: tags removed, `<script>` and
/// `<style>` contents dropped, block tags turned into line breaks, the
/// common entities decoded. Plain text passes through unchanged except for
/// entities. An unclosed `<` ends the text's tag-free part: what follows is
/// dropped, as a browser would treat it as an unfinished tag.
pub fn strip_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        // `<` not followed by a tag start (`a < b`, `<3`) is text.
        let starts_tag = after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!' || c == '?');
        if !starts_tag {
            out.push('<');
            rest = after;
            continue;
        }
        let Some(close) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after[..close].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[close + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let end_tag = format!("</{name}");
            rest = match rest.to_ascii_lowercase().find(&end_tag) {
                // Lower-casing ASCII keeps byte offsets.
                Some(at) => rest[at..].find('>').map_or("", |gt| &rest[at + gt + 1..]),
                None => "",
            };
            continue;
        }
        if is_block(&name) {
            out.push('\n');
        } else {
            out.push(' ');
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "table"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "title"
    )
}

/// The entities market pages use; an unknown or unterminated one stays as
/// written.
fn decode_entities(text: &str) -> String {
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", " "),
        ("ndash", "–"),
        ("mdash", "—"),
        ("minus", "−"),
        ("rsquo", "’"),
        ("lsquo", "‘"),
        ("ldquo", "“"),
        ("rdquo", "”"),
        ("hellip", "…"),
    ];
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|s| *s <= 8);
        let decoded = semi.and_then(|s| {
            let name = &after[..s];
            if let Some(num) = name.strip_prefix('#') {
                let code = match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                };
                code.and_then(char::from_u32).map(|c| (c.to_string(), s))
            } else {
                NAMED
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| ((*v).to_string(), s))
            }
        });
        match decoded {
            Some((value, s)) => {
                out.push_str(&value);
                rest = &after[s + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Normalises characters the parser reads: Unicode minus (U+2212) and
/// dashes to `-`, typographic quotes to ASCII, every kind of space to ` `,
/// runs of spaces and tabs to one space; line breaks are kept (three or more
/// become two). Digits' thousands separators are left for the tokenizer,
/// which knows where a number is.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut newlines = 0;
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
            | '\u{2015}' | '\u{FE63}' | '\u{FF0D}' => '-',
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201F}' | '\u{2033}' => '"',
            '\r' => '\n',
            c if c != '\n' && c.is_whitespace() => ' ',
            c if c.is_control() && c != '\n' => ' ',
            c => c,
        };
        match c {
            '\n' => {
                newlines += 1;
                space = false;
                if newlines <= 2 && !out.is_empty() {
                    out.push('\n');
                }
            }
            ' ' => {
                if !space && newlines == 0 && !out.is_empty() {
                    space = true;
                }
            }
            c => {
                if space {
                    out.push(' ');
                }
                space = false;
                newlines = 0;
                out.push(c);
            }
        }
    }
    out.trim_end_matches('\n').to_string()
}

/// The text the parser reads: `strip_html` when it looks like HTML (a tag
/// such as `<p`, `<div`, `<br` or `<html` appears), then `normalize`.
pub fn clean(input: &str) -> String {
    let lower = input.to_ascii_lowercase();
    let looks_html = ["<p", "<div", "<br", "<html", "<span", "<body", "<li", "<a "]
        .iter()
        .any(|t| lower.contains(t));
    if looks_html {
        normalize(&strip_html(input))
    } else {
        normalize(&decode_entities(input))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_blocks_break_scripts_vanish() {
        let html = "<p>Small caps <b>rose</b> 1.2%</p><script>alert('x<y')</script><div>Next &amp; more</div>";
        assert_eq!(clean(html), "Small caps rose 1.2%\n\nNext & more");
    }

    #[test]
    fn malformed_html_is_total() {
        assert_eq!(strip_html("a < b and <unclosed"), "a < b and ");
        assert_eq!(strip_html("&#xZZ; &; &#99999999;"), "&#xZZ; &; &#99999999;");
        assert_eq!(strip_html("<script>never closed"), "");
    }

    #[test]
    fn dashes_minus_and_spaces_normalised() {
        assert_eq!(
            normalize("down \u{2212}2.1%\u{00A0}\u{2014}  S&P\t500\n\n\n\nnext"),
            "down -2.1% - S&P 500\n\nnext"
        );
    }
}
