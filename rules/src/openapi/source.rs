//! Parsing API documents (JSON or YAML) into `serde_json::Value` while recording
//! where every node starts, so that a JSON pointer maps back to a line and column.
//!
//! JSON goes through a small recursive-descent parser of our own (serde_json
//! keeps no positions); YAML goes through `yaml-rust2`'s event parser, whose
//! events carry byte offsets. Positions are stored per node in a hash map keyed
//! by a 64-bit hash of the node's pointer, so no pointer strings are built while
//! loading a 4 MB document.

use rustc_hash::{FxHashMap, FxHasher};
use serde_json::{Map, Number, Value};
use shipgate_diagnostics::{LineIndex, Location, Position, Span};
use std::hash::Hasher;

/// Maximum nesting depth accepted, so hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 400;

/// Nodes that YAML aliases may add beyond the nodes written in the document:
/// an alias copies its anchor's whole subtree, so nine nested levels of nine
/// aliases ("billion laughs") turn 400 bytes into 10⁹ nodes. Up to this many
/// copied nodes are always allowed, more only as long as the copies stay fewer
/// than the nodes actually written (real documents reuse a few small anchors).
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Most nodes one YAML document may hold, aliases expanded (about 1 GB of
/// values; Stripe's 4 MB document has about 400,000).
pub const MAX_YAML_NODES: usize = 10_000_000;

/// A parse error with a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct SyntaxError {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Hash of the root pointer (`""`).
pub const ROOT_HASH: u64 = 0x9e37_79b9_7f4a_7c15;

/// Hash of the child `segment` (unescaped) under a node whose pointer hashes to `parent`.
pub fn child_hash(parent: u64, segment: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write_u64(parent);
    h.write(segment.as_bytes());
    h.write_u8(0xff);
    h.finish()
}

fn index_hash(parent: u64, index: usize) -> u64 {
    let mut buf = itoa_buf(index);
    child_hash(parent, buf.as_str())
}

struct SmallNum {
    buf: [u8; 20],
    start: usize,
}

impl SmallNum {
    fn as_str(&mut self) -> &str {
        std::str::from_utf8(&self.buf[self.start..]).unwrap_or("0")
    }
}

fn itoa_buf(mut n: usize) -> SmallNum {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    SmallNum { buf, start: i }
}

/// Hash of a whole JSON pointer such as `/paths/~1users/get`.
pub fn pointer_hash(pointer: &str) -> u64 {
    let mut h = ROOT_HASH;
    if pointer.is_empty() {
        return h;
    }
    for seg in pointer.split('/').skip(1) {
        if seg.contains('~') {
            h = child_hash(h, &unescape(seg));
        } else {
            h = child_hash(h, seg);
        }
    }
    h
}

/// Undo RFC 6901 escaping of one pointer segment.
pub fn unescape(seg: &str) -> String {
    seg.replace("~1", "/").replace("~0", "~")
}

/// RFC 6901 escaping of one pointer segment.
pub fn escape(seg: &str) -> std::borrow::Cow<'_, str> {
    if seg.contains(['~', '/']) {
        std::borrow::Cow::Owned(seg.replace('~', "~0").replace('/', "~1"))
    } else {
        std::borrow::Cow::Borrowed(seg)
    }
}

/// Where each node of a parsed document starts (the key, for object members).
#[derive(Debug, Default)]
pub struct PositionMap {
    starts: FxHashMap<u64, u32>,
}

impl PositionMap {
    /// Byte offset of the node at `pointer`, if the pointer exists in the source.
    pub fn offset(&self, pointer: &str) -> Option<usize> {
        self.starts.get(&pointer_hash(pointer)).map(|&o| o as usize)
    }

    fn record(&mut self, hash: u64, offset: usize) {
        self.starts
            .insert(hash, u32::try_from(offset).unwrap_or(u32::MAX));
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }
}

