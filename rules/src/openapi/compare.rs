//! The comparer: walks two specs side by side (operations matched by method and
//! path template, parameters by location and name, headers case-insensitively,
//! schemas structurally through `$ref`s) and turns every difference into a
//! diagnostic of the rule that covers it.
//!
//! Schema comparisons between two `$ref` targets are memoised per direction, and
//! a pair already being compared higher up the stack compares as equal, so
//! recursive schemas terminate and shared schemas are compared once.

use super::document::{Node, Ptr, Spec};
use super::group::{subject, Groups};
use super::rules::*;
use super::schema::*;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use serde_json::Value;
use shipgate_diagnostics::{Diagnostic, Level, RuleMeta};
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// `x-stability-level` values, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stability {
    Draft,
    Alpha,
    Beta,
    Stable,
}

impl Stability {
    pub fn parse(s: &str) -> Option<Stability> {
        match s {
            "draft" => Some(Stability::Draft),
            "alpha" => Some(Stability::Alpha),
            "beta" => Some(Stability::Beta),
            "stable" => Some(Stability::Stable),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stability::Draft => "draft",
            Stability::Alpha => "alpha",
            Stability::Beta => "beta",
            Stability::Stable => "stable",
        }
    }
}

/// Settings of a diff. The date is passed in: this crate reads no clock.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// "Today", for sunset dates.
    pub today: NaiveDate,
    /// Minimum days between deprecation and sunset, per stability level
    /// (`[draft, alpha, beta, stable]`). 0 means a sunset date is not required.
    pub deprecation_days: [u32; 4],
    /// Operations below this stability level are reported at info level only.
    pub gate_stability: Stability,
}

impl DiffOptions {
    pub fn new(today: NaiveDate) -> Self {
        DiffOptions {
            today,
            deprecation_days: [0; 4],
            gate_stability: Stability::Beta,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dir {
    Request,
    Response,
}

/// Where a schema sits, for messages.
#[derive(Debug, Clone)]
enum Ctx {
    Body {
        mt: String,
    },
    Response {
        status: String,
        mt: String,
    },
    Param {
        loc: String,
        name: String,
    },
    Header {
        status: String,
        name: String,
    },
    /// A webhook's request body: what the API sends.
    Payload {
        mt: String,
    },
    /// A webhook's response: what the consumer replies.
    Reply {
        status: String,
        mt: String,
    },
    /// A parameter (usually a header) the API sends with a webhook.
    Sent {
        loc: String,
        name: String,
    },
}

impl Ctx {
    fn describe(&self, prop: &str) -> String {
        match self {
            Ctx::Body { mt } if prop.is_empty() => format!("request body ({mt})"),
            Ctx::Body { mt } => format!("request property `{prop}` ({mt})"),
            Ctx::Response { status, mt } if prop.is_empty() => {
                format!("response body ({status}, {mt})")
            }
            Ctx::Response { status, mt } => format!("response property `{prop}` ({status}, {mt})"),
            Ctx::Param { loc, name } if prop.is_empty() => format!("{loc} parameter `{name}`"),
            Ctx::Param { loc, name } => format!("{loc} parameter `{name}` property `{prop}`"),
            Ctx::Header { status, name } if prop.is_empty() => {
                format!("response header `{name}` ({status})")
            }
            Ctx::Header { status, name } => {
                format!("response header `{name}` property `{prop}` ({status})")
            }
            Ctx::Payload { mt } if prop.is_empty() => format!("webhook payload ({mt})"),
            Ctx::Payload { mt } => format!("webhook payload property `{prop}` ({mt})"),
            Ctx::Reply { status, mt } if prop.is_empty() => {
                format!("consumer reply ({status}, {mt})")
            }
            Ctx::Reply { status, mt } => {
                format!("consumer reply property `{prop}` ({status}, {mt})")
            }
            Ctx::Sent { loc, name } if prop.is_empty() => sent_param(loc, name),
            Ctx::Sent { loc, name } => format!("{} property `{prop}`", sent_param(loc, name)),
        }
    }
}

impl Ctx {
    /// Record where the change sits as finding properties: `part` (request-body,
    /// response-body, parameter, response-header, webhook-payload, webhook-reply,
    /// webhook-parameter), `status`, `media_type`, `parameter`, `parameter_in`,
    /// `header` and `property` (the dotted property path, when not the whole schema).
    fn tag(&self, d: &mut Diagnostic, prop: &str) {
        let p = &mut d.properties;
        let part = match self {
            Ctx::Body { mt } => {
                p.insert("media_type", mt.clone());
                "request-body"
            }
            Ctx::Response { status, mt } => {
                p.insert("status", status.clone());
                p.insert("media_type", mt.clone());
                "response-body"
            }
            Ctx::Param { loc, name } => {
                p.insert("parameter_in", loc.clone());
                p.insert("parameter", name.clone());
                "parameter"
            }
            Ctx::Header { status, name } => {
                p.insert("status", status.clone());
                p.insert("header", name.clone());
                "response-header"
            }
            Ctx::Payload { mt } => {
                p.insert("media_type", mt.clone());
                "webhook-payload"
            }
            Ctx::Reply { status, mt } => {
                p.insert("status", status.clone());
                p.insert("media_type", mt.clone());
                "webhook-reply"
            }
            Ctx::Sent { loc, name } => {
                p.insert("parameter_in", loc.clone());
                p.insert("parameter", name.clone());
                "webhook-parameter"
            }
        };
        p.insert("part", part);
        if !prop.is_empty() {
            p.insert("property", prop.to_owned());
        }
    }
}

/// "webhook header `X-Signature`", or "webhook query parameter `id`" for other locations.
fn sent_param(loc: &str, name: &str) -> String {
    if loc == "header" {
        format!("webhook header `{name}`")
    } else {
        format!("webhook {loc} parameter `{name}`")
    }
}

/// A difference found inside a schema, relative to the schema compared.
#[derive(Debug, Clone)]
struct Change<'a> {
    rule: &'static RuleMeta,
    /// Dotted property path below the compared schema (`""` for the schema itself).
    prop: String,
    /// The rest of the sentence: "was removed", "type changed from … to …".
    what: String,
    help: String,
    base: (usize, Ptr<'a>),
    rev: (usize, Ptr<'a>),
}

impl Change<'_> {
    fn key(&self) -> u64 {
        let mut h = FxHasher::default();
        self.rule.code.hash(&mut h);
        self.what.hash(&mut h);
        self.base.hash(&mut h);
        self.rev.hash(&mut h);
        h.finish()
    }
}

#[derive(Default)]
struct Changes<'a> {
    list: Vec<Change<'a>>,
    /// Change key → index in `list`, to report a change reachable along several
    /// property paths once, under its shortest path.
    seen: FxHashMap<u64, usize>,
}

impl<'a> Changes<'a> {
    fn push(&mut self, c: Change<'a>) {
        match self.seen.get(&c.key()) {
            Some(&i) => {
                if c.prop.len() < self.list[i].prop.len() {
                    self.list[i] = c;
                }
            }
            None => {
                self.seen.insert(c.key(), self.list.len());
                self.list.push(c);
            }
        }
    }

    fn lift(&mut self, child: &[Change<'a>], prefix: &str) {
        for c in child {
            let mut c = c.clone();
            c.prop = join_prop(prefix, &c.prop);
            self.push(c);
        }
    }
}

fn join_prop(prefix: &str, child: &str) -> String {
    if prefix.is_empty() {
        child.to_owned()
    } else if child.is_empty() {
        prefix.to_owned()
    } else if child.starts_with('[') {
        format!("{prefix}{child}")
    } else {
        format!("{prefix}.{child}")
    }
}

/// A server object's URL with its variables replaced by their defaults, without a
/// trailing `/`.
fn server_url(server: &Value) -> Option<String> {
    let mut url = server.get("url")?.as_str()?.to_owned();
    if let Some(Value::Object(vars)) = server.get("variables") {
        for (name, var) in vars {
            if let Some(d) = var.get("default").and_then(Value::as_str) {
                url = url.replace(&format!("{{{name}}}"), d);
            }
        }
    }
    let trimmed = url.trim_end_matches('/');
    Some(if trimmed.is_empty() {
        "/".into()
    } else {
        trimmed.to_owned()
    })
}

/// `https://host:port/base` → (`https://host:port`, `/base`); a relative URL has no origin.
fn split_url(url: &str) -> (String, String) {
    let Some(after) = url.find("://").map(|i| i + 3) else {
        let path = if url.starts_with('/') {
            url.to_owned()
        } else {
            format!("/{url}")
        };
        return (String::new(), path);
    };
    match url[after..].find('/') {
        Some(i) => (url[..after + i].to_owned(), url[after + i..].to_owned()),
        None => (url.to_owned(), "/".into()),
    }
}

/// Where property `name`'s requiredness is written in `f`: its entry in the
/// schema's own `required` array, else the property itself (required through
/// `allOf`, or not required).
fn required_entry<'a>(f: &Flat<'a>, name: &str, prop: &Node<'a>) -> (usize, Ptr<'a>) {
    let own = f
        .node
        .v
        .get("required")
        .and_then(Value::as_array)
        .and_then(|list| list.iter().position(|x| x.as_str() == Some(name)));
    match own {
        Some(i) => (f.node.doc, f.node.ptr.key("required").index(i)),
        None => (prop.doc, prop.ptr.clone()),
    }
}

/// A schema's `format`, `contentEncoding` and `contentMediaType`, as compared.
#[derive(Clone, Copy)]
struct Content<'a> {
    format: Option<&'a str>,
    encoding: Option<&'a str>,
    media_type: Option<&'a str>,
}

/// The content keywords of both sides, in one spelling: when one side writes
/// 3.0's `format: byte` (or `binary`) and the other 3.1's `contentEncoding:
/// base64` (or `contentMediaType: application/octet-stream`) without a
/// `format`, both are read as the `format`. Otherwise they are compared as written.
fn content_spelling<'a>(b: &Flat<'a>, r: &Flat<'a>) -> (Content<'a>, Content<'a>) {
    let raw = |f: &Flat<'a>| Content {
        format: f.format,
        encoding: f.content_encoding,
        media_type: f.content_media_type,
    };
    let (mut bc, mut rc) = (raw(b), raw(r));
    for (format, keyword, value) in [
        ("byte", 0, "base64"),
        ("binary", 1, "application/octet-stream"),
    ] {
        let written = |c: &Content<'a>| {
            if keyword == 0 {
                c.encoding
            } else {
                c.media_type
            }
        };
        let as_format = |c: &mut Content<'a>| {
            if c.format.is_none() && written(c) == Some(value) {
                c.format = Some(format);
                if keyword == 0 {
                    c.encoding = None;
                } else {
                    c.media_type = None;
                }
            }
        };
        if bc.format == Some(format) && rc.format.is_none() {
            as_format(&mut rc);
        } else if rc.format == Some(format) && bc.format.is_none() {
            as_format(&mut bc);
        }
    }
    (bc, rc)
}

/// Whether `f` has a closed enum whose every value satisfies `bound` (upper or
/// lower) of bound family `fam` (numbers and string lengths only).
fn enum_within(f: &Flat<'_>, fam: usize, bound: Bound, upper: bool) -> bool {
    let Some(values) = f.enum_values.as_ref().filter(|_| !f.extensible) else {
        return false;
    };
    let measure = |v: &Value| -> Option<f64> {
        match fam {
            0 => v.as_f64(),
            #[allow(clippy::cast_precision_loss)]
            1 => v.as_str().map(|s| s.chars().count() as f64),
            _ => None,
        }
    };
    !values.is_empty()
        && values.iter().all(|v| {
            measure(v).is_some_and(|m| match (upper, bound.exclusive) {
                (true, false) => m <= bound.value,
                (true, true) => m < bound.value,
                (false, false) => m >= bound.value,
                (false, true) => m > bound.value,
            })
        })
}

/// (base document, base value address, revision document, revision value address, direction).
type MemoKey = (usize, usize, usize, usize, Dir);

/// An operation being compared, for message prefixes and stability gating.
#[derive(Debug, Clone)]
struct Op {
    method: String,
    path: String,
    stability: Stability,
    /// A webhook operation (`path` is `webhook NAME`): request and response roles are swapped.
    webhook: bool,
}

/// Compare `base` with `rev`; every difference becomes a diagnostic (info level
/// for compatible changes, which `shipgate diff` shows only with `--changelog`).
pub fn diff(base: &Spec, rev: &Spec, opts: &DiffOptions) -> Vec<Diagnostic> {
    let mut c = Comparer {
        base,
        rev,
        opts,
        memo: FxHashMap::default(),
        active: FxHashSet::default(),
        out: Vec::new(),
        groups: Groups::default(),
    };
    c.document();
    c.groups.finish(c.out)
}

struct Comparer<'a> {
    base: &'a Spec,
    rev: &'a Spec,
    opts: &'a DiffOptions,
    memo: FxHashMap<MemoKey, Rc<Vec<Change<'a>>>>,
    active: FxHashSet<MemoKey>,
    out: Vec<Diagnostic>,
    groups: Groups,
}

/// Normalised path template: parameter names dropped, so `/u/{id}` matches `/u/{userId}`.
pub fn template_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for ch in path.chars() {
        match ch {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            c => out.push(c),
        }
    }
    out
}

fn path_param_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split('}').next())
        .collect()
}

