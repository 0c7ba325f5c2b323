//! The SSRF guard for webhook calls.
//!
//! Creating a webhook checks only its scheme and method; the guard acts when
//! a webhook executes. It checks the addresses a host name resolves to, in
//! the resolver that the HTTP client connects with ([`GuardedResolver`]), so
//! the address checked is the address connected to: a name that resolves
//! to a public address at check time and to a private one at connect time
//! cannot slip through. IP literals never reach a resolver and are checked
//! before the request is sent. Redirects and proxies are off.
//!
//! Loopback, link-local (which holds the cloud metadata address
//! 169.254.169.254), unspecified, multicast and known metadata addresses are
//! always refused. Private ranges (RFC 1918, carrier-grade NAT, IPv6 unique
//! local) are refused unless `[broker.webhooks] allow` lists the host or a
//! CIDR holding the address. Loopback can be opened only by the explicit
//! test switch `allow-loopback`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// The setting named in refusals.
pub const ALLOW_SETTING: &str = "[broker.webhooks] allow (SHIPGATE_WEBHOOKS_ALLOW)";
/// The test-only switch named in loopback refusals.
pub const LOOPBACK_SETTING: &str =
    "--webhooks-allow-loopback (for tests and local development only)";

/// One `allow` entry: a host name or an address range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowEntry {
    Host(String),
    Cidr(IpAddr, u8),
}

impl std::str::FromStr for AllowEntry {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("an empty webhook allow entry".into());
        }
        if let Some((addr, bits)) = s.split_once('/') {
            let ip: IpAddr = addr
                .parse()
                .map_err(|_| format!("`{s}` is not a CIDR such as 10.1.0.0/16"))?;
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let bits: u8 = bits
                .parse()
                .ok()
                .filter(|b| *b <= max)
                .ok_or_else(|| format!("`{s}`: the prefix length must be 0 to {max}"))?;
            return Ok(AllowEntry::Cidr(ip, bits));
        }
        if let Ok(ip) = s.parse::<IpAddr>() {
            let bits = if ip.is_ipv4() { 32 } else { 128 };
            return Ok(AllowEntry::Cidr(ip, bits));
        }
        if !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        {
            return Err(format!("`{s}` is neither a host name nor a CIDR"));
        }
        Ok(AllowEntry::Host(
            s.trim_end_matches('.').to_ascii_lowercase(),
        ))
    }
}

fn in_cidr(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// What kind of address this is, for the guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Public,
    /// Refused unless allow-listed; the range it is in.
    Private(&'static str),
    /// Always refused (loopback is refused unless the test switch is on).
    Loopback,
    Forbidden(&'static str),
}

/// Unwrap IPv4-mapped and IPv4-compatible IPv6 addresses.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => ip,
        },
        v4 => v4,
    }
}

pub fn classify(ip: IpAddr) -> Class {
    match canonical(ip) {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Class {
    let o = ip.octets();
    if ip.is_loopback() {
        return Class::Loopback;
    }
    if ip.is_unspecified() || o[0] == 0 {
        return Class::Forbidden("unspecified (0.0.0.0/8)");
    }
    if ip == Ipv4Addr::new(169, 254, 169, 254) || ip == Ipv4Addr::new(100, 100, 100, 200) {
        return Class::Forbidden("a cloud metadata address");
    }
    if ip.is_link_local() {
        return Class::Forbidden("link-local (169.254.0.0/16)");
    }
    if ip.is_multicast() || ip.is_broadcast() || o[0] >= 240 {
        return Class::Forbidden("multicast, broadcast or reserved");
    }
    if o[0] == 10 {
        return Class::Private("10.0.0.0/8");
    }
    if o[0] == 172 && (16..=31).contains(&o[1]) {
        return Class::Private("172.16.0.0/12");
    }
    if o[0] == 192 && o[1] == 168 {
        return Class::Private("192.168.0.0/16");
    }
    if o[0] == 100 && (64..=127).contains(&o[1]) {
        return Class::Private("100.64.0.0/10 (carrier-grade NAT)");
    }
    if o[0] == 198 && (o[1] == 18 || o[1] == 19) {
        return Class::Private("198.18.0.0/15 (benchmarking)");
    }
    Class::Public
}

fn classify_v6(ip: Ipv6Addr) -> Class {
    let s = ip.segments();
    if ip.is_loopback() {
        return Class::Loopback;
    }
    if ip.is_unspecified() {
        return Class::Forbidden("unspecified (::)");
    }
    if ip == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254) {
        return Class::Forbidden("a cloud metadata address");
    }
    if s[0] & 0xffc0 == 0xfe80 {
        return Class::Forbidden("link-local (fe80::/10)");
    }
    if s[0] & 0xff00 == 0xff00 {
        return Class::Forbidden("multicast (ff00::/8)");
    }
    if s[0] & 0xfe00 == 0xfc00 {
        return Class::Private("fc00::/7 (unique local)");
    }
    // IPv4-compatible (deprecated) and NAT64 forms of IPv4 addresses.
    if s[0] == 0 && s[1] == 0 && s[2] == 0 && s[3] == 0 && s[4] == 0 && s[5] == 0 {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return classify_v4(v4);
    }
    if s[0] == 0x64 && s[1] == 0xff9b {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return classify_v4(v4);
    }
    Class::Public
}

/// The guard's settings.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    pub allow: Vec<AllowEntry>,
    pub allow_loopback: bool,
}