/// A document's text, its parsed value and the positions of its nodes.
#[derive(Debug)]
pub struct Source {
    /// The name shown to users: a path, or `rev:path` for files read through git.
    pub name: String,
    pub text: String,
    pub lines: LineIndex,
    pub positions: PositionMap,
}

impl Source {
    /// A location for `pointer`, with a line and column when the pointer (or,
    /// failing that, its nearest ancestor) exists in the source.
    pub fn location(&self, pointer: &str) -> Location {
        let mut loc = Location::file(self.name.clone()).with_pointer(pointer);
        let mut p = pointer;
        loop {
            if let Some(off) = self.positions.offset(p) {
                let start = self.lines.position(&self.text, off);
                loc = loc.with_span(Span { start, end: start });
                loc = loc.with_snippet(self.lines.lines(&self.text, start.line, start.line));
                break;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => break,
            }
        }
        loc
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}

/// Parse `text` as JSON (when it starts with `{` or `[`) or YAML.
pub fn parse(name: &str, text: String) -> Result<(Value, Source), SyntaxError> {
    let lines = LineIndex::new(&text);
    // Real documents have roughly one node per 20 bytes; sizing the map up front avoids rehashing.
    let mut positions = PositionMap {
        starts: FxHashMap::with_capacity_and_hasher(text.len() / 20, Default::default()),
    };
    let first = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .as_bytes()
        .first()
        .copied();
    let value = if matches!(first, Some(b'{' | b'[')) {
        let mut p = JsonParser {
            text: &text,
            src: text.as_bytes(),
            pos: 0,
            positions: &mut positions,
        };
        p.document()
    } else {
        parse_yaml(&text, &mut positions)
    };
    match value {
        Ok(v) => Ok((
            v,
            Source {
                name: name.to_owned(),
                text,
                lines,
                positions,
            },
        )),
        Err((offset, message)) => {
            let pos = lines.position(&text, offset);
            Err(SyntaxError {
                file: name.to_owned(),
                line: pos.line,
                column: pos.column,
                message,
            })
        }
    }
}

type PResult<T> = Result<T, (usize, String)>;

struct JsonParser<'a> {
    /// The text (valid UTF-8: a `&str`), and the same as bytes.
    text: &'a str,
    src: &'a [u8],
    pos: usize,
    positions: &'a mut PositionMap,
}

