//! The few elementary functions the screener needs, for the angles and magnitudes it meets:
//! sine, cosine and arcsine for distances between places, the order of magnitude of a limit,
//! a fifth root for a colour's luminance. Built for WebAssembly, the standard library's own
//! carry 9 KB of general-purpose code (reducing any angle, any power), a fifth of it the
//! reduction of angles of millions of radians.
//!
//! The polynomials are fdlibm's, as the C library and the browsers use, so the results are
//! theirs to within a unit in the last place (tests compare them across each domain).
// The constants are written with the digits fdlibm publishes them with.
#![allow(clippy::excessive_precision)]

/// `(sin x, cos x)`, for |x| below 100,000 radians (a place's latitude and longitude, and
/// their differences, are within 2π); NaN beyond, as for NaN.
pub fn sin_cos(x: f64) -> (f64, f64) {
    // π/2 in two parts, the first with 33 bits so that n × it is exact for the n used here.
    const PIO2_1: f64 = 1.570_796_326_734_125_614_17;
    const PIO2_1T: f64 = 6.077_100_506_506_192_249_32e-11;
    if x.is_nan() || x.abs() >= 1e5 {
        return (f64::NAN, f64::NAN);
    }
    let n = (x * std::f64::consts::FRAC_2_PI).round();
    let r = (x - n * PIO2_1) - n * PIO2_1T;
    let (s, c) = (sin_kernel(r), cos_kernel(r));
    match (n as i64).rem_euclid(4) {
        0 => (s, c),
        1 => (c, -s),
        2 => (-s, -c),
        _ => (-c, s),
    }
}

/// sin r for |r| ≤ π/4.
fn sin_kernel(r: f64) -> f64 {
    const S1: f64 = -1.666_666_666_666_663_243_48e-1;
    const S2: f64 = 8.333_333_333_322_489_461_24e-3;
    const S3: f64 = -1.984_126_982_985_794_931_34e-4;
    const S4: f64 = 2.755_731_370_707_006_767_89e-6;
    const S5: f64 = -2.505_076_025_340_686_341_95e-8;
    const S6: f64 = 1.589_690_995_211_550_102_21e-10;
    let z = r * r;
    let w = z * z;
    let p = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
    r + z * r * (S1 + z * p)
}

/// cos r for |r| ≤ π/4.
fn cos_kernel(r: f64) -> f64 {
    const C1: f64 = 4.166_666_666_666_660_190_37e-2;
    const C2: f64 = -1.388_888_888_887_410_957_49e-3;
    const C3: f64 = 2.480_158_728_947_672_941_78e-5;
    const C4: f64 = -2.755_731_435_139_066_330_35e-7;
    const C5: f64 = 2.087_572_321_298_174_827_90e-9;
    const C6: f64 = -1.135_964_755_778_819_482_65e-11;
    let z = r * r;
    let w = z * z;
    let p = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
    let hz = 0.5 * z;
    let one_less = 1.0 - hz;
    one_less + (((1.0 - one_less) - hz) + z * p)
}

/// arcsin x for x from 0 to 1 (the central angle of two places), else NaN.
pub fn asin(x: f64) -> f64 {
    const PIO2_HI: f64 = std::f64::consts::FRAC_PI_2;
    const PIO2_LO: f64 = 6.123_233_995_736_766_035_87e-17;
    if !(0.0..=1.0).contains(&x) {
        return f64::NAN;
    }
    if x < 0.5 {
        return x + x * ratio(x * x);
    }
    let z = (1.0 - x) * 0.5;
    let s = z.sqrt();
    let r = ratio(z);
    if x > 0.975 {
        return PIO2_HI - (2.0 * (s + s * r) - PIO2_LO);
    }
    // s split as f + c, f with its low 32 bits cleared, for the digits lost in 2s.
    let f = f64::from_bits(s.to_bits() & 0xffff_ffff_0000_0000);
    let c = (z - f * f) / (s + f);
    0.5 * PIO2_HI - (2.0 * s * r - (PIO2_LO - 2.0 * c) - (0.5 * PIO2_HI - 2.0 * f))
}

/// The rational part of arcsin: asin x = x + x × ratio(x²) for x below ½.
fn ratio(z: f64) -> f64 {
    const P0: f64 = 1.666_666_666_666_666_574_15e-1;
    const P1: f64 = -3.255_658_186_224_009_154_05e-1;
    const P2: f64 = 2.012_125_321_348_629_258_81e-1;
    const P3: f64 = -4.005_553_450_067_941_140_27e-2;
    const P4: f64 = 7.915_349_942_898_145_321_76e-4;
    const P5: f64 = 3.479_331_075_960_211_675_70e-5;
    const Q1: f64 = -2.403_394_911_734_414_218_78;
    const Q2: f64 = 2.020_945_760_233_505_694_71;
    const Q3: f64 = -6.882_839_716_054_532_930_30e-1;
    const Q4: f64 = 7.703_815_055_590_193_527_91e-2;
    let p = z * (P0 + z * (P1 + z * (P2 + z * (P3 + z * (P4 + z * P5)))));
    let q = 1.0 + z * (Q1 + z * (Q2 + z * (Q3 + z * Q4)));
    p / q
}

