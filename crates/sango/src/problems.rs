//! What is wrong with a file a person wrote (a program definition, a facility directory), each
//! problem with its place: the key path, and the line and column where the file has them.
//!
//! A checker collects every problem rather than stopping at the first, so one run of
//! `sango program check` or `directory set` shows the author everything to mend.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One problem of a file: where (`path` like `service[1].limit_single`; 1-based `line`/`column`
/// where known) and what, in English (the file's keys are English words).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Problem {
    pub path: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_empty(), self.line) {
            (true, Some(l)) => write!(f, "line {l}: {}", self.message),
            (true, None) => f.write_str(&self.message),
            (false, Some(l)) => write!(f, "{} (line {l}): {}", self.path, self.message),
            (false, None) => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// Every problem found, in the order found; each placed by the file's spans.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    places: BTreeMap<String, (u32, u32)>,
}

impl Problems {
    /// Problems placed by `places` (key path → line and column).
    pub fn with_places(places: BTreeMap<String, (u32, u32)>) -> Problems {
        Problems { list: vec![], places }
    }

    /// Records a problem at `path`, placed at the nearest enclosing key the file has a span for.
    pub fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        let path = path.into();
        let mut probe = path.as_str();
        let place = loop {
            if let Some(p) = self.places.get(probe) {
                break Some(*p);
            }
            match probe.rfind(['.', '[']) {
                Some(i) => probe = &probe[..i],
                None => break None,
            }
        };
        self.list.push(Problem { path, line: place.map(|p| p.0), column: place.map(|p| p.1), message: message.into() });
    }

    pub fn push(&mut self, problem: Problem) {
        self.list.push(problem);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.list
    }
}

/// 1-based line and column of byte `offset` of `text`.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut end = offset.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}

/// Where each key and array element of a TOML text begins (`fee[2].per_unit` → line, column).
/// Empty when the text does not parse (its syntax error is reported instead).
pub fn toml_places(text: &str) -> BTreeMap<String, (u32, u32)> {
    let mut out = BTreeMap::new();
    if let Ok(root) = toml::from_str::<BTreeMap<String, toml::Spanned<Node>>>(text) {
        for (key, node) in &root {
            walk(text, key.clone(), node, &mut out);
        }
    }
    out
}

fn walk(text: &str, path: String, node: &toml::Spanned<Node>, out: &mut BTreeMap<String, (u32, u32)>) {
    out.insert(path.clone(), line_column(text, node.span().start));
    match node.get_ref() {
        Node::Table(t) => t.iter().for_each(|(k, v)| walk(text, format!("{path}.{k}"), v, out)),
        Node::Array(a) => a.iter().enumerate().for_each(|(i, v)| walk(text, format!("{path}[{i}]"), v, out)),
        Node::Leaf => {}
    }
}

/// A TOML value with the span of everything inside it.
enum Node {
    Table(BTreeMap<String, toml::Spanned<Node>>),
    Array(Vec<toml::Spanned<Node>>),
    Leaf,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a TOML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut t = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, toml::Spanned<Node>>()? {
                    t.insert(k, v);
                }
                Ok(Node::Table(t))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut a = vec![];
                while let Some(v) = seq.next_element::<toml::Spanned<Node>>()? {
                    a.push(v);
                }
                Ok(Node::Array(a))
            }
            fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
            fn visit_str<E>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Leaf)
            }
        }
        d.deserialize_any(V)
    }
}

/// A TOML syntax error as a problem at its place.
pub fn toml_syntax(text: &str, e: &toml::de::Error) -> Problem {
    let place = e.span().map(|s| line_column(text, s.start));
    Problem {
        path: String::new(),
        line: place.map(|p| p.0),
        column: place.map(|p| p.1),
        message: e.message().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_and_element_of_a_toml_file_has_its_line() {
        let text = "a = 1\n[t]\nb = \"x\"\n[[e]]\nc = 2\n[[e]]\nc = 3\nd = { f = 1 }\n";
        let p = toml_places(text);
        assert_eq!(p["a"].0, 1);
        assert_eq!(p["t.b"], (3, 5));
        assert_eq!(p["e[1].c"].0, 7);
        assert_eq!(p["e[1].d.f"].0, 8);
        let mut problems = Problems::with_places(p);
        problems.add("e[1].c.deeper", "x");
        problems.add("nowhere", "y");
        let list = problems.into_vec();
        assert_eq!((list[0].line, list[1].line), (Some(7), None));
    }

    #[test]
    fn a_syntax_error_says_its_line_and_column() {
        let text = "a = 1\nb = = 2\n";
        let e = toml::from_str::<toml::Table>(text).unwrap_err();
        let p = toml_syntax(text, &e);
        assert_eq!(p.line, Some(2));
        assert!(toml_places(text).is_empty());
    }
}