impl JsonParser<'_> {
    fn document(&mut self) -> PResult<Value> {
        if self.src.starts_with("\u{feff}".as_bytes()) {
            self.pos = 3;
        }
        self.ws();
        self.positions.record(ROOT_HASH, self.pos);
        let v = self.value(ROOT_HASH, 0)?;
        self.ws();
        if self.pos < self.src.len() {
            return Err((
                self.pos,
                "invalid JSON: trailing characters after the document".into(),
            ));
        }
        Ok(v)
    }

    fn ws(&mut self) {
        while let Some(&b) = self.src.get(self.pos) {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn err<T>(&self, what: &str) -> PResult<T> {
        let found = match self.src.get(self.pos) {
            None => "end of file".to_owned(),
            Some(_) => {
                let s = String::from_utf8_lossy(
                    &self.src[self.pos..(self.pos + 4).min(self.src.len())],
                );
                let c = s.chars().next().unwrap_or('?');
                format!("`{c}`")
            }
        };
        Err((
            self.pos,
            format!("invalid JSON: expected {what}, found {found}"),
        ))
    }

    fn value(&mut self, hash: u64, depth: usize) -> PResult<Value> {
        if depth > MAX_DEPTH {
            return Err((
                self.pos,
                format!("document nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        match self.src.get(self.pos) {
            Some(b'{') => self.object(hash, depth),
            Some(b'[') => self.array(hash, depth),
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => self.err("a value"),
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> PResult<Value> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(v)
        } else {
            self.err("a value")
        }
    }

    fn number(&mut self) -> PResult<Value> {
        let start = self.pos;
        let mut float = false;
        while let Some(&b) = self.src.get(self.pos) {
            match b {
                b'0'..=b'9' | b'-' | b'+' => {}
                b'.' | b'e' | b'E' => float = true,
                _ => break,
            }
            self.pos += 1;
        }
        let s = std::str::from_utf8(&self.src[start..self.pos]).unwrap_or("");
        if !float {
            if let Ok(i) = s.parse::<i64>() {
                return Ok(Value::Number(i.into()));
            }
            if let Ok(u) = s.parse::<u64>() {
                return Ok(Value::Number(u.into()));
            }
        }
        match s.parse::<f64>().ok().and_then(Number::from_f64) {
            Some(n) => Ok(Value::Number(n)),
            None => Err((start, format!("invalid JSON: bad number `{s}`"))),
        }
    }

    fn string(&mut self) -> PResult<String> {
        // Called at the opening quote.
        let start = self.pos;
        self.pos += 1;
        let body = self.pos;
        // Fast path: no escapes.
        while let Some(&b) = self.src.get(self.pos) {
            match b {
                b'"' => {
                    // Both ends sit next to an ASCII quote, so they are char boundaries.
                    let s = &self.text[body..self.pos];
                    self.pos += 1;
                    return Ok(s.to_owned());
                }
                b'\\' => break,
                0..=0x1f => {
                    return Err((self.pos, "invalid JSON: control character in string".into()))
                }
                _ => self.pos += 1,
            }
        }
        let mut out: Vec<u8> = self.src[body..self.pos].to_vec();
        loop {
            let Some(&b) = self.src.get(self.pos) else {
                return Err((start, "invalid JSON: unterminated string".into()));
            };
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.src.get(self.pos) else {
                        return Err((start, "invalid JSON: unterminated string".into()));
                    };
                    self.pos += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'u' => {
                            let mut c = self.hex4()?;
                            if (0xD800..0xDC00).contains(&c)
                                && self.src[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                c = 0x10000
                                    + ((c - 0xD800) << 10)
                                    + (lo.wrapping_sub(0xDC00) & 0x3ff);
                            }
                            let ch = char::from_u32(c).unwrap_or('\u{fffd}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => {
                            return Err((self.pos - 1, "invalid JSON: bad escape in string".into()))
                        }
                    }
                }
                0..=0x1f => {
                    return Err((
                        self.pos - 1,
                        "invalid JSON: control character in string".into(),
                    ))
                }
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| (start, "invalid UTF-8 in string".to_owned()))
    }

    fn hex4(&mut self) -> PResult<u32> {
        let s = self
            .src
            .get(self.pos..self.pos + 4)
            .and_then(|s| std::str::from_utf8(s).ok())
            .and_then(|s| u32::from_str_radix(s, 16).ok());
        match s {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => Err((self.pos, "invalid JSON: bad \\u escape".into())),
        }
    }

    fn object(&mut self, hash: u64, depth: usize) -> PResult<Value> {
        self.pos += 1;
        let mut map = Map::new();
        self.ws();
        if self.src.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.ws();
            if self.src.get(self.pos) != Some(&b'"') {
                return self.err("a string key");
            }
            let key_at = self.pos;
            let key = self.string()?;
            self.ws();
            if self.src.get(self.pos) != Some(&b':') {
                return self.err("`:`");
            }
            self.pos += 1;
            self.ws();
            let h = child_hash(hash, &key);
            self.positions.record(h, key_at);
            let v = self.value(h, depth + 1)?;
            map.insert(key, v);
            self.ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(map));
                }
                _ => return self.err("`,` or `}`"),
            }
        }
    }

    fn array(&mut self, hash: u64, depth: usize) -> PResult<Value> {
        self.pos += 1;
        let mut items = Vec::new();
        self.ws();
        if self.src.get(self.pos) == Some(&b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.ws();
            let h = index_hash(hash, items.len());
            self.positions.record(h, self.pos);
            items.push(self.value(h, depth + 1)?);
            self.ws();
            match self.src.get(self.pos) {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return self.err("`,` or `]`"),
            }
        }
    }
}

// ---------------------------------------------------------------- YAML

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

