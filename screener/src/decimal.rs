//! Decimal numbers read and written as the standard library does, without its float code in
//! the browser build. Reading (`str::parse::<f64>`, correctly rounded, ties to even) is a small
//! exact long division instead of the standard reader's 10 KB of powers of five and 4 KB of
//! code; writing (`f64`'s `Display`, and rounding to a few decimals) starts from the shortest
//! digits of the small writer serde_json already brings (`zmij`), instead of the standard
//! writer's 13 KB.

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

/// `x` as `x.to_string()` writes it: the shortest digits that read back as `x`, never in
/// exponent form (`0.0000001`, `1000000000000000000000`); `NaN`, `inf` and `-inf` as they are.
pub fn write_f64(x: f64) -> String {
    if !x.is_finite() {
        return zmij::Buffer::new().format(x).to_string();
    }
    let (negative, digits, point) = shortest_digits(x);
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    write_digits(&mut out, &digits, point);
    out
}

/// `x` rounded to `decimals` places and written in full, as `format!("{x:.decimals$}")` writes
/// it, from `x`'s shortest digits: a tie there (2.675 to two places) rounds away from zero, as
/// a person rounds the number they read, where the standard writer rounds the binary value
/// (2.67499999…, so 2.67). `x` must be finite.
pub fn write_rounded(x: f64, decimals: usize) -> String {
    let (negative, mut digits, mut point) = shortest_digits(x);
    // Whole digits first, so that a point left of them rounds the same way.
    if point < 0 {
        let zeros = point.unsigned_abs() as usize;
        digits.splice(0..0, std::iter::repeat_n(b'0', zeros));
        point = 0;
    }
    let keep = point as usize + decimals;
    if digits.len() > keep {
        let up = digits[keep] >= b'5';
        digits.truncate(keep);
        if up {
            let mut i = keep;
            loop {
                if i == 0 {
                    digits.insert(0, b'1');
                    point += 1;
                    break;
                }
                i -= 1;
                if digits[i] == b'9' {
                    digits[i] = b'0';
                } else {
                    digits[i] += 1;
                    break;
                }
            }
        }
    }
    let mut out = String::with_capacity(digits.len() + decimals + 8);
    if negative {
        out.push('-');
    }
    write_digits(&mut out, &digits, point);
    // Rounding kept at most `decimals` of them; the rest are zeros.
    let written = digits.len().saturating_sub(point as usize);
    if written < decimals {
        if written == 0 {
            out.push('.');
        }
        out.extend(std::iter::repeat_n('0', decimals - written));
    }
    out
}

/// `x`'s sign, its shortest digits that read back as it (no leading or trailing zeros; none
/// for zero) and where the point falls among them: −1.25 is `(true, "125", 1)`, 0.0012
/// `(false, "12", -2)`. `x` finite.
pub fn shortest_digits(x: f64) -> (bool, Vec<u8>, i64) {
    parts(zmij::Buffer::new().format_finite(x))
}

/// A finite number's shortest text (`-1.5e-7`, `120.0`) as its sign, its significant digits
/// (no leading or trailing zeros; none for zero) and where the point falls among them.
fn parts(text: &str) -> (bool, Vec<u8>, i64) {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (text, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).collect();
    let mut point = whole.len() as i64 + exp;
    let leading = digits.iter().take_while(|d| **d == b'0').count();
    digits.drain(..leading);
    point -= leading as i64;
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        point = 1;
    }
    (negative, digits, point)
}

/// Significant `digits` with the point at `point`, in full: `0.000123`, `12300`, `0`.
fn write_digits(out: &mut String, digits: &[u8], point: i64) {
    if digits.is_empty() {
        out.push('0');
    } else if point <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', point.unsigned_abs() as usize));
        out.extend(digits.iter().map(|d| char::from(*d)));
    } else {
        let whole = point as usize;
        for (i, d) in digits.iter().enumerate() {
            if i == whole {
                out.push('.');
            }
            out.push(char::from(*d));
        }
        out.extend(std::iter::repeat_n('0', whole.saturating_sub(digits.len())));
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

    /// Finite numbers of every size and kind, from a fixed seed.
    fn samples() -> Vec<f64> {
        let mut out = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.3,
            0.1 + 0.2,
            1e-7,
            1.1234567,
            5e-324,
            f64::MAX,
            f64::MIN,
            1e21,
            1e22,
            123.0,
            2.675,
            0.125,
            9.9999995,
            999.9999996,
            0.5,
            1.5,
            2.5,
            -0.4,
        ];
        let mut seed: u64 = 0x853c_49e6_748f_ea9b;
        for i in 0..60_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = match i % 4 {
                0 => f64::from_bits(seed),
                1 => (seed % 10_000_000) as f64 / 1000.0,
                2 => (seed % 100_000) as f64 / 10f64.powi((seed % 9) as i32),
                _ => (seed % 2_000_001) as f64 - 1_000_000.0,
            };
            if x.is_finite() {
                out.push(x);
            }
        }
        out
    }

    #[test]
    fn writes_as_the_standard_library_does() {
        for x in samples() {
            let (ours, std) = (write_f64(x), x.to_string());
            // Both are the shortest digits that read back as `x`. Where two such are equally
            // near the binary value (2164804563772078.25, between .2 and .3), the writers may
            // choose apart; a number anyone types is far smaller than that.
            if x.abs() < 1e12 {
                assert_eq!(ours, std, "{x:e}");
            } else {
                assert_eq!(
                    ours.parse::<f64>().map(f64::to_bits),
                    Ok(x.to_bits()),
                    "{x:e}"
                );
                assert_eq!(ours.len(), std.len(), "{x:e}");
            }
        }
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(write_f64(x), x.to_string());
        }
    }

    #[test]
    fn rounds_as_the_standard_library_does_but_from_the_digits_read() {
        let mut ties = 0;
        for x in samples().into_iter().filter(|x| x.abs() < 1e12) {
            for decimals in [0, 1, 2, 6] {
                let ours = write_rounded(x, decimals);
                let shortest = write_f64(x.abs());
                let fraction = shortest.split_once('.').map_or("", |(_, f)| f);
                if fraction.len() <= decimals {
                    // Nothing to round: the digits read, where the standard writer goes on
                    // into the binary value's (0.1 to six places: 0.100000, not 0.100000000000000005).
                    let padded = format!("{x:.0$}", fraction.len());
                    let zeros = decimals - fraction.len();
                    let point = if fraction.is_empty() && zeros > 0 {
                        "."
                    } else {
                        ""
                    };
                    assert_eq!(ours, format!("{padded}{point}{}", "0".repeat(zeros)), "{x}");
                } else if fraction.len() == decimals + 1 && fraction.ends_with('5') {
                    // A tie in the digits read: away from zero, where the standard writer looks
                    // at the binary value beyond it.
                    ties += 1;
                    let nudged = f64::from_bits(x.to_bits() + 1);
                    assert_eq!(ours, format!("{nudged:.decimals$}"), "{x} to {decimals}");
                } else {
                    assert_eq!(ours, format!("{x:.decimals$}"), "{x} to {decimals}");
                }
            }
        }
        assert!(ties > 100, "the samples hold ties ({ties})");
        assert_eq!(write_rounded(2.675, 2), "2.68");
        assert_eq!(write_rounded(0.125, 2), "0.13");
        assert_eq!(write_rounded(9.96, 1), "10.0");
        assert_eq!(write_rounded(-0.4, 0), "-0");
        assert_eq!(write_rounded(1e-7, 6), "0.000000");
        assert_eq!(write_rounded(1e21, 1), "1000000000000000000000.0");
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
