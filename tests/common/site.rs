//! A tiny web site on 127.0.0.1 that logs every request it receives, so tests assert on what
//! the browser really asked for rather than on pixels.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request the site received.
#[derive(Clone, Debug)]
pub struct Request {
    /// The path, e.g. `/france-travail`.
    pub path: String,
    /// The `Cookie` header, if any.
    pub cookie: Option<String>,
}

/// A web site serving every path with a small page that sets a cookie.
pub struct TestSite {
    ip: String,
    port: u16,
    log: Arc<Mutex<Vec<Request>>>,
}

impl TestSite {
    /// Starts the site on 127.0.0.1 on a free port.
    pub fn start() -> Self {
        Self::start_on("127.0.0.1")
    }

    /// Starts the site on a loopback address (`127.0.0.2`...) on a free port.
    pub fn start_on(ip: &str) -> Self {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Self {
            ip: ip.to_owned(),
            port,
            log,
        }
    }

    /// The URL of `path` on this site.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.authority())
    }

    /// `ip:port` of the site.
    pub fn authority(&self) -> String {
        format!("{}:{}", self.ip, self.port)
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        self.log.lock().unwrap().clone()
    }

    /// Waits up to `limit` for a request of `path`; returns it.
    pub fn wait_for(&self, path: &str, limit: Duration) -> Option<Request> {
        let until = Instant::now() + limit;
        loop {
            if let Some(request) = self.requests().into_iter().find(|r| r.path == path) {
                return Some(request);
            }
            if Instant::now() > until {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut first = String::new();
    if reader.read_line(&mut first).is_err() {
        return;
    }
    let path = first.split_whitespace().nth(1).unwrap_or("").to_owned();
    let mut cookie = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("cookie")
        {
            cookie = Some(value.trim().to_owned());
        }
    }
    if path.is_empty() {
        return;
    }
    log.lock().unwrap().push(Request {
        path: path.clone(),
        cookie,
    });
    // `/redirect-to/HOST:PORT/PATH` sends the browser elsewhere, as a login page does.
    if let Some(target) = path.strip_prefix("/redirect-to/") {
        let response = format!(
            "HTTP/1.1 302 Found\r\nLocation: http://{target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let mut stream = stream;
        stream.write_all(response.as_bytes()).ok();
        return;
    }
    // `/download/NAME` is a file the browser saves as NAME.
    if let Some(name) = path.strip_prefix("/download/") {
        let body = "un fichier de test\n";
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = stream;
        stream.write_all(response.as_bytes()).ok();
        return;
    }
    // `/mailto` opens an e-mail link by itself, as a "contact us" page can.
    let script = if path == "/mailto" {
        "<a id=m href='mailto:someone@example.org'>mail</a><script>location.href='mailto:someone@example.org';document.getElementById('m').click();</script>"
    } else {
        ""
    };
    let body = format!("<!doctype html><title>Test {path}</title><h1>Page {path}</h1>{script}");
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nSet-Cookie: borne_visit=1; Path=/\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = stream;
    stream.write_all(response.as_bytes()).ok();
}