enum Frame {
    Map {
        map: Map<String, Value>,
        hash: u64,
        key: Option<(String, u64)>,
        anchor: usize,
        /// Nodes in this subtree so far, itself included.
        nodes: usize,
    },
    Seq {
        items: Vec<Value>,
        hash: u64,
        anchor: usize,
        nodes: usize,
    },
}

impl Frame {
    fn nodes_mut(&mut self) -> &mut usize {
        match self {
            Frame::Map { nodes, .. } | Frame::Seq { nodes, .. } => nodes,
        }
    }
}

struct YamlBuilder<'a> {
    stack: Vec<Frame>,
    /// Anchored values with the number of nodes each holds.
    anchors: FxHashMap<usize, (Value, usize)>,
    root: Option<Value>,
    positions: &'a mut PositionMap,
    error: Option<(usize, String)>,
    docs: usize,
    /// Nodes written in the text (one per scalar, mapping or sequence event).
    written: usize,
    /// Nodes copied by aliases.
    copied: usize,
}

impl YamlBuilder<'_> {
    /// Hash for the next node in the current container, recording its start.
    fn next_hash(&mut self, at: usize) -> u64 {
        match self.stack.last() {
            None => {
                // yaml-rust2 marks a block mapping after its first character; the root starts at 0.
                let _ = at;
                self.positions.record(ROOT_HASH, 0);
                ROOT_HASH
            }
            Some(Frame::Map {
                key: Some((_, h)), ..
            }) => *h,
            Some(Frame::Map { hash, .. }) => *hash, // a key: no own hash
            Some(Frame::Seq { items, hash, .. }) => {
                let h = index_hash(*hash, items.len());
                self.positions.record(h, at);
                h
            }
        }
    }

    /// Count one node written in the text; false (with the error set) past the limit.
    fn count_written(&mut self, at: usize) -> bool {
        self.written += 1;
        if self.written.saturating_add(self.copied) > MAX_YAML_NODES {
            self.error = Some((
                at,
                format!("the YAML document holds more than {MAX_YAML_NODES} nodes (aliases expanded); refused"),
            ));
            return false;
        }
        true
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn push_value(&mut self, v: Value, at: usize, nodes: usize) {
        if let Some(frame) = self.stack.last_mut() {
            *frame.nodes_mut() += nodes;
        }
        match self.stack.last_mut() {
            None => self.root = Some(v),
            Some(Frame::Seq { items, .. }) => items.push(v),
            Some(Frame::Map { map, key, hash, .. }) => match key.take() {
                Some((k, _)) => {
                    if k == "<<" {
                        merge_into(map, v);
                    } else {
                        map.insert(k, v);
                    }
                }
                None => {
                    // This value is a key.
                    let k = match v {
                        Value::String(s) => s,
                        Value::Null => "null".to_owned(),
                        Value::Bool(b) => b.to_string(),
                        Value::Number(n) => n.to_string(),
                        _ => {
                            self.error
                                .get_or_insert((at, "a mapping key must be a scalar".into()));
                            return;
                        }
                    };
                    let h = child_hash(*hash, &k);
                    self.positions.record(h, at);
                    *key = Some((k, h));
                }
            },
        }
    }
}

fn merge_into(map: &mut Map<String, Value>, v: Value) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                map.entry(k).or_insert(v);
            }
        }
        Value::Array(items) => {
            for item in items {
                merge_into(map, item);
            }
        }
        _ => {}
    }
}

