//! The SQL lexer: turns migration text into tokens with byte spans, understanding
//! comments, strings (`'…'`, `E'…'`), quoted identifiers, dollar quotes, psql
//! meta-commands and template placeholders (`{{ … }}`, `${name}`).

/// What a token is. Keyword and identifier are both [`Tok::Word`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A bare word: keyword or unquoted identifier.
    Word,
    /// `"quoted identifier"`.
    QuotedIdent,
    /// `'string'`, `E'string'`.
    Str,
    /// `$tag$ … $tag$`; the body is `start + tag_len .. end - tag_len`.
    Dollar {
        tag_len: u32,
    },
    Number,
    /// One punctuation byte: `( ) , ; . [ ]`.
    Punct(u8),
    /// Any other operator character(s).
    Op,
    /// `-- …` or `/* … */`.
    Comment,
    /// A psql meta-command line such as `\set ON_ERROR_STOP on`.
    Meta,
    /// A template placeholder left unsubstituted: treated as an identifier.
    Placeholder,
}

/// One token: its kind and byte range in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        &src[self.start..self.end]
    }

    /// Whether this is the bare word `kw` (ASCII case-insensitive).
    pub fn is_kw(&self, src: &str, kw: &str) -> bool {
        self.kind == Tok::Word && src[self.start..self.end].eq_ignore_ascii_case(kw)
    }

    /// The body of a string or dollar-quoted token, as a byte range.
    pub fn body(&self, src: &str) -> Option<(usize, usize)> {
        match self.kind {
            Tok::Dollar { tag_len } => {
                let t = tag_len as usize;
                Some((self.start + t, self.end - t))
            }
            Tok::Str => {
                let text = self.text(src);
                let open = text.find('\'')?;
                Some((self.start + open + 1, self.end - 1))
            }
            _ => None,
        }
    }
}

/// A lexing failure: what went wrong and the byte offset where the bad token starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LexError {
    pub message: String,
    pub offset: usize,
}

/// Tokenise `src`. On error, the tokens before the error are returned with it.
pub fn lex(src: &str) -> (Vec<Token>, Option<LexError>) {
    let mut lexer = Lexer::new(src);
    let mut toks = Vec::with_capacity(src.len() / 5);
    for t in lexer.by_ref() {
        toks.push(t);
    }
    (toks, lexer.error)
}

/// A streaming lexer: yields tokens until the end or the first error (kept in `error`).
#[derive(Debug)]
pub struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    pub error: Option<LexError>,
}

impl<'a> Lexer<'a> {
    pub fn new(src: &'a str) -> Self {
        Lexer {
            b: src.as_bytes(),
            i: 0,
            error: None,
        }
    }

