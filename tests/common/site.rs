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
    /// The body of a POST (an uploaded file's form), empty otherwise.
    pub body: Vec<u8>,
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
    let mut length = 0_usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("cookie") {
                cookie = Some(value.trim().to_owned());
            } else if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
    }
    if path.is_empty() {
        return;
    }
    let mut body = vec![0_u8; length.min(16 << 20)];
    if std::io::Read::read_exact(&mut reader, &mut body).is_err() {
        body.clear();
    }
    log.lock().unwrap().push(Request {
        path: path.clone(),
        cookie,
        body,
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
    // `/pdf/NAME` is a one-page PDF titled "Attestation Borne" that the browser saves as NAME.
    if let Some(name) = path.strip_prefix("/pdf/") {
        let body = pdf("Attestation Borne");
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"{name}\"\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let mut stream = stream;
        stream.write_all(response.as_bytes()).ok();
        stream.write_all(&body).ok();
        return;
    }
    // `/upload` is a job site's form: the whole page is its "choose a file" button, and the
    // file chosen is sent at once to `/uploaded`.
    let script = if path == "/upload" {
        "<form method=post enctype=multipart/form-data action=/uploaded>\
         <input type=file name=cv onchange='this.form.submit()' \
         style='display:block;width:95vw;height:80vh;font-size:48px'></form>"
    } else if path == "/look" {
        // `/look` is a white page with a blue square of 200 by 200 CSS pixels: how large and in
        // which colours the browser draws pages.
        "<div style='width:200px;height:200px;background:#0000ff'></div>"
    } else if path == "/type" {
        // `/type` is a text field that has the keyboard; what is typed in it becomes the
        // page's title ("Tapé ..."), which the window's title shows.
        "<input autofocus style='font-size:40px;width:90vw' \
         oninput=\"document.title='Tapé '+this.value\">"
    } else if path == "/mailto" {
        // `/mailto` opens an e-mail link by itself, as a "contact us" page can.
        "<a id=m href='mailto:someone@example.org'>mail</a><script>location.href='mailto:someone@example.org';document.getElementById('m').click();</script>"
    } else {
        ""
    };
    let body = format!("<!doctype html><title>Test {path}</title><h1>Page {path}</h1>{script}");
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nSet-Cookie: borne_visit=1; Path=/\r\nCache-Control: no-store\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = stream;
    stream.write_all(response.as_bytes()).ok();
}

/// A valid one-page PDF whose document title is `title` (a browser shows it as the tab's).
pub fn pdf(title: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        {
            let text = format!("BT /F1 36 Tf 72 700 Td ({title}) Tj ET");
            format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len())
        },
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
        format!("<< /Title ({title}) >>"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}
