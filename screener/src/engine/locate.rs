//! Finds the line and column of a JSON path (`trials[2].criteria[0].rule`) in the file's text,
//! so that errors found after parsing still point at the place to fix.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Line and column (both from 1) of every value in a JSON text, keyed by path.
pub struct Locations(HashMap<String, (usize, usize)>);

impl Locations {
    /// Scans `text`; a syntax error stops the scan, keeping what was found before it.
    pub fn scan(text: &str) -> Self {
        Self::scan_with(text, None)
    }

    /// Scans `text`, keeping only the positions needed to place `paths` (each path and its
    /// ancestors): a large file's every value need not be remembered.
    pub fn scan_for<'p>(text: &str, paths: impl IntoIterator<Item = &'p str>) -> Self {
        let mut wanted = HashSet::from([String::new()]);
        for p in paths {
            let mut p = p.to_string();
            while !p.is_empty() && wanted.insert(p.clone()) {
                p.truncate(p.rfind(['.', '[']).unwrap_or(0));
            }
        }
        Self::scan_with(text, Some(&wanted))
    }

    fn scan_with(text: &str, wanted: Option<&HashSet<String>>) -> Self {
        let mut s = Scanner::new(text, Goal::Starts { wanted, at: vec![] });
        s.value(&mut String::new(), None);
        let Goal::Starts { at, .. } = s.goal else {
            unreachable!("the goal is set above")
        };
        Locations(lines_and_columns(text.as_bytes(), at))
    }

    /// The path of the value a serde_json reading error is about, from where reading stopped.
    pub fn path_of_error(text: &str, e: &serde_json::Error) -> String {
        let message = e.to_string();
        // A missing field is reported just after its object; these two, one byte into the value.
        let closes = message.starts_with("missing field");
        let peeked =
            message.starts_with("expected value") || message.starts_with("trailing characters");
        let column = e.column() - usize::from(peeked && e.column() > 0);
        Self::path_at(text, e.line(), column, closes)
    }

    /// The path of the innermost value whose text holds the place serde_json stopped at, given
    /// as its `line` (from 1) and `column` (bytes after the line's start). A member's key counts
    /// as part of its value, and so does the place just after a value (where a value that did not
    /// fit is reported), unless the error is about the object that `closes` there (a missing
    /// field is reported just after the object's `}`).
    fn path_at(text: &str, line: usize, column: usize, closes: bool) -> String {
        let line_start = match line {
            0 | 1 => 0,
            n => text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .nth(n - 2)
                .map_or(text.len(), |(i, _)| i + 1),
        };
        let mut s = Scanner::new(
            text,
            Goal::Enclosing {
                at: line_start + column,
                closes,
                found: None,
            },
        );
        s.value(&mut String::new(), None);
        let Goal::Enclosing { found, .. } = s.goal else {
            unreachable!("the goal is set above")
        };
        found.unwrap_or_default()
    }

    /// The position of `path`, or of its nearest ancestor that exists (a missing field is
    /// reported where its object starts).
    pub fn find(&self, path: &str) -> (usize, usize) {
        let mut p = path.to_string();
        loop {
            if let Some(&lc) = self.0.get(&p) {
                return lc;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p.truncate(i),
                None => return self.0.get("").copied().unwrap_or((1, 1)),
            }
        }
    }
}

/// Turns byte offsets, in the order they were found (ascending), into lines and columns,
/// counting characters rather than the continuation bytes of UTF-8.
fn lines_and_columns(bytes: &[u8], at: Vec<(String, usize)>) -> HashMap<String, (usize, usize)> {
    let chars = |b: &[u8]| b.iter().filter(|&&b| b & 0xC0 != 0x80).count();
    let (mut line, mut column, mut from) = (1, 1, 0);
    at.into_iter()
        .map(|(path, pos)| {
            let between = &bytes[from..pos];
            match between.iter().rposition(|&b| b == b'\n') {
                Some(i) => {
                    line += between.iter().filter(|&&b| b == b'\n').count();
                    column = 1 + chars(&between[i + 1..]);
                }
                None => column += chars(between),
            }
            from = pos;
            (path, (line, column))
        })
        .collect()
}