impl MarkedEventReceiver for YamlBuilder<'_> {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let at = mark.index();
        match ev {
            Event::DocumentStart => {
                self.docs += 1;
                if self.docs > 1 {
                    self.error = Some((at, "the file holds more than one YAML document".into()));
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                if self.stack.len() > MAX_DEPTH {
                    self.error =
                        Some((at, format!("document nests deeper than {MAX_DEPTH} levels")));
                    return;
                }
                if self.expecting_key() {
                    self.error = Some((at, "a mapping key must be a scalar".into()));
                    return;
                }
                if !self.count_written(at) {
                    return;
                }
                let hash = self.next_hash(at);
                self.stack.push(if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map {
                        map: Map::new(),
                        hash,
                        key: None,
                        anchor,
                        nodes: 1,
                    }
                } else {
                    Frame::Seq {
                        items: Vec::new(),
                        hash,
                        anchor,
                        nodes: 1,
                    }
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (v, anchor, nodes) = match self.stack.pop() {
                    Some(Frame::Map {
                        map, anchor, nodes, ..
                    }) => (Value::Object(map), anchor, nodes),
                    Some(Frame::Seq {
                        items,
                        anchor,
                        nodes,
                        ..
                    }) => (Value::Array(items), anchor, nodes),
                    None => return,
                };
                if anchor > 0 {
                    self.anchors.insert(anchor, (v.clone(), nodes));
                }
                self.push_value(v, at, nodes);
            }
            Event::Scalar(text, style, anchor, tag) => {
                if !self.count_written(at) {
                    return;
                }
                if !self.expecting_key() {
                    self.next_hash(at);
                }
                let v = scalar(text, style, tag.as_ref().map(|t| t.suffix.as_str()));
                if anchor > 0 {
                    self.anchors.insert(anchor, (v.clone(), 1));
                }
                self.push_value(v, at, 1);
            }
            Event::Alias(id) => {
                if !self.expecting_key() {
                    self.next_hash(at);
                }
                let Some(&(_, nodes)) = self.anchors.get(&id) else {
                    self.error = Some((at, "unknown YAML alias".into()));
                    return;
                };
                // Check the budget before copying: the copy is what exhausts memory.
                self.copied = self.copied.saturating_add(nodes);
                if self.copied > MAX_ALIAS_NODES.max(self.written) {
                    self.error = Some((
                        at,
                        format!(
                            "YAML aliases expand to more than {} nodes, more than the document holds (an alias bomb?); refused",
                            MAX_ALIAS_NODES.max(self.written)
                        ),
                    ));
                    return;
                }
                if self.written.saturating_add(self.copied) > MAX_YAML_NODES {
                    self.error = Some((
                        at,
                        format!("the YAML document holds more than {MAX_YAML_NODES} nodes (aliases expanded); refused"),
                    ));
                    return;
                }
                if let Some((v, _)) = self.anchors.get(&id) {
                    let v = v.clone();
                    self.push_value(v, at, nodes);
                }
            }
            _ => {}
        }
    }
}

fn scalar(text: String, style: TScalarStyle, tag: Option<&str>) -> Value {
    if style != TScalarStyle::Plain || tag == Some("str") {
        return Value::String(text);
    }
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let b = text.as_bytes();
    if matches!(b[0], b'0'..=b'9' | b'-' | b'+' | b'.') {
        let t = text.strip_prefix('+').unwrap_or(&text);
        if let Ok(i) = t.parse::<i64>() {
            return Value::Number(i.into());
        }
        if let Some(hex) = t.strip_prefix("0x") {
            if let Ok(i) = i64::from_str_radix(hex, 16) {
                return Value::Number(i.into());
            }
        }
        if let Some(oct) = t.strip_prefix("0o") {
            if let Ok(i) = i64::from_str_radix(oct, 8) {
                return Value::Number(i.into());
            }
        }
        if t.bytes()
            .all(|c| matches!(c, b'0'..=b'9' | b'.' | b'-' | b'+' | b'e' | b'E'))
            && t.bytes().any(|c| c.is_ascii_digit())
        {
            if let Some(n) = t.parse::<f64>().ok().and_then(Number::from_f64) {
                return Value::Number(n);
            }
        }
    }
    Value::String(text)
}

