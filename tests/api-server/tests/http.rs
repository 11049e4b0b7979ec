//! The server over real sockets: faults, admin routes, static files, no CORS.

use authentik_local_api::api::{ApiState, DEMO_ADMIN_TOKEN};
use authentik_local_api::server::{serve, Options, Shared};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn start(static_dir: Option<PathBuf>) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let shared = Arc::new(Mutex::new(Shared::new(ApiState::demo())));
            let _ = serve(listener, shared, Options { static_dir, ..Default::default() }).await;
        });
    });
    rx.recv().unwrap()
}

/// Sends one raw HTTP/1.1 request; returns the whole answer (empty if the server hung up).
fn raw(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

fn status(answer: &str) -> u16 {
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

const AUTH: (&str, &str) = ("Authorization", "Bearer demo-admin-token-4dm1n");

#[test]
fn api_answers_without_cors_headers() {
    assert_eq!(AUTH.1, format!("Bearer {DEMO_ADMIN_TOKEN}"));
    let addr = start(None);
    let answer =
        raw(addr, "GET", "/api/v3/flows/instances/?page_size=1", &[AUTH, ("Origin", "http://evil.example")], "");
    assert_eq!(status(&answer), 200, "{answer}");
    assert!(!answer.to_ascii_lowercase().contains("access-control-allow"), "{answer}");
    assert!(answer.contains("\"pagination\""));
}

#[test]
fn header_faults() {
    let addr = start(None);
    let dropped = raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH, ("X-Fault", "drop")], "");
    assert_eq!(dropped, "", "a dropped connection sends nothing");
    let answer = raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH, ("X-Fault", "500")], "");
    assert_eq!(status(&answer), 500);
    assert!(answer.contains("Server Error (500)"));
    let answer = raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH, ("X-Fault", "malformed")], "");
    assert_eq!(status(&answer), 200);
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    assert!(serde_json::from_str::<serde_json::Value>(body).is_err(), "{body}");
    let t = Instant::now();
    let answer = raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH, ("X-Fault", "delay=300")], "");
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(status(&answer), 200);
}

#[test]
fn queued_faults_request_log_and_reset() {
    let addr = start(None);
    let answer = raw(
        addr,
        "POST",
        "/__admin/faults",
        &[],
        r#"{"kind":"status","status":502,"path":"/flows/instances/","times":1}"#,
    );
    assert_eq!(status(&answer), 201, "{answer}");
    assert_eq!(status(&raw(addr, "GET", "/api/v3/core/users/me/", &[AUTH], "")), 200);
    assert_eq!(status(&raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH], "")), 502);
    assert_eq!(status(&raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH], "")), 200);
    let log = raw(addr, "GET", "/__admin/requests", &[], "");
    assert_eq!(log.matches("\"path\":\"/api/v3/flows/instances/\"").count(), 2, "{log}");
    assert!(!log.contains(DEMO_ADMIN_TOKEN), "the log never holds the token");

    // Rotating tokens invalidates the old one.
    let answer = raw(addr, "PUT", "/__admin/tokens", &[], r#"{"rotated-token":"admin"}"#);
    assert_eq!(status(&answer), 200, "{answer}");
    let answer = raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH], "");
    assert_eq!(status(&answer), 403);
    assert!(answer.contains("Token invalid/expired"));
    assert_eq!(status(&raw(addr, "POST", "/__admin/reset", &[], "")), 200);
    assert_eq!(status(&raw(addr, "GET", "/api/v3/flows/instances/", &[AUTH], "")), 200);
}

#[test]
fn a_fault_after_the_request_loses_only_its_answer() {
    let addr = start(None);
    let binding = "/api/v3/flows/bindings/4d99a076-2db3-4bd7-9cb5-c5a68bb8531e/";
    let fault = r#"{"kind":"drop","path":"/flows/bindings/4d99a076","after":true}"#;
    assert_eq!(status(&raw(addr, "POST", "/__admin/faults", &[], fault)), 201);
    let json = ("Content-Type", "application/json");
    assert_eq!(raw(addr, "PATCH", binding, &[AUTH, json], r#"{"order":42}"#), "", "the answer is lost");
    let answer = raw(addr, "GET", binding, &[AUTH], "");
    assert!(answer.contains("\"order\":42"), "the write was carried out: {answer}");
}

#[test]
fn static_files_with_spa_fallback() {
    /// Removes the files when the test ends, passed or failed (each run used to leave one).
    struct TempDir(std::path::PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let dir = std::env::temp_dir().join(format!("akfui-static-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let _cleanup = TempDir(dir.clone());
    std::fs::write(dir.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dir.join("app.wasm"), [0u8, 97, 115, 109]).unwrap();
    let addr = start(Some(dir));
    let answer = raw(addr, "GET", "/flows/default-authentication-flow?x=1", &[], "");
    assert_eq!(status(&answer), 200);
    assert!(answer.contains("<title>app</title>"));
    assert!(answer
        .to_ascii_lowercase()
        .contains("content-security-policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval'"));
    let answer = raw(addr, "GET", "/app.wasm", &[], "");
    assert!(answer.to_ascii_lowercase().contains("content-type: application/wasm"));
    assert_eq!(status(&raw(addr, "GET", "/missing.js", &[], "")), 404);
    assert_eq!(status(&raw(addr, "GET", "/../etc/passwd.txt", &[], "")), 404);
}