/// What a scan is for.
enum Goal<'a> {
    /// Where each value starts (only those `wanted`, when given), in the order found.
    Starts {
        wanted: Option<&'a HashSet<String>>,
        at: Vec<(String, usize)>,
    },
    /// The innermost value holding byte `at`, and whether the error names the object that
    /// `closes` there (see [`Locations::path_at`]).
    Enclosing {
        at: usize,
        closes: bool,
        found: Option<String>,
    },
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    goal: Goal<'a>,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn new(text: &'a str, goal: Goal<'a>) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            goal,
        }
    }

    /// Whether the value at `path`, starting at `start` (its key's, for a member), is looked
    /// into; values that are not are passed over.
    fn enter(&mut self, path: &str, start: usize) -> bool {
        match &mut self.goal {
            // Ancestors of wanted paths are wanted too, so nothing below an unwanted one is.
            Goal::Starts { wanted, at } => {
                let keep = wanted.is_none_or(|w| w.contains(path));
                if keep {
                    at.push((path.to_string(), self.pos));
                }
                keep
            }
            Goal::Enclosing { at, found, .. } => found.is_none() && start <= *at,
        }
    }

    /// Notes that the value at `path`, a container or not, ends (exclusive) at `self.pos`.
    /// Inner values end first, so the first to hold the place is the innermost.
    fn leave(&mut self, path: &str, container: bool) {
        let end = self.pos;
        if let Goal::Enclosing { at, closes, found } = &mut self.goal {
            let holds = if *closes {
                container && *at == end
            } else {
                *at <= end
            };
            if found.is_none() && holds {
                *found = Some(path.to_string());
            }
        }
    }

    /// Reads the value at `path`, a buffer extended and cut back as the scan goes in and out;
    /// `key` is where its key starts, for a member.
    fn value(&mut self, path: &mut String, key: Option<usize>) -> Option<()> {
        self.ws();
        if !self.enter(path, key.unwrap_or(self.pos)) {
            return self.skip();
        }
        let len = path.len();
        let container = matches!(self.peek()?, b'{' | b'[');
        match self.peek()? {
            b'{' => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek()? {
                        b'}' => break,
                        b',' => {
                            self.bump();
                        }
                        b'"' => {
                            let key_start = self.pos;
                            let key = self.string()?;
                            self.ws();
                            if self.bump()? != b':' {
                                return None;
                            }
                            if len > 0 {
                                path.push('.');
                            }
                            path.push_str(&key);
                            self.value(path, Some(key_start))?;
                            path.truncate(len);
                        }
                        _ => return None,
                    }
                }
                self.bump();
            }
            b'[' => {
                self.bump();
                let mut i = 0;
                loop {
                    self.ws();
                    match self.peek()? {
                        b']' => break,
                        b',' => {
                            self.bump();
                        }
                        _ => {
                            let _ = write!(path, "[{i}]");
                            self.value(path, None)?;
                            path.truncate(len);
                            i += 1;
                        }
                    }
                }
                self.bump();
            }
            b'"' => self.skip_string()?,
            _ => {
                while matches!(self.peek(), Some(b) if !b",]} \t\r\n".contains(&b)) {
                    self.pos += 1;
                }
            }
        }
        self.leave(path, container);
        Some(())
    }

    /// Passes over one value without remembering anything in it.
    fn skip(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => self.skip_string()?,
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' if depth == 0 => return Some(()),
                b'}' | b']' => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                b',' if depth == 0 => return Some(()),
                // Most of a file is passed over: a run of anything else is taken at once.
                _ => {
                    self.pos += 1;
                    self.pass_until(|b| matches!(b, b'"' | b'{' | b'}' | b'[' | b']' | b','));
                }
            }
        }
    }

    /// Moves to the next byte from here that `stops` the run, or to the end.
    fn pass_until(&mut self, stops: impl Fn(u8) -> bool) {
        let rest = &self.bytes[self.pos..];
        self.pos += rest.iter().position(|&b| stops(b)).unwrap_or(rest.len());
    }

    fn skip_string(&mut self) -> Option<()> {
        self.bump();
        loop {
            self.pass_until(|b| b == b'"' || b == b'\\');
            match self.bump()? {
                b'"' => return Some(()),
                // A backslash: the byte it escapes is passed over too.
                _ => {
                    self.bump();
                }
            }
        }
    }

    /// A key, unescaped.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.pos + 1;
        self.skip_string()?;
        let bytes: &'a [u8] = self.bytes;
        let raw = std::str::from_utf8(&bytes[start..self.pos - 1]).ok()?;
        if !raw.contains('\\') {
            return Some(Cow::Borrowed(raw));
        }
        Some(Cow::Owned(
            serde_json::from_str::<String>(&format!("\"{raw}\""))
                .unwrap_or_else(|_| raw.to_string()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_paths_and_falls_back_to_the_parent() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": {}\n}";
        let l = Locations::scan(text);
        assert_eq!(l.find("a"), (2, 8));
        assert_eq!(l.find("a[1].b"), (2, 18));
        assert_eq!(l.find("c.missing"), (3, 8));
        assert_eq!(l.find("zzz"), (1, 1));
        let only = Locations::scan_for(text, ["a[1].b"]);
        assert_eq!(only.find("a[1].b"), (2, 18));
        assert_eq!(only.find("c"), (1, 1), "c was not asked for");
    }

    #[test]
    fn names_the_value_where_reading_stopped() {
        let text = "{\n  \"a\": [1, {\"b\": \"x\"}],\n  \"c\": {\"d\": true}\n}";
        let at = |needle: &str, after: bool, closes: bool| {
            let i = text.find(needle).expect("in the text") + if after { needle.len() } else { 0 };
            let line = 1 + text[..i].matches('\n').count();
            let column = i - text[..i].rfind('\n').map_or(0, |n| n + 1);
            Locations::path_at(text, line, column, closes)
        };
        assert_eq!(at("\"x\"", true, false), "a[1].b", "just after a value");
        assert_eq!(at("\"x\"", false, false), "a[1].b", "at its start");
        assert_eq!(at("\"b\"", true, false), "a[1].b", "just after its key");
        assert_eq!(at("[1", true, false), "a[0]");
        assert_eq!(
            at("\"x\"}", true, true),
            "a[1]",
            "a field missing from a[1]"
        );
        assert_eq!(at("true}", true, true), "c");
        assert_eq!(at("true", true, false), "c.d");
        assert_eq!(at("true}\n}", true, true), "");
    }

    #[test]
    fn passes_over_values_not_asked_for_and_counts_characters() {
        let text = "{\"skip\": {\"k\": \"한국어 [}\\\" \"}, \"b\": [\"é\",\n {\"c\": 1}]}";
        let only = Locations::scan_for(text, ["b[1].c"]);
        assert_eq!(only.find("b[1].c"), (2, 8));
        assert_eq!(only.find("b"), (1, 35));
        assert_eq!(only.find("skip.k"), (1, 1), "skip was not asked for");
        assert_eq!(Locations::scan(text).find("skip.k"), (1, 16));
        // Numbers, words and commas inside a value passed over, then a value asked for.
        let text = "{\"skip\": [1, [2, -3.5e2], {\"x\": [true, null]}, \"\\\\\"], \"b\": 7}";
        assert_eq!(Locations::scan_for(text, ["b"]).find("b"), (1, 60));
        assert_eq!(Locations::scan(text).find("b"), (1, 60));
    }
}
