//! Stretches of a paragraph that must read left to right exactly as written, even inside
//! right-to-left text: phone numbers, e-mail addresses, URLs, numbers whose groups are
//! separated by spaces, Latin handles and hashtags («@ahmed_tech», «#AI»), and quotations in
//! Latin script inside right-to-left text («"We played well…"»).
//!
//! The Unicode Bidirectional Algorithm (UAX #9) orders a right-to-left paragraph by runs, and a
//! space between two digit groups belongs to the right-to-left text around them (rule N1 treats
//! numbers as right to left for neutrals). So «اتصل على +20 2 1234 5678» shows the groups in
//! reverse, «5678 1234 2 +20»; «(02) 2345-6789» shows the area code last; a `+` or a URL's final
//! `/` lands on the wrong side. Found before bidi runs, each stretch becomes an isolate (LRI…PDI in
//! the text engine, `<bdi dir="ltr">` in the EPUB), which the algorithm sets as one left-to-right
//! unit.
//!
//! What is not isolated, on purpose: a number the algorithm already keeps whole (2014, 1.5,
//! 1,234, 28/06/2021, 2345-6789: digits joined by `.`, `,`, `/`, `:` or `-` form one run), and
//! Latin words and names (a run of Latin letters stays in order by itself). Isolating them would
//! be harmless, but every isolate is markup in the EPUB and two control characters in the PDF's
//! text, so only what UAX #9 would scramble is marked.
//!
//! A small hand scanner rather than regular expressions: one pass, linear in the text, that never
//! indexes off a character boundary, whatever the input (lone marks, bidi controls, megabytes of
//! digits).

use std::ops::Range;

/// Byte ranges of `text` that must be set left to right as written: sorted, not overlapping,
/// each on character boundaries, with no surrounding spaces and without the sentence's own
/// punctuation (a final «.», «،», «,» or an unmatched «)» after a URL stays outside).
///
/// Found: URLs (`scheme://…`, `www.…`), e-mail addresses, phone numbers (`+20 2 1234 5678`,
/// `(02) 2345-6789`, `+1-202-555-0143`, `0100 123 4567`), numbers grouped by spaces
/// (`10 000`, `1 234 567`), in ASCII or Arabic-Indic digits, and handles and hashtags written
/// in Latin letters (`@ahmed_tech`, `#AI_2026`); in text that holds right-to-left letters,
/// quotations in Latin script with their marks (`"We played well."`).
pub fn ltr_isolates(text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    // Where the run of e-mail local-part characters that ends at `i` starts.
    let mut local_start: Option<usize> = None;
    // Whether the text holds any right-to-left letter: asked at the first quotation mark.
    let mut has_rtl: Option<bool> = None;
    let mut i = 0;
    while let Some(c) = char_at(text, i) {
        let before = prev_char(text, i);
        if !before.is_some_and(|p| p.is_ascii_alphanumeric()) {
            if let Some(end) = url_at(text, i) {
                found.push(i..end);
                local_start = None;
                i = end;
                continue;
            }
        }
        // Only `+`, `(` or a digit can start a number: asked first, it spares the Unicode
        // lookup of `is_alphanumeric` for every letter of the text.
        let may_start_number = c == '+' || c == '(' || is_digit(c);
        if may_start_number && !before.is_some_and(char::is_alphanumeric) {
            if let Some((end, isolate)) = number_at(text, i) {
                if isolate {
                    found.push(i..end);
                }
                // Skip the whole number (scanning it again from each of its digit groups would
                // be quadratic), keeping track of what could start an e-mail address.
                for (k, c) in text[i..end].char_indices() {
                    local_start = if is_local(c) {
                        local_start.or(Some(i + k))
                    } else {
                        None
                    };
                }
                i = end;
                continue;
            }
        }
        if matches!(c, '"' | '\u{201C}') && !before.is_some_and(char::is_alphanumeric) {
            let rtl = *has_rtl.get_or_insert_with(|| text.chars().any(is_rtl_letter));
            if let Some(end) = rtl.then(|| latin_quote_end(text, i, c)).flatten() {
                found.push(i..end);
                local_start = None;
                i = end;
                continue;
            }
        }
        if matches!(c, '@' | '#') && !before.is_some_and(|p| is_local(p) || p == '@' || p == '#') {
            if let Some(end) = tag_end(text, i + 1) {
                found.push(i..end);
                local_start = None;
                i = end;
                continue;
            }
        }
        if c == '@' {
            let start = local_start.map(|s| skip_dots(text, s, i));
            if let (Some(start), Some(end)) = (start.filter(|&s| s < i), domain_end(text, i + 1)) {
                // A number isolated inside the address's local part gives way to the address.
                while found.last().is_some_and(|r| r.end > start) {
                    found.pop();
                }
                found.push(start..end);
                local_start = None;
                i = end;
                continue;
            }
        }
        local_start = if is_local(c) {
            local_start.or(Some(i))
        } else {
            None
        };
        i += c.len_utf8();
    }
    found
}

