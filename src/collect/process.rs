//! Running a collector's command: no shell, a given environment, a time limit, bounded output.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The most a collector may print; more is a failure rather than a full disk.
pub const MAX_OUTPUT_BYTES: u64 = 256 * 1024 * 1024;

/// How often a running command is polled for having finished.
const POLL: Duration = Duration::from_millis(20);

/// After a kill, how long to wait for the output pipes to close (a grandchild may hold them).
const DRAIN_AFTER_KILL: Duration = Duration::from_secs(2);

/// What a finished (or stopped) command left.
#[derive(Debug)]
pub struct Finished {
    /// The exit code; none when killed by a signal or on timeout.
    pub status: Option<i32>,
    pub timed_out: bool,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Run `argv` in `dir` with exactly `env`, stopping it after `timeout`. An error is a sentence
/// for the user (the program could not start, or printed more than the limit).
pub fn run(
    argv: &[OsString],
    dir: &Path,
    env: &[(String, OsString)],
    timeout: Duration,
) -> Result<Finished, String> {
    let program = argv[0].to_string_lossy().into_owned();
    let mut child = Command::new(&argv[0])
        .args(&argv[1..])
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                format!("`{program}` is not installed (not found on PATH); nothing written")
            }
            _ => format!("`{program}` could not be started: {e}; nothing written"),
        })?;
    let stdout = drain(
        child.stdout.take().expect("stdout is piped"),
        MAX_OUTPUT_BYTES,
    );
    let stderr = drain(child.stderr.take().expect("stderr is piped"), 64 * 1024);
    let started = Instant::now();
    let (status, timed_out) = loop {
        match child.try_wait() {
            Ok(Some(status)) => break (status.code(), false),
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break (None, true);
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(e) => return Err(format!("waiting for `{program}` failed: {e}")),
        }
    };
    let wait = if timed_out {
        DRAIN_AFTER_KILL
    } else {
        // The command exited; its output is complete once the pipes close.
        Duration::from_secs(30)
    };
    let stdout = stdout.recv_timeout(wait).unwrap_or(Ok(Vec::new()));
    let stderr = stderr
        .recv_timeout(wait)
        .unwrap_or(Ok(Vec::new()))
        .unwrap_or_default();
    let stdout = match stdout {
        Ok(bytes) => bytes,
        Err(TooMuch) => {
            return Err(format!(
                "`{program}` printed more than {} MiB; nothing written",
                MAX_OUTPUT_BYTES / (1024 * 1024)
            ));
        }
    };
    Ok(Finished {
        status,
        timed_out,
        stdout,
        stderr,
    })
}

/// The first line a version command prints (on stdout, else stderr), within 10 seconds.
pub fn version_line(argv: &[OsString], dir: &Path, env: &[(String, OsString)]) -> Option<String> {
    let finished = run(argv, dir, env, Duration::from_secs(10)).ok()?;
    if finished.timed_out {
        return None;
    }
    [finished.stdout, finished.stderr].iter().find_map(|bytes| {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| l.chars().take(200).collect())
    })
}

#[derive(Debug)]
struct TooMuch;

/// Read a pipe to its end on its own thread (so neither pipe can fill and block the child),
/// keeping at most `limit` bytes.
fn drain(
    mut pipe: impl Read + Send + 'static,
    limit: u64,
) -> mpsc::Receiver<Result<Vec<u8>, TooMuch>> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let read = (&mut pipe).take(limit + 1).read_to_end(&mut kept);
        let result = match read {
            Ok(_) if kept.len() as u64 > limit => {
                // Keep reading (and discarding) so that the command is not blocked on a full
                // pipe; its output is refused anyway.
                let _ = std::io::copy(&mut pipe, &mut std::io::sink());
                Err(TooMuch)
            }
            _ => Ok(kept),
        };
        let _ = tx.send(result);
    });
    rx
}