    fn fail(&mut self, message: &str, offset: usize) -> Option<Token> {
        self.error = Some(err(message, offset));
        self.i = self.b.len();
        None
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let b = self.b;
        let mut i = self.i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            self.i = i;
            return None;
        }
        let c = b[i];
        let start = i;
        let kind = match c {
            b'-' if b.get(i + 1) == Some(&b'-') => {
                i = memchr(b'\n', b, i).unwrap_or(b.len());
                Tok::Comment
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 1;
                i += 2;
                while depth > 0 {
                    if i + 1 >= b.len() {
                        return self.fail("unterminated /* comment", start);
                    }
                    if b[i] == b'*' && b[i + 1] == b'/' {
                        depth -= 1;
                        i += 2;
                    } else if b[i] == b'/' && b[i + 1] == b'*' {
                        depth += 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                Tok::Comment
            }
            // psql: anything starting with an unquoted backslash is a meta-command.
            b'\\' => {
                i = memchr(b'\n', b, i).unwrap_or(b.len());
                Tok::Meta
            }
            b'\'' => match quoted(b, i, b'\'', false) {
                Some(e) => {
                    i = e;
                    Tok::Str
                }
                None => return self.fail("unterminated string literal", start),
            },
            b'E' | b'e' if b.get(i + 1) == Some(&b'\'') => match quoted(b, i + 1, b'\'', true) {
                Some(e) => {
                    i = e;
                    Tok::Str
                }
                None => return self.fail("unterminated string literal", start),
            },
            b'"' => match quoted(b, i, b'"', false) {
                Some(e) => {
                    i = e;
                    Tok::QuotedIdent
                }
                None => return self.fail("unterminated quoted identifier", start),
            },
            b'$' => {
                if b.get(i + 1) == Some(&b'{') {
                    match find(b, i + 2, b"}") {
                        Some(e) => {
                            i = e + 1;
                            Tok::Placeholder
                        }
                        None => return self.fail("unterminated ${…} placeholder", start),
                    }
                } else if let Some(tag_end) = dollar_tag(b, i) {
                    let tag = &b[i..=tag_end];
                    match find(b, tag_end + 1, tag) {
                        Some(close) => {
                            i = close + tag.len();
                            Tok::Dollar {
                                tag_len: u32::try_from(tag.len()).unwrap_or(u32::MAX),
                            }
                        }
                        None => {
                            let msg = format!(
                                "unterminated dollar-quoted string: no closing {}",
                                String::from_utf8_lossy(tag)
                            );
                            return self.fail(&msg, start);
                        }
                    }
                } else {
                    // Positional parameter `$1` or a stray `$`.
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                    Tok::Word
                }
            }
            b'{' if b.get(i + 1) == Some(&b'{') => match find(b, i + 2, b"}}") {
                Some(e) => {
                    i = e + 2;
                    Tok::Placeholder
                }
                None => return self.fail("unterminated {{ … }} placeholder", start),
            },
            b'0'..=b'9' => {
                i += 1;
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'_'
                        || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
                {
                    i += 1;
                }
                Tok::Number
            }
            b'(' | b')' | b',' | b';' | b'.' | b'[' | b']' => {
                i += 1;
                Tok::Punct(c)
            }
            c if is_word_start(c) => {
                i += 1;
                while i < b.len() && is_word_char(b[i]) {
                    i += 1;
                }
                Tok::Word
            }
            _ => {
                i += 1;
                while i < b.len()
                    && is_op_char(b[i])
                    && !(b[i] == b'-' && b.get(i + 1) == Some(&b'-'))
                {
                    i += 1;
                }
                Tok::Op
            }
        };
        self.i = i;
        Some(Token {
            kind,
            start,
            end: i,
        })
    }
}

fn err(message: &str, offset: usize) -> LexError {
    LexError {
        message: message.to_owned(),
        offset,
    }
}

fn is_word_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

fn is_op_char(c: u8) -> bool {
    matches!(
        c,
        b'+' | b'-'
            | b'*'
            | b'/'
            | b'<'
            | b'>'
            | b'='
            | b'~'
            | b'!'
            | b'@'
            | b'#'
            | b'%'
            | b'^'
            | b'&'
            | b'|'
            | b'`'
            | b'?'
            | b':'
    )
}

fn memchr(needle: u8, b: &[u8], from: usize) -> Option<usize> {
    b[from..]
        .iter()
        .position(|&c| c == needle)
        .map(|p| p + from)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > b.len() {
        return None;
    }
    b[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// End (exclusive) of a quoted token opening at `i`; doubled quotes escape, and
/// with `backslash` so does `\`.
fn quoted(b: &[u8], i: usize, q: u8, backslash: bool) -> Option<usize> {
    let mut j = i + 1;
    while j < b.len() {
        if backslash && b[j] == b'\\' {
            j += 2;
            continue;
        }
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return Some(j + 1);
        }
        j += 1;
    }
    None
}

/// If a dollar-quote tag (`$$` or `$tag$`) starts at `i`, the index of its closing `$`.
fn dollar_tag(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if b.get(j) == Some(&b'$') {
        return Some(j);
    }
    if !b
        .get(j)
        .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_' || c >= 0x80)
    {
        return None;
    }
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] >= 0x80) {
        j += 1;
    }
    (b.get(j) == Some(&b'$')).then_some(j)
}