/// The character starting at byte `i`, if `i` is inside `text` and on a boundary.
fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|rest| rest.chars().next())
}

/// The character ending at byte `i`.
fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|head| head.chars().next_back())
}

/// Whether `c` is a decimal digit a number can be written in: ASCII, Arabic-Indic (Arabic) or
/// Extended Arabic-Indic (Persian, Urdu).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{660}'..='\u{669}').contains(&c)
        || ('\u{6F0}'..='\u{6F9}').contains(&c)
}

/// The bidi formatting characters (LRE…RLO, LRI…PDI, LRM, RLM, ALM): they end any stretch,
/// so an isolate never cuts an embedding or another isolate in two.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

// ---- URLs ---------------------------------------------------------------------------------

/// Longest scheme looked for (`https`, `ftp`, `git+ssh`…): bounds the work at each word start.
const MAX_SCHEME: usize = 32;

/// The end of a URL starting at `i` (`scheme://…` or `www.…`), trailing punctuation left out.
fn url_at(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let body = if rest
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("www."))
    {
        i + 4
    } else {
        let scheme = rest
            .char_indices()
            .take(MAX_SCHEME)
            .take_while(|&(k, c)| {
                if k == 0 {
                    c.is_ascii_alphabetic()
                } else {
                    c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')
                }
            })
            .last()
            .map(|(k, c)| k + c.len_utf8())?;
        if !rest[scheme..].starts_with("://") {
            return None;
        }
        i + scheme + 3
    };
    // The host must start with a letter or digit: «www.» or «http://» alone is not a URL.
    if !char_at(text, body).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let mut end = body;
    while let Some(c) = char_at(text, end).filter(|&c| is_url_char(c)) {
        end += c.len_utf8();
    }
    Some(trim_url_end(text, body, end))
}

/// Characters a URL can hold as written in running text. Letters of any script stay in (an IRI
/// may have an Arabic path); spaces, quotes, angle brackets and Arabic punctuation end it.
fn is_url_char(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '<' | '>'
                | '"'
                | '`'
                | '«'
                | '»'
                | '“'
                | '”'
                | '„'
                | '‹'
                | '›'
                | '،'
                | '؛'
                | '؟'
                | '۔'
        ))
}

/// Drops what ends the sentence rather than the URL: final stops, commas, colons, quotes, and
/// closing brackets that the URL did not open.
fn trim_url_end(text: &str, body: usize, mut end: usize) -> usize {
    // Opened minus closed, per kind of bracket: counted once, updated as closers are dropped.
    let mut balance = [('(', ')', 0i64), ('[', ']', 0), ('{', '}', 0)];
    for c in text[body..end].chars() {
        for (open, close, n) in &mut balance {
            *n += i64::from(c == *open) - i64::from(c == *close);
        }
    }
    while end > body {
        let Some(c) = prev_char(text, end) else { break };
        let drop = match balance.iter_mut().find(|(_, close, _)| *close == c) {
            // A closing bracket the URL did not open belongs to the sentence.
            Some((_, _, n)) if *n < 0 => {
                *n += 1;
                true
            }
            Some(_) => false,
            None => matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '…' | '-'),
        };
        if !drop {
            break;
        }
        end -= c.len_utf8();
    }
    end
}

