//! Loaded API documents: version detection, Swagger 2.0 → 3.x conversion,
//! multi-file specs and lazy, cycle-safe `$ref` resolution.
//!
//! A [`Spec`] is a main document plus the documents its `$ref`s reach. The
//! caller (the CLI) does the file reading: it asks [`Spec::missing_files`]
//! which documents are still needed and adds them with [`Spec::add`].

use super::source::{self, escape, Source, SyntaxError};
use super::swagger2;
use rustc_hash::FxHashMap;
use serde_json::Value;
use shipgate_diagnostics::Location;
use std::rc::Rc;

/// Which OpenAPI version a document declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Swagger2,
    V3_0,
    V3_1,
}

/// One parsed document.
#[derive(Debug)]
pub struct Document {
    /// Path used to resolve relative `$ref`s (for git documents, the path inside the repository).
    pub key: String,
    pub source: Source,
    pub root: Value,
    pub version: Version,
    /// For converted Swagger 2.0 documents: 3.x pointer prefix → original 2.0 pointer prefix.
    pub(crate) pointer_rewrites: FxHashMap<String, String>,
}

/// Why a document could not be loaded. Every variant names the file, line and column.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    #[error("{file}:{line}:{column}: {message}")]
    NotOpenApi {
        file: String,
        line: u32,
        column: u32,
        message: String,
    },
    #[error("{file}:{line}:{column}: unresolvable $ref `{reference}`: {reason}")]
    UnresolvedRef {
        file: String,
        line: u32,
        column: u32,
        reference: String,
        reason: String,
    },
    /// A `$ref` that may not be followed: an absolute path, an escape from the
    /// root, a special file, a remote URL without permission.
    #[error("{file}:{line}:{column}: $ref `{reference}` refused: {reason}")]
    RefusedRef {
        file: String,
        line: u32,
        column: u32,
        reference: String,
        reason: String,
    },
}

/// Where the file part of a `$ref` leads, resolved against the referring document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum RefTarget {
    /// A relative file path, joined to the referring document's key and normalised
    /// (`.` and `..` removed where possible; a key may still start with `..`).
    File(String),
    /// An `http(s)` URL (a relative reference inside a remote document is one too).
    Remote(String),
    /// A reference that is never followed, with the reason.
    Refused(&'static str),
}

/// A reference to another document that is not loaded yet (see [`Spec::missing_refs`]).
#[derive(Debug, Clone)]
pub struct ExternalRef {
    pub target: RefTarget,
    /// The `$ref` text as written.
    pub reference: String,
    /// The referring document (an index into [`Spec::docs`]).
    pub doc: usize,
    /// JSON pointer of the `$ref` member in the referring document.
    pub pointer: String,
}

impl Document {
    /// Parse one document. `name` is shown to users; `key` resolves relative refs.
    pub fn parse(name: &str, key: &str, text: String) -> Result<Document, LoadError> {
        let (mut root, source) = source::parse(name, text)?;
        let not_openapi = |pointer: &str, message: String| {
            let loc = source.location(pointer);
            let (line, column) = loc.span.map_or((1, 1), |s| (s.start.line, s.start.column));
            LoadError::NotOpenApi {
                file: name.to_owned(),
                line,
                column,
                message,
            }
        };
        let Some(obj) = root.as_object() else {
            return Err(not_openapi(
                "",
                "not an OpenAPI document: the top level is not a mapping".into(),
            ));
        };
        let version = if let Some(v) = obj.get("openapi") {
            match v.as_str() {
                Some(s) if s.starts_with("3.0") => Version::V3_0,
                Some(s) if s.starts_with("3.1") || s.starts_with("3.2") => Version::V3_1,
                _ => {
                    return Err(not_openapi(
                        "/openapi",
                        format!("unsupported OpenAPI version {v}: expected 3.0.x or 3.1.x"),
                    ))
                }
            }
        } else if let Some(v) = obj.get("swagger") {
            if v.as_str() == Some("2.0") || v.as_f64() == Some(2.0) {
                Version::Swagger2
            } else {
                return Err(not_openapi(
                    "/swagger",
                    format!("unsupported Swagger version {v}: expected 2.0"),
                ));
            }
        } else if obj.contains_key("paths") || obj.contains_key("components") {
            // A fragment (shared components file) reached through a $ref.
            Version::V3_0
        } else {
            return Err(not_openapi(
                "",
                "not an OpenAPI document: no `openapi` or `swagger` field".into(),
            ));
        };
        let mut pointer_rewrites = FxHashMap::default();
        if version == Version::Swagger2 {
            pointer_rewrites = swagger2::convert(&mut root);
        }
        Ok(Document {
            key: key.to_owned(),
            source,
            root,
            version,
            pointer_rewrites,
        })
    }