/// Replace `{{ … }}` and `${name}` placeholders whose name is in `vars`.
///
/// For `{{ … }}` the name is the text between the braces, trimmed; a var
/// matches it exactly or matches its last quoted word (`{{ index .Options "Namespace" }}`
/// is matched by `Namespace`).
pub fn substitute(src: &str, vars: &[(String, String)]) -> Option<String> {
    if vars.is_empty() || !(src.contains("${") || src.contains("{{")) {
        return None;
    }
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    let mut changed = false;
    while let Some(pos) = rest.find(['$', '{']) {
        let (before, at) = rest.split_at(pos);
        out.push_str(before);
        let (open, close) = if at.starts_with("${") {
            ("${", "}")
        } else if at.starts_with("{{") {
            ("{{", "}}")
        } else {
            out.push_str(&at[..1]);
            rest = &at[1..];
            continue;
        };
        let Some(end) = at[open.len()..].find(close) else {
            out.push_str(at);
            rest = "";
            break;
        };
        let inner = at[open.len()..open.len() + end].trim();
        let last_quoted = inner
            .rsplit('"')
            .nth(1)
            .filter(|_| inner.ends_with('"'))
            .unwrap_or(inner);
        let whole = &at[..open.len() + end + close.len()];
        if let Some((_, v)) = vars.iter().find(|(k, _)| k == inner || k == last_quoted) {
            out.push_str(v);
            changed = true;
        } else {
            out.push_str(whole);
        }
        rest = &at[whole.len()..];
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Tok, &str)> {
        let (t, e) = lex(src);
        assert!(e.is_none(), "{e:?}");
        t.iter().map(|t| (t.kind, t.text(src))).collect()
    }

    #[test]
    fn strings_comments_and_dollar_quotes() {
        let k =
            kinds("select 'a;''b', E'x\\'y', \"q;\"\"id\" -- c;\n/* a /* n */ ; */ $f$ ; $$ $f$;");
        let texts: Vec<&str> = k.iter().map(|(_, s)| *s).collect();
        assert_eq!(
            texts,
            [
                "select",
                "'a;''b'",
                ",",
                "E'x\\'y'",
                ",",
                "\"q;\"\"id\"",
                "-- c;",
                "/* a /* n */ ; */",
                "$f$ ; $$ $f$",
                ";"
            ]
        );
        assert_eq!(k[8].0, Tok::Dollar { tag_len: 3 });
    }

    #[test]
    fn meta_commands_run_to_end_of_line() {
        let k = kinds("\\set ON_ERROR_STOP on\nselect 1;");
        assert_eq!(k[0], (Tok::Meta, "\\set ON_ERROR_STOP on"));
        assert_eq!(k[1], (Tok::Word, "select"));
    }

    #[test]
    fn unterminated_dollar_quote_reports_offset() {
        let (_, e) = lex("select 1;\ndo $body$ begin");
        let e = e.unwrap();
        assert_eq!(e.offset, 13);
        assert!(e.message.contains("$body$"), "{}", e.message);
    }

    #[test]
    fn placeholders_are_tokens_and_substitute() {
        let k = kinds(
            "create table {{ index .Options \"Namespace\" }}.t (id int); alter table ${schema}.t",
        );
        assert!(k
            .iter()
            .any(|(t, s)| *t == Tok::Placeholder && s.starts_with("{{")));
        assert!(k
            .iter()
            .any(|(t, s)| *t == Tok::Placeholder && *s == "${schema}"));
        let vars = vec![
            ("Namespace".to_owned(), "app".to_owned()),
            ("schema".to_owned(), "s".to_owned()),
        ];
        let out = substitute(
            "create table {{ index .Options \"Namespace\" }}.t; ${schema}.u ${other}",
            &vars,
        )
        .unwrap();
        assert_eq!(out, "create table app.t; s.u ${other}");
    }
}
