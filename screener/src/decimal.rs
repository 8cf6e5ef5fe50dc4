//! Reading a decimal number as the standard library does (`str::parse::<f64>`, correctly
//! rounded, ties to even), with a small exact long division instead of its tables: the
//! standard reader carries 10 KB of powers of five and 4 KB of code into the browser build
//! for the two places that read a number written by a person or saved in a link.

use std::cmp::Ordering;

/// The longest text read as a number, in bytes: far more digits than an `f64` can tell apart.
pub const LONGEST: usize = 4096;

/// `s` as `s.parse::<f64>().ok()` reads it, for every finite or overflowing decimal
/// (`-12`, `1.5`, `.5`, `5.`, `+1e-3`, `2E400` as infinity): the same value, bit for bit, and
/// `None` for the same malformed texts. `inf`, `infinity` and `nan` are `None` here (the
/// standard reader takes them); both callers refuse a number that is not finite anyway.
/// A text longer than [`LONGEST`] is `None` too: the long division takes time that grows with
/// the square of the digits, and nobody types, nor does any link carry, such a number.
pub fn parse_f64(s: &str) -> Option<f64> {
    if s.len() > LONGEST {
        return None;
    }
    let b = s.as_bytes();
    let (negative, b) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let mut digits: Vec<u8> = vec![];
    let mut exp10: i64 = 0;
    let mut i = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        digits.push(b[i] - b'0');
        i += 1;
    }
    if i < b.len() && b[i] == b'.' {
        i += 1;
        while i < b.len() && b[i].is_ascii_digit() {
            digits.push(b[i] - b'0');
            exp10 -= 1;
            i += 1;
        }
    }
    if digits.is_empty() {
        return None;
    }
    if i < b.len() && (b[i] | 0x20) == b'e' {
        i += 1;
        let negative_exp = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        let mut e: i64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            // Far past any exponent that could matter, and no overflow.
            e = (e * 10 + i64::from(b[i] - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        exp10 += if negative_exp { -e } else { e };
    }
    if i != b.len() {
        return None;
    }
    let x = magnitude(&digits, exp10);
    Some(if negative { -x } else { x })
}

/// The f64 nearest `digits × 10^exp10` (ties to even).
fn magnitude(digits: &[u8], mut exp10: i64) -> f64 {
    let start = digits.iter().position(|&d| d != 0).unwrap_or(digits.len());
    let mut digits = &digits[start..];
    while let [rest @ .., 0] = digits {
        digits = rest;
        exp10 += 1;
    }
    if digits.is_empty() {
        return 0.0;
    }
    let places = digits.len() as i64 + exp10;
    // At least 10^309, beyond f64::MAX; below 10^-324, under half the least subnormal.
    if places > 309 {
        return f64::INFINITY;
    }
    if places < -324 {
        return 0.0;
    }
    let mut n = vec![];
    for &d in digits {
        mul_add(&mut n, 10, u32::from(d));
    }
    let mut m = vec![1];
    for _ in 0..exp10.unsigned_abs() {
        mul_add(if exp10 > 0 { &mut n } else { &mut m }, 10, 0);
    }
    // The value is n / m. Scaled by 2^s so that the quotient has 53 bits (fewer, at the
    // subnormal quantum 2^-1074), the quotient's rounding is the f64's.
    let mut s = 52 - (bit_len(&n) as i64 - bit_len(&m) as i64);
    let (mut a, mut d) = scaled(&n, &m, s);
    if compare(&a, &shl(&d, 52)) == Ordering::Less {
        s += 1;
        (a, d) = scaled(&n, &m, s);
    }
    if s > 1074 {
        s = 1074;
        (a, d) = scaled(&n, &m, s);
    }
    if 52 - s > 1023 {
        return f64::INFINITY;
    }
    let mut q: u64 = 0;
    for bit in (0..53).rev() {
        let t = shl(&d, bit);
        if compare(&a, &t) != Ordering::Less {
            sub(&mut a, &t);
            q |= 1 << bit;
        }
    }
    match compare(&shl(&a, 1), &d) {
        Ordering::Greater => q += 1,
        Ordering::Equal => q += q & 1,
        Ordering::Less => {}
    }
    // q ≤ 2^53 and q · 2^-s is representable (or overflows to infinity), so the product is
    // exact.
    q as f64 * pow2(-s)
}

/// 2^k as an f64, for k from -1074 to 1023.
fn pow2(k: i64) -> f64 {
    if k >= -1022 {
        f64::from_bits(((k + 1023) as u64) << 52)
    } else {
        f64::from_bits(1 << (k + 1074))
    }
}

/// `(n · 2^s, m)` when `s` is 0 or more, else `(n, m · 2^-s)`.
fn scaled(n: &[u32], m: &[u32], s: i64) -> (Vec<u32>, Vec<u32>) {
    if s >= 0 {
        (shl(n, s as usize), m.to_vec())
    } else {
        (n.to_vec(), shl(m, s.unsigned_abs() as usize))
    }
}

// Natural numbers as little-endian 32-bit limbs, without high zero limbs.

fn mul_add(x: &mut Vec<u32>, by: u32, add: u32) {
    let mut carry = u64::from(add);
    for limb in x.iter_mut() {
        let v = u64::from(*limb) * u64::from(by) + carry;
        *limb = v as u32;
        carry = v >> 32;
    }
    if carry > 0 {
        x.push(carry as u32);
    }
}

fn bit_len(x: &[u32]) -> usize {
    match x.last() {
        Some(&top) => 32 * x.len() - top.leading_zeros() as usize,
        None => 0,
    }
}

fn shl(x: &[u32], bits: usize) -> Vec<u32> {
    let (limbs, bits) = (bits / 32, bits % 32);
    let mut out = vec![0; limbs];
    let mut carry = 0u32;
    for &limb in x {
        if bits == 0 {
            out.push(limb);
        } else {
            out.push((limb << bits) | carry);
            carry = limb >> (32 - bits);
        }
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

fn compare(a: &[u32], b: &[u32]) -> Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// `a -= b`, where `b ≤ a`.
fn sub(a: &mut Vec<u32>, b: &[u32]) {
    let mut borrow = 0i64;
    for (i, limb) in a.iter_mut().enumerate() {
        let v = i64::from(*limb) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        *limb = v as u32;
        borrow = i64::from(v < 0);
    }
    while a.last() == Some(&0) {
        a.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(s: &str) {
        // The names of infinity and NaN are the one difference, documented.
        let named = ["inf", "nan"].iter().any(|n| s.to_lowercase().contains(n));
        let std = s.parse::<f64>().ok().filter(|_| !named);
        let ours = parse_f64(s);
        assert_eq!(
            std.map(f64::to_bits),
            ours.map(f64::to_bits),
            "{s:?}: {std:?} {ours:?}"
        );
    }

    #[test]
    fn reads_as_the_standard_library_does() {
        for s in [
            "0",
            "-0",
            "+0",
            "0.0",
            "-0.0",
            "00",
            "1",
            "-1",
            "1.",
            ".5",
            "-.5",
            "+.5",
            "5.",
            ".",
            "-",
            "+",
            "",
            " 1",
            "1 ",
            "1,5",
            "1.5.",
            "1..5",
            "--1",
            "-+1",
            "1e",
            "1e+",
            "1e-",
            "e5",
            ".e5",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            "1.5e3",
            ".5e1",
            "5.e1",
            "1e0",
            "1e-0",
            "0.1",
            "0.2",
            "0.3",
            "1.1",
            "12.34",
            "150000",
            "007",
            "0.000001",
            "123456789",
            "9007199254740992",
            "9007199254740993",
            "9007199254740994",
            "9007199254740995",
            "9007199254740993.0000000000000000001",
            "18014398509481985",
            "18014398509481987",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "179769313486231580793728971405301e276",
            "2e308",
            "1e309",
            "1e400",
            "1e99999999999999",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088e-324",
            "5e-324",
            "3e-324",
            "1e-324",
            "1e-400",
            "0e999999",
            "1e-99999999999999",
            "0.000000000000000000000000000000000000000000001",
            "123456789012345678901234567890",
            "1234567890.12345678901234567890123",
            "0.1000000000000000055511151231257827021181583404541015625",
            "0.1000000000000000055511151231257827021181583404541015624",
            "0.1000000000000000055511151231257827021181583404541015626",
            "1x",
            "x1",
            "1e5x",
            "inf",
            "nan",
            "-inf",
            "infinity",
            "NaN",
        ] {
            same(s);
        }
    }

    #[test]
    fn reads_every_written_f64_back_as_the_standard_library_does() {
        // A simple generator: many bit patterns, written every way a person or a link could.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = f64::from_bits(seed);
            if !x.is_finite() {
                continue;
            }
            for text in [
                format!("{x}"),
                format!("{x:e}"),
                format!("{x:.3e}"),
                format!("{x:.16e}"),
                format!("{x:.17e}"),
                format!("{x:.25e}"),
                format!("{}", (seed % 100_000) as f64 / 100.0),
                format!("{}.{}", seed % 1000, seed % 10_000_000_007),
                format!("{}", seed),
                format!("0.{:020}", seed),
                format!("{}e-{}", seed, seed % 360),
                format!("{}e{}", seed % 1_000_000, seed % 320),
            ] {
                same(&text);
            }
        }
    }

    /// Exactly halfway between two neighbouring f64 values, and either side of it by the
    /// smallest step the digits can show.
    #[test]
    fn halfway_cases_round_to_even_as_the_standard_library_does() {
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..400 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = f64::from_bits(seed >> 2);
            let next = f64::from_bits((seed >> 2) + 1);
            if !next.is_finite() {
                continue;
            }
            // x and next exactly, as decimals; their mean by decimal arithmetic.
            let exact = |v: f64| {
                let t = format!("{v:.1100e}");
                let (m, e) = t.split_once('e').unwrap();
                (m.replace('.', ""), e.parse::<i64>().unwrap())
            };
            let (mx, ex) = exact(x);
            let (mn, en) = exact(next);
            let top = ex.max(en);
            let align = |m: String, e: i64| format!("{}{m}", "0".repeat((top - e) as usize));
            let (a, b) = (align(mx, ex), align(mn, en));
            let len = a.len().max(b.len()) + 1;
            let (a, b) = (format!("{a:0<len$}"), format!("{b:0<len$}"));
            let mut sum = vec![0u8; len + 1];
            let mut carry = 0;
            for i in (0..len).rev() {
                let v = (a.as_bytes()[i] - b'0') + (b.as_bytes()[i] - b'0') + carry;
                sum[i + 1] = v % 10;
                carry = v / 10;
            }
            sum[0] = carry;
            // Halve, digit by digit.
            let mut half = vec![];
            let mut rem = 0;
            for d in sum {
                let v = rem * 10 + d;
                half.push(b'0' + v / 2);
                rem = v % 2;
            }
            half.push(b'0' + rem * 5);
            let digits = String::from_utf8(half).unwrap();
            // `sum` has one digit more than the exponent `top` counts: its value is
            // 0.digits × 10^(top + 2).
            let mid = format!("0.{digits}e{}", top + 2);
            // Truly halfway: the standard reader takes the even one of the two.
            let v = mid.parse::<f64>().unwrap();
            assert!(v.to_bits() % 2 == 0 && (v == x || v == next), "{mid}");
            same(&mid);
            same(&format!("0.{digits}1e{}", top + 2));
            let below = digits.trim_end_matches('0');
            let below = &below[..below.len() - 1];
            same(&format!("0.{below}4999e{}", top + 2));
        }
    }

    #[test]
    fn a_text_of_more_digits_than_anyone_writes_is_refused_at_once() {
        let long = "1".repeat(LONGEST + 1);
        assert_eq!(parse_f64(&long), None);
        // Read, it would be infinity, after more than a minute of long division.
        assert_eq!(parse_f64(&"9".repeat(1_000_000)), None);
        let longest = format!("0.{}", "1".repeat(LONGEST - 2));
        assert_eq!(parse_f64(&longest), longest.parse::<f64>().ok());
    }
}