    /// Parse a document reached through a `$ref`: any YAML/JSON value is accepted.
    pub fn parse_fragment(name: &str, key: &str, text: String) -> Result<Document, LoadError> {
        let (root, source) = source::parse(name, text)?;
        Ok(Document {
            key: key.to_owned(),
            source,
            root,
            version: Version::V3_0,
            pointer_rewrites: FxHashMap::default(),
        })
    }

    /// A location (file, line, column, pointer) for a pointer in the normalised document.
    pub fn location(&self, pointer: &str) -> Location {
        if self.pointer_rewrites.is_empty() {
            return self.source.location(pointer);
        }
        // Map a converted 3.x pointer back to the 2.0 source.
        let mut p = pointer;
        loop {
            if let Some(orig) = self.pointer_rewrites.get(p) {
                let mapped = format!("{orig}{}", &pointer[p.len()..]);
                let mut loc = self.source.location(&mapped);
                loc.pointer = Some(mapped);
                return loc;
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return self.source.location(pointer),
            }
        }
    }
}

/// A main document plus every document its `$ref`s reach.
#[derive(Debug)]
pub struct Spec {
    pub docs: Vec<Document>,
    by_key: FxHashMap<String, usize>,
}

/// A JSON pointer built lazily: a chain of segments borrowed from the document,
/// turned into a string only when a finding needs its location. Walking a 4 MB
/// document would otherwise format one pointer string per visited node.
#[derive(Clone, Default)]
pub struct Ptr<'a>(Option<Rc<Seg<'a>>>);

struct Seg<'a> {
    parent: Ptr<'a>,
    name: Name<'a>,
}

enum Name<'a> {
    /// An object member (unescaped).
    Key(&'a str),
    Index(usize),
    /// A whole pointer (already escaped), such as the target of a `$ref`.
    Pointer(Box<str>),
}

impl<'a> Ptr<'a> {
    /// The root pointer `""`.
    pub fn root() -> Ptr<'a> {
        Ptr(None)
    }

    /// A pointer given as text (escaped), such as a `$ref` fragment.
    pub fn from_pointer(pointer: String) -> Ptr<'a> {
        if pointer.is_empty() {
            return Ptr(None);
        }
        Ptr(Some(Rc::new(Seg {
            parent: Ptr(None),
            name: Name::Pointer(pointer.into_boxed_str()),
        })))
    }

    /// The child pointer at object member `key` (unescaped).
    pub fn key(&self, key: &'a str) -> Ptr<'a> {
        Ptr(Some(Rc::new(Seg {
            parent: self.clone(),
            name: Name::Key(key),
        })))
    }

    /// The child pointer at array index `i`.
    pub fn index(&self, i: usize) -> Ptr<'a> {
        Ptr(Some(Rc::new(Seg {
            parent: self.clone(),
            name: Name::Index(i),
        })))
    }

    pub fn is_root(&self) -> bool {
        self.0.is_none()
    }
}

impl std::fmt::Display for Ptr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(seg) = &self.0 else { return Ok(()) };
        seg.parent.fmt(f)?;
        match &seg.name {
            Name::Key(k) => write!(f, "/{}", escape(k)),
            Name::Index(i) => write!(f, "/{i}"),
            Name::Pointer(p) => f.write_str(p),
        }
    }
}

