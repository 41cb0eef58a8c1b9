//! Values as the API server and kubectl print them: canonical quantities and probe
//! descriptions (shared by `-o yaml` and `describe`).

use crate::engine::model::{IntOrString, Probe, Quantity};

/// A quantity in the API server's canonical form (`0.5` → `500m`, `1000m` → `1`,
/// `1.5Gi` → `1536Mi`, `2000` → `2k`), as `Quantity.String()` prints it after a round trip.
pub fn canonical_quantity(q: &Quantity) -> String {
    let text = q.text.trim();
    let binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].iter().any(|suf| text.ends_with(suf));
    let exponent = text.contains(['e', 'E']) && !binary;
    let milli = q.milli;
    if milli == 0 {
        return "0".into();
    }
    let neg = milli < 0;
    let m = milli.unsigned_abs();
    let sign = if neg { "-" } else { "" };
    if binary && m.is_multiple_of(1000) && m / 1000 >= 1024 {
        let mut bytes = m / 1000;
        let mut k = 0;
        while k < 6 && bytes.is_multiple_of(1024) {
            bytes /= 1024;
            k += 1;
        }
        let suffix = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k];
        return format!("{sign}{bytes}{suffix}");
    }
    // DecimalSI / DecimalExponent: mantissa × 10^(3k), k chosen as large as keeps it integral.
    let mut mant = m;
    let mut exp: i32 = -3;
    while mant.is_multiple_of(1000) && exp < 18 {
        mant /= 1000;
        exp += 3;
    }
    if exponent {
        return if exp == 0 { format!("{sign}{mant}") } else { format!("{sign}{mant}e{exp}") };
    }
    let suffix = match exp {
        -3 => "m",
        0 => "",
        3 => "k",
        6 => "M",
        9 => "G",
        12 => "T",
        15 => "P",
        _ => "E",
    };
    format!("{sign}{mant}{suffix}")
}

pub(super) fn probe_defaults(p: &Probe) -> (i32, i32, i32, i32, i32) {
    // 0 = "not written": validation rejects explicit zeros for these fields, so 0 can only
    // mean the field was absent, and the API server's default applies.
    let or = |v: i32, d: i32| if v <= 0 { d } else { v };
    (
        p.initial_delay_seconds.max(0),
        or(p.timeout_seconds, 1),
        or(p.period_seconds, 10),
        or(p.success_threshold, 1),
        or(p.failure_threshold, 3),
    )
}

/// The probe's described form, `kubectl describe`'s `DescribeProbe`:
/// `http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`.
pub fn describe_probe(p: &Probe) -> String {
    let (delay, timeout, period, success, failure) = probe_defaults(p);
    let attrs = format!(
        "delay={delay}s timeout={timeout}s period={period}s #success={success} #failure={failure}"
    );
    if let Some(cmd) = &p.exec {
        return format!("exec [{}] {attrs}", cmd.join(" "));
    }
    if let Some(h) = &p.http_get {
        let scheme = h.scheme.as_deref().unwrap_or("HTTP").to_lowercase();
        let host = h.host.as_deref().unwrap_or("");
        let port = ios(&h.port);
        let path = if h.path.is_empty() {
            "/".to_string()
        } else if h.path.starts_with('/') {
            h.path.clone()
        } else {
            format!("/{}", h.path)
        };
        return format!("http-get {scheme}://{host}:{port}{path} {attrs}");
    }
    if let Some(port) = &p.tcp_socket {
        return format!("tcp-socket :{} {attrs}", ios(port));
    }
    if let Some(port) = p.grpc {
        return format!("grpc <pod>:{port}  {attrs}");
    }
    format!("unknown {attrs}")
}

fn ios(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(i) => i.to_string(),
        IntOrString::String(s) => s.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str, milli: i128) -> Quantity {
        Quantity { text: text.into(), milli }
    }

    #[test]
    fn quantities_print_in_canonical_form() {
        assert_eq!(canonical_quantity(&q("0.5", 500)), "500m");
        assert_eq!(canonical_quantity(&q("1000m", 1000)), "1");
        assert_eq!(canonical_quantity(&q("100m", 100)), "100m");
        assert_eq!(canonical_quantity(&q("3", 3000)), "3");
        assert_eq!(canonical_quantity(&q("64Mi", 64 * 1024 * 1024 * 1000)), "64Mi");
        assert_eq!(canonical_quantity(&q("1.5Gi", 1536 * 1024 * 1024 * 1000)), "1536Mi");
        assert_eq!(canonical_quantity(&q("1024Mi", 1024 * 1024 * 1024 * 1000)), "1Gi");
        assert_eq!(canonical_quantity(&q("2000", 2_000_000)), "2k");
        assert_eq!(canonical_quantity(&q("128974848", 128_974_848_000)), "128974848");
    }
}
