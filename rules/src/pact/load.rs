//! Loading pact text: strips a UTF-8 BOM, parses JSON, builds the model, and
//! reports every error with a JSON path and a line/column in the source.

use super::model::Pact;

/// A pact file that could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message} (line {line}, column {column})")]
pub struct PactLoadError {
    /// JSON path of the offending value (`$.interactions[0].request.method`), `$` for syntax errors.
    pub path: String,
    pub message: String,
    pub line: usize,
    pub column: usize,
}

/// Parse a pact document from text.
pub fn parse_pact(text: &str) -> Result<Pact, PactLoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PactLoadError {
        path: "$".into(),
        message: format!("invalid JSON: {}", strip_location(&e.to_string())),
        line: e.line(),
        column: e.column(),
    })?;
    Pact::from_value(&value).map_err(|e| {
        // A missing field points at its parent object.
        let mut target = e.path.as_str();
        let offset = loop {
            if let Some(o) = locate(text, target) {
                break o;
            }
            match target.rfind(['.', '[']) {
                Some(i) if i > 0 => target = &target[..i],
                _ => break 0,
            }
        };
        let (line, column) = line_col(text, offset);
        PactLoadError {
            path: e.path,
            message: e.message,
            line,
            column,
        }
    })
}

fn strip_location(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Path segments of `$.a[2].b` / `$['x y']`.
fn segments(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    let p = path.strip_prefix('$').unwrap_or(path);
    let b = p.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'.' => {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i] != b'.' && b[i] != b'[' {
                    i += 1;
                }
                out.push(Seg::Key(p[start..i].to_owned()));
            }
            b'[' => {
                let end = p[i..].find(']').map_or(b.len(), |e| i + e);
                let inner = &p[i + 1..end];
                if let Ok(n) = inner.parse::<usize>() {
                    out.push(Seg::Index(n));
                } else {
                    out.push(Seg::Key(inner.trim_matches('\'').to_owned()));
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    out
}

enum Seg {
    Key(String),
    Index(usize),
}

/// Byte offset of the value at `path` in `text` (best effort; `None` if not found).
fn locate(text: &str, path: &str) -> Option<usize> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    s.ws();
    for seg in segments(path) {
        match seg {
            Seg::Key(k) => {
                s.expect(b'{')?;
                loop {
                    s.ws();
                    if s.peek()? == b'}' {
                        return None;
                    }
                    let key_start = s.i;
                    let key = s.string()?;
                    s.ws();
                    s.expect(b':')?;
                    s.ws();
                    if key == k {
                        // Missing-field errors point at the key of the parent; values at the value.
                        let _ = key_start;
                        break;
                    }
                    s.skip_value()?;
                    s.ws();
                    if s.peek()? == b',' {
                        s.i += 1;
                    }
                }
            }
            Seg::Index(n) => {
                s.expect(b'[')?;
                for _ in 0..n {
                    s.ws();
                    s.skip_value()?;
                    s.ws();
                    s.expect(b',')?;
                }
                s.ws();
            }
        }
    }
    Some(s.i)
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }
    fn expect(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.peek()? == c).then(|| self.i += 1)
    }
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.expect(b'"')?;
        while self.peek()? != b'"' {
            if self.peek()? == b'\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        self.i += 1;
        serde_json::from_slice::<String>(&self.b[start..self.i]).ok()
    }
    fn skip_value(&mut self) -> Option<()> {
        self.ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.i += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.i += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek()?,
                    b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'
                ) {
                    self.i += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = parse_pact("{\n  \"consumer\": {\"name\": \"a\"},\n  oops\n}").unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("$", 3));
        assert!(e.message.contains("invalid JSON"), "{e}");
    }

    #[test]
    fn model_error_has_path_and_position() {
        let text = "{\n\"consumer\": {\"name\": \"a\"},\n\"provider\": {\"name\": \"b\"},\n\"interactions\": [\n  {\"description\": \"x\", \"request\": {\"method\": 5, \"path\": \"/\"}, \"response\": {}}\n]\n}";
        let e = parse_pact(text).unwrap_err();
        assert_eq!(e.path, "$.interactions[0].request.method");
        assert_eq!(e.line, 5);
        assert_eq!(e.column, 46, "{e}"); // the `5`
    }

    #[test]
    fn bom_is_accepted() {
        let p = parse_pact("\u{feff}{\"consumer\": {\"name\": \"a\"}, \"provider\": {\"name\": \"b\"}, \"interactions\": []}").unwrap();
        assert_eq!(p.consumer, "a");
    }
}