impl std::fmt::Debug for Ptr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

impl PartialEq for Ptr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Ptr<'_> {}

/// Hashes the pointer's text byte by byte (no string is built), so two
/// spellings of one pointer (a chain of keys, or a `$ref`'s text) hash alike.
impl std::hash::Hash for Ptr<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        struct Bytes<'h, H>(&'h mut H);
        impl<H: std::hash::Hasher> std::fmt::Write for Bytes<'_, H> {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                for b in s.bytes() {
                    self.0.write_u8(b);
                }
                Ok(())
            }
        }
        let _ = std::fmt::write(&mut Bytes(state), format_args!("{self}"));
        state.write_u8(0xff);
    }
}

/// A node in a spec: which document, its (lazy) pointer, its value.
#[derive(Debug, Clone)]
pub struct Node<'a> {
    pub doc: usize,
    pub ptr: Ptr<'a>,
    pub v: &'a Value,
}

impl<'a> Node<'a> {
    /// The child at `key`, if the node is an object that has it.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        let (k, v) = self.v.as_object()?.get_key_value(key)?;
        Some(Node {
            doc: self.doc,
            ptr: self.ptr.key(k),
            v,
        })
    }

    pub fn index(&self, i: usize) -> Option<Node<'a>> {
        let v = self.v.get(i)?;
        Some(Node {
            doc: self.doc,
            ptr: self.ptr.index(i),
            v,
        })
    }

    /// Identity of the node's value (for memo keys): the same node has the same address.
    pub fn addr(&self) -> usize {
        std::ptr::from_ref(self.v) as usize
    }

    /// Entries of an object node, in document order.
    pub fn entries(&self) -> Vec<(&'a str, Node<'a>)> {
        match self.v {
            Value::Object(m) => m
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str(),
                        Node {
                            doc: self.doc,
                            ptr: self.ptr.key(k),
                            v,
                        },
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Items of an array node.
    pub fn items(&self) -> Vec<Node<'a>> {
        match self.v {
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| Node {
                    doc: self.doc,
                    ptr: self.ptr.index(i),
                    v,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.v.get(key)?.as_str()
    }

    pub fn bool(&self, key: &str) -> bool {
        self.v.get(key).and_then(Value::as_bool).unwrap_or(false)
    }
}

/// Where [`Spec::bundle`] puts the documents a main document references.
pub const BUNDLE_KEY: &str = "x-shipgate-bundled";

/// Replace every `$ref` string in `v` by `f(ref)` where that gives a value.
fn rewrite_refs(v: &mut Value, f: &mut dyn FnMut(&str) -> Option<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get_mut("$ref") {
                if let Some(new) = f(r) {
                    *r = new;
                }
            }
            for child in m.values_mut() {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    rewrite_refs(child, f);
                }
            }
        }
        Value::Array(a) => {
            for child in a {
                rewrite_refs(child, f);
            }
        }
        _ => {}
    }
}

/// Longest `$ref` chain followed before giving up (a chain of refs to refs).
const MAX_REF_HOPS: usize = 64;

impl Spec {
    /// A spec holding just its main document.
    pub fn new(main: Document) -> Spec {
        let mut by_key = FxHashMap::default();
        by_key.insert(main.key.clone(), 0);
        Spec {
            docs: vec![main],
            by_key,
        }
    }

    pub fn main(&self) -> &Document {
        &self.docs[0]
    }

