//! `authentik-local-api [--host 127.0.0.1] [--port 8080] [--static dist] [--token T]`
//!
//! Serves the demo API and (with `--static`) the built app from one origin.

use authentik_local_api::api::{ApiState, Role, DEMO_ADMIN_TOKEN};
use authentik_local_api::server::{self, Options, Shared};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

const USAGE: &str =
    "usage: authentik-local-api [--host HOST] [--port PORT] [--static DIR] [--token TOKEN] [--max-page-size N]";

struct Args {
    host: String,
    port: u16,
    static_dir: Option<PathBuf>,
    pages: Vec<(String, PathBuf)>,
    token: String,
    max_page_size: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        host: "127.0.0.1".into(),
        port: 8080,
        static_dir: None,
        pages: Vec::new(),
        token: DEMO_ADMIN_TOKEN.into(),
        max_page_size: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value\n{USAGE}"));
        match flag.as_str() {
            "--host" => args.host = value()?,
            "--port" => args.port = value()?.parse().map_err(|e| format!("--port: {e}"))?,
            "--static" => args.static_dir = Some(PathBuf::from(value()?)),
            "--page" => {
                let spec = value()?;
                let (prefix, file) = spec.split_once('=').ok_or(format!("--page wants PREFIX=FILE, got {spec}"))?;
                args.pages.push((prefix.to_string(), PathBuf::from(file)));
            }
            "--token" => args.token = value()?,
            "--max-page-size" => {
                args.max_page_size = Some(value()?.parse().map_err(|e| format!("--max-page-size: {e}"))?)
            }
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut api = ApiState::demo();
    if args.token != DEMO_ADMIN_TOKEN {
        api.tokens.remove(DEMO_ADMIN_TOKEN);
        api.tokens.insert(args.token.clone(), Role::Admin);
    }
    if let Some(max) = args.max_page_size {
        api.max_page_size = max;
    }
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result: std::io::Result<()> = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port)).await?;
        let addr = listener.local_addr()?;
        println!("Local authentik-compatible API with demo data ({} flows)", api.store.flows.len());
        if args.static_dir.is_some() {
            println!("App:   http://{addr}/");
        }
        println!("API:   http://{addr}/api/v3/");
        println!("Token: {}", args.token);
        let shared = Arc::new(Mutex::new(Shared::new(api)));
        let options = Options { static_dir: args.static_dir, pages: args.pages };
        tokio::select! {
            r = server::serve(listener, shared, options) => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}