fn parse_yaml(text: &str, positions: &mut PositionMap) -> PResult<Value> {
    let mut builder = YamlBuilder {
        stack: Vec::new(),
        anchors: FxHashMap::default(),
        root: None,
        positions,
        error: None,
        docs: 0,
        written: 0,
        copied: 0,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        return Err((e.marker().index(), format!("invalid YAML: {}", e.info())));
    }
    if let Some(e) = builder.error {
        return Err(e);
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(src: &Source, p: &str) -> (u32, u32) {
        let s = src.location(p).span.unwrap().start;
        (s.line, s.column)
    }

    #[test]
    fn json_positions_and_values() {
        let text = "{\n  \"a\": {\"b/c\": [1, 2.5, \"x\\u00e9\"]},\n  \"d\": null\n}";
        let (v, src) = parse("t.json", text.to_owned()).unwrap();
        assert_eq!(v["a"]["b/c"][2], "xé");
        assert_eq!(v["a"]["b/c"][1], 2.5);
        assert_eq!(pos(&src, "/a"), (2, 3));
        assert_eq!(pos(&src, "/a/b~1c/1"), (2, 20));
        assert_eq!(pos(&src, "/d"), (3, 3));
        // A pointer that does not exist falls back to its nearest ancestor.
        assert_eq!(pos(&src, "/a/zzz"), (2, 3));
    }

    #[test]
    fn yaml_positions_and_values() {
        let text = "openapi: 3.0.0\npaths:\n  /users:\n    get:\n      tags: [a, 'b']\n      x: &A {k: 1}\n      y: *A\n      n: ~\n      f: 1.5\n      s: '1'\n";
        let (v, src) = parse("t.yaml", text.to_owned()).unwrap();
        assert_eq!(v["openapi"], "3.0.0");
        assert_eq!(v["paths"]["/users"]["get"]["y"]["k"], 1);
        assert_eq!(v["paths"]["/users"]["get"]["n"], Value::Null);
        assert_eq!(v["paths"]["/users"]["get"]["s"], "1");
        assert_eq!(v["paths"]["/users"]["get"]["f"], 1.5);
        assert_eq!(pos(&src, "/paths/~1users/get"), (4, 5));
        assert_eq!(pos(&src, "/paths/~1users/get/tags/1"), (5, 17));
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = parse("bad.json", "{\n  \"a\": 1,\n  \"b\" 2\n}".to_owned()).unwrap_err();
        assert_eq!((e.line, e.column), (3, 7), "{e}");
        assert!(e.message.contains("expected `:`"), "{e}");
        let e = parse("bad.yaml", "a: 1\nb: [1, 2\nc: 3\n".to_owned()).unwrap_err();
        assert_eq!(e.file, "bad.yaml");
        assert!(e.line >= 2, "{e}");
        assert!(e.message.starts_with("invalid YAML"), "{e}");
    }

    /// See: issue 10, hole 2 (a 416-byte document ran `diff` out of memory).
    #[test]
    fn issue_10_alias_bombs_are_refused() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = parse("bomb.yaml", text).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{e}");
        assert!(
            e.line > 1,
            "the error points at the alias that crossed the limit: {e}"
        );
        // Merge keys expand through aliases too.
        let mut text =
            String::from("a: &a {x: 1, y: 2, z: 3, w: 4, v: 5, u: 6, t: 7, s: 8, r: 9}\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h"])
        {
            let items = (0..9)
                .map(|i| format!("k{i}: *{prev}"))
                .collect::<Vec<_>>()
                .join(", ");
            text.push_str(&format!("{name}: &{name} {{{items}}}\n"));
        }
        let e = parse("merge.yaml", text).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{e}");
    }

    #[test]
    fn ordinary_aliases_still_work() {
        let mut text = String::from("base: &b {type: object, properties: {id: {type: string}}}\n");
        for i in 0..2000 {
            text.push_str(&format!("s{i}: *b\n"));
        }
        let (v, _) = parse("ok.yaml", text).unwrap();
        assert_eq!(v["s1999"]["properties"]["id"]["type"], "string");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let text = "[".repeat(10_000);
        let e = parse("deep.json", text).unwrap_err();
        assert!(e.message.contains("deeper"), "{e}");
    }
}