    /// The root node of the main document.
    pub fn root(&self) -> Node<'_> {
        Node {
            doc: 0,
            ptr: Ptr::root(),
            v: &self.docs[0].root,
        }
    }

    /// Add a document reached through a `$ref` (its key as returned by [`Spec::missing_files`]).
    pub fn add(&mut self, mut doc: Document) {
        // A fragment is read with the main document's rules (3.1 `$ref` siblings, …).
        if self.docs[0].version == Version::V3_1 {
            doc.version = Version::V3_1;
        }
        let i = self.docs.len();
        self.by_key.insert(doc.key.clone(), i);
        self.docs.push(doc);
    }

    /// References to documents not loaded yet, one per target (the first
    /// occurrence), in document order; refused references are included so the
    /// caller can report them with their position ([`Spec::ref_error`]).
    pub fn missing_refs(&self) -> Vec<ExternalRef> {
        let mut out: Vec<ExternalRef> = Vec::new();
        let mut seen: rustc_hash::FxHashSet<RefTarget> = rustc_hash::FxHashSet::default();
        for (i, doc) in self.docs.iter().enumerate() {
            walk_refs(&doc.root, &mut Vec::new(), &mut |r, path| {
                let Some((file, _)) = split_ref(r) else {
                    return;
                };
                if file.is_empty() {
                    return;
                }
                let target = resolve_target(&doc.key, file);
                let loaded = match &target {
                    RefTarget::File(k) | RefTarget::Remote(k) => self.by_key.contains_key(k),
                    RefTarget::Refused(_) => false,
                };
                if !loaded && seen.insert(target.clone()) {
                    out.push(ExternalRef {
                        target,
                        reference: r.to_owned(),
                        doc: i,
                        pointer: format!("{}/$ref", pointer_of(path)),
                    });
                }
            });
        }
        out
    }

    /// The error for a reference that may not be followed, at the `$ref`'s line and column.
    pub fn ref_error(&self, r: &ExternalRef, reason: impl Into<String>) -> LoadError {
        let doc = &self.docs[r.doc];
        let loc = doc.location(&r.pointer);
        let (line, column) = loc.span.map_or((1, 1), |s| (s.start.line, s.start.column));
        LoadError::RefusedRef {
            file: doc.source.name.clone(),
            line,
            column,
            reference: r.reference.clone(),
            reason: reason.into(),
        }
    }

    /// Check that every `$ref` resolves; the first that does not is an error with its position.
    pub fn check_refs(&self) -> Result<(), LoadError> {
        for (i, doc) in self.docs.iter().enumerate() {
            let mut err: Option<LoadError> = None;
            // Real documents repeat the same few hundred `$ref`s thousands of times: check each once.
            let mut checked: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
            walk_refs(&doc.root, &mut Vec::new(), &mut |r, path| {
                if err.is_some() || !checked.insert(r) {
                    return;
                }
                if let Err(reason) = self.target(i, r) {
                    let loc = doc.location(&format!("{}/$ref", pointer_of(path)));
                    let (line, column) =
                        loc.span.map_or((1, 1), |s| (s.start.line, s.start.column));
                    err = Some(LoadError::UnresolvedRef {
                        file: doc.source.name.clone(),
                        line,
                        column,
                        reference: r.to_owned(),
                        reason,
                    });
                }
            });
            if let Some(e) = err {
                return Err(e);
            }
        }
        Ok(())
    }

    /// The node a `$ref` string in document `doc` points to.
    fn target(&self, doc: usize, reference: &str) -> Result<Node<'_>, String> {
        let Some((file, fragment)) = split_ref(reference) else {
            return Err("not a valid reference".into());
        };
        let target_doc = if file.is_empty() {
            doc
        } else {
            match resolve_target(&self.docs[doc].key, file) {
                RefTarget::Refused(why) => return Err(why.into()),
                RefTarget::Remote(url) => *self.by_key.get(&url).ok_or_else(|| {
                    format!("remote document `{url}` was not loaded (remote references are followed only when allowed)")
                })?,
                RefTarget::File(key) => *self
                    .by_key
                    .get(&key)
                    .ok_or_else(|| format!("file `{key}` was not loaded"))?,
            }
        };
        let pointer = fragment.strip_prefix('#').unwrap_or(fragment);
        let pointer = percent_decode(pointer);
        let root = &self.docs[target_doc].root;
        let v = if pointer.is_empty() {
            Some(root)
        } else if pointer.starts_with('/') {
            root.pointer(&pointer)
        } else {
            return Err("only JSON-pointer fragments (`#/…`) are supported".into());
        };
        match v {
            Some(v) => Ok(Node {
                doc: target_doc,
                ptr: Ptr::from_pointer(pointer),
                v,
            }),
            None => Err(format!(
                "`{pointer}` does not exist in {}",
                self.docs[target_doc].source.name
            )),
        }
    }

    /// The main document as one value, with every other document of the spec
    /// copied under `/x-shipgate-bundled/<n>` and every `$ref` rewritten to a
    /// local `#/…` pointer, for consumers that resolve only local references
    /// (JSON Schema validation in `check-contract`). A single-document spec is
    /// returned as is.
    pub fn bundle(&self) -> Value {
        let mut root = self.docs[0].root.clone();
        if self.docs.len() == 1 {
            return root;
        }
        let prefix = |doc: usize| {
            if doc == 0 {
                String::new()
            } else {
                format!("/{BUNDLE_KEY}/{}", doc - 1)
            }
        };
        let rewrite = |doc: usize, v: &mut Value| {
            rewrite_refs(v, &mut |r: &str| {
                let (file, fragment) = split_ref(r)?;
                let target = if file.is_empty() {
                    doc
                } else {
                    match resolve_target(&self.docs[doc].key, file) {
                        RefTarget::File(k) | RefTarget::Remote(k) => *self.by_key.get(&k)?,
                        RefTarget::Refused(_) => return None,
                    }
                };
                let pointer = fragment.strip_prefix('#').unwrap_or(fragment);
                Some(format!("#{}{pointer}", prefix(target)))
            });
        };
        rewrite(0, &mut root);
        let others: Vec<Value> = (1..self.docs.len())
            .map(|i| {
                let mut v = self.docs[i].root.clone();
                rewrite(i, &mut v);
                v
            })
            .collect();
        if let Value::Object(m) = &mut root {
            m.insert(BUNDLE_KEY.to_owned(), Value::Array(others));
        }
        root
    }

    /// Follow `$ref`s from `node` to a node that is not a reference. Cycles of refs
    /// that only point at each other, and broken refs, give `None`.
    pub fn resolve<'a>(&'a self, node: &Node<'a>) -> Option<Node<'a>> {
        let mut cur = node.clone();
        for _ in 0..MAX_REF_HOPS {
            match cur.v.get("$ref").and_then(Value::as_str) {
                Some(r) => cur = self.target(cur.doc, r).ok()?,
                None => return Some(cur),
            }
        }
        None
    }

    /// Like [`Spec::resolve`] for a schema, except that a 3.1 `$ref` with sibling
    /// keywords is kept as it is: its siblings apply, and [`super::schema::Flat`]
    /// merges the target in.
    pub fn resolve_schema<'a>(&'a self, node: &Node<'a>) -> Option<Node<'a>> {
        if super::schema::ref_siblings_apply(self, node) {
            return Some(node.clone());
        }
        self.resolve(node)
    }

    /// A user-facing location of `ptr` in document `doc`.
    pub fn location(&self, doc: usize, ptr: &Ptr<'_>) -> Location {
        self.docs[doc].location(&ptr.to_string())
    }
}