/// One named entry (a map member): its name and its value.
type Named<'e, T> = &'e (&'e str, T);

/// Named entries of two versions, matched by a normalised name in one pass.
struct Split<'e, T> {
    /// Only in the base, in base order.
    removed: Vec<Named<'e, T>>,
    /// Only in the revision, in revision order.
    added: Vec<Named<'e, T>>,
    /// In both, in base order.
    common: Vec<(Named<'e, T>, Named<'e, T>)>,
}

/// Names compared exactly (security schemes, webhooks).
fn exact(name: &str) -> Cow<'_, str> {
    Cow::Borrowed(name)
}

/// Names compared case-insensitively (media types, headers, `2XX` statuses).
fn upper(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_lowercase()) {
        Cow::Owned(name.to_ascii_uppercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Split `base` and `rev` into removed, added and common entries. A name that
/// occurs twice after normalising matches its first occurrence.
fn split_named<'e, T>(
    base: &'e [(&'e str, T)],
    rev: &'e [(&'e str, T)],
    key: fn(&str) -> Cow<'_, str>,
) -> Split<'e, T> {
    let mut rev_index: FxHashMap<Cow<'e, str>, usize> = FxHashMap::default();
    for (i, (name, _)) in rev.iter().enumerate() {
        rev_index.entry(key(name)).or_insert(i);
    }
    let mut in_base: FxHashSet<Cow<'e, str>> = FxHashSet::default();
    let mut split = Split {
        removed: Vec::new(),
        added: Vec::new(),
        common: Vec::new(),
    };
    for entry in base {
        let k = key(entry.0);
        match rev_index.get(&k) {
            Some(&j) => split.common.push((entry, &rev[j])),
            None => split.removed.push(entry),
        }
        in_base.insert(k);
    }
    for entry in rev {
        if !in_base.contains(&key(entry.0)) {
            split.added.push(entry);
        }
    }
    split
}

enum Sunset {
    None,
    Invalid(String),
    Date(NaiveDate),
}

fn sunset_of(v: &Value) -> Sunset {
    let Some(s) = v.get("x-sunset") else {
        return Sunset::None;
    };
    let Some(text) = s.as_str() else {
        return Sunset::Invalid(s.to_string());
    };
    let t = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Sunset::Date(d);
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc3339(t) {
        return Sunset::Date(d.date_naive());
    }
    if let Ok(d) = chrono::DateTime::parse_from_rfc2822(t) {
        return Sunset::Date(d.date_naive());
    }
    Sunset::Invalid(text.to_owned())
}

fn stability_of(v: &Value) -> Result<Stability, Option<String>> {
    match v.get("x-stability-level") {
        None => Err(None),
        Some(s) => s
            .as_str()
            .and_then(Stability::parse)
            .ok_or_else(|| Some(s.to_string())),
    }
}

fn is_success(status: &str) -> bool {
    status.starts_with('2')
}