// ---- e-mail addresses -------------------------------------------------------------------------

/// Characters of an address's local part (the common, unquoted ones).
fn is_local(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// `start` moved past leading dots (a sentence's «...» before an address is not part of it).
fn skip_dots(text: &str, mut start: usize, end: usize) -> usize {
    while start < end && text.as_bytes()[start] == b'.' {
        start += 1;
    }
    start
}

/// The end of a domain (`example.com`, `mail.gov.eg`) starting at byte `i`: letters, digits and
/// hyphens in at least two dot-separated labels, the last one starting with a letter.
fn domain_end(text: &str, i: usize) -> Option<usize> {
    let tail = text.get(i..)?;
    let len = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(tail.len());
    let domain = tail[..len].trim_end_matches(['.', '-']);
    let (head, last) = domain.rsplit_once('.')?;
    let ok = !head.is_empty()
        && !head.starts_with(['.', '-'])
        && last.starts_with(|c: char| c.is_ascii_alphabetic());
    ok.then_some(i + domain.len())
}

// ---- quotations ---------------------------------------------------------------------------------

/// The end (after its closing mark) of a quotation in Latin script opening with `open` at byte
/// `i`: «"…"» or «“…”», its first character a Latin letter, no right-to-left letter and no line
/// break inside. Set in right-to-left text without an isolate, its closing mark and full stop
/// land at the far end of the line, away from the last word («".over until the final
/// whistle»); isolated, it reads as written, marks and all.
fn latin_quote_end(text: &str, i: usize, open: char) -> Option<usize> {
    let close = if open == '"' { '"' } else { '\u{201D}' };
    let body = i + open.len_utf8();
    let tail = text.get(body..)?;
    let first = tail.chars().next()?;
    if !(first.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&first)) {
        return None;
    }
    // Stopping at another opening mark keeps the scan linear over «“a “a “a…».
    let len = tail.find(|c: char| c == close || c == open || c == '\n' || is_rtl_letter(c))?;
    tail[len..]
        .starts_with(close)
        .then_some(body + len + close.len_utf8())
}

/// A letter of a right-to-left script (Hebrew, Arabic and their presentation forms), by
/// range: cheaper than a bidi class lookup, and all the text needs.
fn is_rtl_letter(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

// ---- handles and hashtags ---------------------------------------------------------------------

/// The end of a Latin handle or hashtag's name starting at byte `i` (after its «@» or «#»):
/// ASCII letters, digits and «_», with a letter among them. The sign is a neutral to UAX #9,
/// so inside Arabic it lands on the far side of the name («ahmed_tech@») unless isolated.
fn tag_end(text: &str, i: usize) -> Option<usize> {
    let tail = text.get(i..)?;
    let len = tail
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(tail.len());
    let name = &tail[..len];
    // Followed by «@» or a dot and more name, it is something else (an address, a domain).
    let next = tail[len..].chars().next();
    let continues = matches!(next, Some('@'))
        || (next == Some('.') && tail[len + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()));
    (name.bytes().any(|b| b.is_ascii_alphabetic()) && !continues).then_some(i + len)
}

// ---- numbers ----------------------------------------------------------------------------------

/// Characters that join two digit groups of one number.
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}'
            | '\u{2007}'
            | '\u{2009}'
            | '\u{202F}'
            | '-'
            | '\u{2010}'
            | '\u{2011}'
            | '.'
            | ','
            | '/'
            | ':'
    )
}

/// Separators that UAX #9 does not keep inside a number (white space; a no-break space is a
/// common separator, which it does keep).
fn breaks_number(c: char) -> bool {
    matches!(c, ' ' | '\u{2007}' | '\u{2009}')
}

/// One group of digits, `1234` or `(02)`.
struct Group {
    digits: usize,
    paren: bool,
    /// Whether the group starts with a zero (a trunk prefix: «0100», «02»).
    leading_zero: bool,
}