impl Guard {
    /// `Ok` when `ip` (resolved from `host`) may be called; otherwise the
    /// refusal, naming the setting that would permit it.
    pub fn check(&self, host: &str, ip: IpAddr) -> Result<(), String> {
        let host_lc = host.trim_end_matches('.').to_ascii_lowercase();
        let listed = || {
            self.allow.iter().any(|e| match e {
                AllowEntry::Host(h) => *h == host_lc,
                AllowEntry::Cidr(net, bits) => in_cidr(canonical(ip), canonical(*net), *bits),
            })
        };
        match classify(ip) {
            Class::Public => Ok(()),
            Class::Private(range) => {
                if listed() {
                    Ok(())
                } else {
                    Err(format!(
                        "refused to call {host} ({ip}): the address is in the private range {range}; \
                         add the host or a CIDR holding it to {ALLOW_SETTING} to allow it"
                    ))
                }
            }
            Class::Loopback => {
                if self.allow_loopback {
                    Ok(())
                } else {
                    Err(format!(
                        "refused to call {host} ({ip}): webhooks never call loopback addresses \
                         (only {LOOPBACK_SETTING} permits it; {ALLOW_SETTING} does not)"
                    ))
                }
            }
            Class::Forbidden(what) => Err(format!(
                "refused to call {host} ({ip}): webhooks never call {what} addresses, whatever {ALLOW_SETTING} says"
            )),
        }
    }
}

/// A DNS resolver for the webhook HTTP client that drops every address the
/// guard refuses; when none is left the connection fails with the reasons.
#[derive(Debug, Clone)]
pub struct GuardedResolver {
    pub guard: Arc<Guard>,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let guard = self.guard.clone();
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> {
                    format!("cannot resolve {host}: {e}").into()
                })?
                .collect();
            let mut allowed = Vec::new();
            let mut refusals = Vec::new();
            for a in addrs {
                match guard.check(&host, a.ip()) {
                    Ok(()) => allowed.push(a),
                    Err(e) => refusals.push(e),
                }
            }
            if allowed.is_empty() {
                let why = if refusals.is_empty() {
                    format!("{host} resolves to no address")
                } else {
                    refusals.join("; ")
                };
                return Err(why.into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_are_classified() {
        assert_eq!(classify(ip("127.0.0.1")), Class::Loopback);
        assert_eq!(classify(ip("::1")), Class::Loopback);
        assert_eq!(classify(ip("::ffff:127.0.0.1")), Class::Loopback);
        assert!(matches!(
            classify(ip("169.254.169.254")),
            Class::Forbidden(_)
        ));
        assert!(matches!(classify(ip("169.254.1.1")), Class::Forbidden(_)));
        assert!(matches!(classify(ip("fe80::1")), Class::Forbidden(_)));
        assert!(matches!(classify(ip("fd00:ec2::254")), Class::Forbidden(_)));
        assert!(matches!(classify(ip("0.0.0.0")), Class::Forbidden(_)));
        assert!(matches!(
            classify(ip("::ffff:169.254.169.254")),
            Class::Forbidden(_)
        ));
        assert!(matches!(classify(ip("10.1.2.3")), Class::Private(_)));
        assert!(matches!(classify(ip("172.20.0.1")), Class::Private(_)));
        assert!(matches!(classify(ip("192.168.1.1")), Class::Private(_)));
        assert!(matches!(classify(ip("fd12::1")), Class::Private(_)));
        assert!(matches!(classify(ip("::ffff:10.0.0.1")), Class::Private(_)));
        assert_eq!(classify(ip("172.32.0.1")), Class::Public);
        assert_eq!(classify(ip("93.184.216.34")), Class::Public);
        assert_eq!(classify(ip("2606:4700::1111")), Class::Public);
    }

    #[test]
    fn the_allow_list_opens_private_ranges_only() {
        let guard = Guard {
            allow: vec![
                "jenkins.internal".parse().unwrap(),
                "10.1.0.0/16".parse().unwrap(),
            ],
            allow_loopback: false,
        };
        assert!(guard.check("jenkins.internal", ip("192.168.9.9")).is_ok());
        assert!(guard.check("other", ip("10.1.200.3")).is_ok());
        let err = guard.check("other", ip("10.2.0.1")).unwrap_err();
        assert!(err.contains("[broker.webhooks] allow"), "{err}");
        // Never loopback, link-local or metadata, even when listed.
        let listed = Guard {
            allow: vec![
                "127.0.0.0/8".parse().unwrap(),
                "169.254.0.0/16".parse().unwrap(),
                "localhost".parse().unwrap(),
            ],
            allow_loopback: false,
        };
        assert!(listed
            .check("localhost", ip("127.0.0.1"))
            .unwrap_err()
            .contains("loopback"));
        assert!(listed.check("x", ip("169.254.169.254")).is_err());
        let test = Guard {
            allow: vec![],
            allow_loopback: true,
        };
        assert!(test.check("localhost", ip("127.0.0.1")).is_ok());
        assert!(test.check("x", ip("169.254.169.254")).is_err());
    }

    #[test]
    fn allow_entries_parse() {
        assert_eq!(
            "10.0.0.0/8".parse(),
            Ok(AllowEntry::Cidr(ip("10.0.0.0"), 8))
        );
        assert_eq!(
            "Jenkins.Corp.".parse(),
            Ok(AllowEntry::Host("jenkins.corp".into()))
        );
        assert!("10.0.0.0/33".parse::<AllowEntry>().is_err());
        assert!("http://x".parse::<AllowEntry>().is_err());
    }
}