fn is_remote(file: &str) -> bool {
    let lower = |n: usize| file.get(..n).map(str::to_ascii_lowercase);
    lower(7).as_deref() == Some("http://") || lower(8).as_deref() == Some("https://")
}

/// `scheme:` at the start of a reference (two letters or more, so `C:` stays a drive).
fn has_scheme(file: &str) -> bool {
    match file.find(':') {
        Some(i) if i >= 2 => {
            let scheme = &file[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Where the file part `file` of a `$ref` in the document keyed `base` leads.
///
/// This is the lexical half of the reference policy (the CLI adds the
/// filesystem half: the root, symlinks, special files): absolute paths, other
/// URL schemes and file references inside remote documents are refused.
pub fn resolve_target(base: &str, file: &str) -> RefTarget {
    if is_remote(file) {
        return RefTarget::Remote(file.to_owned());
    }
    if is_remote(base) {
        return match join_url(base, file) {
            Some(url) => RefTarget::Remote(url),
            None => {
                RefTarget::Refused("a reference inside a remote document must stay on its host")
            }
        };
    }
    if has_scheme(file) {
        return RefTarget::Refused(
            "only relative file paths (and http(s) URLs, when allowed) are followed",
        );
    }
    let bytes = file.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if file.starts_with(['/', '\\']) || drive {
        return RefTarget::Refused(
            "absolute paths are not followed; use a path relative to the document",
        );
    }
    if file.contains('\0') {
        return RefTarget::Refused("the path contains a NUL character");
    }
    RefTarget::File(join(base, &file.replace('\\', "/")))
}

/// Resolve `rel` against the URL `base` (`scheme://host/dir/file`).
fn join_url(base: &str, rel: &str) -> Option<String> {
    let after_scheme = base.find("://")? + 3;
    let host_end = base[after_scheme..]
        .find('/')
        .map_or(base.len(), |i| after_scheme + i);
    let (origin, path) = base.split_at(host_end);
    if rel.starts_with("//") || has_scheme(rel) {
        return None;
    }
    let path = if path.is_empty() { "/" } else { path };
    let joined = join(path, rel);
    if joined.starts_with("/..") || joined == "/.." {
        return None;
    }
    let joined = if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    };
    Some(format!("{origin}{joined}"))
}

fn split_ref(r: &str) -> Option<(&str, &str)> {
    match r.find('#') {
        Some(i) => Some((&r[..i], &r[i..])),
        None => Some((r, "")),
    }
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_owned();
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolve `rel` against the directory of `base` (both `/`-separated), normalising `.` and `..`.
pub fn join(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = base.split('/').collect();
        p.pop();
        p
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(&l) if l != "..") && !parts.is_empty() {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    if rel.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// One step of the path [`walk_refs`] is at; the pointer string is built only when needed.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

fn pointer_of(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&escape(k)),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}

/// Call `f(ref, path_of_object_holding_ref)` for every `$ref` string in `v`.
fn walk_refs<'v>(v: &'v Value, path: &mut Vec<Step<'v>>, f: &mut dyn FnMut(&'v str, &[Step<'v>])) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref") {
                f(r, path);
            }
            for (k, child) in m {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    path.push(Step::Key(k));
                    walk_refs(child, path, f);
                    path.pop();
                }
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    path.push(Step::Index(i));
                    walk_refs(child, path, f);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_paths() {
        assert_eq!(join("api/openapi.yaml", "common.yaml"), "api/common.yaml");
        assert_eq!(
            join("api/openapi.yaml", "../shared/x.yaml"),
            "shared/x.yaml"
        );
        assert_eq!(join("openapi.yaml", "./a/b.yaml"), "a/b.yaml");
        assert_eq!(join("openapi.yaml", "../x.yaml"), "../x.yaml");
    }

    #[test]
    fn not_openapi_and_bad_ref_have_positions() {
        let e = Document::parse("x.yaml", "x.yaml", "a: 1\n".into()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("x.yaml:1:1: not an OpenAPI document"),
            "{e}"
        );
        let text = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Nope'\n";
        let spec = Spec::new(Document::parse("a.yaml", "a.yaml", text.into()).unwrap());
        let e = spec.check_refs().unwrap_err();
        assert!(
            e.to_string().starts_with("a.yaml:7:11: unresolvable $ref"),
            "{e}"
        );
    }

    #[test]
    fn ref_cycles_do_not_hang() {
        let text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
        let spec = Spec::new(Document::parse("a.yaml", "a.yaml", text.into()).unwrap());
        let a = spec
            .root()
            .get("components")
            .unwrap()
            .get("schemas")
            .unwrap()
            .get("A")
            .unwrap();
        assert!(spec.resolve(&a).is_none());
    }
}
