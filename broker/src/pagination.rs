//! Pagination as the Pact Broker does it: a list without `pageNumber` and
//! `pageSize` is complete; with either, the response is one page and carries
//! `page` metadata plus `_links.next` and `_links.previous`.

use serde::Deserialize;
use serde_json::{json, Map, Value};

/// Largest page a client may ask for.
pub const MAX_PAGE_SIZE: u32 = 1000;
/// The page size when only `pageNumber` is given.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The `pageNumber` and `pageSize` query parameters.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct PageQuery {
    #[serde(rename = "pageNumber")]
    pub page_number: Option<u32>,
    #[serde(rename = "pageSize")]
    pub page_size: Option<u32>,
}

/// One requested page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// 1-based.
    pub number: u32,
    pub size: u32,
}

impl PageQuery {
    /// The page asked for, or `None` for the complete list.
    pub fn page(&self) -> Option<Page> {
        if self.page_number.is_none() && self.page_size.is_none() {
            return None;
        }
        Some(Page {
            number: self.page_number.unwrap_or(1).max(1),
            size: self
                .page_size
                .unwrap_or(DEFAULT_PAGE_SIZE)
                .clamp(1, MAX_PAGE_SIZE),
        })
    }

    /// `(limit, offset)` for SQL: everything when no page was asked for.
    pub fn limit_offset(&self) -> (i64, i64) {
        match self.page() {
            None => (i64::MAX, 0),
            Some(p) => (
                i64::from(p.size),
                (i64::from(p.number) - 1) * i64::from(p.size),
            ),
        }
    }
}

impl Page {
    /// Slice an in-memory list.
    pub fn slice<T>(&self, items: Vec<T>) -> Vec<T> {
        let start = (self.number as usize - 1).saturating_mul(self.size as usize);
        items
            .into_iter()
            .skip(start)
            .take(self.size as usize)
            .collect()
    }
}

/// Add `page` and the `next`/`previous` links to a list document whose
/// `_links.self` is `self_url` (without query). `total` is the number of
/// items across all pages.
pub fn decorate(doc: &mut Value, self_url: &str, page: Option<Page>, total: u64) {
    let Some(p) = page else {
        return;
    };
    let total_pages = total.div_ceil(u64::from(p.size)).max(1);
    doc["page"] = json!({
        "number": p.number,
        "size": p.size,
        "totalElements": total,
        "totalPages": total_pages,
    });
    let href = |n: u32| format!("{self_url}?pageNumber={n}&pageSize={}", p.size);
    if !doc["_links"].is_object() {
        doc["_links"] = Value::Object(Map::new());
    }
    doc["_links"]["self"] = json!({"href": href(p.number)});
    if u64::from(p.number) < total_pages {
        doc["_links"]["next"] = json!({"href": href(p.number + 1), "title": "Next page"});
    }
    if p.number > 1 {
        doc["_links"]["previous"] = json!({"href": href(p.number - 1), "title": "Previous page"});
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_parameters_means_everything() {
        let q = PageQuery::default();
        assert_eq!(q.page(), None);
        assert_eq!(q.limit_offset(), (i64::MAX, 0));
        let mut doc = json!({"_links": {"self": {"href": "u"}}});
        decorate(&mut doc, "u", None, 500);
        assert!(doc.get("page").is_none());
    }

    #[test]
    fn pages_have_metadata_and_links() {
        let q = PageQuery {
            page_number: Some(2),
            page_size: Some(50),
        };
        let p = q.page().unwrap();
        assert_eq!(q.limit_offset(), (50, 50));
        assert_eq!(p.slice((0..136).collect()), (50..100).collect::<Vec<_>>());
        let mut doc = json!({"_links": {}});
        decorate(&mut doc, "http://b/pacticipants", Some(p), 136);
        assert_eq!(doc["page"]["totalPages"], 3);
        assert_eq!(
            doc["_links"]["next"]["href"],
            "http://b/pacticipants?pageNumber=3&pageSize=50"
        );
        assert_eq!(
            doc["_links"]["previous"]["href"],
            "http://b/pacticipants?pageNumber=1&pageSize=50"
        );
        let last = Page {
            number: 3,
            size: 50,
        };
        let mut doc = json!({});
        decorate(&mut doc, "u", Some(last), 136);
        assert!(doc["_links"].get("next").is_none());
    }
}
