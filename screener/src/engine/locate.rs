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
        let mut s = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            wanted,
            at: vec![],
        };
        s.value(&mut String::new());
        Locations(lines_and_columns(text.as_bytes(), s.at))
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

/// Where each value starts (only those `wanted`, when given), in the order found.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    wanted: Option<&'a HashSet<String>>,
    at: Vec<(String, usize)>,
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

    /// Whether the value at `path` is looked into; values that are not are passed over.
    fn enter(&mut self, path: &str) -> bool {
        // Ancestors of wanted paths are wanted too, so nothing below an unwanted one is.
        let keep = self.wanted.is_none_or(|w| w.contains(path));
        if keep {
            self.at.push((path.to_string(), self.pos));
        }
        keep
    }

    /// Reads the value at `path`, a buffer extended and cut back as the scan goes in and out.
    fn value(&mut self, path: &mut String) -> Option<()> {
        self.ws();
        if !self.enter(path) {
            return self.skip();
        }
        let len = path.len();
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
                            let key = self.string()?;
                            self.ws();
                            if self.bump()? != b':' {
                                return None;
                            }
                            if len > 0 {
                                path.push('.');
                            }
                            path.push_str(&key);
                            self.value(path)?;
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
                            self.value(path)?;
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