/// ⌊log₁₀ |x|⌋: the power of ten of `x`'s first significant digit (2 for 345, −3 for 0.0012),
/// read off its shortest decimal digits, so a number just below a power of ten is never taken
/// for it. `x` finite and not zero.
pub fn order(x: f64) -> i32 {
    let (_, _, point) = crate::decimal::shortest_digits(x);
    (point - 1) as i32
}

/// ⌈log₁₀ |x|⌉: the digits before the point of |x| ≥ 1 (3 for 345, for 999.9999999999999 and
/// for 1000). `x` finite and not zero.
pub fn order_up(x: f64) -> i32 {
    let (_, digits, point) = crate::decimal::shortest_digits(x);
    // A power of ten is its own ceiling.
    let power_of_ten = digits == b"1";
    (if power_of_ten { point - 1 } else { point }) as i32
}

/// The fifth root of `a` from 0 to 1 (a colour's channel to the power 2.4 is c² × ⁵√c²).
pub fn fifth_root(a: f64) -> f64 {
    if a == 0.0 {
        return 0.0;
    }
    if !(0.0..=1.0).contains(&a) {
        return f64::NAN;
    }
    // Newton's method from above, where it falls steadily to the root; it stops when a step
    // no longer lowers it.
    let mut y = 1.0;
    loop {
        let next = (4.0 * y + a / (y * y * y * y)) / 5.0;
        if next >= y {
            return y;
        }
        y = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Within `ulps` units in the last place of the C library's value.
    fn near(ours: f64, theirs: f64, ulps: f64, what: &str) {
        let tolerance = ulps * f64::EPSILON * theirs.abs().max(f64::MIN_POSITIVE);
        assert!(
            (ours - theirs).abs() <= tolerance,
            "{what}: {ours:e} against {theirs:e}"
        );
    }

    #[test]
    fn sine_and_cosine_are_the_c_librarys_within_a_unit_in_the_last_place() {
        let steps = 200_000;
        for i in 0..=steps {
            // Every angle a place gives, and beyond, densely.
            let x = -7.0 + 14.0 * f64::from(i) / f64::from(steps);
            let (s, c) = sin_cos(x);
            near(s, x.sin(), 1.0, &format!("sin {x}"));
            near(c, x.cos(), 1.0, &format!("cos {x}"));
        }
        for x in [
            0.0,
            -0.0,
            1e-300,
            std::f64::consts::FRAC_PI_2,
            std::f64::consts::PI,
            1e4,
        ] {
            let (s, c) = sin_cos(x);
            assert!(
                (s - x.sin()).abs() <= 1e-15 && (c - x.cos()).abs() <= 1e-15,
                "{x}"
            );
        }
        assert!(sin_cos(1e6).0.is_nan() && sin_cos(f64::NAN).1.is_nan());
    }

    #[test]
    fn arcsine_is_the_c_librarys_within_a_unit_in_the_last_place() {
        let steps = 200_000;
        for i in 0..=steps {
            let x = f64::from(i) / f64::from(steps);
            near(asin(x), x.asin(), 1.0, &format!("asin {x}"));
        }
        for x in [
            1e-300,
            0.4999999999999999,
            0.5,
            0.975,
            0.9750000000000001,
            1.0,
        ] {
            near(asin(x), x.asin(), 1.0, &format!("asin {x}"));
        }
        assert!(asin(-0.1).is_nan() && asin(1.0000000000000002).is_nan());
    }

    #[test]
    fn orders_of_magnitude_are_read_off_the_digits() {
        for (x, floor, ceil) in [
            (345.0, 2, 3),
            (1000.0, 3, 3),
            (999.9999999999999, 2, 3),
            (0.0012, -3, -2),
            (0.1, -1, -1),
            (0.09999999999999999, -2, -1),
            (-45.5, 1, 2),
            (1.0, 0, 0),
            (5e-324, -324, -323),
            (f64::MAX, 308, 309),
        ] {
            assert_eq!((order(x), order_up(x)), (floor, ceil), "{x}");
        }
        let mut seed: u64 = 0x5851_f42d_4c95_7f2d;
        for _ in 0..50_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let x = (seed % 1_000_000_007) as f64 / 10f64.powi((seed % 17) as i32);
            if x != 0.0 {
                assert_eq!(order(x), x.log10().floor() as i32, "{x}");
                assert_eq!(order_up(x), x.log10().ceil() as i32, "{x}");
            }
        }
    }

    #[test]
    fn the_fifth_root_is_the_c_librarys_power_within_two_units_in_the_last_place() {
        for i in 0..=100_000 {
            let a = f64::from(i) / 100_000.0;
            near(fifth_root(a), a.powf(0.2), 2.0, &format!("{a}"));
        }
        assert!(fifth_root(-1.0).is_nan() && fifth_root(2.0).is_nan());
    }
}
