//! A small namespace-aware XML tree for body matching: element local names with
//! resolved namespace URIs, attributes (without `xmlns` declarations), text and
//! children. Built with quick-xml.

use indexmap::IndexMap;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

/// One element.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct XmlElement {
    pub name: String,
    pub namespace: Option<String>,
    pub attributes: IndexMap<String, String>,
    pub text: String,
    pub children: Vec<XmlElement>,
}

impl XmlElement {
    pub fn qualified(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{{{ns}}}{}", self.name),
            None => self.name.clone(),
        }
    }
}

fn ns_of(r: ResolveResult<'_>) -> Option<String> {
    match r {
        ResolveResult::Bound(ns) => Some(ns.as_ref().to_owned()),
        _ => None,
    }
}

/// Parse a document and return its root element.
pub fn parse_xml(text: &str) -> Result<XmlElement, String> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let (resolved, event) = match reader.read_resolved_event() {
            Ok((r, e)) => (ns_of(r), e),
            Err(e) => return Err(format!("at byte {}: {e}", reader.buffer_position())),
        };
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let mut el = XmlElement {
                    name: s.local_name().as_ref().to_owned(),
                    namespace: resolved,
                    ..XmlElement::default()
                };
                for attr in s.attributes() {
                    let attr = attr.map_err(|e| format!("bad attribute: {e}"))?;
                    let key = attr.key;
                    if key.as_ref() == "xmlns" || key.as_ref().starts_with("xmlns:") {
                        continue;
                    }
                    let (_, local) = reader.resolver().resolve_attribute(key);
                    let value = attr
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| format!("bad attribute value: {e}"))?
                        .into_owned();
                    el.attributes.insert(local.as_ref().to_owned(), value);
                }
                if matches!(event, Event::Empty(_)) {
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(el),
                        None => {
                            root = Some(el);
                        }
                    }
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced end tag")?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => {
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(c) => {
                if let Some(cur) = stack.last_mut() {
                    cur.text.push_str(&c.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(cur) = stack.last_mut() {
                    let name = r.into_inner().into_owned();
                    let entity = format!("&{name};");
                    let s = quick_xml::escape::unescape(&entity)
                        .map_err(|e| format!("bad entity: {e}"))?;
                    cur.text.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(format!(
            "unclosed element <{}>",
            stack.last().map(|e| e.name.as_ref()).unwrap_or("")
        ));
    }
    root.ok_or_else(|| "the document has no root element".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_resolve() {
        let a = parse_xml(r#"<a:x xmlns:a="urn:a" a:k="1"><y>t</y></a:x>"#).unwrap();
        let b = parse_xml(r#"<x xmlns="urn:a" k="1"><y xmlns="">t</y></x>"#).unwrap();
        assert_eq!(a.name, b.name);
        assert_eq!(a.namespace, b.namespace);
        assert_eq!(a.children[0].text, "t");
        assert!(parse_xml("<x><y></x>").is_err());
    }
}