/// The end of the digit group starting at `i`, and the group.
fn group_at(text: &str, i: usize) -> Option<(usize, Group)> {
    let paren = char_at(text, i) == Some('(');
    let first = if paren { i + 1 } else { i };
    let mut end = first;
    let mut digits = 0;
    while let Some(c) = char_at(text, end).filter(|&c| is_digit(c)) {
        digits += 1;
        end += c.len_utf8();
    }
    if digits == 0 {
        return None;
    }
    let leading_zero =
        char_at(text, first).is_some_and(|c| c.to_digit(10) == Some(0) || c == '٠' || c == '۰');
    if paren {
        if char_at(text, end) != Some(')') {
            return None;
        }
        end += 1;
    }
    Some((
        end,
        Group {
            digits,
            paren,
            leading_zero,
        },
    ))
}

/// A number starting at `i`: digit groups joined by single separators, after an optional `+`.
/// Returns where it ends and whether UAX #9 would scramble it (see [`needs_isolate`]).
fn number_at(text: &str, i: usize) -> Option<(usize, bool)> {
    let plus = char_at(text, i) == Some('+');
    let start = if plus { i + 1 } else { i };
    let (mut end, first) = group_at(text, start)?;
    let mut groups = vec![first];
    let mut separators = Vec::new();
    loop {
        // A bracketed group may follow another group directly: «(02)2345».
        let (sep, next) = match char_at(text, end) {
            Some(c) if is_separator(c) => (Some(c), end + c.len_utf8()),
            Some('(') => (None, end),
            Some(c) if is_digit(c) && groups.last().is_some_and(|g| g.paren) => (None, end),
            _ => break,
        };
        let Some((after, group)) = group_at(text, next) else {
            break;
        };
        groups.push(group);
        separators.extend(sep);
        end = after;
    }
    Some((end, needs_isolate(plus, &groups, &separators)))
}

