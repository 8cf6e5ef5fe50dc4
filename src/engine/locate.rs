//! Finds the line and column of a JSON path (`trials[2].criteria[0].rule`) in the file's text,
//! so that errors found after parsing still point at the place to fix.

use std::collections::{HashMap, HashSet};

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
            line: 1,
            col: 1,
            map: HashMap::new(),
            wanted,
        };
        s.value(String::new());
        Locations(s.map)
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

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    map: HashMap<String, (usize, usize)>,
    wanted: Option<&'a HashSet<String>>,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        if b == b'\n' {
            self.line += 1;
            self.col = 1;
        } else if b & 0xC0 != 0x80 {
            // Count characters, not the continuation bytes of UTF-8.
            self.col += 1;
        }
        Some(b)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn value(&mut self, path: String) -> Option<()> {
        self.ws();
        if self.wanted.is_none_or(|w| w.contains(&path)) {
            self.map.insert(path.clone(), (self.line, self.col));
        }
        match self.peek()? {
            b'{' => {
                self.bump();
                loop {
                    self.ws();
                    match self.peek()? {
                        b'}' => {
                            self.bump();
                            return Some(());
                        }
                        b',' => {
                            self.bump();
                        }
                        b'"' => {
                            let key = self.string()?;
                            self.ws();
                            if self.bump()? != b':' {
                                return None;
                            }
                            let child = if path.is_empty() {
                                key
                            } else {
                                format!("{path}.{key}")
                            };
                            self.value(child)?;
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.bump();
                let mut i = 0;
                loop {
                    self.ws();
                    match self.peek()? {
                        b']' => {
                            self.bump();
                            return Some(());
                        }
                        b',' => {
                            self.bump();
                        }
                        _ => {
                            self.value(format!("{path}[{i}]"))?;
                            i += 1;
                        }
                    }
                }
            }
            b'"' => self.string().map(|_| ()),
            _ => {
                while matches!(self.peek(), Some(b) if !b",]} \t\r\n".contains(&b)) {
                    self.bump();
                }
                Some(())
            }
        }
    }

    fn string(&mut self) -> Option<String> {
        self.bump();
        let start = self.pos;
        loop {
            match self.bump()? {
                b'\\' => {
                    self.bump();
                }
                b'"' => break,
                _ => {}
            }
        }
        let raw = std::str::from_utf8(&self.bytes[start..self.pos - 1]).ok()?;
        Some(
            serde_json::from_str::<String>(&format!("\"{raw}\""))
                .unwrap_or_else(|_| raw.to_string()),
        )
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
}