impl<'a> Comparer<'a> {
    // ------------------------------------------------------------ emitting

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &mut self,
        rule: &RuleMeta,
        op: Option<&Op>,
        sentence: String,
        help: &str,
        rev: (usize, &Ptr<'a>),
        base: (usize, &Ptr<'a>),
    ) {
        let message = match op {
            Some(op) => format!("`{} {}`: {sentence}", op.method, op.path),
            None => sentence,
        };
        let mut d = Diagnostic::new(rule, message, self.rev.location(rev.0, rev.1))
            .with_help(help)
            .with_related("in the base version", self.base.location(base.0, base.1));
        if let Some(op) = op {
            d = d
                .with_property("method", op.method.clone())
                .with_property("path", op.path.clone());
            if op.stability < self.opts.gate_stability && d.level > Level::Info {
                d = d.with_level(Level::Info).with_note(format!(
                    "reported as info: the operation's x-stability-level is {}",
                    op.stability.as_str()
                ));
            }
        }
        self.out.push(d);
    }

    fn emit_changes(&mut self, op: &Op, ctx: &Ctx, changes: &[Change<'a>]) {
        for c in changes {
            let place = ctx.describe(&c.prop);
            let sentence = format!("{place} {}", c.what);
            self.emit(
                c.rule,
                Some(op),
                sentence,
                &c.help,
                (c.rev.0, &c.rev.1),
                (c.base.0, &c.base.1),
            );
            if let Some(d) = self.out.last_mut() {
                ctx.tag(d, &c.prop);
            }
            // The same change to a shared schema, reached from another place, is
            // the same cause: group it (see `group.rs`).
            let index = self.out.len() - 1;
            let mut h = FxHasher::default();
            c.key().hash(&mut h);
            self.out[index].level.hash(&mut h);
            self.out[index].notes.hash(&mut h);
            let (base, rev) = (self.base, self.rev);
            self.groups.add(h.finish(), index, || {
                let named = [
                    subject(rev, c.rev.0, &c.rev.1),
                    subject(base, c.base.0, &c.base.1),
                ];
                let name = named
                    .into_iter()
                    .flatten()
                    .max_by_key(String::len)
                    .unwrap_or(place);
                format!("{name} {}", c.what)
            });
        }
    }

    /// Name the parameter a finding is about (`parameter`, `parameter_in`), so
    /// that a reader (the broker's gate) can tell which clients send it.
    fn tag_parameter(&mut self, loc: &str, name: &str) {
        if let Some(d) = self.out.last_mut() {
            d.properties.insert("part", "parameter");
            d.properties.insert("parameter_in", loc.to_owned());
            d.properties.insert("parameter", name.to_owned());
        }
    }

    // ------------------------------------------------------------ document

    fn document(&mut self) {
        let (b, r) = (self.base.root(), self.rev.root());
        if let (Some(bv), Some(rv)) = (
            b.get("info").and_then(|i| i.get("version")),
            r.get("info").and_then(|i| i.get("version")),
        ) {
            if bv.v != rv.v {
                self.emit(
                    &ApiMetadataChanged::META,
                    None,
                    format!("API version changed from {} to {}", show(bv.v), show(rv.v)),
                    "nothing to do",
                    (rv.doc, &rv.ptr),
                    (bv.doc, &bv.ptr),
                );
            }
        }
        self.servers(&b, &r);
        self.paths(&b, &r);
        self.webhooks(&b, &r);
        self.security_schemes(&b, &r);
    }

    /// The document's `servers` (Swagger 2.0: `host`, `basePath`, `schemes`): a base
    /// path no longer served moves every operation (OAS054); a removed host breaks
    /// clients configured with it (OAS055); added servers are info.
    fn servers(&mut self, b: &Node<'a>, r: &Node<'a>) {
        let list = |n: &Node<'a>| -> Vec<(String, Node<'a>)> {
            match n.get("servers") {
                Some(s) if !s.items().is_empty() => s
                    .items()
                    .into_iter()
                    .filter_map(|x| Some((server_url(x.v)?, x)))
                    .collect(),
                // No servers: the API is served at `/` of wherever the document is.
                _ => Vec::new(),
            }
        };
        let (bl, rl) = (list(b), list(r));
        let at = |n: &Node<'a>| n.get("servers").map_or(n.ptr.clone(), |s| s.ptr);
        let (bat, rat) = (at(b), at(r));
        let paths = |l: &[(String, Node<'a>)]| -> Vec<String> {
            if l.is_empty() {
                return vec!["/".into()];
            }
            l.iter().map(|(u, _)| split_url(u).1).collect()
        };
        let (bpaths, rpaths) = (paths(&bl), paths(&rl));
        let kept_path = bpaths.iter().any(|p| rpaths.contains(p));
        if !kept_path {
            let show = |l: &[String]| {
                l.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let (rnode, bnode) = (
                rl.first()
                    .map_or((r.doc, rat.clone()), |(_, n)| (n.doc, n.ptr.clone())),
                bl.first()
                    .map_or((b.doc, bat.clone()), |(_, n)| (n.doc, n.ptr.clone())),
            );
            self.emit(
                &BasePathChanged::META,
                None,
                format!(
                    "the API's base path changed from {} to {}: every operation moved",
                    show(&bpaths),
                    show(&rpaths)
                ),
                "serve the old base path too (list both servers) until clients have moved",
                (rnode.0, &rnode.1),
                (bnode.0, &bnode.1),
            );
        }
        for (url, bn) in &bl {
            if rl.iter().any(|(u, _)| u == url) {
                continue;
            }
            let (origin, path) = split_url(url);
            // A moved base path is reported above; here the host went away.
            if !kept_path || origin.is_empty() || !rpaths.contains(&path) {
                continue;
            }
            if rl.iter().any(|(u, _)| split_url(u).0 == origin) {
                continue;
            }
            self.emit(
                &ServerRemoved::META,
                None,
                format!("server `{url}` was removed"),
                "keep the old server listed and serving until clients have moved",
                (r.doc, &rat),
                (bn.doc, &bn.ptr),
            );
        }
        for (url, rn) in &rl {
            if !bl.iter().any(|(u, _)| u == url) {
                self.emit(
                    &ApiMetadataChanged::META,
                    None,
                    format!("server `{url}` was added"),
                    "nothing to do",
                    (rn.doc, &rn.ptr),
                    (b.doc, &bat),
                );
            }
        }
    }

    fn paths(&mut self, b: &Node<'a>, r: &Node<'a>) {
        let bp = b.get("paths");
        let rp = r.get("paths");
        let b_entries = bp.as_ref().map(Node::entries).unwrap_or_default();
        let r_entries = rp.as_ref().map(Node::entries).unwrap_or_default();
        let mut r_by_key: FxHashMap<String, (&'a str, Node<'a>)> = FxHashMap::default();
        for (p, n) in &r_entries {
            r_by_key.insert(template_key(p), (p, n.clone()));
        }
        let b_keys: FxHashSet<String> = b_entries.iter().map(|(p, _)| template_key(p)).collect();
        let rev_paths_loc = (r.doc, rp.as_ref().map_or(Ptr::root(), |n| n.ptr.clone()));
        let base_paths_loc = (b.doc, bp.as_ref().map_or(Ptr::root(), |n| n.ptr.clone()));
        for (path, bitem) in &b_entries {
            let Some(bitem) = self.base.resolve(bitem) else {
                continue;
            };
            match r_by_key.get(&template_key(path)) {
                Some((rpath, ritem)) => {
                    let Some(ritem) = self.rev.resolve(ritem) else {
                        continue;
                    };
                    self.path_item(path, rpath, &bitem, &ritem);
                }
                None => {
                    for m in METHODS {
                        if let Some(op) = bitem.get(m).and_then(|n| self.base.resolve(&n)) {
                            self.op_removed(m, path, &op, (rev_paths_loc.0, &rev_paths_loc.1));
                        }
                    }
                }
            }
        }
        for (path, ritem) in &r_entries {
            if b_keys.contains(&template_key(path)) {
                continue;
            }
            let Some(ritem) = self.rev.resolve(ritem) else {
                continue;
            };
            for m in METHODS {
                if let Some(op) = ritem.get(m).and_then(|n| self.rev.resolve(&n)) {
                    self.op_added(m, path, &op, (base_paths_loc.0, &base_paths_loc.1));
                }
            }
        }
    }

    fn op_added(&mut self, method: &str, path: &str, op: &Node<'a>, base_loc: (usize, &Ptr<'a>)) {
        let o = Op {
            method: method.to_uppercase(),
            path: path.to_owned(),
            stability: Stability::Stable,
            webhook: false,
        };
        self.emit(
            &EndpointAdded::META,
            Some(&o),
            "operation was added".into(),
            "nothing to do",
            (op.doc, &op.ptr),
            base_loc,
        );
    }

    fn op_removed(&mut self, method: &str, path: &str, op: &Node<'a>, rev_loc: (usize, &Ptr<'a>)) {
        let o = Op {
            method: method.to_uppercase(),
            path: path.to_owned(),
            stability: stability_of(op.v).unwrap_or(Stability::Stable),
            webhook: false,
        };
        let (rule, sentence, help) =
            self.removal_verdict(op.v, "operation", &EndpointRemoved::META);
        self.emit(rule, Some(&o), sentence, &help, rev_loc, (op.doc, &op.ptr));
    }

    /// Rule, sentence and help for removing something, from its deprecation state.
    fn removal_verdict(
        &self,
        v: &Value,
        what: &str,
        default_rule: &'static RuleMeta,
    ) -> (&'static RuleMeta, String, String) {
        let deprecated = v.get("deprecated").and_then(Value::as_bool) == Some(true);
        match (deprecated, sunset_of(v)) {
            (true, Sunset::Date(d)) if d <= self.opts.today => (
                &RemovedAfterSunset::META,
                format!("{what} was removed after its sunset date {d}"),
                "nothing to do: the sunset date has passed".into(),
            ),
            (true, Sunset::Date(d)) => (
                &RemovedBeforeSunset::META,
                format!("{what} was removed before its sunset date {d}"),
                format!("keep the {what} until {d}, the sunset date announced to clients"),
            ),
            (true, _) => (
                default_rule,
                format!("{what} was removed; it was deprecated but had no valid sunset date"),
                format!("restore the {what} and give its deprecation an `x-sunset` date; remove it after that date"),
            ),
            _ => (
                default_rule,
                format!("{what} was removed"),
                format!("restore the {what}, mark it `deprecated: true` with an `x-sunset` date, and remove it after that date"),
            ),
        }
    }

    fn path_item(&mut self, bpath: &str, rpath: &str, bitem: &Node<'a>, ritem: &Node<'a>) {
        for m in METHODS {
            // An operation may be a `$ref` (to another file): follow it.
            let bop = bitem.get(m).and_then(|n| self.base.resolve(&n));
            let rop = ritem.get(m).and_then(|n| self.rev.resolve(&n));
            match (bop, rop) {
                (Some(bop), Some(rop)) => self.operation(m, bpath, rpath, bitem, ritem, &bop, &rop),
                (Some(bop), None) => self.op_removed(m, bpath, &bop, (ritem.doc, &ritem.ptr)),
                (None, Some(rop)) => self.op_added(m, rpath, &rop, (bitem.doc, &bitem.ptr)),
                (None, None) => {}
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        method: &str,
        bpath: &str,
        rpath: &str,
        bitem: &Node<'a>,
        ritem: &Node<'a>,
        bop: &Node<'a>,
        rop: &Node<'a>,
    ) {
        let rstab = stability_of(rop.v);
        let op = Op {
            method: method.to_uppercase(),
            path: rpath.to_owned(),
            stability: rstab.clone().unwrap_or(Stability::Stable),
            webhook: false,
        };
        // Stability.
        let bstab = stability_of(bop.v);
        match (&bstab, &rstab) {
            (_, Err(Some(bad))) if bstab != rstab => {
                let at = rop
                    .get("x-stability-level")
                    .map_or(rop.ptr.clone(), |n| n.ptr);
                self.emit(
                    &StabilityLevelInvalid::META,
                    Some(&op),
                    format!("operation has an invalid x-stability-level {bad}"),
                    "use one of draft, alpha, beta, stable",
                    (rop.doc, &at),
                    (bop.doc, &bop.ptr),
                );
            }
            (Ok(b), r) => {
                let r = r.clone().unwrap_or(Stability::Stable);
                let at = rop
                    .get("x-stability-level")
                    .map_or(rop.ptr.clone(), |n| n.ptr);
                if r < *b {
                    self.emit(
                        &StabilityDecreased::META,
                        Some(&op),
                        format!("operation's stability decreased from {} to {}", b.as_str(), r.as_str()),
                        "keep the stability level; introduce the unstable variant as a new operation",
                        (rop.doc, &at),
                        (bop.doc, &bop.ptr),
                    );
                } else if r > *b {
                    self.emit(
                        &AnnotationChanged::META,
                        Some(&op),
                        format!(
                            "operation's stability increased from {} to {}",
                            b.as_str(),
                            r.as_str()
                        ),
                        "nothing to do",
                        (rop.doc, &at),
                        (bop.doc, &bop.ptr),
                    );
                }
            }
            _ => {}
        }
        self.lifecycle(&op, "operation", bop, rop);
        if bop.str("operationId") != rop.str("operationId") && bop.str("operationId").is_some() {
            self.emit(
                &ApiMetadataChanged::META,
                Some(&op),
                format!(
                    "operationId changed from `{}` to `{}`",
                    bop.str("operationId").unwrap_or(""),
                    rop.str("operationId").unwrap_or("")
                ),
                "generated SDK method names may change; keep operationIds stable",
                (rop.doc, &rop.ptr),
                (bop.doc, &bop.ptr),
            );
        }
        self.tags(&op, bop, rop);
        self.parameters(&op, bpath, rpath, bitem, ritem, bop, rop);
        self.request_body(&op, bop, rop);
        self.responses(&op, bop, rop);
        self.security(&op, bop, rop);
    }

    /// Deprecation and sunset changes of an operation, parameter or property.
    fn lifecycle(&mut self, op: &Op, what: &str, b: &Node<'a>, r: &Node<'a>) {
        let bdep = b.bool("deprecated");
        let rdep = r.bool("deprecated");
        let bsun = sunset_of(b.v);
        let rsun = sunset_of(r.v);
        let sun_at = r.get("x-sunset").map_or(r.ptr.clone(), |n| n.ptr);
        let loc_r = (r.doc, &sun_at);
        let loc_b = (b.doc, &b.ptr);
        let b_text = b.v.get("x-sunset");
        let r_text = r.v.get("x-sunset");
        if let Sunset::Invalid(text) = &rsun {
            if b_text != r_text {
                self.emit(
                    &SunsetDateInvalid::META,
                    Some(op),
                    format!("{what}'s x-sunset `{text}` is not a date"),
                    "write the sunset date as YYYY-MM-DD",
                    loc_r,
                    loc_b,
                );
            }
        }
        let min_days = self.opts.deprecation_days[op.stability as usize];
        if rdep && !bdep {
            let date = match &rsun {
                Sunset::Date(d) => format!(" with sunset date {d}"),
                _ => String::new(),
            };
            self.emit(
                &Deprecated::META,
                Some(op),
                format!("{what} was deprecated{date}"),
                "nothing to do",
                loc_r,
                loc_b,
            );
            match &rsun {
                Sunset::None if min_days > 0 => self.emit(
                    &DeprecationSunsetMissing::META,
                    Some(op),
                    format!(
                        "{what} was deprecated without an x-sunset date ({} stability requires at least {min_days} days)",
                        op.stability.as_str()
                    ),
                    &format!("add `x-sunset: YYYY-MM-DD` at least {min_days} days from today"),
                    (r.doc, &r.ptr),
                    loc_b,
                ),
                Sunset::Date(d) if min_days > 0 && (*d - self.opts.today).num_days() < i64::from(min_days) => {
                    self.emit(
                        &SunsetDateTooSoon::META,
                        Some(op),
                        format!(
                            "{what}'s sunset date {d} is less than {min_days} days away ({} stability)",
                            op.stability.as_str()
                        ),
                        &format!("set the sunset date at least {min_days} days from today"),
                        loc_r,
                        loc_b,
                    );
                }
                _ => {}
            }
        } else if bdep && !rdep {
            self.emit(
                &Reactivated::META,
                Some(op),
                format!("{what} is no longer deprecated"),
                "nothing to do",
                (r.doc, &r.ptr),
                loc_b,
            );
        } else if bdep && rdep {
            match (&bsun, &rsun) {
                (Sunset::Date(old), Sunset::Date(new)) if new < old => self.emit(
                    &SunsetDateTooSoon::META,
                    Some(op),
                    format!("{what}'s sunset date was moved earlier, from {old} to {new}"),
                    &format!("keep the announced sunset date {old}"),
                    loc_r,
                    loc_b,
                ),
                (Sunset::Date(old), Sunset::None) => self.emit(
                    &SunsetRemoved::META,
                    Some(op),
                    format!("{what} is still deprecated but its sunset date {old} was removed"),
                    &format!("keep `x-sunset: {old}`, or remove `deprecated: true` if it stays"),
                    (r.doc, &r.ptr),
                    loc_b,
                ),
                _ => {}
            }
        }
    }

    /// Tags added to or removed from an operation (changelog only).
    fn tags(&mut self, op: &Op, bop: &Node<'a>, rop: &Node<'a>) {
        let list = |n: &Node<'a>| -> Vec<(&'a str, ())> {
            n.v.get("tags")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(|t| (t, ()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (bt, rt) = (list(bop), list(rop));
        let split = split_named(&bt, &rt, exact);
        let at = |n: &Node<'a>| n.get("tags").map_or(n.ptr.clone(), |t| t.ptr);
        let (rat, bat) = (at(rop), at(bop));
        for (tag, ()) in split.removed {
            self.emit(
                &OperationTagsChanged::META,
                Some(op),
                format!("tag `{tag}` was removed"),
                "nothing to do",
                (rop.doc, &rat),
                (bop.doc, &bat),
            );
        }
        for (tag, ()) in split.added {
            self.emit(
                &OperationTagsChanged::META,
                Some(op),
                format!("tag `{tag}` was added"),
                "nothing to do",
                (rop.doc, &rat),
                (bop.doc, &bat),
            );
        }
    }

    // ------------------------------------------------------------ parameters

    fn collect_params(
        &self,
        spec: &'a Spec,
        path: &str,
        item: &Node<'a>,
        op: &Node<'a>,
    ) -> Vec<(String, String, Node<'a>)> {
        let names = path_param_names(path);
        let mut out: Vec<(String, String, Node<'a>)> = Vec::new();
        for list in [item.get("parameters"), op.get("parameters")]
            .into_iter()
            .flatten()
        {
            for p in list.items() {
                let Some(p) = spec.resolve(&p) else { continue };
                let Some(name) = p.str("name") else { continue };
                let loc = p.str("in").unwrap_or("query");
                let key = match loc {
                    "path" => match names.iter().position(|n| *n == name) {
                        Some(i) => format!("path#{i}"),
                        None => format!("path:{name}"),
                    },
                    "header" => format!("header:{}", name.to_ascii_lowercase()),
                    other => format!("{other}:{name}"),
                };
                if let Some(slot) = out.iter_mut().find(|(k, _, _)| *k == key) {
                    *slot = (key, name.to_owned(), p);
                } else {
                    out.push((key, name.to_owned(), p));
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn parameters(
        &mut self,
        op: &Op,
        bpath: &str,
        rpath: &str,
        bitem: &Node<'a>,
        ritem: &Node<'a>,
        bop: &Node<'a>,
        rop: &Node<'a>,
    ) {
        let bparams = self.collect_params(self.base, bpath, bitem, bop);
        let rparams = self.collect_params(self.rev, rpath, ritem, rop);
        let rev_params_ptr = rop.get("parameters").map_or(rop.ptr.clone(), |n| n.ptr);
        let base_params_ptr = bop.get("parameters").map_or(bop.ptr.clone(), |n| n.ptr);
        for (key, name, bp) in &bparams {
            let loc = bp.str("in").unwrap_or("query").to_owned();
            match rparams.iter().find(|(k, _, _)| k == key) {
                Some((_, rname, rp)) => self.parameter(op, &loc, rname, bp, rp),
                None => {
                    let what = format!("{loc} parameter `{name}`");
                    let (rule, sentence, help) =
                        self.removal_verdict(bp.v, &what, &RequestParameterRemoved::META);
                    self.emit(
                        rule,
                        Some(op),
                        sentence,
                        &help,
                        (rop.doc, &rev_params_ptr),
                        (bp.doc, &bp.ptr),
                    );
                    self.tag_parameter(&loc, name);
                }
            }
        }
        for (key, name, rp) in &rparams {
            if bparams.iter().any(|(k, _, _)| k == key) {
                continue;
            }
            let loc = rp.str("in").unwrap_or("query");
            let required = rp.bool("required") || loc == "path";
            if required {
                self.emit(
                    &NewRequiredRequestParameter::META,
                    Some(op),
                    format!("new required {loc} parameter `{name}` was added"),
                    "make the parameter optional with a server-side default",
                    (rp.doc, &rp.ptr),
                    (bop.doc, &base_params_ptr),
                );
                self.tag_parameter(loc, name);
            } else {
                self.emit(
                    &RequestRelaxed::META,
                    Some(op),
                    format!("new optional {loc} parameter `{name}` was added"),
                    "nothing to do",
                    (rp.doc, &rp.ptr),
                    (bop.doc, &base_params_ptr),
                );
            }
        }
    }

    fn param_schema(spec: &'a Spec, p: &Node<'a>) -> Option<Node<'a>> {
        if let Some(s) = p.get("schema") {
            return Some(s);
        }
        let content = p.get("content")?;
        let (_, mt) = content.entries().into_iter().next()?;
        let _ = spec;
        mt.get("schema")
    }

    fn parameter(&mut self, op: &Op, loc: &str, name: &str, bp: &Node<'a>, rp: &Node<'a>) {
        let what = format!("{loc} parameter `{name}`");
        let breq = bp.bool("required") || loc == "path";
        let rreq = rp.bool("required") || loc == "path";
        if !breq && rreq {
            self.emit(
                &RequestParameterBecameRequired::META,
                Some(op),
                format!("{what} became required"),
                "keep the parameter optional and default it server-side",
                (rp.doc, &rp.ptr),
                (bp.doc, &bp.ptr),
            );
            self.tag_parameter(loc, name);
        } else if breq && !rreq {
            self.emit(
                &RequestRelaxed::META,
                Some(op),
                format!("{what} became optional"),
                "nothing to do",
                (rp.doc, &rp.ptr),
                (bp.doc, &bp.ptr),
            );
        }
        self.lifecycle(op, &what, bp, rp);
        let (Some(bs), Some(rs)) = (
            Self::param_schema(self.base, bp),
            Self::param_schema(self.rev, rp),
        ) else {
            return;
        };
        self.parameter_style(op, (loc, name), &what, (bp, &bs), (rp, &rs));
        // A parameter's default is part of the contract: clients that omit it rely on it.
        let bdef = self
            .base
            .resolve(&bs)
            .and_then(|n| n.v.get("default").cloned());
        let rdef = self
            .rev
            .resolve(&rs)
            .and_then(|n| n.v.get("default").cloned());
        if bdef != rdef {
            let sentence = match (&bdef, &rdef) {
                (None, Some(r)) => format!("{what} got a default value {}", show(r)),
                (Some(b), None) => format!("{what} lost its default value {}", show(b)),
                (Some(b), Some(r)) => format!(
                    "{what} default value changed from {} to {}",
                    show(b),
                    show(r)
                ),
                (None, None) => String::new(),
            };
            self.emit(
                &RequestParameterDefaultChanged::META,
                Some(op),
                sentence,
                "keep the default; add a new parameter for the new behaviour",
                (rs.doc, &rs.ptr),
                (bs.doc, &bs.ptr),
            );
        }
        let changes = self.schema(&bs, &rs, Dir::Request, 0);
        let ctx = Ctx::Param {
            loc: loc.to_owned(),
            name: name.to_owned(),
        };
        let filtered: Vec<Change<'a>> = changes
            .iter()
            .filter(|c| !(c.prop.is_empty() && c.what.starts_with("default value")))
            .cloned()
            .collect();
        self.emit_changes(op, &ctx, &filtered);
    }

    /// How an array or object parameter is serialised: effective `style` and
    /// `explode`, defaults applied.
    fn parameter_style(
        &mut self,
        op: &Op,
        (loc, name): (&str, &str),
        what: &str,
        (bp, bs): (&Node<'a>, &Node<'a>),
        (rp, rs): (&Node<'a>, &Node<'a>),
    ) {
        let effective = |p: &Node<'a>| {
            let style = p.str("style").unwrap_or(match loc {
                "path" | "header" => "simple",
                _ => "form",
            });
            let explode =
                p.v.get("explode")
                    .and_then(Value::as_bool)
                    .unwrap_or(style == "form");
            (style, explode)
        };
        let (bstyle, rstyle) = (effective(bp), effective(rp));
        if bstyle == rstyle {
            return;
        }
        let structured = |spec: &'a Spec, s: &Node<'a>| {
            spec.resolve_schema(s).is_none_or(|t| {
                let f = Flat::of(spec, t);
                f.types.is_none_or(|t| t & (T_ARRAY | T_OBJECT) != 0)
            })
        };
        let matters = structured(self.base, bs)
            || structured(self.rev, rs)
            || [bstyle.0, rstyle.0]
                .iter()
                .any(|s| matches!(*s, "matrix" | "label"));
        if !matters {
            return;
        }
        let show_style = |(style, explode): (&str, bool)| {
            format!("`{style}`{}", if explode { " with explode" } else { "" })
        };
        self.emit(
            &RequestParameterStyleChanged::META,
            Some(op),
            format!(
                "{what} serialisation changed from {} to {}",
                show_style(bstyle),
                show_style(rstyle)
            ),
            "keep the old style; add a new parameter for the new serialisation",
            (rp.doc, &rp.ptr),
            (bp.doc, &bp.ptr),
        );
        self.tag_parameter(loc, name);
    }

    // ------------------------------------------------------------ bodies

    fn request_body(&mut self, op: &Op, bop: &Node<'a>, rop: &Node<'a>) {
        let b = bop.get("requestBody").and_then(|n| self.base.resolve(&n));
        let r = rop.get("requestBody").and_then(|n| self.rev.resolve(&n));
        match (b, r) {
            (None, None) => {}
            (None, Some(r)) => {
                if r.bool("required") {
                    self.emit(
                        &RequestBodyBecameRequired::META,
                        Some(op),
                        "a required request body was added".into(),
                        "make the request body optional",
                        (r.doc, &r.ptr),
                        (bop.doc, &bop.ptr),
                    );
                } else {
                    self.emit(
                        &RequestRelaxed::META,
                        Some(op),
                        "an optional request body was added".into(),
                        "nothing to do",
                        (r.doc, &r.ptr),
                        (bop.doc, &bop.ptr),
                    );
                }
            }
            (Some(b), None) => self.emit(
                &RequestBodyRemoved::META,
                Some(op),
                "request body was removed".into(),
                "keep accepting the request body until clients have moved",
                (rop.doc, &rop.ptr),
                (b.doc, &b.ptr),
            ),
            (Some(b), Some(r)) => {
                if !b.bool("required") && r.bool("required") {
                    self.emit(
                        &RequestBodyBecameRequired::META,
                        Some(op),
                        "request body became required".into(),
                        "keep the request body optional",
                        (r.doc, &r.ptr),
                        (b.doc, &b.ptr),
                    );
                } else if b.bool("required") && !r.bool("required") {
                    self.emit(
                        &RequestRelaxed::META,
                        Some(op),
                        "request body became optional".into(),
                        "nothing to do",
                        (r.doc, &r.ptr),
                        (b.doc, &b.ptr),
                    );
                }
                self.content(op, None, &b, &r, Dir::Request);
            }
        }
    }

    /// Compare the `content` maps of a request body or a response (for webhooks:
    /// of the payload, compared as a response, or of a reply, compared as a request).
    fn content(&mut self, op: &Op, status: Option<&str>, b: &Node<'a>, r: &Node<'a>, dir: Dir) {
        let bc = b.get("content").map(|n| n.entries()).unwrap_or_default();
        let rc = r.get("content").map(|n| n.entries()).unwrap_or_default();
        let rc_ptr = r.get("content").map_or(r.ptr.clone(), |n| n.ptr);
        let bc_ptr = b.get("content").map_or(b.ptr.clone(), |n| n.ptr);
        let ctx_of = |mt: &str| match (op.webhook, dir, status) {
            (false, Dir::Response, Some(s)) => Ctx::Response {
                status: s.to_owned(),
                mt: mt.to_owned(),
            },
            (true, Dir::Response, _) => Ctx::Payload { mt: mt.to_owned() },
            (true, Dir::Request, Some(s)) => Ctx::Reply {
                status: s.to_owned(),
                mt: mt.to_owned(),
            },
            _ => Ctx::Body { mt: mt.to_owned() },
        };
        let split = split_named(&bc, &rc, upper);
        for (mt, bm) in split.removed {
            let (rule, sentence, help) = match dir {
                Dir::Request => (
                    &RequestBodyMediaTypeRemoved::META,
                    format!("request body media type `{mt}` was removed"),
                    "keep accepting the media type",
                ),
                Dir::Response => (
                    &ResponseMediaTypeRemoved::META,
                    format!(
                        "response media type `{mt}` ({}) was removed",
                        status.unwrap_or("")
                    ),
                    "keep producing the media type",
                ),
            };
            let sentence = if op.webhook {
                format!("{} was removed", ctx_of(mt).describe(""))
            } else {
                sentence
            };
            self.emit(
                rule,
                Some(op),
                sentence,
                help,
                (r.doc, &rc_ptr),
                (bm.doc, &bm.ptr),
            );
        }
        for ((mt, bm), (_, rm)) in split.common {
            let ctx = ctx_of(mt);
            // A binary string schema says no more than no schema (3.1 drops it).
            let binary = |spec: &'a Spec, s: &Node<'a>| {
                spec.resolve(s)
                    .is_some_and(|t| Flat::of(spec, t).is_binary_string())
            };
            match (bm.get("schema"), rm.get("schema")) {
                (None, Some(rs)) if binary(self.rev, &rs) => {}
                (Some(bs), None) if binary(self.base, &bs) => {}
                (Some(bs), Some(rs)) => {
                    let changes = self.schema(&bs, &rs, dir, 0);
                    self.emit_changes(op, &ctx, &changes);
                }
                (None, Some(rs)) => {
                    let (rule, help) = match dir {
                        Dir::Request => (
                            &RequestBodySchemaAdded::META,
                            "add the schema in a new media type or API version",
                        ),
                        Dir::Response => (&ResponseChangedCompatibly::META, "nothing to do"),
                    };
                    self.emit(
                        rule,
                        Some(op),
                        format!("{} got a schema", ctx.describe("")),
                        help,
                        (rs.doc, &rs.ptr),
                        (bm.doc, &bm.ptr),
                    );
                }
                (Some(bs), None) => {
                    let (rule, help) = match dir {
                        Dir::Request => (&RequestRelaxed::META, "nothing to do"),
                        Dir::Response => (&ResponseBodySchemaRemoved::META, "keep the schema"),
                    };
                    self.emit(
                        rule,
                        Some(op),
                        format!("{} lost its schema", ctx.describe("")),
                        help,
                        (rm.doc, &rm.ptr),
                        (bs.doc, &bs.ptr),
                    );
                }
                (None, None) => {}
            }
        }
        for (mt, rm) in split.added {
            let (rule, sentence) = match dir {
                Dir::Request => (
                    &RequestRelaxed::META,
                    format!("request body media type `{mt}` was added"),
                ),
                Dir::Response => (
                    &ResponseChangedCompatibly::META,
                    format!(
                        "response media type `{mt}` ({}) was added",
                        status.unwrap_or("")
                    ),
                ),
            };
            let sentence = if op.webhook {
                format!("{} was added", ctx_of(mt).describe(""))
            } else {
                sentence
            };
            self.emit(
                rule,
                Some(op),
                sentence,
                "nothing to do",
                (rm.doc, &rm.ptr),
                (b.doc, &bc_ptr),
            );
        }
    }

    fn responses(&mut self, op: &Op, bop: &Node<'a>, rop: &Node<'a>) {
        let br = bop
            .get("responses")
            .map(|n| n.entries())
            .unwrap_or_default();
        let rr = rop
            .get("responses")
            .map(|n| n.entries())
            .unwrap_or_default();
        let rr_ptr = rop.get("responses").map_or(rop.ptr.clone(), |n| n.ptr);
        let br_ptr = bop.get("responses").map_or(bop.ptr.clone(), |n| n.ptr);
        let split = split_named(&br, &rr, upper);
        for (status, bresp) in split.removed {
            let (rule, help) = if is_success(status) {
                (
                    &ResponseSuccessStatusRemoved::META,
                    "keep the success status, or add the new one alongside it",
                )
            } else {
                (&ResponseChangedCompatibly::META, "nothing to do")
            };
            self.emit(
                rule,
                Some(op),
                format!("response status {status} was removed"),
                help,
                (rop.doc, &rr_ptr),
                (bresp.doc, &bresp.ptr),
            );
            if let Some(d) = self.out.last_mut() {
                d.properties.insert("part", "response-status");
                d.properties.insert("status", (*status).to_owned());
            }
        }
        for ((status, bresp), (_, rresp)) in split.common {
            let (Some(b), Some(r)) = (self.base.resolve(bresp), self.rev.resolve(rresp)) else {
                continue;
            };
            self.content(op, Some(status), &b, &r, Dir::Response);
            self.headers(op, status, &b, &r);
        }
        for (status, rresp) in split.added {
            self.emit(
                &ResponseChangedCompatibly::META,
                Some(op),
                format!("response status {status} was added"),
                "nothing to do",
                (rresp.doc, &rresp.ptr),
                (bop.doc, &br_ptr),
            );
        }
    }

    fn headers(&mut self, op: &Op, status: &str, b: &Node<'a>, r: &Node<'a>) {
        let bh = b.get("headers").map(|n| n.entries()).unwrap_or_default();
        let rh = r.get("headers").map(|n| n.entries()).unwrap_or_default();
        let rh_ptr = r.get("headers").map_or(r.ptr.clone(), |n| n.ptr);
        let split = split_named(&bh, &rh, upper);
        for (name, bnode) in split.removed {
            let Some(bn) = self.base.resolve(bnode) else {
                continue;
            };
            let (rule, help) = if bn.bool("required") {
                (
                    &RequiredResponseHeaderRemoved::META,
                    "keep sending the header",
                )
            } else {
                (
                    &OptionalResponseHeaderRemoved::META,
                    "deprecate the header first and keep sending it",
                )
            };
            self.emit(
                rule,
                Some(op),
                format!("response header `{name}` ({status}) was removed"),
                help,
                (r.doc, &rh_ptr),
                (bn.doc, &bn.ptr),
            );
        }
        for ((name, bnode), (_, rnode)) in split.common {
            let (Some(bn), Some(rn)) = (self.base.resolve(bnode), self.rev.resolve(rnode)) else {
                continue;
            };
            if bn.bool("required") && !rn.bool("required") {
                self.emit(
                    &ResponsePropertyBecameOptional::META,
                    Some(op),
                    format!("response header `{name}` ({status}) became optional"),
                    "keep the header required",
                    (rn.doc, &rn.ptr),
                    (bn.doc, &bn.ptr),
                );
            }
            if let (Some(bs), Some(rs)) = (bn.get("schema"), rn.get("schema")) {
                let changes = self.schema(&bs, &rs, Dir::Response, 0);
                let ctx = Ctx::Header {
                    status: status.to_owned(),
                    name: (*name).to_owned(),
                };
                self.emit_changes(op, &ctx, &changes);
            }
        }
        for (name, rnode) in split.added {
            self.emit(
                &ResponseChangedCompatibly::META,
                Some(op),
                format!("response header `{name}` ({status}) was added"),
                "nothing to do",
                (rnode.doc, &rnode.ptr),
                (b.doc, &b.ptr),
            );
        }
    }

    // ------------------------------------------------------------ security, webhooks

    fn requirements(spec: &Spec, op: &Node<'_>) -> Vec<String> {
        let list =
            op.v.get("security")
                .or_else(|| spec.main().root.get("security"));
        let mut out = Vec::new();
        if let Some(Value::Array(alts)) = list {
            for alt in alts {
                if let Value::Object(m) = alt {
                    let mut parts: Vec<String> = m
                        .iter()
                        .map(|(k, v)| {
                            let mut scopes: Vec<&str> = v
                                .as_array()
                                .map(|a| a.iter().filter_map(Value::as_str).collect())
                                .unwrap_or_default();
                            scopes.sort_unstable();
                            if scopes.is_empty() {
                                k.clone()
                            } else {
                                format!("{k}[{}]", scopes.join(","))
                            }
                        })
                        .collect();
                    parts.sort();
                    out.push(if parts.is_empty() {
                        "none".to_owned()
                    } else {
                        parts.join(" + ")
                    });
                }
            }
        }
        out.sort();
        out
    }

    /// Security alternatives are OR-ed: a client keeps working as long as the
    /// alternative it uses is still accepted. A removed (or narrowed, which shows as
    /// removed plus added) alternative rejects its clients (OAS050, warning); an
    /// operation that was open and now needs credentials rejects everyone who called
    /// it anonymously (OAS050). Added alternatives and dropped security only widen
    /// what is accepted (OAS104, info).
    fn security(&mut self, op: &Op, bop: &Node<'a>, rop: &Node<'a>) {
        let b = Self::requirements(self.base, bop);
        let r = Self::requirements(self.rev, rop);
        // Point at the operation's own `security` where it has one (else it inherits
        // the document's, and the finding points at the operation).
        let (bop, rop) = (
            &bop.get("security").unwrap_or_else(|| bop.clone()),
            &rop.get("security").unwrap_or_else(|| rop.clone()),
        );
        let open = |reqs: &[String]| reqs.is_empty() || reqs.iter().any(|x| x == "none");
        let added: Vec<&String> = r.iter().filter(|x| !b.contains(x)).collect();
        let now = if added.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = added.iter().map(|a| format!("`{a}`")).collect();
            format!("; now accepted: {}", list.join(" or "))
        };
        if open(&b) && !open(&r) {
            self.emit(
                &SecurityRequirementRemoved::META,
                Some(op),
                format!("the operation was open and now requires credentials{now}"),
                "keep anonymous access (an empty `{}` alternative) until clients send credentials",
                (rop.doc, &rop.ptr),
                (bop.doc, &bop.ptr),
            );
            return;
        }
        if open(&r) {
            // Everything is accepted now: only a changelog entry.
            for removed in b.iter().filter(|x| !r.contains(x)) {
                self.emit(
                    &SecurityChanged::META,
                    Some(op),
                    format!("security requirement `{removed}` was removed; the operation is open"),
                    "nothing to do for clients",
                    (rop.doc, &rop.ptr),
                    (bop.doc, &bop.ptr),
                );
            }
            return;
        }
        let removed: Vec<&String> = b.iter().filter(|x| !r.contains(x)).collect();
        // No scheme of any old alternative is accepted any more: every client breaks.
        let schemes_of = |alt: &str| -> Vec<String> {
            alt.split(" + ")
                .map(|p| p.split('[').next().unwrap_or(p).to_owned())
                .collect()
        };
        let rev_schemes: FxHashSet<String> = r.iter().flat_map(|a| schemes_of(a)).collect();
        if !b.is_empty()
            && b.iter()
                .all(|alt| schemes_of(alt).iter().all(|s| !rev_schemes.contains(s)))
        {
            let list: Vec<String> = b.iter().map(|a| format!("`{a}`")).collect();
            self.emit(
                &OperationSecuritySchemeRemoved::META,
                Some(op),
                format!(
                    "no security scheme the operation accepted is accepted any more: {} removed{now}",
                    list.join(" or ")
                ),
                "keep accepting the old scheme alongside the new one until clients have moved",
                (rop.doc, &rop.ptr),
                (bop.doc, &bop.ptr),
            );
            return;
        }
        for gone in &removed {
            self.emit(
                &SecurityRequirementRemoved::META,
                Some(op),
                format!("clients authenticating with `{gone}` are no longer accepted{now}"),
                "keep accepting the old alternative until clients have the new credentials or scopes",
                (rop.doc, &rop.ptr),
                (bop.doc, &bop.ptr),
            );
        }
        if !removed.is_empty() {
            return;
        }
        for added in added {
            self.emit(
                &SecurityChanged::META,
                Some(op),
                format!("security requirement `{added}` was added"),
                "announce new credential requirements before the deploy",
                (rop.doc, &rop.ptr),
                (bop.doc, &bop.ptr),
            );
        }
    }

    fn security_schemes(&mut self, b: &Node<'a>, r: &Node<'a>) {
        let get = |n: &Node<'a>| n.get("components").and_then(|c| c.get("securitySchemes"));
        let (bs, rs) = (get(b), get(r));
        let be = bs.as_ref().map(Node::entries).unwrap_or_default();
        let re = rs.as_ref().map(Node::entries).unwrap_or_default();
        let split = split_named(&be, &re, exact);
        for (name, bn) in split.removed {
            let at = rs.as_ref().map_or(Ptr::root(), |n| n.ptr.clone());
            self.emit(
                &SecurityChanged::META,
                None,
                format!("security scheme `{name}` was removed"),
                "nothing to do if no operation uses it",
                (r.doc, &at),
                (bn.doc, &bn.ptr),
            );
        }
        for ((name, bn), (_, rn)) in split.common {
            if bn.v != rn.v {
                let what = if bn.str("type") != rn.str("type") {
                    "type changed"
                } else {
                    "settings (flows, URLs or scopes) changed"
                };
                self.emit(
                    &SecurityChanged::META,
                    None,
                    format!("security scheme `{name}` {what}"),
                    "clients may need new credentials or configuration",
                    (rn.doc, &rn.ptr),
                    (bn.doc, &bn.ptr),
                );
            }
        }
        for (name, rn) in split.added {
            let at = bs.as_ref().map_or(Ptr::root(), |n| n.ptr.clone());
            self.emit(
                &SecurityChanged::META,
                None,
                format!("security scheme `{name}` was added"),
                "nothing to do",
                (rn.doc, &rn.ptr),
                (b.doc, &at),
            );
        }
    }

    /// Webhooks: the API *sends* the webhook's request to the consumer and reads the
    /// consumer's response, so directions are reversed. The payload (request body)
    /// is compared like a response (widening it breaks consumers), and so are the
    /// parameters the API sends (a removed or now-optional header breaks consumers that
    /// read it: OAS041/OAS042/OAS031). The replies (responses) are compared like a
    /// request body (narrowing what the API accepts back breaks them), and a success
    /// reply status that is no longer documented is OAS051 (warning; its doc says why).
    fn webhooks(&mut self, b: &Node<'a>, r: &Node<'a>) {
        let (bw, rw) = (b.get("webhooks"), r.get("webhooks"));
        let be = bw.as_ref().map(Node::entries).unwrap_or_default();
        let re = rw.as_ref().map(Node::entries).unwrap_or_default();
        let split = split_named(&be, &re, exact);
        for (name, bn) in split.removed {
            let at = rw.as_ref().map_or(Ptr::root(), |n| n.ptr.clone());
            self.emit(
                &WebhookRemoved::META,
                None,
                format!("webhook `{name}` was removed"),
                "deprecate the webhook first and keep sending it until consumers have moved",
                (r.doc, &at),
                (bn.doc, &bn.ptr),
            );
        }
        for (name, rn) in split.added {
            let at = bw.as_ref().map_or(Ptr::root(), |n| n.ptr.clone());
            self.emit(
                &EndpointAdded::META,
                None,
                format!("webhook `{name}` was added"),
                "nothing to do",
                (rn.doc, &rn.ptr),
                (b.doc, &at),
            );
        }
        for ((name, bn), (_, rn)) in split.common {
            let (Some(bi), Some(ri)) = (self.base.resolve(bn), self.rev.resolve(rn)) else {
                continue;
            };
            self.webhook_item(name, &bi, &ri);
        }
    }

    fn webhook_item(&mut self, name: &str, bi: &Node<'a>, ri: &Node<'a>) {
        for m in METHODS {
            let bop = bi.get(m).and_then(|n| self.base.resolve(&n));
            let rop = ri.get(m).and_then(|n| self.rev.resolve(&n));
            let op = Op {
                method: m.to_uppercase(),
                path: format!("webhook {name}"),
                stability: rop
                    .as_ref()
                    .or(bop.as_ref())
                    .and_then(|o| stability_of(o.v).ok())
                    .unwrap_or(Stability::Stable),
                webhook: true,
            };
            match (bop, rop) {
                (Some(bop), Some(rop)) => {
                    self.lifecycle(&op, "webhook", &bop, &rop);
                    self.webhook_params(&op, bi, ri, &bop, &rop);
                    self.webhook_payload(&op, &bop, &rop);
                    self.webhook_replies(&op, &bop, &rop);
                }
                (Some(bop), None) => self.emit(
                    &WebhookRemoved::META,
                    Some(&op),
                    "the webhook is no longer sent with this method".into(),
                    "keep sending the webhook until consumers have moved",
                    (ri.doc, &ri.ptr),
                    (bop.doc, &bop.ptr),
                ),
                (None, Some(rop)) => self.emit(
                    &EndpointAdded::META,
                    Some(&op),
                    "the webhook is now also sent with this method".into(),
                    "nothing to do",
                    (rop.doc, &rop.ptr),
                    (bi.doc, &bi.ptr),
                ),
                (None, None) => {}
            }
        }
    }

    /// The parameters the API sends with the webhook (headers such as `X-Signature`),
    /// compared like response headers: consumers read them, so a removed one, or one
    /// that became optional, breaks them; a new one, or one that became required, does not.
    fn webhook_params(
        &mut self,
        op: &Op,
        bi: &Node<'a>,
        ri: &Node<'a>,
        bop: &Node<'a>,
        rop: &Node<'a>,
    ) {
        let bparams = self.collect_params(self.base, "", bi, bop);
        let rparams = self.collect_params(self.rev, "", ri, rop);
        let rev_params_ptr = rop.get("parameters").map_or(rop.ptr.clone(), |n| n.ptr);
        let base_params_ptr = bop.get("parameters").map_or(bop.ptr.clone(), |n| n.ptr);
        for (key, name, bp) in &bparams {
            let loc = bp.str("in").unwrap_or("query").to_owned();
            let what = sent_param(&loc, name);
            let Some((_, rname, rp)) = rparams.iter().find(|(k, _, _)| k == key) else {
                let (rule, help) = if bp.bool("required") {
                    (&RequiredResponseHeaderRemoved::META, "keep sending it")
                } else {
                    (
                        &OptionalResponseHeaderRemoved::META,
                        "deprecate it first and keep sending it until consumers have moved",
                    )
                };
                self.emit(
                    rule,
                    Some(op),
                    format!("{what} was removed"),
                    help,
                    (rop.doc, &rev_params_ptr),
                    (bp.doc, &bp.ptr),
                );
                continue;
            };
            let what = sent_param(&loc, rname);
            match (bp.bool("required"), rp.bool("required")) {
                (true, false) => self.emit(
                    &ResponsePropertyBecameOptional::META,
                    Some(op),
                    format!("{what} became optional"),
                    "keep it required: consumers read it on every delivery",
                    (rp.doc, &rp.ptr),
                    (bp.doc, &bp.ptr),
                ),
                (false, true) => self.emit(
                    &ResponseChangedCompatibly::META,
                    Some(op),
                    format!("{what} became required"),
                    "nothing to do",
                    (rp.doc, &rp.ptr),
                    (bp.doc, &bp.ptr),
                ),
                _ => {}
            }
            self.lifecycle(op, &what, bp, rp);
            if let (Some(bs), Some(rs)) = (
                Self::param_schema(self.base, bp),
                Self::param_schema(self.rev, rp),
            ) {
                let changes = self.schema(&bs, &rs, Dir::Response, 0);
                let ctx = Ctx::Sent {
                    loc,
                    name: rname.clone(),
                };
                self.emit_changes(op, &ctx, &changes);
            }
        }
        for (key, name, rp) in &rparams {
            if bparams.iter().any(|(k, _, _)| k == key) {
                continue;
            }
            let loc = rp.str("in").unwrap_or("query");
            self.emit(
                &ResponseChangedCompatibly::META,
                Some(op),
                format!("{} was added", sent_param(loc, name)),
                "nothing to do",
                (rp.doc, &rp.ptr),
                (bop.doc, &base_params_ptr),
            );
        }
    }

    /// The webhook's request body: data the API sends, compared as a response.
    fn webhook_payload(&mut self, op: &Op, bop: &Node<'a>, rop: &Node<'a>) {
        let b = bop.get("requestBody").and_then(|n| self.base.resolve(&n));
        let r = rop.get("requestBody").and_then(|n| self.rev.resolve(&n));
        match (b, r) {
            (Some(b), Some(r)) => self.content(op, None, &b, &r, Dir::Response),
            (Some(b), None) => self.emit(
                &ResponseBodySchemaRemoved::META,
                Some(op),
                "webhook payload was removed".into(),
                "keep sending the payload; consumers read it",
                (rop.doc, &rop.ptr),
                (b.doc, &b.ptr),
            ),
            (None, Some(r)) => self.emit(
                &ResponseChangedCompatibly::META,
                Some(op),
                "webhook payload was added".into(),
                "nothing to do",
                (r.doc, &r.ptr),
                (bop.doc, &bop.ptr),
            ),
            (None, None) => {}
        }
    }

    /// The webhook's responses: what consumers reply, compared as a request body.
    /// The documented statuses are the replies the API accepts: a success status no
    /// longer documented (and not covered by a `2XX` range in the revision) is OAS051,
    /// the reversed mirror of a request narrowing; an added status, or a removed
    /// non-success one, is info.
    fn webhook_replies(&mut self, op: &Op, bop: &Node<'a>, rop: &Node<'a>) {
        let br = bop
            .get("responses")
            .map(|n| n.entries())
            .unwrap_or_default();
        let rr = rop
            .get("responses")
            .map(|n| n.entries())
            .unwrap_or_default();
        let rr_ptr = rop.get("responses").map_or(rop.ptr.clone(), |n| n.ptr);
        let br_ptr = bop.get("responses").map_or(bop.ptr.clone(), |n| n.ptr);
        let split = split_named(&br, &rr, upper);
        for (status, bresp) in split.removed {
            let range = status.get(..1).map(|c| format!("{c}XX"));
            let covered = range
                .as_deref()
                .filter(|r| *r != upper(status).as_ref())
                .and_then(|r| rr.iter().find(|(s, _)| upper(s).as_ref() == r))
                .map(|(s, _)| *s);
            let (rule, sentence, help) = match covered {
                Some(s) => (
                    &ResponseChangedCompatibly::META,
                    format!("consumer reply status {status} was removed; `{s}` still covers it"),
                    "nothing to do",
                ),
                None if is_success(status) => (
                    &WebhookReplyStatusRemoved::META,
                    format!("consumer reply status {status} is no longer documented as accepted"),
                    "keep documenting (and accepting) the status, or a `2XX` range, while consumers may return it",
                ),
                None => (
                    &ResponseChangedCompatibly::META,
                    format!("consumer reply status {status} was removed"),
                    "nothing to do",
                ),
            };
            self.emit(
                rule,
                Some(op),
                sentence,
                help,
                (rop.doc, &rr_ptr),
                (bresp.doc, &bresp.ptr),
            );
        }
        for ((status, bresp), (_, rresp)) in split.common {
            let (Some(b), Some(r)) = (self.base.resolve(bresp), self.rev.resolve(rresp)) else {
                continue;
            };
            self.content(op, Some(status), &b, &r, Dir::Request);
        }
        for (status, rresp) in split.added {
            self.emit(
                &RequestRelaxed::META,
                Some(op),
                format!("consumer reply status {status} was added"),
                "nothing to do",
                (rresp.doc, &rresp.ptr),
                (bop.doc, &br_ptr),
            );
        }
    }

    // ------------------------------------------------------------ schemas

    fn schema(&mut self, b: &Node<'a>, r: &Node<'a>, dir: Dir, depth: u32) -> Rc<Vec<Change<'a>>> {
        let is_ref = b.v.get("$ref").is_some() || r.v.get("$ref").is_some();
        let (Some(bt), Some(rt)) = (self.base.resolve_schema(b), self.rev.resolve_schema(r)) else {
            return Rc::default();
        };
        if depth > 64 {
            return Rc::default();
        }
        let key = is_ref.then(|| (bt.doc, bt.addr(), rt.doc, rt.addr(), dir));
        if let Some(k) = &key {
            if let Some(done) = self.memo.get(k) {
                return done.clone();
            }
            if !self.active.insert(*k) {
                // Recursive schema: this pair is already being compared higher up.
                return Rc::default();
            }
        }
        let mut out = Changes::default();
        let bf = Flat::of(self.base, bt);
        let rf = Flat::of(self.rev, rt);
        self.compare_flat(&bf, &rf, dir, depth, &mut out);
        let rc = Rc::new(out.list);
        if let Some(k) = key {
            self.active.remove(&k);
            self.memo.insert(k, rc.clone());
        }
        rc
    }

    #[allow(clippy::too_many_lines)]
    fn compare_flat(
        &mut self,
        b: &Flat<'a>,
        r: &Flat<'a>,
        dir: Dir,
        depth: u32,
        out: &mut Changes<'a>,
    ) {
        let bl = (b.node.doc, b.node.ptr.clone());
        let rl = (r.node.doc, r.node.ptr.clone());
        let mk = |rule: &'static RuleMeta, what: String, help: &str| Change {
            rule,
            prop: String::new(),
            what,
            help: help.to_owned(),
            base: bl.clone(),
            rev: rl.clone(),
        };
        let req = dir == Dir::Request;
        if self.wrapped(b, r, dir, depth, out) {
            return;
        }

        let spelled = content_spelling(b, r);

        // Types.
        if b.types != r.types {
            let (bn, rn) = (type_name(b.types, false), type_name(r.types, false));
            let what = format!("type changed from `{bn}` to `{rn}`");
            let widened = match (b.types, r.types) {
                (_, None) => Some(true),
                (None, Some(_)) => Some(false),
                (Some(x), Some(y)) => {
                    let (ax, ay) = (accepts(x), accepts(y));
                    if ax & ay == ax {
                        Some(true)
                    } else if ax & ay == ay {
                        Some(false)
                    } else {
                        None
                    }
                }
            };
            let c = match (widened, req) {
                (Some(true), true) | (Some(false), false) => {
                    let rule = if req {
                        &RequestRelaxed::META
                    } else {
                        &ResponseChangedCompatibly::META
                    };
                    mk(rule, what, "nothing to do")
                }
                (_, true) => mk(
                    &RequestTypeChanged::META,
                    what,
                    "accept both types until clients have moved",
                ),
                (_, false) => mk(
                    &ResponseTypeChanged::META,
                    what,
                    "add a new property with the new type and deprecate the old one",
                ),
            };
            out.push(c);
        } else {
            match (spelled.0.format, spelled.1.format) {
                (Some(bfmt), Some(rfmt)) if bfmt != rfmt => {
                    let widening = matches!((bfmt, rfmt), ("int32", "int64") | ("float", "double"));
                    let what = format!("format changed from `{bfmt}` to `{rfmt}`");
                    let c = match (req, widening) {
                        (true, true) => mk(&RequestRelaxed::META, what, "nothing to do"),
                        (true, false) => mk(
                            &RequestTypeChanged::META,
                            what,
                            "accept both formats until clients have moved",
                        ),
                        (false, _) => mk(
                            &ResponseTypeChanged::META,
                            what,
                            "add a new property with the new format",
                        ),
                    };
                    out.push(c);
                }
                (None, Some(f)) => {
                    let what = format!("got a format `{f}`");
                    out.push(if req {
                        mk(
                            &RequestFormatAdded::META,
                            what,
                            "document the expected format instead of enforcing it on an existing field",
                        )
                    } else {
                        mk(&ResponseChangedCompatibly::META, what, "nothing to do")
                    });
                }
                (Some(f), None) => {
                    let what = format!("format `{f}` was removed");
                    out.push(if req {
                        mk(&RequestRelaxed::META, what, "nothing to do")
                    } else {
                        mk(
                            &ResponseFormatRemoved::META,
                            what,
                            "keep the format and return values that match it",
                        )
                    });
                }
                _ => {}
            }
        }

        // Nullability.
        if b.nullable != r.nullable {
            let c = match (r.nullable, req) {
                (true, true) => mk(
                    &RequestRelaxed::META,
                    "became nullable".into(),
                    "nothing to do",
                ),
                (true, false) => mk(
                    &ResponseBecameNullable::META,
                    "became nullable".into(),
                    "omit the value instead of returning null, or add a new nullable property",
                ),
                (false, true) => mk(
                    &RequestBecameNotNullable::META,
                    "no longer accepts null".into(),
                    "keep accepting null and treat it as not set",
                ),
                (false, false) => mk(
                    &ResponseChangedCompatibly::META,
                    "is no longer nullable".into(),
                    "nothing to do",
                ),
            };
            out.push(c);
        }

        // Enums (const is a one-value enum; x-extensible-enum is open).
        self.compare_enum(b, r, dir, out);

        // Bounds.
        for (fam, (upper_kw, lower_kw)) in BOUND_FAMILIES.iter().enumerate() {
            for (slot, kw) in [(0usize, *upper_kw), (1, *lower_kw)] {
                let upper = slot == 0;
                let (bb, rb) = (b.bounds[fam][slot], r.bounds[fam][slot]);
                // `maxLength: 20` replaced by an `enum` of short strings narrows the
                // schema: the enum bounds the values, so the dropped bound widens nothing
                // (and a bound added around an existing enum narrows nothing).
                match (bb, rb) {
                    (Some(x), None) if enum_within(r, fam, x, upper) => continue,
                    (None, Some(y)) if enum_within(b, fam, y, upper) => continue,
                    _ => {}
                }
                let (what, tightened, set_or_unset) = match (bb, rb) {
                    (None, None) => continue,
                    (None, Some(x)) => (format!("{kw} was set to {}", fmt_bound(x)), true, true),
                    (Some(x), None) => (format!("{kw} {} was removed", fmt_bound(x)), false, true),
                    (Some(x), Some(y)) => match bound_tightened(x, y, upper) {
                        None => continue,
                        Some(t) => {
                            let verb =
                                if (y.value < x.value) || (y.value == x.value && !y.exclusive) {
                                    "decreased"
                                } else {
                                    "increased"
                                };
                            (
                                format!("{kw} {verb} from {} to {}", fmt_bound(x), fmt_bound(y)),
                                t,
                                false,
                            )
                        }
                    },
                };
                let c = match (req, tightened, set_or_unset) {
                    (true, true, true) => mk(
                        &RequestConstraintAdded::META,
                        what,
                        "check real traffic before adding the bound",
                    ),
                    (true, true, false) => mk(
                        &RequestConstraintTightened::META,
                        what,
                        "keep the old bound",
                    ),
                    (true, false, _) => mk(&RequestRelaxed::META, what, "nothing to do"),
                    (false, false, _) => mk(
                        &ResponseConstraintLoosened::META,
                        what,
                        "keep the bound; return wider values in a new property",
                    ),
                    (false, true, _) => mk(&ResponseChangedCompatibly::META, what, "nothing to do"),
                };
                out.push(c);
            }
        }

        // Pattern.
        match (b.pattern, r.pattern) {
            (None, Some(p)) => out.push(if req {
                mk(
                    &RequestPatternAdded::META,
                    format!("got a pattern `{p}`"),
                    "validate leniently first; enforce the pattern in a new API version",
                )
            } else {
                mk(
                    &ResponseChangedCompatibly::META,
                    format!("got a pattern `{p}`"),
                    "nothing to do",
                )
            }),
            (Some(x), Some(y)) if x != y => out.push(if req {
                mk(
                    &RequestPatternChanged::META,
                    format!("pattern changed from `{x}` to `{y}`"),
                    "only widen patterns, and check both against real traffic",
                )
            } else {
                mk(
                    &ResponseChangedCompatibly::META,
                    format!("pattern changed from `{x}` to `{y}`"),
                    "clients validating the old pattern may reject new values",
                )
            }),
            (Some(x), None) => out.push(mk(
                if req {
                    &RequestRelaxed::META
                } else {
                    &ResponseChangedCompatibly::META
                },
                format!("pattern `{x}` was removed"),
                "nothing to do",
            )),
            _ => {}
        }

        // Default (request parameters are handled by the caller).
        if b.default != r.default {
            let what = match (b.default, r.default) {
                (None, Some(x)) => format!("default value {} was added", show(x)),
                (Some(x), None) => format!("default value {} was removed", show(x)),
                (Some(x), Some(y)) => {
                    format!("default value changed from {} to {}", show(x), show(y))
                }
                (None, None) => String::new(),
            };
            out.push(mk(&AnnotationChanged::META, what, "nothing to do"));
        }

        // String content.
        for (kw, x, y) in [
            ("contentEncoding", spelled.0.encoding, spelled.1.encoding),
            (
                "contentMediaType",
                spelled.0.media_type,
                spelled.1.media_type,
            ),
        ] {
            if x != y {
                out.push(mk(
                    &ContentEncodingChanged::META,
                    format!(
                        "{kw} changed from `{}` to `{}`",
                        x.unwrap_or("none"),
                        y.unwrap_or("none")
                    ),
                    "add a new property with the new encoding",
                ));
            }
        }

        // JSON Schema 2020-12 constraint keywords.
        for kw in CONSTRAINT_KEYWORDS {
            let (x, y) = (b.constraint(kw), r.constraint(kw));
            let (what, narrowed) = match (x, y) {
                (None, Some(_)) => (format!("got a `{kw}` constraint"), true),
                (Some(_), None) => (format!("lost its `{kw}` constraint"), false),
                (Some(x), Some(y))
                    if x != y && !(x.get("$ref").is_some() && y.get("$ref").is_some()) =>
                {
                    (format!("`{kw}` constraint changed"), req)
                }
                _ => continue,
            };
            let changed = x.is_some() && y.is_some();
            let c = match (req, narrowed || changed) {
                (true, true) => mk(
                    &RequestSchemaConstraintAdded::META,
                    what,
                    "add constraints in a new API version",
                ),
                (false, _) if !narrowed || changed => mk(
                    &ResponseSchemaConstraintRemoved::META,
                    what,
                    "keep the constraint",
                ),
                (true, false) => mk(&RequestRelaxed::META, what, "nothing to do"),
                (false, _) => mk(&ResponseChangedCompatibly::META, what, "nothing to do"),
            };
            out.push(c);
        }
        match (&b.prefix_items, &r.prefix_items) {
            (Some(_), None) => out.push(if req {
                mk(
                    &RequestSchemaConstraintAdded::META,
                    "lost its `prefixItems`".into(),
                    "keep `prefixItems`",
                )
            } else {
                mk(
                    &ResponseChangedCompatibly::META,
                    "lost its `prefixItems`".into(),
                    "nothing to do",
                )
            }),
            (None, Some(_)) => out.push(if req {
                mk(
                    &RequestRelaxed::META,
                    "got `prefixItems`".into(),
                    "nothing to do",
                )
            } else {
                mk(
                    &ResponseSchemaConstraintRemoved::META,
                    "got `prefixItems`".into(),
                    "describe the new tuple shape in a new property",
                )
            }),
            (Some(x), Some(y)) => {
                for (i, (xi, yi)) in x.items().into_iter().zip(y.items()).enumerate() {
                    let child = self.schema(&xi, &yi, dir, depth + 1);
                    out.lift(&child, &format!("[{i}]"));
                }
            }
            (None, None) => {}
        }

        // `not`: the subschemas are compared structurally with the direction reversed,
        // because widening the excluded set narrows the schema.
        self.compare_not(b, r, dir, depth, out);

        // Discriminator.
        if b.discriminator != r.discriminator {
            out.push(mk(
                &AnnotationChanged::META,
                "discriminator changed".into(),
                "nothing to do",
            ));
        }

        // Alternatives.
        self.branches("oneOf", b, r, dir, depth, out);
        self.branches("anyOf", b, r, dir, depth, out);

        // Items.
        if let (Some(bi), Some(ri)) = (&b.items, &r.items) {
            let child = self.schema(bi, ri, dir, depth + 1);
            out.lift(&child, "[]");
        }
        if let (Some(ba), Some(ra)) = (&b.additional, &r.additional) {
            let child = self.schema(ba, ra, dir, depth + 1);
            out.lift(&child, "*");
        }

        // Properties.
        self.properties(b, r, dir, depth, out);
    }

    /// A schema that became one alternative of a new `oneOf`/`anyOf` (or an
    /// alternative that became the whole schema): compare it with that
    /// alternative, and report the others as added (or dropped), instead of
    /// reporting every property of the old schema as removed.
    fn wrapped(
        &mut self,
        b: &Flat<'a>,
        r: &Flat<'a>,
        dir: Dir,
        depth: u32,
        out: &mut Changes<'a>,
    ) -> bool {
        let alternatives = |f: &Flat<'a>| match (&f.one_of, &f.any_of) {
            (Some(l), None) => Some(("oneOf", l.clone())),
            (None, Some(l)) => Some(("anyOf", l.clone())),
            _ => None,
        };
        let plain = |f: &Flat<'a>| f.one_of.is_none() && f.any_of.is_none();
        let pure = |f: &Flat<'a>| {
            f.properties.is_empty()
                && f.types.is_none()
                && f.enum_values.is_none()
                && f.items.is_none()
        };
        let (wrapping, kw, list) = if plain(b) && pure(r) {
            match alternatives(r) {
                Some((kw, l)) => (true, kw, l),
                None => return false,
            }
        } else if plain(r) && pure(b) {
            match alternatives(b) {
                Some((kw, l)) => (false, kw, l),
                None => return false,
            }
        } else {
            return false;
        };
        let (single, many, many_spec) = if wrapping {
            (b, r, self.rev)
        } else {
            (r, b, self.base)
        };
        let flats: Vec<(Node<'a>, Flat<'a>)> = list
            .iter()
            .filter_map(|n| {
                let t = many_spec.resolve_schema(n)?;
                Some((n.clone(), Flat::of(many_spec, t)))
            })
            .collect();
        if flats.len() != list.len() {
            return false;
        }
        // The alternative that is the single schema: an equal value, the same
        // component, or the same type (objects sharing a property).
        let component = |ptr: &Ptr<'_>| {
            let p = ptr.to_string();
            p.strip_prefix("/components/schemas/")
                .filter(|rest| !rest.contains('/'))
                .map(str::to_owned)
        };
        let single_name = component(&single.node.ptr);
        let branch_name = |n: &Node<'a>, f: &Flat<'a>| {
            n.v.get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| {
                    r.rsplit_once("/components/schemas/")
                        .map(|(_, x)| x.to_owned())
                })
                .or_else(|| component(&f.node.ptr))
        };
        let shares_property = |f: &Flat<'a>| {
            single.properties.is_empty()
                || f.properties
                    .iter()
                    .any(|(k, _)| single.properties.iter().any(|(j, _)| j == k))
        };
        let found = flats
            .iter()
            .position(|(_, f)| f.node.v == single.node.v)
            .or_else(|| {
                single_name.as_ref().and_then(|name| {
                    flats
                        .iter()
                        .position(|(n, f)| branch_name(n, f).as_ref() == Some(name))
                })
            })
            .or_else(|| {
                flats.iter().position(|(_, f)| {
                    f.types.is_some() && f.types == single.types && shares_property(f)
                })
            });
        let Some(k) = found else {
            return false;
        };
        let mut branch = flats[k].1.clone();
        branch.nullable |= many.nullable;
        if wrapping {
            self.compare_flat(b, &branch, dir, depth + 1, out);
        } else {
            self.compare_flat(&branch, r, dir, depth + 1, out);
        }
        let others = list.len() - 1;
        if others == 0 {
            return true;
        }
        let req = dir == Dir::Request;
        let mk = |rule: &'static RuleMeta, what: String, help: &str| Change {
            rule,
            prop: String::new(),
            what,
            help: help.to_owned(),
            base: (b.node.doc, b.node.ptr.clone()),
            rev: (r.node.doc, r.node.ptr.clone()),
        };
        out.push(match (wrapping, req) {
            (true, false) if kw == "oneOf" => mk(
                &ResponseBranchAdded::META,
                format!("was wrapped in a `oneOf` with {others} new alternative(s)"),
                "return the new shapes from a new operation or behind an opt-in parameter",
            ),
            (true, true) => mk(
                &RequestRelaxed::META,
                format!("was wrapped in a `{kw}` with {others} new alternative(s)"),
                "nothing to do",
            ),
            (true, false) => mk(
                &ResponseChangedCompatibly::META,
                format!("was wrapped in a `{kw}` with {others} new alternative(s)"),
                "clients matching alternatives exhaustively should handle the new ones",
            ),
            (false, true) => mk(
                &RequestBranchRemoved::META,
                format!("`{kw}` was replaced by one of its alternatives, dropping {others} alternative(s)"),
                "keep accepting the old shapes",
            ),
            (false, false) => mk(
                &ResponseChangedCompatibly::META,
                format!("`{kw}` was replaced by one of its alternatives"),
                "nothing to do",
            ),
        });
        true
    }

    fn compare_not(
        &mut self,
        b: &Flat<'a>,
        r: &Flat<'a>,
        dir: Dir,
        depth: u32,
        out: &mut Changes<'a>,
    ) {
        let req = dir == Dir::Request;
        let at = |f: &Flat<'a>| match &f.not {
            Some(n) => (n.doc, n.ptr.clone()),
            None => (f.node.doc, f.node.ptr.clone()),
        };
        let mk = |rule: &'static RuleMeta, what: &str, help: &str| Change {
            rule,
            prop: String::new(),
            what: what.to_owned(),
            help: help.to_owned(),
            base: at(b),
            rev: at(r),
        };
        let narrowed_help = "accept the values and map them server-side; enforce the exclusion in a new API version";
        let widened_help = "keep the exclusion; return the newly allowed values in a new property";
        match (&b.not, &r.not) {
            (None, None) => {}
            (None, Some(_)) => out.push(if req {
                mk(
                    &RequestExclusionAdded::META,
                    "got a `not` schema that excludes values",
                    narrowed_help,
                )
            } else {
                mk(
                    &ResponseChangedCompatibly::META,
                    "got a `not` schema",
                    "nothing to do",
                )
            }),
            (Some(_), None) => out.push(if req {
                mk(
                    &RequestRelaxed::META,
                    "lost its `not` schema",
                    "nothing to do",
                )
            } else {
                mk(
                    &ResponseExclusionRemoved::META,
                    "lost its `not` schema, so values it excluded may be returned",
                    widened_help,
                )
            }),
            (Some(bn), Some(rn)) => {
                let flipped = if req { Dir::Response } else { Dir::Request };
                let inner = self.schema(bn, rn, flipped, depth + 1);
                if inner.is_empty() {
                    return;
                }
                // Breaking inside the negation (in the reversed direction) is breaking outside it.
                let breaking = inner.iter().any(|c| c.rule.default_level > Level::Info);
                out.push(match (req, breaking) {
                    (true, true) => mk(
                        &RequestExclusionAdded::META,
                        "`not` schema changed so that it excludes more values",
                        narrowed_help,
                    ),
                    (false, true) => mk(
                        &ResponseExclusionRemoved::META,
                        "`not` schema changed so that it excludes fewer values",
                        widened_help,
                    ),
                    (true, false) => mk(
                        &RequestRelaxed::META,
                        "`not` schema changed so that it excludes fewer values",
                        "nothing to do",
                    ),
                    (false, false) => mk(
                        &ResponseChangedCompatibly::META,
                        "`not` schema changed so that it excludes more values",
                        "nothing to do",
                    ),
                });
            }
        }
    }

    fn compare_enum(&mut self, b: &Flat<'a>, r: &Flat<'a>, dir: Dir, out: &mut Changes<'a>) {
        let req = dir == Dir::Request;
        let bl = (b.node.doc, b.enum_ptr.clone());
        let rl = (r.node.doc, r.enum_ptr.clone());
        let bl_node = (b.node.doc, b.node.ptr.clone());
        let rl_node = (r.node.doc, r.node.ptr.clone());
        let mk = |rule: &'static RuleMeta,
                  what: String,
                  help: &str,
                  base: (usize, Ptr<'a>),
                  rev: (usize, Ptr<'a>)| Change {
            rule,
            prop: String::new(),
            what,
            help: help.to_owned(),
            base,
            rev,
        };
        let kw = |f: &Flat<'_>| if f.is_const { "const" } else { "enum" };
        match (&b.enum_values, &r.enum_values) {
            (None, None) => {}
            (None, Some(_)) => out.push(if req {
                mk(
                    &RequestBecameEnum::META,
                    format!("was restricted to an {}", kw(r)),
                    "document recommended values instead of enforcing them",
                    bl_node,
                    rl,
                )
            } else {
                mk(
                    &ResponseChangedCompatibly::META,
                    format!("was restricted to an {}", kw(r)),
                    "nothing to do",
                    bl_node,
                    rl,
                )
            }),
            (Some(_), None) => out.push(if req {
                mk(
                    &RequestRelaxed::META,
                    format!("{} was removed", kw(b)),
                    "nothing to do",
                    bl,
                    rl_node,
                )
            } else {
                mk(
                    &ResponseEnumWidened::META,
                    format!("{} was removed, so any value may be returned", kw(b)),
                    "keep the enum; add new values in a new API version",
                    bl,
                    rl_node,
                )
            }),
            (Some(x), Some(y)) => {
                // An open enum (any value accepted, some documented) that became closed
                // narrows; a closed one that became open widens.
                match (b.extensible, r.extensible, req) {
                    (true, false, true) => out.push(mk(
                        &RequestBecameEnum::META,
                        format!("was restricted to a closed {}", kw(r)),
                        "keep the enum open (any value accepted) until clients have moved",
                        bl.clone(),
                        rl.clone(),
                    )),
                    (false, true, false) => out.push(mk(
                        &ResponseEnumWidened::META,
                        format!("{} became open, so any value may be returned", kw(b)),
                        "keep the enum closed; add new values in a new API version",
                        bl.clone(),
                        rl.clone(),
                    )),
                    (true, false, false) | (false, true, true) => out.push(mk(
                        if req {
                            &RequestRelaxed::META
                        } else {
                            &ResponseChangedCompatibly::META
                        },
                        format!(
                            "{} became {}",
                            kw(b),
                            if r.extensible { "open" } else { "closed" }
                        ),
                        "nothing to do",
                        bl.clone(),
                        rl.clone(),
                    )),
                    _ => {}
                }
                let removed: Vec<&Value> = x.iter().filter(|v| !y.contains(v)).copied().collect();
                let added: Vec<&Value> = y.iter().filter(|v| !x.contains(v)).copied().collect();
                let list =
                    |vals: &[&Value]| vals.iter().map(|v| show(v)).collect::<Vec<_>>().join(", ");
                let noun = |vals: &[&Value]| if vals.len() == 1 { "value" } else { "values" };
                if !removed.is_empty() {
                    let what = format!(
                        "{} {} {} {} removed",
                        kw(b),
                        noun(&removed),
                        list(&removed),
                        if removed.len() == 1 { "was" } else { "were" }
                    );
                    // An open enum (both sides) accepts any value: removing one only documents less.
                    out.push(if req && !(b.extensible && r.extensible) {
                        mk(
                            &RequestEnumValueRemoved::META,
                            what,
                            "keep accepting the value and map it server-side",
                            bl.clone(),
                            rl.clone(),
                        )
                    } else {
                        mk(
                            &ResponseChangedCompatibly::META,
                            what,
                            "nothing to do",
                            bl.clone(),
                            rl.clone(),
                        )
                    });
                }
                if !added.is_empty() {
                    let what = format!(
                        "{} {} {} {} added",
                        kw(r),
                        noun(&added),
                        list(&added),
                        if added.len() == 1 { "was" } else { "were" }
                    );
                    out.push(if req || r.extensible {
                        let rule = if req { &RequestRelaxed::META } else { &ResponseChangedCompatibly::META };
                        mk(rule, what, "nothing to do", bl, rl)
                    } else {
                        mk(&ResponseEnumWidened::META, what, "use `x-extensible-enum` so clients handle unknown values, or add the value in a new API version", bl, rl)
                    });
                }
            }
        }
    }

    /// Identity of a `oneOf`/`anyOf` branch for matching: `$ref` name, title, or structure.
    fn branch_key(spec: &Spec, n: &Node<'_>) -> String {
        if let Some(r) = n.v.get("$ref").and_then(Value::as_str) {
            return format!("ref:{}", r.rsplit('/').next().unwrap_or(r));
        }
        if let Some(t) = n.str("title") {
            return format!("title:{t}");
        }
        if let Some(res) = spec.resolve(n) {
            return format!("value:{}", res.v);
        }
        String::new()
    }

    fn branch_label(n: &Node<'_>, i: usize) -> String {
        if let Some(r) = n.v.get("$ref").and_then(Value::as_str) {
            return format!("`{}`", r.rsplit('/').next().unwrap_or(r));
        }
        if let Some(t) = n.str("title") {
            return format!("`{t}`");
        }
        format!("#{i}")
    }

    fn branches(
        &mut self,
        kw: &str,
        b: &Flat<'a>,
        r: &Flat<'a>,
        dir: Dir,
        depth: u32,
        out: &mut Changes<'a>,
    ) {
        let pick = |f: &Flat<'a>| {
            if kw == "oneOf" {
                f.one_of.clone()
            } else {
                f.any_of.clone()
            }
        };
        let (bb, rb) = (pick(b), pick(r));
        if bb.is_none() && rb.is_none() {
            return;
        }
        let req = dir == Dir::Request;
        let bl = (b.node.doc, b.node.ptr.clone());
        let rl = (r.node.doc, r.node.ptr.clone());
        let mk = |rule: &'static RuleMeta, what: String, help: &str| Change {
            rule,
            prop: String::new(),
            what,
            help: help.to_owned(),
            base: bl.clone(),
            rev: rl.clone(),
        };
        // A schema without alternatives matches a branch that is the same schema.
        let self_key_b = Self::branch_key(self.base, &b.node);
        let self_key_r = Self::branch_key(self.rev, &r.node);
        let bkeys: Vec<(String, Node<'a>)> = match &bb {
            Some(list) => list
                .iter()
                .map(|n| (Self::branch_key(self.base, n), n.clone()))
                .collect(),
            None => Vec::new(),
        };
        let rkeys: Vec<(String, Node<'a>)> = match &rb {
            Some(list) => list
                .iter()
                .map(|n| (Self::branch_key(self.rev, n), n.clone()))
                .collect(),
            None => Vec::new(),
        };
        match (&bb, &rb) {
            (None, Some(_)) => {
                // Wrapped in oneOf/anyOf.
                let kept = rkeys.iter().any(|(k, _)| *k == self_key_b);
                let new = rkeys.len() - usize::from(kept);
                if new > 0 && kw == "oneOf" && !req {
                    out.push(mk(
                        &ResponseBranchAdded::META,
                        format!("was wrapped in a `oneOf` with {new} new alternative(s)"),
                        "return the new shapes from a new operation or behind an opt-in parameter",
                    ));
                } else if new > 0 {
                    let rule = if req {
                        &RequestRelaxed::META
                    } else {
                        &ResponseChangedCompatibly::META
                    };
                    out.push(mk(
                        rule,
                        format!("was wrapped in a `{kw}` with {new} new alternative(s)"),
                        "nothing to do",
                    ));
                }
                return;
            }
            (Some(_), None) => {
                let kept = bkeys.iter().any(|(k, _)| *k == self_key_r);
                let gone = bkeys.len() - usize::from(kept);
                if gone > 0 && req {
                    out.push(mk(&RequestBranchRemoved::META, format!("`{kw}` was replaced by a single schema, dropping {gone} alternative(s)"), "keep accepting the old shapes"));
                } else if gone > 0 {
                    out.push(mk(
                        &ResponseChangedCompatibly::META,
                        format!("`{kw}` was replaced by a single schema"),
                        "nothing to do",
                    ));
                }
                return;
            }
            _ => {}
        }
        let mut used = vec![false; rkeys.len()];
        for (i, (k, bn)) in bkeys.iter().enumerate() {
            let found = rkeys
                .iter()
                .enumerate()
                .position(|(j, (rk, _))| !used[j] && rk == k);
            // Fall back to position when both lists have the same length and keys are structural.
            let found = found.or_else(|| {
                (bkeys.len() == rkeys.len()
                    && !used[i]
                    && k.starts_with("value:")
                    && rkeys[i].0.starts_with("value:"))
                .then_some(i)
            });
            match found {
                Some(j) => {
                    used[j] = true;
                    let child = self.schema(bn, &rkeys[j].1, dir, depth + 1);
                    out.lift(&child, "");
                }
                None => {
                    let label = Self::branch_label(bn, i);
                    out.push(if req {
                        mk(
                            &RequestBranchRemoved::META,
                            format!("`{kw}` alternative {label} was removed"),
                            "keep accepting the old shape",
                        )
                    } else {
                        mk(
                            &ResponseChangedCompatibly::META,
                            format!("`{kw}` alternative {label} was removed"),
                            "nothing to do",
                        )
                    });
                }
            }
        }
        for (j, (_, rn)) in rkeys.iter().enumerate() {
            if used[j] {
                continue;
            }
            let label = Self::branch_label(rn, j);
            let what = format!("`{kw}` alternative {label} was added");
            out.push(if !req && kw == "oneOf" {
                mk(
                    &ResponseBranchAdded::META,
                    what,
                    "return the new shape from a new operation or behind an opt-in parameter",
                )
            } else if req {
                mk(&RequestRelaxed::META, what, "nothing to do")
            } else {
                mk(
                    &ResponseChangedCompatibly::META,
                    what,
                    "clients matching alternatives exhaustively should handle the new one",
                )
            });
        }
    }

    fn properties(
        &mut self,
        b: &Flat<'a>,
        r: &Flat<'a>,
        dir: Dir,
        depth: u32,
        out: &mut Changes<'a>,
    ) {
        if b.properties.is_empty() && r.properties.is_empty() {
            return;
        }
        let req = dir == Dir::Request;
        // readOnly properties are not part of requests, writeOnly ones not of responses.
        let hidden = |spec: &'a Spec, n: &Node<'a>| -> bool {
            let kw = if req { "readOnly" } else { "writeOnly" };
            // In 3.1 a keyword next to a `$ref` applies too.
            if ref_siblings_apply(spec, n) && n.bool(kw) {
                return true;
            }
            spec.resolve(n).is_some_and(|t| t.bool(kw))
        };
        let bprops_ptr = b.node.ptr.key("properties");
        let rprops_ptr = r.node.ptr.key("properties");
        for (name, bn) in &b.properties {
            let rn = r
                .properties
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, n)| n.clone());
            let bh = hidden(self.base, bn);
            match rn {
                Some(rn) => {
                    let rh = hidden(self.rev, &rn);
                    if bh || rh {
                        if bh != rh {
                            let what = if req { "readOnly" } else { "writeOnly" };
                            let verb = if rh {
                                format!("became {what}")
                            } else {
                                format!("is no longer {what}")
                            };
                            out.push(Change {
                                rule: &AnnotationChanged::META,
                                prop: (*name).to_owned(),
                                what: verb,
                                help: "nothing to do".into(),
                                base: (bn.doc, bn.ptr.clone()),
                                rev: (rn.doc, rn.ptr.clone()),
                            });
                        }
                        continue;
                    }
                    let (breq, rreq) = (b.is_required(name), r.is_required(name));
                    // Point at the property's own entry in `required` (one finding per
                    // property: several properties changing in one `required` array are
                    // several changes), else at the property.
                    let reqc = |rule: &'static RuleMeta, what: &str, help: &str| Change {
                        rule,
                        prop: (*name).to_owned(),
                        what: what.to_owned(),
                        help: help.to_owned(),
                        base: required_entry(b, name, bn),
                        rev: required_entry(r, name, &rn),
                    };
                    match (breq, rreq, req) {
                        (false, true, true) => out.push(reqc(&RequestPropertyBecameRequired::META, "became required", "keep the property optional with a server-side default")),
                        (true, false, true) => out.push(reqc(&RequestRelaxed::META, "became optional", "nothing to do")),
                        (true, false, false) => out.push(reqc(&ResponsePropertyBecameOptional::META, "became optional", "keep the property required; return an explicit empty value instead of omitting it")),
                        (false, true, false) => out.push(reqc(&ResponseChangedCompatibly::META, "became required", "nothing to do")),
                        _ => {}
                    }
                    self.property_lifecycle(name, bn, &rn, out);
                    let child = self.schema(bn, &rn, dir, depth + 1);
                    out.lift(&child, name);
                }
                None => {
                    if bh {
                        continue;
                    }
                    let breq = b.is_required(name);
                    let target = self.base.resolve(bn);
                    let deprecated_ok = target.as_ref().is_some_and(|t| {
                        t.bool("deprecated")
                            && matches!(sunset_of(t.v), Sunset::Date(d) if d <= self.opts.today)
                    });
                    let (rule, help): (&'static RuleMeta, &str) = if deprecated_ok {
                        (
                            &RemovedAfterSunset::META,
                            "nothing to do: the sunset date has passed",
                        )
                    } else if let Some(Sunset::Date(_)) = target
                        .as_ref()
                        .filter(|t| t.bool("deprecated"))
                        .map(|t| sunset_of(t.v))
                    {
                        (
                            &RemovedBeforeSunset::META,
                            "keep the property until its sunset date",
                        )
                    } else if req {
                        (
                            &RequestPropertyRemoved::META,
                            "deprecate the property with an `x-sunset` date and keep accepting it",
                        )
                    } else if breq {
                        (&ResponseRequiredPropertyRemoved::META, "keep returning the property; deprecate it with an `x-sunset` date and remove it after that date")
                    } else {
                        (
                            &ResponseOptionalPropertyRemoved::META,
                            "deprecate the property first and remove it after its sunset date",
                        )
                    };
                    out.push(Change {
                        rule,
                        prop: (*name).to_owned(),
                        what: "was removed".into(),
                        help: help.into(),
                        base: (bn.doc, bn.ptr.clone()),
                        rev: (
                            r.node.doc,
                            if r.properties.is_empty() {
                                r.node.ptr.clone()
                            } else {
                                rprops_ptr.clone()
                            },
                        ),
                    });
                }
            }
        }
        for (name, rn) in &r.properties {
            if b.properties.iter().any(|(k, _)| k == name) || hidden(self.rev, rn) {
                continue;
            }
            let rreq = r.is_required(name);
            let (rule, what, help): (&'static RuleMeta, &str, &str) = match (req, rreq) {
                (true, true) => (
                    &NewRequiredRequestProperty::META,
                    "was added as required",
                    "add the property as optional with a server-side default",
                ),
                (true, false) => (
                    &RequestRelaxed::META,
                    "was added as optional",
                    "nothing to do",
                ),
                (false, true) => (
                    &ResponseChangedCompatibly::META,
                    "was added",
                    "nothing to do",
                ),
                (false, false) => (
                    &ResponseChangedCompatibly::META,
                    "was added as optional",
                    "nothing to do",
                ),
            };
            out.push(Change {
                rule,
                prop: (*name).to_owned(),
                what: what.into(),
                help: help.into(),
                base: (
                    b.node.doc,
                    if b.properties.is_empty() {
                        b.node.ptr.clone()
                    } else {
                        bprops_ptr.clone()
                    },
                ),
                rev: (rn.doc, rn.ptr.clone()),
            });
        }
    }

    /// Deprecation, sunset and stability changes of one property.
    fn property_lifecycle(
        &mut self,
        name: &str,
        bn: &Node<'a>,
        rn: &Node<'a>,
        out: &mut Changes<'a>,
    ) {
        // In 3.1, lifecycle keywords next to a `$ref` describe the property.
        let annotated = |spec: &'a Spec, n: &Node<'a>| {
            let own = ref_siblings_apply(spec, n)
                && ["deprecated", "x-sunset", "x-stability-level"]
                    .iter()
                    .any(|k| n.v.get(*k).is_some());
            if own {
                Some(n.clone())
            } else {
                spec.resolve(n)
            }
        };
        let (Some(b), Some(r)) = (annotated(self.base, bn), annotated(self.rev, rn)) else {
            return;
        };
        let mk = |rule: &'static RuleMeta, what: String, help: &str| Change {
            rule,
            prop: name.to_owned(),
            what,
            help: help.to_owned(),
            base: (b.doc, b.ptr.clone()),
            rev: (r.doc, r.ptr.clone()),
        };
        let (bdep, rdep) = (b.bool("deprecated"), r.bool("deprecated"));
        if let Sunset::Invalid(text) = sunset_of(r.v) {
            if b.v.get("x-sunset") != r.v.get("x-sunset") {
                out.push(mk(
                    &SunsetDateInvalid::META,
                    format!("has an x-sunset `{text}` that is not a date"),
                    "write the sunset date as YYYY-MM-DD",
                ));
            }
        }
        let stab = stability_of(r.v).unwrap_or(Stability::Stable);
        let min_days = self.opts.deprecation_days[stab as usize];
        if rdep && !bdep {
            out.push(mk(
                &Deprecated::META,
                "was deprecated".into(),
                "nothing to do",
            ));
            match sunset_of(r.v) {
                Sunset::None if min_days > 0 => out.push(mk(&DeprecationSunsetMissing::META, format!("was deprecated without an x-sunset date (at least {min_days} days required)"), "add `x-sunset: YYYY-MM-DD`")),
                Sunset::Date(d) if min_days > 0 && (d - self.opts.today).num_days() < i64::from(min_days) => {
                    out.push(mk(&SunsetDateTooSoon::META, format!("has a sunset date {d} less than {min_days} days away"), "set the sunset date further ahead"));
                }
                _ => {}
            }
        } else if bdep && !rdep {
            out.push(mk(
                &Reactivated::META,
                "is no longer deprecated".into(),
                "nothing to do",
            ));
        }
        if let (Ok(bs), Ok(rs)) = (stability_of(b.v), stability_of(r.v)) {
            if rs < bs {
                out.push(mk(
                    &StabilityDecreased::META,
                    format!(
                        "stability decreased from {} to {}",
                        bs.as_str(),
                        rs.as_str()
                    ),
                    "keep the stability level",
                ));
            } else if rs > bs {
                out.push(mk(
                    &AnnotationChanged::META,
                    format!(
                        "stability increased from {} to {}",
                        bs.as_str(),
                        rs.as_str()
                    ),
                    "nothing to do",
                ));
            }
        }
    }
}
