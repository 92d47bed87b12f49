//! Durations as authors write them (`"20m"`, `"1h30m"`, `"90s"`), read into seconds.

/// `"1h30m"`, `"20m"`, `"90s"`, `"1h 5m 30s"`: each unit at most once, in that order.
pub fn parse_duration(text: &str) -> Option<u32> {
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    let mut total: u32 = 0;
    for (unit, seconds) in [('h', 3600), ('m', 60), ('s', 1)] {
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 || !rest[digits..].starts_with(unit) {
            continue;
        }
        let n: u32 = rest[..digits].parse().ok()?;
        total = total.checked_add(n.checked_mul(seconds)?)?;
        rest = rest[digits + 1..].trim_start();
    }
    rest.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations_are_read_in_hours_minutes_and_seconds() {
        for (text, seconds) in [
            ("20m", Some(1200)),
            ("1h30m", Some(5400)),
            ("1h 5m 30s", Some(3930)),
            (" 90s ", Some(90)),
            ("2h", Some(7200)),
            ("20", None),
            ("20 min", None),
            ("m", None),
            ("30m1h", None),
            ("", None),
            ("99999999999h", None),
        ] {
            assert_eq!(parse_duration(text), seconds, "{text:?}");
        }
    }
}
