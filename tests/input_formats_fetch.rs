//! `--fetch` against a small HTTP server on 127.0.0.1 started by the test (no other network):
//! a photo downloaded, then read from the cache; a 404, a page that is not an image, a redirect
//! loop, a body over the size limit, bytes that are not an image and a server too slow, each an
//! error naming the post and the address; local addresses refused unless allowed.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Serves the test's paths; counts the requests for `/photo.jpg`.
fn serve(photo: Vec<u8>) -> (u16, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let photo = Arc::new(photo);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (photo, hits) = (photo.clone(), counted.clone());
            std::thread::spawn(move || answer(stream, &photo, &hits));
        }
    });
    (port, hits)
}

fn answer(mut stream: TcpStream, photo: &[u8], hits: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    // The rest of the head.
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let head = |status: &str, kind: &str, len: usize| {
        format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {len}\r\nConnection: close\r\n\r\n")
    };
    let _ = match path.as_str() {
        "/photo.jpg" => {
            hits.fetch_add(1, Ordering::SeqCst);
            stream
                .write_all(head("200 OK", "image/jpeg", photo.len()).as_bytes())
                .and_then(|_| stream.write_all(photo))
        }
        "/missing.jpg" => stream.write_all(head("404 Not Found", "text/plain", 0).as_bytes()),
        "/page.jpg" => stream.write_all(
            (head("200 OK", "text/html", 13) + "<html></html>").as_bytes(),
        ),
        "/fake.jpg" => stream.write_all((head("200 OK", "image/jpeg", 5) + "hello").as_bytes()),
        "/loop.jpg" => stream.write_all(
            b"HTTP/1.1 302 Found\r\nLocation: /loop.jpg\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        ),
        "/big.jpg" => {
            let len = 65 << 20;
            let chunk = vec![0xFFu8; 1 << 16];
            let mut r = stream.write_all(head("200 OK", "image/jpeg", len).as_bytes());
            for _ in 0..(len >> 16) {
                if r.is_err() {
                    break;
                }
                r = stream.write_all(&chunk);
            }
            r
        }
        "/slow.jpg" => {
            std::thread::sleep(Duration::from_secs(4));
            stream.write_all(head("200 OK", "image/jpeg", photo.len()).as_bytes())
        }
        _ => stream.write_all(head("404 Not Found", "text/plain", 0).as_bytes()),
    };
}

/// A WordPress collection whose posts' featured photos are the server's paths.
fn posts(port: u16, paths: &[&str]) -> String {
    let posts: Vec<serde_json::Value> = paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            serde_json::json!({
                "slug": format!("post-{i}"),
                "title": {"rendered": format!("خبر {i}")},
                "content": {"rendered": "<p>نص الخبر.</p>"},
                "_embedded": {"wp:featuredmedia": [{
                    "source_url": format!("http://127.0.0.1:{port}{path}"),
                    "alt_text": "صورة"
                }]}
            })
        })
        .collect();
    serde_json::Value::Array(posts).to_string()
}

/// Runs `sahifa check` with `--fetch` and returns the exit code and each problem as
/// `location: message`.
fn check(dir: &std::path::Path, extra: &[&str]) -> (Option<i32>, Vec<String>) {
    let cache = dir.join("cache");
    let mut args = vec![
        "check",
        "posts.json",
        "--json",
        "--keep-going",
        "--fetch",
        "--fetch-timeout",
        "2",
        "--fetch-cache",
        cache.to_str().unwrap(),
    ];
    args.extend(extra);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_sahifa"))
        .args(&args)
        .current_dir(dir)
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let problems = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["errors"].as_array().unwrap())
        .map(|p| {
            format!(
                "{}: {}",
                p["location"].as_str().unwrap_or(""),
                p["message"].as_str().unwrap()
            )
        })
        .collect();
    (o.status.code(), problems)
}

#[test]
fn fetch_downloads_caches_and_refuses_each_bad_answer_clearly() {
    let photo = std::fs::read(root().join("tests/data/photos/grace_hopper.jpg")).unwrap();
    let (port, hits) = serve(photo);
    let dir = tempfile::tempdir().unwrap();
    let paths = [
        "/photo.jpg",
        "/missing.jpg",
        "/page.jpg",
        "/loop.jpg",
        "/big.jpg",
        "/fake.jpg",
        "/slow.jpg",
    ];
    std::fs::write(dir.path().join("posts.json"), posts(port, &paths)).unwrap();

    // Local addresses are refused unless allowed.
    let (code, problems) = check(dir.path(), &[]);
    assert_eq!(code, Some(2), "{problems:?}");
    assert!(
        problems[0].contains("is on this machine or a private network (127.0.0.1)"),
        "{problems:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 0);

    let (code, mut problems) = check(dir.path(), &["--fetch-allow-local"]);
    assert_eq!(code, Some(1), "the good post is published: {problems:?}");
    problems.sort();
    let url = |path: &str| format!("`http://127.0.0.1:{port}{path}`");
    let expected = [
        format!(
            "posts[1].image.src: {}: the server answered HTTP 404 Not Found",
            url("/missing.jpg")
        ),
        format!(
            "posts[2].image.src: {}: the server sent `text/html`, not an image",
            url("/page.jpg")
        ),
        format!(
            "posts[3].image.src: {}: more than 5 redirects",
            url("/loop.jpg")
        ),
        format!(
            "posts[4].image.src: {}: the photo is over the 64 MiB limit",
            url("/big.jpg")
        ),
        format!(
            "posts[5].image.src: {}: what the server sent is not an image (its first bytes)",
            url("/fake.jpg")
        ),
    ];
    assert_eq!(problems.len(), 6, "{problems:?}");
    assert_eq!(problems[..5], expected, "{problems:?}");
    assert!(
        problems[5].starts_with(&format!(
            "posts[6].image.src: {}: the download failed",
            url("/slow.jpg")
        )),
        "{problems:?}"
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);

    // Again: the photo comes from the cache.
    std::fs::write(dir.path().join("posts.json"), posts(port, &["/photo.jpg"])).unwrap();
    let (code, problems) = check(dir.path(), &["--fetch-allow-local"]);
    assert_eq!(code, Some(0), "{problems:?}");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        1,
        "read from the cache, not downloaded again"
    );
}
