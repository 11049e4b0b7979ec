//! Fault injection for tests: queued through `POST /__admin/faults`, or asked for
//! per request with an `X-Fault` header.

use serde::Deserialize;
use serde_json::Value;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Wait `delay_ms`, then answer normally.
    Delay,
    /// Answer with `status` (and `body` if given, else what a real server or proxy sends).
    Status,
    /// Answer 200 with a truncated, unparseable JSON body.
    Malformed,
    /// Close the connection without answering.
    Drop,
    /// Answer 200 with `body` verbatim.
    Body,
}

/// One queued fault.
#[derive(Debug, Clone, Deserialize)]
pub struct Fault {
    pub kind: FaultKind,
    /// Only requests whose path contains this; any `/api/v3/` request if absent.
    #[serde(default)]
    pub path: Option<String>,
    #[serde(default)]
    pub delay_ms: u64,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub body: Option<Value>,
    /// How many matching requests it applies to; 0 means until cleared.
    #[serde(default = "one")]
    pub times: u32,
    /// The request is carried out first (before `delay_ms`) and only its
    /// answer goes wrong (a write whose reply was lost), instead of the
    /// request never arriving. Not for `delay`, which answers normally.
    #[serde(default)]
    pub after: bool,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// Parses the `X-Fault` header: `500`, `502`, `drop`, `malformed` or `delay=300`.
    pub fn from_header(value: &str) -> Option<Fault> {
        let value = value.trim();
        let fault = |kind| Fault { kind, path: None, delay_ms: 0, status: None, body: None, times: 1, after: false };
        if let Some(ms) = value.strip_prefix("delay=") {
            let mut f = fault(FaultKind::Delay);
            f.delay_ms = ms.parse().ok()?;
            return Some(f);
        }
        match value {
            "drop" => Some(fault(FaultKind::Drop)),
            "malformed" => Some(fault(FaultKind::Malformed)),
            code => {
                let mut f = fault(FaultKind::Status);
                f.status = Some(code.parse().ok()?);
                Some(f)
            }
        }
    }

    pub fn matches(&self, path: &str) -> bool {
        self.path.as_deref().is_none_or(|p| path.contains(p))
    }
}

/// Queued faults, consumed in order.
#[derive(Debug, Default)]
pub struct FaultQueue {
    faults: Vec<Fault>,
}

impl FaultQueue {
    pub fn push(&mut self, fault: Fault) {
        self.faults.push(fault);
    }

    pub fn clear(&mut self) {
        self.faults.clear();
    }

    /// The first fault matching `path`, used up once.
    pub fn take(&mut self, path: &str) -> Option<Fault> {
        let index = self.faults.iter().position(|f| f.matches(path))?;
        let fault = self.faults[index].clone();
        match self.faults[index].times {
            0 => {}
            1 => {
                self.faults.remove(index);
            }
            _ => self.faults[index].times -= 1,
        }
        Some(fault)
    }
}

/// The body a real deployment sends for a bare error status.
pub fn default_error_body(status: u16) -> (&'static str, String) {
    match status {
        500 => ("text/html; charset=utf-8", "\n<!doctype html>\n<html lang=\"en\">\n<head>\n  <title>Server Error (500)</title>\n</head>\n<body>\n  <h1>Server Error (500)</h1><p></p>\n</body>\n</html>\n".to_string()),
        502..=504 => (
            "text/html",
            format!("<html>\r\n<head><title>{status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>{status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"),
        ),
        _ => ("application/json; charset=utf-8", format!("{{\"detail\":\"Injected error {status}.\"}}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        assert_eq!(Fault::from_header("500").map(|f| f.status), Some(Some(500)));
        assert_eq!(Fault::from_header("drop").map(|f| f.kind), Some(FaultKind::Drop));
        assert_eq!(Fault::from_header("delay=250").map(|f| f.delay_ms), Some(250));
        assert!(Fault::from_header("nonsense").is_none());
    }

    #[test]
    fn queue_consumes_by_times_and_path() {
        let mut q = FaultQueue::default();
        let mut f = Fault::from_header("500").unwrap();
        f.path = Some("/flows/".into());
        f.times = 2;
        q.push(f);
        assert!(q.take("/api/v3/core/users/me/").is_none());
        assert!(q.take("/api/v3/flows/instances/").is_some());
        assert!(q.take("/api/v3/flows/instances/").is_some());
        assert!(q.take("/api/v3/flows/instances/").is_none());
    }
}
