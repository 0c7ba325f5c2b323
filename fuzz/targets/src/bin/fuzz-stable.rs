//! The stable-toolchain fallback for machines without nightly (where
//! cargo-fuzz cannot build): a time-boxed, blind mutation harness over the
//! same target bodies and the same seed corpora.
//!
//! `fuzz-stable [--seconds N] [--timeout S] [--rss-limit-mb M] [--seed X] TARGET|all`
//! replays every corpus file of the target, then mutates corpus entries
//! (bit flips, interesting bytes, inserted, deleted and duplicated ranges,
//! splices of two entries, dictionary tokens) until the time is up. A panic,
//! an input that runs longer than `--timeout` or a resident set above
//! `--rss-limit-mb` writes the input to `artifacts/TARGET/` and exits 1.
//!
//! It is weaker than libFuzzer (no coverage feedback), and says so: it
//! prints `executions` per target in the same form as `.ci/fuzz`.

use shipgate_fuzz_targets::TARGETS;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Tokens the mutator inserts: pieces of the formats under test.
const DICTIONARY: &[&str] = &[
    "{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1e999", "\\u0000", "$ref", "#/", "../",
    "allOf", "oneOf", "anyOf", "type", "properties", "items", "required", "paths", "openapi",
    "3.0.0", "3.1.0", "swagger", "2.0", "&a", "*a", "<<: *a", "---", "\n  ", "- ", "!!binary",
    "$$", "E'", "'", "--", "/*", "*/", ";", "CREATE TABLE ", "ALTER TABLE ", "ADD COLUMN ",
    "NOT NULL", "CREATE INDEX ", "CONCURRENTLY", "DO $$ BEGIN ", " END $$;", "BEGIN;", "COMMIT;",
    "interactions", "matchingRules", "\"match\": \"regex\"", "\"regex\": \"", "generators",
    "request", "response", "body", "headers", "query", "metadata", "pactSpecification", "q[]",
    "[pacticipant]", "%5B%5D", "%", "%ZZ", "&", "=", "+",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(4) {
        let len = input.len();
        match rng.below(8) {
            0 if len > 0 => {
                let i = rng.below(len);
                input[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                input[i] = [0, 0xff, 0x7f, 0x80, b'\n', b'"', b'\\', b'{'][rng.below(8)];
            }
            2 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(16);
                let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                input.splice(i..i, bytes);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                input.drain(i..i + n);
            }
            4 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(256));
                let piece = input[i..i + n].to_vec();
                let at = rng.below(input.len() + 1);
                input.splice(at..at, piece);
            }
            5 if !corpus.is_empty() => {
                let other = &corpus[rng.below(corpus.len())];
                let cut = rng.below(len + 1);
                let from = rng.below(other.len() + 1);
                input.truncate(cut);
                input.extend_from_slice(&other[from..]);
            }
            _ => {
                let token = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                let i = rng.below(len + 1);
                input.splice(i..i, token.iter().copied());
            }
        }
        if input.len() > 64 * 1024 {
            input.truncate(64 * 1024);
        }
    }
}

fn rss_mb() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024))
}

fn save(target: &str, kind: &str, input: &[u8]) -> PathBuf {
    let dir = Path::new("artifacts").join(target);
    let _ = std::fs::create_dir_all(&dir);
    let hash = input
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    let path = dir.join(format!("{kind}-{hash:016x}"));
    let _ = std::fs::write(&path, input);
    path
}

struct Settings {
    seconds: u64,
    timeout: u64,
    rss_limit_mb: u64,
    seed: u64,
}

/// Fuzz one target; `Err` names the saved input.
fn run(name: &str, body: fn(&[u8]), settings: &Settings) -> Result<u64, String> {
    let dir = Path::new("corpus").join(name);
    let mut corpus: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .map(|entries| {
            let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
            paths.sort();
            paths
                .into_iter()
                .filter_map(|p| std::fs::read(p).ok())
                .collect()
        })
        .unwrap_or_default();
    if corpus.is_empty() {
        corpus.push(Vec::new());
    }
    // The watchdog sees the input being run and when it started.
    let current: Arc<Mutex<(Instant, Vec<u8>)>> =
        Arc::new(Mutex::new((Instant::now(), Vec::new())));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let watchdog = {
        let current = Arc::clone(&current);
        let done = Arc::clone(&done);
        let (name, timeout, rss_limit) = (
            name.to_string(),
            Duration::from_secs(settings.timeout),
            settings.rss_limit_mb,
        );
        std::thread::spawn(move || {
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let (started, input) = match current.lock() {
                    Ok(g) => (g.0, g.1.clone()),
                    Err(p) => (p.get_ref().0, p.get_ref().1.clone()),
                };
                let kind = if started.elapsed() > timeout {
                    "timeout"
                } else if rss_mb() > rss_limit {
                    "oom"
                } else {
                    continue;
                };
                let path = save(&name, kind, &input);
                eprintln!("{name}: {kind} on input {}", path.display());
                std::process::exit(1);
            }
        })
    };
    let mut rng = Rng(settings.seed | 1);
    let deadline = Instant::now() + Duration::from_secs(settings.seconds);
    let mut executions = 0u64;
    let mut one = |input: &[u8]| -> Result<(), String> {
        if let Ok(mut g) = current.lock() {
            *g = (Instant::now(), input.to_vec());
        }
        executions += 1;
        panic::catch_unwind(AssertUnwindSafe(|| body(input))).map_err(|_| {
            let path = save(name, "crash", input);
            format!("{name}: crash on input {}", path.display())
        })
    };
    let mut result = Ok(());
    for input in &corpus {
        result = one(input);
        if result.is_err() {
            break;
        }
    }
    let mut input = Vec::new();
    while result.is_ok() && Instant::now() < deadline {
        input.clear();
        input.extend_from_slice(&corpus[rng.below(corpus.len())]);
        mutate(&mut rng, &corpus, &mut input);
        result = one(&input);
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = watchdog.join();
    result.map(|()| executions)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut settings = Settings {
        seconds: 30,
        timeout: 10,
        rss_limit_mb: 2048,
        seed: 0x5eed_5eed,
    };
    let mut target = None;
    while let Some(arg) = args.next() {
        let mut number = |flag: &str| -> u64 {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{flag} needs a number"))
        };
        match arg.as_str() {
            "--seconds" => settings.seconds = number("--seconds"),
            "--timeout" => settings.timeout = number("--timeout"),
            "--rss-limit-mb" => settings.rss_limit_mb = number("--rss-limit-mb"),
            "--seed" => settings.seed = number("--seed"),
            other if target.is_none() && !other.starts_with('-') => target = Some(other.to_string()),
            other => {
                eprintln!("fuzz-stable: unexpected argument `{other}`");
                return ExitCode::from(2);
            }
        }
    }
    let target = target.unwrap_or_else(|| "all".to_string());
    let chosen: Vec<_> = TARGETS
        .iter()
        .filter(|(name, _)| target == "all" || *name == target)
        .collect();
    if chosen.is_empty() {
        eprintln!("fuzz-stable: no target `{target}`");
        return ExitCode::from(2);
    }
    // Panics are reported once, by `run`, with the saved input.
    panic::set_hook(Box::new(|info| eprintln!("panic: {info}")));
    for (name, body) in chosen {
        match run(name, *body, &settings) {
            Ok(executions) => println!("{name}: {executions} executions, 0 crashes"),
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(1);
            }
        }
    }
    ExitCode::SUCCESS
}