/// Whether a number needs an isolate: a `+` that would land on the wrong side (a phone number),
/// a bracketed area code followed by more groups, or groups joined by spaces that read as one
/// number: thousands (`10 000`, `1 234 567`) or a phone number (seven digits or more, in three
/// groups or more or starting with a trunk zero). Two plain numbers side by side («2014 83») are
/// left to the algorithm.
fn needs_isolate(plus: bool, groups: &[Group], separators: &[char]) -> bool {
    let digits: usize = groups.iter().map(|g| g.digits).sum();
    if plus {
        return groups.len() >= 2 || digits >= 7;
    }
    if groups.len() < 2 {
        return false;
    }
    if groups[0].paren
        || (groups.iter().any(|g| g.paren) && separators.iter().copied().any(breaks_number))
    {
        return true;
    }
    if !separators.iter().copied().any(breaks_number) {
        return false;
    }
    let thousands = (1..=3).contains(&groups[0].digits)
        && !groups[0].paren
        && groups[1..].iter().all(|g| g.digits == 3 && !g.paren)
        && separators.windows(2).all(|w| w[0] == w[1]);
    let phone = digits >= 7 && (groups.len() >= 3 || groups[0].leading_zero);
    thousands || phone
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The isolated stretches as strings.
    fn found(text: &str) -> Vec<&str> {
        ltr_isolates(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn phone_numbers_inside_arabic() {
        assert_eq!(
            found("للاستفسار اتصل على +20 2 1234 5678 يوميًا."),
            ["+20 2 1234 5678"]
        );
        assert_eq!(
            found("هاتف المكتب (02) 2345-6789، أو الفاكس."),
            ["(02) 2345-6789"]
        );
        assert_eq!(
            found("السفارة في واشنطن: +1-202-555-0143."),
            ["+1-202-555-0143"]
        );
        assert_eq!(found("الخط الساخن 0100 123 4567 مجانًا"), ["0100 123 4567"]);
        assert_eq!(found("أو 02 23456789"), ["02 23456789"]);
        assert_eq!(found("رقم +201001234567 فقط"), ["+201001234567"]);
        assert_eq!(found("+1 (202) 555-0143"), ["+1 (202) 555-0143"]);
        assert_eq!(found("اتصل: +٢٠ ٢ ١٢٣٤ ٥٦٧٨"), ["+٢٠ ٢ ١٢٣٤ ٥٦٧٨"]);
    }

    #[test]
    fn numbers_grouped_by_spaces() {
        assert_eq!(found("بلغ عدد الزوار 10 000 زائر"), ["10 000"]);
        assert_eq!(found("نحو 1 234 567 نسمة"), ["1 234 567"]);
        // A no-break space is a common separator: UAX #9 keeps such a number whole, and so
        // does the isolate.
        assert_eq!(found("1\u{202F}234 567"), ["1\u{202F}234 567"]);
    }

    #[test]
    fn numbers_the_algorithm_keeps_whole_are_left_alone() {
        for text in [
            "تشكل التحالف الدولي ضد «داعش» عام 2014، وانضمت إلى عضويته 83 دولة.",
            "على بعد 1.5 مليون كيلومتر",
            "بتاريخ 28/06/2021 الساعة 10:30",
            "هاتف 2345-6789",
            "1,234,567 دولار",
            "عام 2014 83 دولة",
            "الفترة 2014 - 2015",
            "بنسبة +5% عن العام الماضي",
            "(2014)",
            "Mark I (1944)",
            "A320 200",
        ] {
            assert_eq!(found(text), Vec::<&str>::new(), "{text}");
        }
    }

    #[test]
    fn urls_without_the_sentence_punctuation() {
        assert_eq!(
            found("راجع https://www.dostor.org/3125. ثم"),
            ["https://www.dostor.org/3125"]
        );
        assert_eq!(
            found("الموقع www.example.com/news/، وفيه"),
            ["www.example.com/news/"]
        );
        assert_eq!(
            found("(انظر https://en.wikipedia.org/wiki/Foo_(bar))"),
            ["https://en.wikipedia.org/wiki/Foo_(bar)"]
        );
        assert_eq!(
            found("«http://x.org/a?b=1&c=2»"),
            ["http://x.org/a?b=1&c=2"]
        );
        assert_eq!(
            found("https://ar.wikipedia.org/wiki/مصر، عاصمتها"),
            ["https://ar.wikipedia.org/wiki/مصر"]
        );
        assert_eq!(
            found("ftp://files.example.net: هنا"),
            ["ftp://files.example.net"]
        );
        // Neither a scheme nor «www.» alone makes a URL.
        assert_eq!(found("http:// www. wwwx.com"), Vec::<&str>::new());
    }

    #[test]
    fn email_addresses() {
        assert_eq!(found("للتواصل: info@dostor.org."), ["info@dostor.org"]);
        assert_eq!(
            found("news.desk+ar@mail.gov.eg، أو"),
            ["news.desk+ar@mail.gov.eg"]
        );
        assert_eq!(found("على 2021@example.com"), ["2021@example.com"]);
        assert_eq!(found("user@localhost و a@b."), Vec::<&str>::new());
        assert_eq!(found("...x@y.co"), ["x@y.co"]);
    }

    #[test]
    fn latin_quotations_inside_right_to_left_text() {
        let text =
            "وقال المدرب: \"We played well for 80 minutes, but a derby is never over.\" ثم غادر";
        assert_eq!(
            found(text),
            ["\"We played well for 80 minutes, but a derby is never over.\""]
        );
        assert_eq!(found("قال “Not yet”، وغادر"), ["“Not yet”"]);
        // In text without right-to-left letters nothing needs it; an Arabic quotation, one
        // that holds Arabic, an unclosed one and inch marks are left alone.
        assert!(found("He said \"no\" twice.").is_empty());
        assert!(found("قال \"لا\" مرتين").is_empty());
        assert!(found("قال \"No means لا\" مرتين").is_empty());
        assert!(found("قال \"No and left").is_empty());
        assert!(found("شاشة 6\" و7\" فقط").is_empty());
        // What a quotation holds is not isolated again inside it.
        assert_eq!(
            found("قال \"Call +20 2 1234 5678\" فورًا"),
            ["\"Call +20 2 1234 5678\""]
        );
    }

    #[test]
    fn latin_handles_and_hashtags() {
        assert_eq!(
            found("عبر حسابه @ahmed_tech: «القانون خطوة»"),
            ["@ahmed_tech"]
        );
        assert_eq!(found("الوسم #AI_2026، والوسم #قانون"), ["#AI_2026"]);
        assert_eq!(found("(@NASA)"), ["@NASA"]);
        // Not a handle: digits alone, a sign inside a word, an address, a domain after «@».
        assert_eq!(found("الرقم #1 و a#b و @2026"), Vec::<&str>::new());
        assert_eq!(found("راسل @desk.example.org"), Vec::<&str>::new());
        assert_eq!(found("info@x.org"), ["info@x.org"]);
    }

    #[test]
    fn several_in_one_paragraph_sorted() {
        let text = "اتصل +20 2 1234 5678 أو راسل info@x.org أو زر www.x.org/ar.";
        assert_eq!(
            found(text),
            ["+20 2 1234 5678", "info@x.org", "www.x.org/ar"]
        );
    }

    #[test]
    fn plain_text_has_none() {
        assert!(found("وزير الخارجية القطرى يلتقى بلينكن على هامش مؤتمر التحالف").is_empty());
        assert!(found("It's easier to ask forgiveness than it is to get permission.").is_empty());
        assert!(found("").is_empty());
    }

    /// Every range is sorted, disjoint, on character boundaries and trimmed.
    fn check(text: &str) {
        let ranges = ltr_isolates(text);
        let mut last = 0;
        for r in &ranges {
            assert!(r.start >= last && r.start < r.end, "{ranges:?} in {text:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let s = &text[r.clone()];
            assert_eq!(s.trim(), s, "{text:?}");
            last = r.end;
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let odd = [
            "\u{0651}\u{064B}",                        // lone marks
            "\u{202E}+20 2 1234\u{202C} 5678\u{2069}", // bidi controls inside a number
            "+",
            "(",
            "()",
            "(1",
            "1)",
            "+(",
            "@",
            "@@",
            "a@",
            "@b.c",
            ".@.",
            "www.",
            "http://",
            "a:// b",
            "1 ",
            " 1 2 3 4 5 6 7 8 9",
            "+ 1",
            "-1 -2",
            "\u{0}\u{1b}[0m",
            "https://x.org/\u{202E}evil",
            "x@y.z\u{0301}",
            "٠٠٠ ٠٠٠ ٠٠٠",
            "((((((1))))))",
        ];
        for text in odd {
            check(text);
        }
        let digits = "1".repeat(100_000);
        assert!(ltr_isolates(&digits).is_empty());
        let groups = "12 ".repeat(50_000);
        check(&groups);
        assert_eq!(ltr_isolates(&groups).len(), 1);
    }

    /// A small deterministic generator: strings made of the characters the scanner cares about.
    #[test]
    fn random_strings_keep_the_rules() {
        let alphabet: Vec<char> =
            " 0123٤٥+-().,/:@wh:t/s_%ab\u{A0}\u{202F}\u{2067}\u{2069}\u{64B}قال«»،؟\u{200F}"
                .chars()
                .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let len = (state % 40) as usize;
            let mut s = String::new();
            for _ in 0..len {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                s.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            check(&s);
        }
    }

    #[test]
    fn linear_time_on_adversarial_input() {
        // Each of these is hundreds of kilobytes; a quadratic scan would take minutes.
        let inputs = [
            "a.".repeat(200_000),
            "1.".repeat(200_000),
            "a@".repeat(200_000),
            "http".repeat(100_000),
            "(1)".repeat(100_000),
            "1 ".repeat(200_000),
            format!("http://x.org/{}", ")".repeat(200_000)),
            format!("ب{}", " “a".repeat(100_000)),
            format!("ب{}", " \"a b".repeat(100_000)),
            " @a".repeat(100_000),
        ];
        let start = std::time::Instant::now();
        for text in &inputs {
            check(text);
        }
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }
}
