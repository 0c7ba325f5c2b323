//! Container image references: `registry[:port]/path/name[:tag][@digest]`.

use std::fmt;

/// An image reference split into its name, tag and digest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ImageRef {
    /// Everything before the tag: registry, path and name.
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Split `text`. A colon after the last `/` starts the tag (a colon
    /// before it is a registry port); `@` starts the digest.
    pub fn parse(text: &str) -> ImageRef {
        let text = text.trim();
        let (rest, digest) = match text.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (text, None),
        };
        let slash = rest.rfind('/');
        let (name, tag) = match rest.rfind(':') {
            Some(c) if slash.is_none_or(|s| c > s) => {
                (rest[..c].to_string(), Some(rest[c + 1..].to_string()))
            }
            _ => (rest.to_string(), None),
        };
        ImageRef {
            name,
            tag: tag.filter(|t| !t.is_empty()),
            digest,
        }
    }

    /// The name's last path segment: `orders` for `ghcr.io/acme/orders`.
    pub fn last_segment(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    /// The version the tag names: `None` without a tag, or for `latest`.
    pub fn version(&self) -> Option<&str> {
        self.tag.as_deref().filter(|t| *t != "latest")
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_registry_port_tag_and_digest() {
        let i = ImageRef::parse("registry.local:5000/acme/orders:1.2.3");
        assert_eq!(i.name, "registry.local:5000/acme/orders");
        assert_eq!(i.tag.as_deref(), Some("1.2.3"));
        assert_eq!(i.last_segment(), "orders");
        let i = ImageRef::parse("registry.local:5000/acme/orders");
        assert_eq!(i.tag, None);
        let i = ImageRef::parse("orders@sha256:abc");
        assert_eq!((i.name.as_str(), i.tag.as_deref()), ("orders", None));
        assert_eq!(i.digest.as_deref(), Some("sha256:abc"));
        assert_eq!(i.version(), None);
        assert_eq!(ImageRef::parse("nginx:latest").version(), None);
        assert_eq!(
            ImageRef::parse("a/b:1@sha256:x").to_string(),
            "a/b:1@sha256:x"
        );
    }
}
